/* SPDX-License-Identifier: GPL-2.0-or-later */
/* u: a list of the users that own processes in the snapshot, and "all
 * users"; the pick filters the view by uid as -u does. */
#ifndef ZT_UI_USERPICK_H
#define ZT_UI_USERPICK_H

#include "view.h"

unsigned ui_userpick_open(struct view *v);

#endif
