/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cutting and drawing escaped UTF-8 by display width: a wide character is
 * never split, an unprintable one (none should be left) counts as one. */
#define NCURSES_WIDECHAR 1
#include "ui_draw.h"

#include <curses.h>
#include <string.h>
#include <wchar.h>

size_t
ui_draw_cut(const char *s, int cols, int *used)
{
	mbstate_t st;
	size_t i = 0, len = strlen(s);
	int u = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		int w;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
			w = 1;
		} else {
			w = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
		}
		if (u + w > cols)
			break;
		u += w;
		i += k;
	}
	if (used)
		*used = u;
	return i;
}

size_t
ui_draw_fit_words(const char *s, int cols)
{
	size_t k = ui_draw_cut(s, cols, NULL), b = k;

	if (s[k] == '\0')
		return k;
	while (b > 0 && s[b - 1] != ' ')
		b--;
	if (b > 0)
		return b;
	if (k > 0)
		return k;
	return s[0] ? 1 : 0;
}

int
ui_draw_wrapped_lines(const char *s, int cols)
{
	int n = 0;

	while (*s) {
		s += ui_draw_fit_words(s, cols);
		n++;
	}
	return n ? n : 1;
}

int
ui_draw_width(const char *s)
{
	int used;

	ui_draw_cut(s, 1 << 30, &used);
	return used;
}

int
ui_draw_text(int y, int x, int cols, const char *s, int attr)
{
	int used;
	size_t n;

	if (cols <= 0)
		return 0;
	n = ui_draw_cut(s, cols, &used);
	attrset(attr);
	mvaddnstr(y, x, s, (int)n);
	return used;
}

void
ui_draw_fill(int y, int x, int cols, int attr)
{
	attrset(attr);
	move(y, x);
	for (int i = 0; i < cols; i++)
		addch(' ');
}
