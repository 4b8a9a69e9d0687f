/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header: host, uptime, load, clock; task counts by state with the
 * zombies in their own colour, zombie parents, exited leaders and a
 * sparkline of the zombie count; a warning line when /proc hides things. */
#ifndef ZT_UI_HEADER_H
#define ZT_UI_HEADER_H

#include "view.h"

/* Lines the header needs above the meters. */
int ui_header_height(const struct view *v);

/* Draws from line 0, the meters (ui_meters.h) last, on a w x h
 * terminal; returns the lines used. */
int ui_header_draw(const struct view *v, int w, int h);

#endif
