/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The detail panel (Enter, or docked at the bottom on tall terminals):
 * identifiers and full command line of any process; for a zombie its exit
 * status and parent; for a zombie's parent its state and wchan. */
#ifndef ZT_UI_PANEL_H
#define ZT_UI_PANEL_H

#include "ui_view.h"

/* Lines the panel wants for the selected process at this width. */
int ui_panel_height(const struct ui_view *v, int w);

/* Draws the panel on lines y to y+h-1. */
void ui_panel_draw(const struct ui_view *v, int y, int h, int w);

#endif
