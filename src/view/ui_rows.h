/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows of the view (ui_view.rows, folded, nrows) from its tree. No
 * curses here. */
#ifndef ZT_UI_ROWS_H
#define ZT_UI_ROWS_H

#include <stdbool.h>

#include "snap.h"
#include "ui_view.h"

/* Rebuilds v->rows from v->tree: filter, collapsed subtrees, list order.
 * 0 or -ENOMEM (then there are no rows). */
int ui_rows_build(struct ui_view *v);

/* A search or filter match: command line, name, or the exact PID. */
bool ui_rows_match(const struct snap_proc *p, const char *text);

#endif
