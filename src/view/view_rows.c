/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows on screen, built from the tree: in tree order or, in list mode,
 * sorted by the chosen column; a text filter keeps the matches (and, in the
 * tree, their ancestors); collapsed subtrees are left out. */
#include "view_rows.h"
#include "view_time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
sort_rank(const struct view *v, int node)
{
	const struct snap_proc *p = &v->snap->procs[node];

	if (snap_is_zombie(p))
		return 0;
	if (v->tree->nodes[node].zombies > 0)
		return 1;
	return snap_is_leader_exited(p) ? 2 : 3;
}

static int
cmp_num(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_key(const struct view *v, int a, int b)
{
	const struct snap_proc *p = &v->snap->procs[a], *q = &v->snap->procs[b];

	switch (v->sort) {
	case UI_SORT_ZOMBIE:
		if (sort_rank(v, a) != sort_rank(v, b))
			return sort_rank(v, a) - sort_rank(v, b);
		return v->tree->nodes[b].zombies - v->tree->nodes[a].zombies;
	case UI_SORT_USER:
		return strcmp(p->user, q->user);
	case UI_SORT_STATE:
		return p->state - q->state;
	case UI_SORT_AGE: /* oldest zombie first: smallest first-seen */
		return cmp_num(v->zsince[a] ? v->zsince[a] : 1e300,
		    v->zsince[b] ? v->zsince[b] : 1e300);
	case UI_SORT_THR:
		return q->threads - p->threads;
	case UI_SORT_CPU:
		return cmp_num(v->cpu[b], v->cpu[a]);
	case UI_SORT_MEM:
		return cmp_num((double)q->rss_kb, (double)p->rss_kb);
	case UI_SORT_COMMAND:
		return strcmp(*p->cmdline ? p->cmdline : p->comm,
		    *q->cmdline ? q->cmdline : q->comm);
	case UI_SORT_REAP:
		return view_time_reap_cmp(&v->reap[a], &v->reap[b]);
	default:
		return 0;
	}
}

static int
cmp_rows(const void *x, const void *y, void *arg)
{
	const struct view *v = arg;
	int a = ((const struct ptree_row *)x)->node;
	int b = ((const struct ptree_row *)y)->node;
	int c = cmp_key(v, a, b);

	if (c == 0)
		c = cmp_num(v->snap->procs[a].pid, v->snap->procs[b].pid);
	return v->sort_desc ? -c : c;
}

bool
view_rows_match(const struct snap_proc *p, const char *text)
{
	char pid[24];

	if (!text || !*text)
		return false;
	snprintf(pid, sizeof(pid), "%d", (int)p->pid);
	return strcasestr(p->cmdline, text) || strcasestr(p->comm, text) ||
	       strcmp(pid, text) == 0;
}

/* keep[r]: tree row r passes the text filter; in tree mode its ancestors
 * stay too, so the match keeps its place in the tree. */
static void
mark_kept(const struct view *v, unsigned char *keep)
{
	const struct ptree *t = v->tree;

	memset(keep, v->filter[0] ? 0 : 1, t->nrows);
	if (!v->filter[0])
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!view_rows_match(
		        &v->snap->procs[t->rows[r].node], v->filter))
			continue;
		if (v->list_mode) {
			keep[r] = 1;
			continue;
		}
		for (int a = (int)r; a >= 0 && !keep[a];
		     a = t->rows[a].parent_row)
			keep[a] = 1;
	}
}

static void
add_shown(struct view *v, const struct ptree_row *tr, int parent)
{
	struct ptree_row *r = &v->rows[v->nrows];

	r->node = tr->node;
	r->parent_row = v->list_mode ? -1 : parent;
	r->depth = r->parent_row >= 0 ? v->rows[parent].depth + 1 : 0;
	r->last = false;
	v->folded[v->nrows++] = false;
}

static void
mark_last(struct view *v, int *last_of)
{
	int last_root = -1;

	for (size_t r = 0; r < v->nrows; r++) {
		last_of[r] = -1;
		if (v->rows[r].parent_row >= 0)
			last_of[v->rows[r].parent_row] = (int)r;
		else
			last_root = (int)r;
	}
	for (size_t r = 0; r < v->nrows; r++)
		if (last_of[r] >= 0)
			v->rows[last_of[r]].last = true;
	if (last_root >= 0 && !v->list_mode)
		v->rows[last_root].last = true;
}

/* Walks the tree rows in order, skipping filtered rows and the subtrees
 * under collapsed rows (the rows after one that are deeper than it). */
static void
fill_rows(struct view *v, const unsigned char *keep, int *map)
{
	const struct ptree *t = v->tree;
	int hide_depth = -1;

	v->nrows = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct ptree_row *tr = &t->rows[r];
		bool kids =
		    r + 1 < t->nrows && t->rows[r + 1].depth > tr->depth;

		map[r] = -1;
		if (hide_depth >= 0 && tr->depth > hide_depth)
			continue;
		hide_depth = -1;
		if (!keep[r])
			continue;
		map[r] = (int)v->nrows;
		add_shown(
		    v, tr, tr->parent_row >= 0 ? map[tr->parent_row] : -1);
		if (!v->list_mode && kids &&
		    view_is_collapsed(v, &v->snap->procs[tr->node])) {
			v->folded[v->nrows - 1] = true;
			hide_depth = tr->depth;
		}
	}
}

int
view_rows_build(struct view *v)
{
	size_t n = v->tree->nrows ? v->tree->nrows : 1;
	unsigned char *keep = malloc(n);
	int *map = malloc(n * sizeof(*map));
	struct ptree_row *rows = realloc(v->rows, n * sizeof(*rows));
	bool *folded = rows ? realloc(v->folded, n * sizeof(*folded)) : NULL;

	if (rows)
		v->rows = rows;
	if (folded)
		v->folded = folded;
	if (!keep || !map || !rows || !folded) {
		free(keep);
		free(map);
		v->nrows = 0;
		return -ENOMEM;
	}
	mark_kept(v, keep);
	fill_rows(v, keep, map);
	/* The reap statistics change between scans: read at each sort. */
	if (v->list_mode && v->sort == UI_SORT_REAP && view_time_reap(v) < 0)
		v->sort = UI_SORT_ZOMBIE;
	if (v->list_mode)
		qsort_r(v->rows, v->nrows, sizeof(*v->rows), cmp_rows, v);
	mark_last(v, map);
	free(keep);
	free(map);
	return 0;
}
