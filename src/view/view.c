/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view model. A refresh takes a snapshot, reconciles the process
 * table with it (which gives each process's CPU%, and keeps its collapsed
 * and tagged flags), rebuilds the tree and the shown rows, and carries the
 * selection over by (pid, start time): a PID reused by a new process
 * never inherits any of them. */
#include "view.h"
#include "scanner.h"
#include "view_carry.h"
#include "view_delta.h"
#include "view_mark.h"
#include "view_rows.h"
#include "view_time.h"
#include "view_rec.h"
#include "view_replay.h"
#include "snap_reader.h"
#include "zclock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UI_NEAR 16 /* neighbours remembered on each side of the cursor */
#define NEAR_MAX ((size_t)3 * UI_NEAR) /* and in all, with the tree's */

const struct snap_proc *
view_proc(const struct view *v, size_t r)
{
	if (!v->snap || r >= v->nrows)
		return NULL;
	return &v->snap->procs[v->rows[r].node];
}

const struct ptree_node *
view_node(const struct view *v, size_t r)
{
	if (!v->tree || r >= v->nrows)
		return NULL;
	return &v->tree->nodes[v->rows[r].node];
}

const struct snap_proc *
view_selected(const struct view *v)
{
	return view_proc(v, v->cur);
}

void
view_message(struct view *v, const char *msg)
{
	if (v->on_message)
		v->on_message(v->on_message_arg, msg, false);
}

void
view_message_join(struct view *v, const char *msg)
{
	if (v->on_message)
		v->on_message(v->on_message_arg, msg, true);
}

const char *
view_sort_name(enum ui_sort s)
{
	static const char *const names[UI_SORT_COUNT] = {"ZOMBIE", "PID",
	    "USER", "S", "AGE", "NLWP", "CPU%", "MEM", "COMMAND", "REAP"};

	return s < UI_SORT_COUNT ? names[s] : "?";
}

static struct ptree_filter
filter_of(const struct view *v)
{
	return (struct ptree_filter){.pids = v->opts.pids,
	    .npids = v->opts.npids,
	    .by_uid = v->opts.by_uid,
	    .uid = v->opts.uid,
	    .zombies_only = v->opts.zombies_only};
}

static bool
same_filter(struct ptree_filter a, struct ptree_filter b)
{
	return a.pids == b.pids && a.npids == b.npids && a.by_uid == b.by_uid &&
	       (!a.by_uid || a.uid == b.uid) &&
	       a.zombies_only == b.zombies_only;
}

/* On the scanner's thread: the process table reconciled with the new
 * snapshot, its tree and the diagnoses of its zombie parents (with the
 * table's ages), the refresh's /proc reads beyond the scan. It reads
 * v->next.filter (set before the scan starts: opts change under keys, u
 * and z, and F2) and tl (fixed since view_new), and writes v->next. */
static void
after_scan(void *arg, const struct snap *s)
{
	struct view *v = arg;
	struct ptree_filter f = v->next.filter;

	view_meters_scan(&v->meters);
	v->next.rc = timeline_scan(&v->tl, s);
	if (v->next.rc == 0 &&
	    !(v->next.cpu = malloc((s->n ? s->n : 1) * sizeof(double))))
		v->next.rc = -ENOMEM;
	if (v->next.rc == 0) {
		ptable_cpu(v->tl.table, s, v->next.cpu);
		v->next.rc = ptree_build(s, &f, &v->next.tree);
	}
	if (v->next.rc == 0)
		v->next.rc =
		    zombie_analyze(v->next.tree, v->tl.table, &v->next.report);
	if (v->next.rc == 0) /* v->snap is the scan's prev, still ours */
		view_rec_frame(
		    v->rec, v->snap, s, &v->next.report, v->tl.table);
	view_io_scan(
	    &v->io, v->tl.table, v->next.rc == 0 ? v->next.tree : NULL);
}

static void
next_done(struct view *v)
{
	ptree_free(v->next.tree);
	v->next.tree = NULL;
	zombie_report_done(&v->next.report);
	free(v->next.cpu);
	v->next.cpu = NULL;
	v->next.rc = 0;
}

