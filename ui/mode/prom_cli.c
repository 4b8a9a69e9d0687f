/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The metrics loop. SIGINT and SIGTERM set a flag through stop.c's handler,
 * installed without SA_RESTART: a call blocked while scanning or writing
 * returns EINTR, the write is abandoned (its temporary file removed) and
 * the program stops. Between writes they are blocked except inside ppoll,
 * so a signal never slips between the flag check and the sleep. */
#include "prom_cli.h"
#include "atomic_file.h"
#include "events_cli.h"
#include "out_prom.h"
#include "ptree.h"
#include "signame.h"
#include "snap.h"
#include "snap_delta.h"
#include "snap_reader.h"
#include "stop.h"
#include "timeline.h"
#include "zclock.h"
#include "zombie.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct prom_state {
	struct snap_reader *reader;  /* owned */
	struct snap *prev;           /* owned: the last snapshot */
	struct timeline tl;          /* owned; empty when writing once */
	struct snap_delta delta;     /* full or partial refreshes */
	struct out_prom_comms comms; /* label series of the reap families */
	const char *path;            /* borrowed from argv */
};

/* Seconds between looks for lost kernel events while waiting. */
#define RESCAN_POLL 0.1

static int
write_file(const struct prom_state *st, const struct out_prom_input *in)
{
	struct atomic_file a;
	int rc = atomic_file_open(&a, st->path);

	if (rc < 0)
		return rc;
	rc = out_prom_write(a.f, in);
	/* Stopped while writing: the old file stays, whole. */
	if (rc == 0 && stop_signal())
		rc = -EINTR;
	if (rc < 0) {
		atomic_file_abort(&a);
		return rc;
	}
	return atomic_file_commit(&a);
}

/* One scan and one write. Returns 0 or -errno, with *what saying which
 * of the two failed. */
static int
prom_once(struct prom_state *st, const char **what)
{
	double t0 = zclock_mono();
	struct snap *s = NULL;
	struct ptree *t = NULL;
	struct out_prom_input in = {.oldest_age = -1};
	struct out_prom_parent *parents = NULL;
	struct zombie_report rep = {0};
	int rc = snap_delta_take(&st->delta, st->reader, st->prev, &s);

	*what = "cannot scan /proc";
	if (rc < 0)
		return rc;
	snap_free(st->prev);
	st->prev = s;
	rc = ptree_build(s, NULL, &t);
	if (rc == 0)
		rc = timeline_scan(&st->tl, s);
	if (rc == 0)
		rc = zombie_analyze(t, st->tl.table, &rep);
	if (rc == 0)
		rc = out_prom_parents(
		    t, &rep, &parents, &in.nparents, &in.oldest_age);
	if (rc == 0) {
		in.tree = t;
		in.parents = parents;
		in.table = st->tl.table;
		in.comms = &st->comms;
		in.scrape_duration = zclock_mono() - t0;
		in.last_success =
		    (double)s->taken.tv_sec + (double)s->taken.tv_nsec / 1e9;
		*what = st->path;
		rc = write_file(st, &in);
	}
	free(parents);
	zombie_report_done(&rep);
	ptree_free(t);
	return rc;
}

/* Waits until the next write is due, or until lost kernel events ask for
 * a scan (*rescan set: checked every RESCAN_POLL seconds); false when a
 * stop signal came. The stop signals are blocked from the flag check
 * until ppoll unblocks them atomically, so none is lost in between. */
static bool
prom_wait(struct prom_state *st, const sigset_t *stop, double due, bool *rescan)
{
	sigset_t old;
	bool go = true;

	*rescan = false;
	sigprocmask(SIG_BLOCK, stop, &old);
	for (;;) {
		double left = due - zclock_mono();
		struct timespec ts;

		if (stop_signal()) {
			go = false;
			break;
		}
		if (left <= 0 || (*rescan = timeline_rescan_wanted(&st->tl)))
			break;
		if (st->tl.src && left > RESCAN_POLL)
			left = RESCAN_POLL;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		ppoll(NULL, 0, &ts, &old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return go;
}

static int
prom_loop(struct prom_state *st, int interval)
{
	sigset_t stop;
	double due = zclock_mono();
	const char *what;
	int rc;

	stop_sigset(&stop);
	rc = prom_once(st, &what);
	if (stop_signal())
		return 0;
	if (rc < 0) {
		fprintf(stderr, "zombietop: %s: %s\n", what, strerror(-rc));
		return 1;
	}
	for (;;) {
		bool rescan;

		if (!prom_wait(st, &stop, due + interval, &rescan))
			return 0;
		if (!rescan)
			due += interval;
		rc = prom_once(st, &what);
		if (stop_signal())
			return 0;
		if (rc < 0)
			fprintf(stderr, "zombietop: %s: %s (will retry)\n",
			    what, strerror(-rc));
	}
}

int
prom_cli_run(const struct cli_opts *o)
{
	struct prom_state st = {.path = o->prometheus};
	const char *what;
	int rc = snap_reader_new(&st.reader);

	if (rc < 0) {
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
		return 1;
	}
	stop_catch(0);
	snap_delta_init(&st.delta, &st.tl);
	if (o->interval && (rc = events_cli_start(&st.tl, o)) < 0) {
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
		rc = 1;
	} else if (o->interval) {
		rc = prom_loop(&st, o->interval);
	} else if ((rc = prom_once(&st, &what)) < 0 || stop_signal()) {
		if (stop_signal())
			fprintf(stderr,
			    "zombietop: stopped by %s; %s left "
			    "as it was\n",
			    signame_name(stop_signal()), st.path);
		else
			fprintf(
			    stderr, "zombietop: %s: %s\n", what, strerror(-rc));
		rc = 1;
	}
	timeline_stop(&st.tl);
	snap_delta_done(&st.delta);
	snap_free(st.prev);
	snap_reader_free(st.reader);
	return rc;
}
