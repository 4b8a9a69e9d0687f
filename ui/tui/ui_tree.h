/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process table: a const table of columns, dropped by priority on
 * narrow terminals (PID, S and COMMAND always stay), the tree drawn in
 * front of each name, and zombie markers that survive monochrome. */
#ifndef ZT_UI_TREE_H
#define ZT_UI_TREE_H

#include "view.h"

/* Draws the title bar at line y and the rows below it, h lines in all,
 * w columns wide; scrolls v->top so the cursor is visible. */
void ui_tree_draw(struct view *v, int y, int h, int w);

/* The sort order of the column whose title is at column x of a w wide
 * table as ui_tree_draw lays it out (COMMAND past the others), or -1 for
 * a column that sorts nothing (EXIT, PPID, START, TTY). */
int ui_tree_hit(const struct view *v, int w, int x);

/* The EXIT column's text for a zombie ("3", "SIGKILL", "?"). */
void ui_tree_exit_text(const struct snap_proc *p, char *buf, size_t size);

/* "7s", "40s", "7m", "3h", "2d": seconds exact below 10, then in tens. */
void ui_tree_age_text(double seconds, char *buf, size_t size);

#endif