int
view_new(const struct view_opts *o, struct view **out)
{
	struct view *v = calloc(1, sizeof(*v));
	int rc;

	if (!v)
		return -ENOMEM;
	v->opts = *o;
	if ((rc = snap_reader_new(&v->reader)) < 0 ||
	    (rc = scanner_new(v->reader, &v->scanner)) < 0 ||
	    (rc = timeline_start(&v->tl, o->events)) < 0 ||
	    (rc = view_rec_new(&v->rec)) < 0) {
		view_free(v);
		return rc;
	}
	scanner_set_after(v->scanner, after_scan, v);
	snap_delta_init(&v->delta, &v->tl);
	scanner_set_delta(v->scanner, &v->delta);
	*out = v;
	return 0;
}

void
view_free(struct view *v)
{
	if (!v)
		return;
	scanner_free(v->scanner); /* first: its scan reads snap and reader */
	view_rec_free(v->rec);    /* closes a recording: synced */
	view_replay_free(v->replay);
	next_done(v);
	view_meters_done(&v->meters);
	view_io_done(&v->io);
	ptree_free(v->tree);
	zombie_report_done(&v->report);
	snap_free(v->snap);
	snap_reader_free(v->reader);
	free(v->rows);
	free(v->folded);
	free(v->cpu);
	free(v->zsince);
	free(v->zprior);
	free(v->zexact);
	free(v->lives);
	free(v->reap);
	timeline_stop(&v->tl);
	snap_delta_done(&v->delta);
	free(v->vflags);
	free(v);
}

static bool
in_snap(const struct snap *s, struct ui_ident id)
{
	const struct snap_proc *p = snap_find(s, id.pid);

	return p && p->start_ticks == id.start;
}

static long
find_row(const struct view *v, struct ui_ident id)
{
	for (size_t r = 0; r < v->nrows; r++)
		if (ui_ident_eq(ui_ident_of(view_proc(v, r)), id))
			return (long)r;
	return -1;
}

long
view_row_of(const struct view *v, pid_t pid)
{
	for (size_t r = 0; r < v->nrows; r++)
		if (view_proc(v, r)->pid == pid)
			return (long)r;
	return -1;
}

/* The sibling of row r next to it in direction dir (1 or -1), or -1. */
static long
sibling(const struct view *v, size_t r, int dir)
{
	int parent = v->rows[r].parent_row, depth = v->rows[r].depth;

	for (long k = (long)r + dir; k >= 0 && k < (long)v->nrows; k += dir) {
		if (v->rows[k].depth < depth)
			return -1;
		if (v->rows[k].parent_row == parent &&
		    v->rows[k].depth == depth)
			return k;
	}
	return -1;
}

/* The next and previous sibling of row r and its parent, as far as
 * room allows. */
static size_t
near_family(const struct view *v, long r, struct ui_ident *near, size_t k)
{
	long next = sibling(v, (size_t)r, 1), prev = sibling(v, (size_t)r, -1);

	if (next >= 0)
		near[k++] = ui_ident_of(view_proc(v, (size_t)next));
	if (prev >= 0)
		near[k++] = ui_ident_of(view_proc(v, (size_t)prev));
	if (v->rows[r].parent_row >= 0)
		near[k++] =
		    ui_ident_of(view_proc(v, (size_t)v->rows[r].parent_row));
	return k;
}

/* Where the cursor goes when the selected process is gone, nearest
 * first. After a refresh (tree true): its next or previous sibling in the
 * tree, else its parent (a reaped zombie's sibling, else its parent); then
 * the rows around it, alternating below and above; then up the tree, the
 * parent's siblings and the grandparent and so on (a dead parent's
 * neighbour). When a key hid it (a filter, a collapse) or a text filter
 * is on (tree false), only the rows around it: the filter keeps the root,
 * seldom near. */
static size_t
collect_near(const struct view *v, bool tree, struct ui_ident *near)
{
	size_t k = 0;

	if (!v->snap || v->cur >= v->nrows)
		return 0;
	if (tree)
		k = near_family(v, (long)v->cur, near, k);
	for (size_t d = 1; d <= UI_NEAR; d++) {
		if (v->cur + d < v->nrows)
			near[k++] = ui_ident_of(view_proc(v, v->cur + d));
		if (v->cur >= d && v->cur - d < v->nrows)
			near[k++] = ui_ident_of(view_proc(v, v->cur - d));
	}
	for (long r = tree ? v->rows[v->cur].parent_row : -1;
	     r >= 0 && k + 3 <= NEAR_MAX; r = v->rows[r].parent_row)
		k = near_family(v, r, near, k);
	return k;
}

