/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interactive view's terminal and main loop: curses set-up and
 * restoration (quit, SIGINT/SIGTERM/SIGHUP, SIGTSTP/SIGCONT, crashes),
 * refresh timing, input dispatch and drawing. */
#ifndef ZT_UI_SCREEN_H
#define ZT_UI_SCREEN_H

#include "cli.h"

/* Runs the view until quit; returns the process exit status (0, 1 on a
 * runtime error, 128+N after signal N asked it to stop). */
int ui_screen_run(const struct cli_opts *o);

#endif
