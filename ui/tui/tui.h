/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interactive view as main sees it: the only header of ui/tui/ that
 * code outside it includes, so nothing else depends on curses. */
#ifndef ZT_TUI_H
#define ZT_TUI_H

#include <stdio.h>

#include "cli.h"

/* Runs the view until the user quits; returns the exit status. */
int tui_run(const struct cli_opts *o);

/* --list-keys: the key table as text; returns the exit status. */
int tui_list_keys(FILE *f);

#endif
