/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Width-aware text output for the view's widgets: strings are UTF-8 that
 * has already passed through escape_buf; widths come from wcwidth. */
#ifndef ZT_UI_DRAW_H
#define ZT_UI_DRAW_H

#include <stddef.h>

/* Bytes of s that fill at most cols columns; *used gets the columns. */
size_t ui_draw_cut(const char *s, int cols, int *used);

/* Bytes of s for one line of at most cols columns, broken after a blank
 * when s goes on and one is there; at least one character. */
size_t ui_draw_fit_words(const char *s, int cols);

/* Lines of at most cols columns that s wraps to with ui_draw_fit_words. */
int ui_draw_wrapped_lines(const char *s, int cols);

/* Terminal columns of s. */
int ui_draw_width(const char *s);

/* Draws s at (y, x) in at most cols columns with attr; returns the
 * columns used. */
int ui_draw_text(int y, int x, int cols, const char *s, int attr);

/* Fills cols columns from (y, x) with blanks in attr. */
void ui_draw_fill(int y, int x, int cols, int attr);

#endif
