/* evlog_format escapes the names, so lines go to the screen as they are;
 * each starts with its local time of day. */
#define NCURSES_WIDECHAR 1
#include "ui_log.h"
#include "ui_color.h"
#include "ui_draw.h"

#include <curses.h>
#include <stdio.h>
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

int
ui_log_draw(const struct evlog *log, int top, int y, int h, int w)
{
	int n = (int)evlog_count(log), rows = h - 1, last, first;
	char title[160];

	last = n - rows > 0 ? n - rows : 0;
	first = top < 0 || top >= last ? last : top;
	snprintf(title, sizeof(title),
	    "Event log: %d event%s%s (Up/Down scroll, L or Esc closes)", n,
	    n == 1 ? "" : "s", evlog_dropped(log) ? ", oldest dropped" : "");
	ui_draw_fill(y, 0, w, ui_color_attr(UI_C_TITLE));
	ui_draw_text(y, 0, w, title, ui_color_attr(UI_C_TITLE));
	if (n == 0)
		ui_draw_text(
		    y + 1, 1, w - 1, "no events yet", ui_color_attr(UI_C_DIM));
	for (int i = 0; i < rows && first + i < n; i++)
		draw_event(evlog_at(log, (size_t)(first + i)), y + 1 + i, w);
	return first;
}
