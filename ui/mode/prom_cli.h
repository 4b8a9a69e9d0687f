/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --prometheus FILE [--interval SECONDS]: metrics for node_exporter's
 * textfile collector, written atomically, once or until SIGINT/SIGTERM.
 * No terminal involved, so no curses. */
#ifndef ZT_PROM_CLI_H
#define ZT_PROM_CLI_H

#include "cli.h"

/* Returns the exit status: 0, 1 when a write failed (the first one, with
 * --interval: later failures are reported and retried), having printed a
 * one-line message for errors. */
int prom_cli_run(const struct cli_opts *o);

#endif
