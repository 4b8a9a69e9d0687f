/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording key and its path prompt (ui_prompt's value prompt, on
 * the footer line like the search prompt): Enter starts, Esc cancels. */
#include "ui_rec.h"
#include "escape.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "ui_screen_state.h"
#include "view_rec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A message naming the file, its name escaped as every shown text. */
static void
say(struct view *v, const char *pre, const char *path, const char *post)
{
	char esc[UI_MSG_MAX / 2], m[UI_MSG_MAX];

	escape_buf(path, strlen(path), esc, sizeof(esc),
	    v->opts.ascii ? ESC_ASCII : 0);
	snprintf(m, sizeof(m), "%s%s%s", pre, esc, post);
	view_message(v, m);
}

static void
say_err(struct view *v, const char *pre, const char *path, int rc)
{
	char why[128];

	snprintf(why, sizeof(why), ": %s", strerror(-rc));
	say(v, pre, path, why);
}

static unsigned
start(struct view *v, const char *path)
{
	int rc =
	    view_rec_start(v->rec, path, v->opts.delay, v->lab != NULL, &v->tl);

	if (rc < 0)
		say_err(v, "cannot record to ", path, rc);
	else
		say(v, "recording to ", path, " (w stops)");
	/* The first refresh goes to the file now, not a delay later. */
	return rc == 0 && !v->paused ? UI_REDRAW | UI_RESCAN : UI_REDRAW;
}

/* Enter in the path prompt. */
static unsigned
path_done(struct view *v, const char *path)
{
	if (!path[0]) {
		view_message(v, "no file name: not recording");
		return UI_REDRAW;
	}
	return start(v, path);
}

static const struct ui_prompt_value path_prompt = {
    .label = "Record to (Enter starts, Esc cancels): ",
    .short_label = "Record to: ",
    .done = path_done,
};

static unsigned
stop(struct view *v)
{
	char path[VIEW_REC_PATH_MAX], more[64];
	unsigned long long n = view_rec_frames(v->rec, path, sizeof(path));
	int rc = view_rec_stop(v->rec);

	snprintf(more, sizeof(more), ", %llu refresh%s", n, n == 1 ? "" : "es");
	if (rc < 0)
		say_err(v, "recording ended badly: ", path, rc);
	else
		say(v, "recording stopped: ", path, more);
	return UI_REDRAW;
}

unsigned
ui_rec_key(struct view *v)
{
	char path[VIEW_REC_PATH_MAX];

	if (view_rec_on(v->rec))
		return stop(v);
	view_rec_default_path(path, sizeof(path));
	return ui_prompt_value_open(v, &path_prompt, path);
}

unsigned
ui_rec_tick(struct view *v)
{
	char path[VIEW_REC_PATH_MAX];
	int rc = view_rec_failed(v->rec);

	if (rc == 0)
		return 0;
	view_rec_frames(v->rec, path, sizeof(path));
	say_err(v, "recording stopped by an error: ", path, rc);
	return UI_REDRAW;
}
