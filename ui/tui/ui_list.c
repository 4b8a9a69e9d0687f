/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One layer kind for every page of lines: the user list of u (a cursor,
 * Enter picks) and the environment and open files of e and l (reading
 * only, filled by a job's tick). Long lines scroll sideways (Right,
 * Left). Draws only what it holds: no I/O. */
#define NCURSES_WIDECHAR 1
#include "ui_list.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layer.h"
#include "ui_screen_state.h"

#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_ESC 27
#define LIST_HSTEP 8 /* columns per Right / Left */

static const struct ui_layer_ops list_layer;

struct ui_list {
	char title[256];
	char **lines; /* owned, each owned */
	long *data;   /* owned, per line */
	size_t n, cap;
	size_t top, cur;
	ui_list_pick pick; /* NULL: no cursor */
	ui_list_tick tick;
	void (*done)(void *);
	void *arg; /* owned when done is set */
	int page;  /* lines shown last time, for PgUp/PgDn */
	int left;  /* columns scrolled off to the left (Right / Left) */
};

struct ui_list *
ui_list_new(const char *title, ui_list_pick pick)
{
	struct ui_list *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	snprintf(l->title, sizeof(l->title), "%s", title);
	l->pick = pick;
	l->page = 10;
	return l;
}

int
ui_list_add(struct ui_list *l, const char *line, long data)
{
	char *s;

	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 32;
		char **nl = realloc(l->lines, c * sizeof(*nl));
		long *nd;

		if (!nl)
			return -ENOMEM;
		l->lines = nl;
		if (!(nd = realloc(l->data, c * sizeof(*nd))))
			return -ENOMEM;
		l->data = nd;
		l->cap = c;
	}
	if (!(s = strdup(line)))
		return -ENOMEM;
	l->lines[l->n] = s;
	l->data[l->n++] = data;
	return 0;
}

int
ui_list_addf(struct ui_list *l, long data, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_list_add(l, buf, data);
}

void
ui_list_set_cursor(struct ui_list *l, size_t i)
{
	l->cur = i < l->n ? i : 0;
}

void
ui_list_set_job(
    struct ui_list *l, ui_list_tick tick, void (*done)(void *), void *arg)
{
	l->tick = tick;
	l->done = done;
	l->arg = arg;
}

void
ui_list_drop_last(struct ui_list *l)
{
	if (l->n)
		free(l->lines[--l->n]);
}

void
ui_list_clear(struct ui_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->lines[i]);
	l->n = l->top = l->cur = 0;
}

void
ui_list_free(struct ui_list *l)
{
	if (!l)
		return;
	ui_list_clear(l);
	free(l->lines);
	free(l->data);
	if (l->done)
		l->done(l->arg);
	free(l);
}

static void
list_free(void *state)
{
	ui_list_free(state);
}

/* Keeps the cursor (or, without one, the first line) inside the page. */
static void
settle(struct ui_list *l, int h)
{
	size_t page = h > 1 ? (size_t)h - 1 : 1;
	size_t max_top = l->n > page ? l->n - page : 0;

	l->page = (int)page;
	if (l->pick) {
		if (l->cur < l->top)
			l->top = l->cur;
		if (l->cur >= l->top + page)
			l->top = l->cur - page + 1;
	}
	if (l->top > max_top)
		l->top = max_top;
}

/* s without its first cols columns (a long line scrolled sideways). */
static const char *
shifted(const char *s, int cols)
{
	int used;

	return cols > 0 ? s + ui_draw_cut(s, cols, &used) : s;
}

static void
list_draw(struct view *v, struct ui_layer *ly, int h, int w)
{
	struct ui_list *l = ly->state;
	char more[48];

	(void)v;
	if (h < 1)
		return;
	settle(l, h);
	ui_draw_fill(0, 0, w, ui_color_attr(UI_C_TITLE));
	snprintf(more, sizeof(more), " [%zu-%zu/%zu]", l->n ? l->top + 1 : 0,
	    l->top + (size_t)l->page < l->n ? l->top + (size_t)l->page : l->n,
	    l->n);
	ui_draw_text(0, 0, w, l->title, ui_color_attr(UI_C_TITLE));
	if (ui_draw_width(l->title) + ui_draw_width(more) < w)
		ui_draw_text(0, w - ui_draw_width(more), w, more,
		    ui_color_attr(UI_C_TITLE));
	for (int y = 1; y < h; y++) {
		size_t i = l->top + (size_t)y - 1;
		bool sel = l->pick && i == l->cur;
		int attr = ui_color_row_attr(UI_C_NORMAL, sel);

		ui_draw_fill(y, 0, w, attr);
		if (i < l->n)
			ui_draw_text(
			    y, 1, w - 1, shifted(l->lines[i], l->left), attr);
	}
}

/* Moves the cursor, or the page without one. */
static void
step(struct ui_list *l, long d)
{
	size_t *at = l->pick ? &l->cur : &l->top;
	long to = (long)*at + d;
	long max = l->n ? (long)l->n - 1 : 0;

	*at = to < 0 ? 0 : to > max ? (size_t)max : (size_t)to;
}

static unsigned
picked(struct view *v, struct ui_list *l)
{
	ui_list_pick pick = l->pick;
	long data = l->n ? l->data[l->cur] : 0;
	size_t i = l->cur;
	bool any = l->n > 0;

	ui_layer_pop(v->screen->layers, &list_layer);
	return any ? pick(v, i, data) : UI_REDRAW;
}

static unsigned
list_key(struct view *v, struct ui_layer *ly, int key)
{
	struct ui_list *l = ly->state;

	if (key == ui_keys_encode(KEY_DOWN, true) || key == 'j')
		step(l, 1);
	else if (key == ui_keys_encode(KEY_UP, true) || key == 'k')
		step(l, -1);
	else if (key == ui_keys_encode(KEY_NPAGE, true) || key == ' ')
		step(l, l->page);
	else if (key == ui_keys_encode(KEY_PPAGE, true))
		step(l, -l->page);
	else if (key == ui_keys_encode(KEY_RIGHT, true))
		l->left += LIST_HSTEP;
	else if (key == ui_keys_encode(KEY_LEFT, true))
		l->left = l->left > LIST_HSTEP ? l->left - LIST_HSTEP : 0;
	else if (key == ui_keys_encode(KEY_HOME, true))
		step(l, -(long)l->n);
	else if (key == ui_keys_encode(KEY_END, true))
		step(l, (long)l->n);
	else if (l->pick && (key == '\n' || key == '\r' ||
	                        key == ui_keys_encode(KEY_ENTER, true)))
		return picked(v, l);
	else if (key == 'q' || key == LIST_ESC ||
	         key == ui_keys_encode(KEY_F(10), true) || !l->pick)
		ui_layer_pop(v->screen->layers, &list_layer);
	return UI_REDRAW;
}

static unsigned
list_tick(struct view *v, struct ui_layer *ly)
{
	struct ui_list *l = ly->state;

	return l->tick ? l->tick(v, l, l->arg) : 0;
}

static const struct ui_layer_ops list_layer = {
    .name = "list",
    .page = true,
    .draw = list_draw,
    .key = list_key,
    .tick = list_tick,
    .free = list_free,
};

unsigned
ui_list_open(struct view *v, struct ui_list *l)
{
	if (!l || ui_layer_push(v->screen->layers, &list_layer, l) < 0)
		view_message(v, "out of memory");
	return UI_REDRAW;
}
