/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --watch: a snapshot every -d tenths of a second, the differences turned
 * into events by evwatch, each printed and flushed at once so a pipe or a
 * file records an incident as it unfolds. */
#include "watch.h"
#include "evlog.h"
#include "evwatch.h"
#include "snap.h"
#include "snap_reader.h"
#include "stop.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WATCH_LOG_CAP 4096

static void
print_event(const struct evlog_event *ev, bool json)
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
		print_event(evlog_at(log, i), json);
	fflush(stdout);
}

static void
pause_tenths(int tenths)
{
	struct timespec ts = {tenths / 10, (long)(tenths % 10) * 100000000L};

	/* A signal ends the sleep early: the loop then sees stop_signal. */
	nanosleep(&ts, NULL);
}

int
watch_run(const struct cli_opts *o)
{
	struct snap_reader *r = NULL;
	struct snap *prev = NULL, *cur = NULL;
	struct evlog *log = NULL;
	struct evwatch w;
	int rc;

	evwatch_init(&w);
	stop_catch(0);
	rc = snap_reader_new(&r);
	if (rc == 0)
		rc = evlog_new(WATCH_LOG_CAP, &log);
	while (rc == 0 && !stop_signal()) {
		if ((rc = snap_reader_take(r, prev, &cur)) < 0)
			break;
		rc = evwatch_update(&w, prev, cur, log);
		snap_free(prev);
		prev = cur;
		if (rc < 0)
			break;
		print_last(log, (size_t)rc, o->json);
		rc = 0;
		if (!stop_signal())
			pause_tenths(o->delay);
	}
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	evwatch_done(&w);
	evlog_free(log);
	snap_free(prev);
	snap_reader_free(r);
	return rc < 0 ? 1 : 0;
}
