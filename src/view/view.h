/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interactive view's model: the current snapshot and tree, the rows on
 * screen after collapsing, filtering and sorting, and everything that must
 * survive a refresh (selection, follow), keyed by (pid, start time), and
 * the process table (CPU%, collapsed and tagged flags, exit times of
 * zombies, reap statistics of parents) fed by kernel events. No curses here. */
#ifndef ZT_VIEW_H
#define ZT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ptree.h"
#include "snap.h"
#include "snap_delta.h"
#include "timeline.h"
#include "view_io.h"
#include "view_meters.h"
#include "zombie.h"

/* What a key handler asks of the main loop: only the loop draws. */
enum ui_react {
	UI_REDRAW = 1 << 0,
	UI_RESCAN = 1 << 1,
	UI_QUIT = 1 << 2,
	UI_REPAINT = 1 << 3, /* repaint from scratch (Ctrl-L) */
};

/* Sort orders of the list mode; UI_SORT_ZOMBIE puts zombies, then their
 * parents, first. */
enum ui_sort {
	UI_SORT_ZOMBIE,
	UI_SORT_PID,
	UI_SORT_USER,
	UI_SORT_STATE,
	UI_SORT_AGE,
	UI_SORT_THR,
	UI_SORT_CPU,
	UI_SORT_MEM,
	UI_SORT_COMMAND,
	UI_SORT_REAP, /* worst reapers: highest reap latency p99 first */
	UI_SORT_COUNT
};

struct ui_ident {
	pid_t pid;
	unsigned long long start;
};

static inline struct ui_ident
ui_ident_of(const struct snap_proc *p)
{
	return (struct ui_ident){p->pid, p->start_ticks};
}

static inline bool
ui_ident_eq(struct ui_ident a, struct ui_ident b)
{
	return a.pid == b.pid && a.start == b.start;
}

struct ui_act;
struct ui_screen_state;
struct scanner;

struct view_opts {
	const pid_t *pids; /* borrowed, as ptree_filter */
	size_t npids;
	bool by_uid;
	uid_t uid;
	bool zombies_only;
	bool ascii;
	double delay; /* seconds between refreshes; 0 in batch modes */
	bool events;  /* listen to kernel process events (the front ends set
	                 it true unless --no-events) */
};

#define UI_TEXT_MAX 64
#define UI_MSG_MAX 1024 /* a status message, with its terminating NUL */

struct view_lab;
struct view_reap;
struct view_rec;
struct view_replay;

struct view {
	struct view_opts opts;
	struct view_lab *lab;       /* borrowed: the --demo lab, NULL if none */
	struct snap_reader *reader; /* owned; the scanner's while it scans */
	struct scanner *scanner;    /* owned */
	struct snap *snap;          /* owned */
	struct ptree *tree;         /* owned, built over snap */
	struct snap_counts counts;
	struct zombie_report report; /* owned: diagnoses of zombie parents */
	/* Made on the scanner's thread with each scan (tree and diagnoses,
	 * so no /proc read happens on this one); this thread reads them
	 * only once the scan is collected. */
	struct {
		struct ptree *tree;          /* owned until adopted */
		struct zombie_report report; /* owned until adopted */
		double *cpu; /* owned until adopted: the table's CPU% */
		int rc;
		/* opts' filter as the scan started: the scanner's thread
		 * reads this copy, never opts (u and z change them). */
		struct ptree_filter filter;
	} next;

	/* The rows on screen; parent_row/depth/last describe the shown tree,
	 * so ptree_prefix works on a copy of tree with these rows. */
	struct ptree_row *rows; /* owned */
	bool *folded;           /* owned, per row: collapsed with children */
	size_t nrows;

	/* Per snap->procs entry. */
	double *cpu;    /* owned: percent of one CPU since the last scan,
	                 * from the process table (made with the tree) */
	double *zsince; /* owned: epoch seconds it became a zombie (the
	                 * table's exit time), or 0 */
	bool *zprior;   /* owned: a zombie before the first scan, so zsince
	                 * is only the first scan: its age is at least that */
	bool *zexact;   /* owned: zsince is the exit time of a kernel event,
	                 * not the scan that first showed the zombie */

