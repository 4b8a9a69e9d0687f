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

/* Bytes of text that fit cols columns, broken after a blank if any. */
static size_t
fit(const char *text, int cols)
{
	size_t k = ui_draw_cut(text, cols, NULL), b = k;

	if (text[k] == '\0')
		return k;
	while (b > 0 && text[b - 1] != ' ')
		b--;
	return b > 0 ? b : (k > 0 ? k : strlen(text));
}

/* The wrapped rows: start and length of each piece, line it came from. */
struct rows {
	const char *s[MAX_ROWS];
	size_t len[MAX_ROWS];
	int from[MAX_ROWS];
	int n;
};

static void
wrap(const struct ui_dialog *d, int cols, struct rows *r)
{
	r->n = 0;
	for (int i = 0; i < d->n; i++) {
		const char *t = d->line[i];

		do {
			size_t k = d->sel >= 0 ? ui_draw_cut(t, cols, NULL)
			                       : fit(t, cols);

			if (r->n == MAX_ROWS)
				return;
			r->s[r->n] = t;
			r->len[r->n] = k;
			r->from[r->n++] = i;
			t += k;
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
	ui_draw_text(y, x + 1, cols - 2, buf, attr);
}

static void
scroll_to_sel(struct ui_dialog *d, const struct rows *r, int shown)
{
	if (d->sel < 0)
		return;
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + shown)
		d->top = d->sel - shown + 1;
	if (d->top > r->n - shown)
		d->top = r->n - shown > 0 ? r->n - shown : 0;
}

void
ui_dialog_draw(struct ui_dialog *d, int h, int w)
{
	int bw = w - 4 < MAX_W ? w - 4 : MAX_W, x = (w - bw) / 2;
	int normal = ui_color_attr(UI_C_NORMAL) | (int)A_REVERSE;
	int sel = ui_color_attr(UI_C_SELECTED);
	struct rows r;
	int shown, bh, y;

	wrap(d, bw - 2, &r);
	shown = r.n < h - 6 ? r.n : h - 6;
	if (shown < 1)
		shown = 1;
	bh = shown + 4;
	y = (h - bh) / 2;
	scroll_to_sel(d, &r, shown);
	ui_draw_fill(y, x, bw, ui_color_attr(UI_C_TITLE) | (int)A_BOLD);
	ui_draw_text(y, x + 1, bw - 2, d->title,
	    ui_color_attr(UI_C_TITLE) | (int)A_BOLD);
	ui_draw_fill(y + 1, x, bw, normal);
	for (int i = 0; i < shown; i++) {
		int k = d->sel >= 0 ? d->top + i : i;

		if (k < r.n)
			draw_row(&r, k, y + 2 + i, x, bw,
			    d->sel >= 0 && r.from[k] == d->sel ? sel : normal);
		else
			ui_draw_fill(y + 2 + i, x, bw, normal);
	}
	ui_draw_fill(y + 2 + shown, x, bw, normal);
	ui_draw_fill(y + 3 + shown, x, bw, normal | (int)A_BOLD);
	ui_draw_text(
	    y + 3 + shown, x + 1, bw - 2, d->choices, normal | (int)A_BOLD);
}
