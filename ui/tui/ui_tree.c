/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rows of the process table. Every cell is made as text first (escaped
 * where it came from a process), then drawn cut to the column's width;
 * the COMMAND column takes what the fixed columns leave. */
#define NCURSES_WIDECHAR 1
#include "ui_tree.h"
#include "ui_screen_state.h"
#include "ui_action.h"
#include "ui_cols.h"
#include "escape.h"
#include "out_text.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "wstatus.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD_MIN 16  /* columns COMMAND keeps before others are dropped */
#define CMD_NAME 12 /* columns the tree lines leave for the name */
/* COMMAND columns left beside a full badge ("[11 zombies]"), else the
 * short one: 80 columns keep the full one with the default columns. */
#define BADGE_ROOM 15
#define NAME_MIN 4 /* ... on a narrow terminal */
#define TREE_MIN 5 /* the tree lines keep at least the last level */

/* The columns shown, in order; on[i] once layout has fitted them. */
struct shown {
	const struct ui_col *col[CONF_COL_COUNT];
	bool on[CONF_COL_COUNT];
	size_t n;
};

void
ui_tree_exit_text(const struct snap_proc *p, char *buf, size_t size)
{
	if (p->flags & SPF_EXIT_DENIED || !(p->flags & SPF_EXIT_KNOWN))
		snprintf(buf, size, "?");
	else
		wstatus_short(p->exit_raw, buf, size);
}

/* Ages step by 10 s from 10 s on: a page of young zombies then changes
 * on screen every 10 s, not every second, which a slow ssh link notices;
 * the exact second matters only at first. A lower bound (a zombie from
 * before the view) counts the same way from the view's start. */
void
ui_tree_age_text(double s, char *buf, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 10)
		snprintf(buf, size, "%ds", (int)s);
	else if (s < 60)
		snprintf(buf, size, "%ds", (int)s / 10 * 10);
	else if (s < 100)
		snprintf(buf, size, "1m");
	else if (s < 6000)
		snprintf(buf, size, "%dm", (int)(s / 60));
	else if (s < 48 * 3600)
		snprintf(buf, size, "%dh", (int)(s / 3600));
	else
		snprintf(buf, size, "%dd", (int)(s / 86400));
}

/* The setup's columns that fit in w, dropping the highest drop first. */
static void
layout(const struct view *v, int w, struct shown *sh)
{
	int used = 0;

	sh->n = 0;
	for (size_t i = 0; i < v->screen->ncols; i++) {
		const struct ui_col *c = ui_cols_get(v->screen->cols[i]);

		if (!c)
			continue;
		sh->on[sh->n] = true;
		sh->col[sh->n++] = c;
		used += c->width + 1;
	}
	while (used + CMD_MIN > w) {
		size_t worst = sh->n;

		for (size_t i = 0; i < sh->n; i++)
			if (sh->on[i] && sh->col[i]->drop > 0 &&
			    (worst == sh->n ||
			        sh->col[i]->drop > sh->col[worst]->drop))
				worst = i;
		if (worst == sh->n)
			return;
		sh->on[worst] = false;
		used -= sh->col[worst]->width + 1;
	}
}

static enum ui_color_role
row_role(const struct view *v, size_t r)
{
	const struct snap_proc *p = view_proc(v, r);

	if (p->flags & SPF_THREAD) /* H */
		return UI_C_DIM;
	if (snap_is_zombie(p))
		return UI_C_ZOMBIE;
	if (snap_is_leader_exited(p))
		return UI_C_LEADER;
	if (view_node(v, r)->zombies > 0)
		return UI_C_ZPARENT;
	if ((p->pid == 2 || p->ppid == 2) && !*p->cmdline)
		return UI_C_DIM;
	return UI_C_NORMAL;
}

/* The marker after a name: text, so it survives monochrome. The short
 * form is for narrow terminals, where the EXIT column says the rest. */
