/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The keys that move the selection and scroll: split from the key table
 * (ui_keys), which names them. They change the view model only. */
#include "ui_nav.h"
#include "ui_detail.h"
#include "ui_screen_state.h"

#include <curses.h>
#include <limits.h>
#include <string.h>

unsigned
ui_nav_up(struct view *v)
{
	view_move(v, -1);
	return UI_REDRAW;
}

unsigned
ui_nav_down(struct view *v)
{
	view_move(v, 1);
	return UI_REDRAW;
}

unsigned
ui_nav_pgup(struct view *v)
{
	view_move(v, -(long)v->screen->page);
	return UI_REDRAW;
}

unsigned
ui_nav_pgdn(struct view *v)
{
	view_move(v, v->screen->page);
	return UI_REDRAW;
}

unsigned
ui_nav_home(struct view *v)
{
	view_set_cursor(v, 0);
	return UI_REDRAW;
}

unsigned
ui_nav_end(struct view *v)
{
	view_set_cursor(v, LONG_MAX);
	return UI_REDRAW;
}

unsigned
ui_nav_parent(struct view *v)
{
	if (v->cur < v->nrows && v->rows[v->cur].parent_row >= 0)
		view_set_cursor(v, v->rows[v->cur].parent_row);
	return UI_REDRAW;
}

#define HSTEP 8 /* columns per horizontal scroll step */

/* The widest command line of the rows: how far ] may scroll. */
static int
widest(const struct view *v)
{
	size_t w = 0;

	for (size_t r = 0; r < v->nrows; r++) {
		const struct snap_proc *p = view_proc(v, r);
		size_t n = strlen(*p->cmdline ? p->cmdline : p->comm);

		w = n > w ? n : w;
	}
	return w > 4096 ? 4096 : (int)w;
}

static unsigned
hscroll(struct view *v, int delta)
{
	int max = widest(v) - HSTEP;

	v->hscroll += delta;
	if (v->hscroll > max)
		v->hscroll = max;
	if (v->hscroll < 0)
		v->hscroll = 0;
	return UI_REDRAW;
}

unsigned
ui_nav_right(struct view *v)
{
	return hscroll(v, HSTEP);
}

unsigned
ui_nav_left(struct view *v)
{
	return hscroll(v, -HSTEP);
}

/* { and }: the detail panel, when it has more lines than room. */
static unsigned
panel_scroll(struct view *v, int delta)
{
	int max = ui_detail_height(v, COLS) - 3;

	v->panel_top += delta;
	if (v->panel_top > max)
		v->panel_top = max;
	if (v->panel_top < 0)
		v->panel_top = 0;
	return UI_REDRAW;
}

unsigned
ui_nav_panel_down(struct view *v)
{
	return panel_scroll(v, 3);
}

unsigned
ui_nav_panel_up(struct view *v)
{
	return panel_scroll(v, -3);
}
