/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every libproc2 call of the program lives here. Two pids_info handles:
 * one with stat-only items for the per-refresh scan, one with the command
 * line for the few processes not seen before. */
#include "lp2.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <libproc2/pids.h>

/* libproc2 4.0.2 selects at most this many PIDs per call (FILL_ID_MAX). */
#define LP2_SELECT_MAX 255

enum scan_idx {
	I_PID,
	I_PPID,
	I_STATE,
	I_CMD,
	I_BEGAN,
	I_TICS,
	I_NLWP,
	I_EUID,
	I_TTY,
	I_RSS,
	I_ARGV, /* only in the full scan */
};

/* The per-refresh scan uses all but the last item: only what comes from
 * /proc/PID/stat (and the directory's owner), one file per process. The
 * first scan adds the command line, read in the same pass. */
static enum pids_item items[] = {
    PIDS_ID_PID,
    PIDS_ID_PPID,
    PIDS_STATE,
    PIDS_CMD,
    PIDS_TICS_BEGAN,
    PIDS_TICS_ALL,
    PIDS_NLWP,
    PIDS_ID_EUID,
    PIDS_TTY,
    PIDS_RSS,
    PIDS_CMDLINE_V,
};

#define NSCAN_ITEMS I_ARGV
#define NFULL_ITEMS (I_ARGV + 1)
_Static_assert(sizeof(items) / sizeof(items[0]) == NFULL_ITEMS,
    "items[] must follow enum scan_idx");

static enum pids_item argv_items[] = {PIDS_ID_PID, PIDS_CMDLINE_V};

struct lp2 {
	struct pids_info *scan; /* owned */
	struct pids_info *argv; /* owned, opened on first use */
	struct pids_info *full; /* owned, opened on first use */
};

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

int
lp2_new(struct lp2 **out)
{
	struct lp2 *lp = calloc(1, sizeof(*lp));
	int rc;

	if (!lp)
		return -ENOMEM;
	rc = procps_pids_new(&lp->scan, items, NSCAN_ITEMS);
	if (rc < 0) {
		free(lp);
		return rc;
	}
	*out = lp;
	return 0;
}

void
lp2_free(struct lp2 *lp)
{
	if (!lp)
		return;
	if (lp->scan)
		procps_pids_unref(&lp->scan);
	if (lp->argv)
		procps_pids_unref(&lp->argv);
	if (lp->full)
		procps_pids_unref(&lp->full);
	free(lp);
}

static int
scan_with(struct pids_info *info, bool full, lp2_row_fn *fn, void *ctx)
{
	struct pids_fetch *f = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);

	if (!f)
		return errno ? -errno : -EIO;
	for (int i = 0; i < f->counts->total; i++) {
		struct pids_stack *s = f->stacks[i];
		struct lp2_row r = {
		    .pid = PIDS_VAL(I_PID, s_int, s, info),
		    .ppid = PIDS_VAL(I_PPID, s_int, s, info),
		    .state = PIDS_VAL(I_STATE, s_ch, s, info),
		    .comm = PIDS_VAL(I_CMD, str, s, info),
		    .start_ticks = PIDS_VAL(I_BEGAN, ull_int, s, info),
		    .cpu_ticks = PIDS_VAL(I_TICS, ull_int, s, info),
		    .threads = PIDS_VAL(I_NLWP, s_int, s, info),
		    .uid = PIDS_VAL(I_EUID, u_int, s, info),
		    .tty = PIDS_VAL(I_TTY, s_int, s, info),
		    .rss_pages = PIDS_VAL(I_RSS, ul_int, s, info),
		    .argv = full ? PIDS_VAL(I_ARGV, strv, s, info) : NULL,
		};
		fn(ctx, &r);
	}
	return f->counts->total;
}

int
lp2_scan(struct lp2 *lp, lp2_row_fn *fn, void *ctx)
{
	return scan_with(lp->scan, false, fn, ctx);
}

int
lp2_scan_full(struct lp2 *lp, lp2_row_fn *fn, void *ctx)
{
	int rc;

	if (!lp->full) {
		rc = procps_pids_new(&lp->full, items, NFULL_ITEMS);
		if (rc < 0)
			return rc;
	}
	rc = scan_with(lp->full, true, fn, ctx);
	/* Used once, at start: its stacks, every command line included,
	 * would otherwise stay allocated for good. */
	procps_pids_unref(&lp->full);
	return rc;
}

static int
argv_chunk(struct lp2 *lp, const pid_t *pids, int n, lp2_argv_fn *fn, void *ctx)
{
	unsigned ids[LP2_SELECT_MAX];
	struct pids_fetch *f;

	for (int i = 0; i < n; i++)
		ids[i] = (unsigned)pids[i];
	f = procps_pids_select(lp->argv, ids, n, PIDS_SELECT_PID);
	if (!f)
		return errno ? -errno : -EIO;
	for (int i = 0; i < f->counts->total; i++) {
		struct pids_stack *s = f->stacks[i];

		fn(ctx, PIDS_VAL(0, s_int, s, lp->argv),
		    PIDS_VAL(1, strv, s, lp->argv));
	}
	return 0;
}

int
lp2_argv(struct lp2 *lp, const pid_t *pids, int n, lp2_argv_fn *fn, void *ctx)
{
	int rc;

	if (!lp->argv) {
		rc = procps_pids_new(&lp->argv, argv_items, NITEMS(argv_items));
		if (rc < 0)
			return rc;
	}
	for (int i = 0; i < n; i += LP2_SELECT_MAX) {
		int k = n - i < LP2_SELECT_MAX ? n - i : LP2_SELECT_MAX;

		rc = argv_chunk(lp, pids + i, k, fn, ctx);
		if (rc < 0)
			return rc;
	}
	return 0;
}
