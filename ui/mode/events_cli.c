/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ZT_EVENTS_RCVBUF is a test hook (HACKING.md): a tiny socket buffer makes
 * a fork storm overflow it, so lost events and the rescan can be tested. */
#include "events_cli.h"
#include "pevents.h"
#include "stop.h"
#include "zclock.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>

int
events_cli_start(struct timeline *tl, const struct cli_opts *o)
{
	struct evsrc_opts eo = {0};
	const char *rcv = getenv("ZT_EVENTS_RCVBUF");
	char *end;
	long v;

	if (rcv && *rcv) {
		v = strtol(rcv, &end, 10);
		if (!*end && v > 0 && v <= INT_MAX)
			eo.rcvbuf = (int)v;
	}
	return timeline_start_opts(tl, !o->no_events, &eo);
}

void
events_cli_probe(FILE *f)
{
	struct pevents *p = NULL;
	int rc = pevents_open(&p);

	if (rc == 0) {
		pevents_close(p);
		fprintf(f, "kernel process events: available (proc connector): "
		           "exact exit times and reap latencies\n");
		return;
	}
	fprintf(f,
	    "kernel process events: unavailable (%s): ages and reaps are "
	    "estimated from scans\n",
	    pevents_why(rc));
}

void
events_cli_pause(int tenths, struct timeline *tl)
{
	double due = zclock_mono() + tenths / 10.0;
	struct timespec step = {0, 20000000L};

	while (!stop_signal() && zclock_mono() < due) {
		if (timeline_rescan_wanted(tl))
			return;
		nanosleep(&step, NULL);
	}
}
