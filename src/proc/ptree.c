/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tree building over a pid-sorted snapshot: a parent is found by binary
 * search, children are linked in pid order, and every walk uses an explicit
 * stack. Nodes unreachable from a root (a ppid loop in hostile data) are
 * promoted to roots, so every process is shown once. */
#include "ptree.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void
link_nodes(struct ptree *t)
{
	const struct snap *s = t->snap;

	for (size_t i = s->n; i-- > 0;) {
		const struct snap_proc *p = &s->procs[i];
		const struct snap_proc *pp;
		int pi;

		t->nodes[i].parent = -1;
		if (p->ppid == p->pid || !(pp = snap_find(s, p->ppid)))
			continue;
		pi = (int)(pp - s->procs);
		t->nodes[i].parent = pi;
		t->nodes[i].next_sibling = t->nodes[pi].first_child;
		t->nodes[pi].first_child = (int)i;
		if (snap_is_zombie(p))
			t->nodes[pi].zombies++;
		else if (snap_is_leader_exited(p))
			t->nodes[pi].leader_exited++;
	}
}

/* Shows the ancestors of i that are in scope, up to the first shown one
 * (whose own chain is already marked). */
static void
mark_ancestors(struct ptree *t, int i, const unsigned char *scope)
{
	for (int a = t->nodes[i].parent;
	     a >= 0 && scope[a] && !t->nodes[a].visible; a = t->nodes[a].parent)
		t->nodes[a].visible = true;
}

/* Marks scope[] for the subtree under root, with stack as scratch. */
static void
mark_subtree(struct ptree *t, int root, int *stack, unsigned char *scope)
{
	size_t sp = 0;

	stack[sp++] = root;
	while (sp > 0) {
		int i = stack[--sp];

		if (scope[i])
			continue;
		scope[i] = 1;
		for (int c = t->nodes[i].first_child; c >= 0;
		     c = t->nodes[c].next_sibling)
			stack[sp++] = c;
	}
}

static bool
shown(const struct snap_proc *p, const struct ptree_filter *f)
{
	if (f->by_uid && p->uid != f->uid)
		return false;
	return !f->zombies_only || p->state == 'Z';
}

/* scope: the --pid subtrees (all when none); visible: what matches inside
 * the scope, plus the ancestors of zombies in zombies-only mode. */
static void
apply_filter(struct ptree *t, const struct ptree_filter *f, int *stack,
    unsigned char *scope)
{
	const struct snap *s = t->snap;
	size_t n = s->n;

	memset(scope, f && f->npids > 0 ? 0 : 1, n);
	for (size_t k = 0; f && k < f->npids; k++) {
		const struct snap_proc *p = snap_find(s, f->pids[k]);

		if (p)
			mark_subtree(t, (int)(p - s->procs), stack, scope);
	}
	for (size_t i = 0; i < n; i++)
		t->nodes[i].visible =
		    scope[i] && (!f || shown(&s->procs[i], f));
	if (!f || !f->zombies_only)
		return;
	for (size_t i = 0; i < n; i++)
		if (t->nodes[i].visible && s->procs[i].state == 'Z')
			mark_ancestors(t, (int)i, scope);
}

struct walk {
	int node, parent_row;
};

static void
add_row(struct ptree *t, int node, int parent_row, int *last_of, int *last_root)
{
	struct ptree_row *r = &t->rows[t->nrows];

	r->node = node;
	r->parent_row = parent_row;
	r->depth = parent_row >= 0 ? t->rows[parent_row].depth + 1 : 0;
	r->last = false;
	if (parent_row >= 0)
		last_of[parent_row] = (int)t->nrows;
	else
		*last_root = (int)t->nrows;
	last_of[t->nrows] = -1;
	t->nrows++;
}

/* Pre-order walk from root; children are pushed in reverse so they pop in
 * pid order. seen[] guards against loops in the ppid links. */