static void
badge(const struct view *v, size_t r, bool shrt, char *buf, size_t size)
{
	const struct snap_proc *p = view_proc(v, r);
	int z = view_node(v, r)->zombies;
	char st[64];

	buf[0] = '\0';
	if (p->flags & SPF_THREAD) { /* H: a thread of its parent row */
		snprintf(buf, size, shrt ? " {t}" : "  {thread}");
	} else if (snap_is_zombie(p) && shrt) {
		snprintf(buf, size, " <Z>");
	} else if (snap_is_zombie(p)) {
		out_text_zombie_status(p, st, sizeof(st));
		snprintf(buf, size, "  <zombie: %s>", st);
	} else if (snap_is_leader_exited(p)) {
		if (shrt)
			snprintf(buf, size, " <L>");
		else
			snprintf(buf, size,
			    "  <leader exited, %d thread%s alive>",
			    p->threads - 1, p->threads == 2 ? "" : "s");
	} else if (z > 0) {
		snprintf(buf, size, shrt ? " [%dZ]" : "  [%d zombie%s]", z,
		    z == 1 ? "" : "s");
	}
}

/* The tree lines in at most cols columns: deep rows lose their outer
 * levels, shown as an ellipsis, so the name keeps some room. */
static const char *
fit_prefix(const char *prefix, int cols, bool ascii, const char **lead)
{
	int w = ui_draw_width(prefix);

	*lead = "";
	if (w <= cols)
		return prefix;
	if (cols < 3)
		return "";
	*lead = ascii ? ".." : "\u22ef ";
	return prefix + ui_draw_cut(prefix, w - cols + 2, NULL);
}

/* Tree lines, fold marker and escaped name, the tree lines in at most
 * tree_cols columns; the caller frees. */
static char *
command_text(const struct view *v, size_t r, int tree_cols)
{
	const struct snap_proc *p = view_proc(v, r);
	struct ptree shown = *v->tree;
	size_t nlen = strlen(p->cmdline) + strlen(p->comm) + 3;
	char prefix[PTREE_DRAW_DEPTH * 12];
	char *name = malloc(nlen * 4), *line = NULL;
	const char *lead, *tree;
	size_t shift = 0;

	if (!name)
		return NULL;
	shown.rows = v->rows;
	shown.nrows = v->nrows;
	prefix[0] = '\0';
	if (!v->list_mode)
		ptree_prefix(&shown, r, v->opts.ascii, prefix, sizeof(prefix));
	tree = fit_prefix(prefix, tree_cols, v->opts.ascii, &lead);
	out_text_name(p, v->opts.ascii ? ESC_ASCII : 0, name, nlen * 4);
	/* Scrolled (] and [): the tree lines stay, the name starts later. */
	if (v->hscroll > 0)
		shift = ui_draw_cut(name, v->hscroll, NULL);
	if (asprintf(&line, "%s%s%s%s%s", lead, tree, v->folded[r] ? "+ " : "",
	        v->hscroll > 0 ? (v->opts.ascii ? "<" : "\u00ab") : "",
	        name + shift) < 0)
		line = NULL;
	free(name);
	return line;
}

/* The name gives way to the badge: a long command line is cut so the
 * zombie marker or the parent's count stays on screen. */
static void
draw_command(const struct view *v, size_t r, int y, int x, int w, int attr)
{
	char mark[96];
	char *cmd;
	int room = w - x, bw, text, tree;

	badge(v, r, false, mark, sizeof(mark));
	if (room - (bw = ui_draw_width(mark)) < BADGE_ROOM) {
		badge(v, r, true, mark, sizeof(mark));
		bw = ui_draw_width(mark);
	}
	text = room - bw > 8 ? room - bw : room;
	/* Narrow: the name gives way to the tree lines, down to NAME_MIN
	 * columns, so parenthood stays visible (the last levels at least). */
	tree = text - CMD_NAME >= CMD_NAME ? text - CMD_NAME : text - NAME_MIN;
	if ((cmd = command_text(v, r, tree > TREE_MIN ? tree : TREE_MIN)))
		x += ui_draw_text(y, x, text, cmd, attr);
	ui_draw_text(y, x, w - x, mark, attr);
	free(cmd);
}

static int
draw_cell(int y, int x, const struct ui_col *c, const char *s, int attr)
{
	int pad = 0;

	if (c->right)
		pad = c->width - ui_draw_width(s);
	if (pad < 0)
		pad = 0;
	ui_draw_text(y, x + pad, c->width - pad, s, attr);
	return x + c->width + 1;
}

