/* SPDX-License-Identifier: GPL-2.0-or-later */
/* evlog_format escapes the names, so lines go to the screen as they are;
 * each starts with its local time of day and wraps under its text, so a
 * long outcome is read whole. The view's filter text, when
 * set, keeps the events whose line contains it. */
#define NCURSES_WIDECHAR 1
#include "ui_log.h"
#include "ui_color.h"
#include "ui_draw.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
kind_attr(enum evlog_kind k)
{
	switch (k) {
	case EVLOG_APPEARED:
		return ui_color_attr(UI_C_ZOMBIE);
	case EVLOG_ACTION:
		return ui_color_attr(UI_C_WARN);
	default:
		return ui_color_attr(UI_C_NORMAL);
	}
}

#define WHEN_W 9 /* "HH:MM:SS " */

/* Draws an event from line y, wrapped under its text, in at most max
 * lines; returns the lines it took. */
static int
draw_event(const struct evlog_event *ev, int y, int max, int w)
{
	char line[1200], when[16];
	const char *s = line;
	struct tm tm;
	time_t t = ev->when.tv_sec;
	int n = 0;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%H:%M:%S ", &tm);
	evlog_format(ev, line, sizeof(line));
	ui_draw_text(y, 0, w, when, ui_color_attr(UI_C_DIM));
	while (n < max && (*s || n == 0)) {
		size_t k = ui_draw_fit_words(s, w - WHEN_W);
		char piece[sizeof(line)];

		snprintf(piece, sizeof(piece), "%.*s", (int)k, s);
		ui_draw_text(
		    y + n++, WHEN_W, w - WHEN_W, piece, kind_attr(ev->kind));
		s += k;
	}
	return n;
}

/* Lines event i takes at width w. */
static int
event_lines(const struct evlog *log, size_t i, int w)
{
	char line[1200];

	evlog_format(evlog_at(log, i), line, sizeof(line));
	return ui_draw_wrapped_lines(line, w - WHEN_W > 10 ? w - WHEN_W : 10);
}

/* Indices of the events whose line contains filter (all when ""). */
static size_t
matching(const struct evlog *log, const char *filter, size_t *idx)
{
	char line[1200];
	size_t n = 0;

	for (size_t i = 0; i < evlog_count(log); i++) {
		if (filter[0]) {
			evlog_format(evlog_at(log, i), line, sizeof(line));
			if (!strstr(line, filter))
				continue;
		}
		idx[n++] = i;
	}
	return n;
}

/* The first event that shows the newest ones at the bottom. */
static int
last_first(const struct evlog *log, const size_t *idx, int n, int rows, int w)
{
	int used = 0, k = n;

	while (k > 0 && used + event_lines(log, idx[k - 1], w) <= rows)
		used += event_lines(log, idx[--k], w);
	return k < n ? k : (n > 0 ? n - 1 : 0);
}

int
ui_log_draw(
    const struct evlog *log, const char *filter, int top, int y, int h, int w)
{
	size_t *idx = calloc(evlog_count(log) + 1, sizeof(*idx));
	int n = idx ? (int)matching(log, filter, idx) : 0;
	int rows = h - 1, last = idx ? last_first(log, idx, n, rows, w) : 0;
	int first = top < 0 || top >= last ? last : top;
	char title[200];

	snprintf(title, sizeof(title),
	    "Event log: %d event%s%s%s%s (Up/Down scroll, L or Esc closes)", n,
	    n == 1 ? "" : "s", filter[0] ? " matching the filter" : "",
	    evlog_dropped(log) ? ", oldest dropped" : "",
	    filter[0] ? "" : "; the filter (\\) applies");
	ui_draw_fill(y, 0, w, ui_color_attr(UI_C_TITLE));
	ui_draw_text(y, 0, w, title, ui_color_attr(UI_C_TITLE));
	if (n == 0)
		ui_draw_text(
		    y + 1, 1, w - 1, "no events yet", ui_color_attr(UI_C_DIM));
	for (int i = 0, row = 0; row < rows && first + i < n; i++)
		row += draw_event(
		    evlog_at(log, idx[first + i]), y + 1 + row, rows - row, w);
	free(idx);
	return first;
}