static void
walk_from(struct ptree *t, int root, struct walk *stack, unsigned char *seen,
    int *last_of, int *last_root)
{
	size_t sp = 0;

	stack[sp++] = (struct walk){root, -1};
	while (sp > 0) {
		struct walk w = stack[--sp];
		int prow = w.parent_row;
		size_t base;

		if (seen[w.node])
			continue;
		seen[w.node] = 1;
		if (t->nodes[w.node].visible) {
			add_row(t, w.node, w.parent_row, last_of, last_root);
			prow = (int)t->nrows - 1;
		}
		base = sp;
		for (int c = t->nodes[w.node].first_child; c >= 0;
		     c = t->nodes[c].next_sibling)
			if (!seen[c])
				stack[sp++] = (struct walk){c, prow};
		for (size_t a = base, b = sp; b > a + 1; a++, b--) {
			struct walk tmp = stack[a];

			stack[a] = stack[b - 1];
			stack[b - 1] = tmp;
		}
	}
}

static void
build_rows(
    struct ptree *t, struct walk *stack, unsigned char *seen, int *last_of)
{
	size_t n = t->snap->n;
	int last_root = -1;

	memset(seen, 0, n);
	for (size_t i = 0; i < n; i++)
		if (t->nodes[i].parent < 0)
			walk_from(t, (int)i, stack, seen, last_of, &last_root);
	for (size_t i = 0; i < n; i++)
		if (!seen[i]) /* in a ppid loop: show it as a root */
			walk_from(t, (int)i, stack, seen, last_of, &last_root);
	for (size_t r = 0; r < t->nrows; r++)
		if (last_of[r] >= 0)
			t->rows[last_of[r]].last = true;
	if (last_root >= 0)
		t->rows[last_root].last = true;
}

static void
count_parents(struct ptree *t)
{
	for (size_t i = 0; i < t->snap->n; i++)
		if (t->nodes[i].zombies > 0)
			t->zombie_parents++;
}

int
ptree_build(
    const struct snap *s, const struct ptree_filter *filter, struct ptree **out)
{
	struct ptree *t = calloc(1, sizeof(*t));
	size_t n = s->n ? s->n : 1;
	struct walk *stack = malloc(n * sizeof(*stack));
	unsigned char *flags = malloc(n);
	int *last_of = malloc(n * sizeof(*last_of));

	if (t) {
		t->snap = s;
		t->nodes = malloc(n * sizeof(*t->nodes));
		t->rows = malloc(n * sizeof(*t->rows));
	}
	if (!t || !t->nodes || !t->rows || !stack || !flags || !last_of) {
		ptree_free(t);
		free(stack);
		free(flags);
		free(last_of);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->n; i++)
		t->nodes[i] = (struct ptree_node){-1, -1, -1, 0, 0, false};
	link_nodes(t);
	count_parents(t);
	/* The walk stack doubles as the int stack of the filter. */
	apply_filter(t, filter, (int *)stack, flags);
	build_rows(t, stack, flags, last_of);
	free(stack);
	free(flags);
	free(last_of);
	*out = t;
	return 0;
}

void
ptree_free(struct ptree *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->rows);
	free(t);
}

/* Appends s whole or not at all; false once it does not fit, so the
 * caller stops there instead of drawing a later glyph out of place. */
static bool
append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size)
		return false;
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return true;
}

void
ptree_prefix(
    const struct ptree *t, size_t row, bool ascii, char *buf, size_t size)
{
	static const char *const uni[] = {"│  ", "   ", "├─ ", "└─ ", "⋯ "};
	static const char *const asc[] = {"|  ", "   ", "|- ", "`- ", ".. "};
	const char *const *g = ascii ? asc : uni;
	const struct ptree_row *r = &t->rows[row];
	int levels = r->depth < PTREE_DRAW_DEPTH ? r->depth : PTREE_DRAW_DEPTH;
	const char *parts[PTREE_DRAW_DEPTH];
	size_t len = 0;
	int k = levels, a = r->parent_row;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (levels == 0)
		return;
	/* Walk up levels-1 ancestors: each says whether a line continues. */
	parts[--k] = r->last ? g[3] : g[2];
	for (; k > 0 && a >= 0; a = t->rows[a].parent_row)
		parts[--k] = t->rows[a].last ? g[1] : g[0];
	if (r->depth > PTREE_DRAW_DEPTH && !append(buf, size, &len, g[4]))
		return;
	for (int i = 0; i < levels; i++)
		if (!append(buf, size, &len, parts[i]))
			return;
}
