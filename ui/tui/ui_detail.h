/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The detail panel (Enter, or docked at the bottom on tall terminals):
 * identifiers and full command line of any process; for a zombie its exit
 * status and parent; for a zombie's parent its state and wchan. */
#ifndef ZT_UI_DETAIL_H
#define ZT_UI_DETAIL_H

#include "view.h"

/* Lines the panel wants for the selected process at this width. */
int ui_detail_height(const struct view *v, int w);

/* Draws the panel on lines y to y+h-1. */
void ui_detail_draw(const struct view *v, int y, int h, int w);

#endif
