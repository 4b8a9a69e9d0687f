/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The setup layer and the file behind it. Two setups are kept: the
 * file's (what conf_save writes, so an option given once on the command
 * line is not saved) and the one in use; a change in F2 goes to both. A
 * file that did not parse is never written (conf_save refuses). */
#define NCURSES_WIDECHAR 1
#include "ui_setup.h"
#include "conf.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layer.h"
#include "ui_screen_state.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows of the layer: the settings, then one per column. */
enum setup_row {
	ROW_METERS,
	ROW_SCHEME,
	ROW_DELAY,
	ROW_MODE,
	ROW_ASCII,
	ROW_SORT,
	ROW_MOUSE,
	ROW_COLS, /* + enum conf_column */
};

#define NROWS (ROW_COLS + CONF_COL_COUNT)

struct setup {
	int cur; /* the selected row */
};

/* The command line as a setup, and which settings it gave. */
static unsigned
cmdline(const struct cli_opts *o, struct conf *c)
{
	const char *nc = getenv("NO_COLOR");
	unsigned given = 0;

	conf_init(c);
	if (o->no_meters) {
		c->meters = false;
		given |= CONF_GIVEN_METERS;
	}
	if (o->nshow_cols) {
		for (size_t i = 0; i < o->nshow_cols; i++)
			c->columns[i] = (enum conf_column)o->show_cols[i];
		c->ncolumns = o->nshow_cols;
		given |= CONF_GIVEN_COLUMNS;
	}
	if (o->no_color || o->monochrome || (nc && *nc)) {
		c->scheme = CONF_SCHEME_MONOCHROME;
		given |= CONF_GIVEN_SCHEME;
	}
	if (o->delay_given) {
		c->delay = o->delay;
		given |= CONF_GIVEN_DELAY;
	}
	if (o->ascii) {
		c->ascii = true;
		given |= CONF_GIVEN_ASCII;
	}
	if (o->no_mouse) {
		c->mouse = false;
		given |= CONF_GIVEN_MOUSE;
	}
	return given;
}

/* /proc/PID/io is read only while a column shows it. */
static bool
io_shown(const struct conf *c)
{
	for (size_t i = 0; i < c->ncolumns; i++)
		if (c->columns[i] == CONF_COL_IO_R ||
		    c->columns[i] == CONF_COL_IO_W)
			return true;
	return false;
}

/* One row's setting of the setup in use onto the view and the screen. */
static void
apply_row(struct view *v, const struct conf *c, int row, bool locale_ascii)
{
	struct ui_screen_state *st = v->screen;

	switch (row) {
	case ROW_METERS:
		v->meters.hidden = !c->meters;
		break;
	case ROW_SCHEME: /* ui_color_init: after initscr only */
	case ROW_MOUSE:  /* ui_setup_mouse: likewise */
		break;
	case ROW_DELAY:
		v->opts.delay = c->delay / 10.0;
		break;
	case ROW_MODE:
		v->list_mode = !c->tree;
		break;
	case ROW_ASCII:
		v->opts.ascii = c->ascii || locale_ascii;
		break;
	case ROW_SORT:
		v->sort = c->sort;
		v->sort_desc = c->sort_desc;
		break;
	default:
		memcpy(st->cols, c->columns, c->ncolumns * sizeof(*c->columns));
		st->ncols = c->ncolumns;
		view_io_want(&v->io, io_shown(c));
	}
}

static void
apply(struct view *v, const struct conf *c, bool locale_ascii)
{
	for (int row = ROW_METERS; row <= ROW_COLS; row++)
		apply_row(v, c, row, locale_ascii);
}

int
ui_setup_start(struct view *v, const struct cli_opts *o, int *scheme)
{
	struct ui_screen_state *st = v->screen;
	struct conf line;
	unsigned given = cmdline(o, &line);
	bool locale_ascii = v->opts.ascii && !o->ascii;
	int rc;

	st->file = calloc(1, sizeof(*st->file));
	st->conf = calloc(1, sizeof(*st->conf));
	if (!st->file || !st->conf) {
		conf_done(&line);
		return -ENOMEM;
	}
	conf_init(st->file);
	if (conf_path(st->path, sizeof(st->path)) == 0)
		conf_load(st->file, st->path);
	else
		st->path[0] = '\0';
	rc = conf_merge(st->file, &line, given, st->conf);
	conf_done(&line);
	if (rc < 0)
		return rc;
	st->locale_ascii = locale_ascii;
	apply(v, st->conf, locale_ascii);
	*scheme = (int)st->conf->scheme;
	if (st->file->msg[0])
		view_message(v, st->file->msg);
	return 0;
}

