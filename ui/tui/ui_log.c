/* evlog_format escapes the names, so lines go to the screen as they are;
 * each starts with its local time of day. The view's filter text, when
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

static void
draw_event(const struct evlog_event *ev, int y, int w)
{
	char line[1200], when[16];
	struct tm tm;
	time_t t = ev->when.tv_sec;
	int x;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%H:%M:%S ", &tm);
	evlog_format(ev, line, sizeof(line));
	x = ui_draw_text(y, 0, w, when, ui_color_attr(UI_C_DIM));
	ui_draw_text(y, x, w - x, line, kind_attr(ev->kind));
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

int
ui_log_draw(
    const struct evlog *log, const char *filter, int top, int y, int h, int w)
{
	size_t *idx = calloc(evlog_count(log) + 1, sizeof(*idx));
	int n = idx ? (int)matching(log, filter, idx) : 0;
	int rows = h - 1, last = n - rows > 0 ? n - rows : 0;
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
	for (int i = 0; i < rows && first + i < n; i++)
		draw_event(evlog_at(log, idx[first + i]), y + 1 + i, w);
	free(idx);
	return first;
}
