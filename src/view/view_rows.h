/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows of the view (view.rows, folded, nrows) from its tree. No
 * curses here. */
#ifndef ZT_VIEW_ROWS_H
#define ZT_VIEW_ROWS_H

#include <stdbool.h>

#include "snap.h"
#include "view.h"

/* Rebuilds v->rows from v->tree: filter, collapsed subtrees, list order.
 * 0 or -ENOMEM (then there are no rows). */
int view_rows_build(struct view *v);

/* A search or filter match: command line, name, or the exact PID. */
bool view_rows_match(const struct snap_proc *p, const char *text);

#endif