	/* Owned: the process table and its event thread. The scanner's
	 * thread reconciles the table with each scan; any thread reads it
	 * (memory only, under the table's lock). */
	struct timeline tl;
	/* Owned: full or partial refreshes (view_delta.c); the scanner's
	 * thread reads it during a scan. */
	struct snap_delta delta;
	size_t shown;         /* rows the front end showed last: partial
	                         refreshes read them (view_delta.c) */
	struct view_rec *rec; /* owned: the w key's recording (view_rec.c) */
	/* Owned: --replay's recording, which feeds the model in place of
	 * the scanner (view_replay.c); NULL live. */
	struct view_replay *replay;
	double first_scan; /* CLOCK_REALTIME seconds of the first scan */
	/* Owned: zombie lives finished (exit, then reap) as the table told
	 * them; lives[lives_first..nlives) were taken at the last refresh,
	 * before on_snap was called (the event log may use them), the ones
	 * before carried over from the refresh before (reaped after its
	 * scan, they count in this interval too). view_time.c. */
	struct ptable_life *lives;
	size_t nlives, caplives, lives_first;
	double zsec; /* zombie-seconds of the last refresh interval; < 0
	                before the second scan */
	struct view_reap *reap; /* owned, per snap->procs entry: the worst-
	                           reapers sort's keys (UI_SORT_REAP only) */
	/* Owned, per snap->procs entry: its enum ptable_vflag (collapsed,
	 * tagged) as the process table keeps them; view_mark.c. */
	unsigned char *vflags;
	size_t nvflags;

	size_t cur, top; /* cursor row, first row on screen */
	struct ui_ident sel;
	bool has_sel;
	bool follow, paused, list_mode, panel;
	int panel_top; /* detail panel lines scrolled off, for the selection */
	int hscroll;   /* COMMAND columns scrolled off to the left */
	enum ui_sort sort;
	bool sort_desc;

	char search[UI_TEXT_MAX]; /* last search */
	char filter[UI_TEXT_MAX]; /* active filter, "" for none */

	double scan_time, prev_scan_time; /* CLOCK_REALTIME seconds */
	struct view_meters meters; /* owned: the header's CPU, Mem, Swp */
	struct view_io io;         /* owned: the IO_R / IO_W columns' rates */

	/* Called by each refresh with the old and the new snapshot, before
	 * the old one is freed (its strings have moved to the new one). */
	void (*on_snap)(
	    void *arg, const struct snap *prev, const struct snap *cur);
	void *on_snap_arg;
	/* Status messages go out here (the front end shows them; none
	 * without it). join: keep a message shown less than a second ago,
	 * this one after it. */
	void (*on_message)(void *arg, const char *msg, bool join);
	void *on_message_arg;
	struct ui_act *act; /* owned by ui_screen: the reaping actions */
	/* Owned by ui_screen: the terminal front end's own state (modal
	 * layers, screen geometry, sparkline); opaque here. */
	struct ui_screen_state *screen;
};

int view_new(const struct view_opts *o, struct view **out);
void view_free(struct view *v);

/* Takes a new snapshot and carries the state over. 0, -EBUSY while a
 * background scan runs, or -errno. */
int view_refresh(struct view *v);

/* The same in the background: start a scan (nothing if one runs), then
 * poll; collect returns 1 once the new snapshot is adopted, 0 while the
 * scan runs or when none was started, or -errno. Until then the view
 * shows, and may redraw, the current snapshot. */
int view_scan_start(struct view *v);
bool view_scanning(const struct view *v);
int view_scan_collect(struct view *v);

/* view_replay.c's refresh: adopts s (owned from then on) with v->next
 * filled as after a scan. 0 or -errno. */
int view_adopt(struct view *v, struct snap *s);

/* True once after kernel events were lost: the front end scans at once
 * (the table reconciles at the next scan). Reads no /proc. */
bool view_rescan_wanted(struct view *v);

/* Rebuilds tree and rows after a change of mode, filter or collapse,
 * keeping the selection. 0 or -ENOMEM. */
int view_rebuild(struct view *v);

/* The process on row r, or the selected one; NULL when there is none. */
const struct snap_proc *view_proc(const struct view *v, size_t r);
const struct snap_proc *view_selected(const struct view *v);
const struct ptree_node *view_node(const struct view *v, size_t r);
/* The row showing pid, or -1. */
long view_row_of(const struct view *v, pid_t pid);

void view_set_cursor(struct view *v, long row);
void view_move(struct view *v, long delta);

/* Collapsing works on the selected row (0, or -ENOENT when the process
 * table holds no such process); expand_all clears every fold. The flags
 * live in the table's records (view_mark.c, which also has tags). */
int view_set_collapsed(struct view *v, bool collapsed);
bool view_is_collapsed(const struct view *v, const struct snap_proc *p);
void view_expand_all(struct view *v);

/* Moves to the next (dir 1) or previous (dir -1) row matching text,
 * starting at from (inclusive). false when none matches. */
bool view_find(struct view *v, const char *text, size_t from, int dir);
/* Z: the next zombie at least one refresh old (opts.delay): a busy
 * host's init makes many that live a few ms. false when there is none;
 * *young then gets how many were skipped (may be NULL). */
bool view_next_zombie(struct view *v, size_t *young);

/* A status message for the front end (on_message); _join keeps the
 * answer to a key pressed just now, this one after it. */
void view_message(struct view *v, const char *msg);
void view_message_join(struct view *v, const char *msg);

/* Short name of a sort order, for the header. */
const char *view_sort_name(enum ui_sort s);

#endif
