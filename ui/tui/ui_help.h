/* The help screen (F1, ?): every key of the key table with its
 * description; keys sharing one action share a line. */
#ifndef ZT_UI_HELP_H
#define ZT_UI_HELP_H

#include "ui_view.h"

/* Draws over the table area, lines y to y+h-1. */
void ui_help_draw(struct ui_view *v, int y, int h, int w);

/* Up/Down/PgUp/PgDn scroll, any other key closes. */
unsigned ui_help_key(struct ui_view *v, int key);

#endif
