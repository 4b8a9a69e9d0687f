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
#include <stdio.h>
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

bool
ui_prompt_edit(char *s, size_t size, int key)
{
	if (key == ui_keys_encode(KEY_BACKSPACE, true) || key == 127 ||
	    key == CTRL('h'))
		backspace(s);
	else if (!(key & UI_KEY_FN) && key >= ' ')
		append(s, size, key);
	else
		return false;
	return true;
}

bool
ui_prompt_is_enter(int key)
{
	return key == '\n' || key == '\r' ||
	       key == ui_keys_encode(KEY_ENTER, true);
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

	if (ui_prompt_is_enter(key)) {
		if (p->kind == UI_PROMPT_SEARCH && p->input[0])
			snprintf(v->search, sizeof(v->search), "%s", p->input);
		ui_layer_pop(v->screen->layers, &ui_prompt_layer);
		return UI_REDRAW;
	}
	if (key == ESC_KEY)
		return cancel(v, p);
	if (!ui_prompt_edit(p->input, sizeof(p->input), key))
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

/* ---- A prompt for one value: a file name (w), a time (g). ---- */

#define VALUE_MAX 1024

struct value_prompt {
	const struct ui_prompt_value *spec; /* borrowed: static */
	char input[VALUE_MAX];
};

static unsigned
value_key(struct view *v, struct ui_layer *l, int key)
{
	struct value_prompt *p = l->state;
	const struct ui_prompt_value *spec = p->spec;
	char text[VALUE_MAX];

	if (ui_prompt_is_enter(key)) {
		snprintf(text, sizeof(text), "%s", p->input);
		ui_layer_pop(v->screen->layers, &ui_prompt_value_layer);
		return spec->done(v, text);
	}
	if (key == ESC_KEY) {
		ui_layer_pop(v->screen->layers, &ui_prompt_value_layer);
		return UI_REDRAW;
	}
	if (key == CTRL('u'))
		p->input[0] = '\0';
	else
		ui_prompt_edit(p->input, sizeof(p->input), key);
	return UI_REDRAW; /* every other key stays in the prompt */
}

/* The end of a long text shows: a file name is what one checks. */
static void
value_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	const struct value_prompt *p = l->state;
	char esc[VALUE_MAX * 4];
	/* The text matters more than the hint on a narrow terminal. */
	const char *label = w >= 80 ? p->spec->label : p->spec->short_label;
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

const struct ui_layer_ops ui_prompt_value_layer = {
    .name = "value",
    .footer = true,
    .draw = value_draw,
    .key = value_key,
    .free = free,
};

unsigned
ui_prompt_value_open(
    struct view *v, const struct ui_prompt_value *spec, const char *initial)
{
	struct value_prompt *p = calloc(1, sizeof(*p));

	if (!p ||
	    ui_layer_push(v->screen->layers, &ui_prompt_value_layer, p) < 0) {
		view_message(v, "out of memory");
		return UI_REDRAW;
	}
	p->spec = spec;
	snprintf(p->input, sizeof(p->input), "%s", initial ? initial : "");
	return UI_REDRAW;
}
