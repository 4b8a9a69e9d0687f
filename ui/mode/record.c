/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --record: every -d tenths, the scan, the process table (kernel events
 * when the kernel gives them), the events --watch would print and the
 * diagnoses --once would print, handed to rec_write. Stops on SIGINT or
 * SIGTERM with the file synced. */
#include "record.h"
#include "events_cli.h"
#include "evlog.h"
#include "evwatch.h"
#include "lab.h"
#include "ptree.h"
#include "rec_write.h"
#include "snap_delta.h"
#include "snap_reader.h"
#include "stop.h"
#include "timeline.h"
#include "zombie.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RECORD_LOG_CAP 4096
#define RECORD_SYNC_SECONDS 10.0

struct record {
	struct snap_reader *r;   /* owned */
	struct snap_delta delta; /* full or partial refreshes, as the view */
	struct snap *prev;       /* owned */
	struct evlog *log;       /* owned */
	struct evwatch w;
	struct timeline tl;
	struct ptable_life *lives; /* owned: PTABLE_RING */
	struct rec_write *out;     /* owned */
	struct lab *lab;           /* owned; NULL without --demo */
	struct rec_age *ages;      /* owned scratch */
	struct evlog_event *ev;    /* owned scratch: RECORD_LOG_CAP */
};

/* The lab's children are ours to reap (we are their subreaper). */
static void
reap_lab(struct lab *lab)
{
	struct lab_reaped rec[16];

	while (lab && lab_reap(lab, rec, 16) == 16)
		;
}

/* The exit time of each zombie of s, as the table knows it. */
static int
zombie_ages(struct record *rd, const struct snap *s, size_t *n)
{
	void *p = reallocarray(rd->ages, s->n ? s->n : 1, sizeof(*rd->ages));

	*n = 0;
	if (!p)
		return -ENOMEM;
	rd->ages = p;
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *z = &s->procs[i];
		struct ptable_age a;

		if (!snap_is_zombie(z))
			continue;
		a = ptable_exit_time(rd->tl.table, z->pid, z->start_ticks);
		rd->ages[(*n)++] =
		    (struct rec_age){z->pid, z->start_ticks, a.age, a.exact};
	}
	return 0;
}

/* The events of this refresh: the last n of the log. */
static size_t
new_events(struct record *rd, size_t n)
{
	size_t count = evlog_count(rd->log);

	if (n > count)
		n = count;
	for (size_t i = 0; i < n; i++)
		rd->ev[i] = *evlog_at(rd->log, count - n + i);
	return n;
}

static int
write_frame(struct record *rd, const struct snap *cur, size_t nev)
{
	struct ptree *t = NULL;
	struct zombie_report rep = {0};
	struct rec_write_frame f = {.snap = cur, .report = &rep};
	int rc = ptree_build(cur, NULL, &t);

	if (rc == 0)
		rc = zombie_analyze(t, rd->tl.table, &rep);
	if (rc == 0)
		rc = zombie_ages(rd, cur, &f.nages);
	if (rc == 0) {
		f.ages = rd->ages;
		f.events = rd->ev;
		f.nevents = new_events(rd, nev);
		rc = rec_write_add(rd->out, &f);
	}
	zombie_report_done(&rep);
	ptree_free(t);
	return rc;
}

static int
record_step(struct record *rd, const struct cli_opts *o)
{
	struct snap *cur = NULL;
	size_t n = 0;
	int r, nev = 0;

	reap_lab(rd->lab);
	if ((r = snap_delta_take(&rd->delta, rd->r, rd->prev, &cur)) < 0)
		return r;
	if ((r = timeline_scan(&rd->tl, cur)) == 0) {
		n = ptable_take_lives(
		    rd->tl.table, rd->lives, PTABLE_RING, NULL);
		r = evwatch_lives(&rd->w, cur, rd->lives, n,
		    o->linger >= 0 ? o->linger : CLI_LINGER, rd->log);
	}
	if (r >= 0) {
		nev = r;
		r = evwatch_update(&rd->w, rd->prev, cur, rd->log);
	}
	snap_free(rd->prev);
	rd->prev = cur;
	if (r < 0)
		return r;
	return write_frame(rd, cur, (size_t)(nev + r));
}

static int
open_output(struct record *rd, const struct cli_opts *o)
{
	char host[256] = "";
	struct rec_write_session s = {
	    .host = host,
	    .events_why = timeline_why(&rd->tl),
	    .events = rd->tl.src != NULL,
	    .interval = (double)o->delay / 10,
	    .demo = o->demo,
	    .sync_every = RECORD_SYNC_SECONDS,
	    .max_size = o->max_size,
	};

	gethostname(host, sizeof(host) - 1);
	return rec_write_open(o->record, &s, &rd->out);
}

static int
record_start(struct record *rd, const struct cli_opts *o)
{
	int r = snap_reader_new(&rd->r);

	if (r == 0)
		r = evlog_new(RECORD_LOG_CAP, &rd->log);
	if (r == 0)
		r = events_cli_start(&rd->tl, o);
	if (r == 0 && (!(rd->lives = calloc(PTABLE_RING, sizeof(*rd->lives))) ||
	                  !(rd->ev = calloc(RECORD_LOG_CAP, sizeof(*rd->ev)))))
		r = -ENOMEM;
	if (r == 0 && o->demo && (r = lab_new(&rd->lab)) == 0)
		r = lab_start(rd->lab, o->demo_mask);
	if (r == 0) {
		snap_delta_init(&rd->delta, &rd->tl);
		rd->w.table = rd->tl.table;
	}
	return r;
}

static void
record_free(struct record *rd)
{
	evwatch_done(&rd->w);
	timeline_stop(&rd->tl);
	snap_delta_done(&rd->delta);
	lab_free(rd->lab);
	free(rd->lives);
	free(rd->ages);
	free(rd->ev);
	evlog_free(rd->log);
	snap_free(rd->prev);
	snap_reader_free(rd->r);
}

int
record_run(const struct cli_opts *o)
{
	struct record rd;
	int r, close_rc;

	memset(&rd, 0, sizeof(rd));
	evwatch_init(&rd.w);
	stop_catch(o->demo ? STOP_HUP : 0); /* the lab must not be left */
	r = record_start(&rd, o);
	if (r == 0 && (r = open_output(&rd, o)) < 0)
		fprintf(stderr, "zombietop: %s: %s\n", o->record, strerror(-r));
	else if (r < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-r));
	while (r == 0 && !stop_signal()) {
		if ((r = record_step(&rd, o)) < 0)
			fprintf(stderr, "zombietop: %s: %s\n", o->record,
			    strerror(-r));
		else if (!stop_signal())
			events_cli_pause(o->delay, &rd.tl);
	}
	close_rc = rec_write_close(rd.out);
	if (r == 0 && close_rc < 0) {
		fprintf(stderr, "zombietop: %s: %s\n", o->record,
		    strerror(-close_rc));
		r = close_rc;
	}
	record_free(&rd);
	return r < 0 ? 1 : 0;
}
