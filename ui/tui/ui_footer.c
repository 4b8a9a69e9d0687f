/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hint bar is laid out the same way for drawing and for mouse hits,
 * from the hint table of ui_keys: what does not fit is left out by rank. */
#define NCURSES_WIDECHAR 1
#include "ui_footer.h"
#include "zclock.h"
#include "ui_screen_state.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define MAX_HINTS 32

static int
hint_w(const struct ui_keys_hint *h)
{
	return (int)(strlen(ui_keys_name_of(h->code)) + strlen(h->label)) + 1;
}

/* The hints that fit in w columns: the highest rank goes first until the
 * rest fit (the last one's blank may fall off the edge). x[i] is where
 * hint i starts, -1 when it is left out. Returns the hint count. */
static size_t
layout(int w, int x[MAX_HINTS])
{
	size_t n;
	const struct ui_keys_hint *h = ui_keys_hints(&n);
	int total = -1;

	n = n < MAX_HINTS ? n : MAX_HINTS;
	for (size_t i = 0; i < n; i++) {
		x[i] = 0;
		total += hint_w(&h[i]);
	}
	while (total > w) {
		size_t worst = n;

		for (size_t i = 0; i < n; i++)
			if (x[i] == 0 &&
			    (worst == n || h[i].rank > h[worst].rank))
				worst = i;
		if (worst == n || h[worst].rank <= 1)
			break;
		x[worst] = -1;
		total -= hint_w(&h[worst]);
	}
	for (size_t i = 0, at = 0; i < n; i++)
		if (x[i] == 0) {
			x[i] = (int)at;
			at += (size_t)hint_w(&h[i]);
		}
	return n;
}

static void
draw_hints(int y, int w)
{
	const struct ui_keys_hint *h = ui_keys_hints(&(size_t){0});
	int x[MAX_HINTS];
	size_t n = layout(w, x);

	for (size_t i = 0; i < n; i++) {
		int at = x[i];

		if (at < 0 || at >= w)
			continue;
		at += ui_draw_text(y, at, w - at, ui_keys_name_of(h[i].code),
		    ui_color_attr(UI_C_KEY));
		ui_draw_text(
		    y, at, w - at, h[i].label, ui_color_attr(UI_C_LABEL));
	}
}

static bool
showing_msg(const struct view *v, bool taken)
{
	return !taken && v->screen->msg[0] &&
	       zclock_real() < v->screen->msg_until;
}

int
ui_footer_height(const struct view *v, int w, bool taken)
{
	int n;

	if (!showing_msg(v, taken) || w < 2)
		return 1;
	n = ui_draw_wrapped_lines(v->screen->msg, w);
	return n < UI_FOOTER_MAX ? n : UI_FOOTER_MAX;
}

/* The message wrapped at blanks; the last line ends in "..." if the
 * text goes on (the event log has it whole). */
static void
draw_msg(const struct view *v, int y, int w)
{
	int n = ui_footer_height(v, w, false), attr = ui_color_attr(UI_C_WARN);
	const char *s = v->screen->msg;
	char buf[UI_MSG_MAX];

	for (int i = 0; i < n && *s; i++) {
		size_t k = ui_draw_fit_words(s, w);

		if (i == n - 1 && s[k])
			k = ui_draw_cut(s, w - 4, NULL);
		snprintf(buf, sizeof(buf), "%.*s%s", (int)k, s,
		    i == n - 1 && s[k] ? " ..." : "");
		ui_draw_fill(y + i, 0, w, ui_color_attr(UI_C_NORMAL));
		ui_draw_text(y + i, 0, w, buf, attr);
		s += k;
	}
}

void
ui_footer_draw(struct view *v, int y, int w, bool taken)
{
	int h = ui_footer_height(v, w, taken);

	v->screen->footer_y = y + h - 1;
	ui_draw_fill(y, 0, w, ui_color_attr(UI_C_NORMAL));
	if (taken)
		return;
	if (showing_msg(v, taken))
		draw_msg(v, y, w);
	else
		draw_hints(y, w);
}

int
ui_footer_hit(const struct view *v, int x, bool taken)
{
	const struct ui_keys_hint *h = ui_keys_hints(&(size_t){0});
	int at[MAX_HINTS];
	size_t n = layout(COLS, at);

	(void)v;
	if (taken)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (at[i] >= 0 && x >= at[i] && x < at[i] + hint_w(&h[i]))
			return h[i].code;
	return 0;
}
