/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header meters as htop draws them: CPU per core when the cores fit
 * in the lines allowed, else one CPU bar; Mem and Swp side by side. */
#ifndef ZT_UI_METERS_H
#define ZT_UI_METERS_H

#include "view.h"

/* Lines the meters take on a w x h terminal: 0 when hidden, before the
 * first sample, or on a short terminal. */
int ui_meters_height(const struct view *v, int w, int h);

/* Draws them from line y; returns the lines used. */
int ui_meters_draw(const struct view *v, int y, int w, int h);

#endif
