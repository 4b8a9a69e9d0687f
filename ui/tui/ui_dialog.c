/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The box is laid out at draw time, from the screen size: text wrapped at
 * blanks to the box's width, the menu scrolled around its selection. */
#define NCURSES_WIDECHAR 1
#include "ui_dialog.h"
#include "ui_color.h"
#include "ui_draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_W 100
#define MAX_ROWS 64

void
ui_dialog_init(struct ui_dialog *d, const char *title)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->title, sizeof(d->title), "%s", title);
	d->sel = -1;
}

void
ui_dialog_add(struct ui_dialog *d, const char *fmt, ...)
{
	va_list ap;

	if (d->n >= UI_DIALOG_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(d->line[d->n++], sizeof(d->line[0]), fmt, ap);
	va_end(ap);
}

/* The wrapped rows: start and length of each piece, line it came from,
 * columns it is indented by (a continuation is, under its line's text). */
struct rows {
	const char *s[MAX_ROWS];
	size_t len[MAX_ROWS];
	int from[MAX_ROWS];
	int indent[MAX_ROWS];
	int n;
};

/* Continuation rows start under the line's text, two columns in. */
static int
indent_of(const char *line, int cols)
{
	int k = (int)strspn(line, " ") + 2;

	return k < cols / 3 ? k : cols / 3;
}

static void
wrap(const struct ui_dialog *d, int cols, struct rows *r)
{
	r->n = 0;
	for (int i = 0; i < d->n; i++) {
		const char *t = d->line[i];
		int ind = 0;

		do {
			size_t k = d->sel >= 0
			               ? ui_draw_cut(t, cols, NULL)
			               : ui_draw_fit_words(t, cols - ind);

			if (r->n == MAX_ROWS)
				return;
			r->s[r->n] = t;
			r->len[r->n] = k;
			r->indent[r->n] = ind;
			r->from[r->n++] = i;
			t += k;
			ind = indent_of(d->line[i], cols);
			/* A menu line is cut, never continued. */
		} while (*t && d->sel < 0);
	}
}

static void
draw_row(const struct rows *r, int i, int y, int x, int cols, int attr)
{
	char buf[sizeof(((struct ui_dialog *)0)->line[0])];
	size_t k = r->len[i] < sizeof(buf) - 1 ? r->len[i] : sizeof(buf) - 1;

	memcpy(buf, r->s[i], k);
	buf[k] = '\0';
	ui_draw_fill(y, x, cols, attr);
	ui_draw_text(
	    y, x + 1 + r->indent[i], cols - 2 - r->indent[i], buf, attr);
}

/* The menu keeps its selection in view; a confirmation scrolls by keys
 * (ui_dialog_scroll), kept within its rows. */
static void
clamp_top(struct ui_dialog *d, const struct rows *r, int shown)
{
	if (d->sel >= 0) {
		if (d->sel < d->top)
			d->top = d->sel;
		if (d->sel >= d->top + shown)
			d->top = d->sel - shown + 1;
	}
	if (d->top > r->n - shown)
		d->top = r->n - shown > 0 ? r->n - shown : 0;
	if (d->top < 0)
		d->top = 0;
}

void
ui_dialog_scroll(struct ui_dialog *d, int delta)
{
	d->top += delta;
	if (d->top < 0)
		d->top = 0;
}

/* Rows of the first line: the target, which must be seen. */
static int
first_rows(const struct rows *r)
{
	int k = 0;

	while (k < r->n && r->from[k] == 0)
		k++;
	return k;
}

/* The marker on the last content row when rows are hidden. */
static void
draw_more(
    const struct rows *r, int top, int shown, int y, int x, int cols, int attr)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "-- more: %d line%s (Up/Down) --",
	    r->n - shown + 1, r->n - shown + 1 == 1 ? "" : "s");
	if (top + shown - 1 >= r->n - 1 && top > 0)
		snprintf(buf, sizeof(buf), "-- end, %d above (Up) --", top);
	ui_draw_fill(y, x, cols, attr);
	ui_draw_text(y, x + 1, cols - 2, buf, attr | (int)A_BOLD);
}

void
ui_dialog_draw(struct ui_dialog *d, int h, int w)
{
	int bw = w - 4 < MAX_W ? w - 4 : MAX_W, x = (w - bw) / 2;
	int normal = ui_color_attr(UI_C_NORMAL) | (int)A_REVERSE;
	int sel = ui_color_attr(UI_C_SELECTED);
	struct rows r;
	int shown, pad, y, more;

	d->seen = false;
	if (h < 4 || bw < 20)
		return;
	wrap(d, bw - 2, &r);
	/* The blank rows around the text go first when space is short. */
	pad = r.n + 4 <= h ? 1 : 0;
	shown = r.n < h - 2 - 2 * pad ? r.n : h - 2 - 2 * pad;
	more = d->sel < 0 && shown < r.n;
	clamp_top(d, &r, more ? shown - 1 : shown);
	y = (h - (shown + 2 + 2 * pad)) / 2;
	ui_draw_fill(y, x, bw, ui_color_attr(UI_C_TITLE) | (int)A_BOLD);
	ui_draw_text(y, x + 1, bw - 2, d->title,
	    ui_color_attr(UI_C_TITLE) | (int)A_BOLD);
	if (pad)
		ui_draw_fill(y + 1, x, bw, normal);
	for (int i = 0; i < shown; i++) {
		int k = d->top + i, row = y + 1 + pad + i;

		if (more && i == shown - 1)
			draw_more(&r, d->top, shown, row, x, bw, normal);
		else if (k < r.n)
			draw_row(&r, k, row, x, bw,
			    d->sel >= 0 && r.from[k] == d->sel ? sel : normal);
		else
			ui_draw_fill(row, x, bw, normal);
	}
	if (pad)
		ui_draw_fill(y + 1 + pad + shown, x, bw, normal);
	y += 1 + 2 * pad + shown;
	ui_draw_fill(y, x, bw, normal | (int)A_BOLD);
	ui_draw_text(y, x + 1, bw - 2, d->choices, normal | (int)A_BOLD);
	/* Seen: the title (the signal), the whole target and, if rows are
	 * hidden, the marker saying so. */
	d->seen = d->sel >= 0 || first_rows(&r) <= shown - more;
}
