/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --watch: zombie events from successive snapshots, printed as they
 * happen (a line of text or one JSON object each) until SIGINT/SIGTERM. */
#ifndef ZT_WATCH_H
#define ZT_WATCH_H

#include "cli.h"
#include "evlog.h"

#include <stdbool.h>

/* Runs --watch; returns the exit status (0, or 1 on a runtime error). */
int watch_run(const struct cli_opts *o);
/* One event on stdout, a line of text or of JSON (--watch, --replay
 * --watch). */
void watch_print_event(const struct evlog_event *ev, bool json);

#endif
