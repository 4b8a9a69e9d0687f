/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --check: one scan, one monitoring-plugins status line on stdout, and the
 * plugin exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), which differ
 * from those of the other modes. */
#ifndef ZT_NAGIOS_H
#define ZT_NAGIOS_H

#include <stdbool.h>

#include "cli.h"

/* The plugin status for bad arguments. */
#define NAGIOS_EXIT_UNKNOWN 3

/* True when argv asks for --check (before any "--"), so that even a
 * command line that does not parse answers in plugin form. */
bool nagios_wanted(int argc, char **argv);

/* Prints "ZOMBIES UNKNOWN - msg" on stdout; returns NAGIOS_EXIT_UNKNOWN. */
int nagios_unknown(const char *msg);

/* Runs the check; returns the plugin exit code. */
int nagios_run(const struct cli_opts *o);

#endif
