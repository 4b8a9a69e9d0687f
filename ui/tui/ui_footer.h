/* The bottom line: the function-key bar generated from the key hints,
 * or the search / filter prompt while one is open, or a short message. */
#ifndef ZT_UI_FOOTER_H
#define ZT_UI_FOOTER_H

#include "ui_view.h"

void ui_footer_draw(struct ui_view *v, int y, int w);

/* The key code of the hint at column x, or 0 for none (mouse clicks). */
int ui_footer_hit(const struct ui_view *v, int x);

#endif