void
ui_setup_mouse(const struct ui_screen_state *st)
{
	bool on = !st->conf || st->conf->mouse;

	mousemask(on ? BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED |
	                   BUTTON4_PRESSED | BUTTON5_PRESSED
	             : 0,
	    NULL);
}

void
ui_setup_free(struct ui_screen_state *st)
{
	if (!st)
		return;
	conf_done(st->file);
	free(st->file);
	conf_done(st->conf);
	free(st->conf);
	st->file = st->conf = NULL;
}

static bool
col_shown(const struct conf *c, enum conf_column col, size_t *at)
{
	for (size_t i = 0; i < c->ncolumns; i++)
		if (c->columns[i] == col) {
			*at = i;
			return true;
		}
	return false;
}

/* Shows or hides a column: a shown one goes at the end (before COMMAND). */
static void
toggle_col(struct conf *c, enum conf_column col)
{
	size_t at;

	if (col_shown(c, col, &at)) {
		memmove(&c->columns[at], &c->columns[at + 1],
		    (c->ncolumns - at - 1) * sizeof(*c->columns));
		c->ncolumns--;
	} else if (c->ncolumns < CONF_COL_COUNT) {
		c->columns[c->ncolumns++] = col;
	}
}

/* [ and ] move a shown column one place earlier or later. */
#define MOVE_EARLIER (-2)
#define MOVE_LATER 2

static void
move_col(struct conf *c, enum conf_column col, int dir)
{
	size_t at, to;
	enum conf_column t;

	if (!col_shown(c, col, &at))
		return;
	to = dir < 0 ? (at > 0 ? at - 1 : at)
	             : (at + 1 < c->ncolumns ? at + 1 : at);
	t = c->columns[to];
	c->columns[to] = c->columns[at];
	c->columns[at] = t;
}

/* One step of row's setting in c, forward (dir 1) or back (-1); a
 * column's row also takes MOVE_EARLIER and MOVE_LATER. */
static void
step(struct conf *c, int row, int dir)
{
	static const int delays[] = {5, 10, 15, 20, 30, 50, 100, 300};
	size_t nd = sizeof(delays) / sizeof(delays[0]), k = 0;

	if (row < ROW_COLS && (dir == MOVE_EARLIER || dir == MOVE_LATER))
		return;
	switch (row) {
	case ROW_METERS:
		c->meters = !c->meters;
		break;
	case ROW_SCHEME:
		c->scheme = (enum conf_scheme)(
		    (c->scheme + CONF_SCHEME_COUNT + dir) % CONF_SCHEME_COUNT);
		break;
	case ROW_DELAY:
		while (k < nd && delays[k] < c->delay)
			k++;
		k = dir > 0 ? (k + 1 < nd ? k + 1 : nd - 1) : (k ? k - 1 : 0);
		c->delay = delays[k];
		break;
	case ROW_MODE:
		c->tree = !c->tree;
		break;
	case ROW_ASCII:
		c->ascii = !c->ascii;
		break;
	case ROW_MOUSE:
		c->mouse = !c->mouse;
		break;
	case ROW_SORT:
		c->sort = (enum ui_sort)(
		    (c->sort + UI_SORT_COUNT + dir) % UI_SORT_COUNT);
		break;
	default:
		if (dir == MOVE_EARLIER || dir == MOVE_LATER)
			move_col(c, (enum conf_column)(row - ROW_COLS), dir);
		else
			toggle_col(c, (enum conf_column)(row - ROW_COLS));
	}
}

/* Row's setting of src into dst: what the user now sees is saved. */
static void
copy_row(struct conf *dst, const struct conf *src, int row)
{
	switch (row) {
	case ROW_METERS:
		dst->meters = src->meters;
		break;
	case ROW_SCHEME:
		dst->scheme = src->scheme;
		break;
	case ROW_DELAY:
		dst->delay = src->delay;
		break;
	case ROW_MODE:
		dst->tree = src->tree;
		break;
	case ROW_ASCII:
		dst->ascii = src->ascii;
		break;
	case ROW_MOUSE:
		dst->mouse = src->mouse;
		break;
	case ROW_SORT:
		dst->sort = src->sort;
		dst->sort_desc = src->sort_desc;
		break;
	default:
		memcpy(dst->columns, src->columns, sizeof(src->columns));
		dst->ncolumns = src->ncolumns;
	}
}

static void
say_saved(struct view *v, int rc)
{
	char m[UI_MSG_MAX];

	if (rc == -EBADMSG)
		snprintf(m, sizeof(m),
		    "the setup file does not parse: not saved (%.900s)",
		    v->screen->path);
	else if (rc < 0)
		snprintf(m, sizeof(m), "setup not saved: %s", strerror(-rc));
	else
		snprintf(
		    m, sizeof(m), "setup saved to %.900s", v->screen->path);
	view_message(v, m);
}

/* A change: applied to the view, then into the file's setup and saved
 * (never into a file that did not parse). */
