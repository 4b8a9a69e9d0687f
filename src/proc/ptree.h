/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process tree of one snapshot: parent and child links (children by
 * pid), zombie counts per parent, filters, and the rows to display in
 * pre-order. Built and walked iteratively: a 10,000-deep chain is fine. */
#ifndef ZT_PTREE_H
#define ZT_PTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "snap.h"

struct ptree_node {
	int parent;        /* node index, -1 for a root */
	int first_child;   /* -1 for none */
	int next_sibling;  /* -1 for none */
	int zombies;       /* reapable zombie children */
	int leader_exited; /* children that are exited leaders */
	bool visible;
};

struct ptree_row {
	int node;       /* index into nodes and snap->procs */
	int parent_row; /* row of the nearest shown ancestor, -1 at a root */
	int depth;      /* shown ancestors above this row */
	bool last;      /* last shown child of parent_row */
};

struct ptree_filter {
	const pid_t *pids; /* borrowed; subtrees of these, if npids > 0 */
	size_t npids;
	bool by_uid;
	uid_t uid;
	bool zombies_only; /* zombies, exited leaders and their ancestors */
};

struct ptree {
	const struct snap *snap;  /* borrowed: must outlive the tree */
	struct ptree_node *nodes; /* owned, one per snap->procs entry */
	struct ptree_row *rows;   /* owned, visible nodes in tree order */
	size_t nrows;
	int zombie_parents; /* processes with at least one zombie child */
};

/* filter may be NULL (everything). Returns 0 or -ENOMEM. */
int ptree_build(const struct snap *s, const struct ptree_filter *filter,
    struct ptree **out);
void ptree_free(struct ptree *t);

/* The tree lines in front of row's name ("│  ├─ "), Unicode or ASCII. Past
 * PTREE_DRAW_DEPTH levels only the innermost levels are drawn. */
#define PTREE_DRAW_DEPTH 32
void ptree_prefix(
    const struct ptree *t, size_t row, bool ascii, char *buf, size_t size);

#endif