/* A followed process hidden under collapsed ancestors opens them. */
static bool
reveal(struct view *v)
{
	const struct snap_proc *p = snap_find(v->snap, v->sel.pid);
	bool changed = false;

	if (!p || p->start_ticks != v->sel.start)
		return false;
	for (int a = v->tree->nodes[p - v->snap->procs].parent; a >= 0;
	     a = v->tree->nodes[a].parent) {
		const struct snap_proc *ap = &v->snap->procs[a];

		if (view_is_collapsed(v, ap)) {
			view_uncollapse(v, ap);
			changed = true;
		}
	}
	return changed;
}

static void
restore_cursor(struct view *v, const struct ui_ident *near, size_t nnear)
{
	long r = v->has_sel ? find_row(v, v->sel) : -1;

	if (r < 0 && v->has_sel && v->follow && !in_snap(v->snap, v->sel)) {
		char m[96];

		snprintf(m, sizeof(m), "followed process %d has exited",
		    (int)v->sel.pid);
		view_message(v, m);
		v->follow = false;
	}
	for (size_t i = 0; r < 0 && i < nnear; i++)
		r = find_row(v, near[i]);
	if (r < 0)
		r = v->cur < v->nrows ? (long)v->cur : (long)v->nrows - 1;
	view_set_cursor(v, r);
}

/* The rows of v->tree and the cursor back near where it was. */
static int
rows(struct view *v, const struct ui_ident *near, size_t nnear)
{
	int rc;

	if ((rc = view_rows_build(v)) < 0)
		return rc;
	if (v->follow && v->has_sel && find_row(v, v->sel) < 0 && reveal(v) &&
	    (rc = view_rows_build(v)) < 0)
		return rc;
	restore_cursor(v, near, nnear);
	return 0;
}

static int
rebuild(struct view *v, const struct ui_ident *near, size_t nnear)
{
	struct ptree_filter f = filter_of(v);
	int rc;

	ptree_free(v->tree);
	v->tree = NULL;
	if ((rc = ptree_build(v->snap, &f, &v->tree)) < 0)
		return rc;
	return rows(v, near, nnear);
}

int
view_rebuild(struct view *v)
{
	struct ui_ident near[NEAR_MAX];
	size_t nnear = collect_near(v, false, near);

	return v->snap ? rebuild(v, near, nnear) : 0;
}

/* Carries the state over to s, the new snapshot (sharing the current
 * one's strings), and builds tree, rows and diagnoses over it. */
static int
adopt(struct view *v, struct snap *s)
{
	struct ui_ident near[NEAR_MAX];
	/* Under a text filter the rows are scattered matches and their
	 * ancestors: the tree walk would end on the root. */
	size_t nnear = collect_near(v, !v->filter[0], near);
	int rc;

	if (v->snap)
		snap_disown_shared(v->snap, s);
	rc = view_time_take(v); /* before on_snap: it may log the lives */
	if (v->on_snap)
		v->on_snap(v->on_snap_arg, v->snap, s);
	ptree_free(v->tree);
	v->tree = v->next.tree; /* made over s on the scanner's thread */
	v->next.tree = NULL;
	if (!same_filter(v->next.filter, filter_of(v))) {
		ptree_free(v->tree); /* the filter changed during the scan */
		v->tree = NULL;      /* rebuilt with today's below */
	}
	zombie_report_done(&v->report);
	v->report = v->next.report;
	memset(&v->next.report, 0, sizeof(v->next.report));
	free(v->cpu);
	v->cpu = v->next.cpu; /* s->n entries, or NULL after an error */
	v->next.cpu = NULL;
	if (rc == 0)
		rc = v->next.rc;
	v->next.rc = 0;
	snap_free(v->snap);
	v->snap = s;
	v->nvflags = 0; /* the old snapshot's, until view_mark_update */
	view_meters_adopt(&v->meters);
	view_io_adopt(&v->io);
	if (rc < 0)
		return rc;
	v->prev_scan_time = v->scan_time;
	v->scan_time = (double)s->taken.tv_sec + (double)s->taken.tv_nsec / 1e9;
	if (v->first_scan == 0)
		v->first_scan = v->scan_time;
	if ((rc = view_carry_update(v)) < 0)
		return rc;
	view_time_count(v);
	snap_count(s, &v->counts);
	if ((rc = view_mark_update(v)) < 0) /* the sweep pruned the marks */
		return rc;
	return v->tree ? rows(v, near, nnear) : rebuild(v, near, nnear);
}

