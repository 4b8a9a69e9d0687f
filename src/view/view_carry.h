/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The zombies' exit times the view reads from the process table at each
 * refresh. No curses, no I/O. */
#ifndef ZT_VIEW_CARRY_H
#define ZT_VIEW_CARRY_H

#include "view.h"

/* Sizes v->zsince, v->zprior and v->zexact to v->snap and fills them
 * from the process table. 0 or -ENOMEM. */
int view_carry_update(struct view *v);

#endif
