/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The prompt layer: its text, where a search started, and the keys that
 * edit it. Enter keeps the search (or the filter), Esc undoes it. */
#define NCURSES_WIDECHAR 1
#include "ui_prompt.h"
#include "zclock.h"
#include "ui_screen_state.h"
#include "escape.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CTRL(c) ((c)&0x1f)
#define ESC_KEY 27

struct prompt {
	enum ui_prompt_kind kind;
	char input[UI_TEXT_MAX]; /* the line being edited */
	size_t search_origin;    /* cursor when the search prompt opened */
};

/* Removes the last UTF-8 character of s. */
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

/* Applies the prompt's text as it is typed: incremental search moves
 * the cursor, the filter rebuilds the rows. */
static unsigned
changed(struct view *v, struct prompt *p)
{
	if (p->kind == UI_PROMPT_FILTER) {
		snprintf(v->filter, sizeof(v->filter), "%s", p->input);
		if (view_rebuild(v) < 0)
			view_message(v, "out of memory");
		return UI_REDRAW;
	}
	v->screen->msg[0] = '\0';
	if (p->input[0] && !view_find(v, p->input, p->search_origin, 1))
		view_message(v, "no match");
	return UI_REDRAW;
}

static bool
is_enter(int key)
{
	return key == '\n' || key == '\r' ||
	       key == ui_keys_encode(KEY_ENTER, true);
}

static unsigned
cancel(struct view *v, struct prompt *p)
{
	unsigned r = UI_REDRAW;

	p->input[0] = '\0';
	if (p->kind == UI_PROMPT_SEARCH)
		view_set_cursor(v, (long)p->search_origin);
	else
		r = changed(v, p);
	ui_layer_pop(v->screen->layers, &ui_prompt_layer);
	return r;
}

static unsigned
prompt_key(struct view *v, struct ui_layer *l, int key)
{
	struct prompt *p = l->state;

	if (is_enter(key)) {
		if (p->kind == UI_PROMPT_SEARCH && p->input[0])
			snprintf(v->search, sizeof(v->search), "%s", p->input);
		ui_layer_pop(v->screen->layers, &ui_prompt_layer);
		return UI_REDRAW;
	}
	if (key == ESC_KEY)
		return cancel(v, p);
	if (key == ui_keys_encode(KEY_BACKSPACE, true) || key == 127 ||
	    key == CTRL('h'))
		backspace(p->input);
	else if (!(key & UI_KEY_FN) && key >= ' ')
		append(p->input, sizeof(p->input), key);
	else
		return 0;
	return changed(v, p);
}

/* On the footer line, which the footer leaves blank while a prompt is
 * open; a search's "no match" follows the text. */
static void
prompt_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	const struct prompt *p = l->state;
	char esc[UI_TEXT_MAX * 4];
	const char *label =
	    p->kind == UI_PROMPT_SEARCH ? "Search: " : "Filter: ";
	int x, y = h;

	if (h < 1)
		return;
	escape_buf(p->input, strlen(p->input), esc, sizeof(esc),
	    v->opts.ascii ? ESC_ASCII : 0);
	x = ui_draw_text(y, 0, w, label, ui_color_attr(UI_C_LABEL));
	x += ui_draw_text(y, x, w - x, esc, ui_color_attr(UI_C_NORMAL));
	if (v->screen->msg[0] && p->kind == UI_PROMPT_SEARCH &&
	    zclock_real() < v->screen->msg_until)
		ui_draw_text(y, x + 2, w - x - 2, v->screen->msg,
		    ui_color_attr(UI_C_WARN));
}

const struct ui_layer_ops ui_prompt_layer = {
    .name = "prompt",
    .footer = true,
    .draw = prompt_draw,
    .key = prompt_key,
    .free = free,
};

unsigned
ui_prompt_open(struct view *v, enum ui_prompt_kind kind)
{
	struct prompt *p = calloc(1, sizeof(*p));

	if (!p || ui_layer_push(v->screen->layers, &ui_prompt_layer, p) < 0) {
		view_message(v, "out of memory");
		return UI_REDRAW;
	}
	p->kind = kind;
	p->search_origin = v->cur;
	if (kind == UI_PROMPT_FILTER)
		snprintf(p->input, sizeof(p->input), "%s", v->filter);
	return UI_REDRAW;
}
