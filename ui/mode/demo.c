/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lab in batch mode. Polls snapshots until every scenario has reached
 * its steady state (bounded), so the single snapshot it prints is the one
 * the lesson describes; lab_reap runs before each, as the subreaper must. */
#include "demo.h"
#include "once.h"
#include "escape.h"
#include "lab.h"
#include "snap.h"
#include "snap_reader.h"
#include "stop.h"
#include "wstatus.h"
#include "zclock.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEMO_SETTLE_SECONDS 60
#define DEMO_REAP_BATCH 16

/* SIGINT, SIGTERM and SIGHUP end the demo through lab_stop instead of
 * leaving the lab to the death signals; no SA_RESTART, so poll wakes. */
static void
catch_stop_signals(void)
{
	stop_catch(STOP_HUP);
	signal(SIGPIPE, SIG_IGN);
}

static void
log_one(const struct lab_reaped *rec)
{
	char status[96], name[80];

	wstatus_describe(rec->status, status, sizeof(status));
	escape_buf(rec->comm, strlen(rec->comm), name, sizeof(name), 0);
	fprintf(stderr, "zombietop: reaped %d (%s) of %s: %s\n", (int)rec->pid,
	    name, rec->scenario >= 0 ? lab_scenarios[rec->scenario].name : "-",
	    status);
}

static void
reap(struct lab *lab, bool log)
{
	struct lab_reaped rec[DEMO_REAP_BATCH];
	int n;

	do {
		n = lab_reap(lab, rec, DEMO_REAP_BATCH);
		for (int i = 0; log && i < n; i++)
			log_one(&rec[i]);
	} while (n == DEMO_REAP_BATCH);
}

static void
report_pending(unsigned pending)
{
	fprintf(stderr, "zombietop: lab scenarios not settled:");
	for (int i = 0; i < LAB_COUNT; i++)
		if (pending & (1u << i))
			fprintf(stderr, " %s", lab_scenarios[i].name);
	fprintf(stderr, "\n");
}

/* Snapshots until nothing is pending. Returns 0, 1 (timed out: *out is
 * still the last snapshot) or -errno. */
static int
settle(struct lab *lab, struct snap_reader *r, bool log, struct snap **out)
{
	double end = zclock_mono() + DEMO_SETTLE_SECONDS;
	unsigned pending;
	int rc;

	for (;;) {
		reap(lab, log);
		if ((rc = snap_reader_take(r, NULL, out)) < 0)
			return rc;
		pending = lab_pending(lab, *out);
		if (!pending)
			return 0;
		if (stop_signal() || zclock_mono() > end) {
			report_pending(pending);
			return 1;
		}
		snap_free(*out);
		*out = NULL;
		nanosleep(&(struct timespec){0, 20000000L}, NULL);
	}
}

/* Keeps the lab, reaping, until stdin ends or a stop signal arrives. */
static void
hold(struct lab *lab)
{
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	char buf[512];

	while (!stop_signal()) {
		int n;

		reap(lab, true);
		n = poll(&pfd, 1, 100);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0) {
			ssize_t k = read(STDIN_FILENO, buf, sizeof(buf));

			if (k == 0 || (k < 0 && errno != EINTR))
				break;
		}
	}
}

int
demo_once(const struct cli_opts *o)
{
	struct snap_reader *r = NULL;
	struct snap *s = NULL;
	struct lab *lab = NULL;
	int rc, status = 0;

	catch_stop_signals();
	rc = snap_reader_new(&r);
	if (rc == 0)
		rc = lab_new(&lab);
	if (rc == 0)
		rc = lab_start(lab, o->demo_mask);
	if (rc == 0)
		rc = settle(lab, r, o->hold, &s);
	if (rc < 0) {
		fprintf(stderr, "zombietop: lab: %s\n", strerror(-rc));
		status = 1;
	} else {
		status = once_write(o, s, getpid());
		if (rc > 0 && status == 0)
			status = 1;
		fflush(stdout);
		if (o->hold && !stop_signal())
			hold(lab);
	}
	lab_free(lab);
	snap_free(s);
	snap_reader_free(r);
	return status;
}
