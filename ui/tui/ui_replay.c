/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The replay's keys and header line over view_replay, which feeds the
 * model. Every move is adopted at once; a move that cannot be made says
 * why on the status line. */
#define NCURSES_WIDECHAR 1
#include "ui_replay.h"
#include "escape.h"
#include "ui_action.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view_replay.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The view's on_snap in replay (arg: the view): the log shows the
 * recorded events up to the cursor, whichever way it moved. */
static void
follow_log(void *arg, const struct snap *prev, const struct snap *cur)
{
	struct view *v = arg;

	(void)prev;
	(void)cur;
	if (ui_action_replace_log(v, view_replay_log(v)) < 0)
		view_message(v, "out of memory: the event log is behind");
}

int
ui_replay_start(struct view *v, const char *path)
{
	char err[300];
	int rc = view_replay_open(v, path, err, sizeof(err));

	if (rc < 0) {
		fprintf(stderr, "zombietop: %s: %s\n", path, err);
		return rc;
	}
	v->meters.hidden = true; /* this machine's, not the recorded one's */
	v->on_snap = follow_log;
	v->on_snap_arg = v;
	return 0;
}

bool
ui_replay_refuse(struct view *v)
{
	if (!v->replay)
		return false;
	view_message(v, "replay: actions are disabled");
	return true;
}

bool
ui_replay_time_key(const struct view *v, int key)
{
	return v->replay && ui_keys_replay_time(key);
}

/* "REPLAY host  2026-12-02 03:02:00  refresh 3/40" */
void
ui_replay_header(const struct view *v, int w)
{
	const struct rec_read_info *in = view_replay_info(v);
	char host[160], when[32], pos[48];
	time_t t = (time_t)view_replay_time(v);
	size_t n, i = view_replay_cursor(v, &n);
	struct tm tm;
	int x;

	escape_buf(in->host, strlen(in->host), host, sizeof(host),
	    v->opts.ascii ? ESC_ASCII : 0);
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(pos, sizeof(pos), "  refresh %zu/%zu", i + 1, n);
	x = ui_draw_text(0, 0, w, "zombietop ", ui_color_attr(UI_C_VALUE));
	x += ui_draw_text(0, x, w - x, "REPLAY ", ui_color_attr(UI_C_WARN));
	x += ui_draw_text(0, x, w - x, host, ui_color_attr(UI_C_VALUE));
	x += ui_draw_text(0, x, w - x, "  ", ui_color_attr(UI_C_VALUE));
	x += ui_draw_text(0, x, w - x, when, ui_color_attr(UI_C_VALUE));
	ui_draw_text(0, x, w - x, pos, ui_color_attr(UI_C_HEADER));
}

static unsigned
live(struct view *v)
{
	view_message(v, "replay keys: only with --replay FILE");
	return UI_REDRAW;
}

/* The status line after a move that was not made (rc < 0). */
static unsigned
moved(struct view *v, int rc, const char *none)
{
	if (rc == -ERANGE || rc == -ENOENT)
		view_message(v, none);
	else if (rc == -EINVAL)
		view_message(v, "replay: not a time: ISO 8601 "
		                "(2026-12-02T03:02:00Z), +SECONDS from the "
		                "start or -SECONDS from the end");
	else if (rc < 0 && rc != -EIO) /* -EIO: view_replay said why */
		view_message(v, strerror(-rc));
	return UI_REDRAW;
}

static unsigned
step(struct view *v, int dir)
{
	if (!v->replay)
		return live(v);
	return moved(v, view_replay_step(v, dir),
	    dir > 0 ? "replay: at the last refresh"
	            : "replay: at the first refresh");
}

unsigned
ui_replay_forward(struct view *v)
{
	return step(v, 1);
}

unsigned
ui_replay_back(struct view *v)
{
	return step(v, -1);
}

/* The zombie that appeared at the event, else the process it is about,
 * becomes the selection. */
static void
select_event(struct view *v)
{
	const struct evlog *log = view_replay_log(v);
	size_t n = evlog_count(log);
	long r = n > 0 ? view_row_of(v, evlog_at(log, n - 1)->pid) : -1;

	if (r >= 0)
		view_set_cursor(v, r);
}

static unsigned
event(struct view *v, int dir)
{
	int rc;

	if (!v->replay)
		return live(v);
	rc = view_replay_event(v, dir);
	if (rc == 0)
		select_event(v);
	return moved(v, rc,
	    dir > 0 ? "replay: no zombie event after this refresh"
	            : "replay: no zombie event before this refresh");
}

unsigned
ui_replay_next_event(struct view *v)
{
	return event(v, 1);
}

unsigned
ui_replay_prev_event(struct view *v)
{
	return event(v, -1);
}

static unsigned
goto_done(struct view *v, const char *text)
{
	if (!text[0])
		return UI_REDRAW;
	return moved(v, view_replay_goto(v, text), "replay: no such time");
}

static const struct ui_prompt_value time_prompt = {
    .label = "Go to (ISO 8601, +SECONDS, -SECONDS): ",
    .short_label = "Go to: ",
    .done = goto_done,
};

unsigned
ui_replay_goto(struct view *v)
{
	if (!v->replay)
		return live(v);
	return ui_prompt_value_open(v, &time_prompt, NULL);
}
