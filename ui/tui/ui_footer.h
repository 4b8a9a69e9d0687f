/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bottom line: the function-key bar generated from the key hints,
 * or a short message; blank while a layer (the search / filter prompt)
 * takes the line. */
#ifndef ZT_UI_FOOTER_H
#define ZT_UI_FOOTER_H

#include <stdbool.h>

#include "view.h"

/* taken: a layer draws on the footer line (ui_layer_footer). */

/* Lines the footer needs at width w: a long status message wraps onto
 * up to UI_FOOTER_MAX lines (the whole text is in the event log too). */
#define UI_FOOTER_MAX 4
int ui_footer_height(const struct view *v, int w, bool taken);

/* Draws the footer from line y down to the screen's end. */
void ui_footer_draw(struct view *v, int y, int w, bool taken);

/* The key code of the hint at column x of the footer as drawn at the
 * screen's width, or 0 for none (mouse clicks). */
int ui_footer_hit(const struct view *v, int x, bool taken);

#endif
