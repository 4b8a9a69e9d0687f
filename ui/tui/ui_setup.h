/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The setup (F2): the file read at start with the command line winning
 * (conf_merge), and a layer that changes one setting at a time, applies
 * it at once and saves the file (conf_save) on each change. */
#ifndef ZT_UI_SETUP_H
#define ZT_UI_SETUP_H

#include <stdbool.h>

#include "cli.h"
#include "view.h"

/* At start, after the screen state exists: reads the file, merges the
 * options over it and applies the result to v (a broken file: one status
 * message, the defaults). *scheme gets the colour scheme (enum
 * conf_scheme) for ui_color_init. 0 or -ENOMEM. */
int ui_setup_start(struct view *v, const struct cli_opts *o, int *scheme);

/* After initscr and on a change in F2: the mouse's events asked of the
 * terminal (clicks, double clicks, the wheel), or none when the setup
 * turns the mouse off, so that the terminal's own selection works. */
void ui_setup_mouse(const struct ui_screen_state *st);

/* F2: opens the setup layer. */
unsigned ui_setup_open(struct view *v);

/* Frees what ui_setup_start kept (the file's setup); NULL is fine. */
void ui_setup_free(struct ui_screen_state *st);

#endif
