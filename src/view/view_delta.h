/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's share of partial refreshes (snap_delta): which processes it
 * needs read again (the rows on screen and a page either side, the
 * selection), and when it needs every process (a sort by state, CPU% or
 * memory in list mode; a resize): then a sweep. */
#ifndef ZT_VIEW_DELTA_H
#define ZT_VIEW_DELTA_H

#include "view.h"

/* Plans the next refresh of v (on the view's thread, before the scan
 * starts). 0 or -ENOMEM. */
int view_delta_plan(struct view *v);

/* The next refresh reads every process, a sweep (a resize: rows not
 * read come in). */
void view_reconcile(struct view *v);

#endif