int
view_adopt(struct view *v, struct snap *s)
{
	return adopt(v, s);
}

int
view_refresh(struct view *v)
{
	struct snap *s = NULL;
	int rc;

	if (v->replay)
		return view_replay_refresh(v);
	/* On the scanner's thread too: libproc2 buffers per thread. */
	v->next.filter = filter_of(v);
	if ((rc = view_delta_plan(v)) < 0 ||
	    (rc = scanner_start(v->scanner, v->snap)) < 0 ||
	    (rc = scanner_wait(v->scanner, &s)) < 0)
		return rc;
	return adopt(v, s);
}

int
view_scan_start(struct view *v)
{
	int rc;

	if (v->replay)
		return view_replay_scan_start(v);
	if (scanner_busy(v->scanner))
		return 0;
	if ((rc = view_delta_plan(v)) < 0)
		return rc;
	v->next.filter = filter_of(v);
	return scanner_start(v->scanner, v->snap);
}

bool
view_rescan_wanted(struct view *v)
{
	return timeline_rescan_wanted(&v->tl);
}

bool
view_scanning(const struct view *v)
{
	return scanner_busy(v->scanner);
}

int
view_scan_collect(struct view *v)
{
	struct snap *s = NULL;
	int rc;

	if (v->replay)
		return view_replay_collect(v);
	rc = scanner_collect(v->scanner, &s);
	if (rc == -EAGAIN || rc == -ECHILD)
		return 0;
	if (rc < 0)
		return rc;
	return (rc = adopt(v, s)) < 0 ? rc : 1;
}

void
view_set_cursor(struct view *v, long row)
{
	if (row >= (long)v->nrows)
		row = (long)v->nrows - 1;
	if (row < 0)
		row = 0;
	v->cur = (size_t)row;
	if (v->nrows > 0 &&
	    (!v->has_sel ||
	        !ui_ident_eq(v->sel, ui_ident_of(view_proc(v, v->cur)))))
		v->panel_top = 0; /* another process: its panel from the top */
	v->has_sel = v->nrows > 0;
	if (v->has_sel)
		v->sel = ui_ident_of(view_proc(v, v->cur));
}

void
view_move(struct view *v, long delta)
{
	view_set_cursor(v, (long)v->cur + delta);
}

bool
view_find(struct view *v, const char *text, size_t from, int dir)
{
	size_t n = v->nrows;

	for (size_t k = 0; k < n; k++) {
		size_t r = dir > 0 ? (from + k) % n : (from + n - k % n) % n;

		if (view_rows_match(view_proc(v, r), text)) {
			view_set_cursor(v, (long)r);
			return true;
		}
	}
	return false;
}

/* First seen less than a refresh ago (ages of zombies from before the
 * view are unknown, so they are old). */
static bool
is_young(const struct view *v, size_t r)
{
	int node = v->rows[r].node;

	return !v->zprior[node] && v->zsince[node] > 0 &&
	       zclock_real() - v->zsince[node] < v->opts.delay;
}

bool
view_next_zombie(struct view *v, size_t *young)
{
	if (young)
		*young = 0;
	for (size_t k = 1; k <= v->nrows; k++) {
		size_t r = (v->cur + k) % v->nrows;

		if (!snap_is_zombie(view_proc(v, r)))
			continue;
		if (is_young(v, r)) {
			if (young)
				++*young;
			continue;
		}
		view_set_cursor(v, (long)r);
		return true;
	}
	return false;
}
