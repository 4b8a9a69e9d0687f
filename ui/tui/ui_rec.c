/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording key and its path prompt, a layer on the footer line like
 * the search prompt: Enter starts, Esc cancels. */
#define NCURSES_WIDECHAR 1
#include "ui_rec.h"
#include "escape.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_screen_state.h"
#include "view_rec.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CTRL(c) ((c)&0x1f)
#define ESC_KEY 27
#define REC_INPUT_MAX 1024

struct rec_prompt {
	char input[REC_INPUT_MAX];
};

static void
backspace(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

static void
append(char *s, size_t size, int ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n = strlen(s), k;

	memset(&st, 0, sizeof(st));
	k = wcrtomb(mb, (wchar_t)ch, &st);
	if (k == (size_t)-1 || n + k + 1 > size)
		return;
	memcpy(s + n, mb, k);
	s[n + k] = '\0';
}

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

static bool
is_enter(int key)
{
	return key == '\n' || key == '\r' ||
	       key == ui_keys_encode(KEY_ENTER, true);
}

static unsigned
prompt_key(struct view *v, struct ui_layer *l, int key)
{
	struct rec_prompt *p = l->state;
	char path[REC_INPUT_MAX];

	if (is_enter(key)) {
		snprintf(path, sizeof(path), "%s", p->input);
		ui_layer_pop(v->screen->layers, &ui_rec_prompt_layer);
		if (!path[0]) {
			view_message(v, "no file name: not recording");
			return UI_REDRAW;
		}
		return start(v, path);
	}
	if (key == ESC_KEY) {
		ui_layer_pop(v->screen->layers, &ui_rec_prompt_layer);
		return UI_REDRAW;
	}
	if (key == ui_keys_encode(KEY_BACKSPACE, true) || key == 127 ||
	    key == CTRL('h'))
		backspace(p->input);
	else if (key == CTRL('u'))
		p->input[0] = '\0';
	else if (!(key & UI_KEY_FN) && key >= ' ')
		append(p->input, sizeof(p->input), key);
	return UI_REDRAW; /* every other key stays in the prompt */
}

/* The end of a long path shows: the file name is what one checks. */
static void
prompt_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	const struct rec_prompt *p = l->state;
	char esc[REC_INPUT_MAX * 4];
	/* The path matters more than the hint on a narrow terminal. */
	const char *label =
	    w >= 80 ? "Record to (Enter starts, Esc cancels): " : "Record to: ";
	const char *shown = esc;
	int x;

	if (h < 1)
		return;
	escape_buf(p->input, strlen(p->input), esc, sizeof(esc),
	    v->opts.ascii ? ESC_ASCII : 0);
	x = ui_draw_text(h, 0, w, label, ui_color_attr(UI_C_LABEL));
	while (*shown && ui_draw_width(shown) > w - x - 1)
		shown++;
	ui_draw_text(h, x, w - x, shown, ui_color_attr(UI_C_NORMAL));
}

const struct ui_layer_ops ui_rec_prompt_layer = {
    .name = "record",
    .footer = true,
    .draw = prompt_draw,
    .key = prompt_key,
    .free = free,
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
	struct rec_prompt *p;

	if (view_rec_on(v->rec))
		return stop(v);
	p = calloc(1, sizeof(*p));
	if (!p ||
	    ui_layer_push(v->screen->layers, &ui_rec_prompt_layer, p) < 0) {
		view_message(v, "out of memory");
		return UI_REDRAW;
	}
	view_rec_default_path(p->input, sizeof(p->input));
	return UI_REDRAW;
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