static void
change(struct view *v, int row, int dir)
{
	struct ui_screen_state *st = v->screen;
	int rc;

	step(st->conf, row, dir);
	apply_row(v, st->conf, row, st->locale_ascii);
	if (row == ROW_SCHEME)
		ui_color_init(st->conf->scheme == CONF_SCHEME_MONOCHROME,
		    st->conf->scheme == CONF_SCHEME_LIGHT);
	if (row == ROW_MOUSE)
		ui_setup_mouse(st);
	if ((rc = view_rebuild(v)) < 0)
		view_message(v, strerror(-rc));
	if (!st->file->broken)
		copy_row(st->file, st->conf, row);
	rc = st->path[0] ? conf_save(st->file, st->path) : -ENOENT;
	say_saved(v, rc);
}

static void
row_text(const struct conf *c, int row, char *buf, size_t n)
{
	size_t at;

	switch (row) {
	case ROW_METERS:
		snprintf(buf, n, "Meters        %s", c->meters ? "on" : "off");
		break;
	case ROW_SCHEME:
		snprintf(
		    buf, n, "Colours       %s", conf_scheme_name(c->scheme));
		break;
	case ROW_DELAY:
		snprintf(buf, n, "Refresh       %.1f s", c->delay / 10.0);
		break;
	case ROW_MODE:
		snprintf(buf, n, "Start in      %s", c->tree ? "tree" : "list");
		break;
	case ROW_ASCII:
		snprintf(buf, n, "ASCII lines   %s", c->ascii ? "on" : "off");
		break;
	case ROW_SORT:
		snprintf(buf, n, "Sort          %s", view_sort_name(c->sort));
		break;
	case ROW_MOUSE:
		snprintf(buf, n, "Mouse         %s", c->mouse ? "on" : "off");
		break;
	default:
		if (col_shown(c, (enum conf_column)(row - ROW_COLS), &at))
			snprintf(buf, n, "Column %-6s shown, place %zu",
			    conf_column_name(
			        (enum conf_column)(row - ROW_COLS)),
			    at + 1);
		else
			snprintf(buf, n, "Column %-6s hidden",
			    conf_column_name(
			        (enum conf_column)(row - ROW_COLS)));
	}
}

static void
setup_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	struct setup *s = l->state;
	char buf[128];
	int top = s->cur >= h - 1 ? s->cur - (h - 2) : 0;

	if (h < 1)
		return;
	ui_draw_fill(0, 0, w, ui_color_attr(UI_C_TITLE));
	ui_draw_text(0, 0, w,
	    "Setup (F2): Up/Down choose, Space/Right/Left change, [ ] move a "
	    "column, Esc closes",
	    ui_color_attr(UI_C_TITLE));
	for (int r = top, y = 1; r < NROWS && y < h; r++, y++) {
		int attr = ui_color_row_attr(UI_C_NORMAL, r == s->cur);

		row_text(v->screen->conf, r, buf, sizeof(buf));
		ui_draw_fill(y, 0, w, attr);
		ui_draw_text(y, 2, w - 2, buf, attr);
	}
}

static unsigned
setup_key(struct view *v, struct ui_layer *l, int key)
{
	struct setup *s = l->state;

	if (key == ui_keys_encode(KEY_DOWN, true) || key == 'j')
		s->cur += s->cur + 1 < NROWS;
	else if (key == ui_keys_encode(KEY_UP, true) || key == 'k')
		s->cur -= s->cur > 0;
	else if (key == ' ' || key == '\n' || key == '\r' ||
	         key == ui_keys_encode(KEY_RIGHT, true))
		change(v, s->cur, 1);
	else if (key == ui_keys_encode(KEY_LEFT, true))
		change(v, s->cur, -1);
	else if (key == '[' && s->cur >= ROW_COLS)
		change(v, s->cur, MOVE_EARLIER);
	else if (key == ']' && s->cur >= ROW_COLS)
		change(v, s->cur, MOVE_LATER);
	else if (key == 27 || key == 'q' ||
	         key == ui_keys_encode(KEY_F(2), true) ||
	         key == ui_keys_encode(KEY_F(10), true))
		ui_layer_pop(v->screen->layers, l->ops);
	return UI_REDRAW;
}

static const struct ui_layer_ops setup_layer = {
    .name = "setup",
    .page = true,
    .draw = setup_draw,
    .key = setup_key,
    .free = free,
};

unsigned
ui_setup_open(struct view *v)
{
	struct setup *s = calloc(1, sizeof(*s));

	if (!v->screen->conf) {
		free(s);
		return 0;
	}
	if (!s || ui_layer_push(v->screen->layers, &setup_layer, s) < 0)
		view_message(v, "out of memory");
	return UI_REDRAW;
}
