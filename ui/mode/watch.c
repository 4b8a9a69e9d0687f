/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --watch: a snapshot every -d tenths of a second, the differences turned
 * into events by evwatch, each printed and flushed at once so a pipe or a
 * file records an incident as it unfolds. A process table fed by kernel
 * events (the timeline) adds exit times, lifetimes, the zombies no scan
 * saw and the per-parent reap statistics; lost events mean a scan now. */
#include "watch.h"
#include "evlog.h"
#include "events_cli.h"
#include "evwatch.h"
#include "snap.h"
#include "snap_delta.h"
#include "snap_reader.h"
#include "stop.h"
#include "timeline.h"
#include "watch_stats.h"
#include "zclock.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WATCH_LOG_CAP 4096

/* One event, as a line of text or of JSON (--watch, --replay --watch). */
void
watch_print_event(const struct evlog_event *ev, bool json)
{
	char line[1200], *s;
	json_t *o;

	if (!json) {
		evlog_format(ev, line, sizeof(line));
		printf("%s\n", line);
		return;
	}
	o = evlog_json(ev);
	s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(o);
}

/* The last n events of the log, oldest first. */
static void
print_last(const struct evlog *log, size_t n, bool json)
{
	size_t count = evlog_count(log);

	if (n > count)
		n = count;
	for (size_t i = count - n; i < count; i++)
		watch_print_event(evlog_at(log, i), json);
	fflush(stdout);
}

struct watch_state {
	struct snap_reader *r; /* owned */
	struct snap *prev;     /* owned: the last snapshot */
	struct evlog *log;     /* owned */
	struct evwatch w;
	struct timeline tl;
	struct snap_delta delta; /* full or partial refreshes */
	struct watch_stats ws;
	struct ptable_life *lives; /* owned: PTABLE_RING of them */
};

/* The table's finished lives: reaps of tracked zombies, and the zombies
 * that lived between two scans. */
static int
watch_lives(
    struct watch_state *st, const struct snap *cur, const struct cli_opts *o)
{
	size_t n = 0;
	int rc;

	if (st->tl.table && st->lives)
		n = ptable_take_lives(
		    st->tl.table, st->lives, PTABLE_RING, NULL);
	watch_stats_note(&st->ws, st->lives, n, cur);
	rc = evwatch_lives(&st->w, cur, st->lives, n, o->linger, st->log);
	if (rc > 0)
		print_last(st->log, (size_t)rc, o->json);
	return rc;
}

static int
watch_step(struct watch_state *st, const struct cli_opts *o)
{
	struct snap *cur = NULL;
	int rc;

	if ((rc = snap_delta_take(&st->delta, st->r, st->prev, &cur)) < 0)
		return rc;
	if ((rc = timeline_scan(&st->tl, cur)) == 0) {
		watch_stats_lost(&st->ws, st->tl.table, o->json);
		rc = watch_lives(st, cur, o);
	}
	if (rc >= 0)
		rc = evwatch_update(&st->w, st->prev, cur, st->log);
	snap_free(st->prev);
	st->prev = cur;
	if (rc < 0)
		return rc;
	print_last(st->log, (size_t)rc, o->json);
	watch_stats_report(&st->ws, st->tl.table, cur, o->json, false);
	return 0;
}

static void
watch_free(struct watch_state *st)
{
	evwatch_done(&st->w);
	watch_stats_done(&st->ws);
	timeline_stop(&st->tl);
	snap_delta_done(&st->delta);
	free(st->lives);
	evlog_free(st->log);
	snap_free(st->prev);
	snap_reader_free(st->r);
}

int
watch_run(const struct cli_opts *o)
{
	struct watch_state st;
	int rc;

	memset(&st, 0, sizeof(st));
	evwatch_init(&st.w);
	watch_stats_init(&st.ws);
	stop_catch(0);
	rc = snap_reader_new(&st.r);
	if (rc == 0)
		rc = evlog_new(WATCH_LOG_CAP, &st.log);
	if (rc == 0)
		rc = events_cli_start(&st.tl, o);
	if (rc == 0 && !(st.lives = calloc(PTABLE_RING, sizeof(*st.lives))))
		rc = -ENOMEM;
	if (rc == 0) {
		snap_delta_init(&st.delta, &st.tl);
		st.w.table = st.tl.table;
		watch_stats_started(st.tl.table, o->linger, o->json);
	}
	while (rc == 0 && !stop_signal()) {
		rc = watch_step(&st, o);
		if (rc == 0 && !stop_signal())
			events_cli_pause(o->delay, &st.tl);
	}
	/* One refresh more at the stop: a reap since the last one is
	 * logged, not only counted in the last parent_stats. */
	if (rc == 0)
		rc = watch_step(&st, o);
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	else
		watch_stats_report(&st.ws, st.tl.table, st.prev, o->json, true);
	watch_free(&st);
	return rc < 0 ? 1 : 0;
}