static void
draw_row(const struct view *v, size_t r, int y, int w, const struct shown *sh)
{
	int attr = ui_color_row_attr(row_role(v, r), r == v->cur);
	char cell[64];
	int x = 0;

	ui_draw_fill(y, 0, w, attr);
	for (size_t i = 0; i < sh->n; i++) {
		if (!sh->on[i])
			continue;
		sh->col[i]->cell(v, r, cell, sizeof(cell));
		x = draw_cell(y, x, sh->col[i], cell, attr);
	}
	draw_command(v, r, y, x, w, attr);
	if (ui_action_tagged(v, view_proc(v, r)))
		ui_draw_text(y, 0, 1, "*", attr | (int)A_BOLD);
}

/* The column a list is sorted by, as htop marks it: its title in
 * reverse video with an arrow after it (up when inverted by I). The
 * ZOMBIE order has no column of its own: the state column stands for it. */
static bool
sorted_by(const struct view *v, const struct ui_col *c)
{
	return v->list_mode && c->sort == (int)v->sort;
}

static int
draw_title(const struct view *v, int y, int x, const struct ui_col *c, int attr)
{
	const char *arrow = v->opts.ascii
	                        ? (v->sort_desc ? "^" : "v")
	                        : (v->sort_desc ? "\u25b2" : "\u25bc");
	char marked[32];
	int mw, at;

	if (!sorted_by(v, c))
		return draw_cell(y, x, c, c->title, attr);
	/* The arrow after the title; a title as wide as its column lends
	 * it the blank after the column. */
	snprintf(marked, sizeof(marked), "%s%s", c->title, arrow);
	mw = ui_draw_width(marked);
	at = c->right && mw < c->width ? x + c->width - mw : x;
	ui_draw_text(y, at, mw, marked, attr | (int)A_REVERSE | (int)A_BOLD);
	return x + c->width + 1;
}

static void
draw_titles(const struct view *v, int y, int w, const struct shown *sh)
{
	int attr = ui_color_attr(UI_C_TITLE), x = 0;
	static const struct ui_col cmd = {
	    "COMMAND", 7, 0, false, UI_SORT_COMMAND, NULL};

	ui_draw_fill(y, 0, w, attr);
	for (size_t i = 0; i < sh->n; i++)
		if (sh->on[i])
			x = draw_title(v, y, x, sh->col[i], attr);
	if (w - x >= cmd.width + 1)
		draw_title(v, y, x, &cmd, attr);
}

/* Small moves scroll to the edge; a jump of more than a page (search,
 * the next zombie, the start) brings the row to the middle, so the rows
 * around it, its parent above all, are in view. */
static void
scroll_to_cursor(struct view *v, int rows)
{
	size_t n = (size_t)rows;

	if (rows <= 0)
		return;
	if (v->cur + n < v->top || v->cur >= v->top + 2 * n)
		v->top = v->cur > n / 2 ? v->cur - n / 2 : 0;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + n)
		v->top = v->cur - n + 1;
	if (v->nrows <= n)
		v->top = 0;
	else if (v->top + n > v->nrows)
		v->top = v->nrows - n;
}

void
ui_tree_draw(struct view *v, int y, int h, int w)
{
	struct shown sh;
	int rows = h - 1;

	layout(v, w, &sh);
	draw_titles(v, y, w, &sh);
	v->screen->page = rows > 1 ? rows : 1;
	v->shown = rows > 0 ? (size_t)rows : 0;
	v->screen->table_y = y + 1;
	scroll_to_cursor(v, rows);
	for (int i = 0; i < rows; i++) {
		size_t r = v->top + (size_t)i;

		if (r < v->nrows)
			draw_row(v, r, y + 1 + i, w, &sh);
	}
}

int
ui_tree_hit(const struct view *v, int w, int x)
{
	struct shown sh;
	int at = 0;

	layout(v, w, &sh);
	for (size_t i = 0; i < sh.n; i++) {
		if (!sh.on[i])
			continue;
		if (x < at + sh.col[i]->width + 1)
			return sh.col[i]->sort;
		at += sh.col[i]->width + 1;
	}
	return UI_SORT_COMMAND;
}
