/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command-line side of the time axis: starting the process table and
 * the event thread for a mode (--no-events, the test hook
 * ZT_EVENTS_RCVBUF), and what --version --verbose says about this kernel. */
#ifndef ZT_EVENTS_CLI_H
#define ZT_EVENTS_CLI_H

#include <stdio.h>

#include "cli.h"
#include "timeline.h"

/* timeline_start as the options say; 0 or -ENOMEM. */
int events_cli_start(struct timeline *tl, const struct cli_opts *o);

/* Sleeps -d tenths between two refreshes of a mode, in 20 ms steps: a
 * stop signal (stop_catch) or lost kernel events (the table must be
 * reconciled: a scan now) end it at once. */
void events_cli_pause(int tenths, struct timeline *tl);

/* Whether the kernel's process events can be had here, and why not, in
 * one line for people; probes with pevents_open. */
void events_cli_probe(FILE *f);

#endif
