/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-process state the view carries from one snapshot to the next
 * (CPU ticks) and the zombies' exit times from the process table. No
 * curses, no I/O. */
#ifndef ZT_VIEW_CARRY_H
#define ZT_VIEW_CARRY_H

#include "view.h"

/* Sizes v->cpu, v->zsince, v->zprior and v->zexact to v->snap and fills
 * them from the last scan's ticks and the process table. 0 or -ENOMEM. */
int view_carry_update(struct view *v);

#endif
