/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header meters. A bar's cells change only when a segment's rounded
 * length does, the numbers in it are whole percents and tenths of a GiB,
 * and all but the segments are plain text: an idle machine redraws few
 * cells with no attribute switch, which keeps a slow ssh link quiet. */
#define NCURSES_WIDECHAR 1
#include "ui_meters.h"
#include "ui_color.h"
#include "ui_draw.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define METERS_MIN_LINES 20 /* shorter terminals keep their rows */
#define CPU_MIN 16          /* columns of one core's bar at least */
#define GAP 1               /* blanks between two bars on a line */
#define SEG_MAX 4

struct seg {
	double pct;
	enum ui_color_role role;
};

/* htop's monochrome meters tell segments apart by their character. */
static char
bar_char(size_t seg)
{
	static const char mono[] = "|#*@";

	return ui_color_mono() ? mono[seg % (sizeof(mono) - 1)] : '|';
}

/* The role covering cell c of a bar of inner cells, or -1: past the bar. */
static int
seg_at(const struct seg *s, size_t n, int inner, int c, size_t *which)
{
	double cum = 0;

	for (size_t i = 0; i < n; i++) {
		int end;

		cum += s[i].pct;
		end = (int)(cum * inner / 100.0 + 0.5);
		if (c < (end < inner ? end : inner)) {
			*which = i;
			return (int)s[i].role;
		}
	}
	return -1;
}

/* "LABEL[||||||     text]" in w columns from (y, x); text is ASCII. */
static void
bar(int y, int x, int w, const char *label, const struct seg *s, size_t n,
    const char *text)
{
	int lw = ui_draw_text(y, x, w, label, ui_color_attr(UI_C_VALUE));
	int inner = w - lw - 2, tl = (int)strlen(text);

	if (inner < 1)
		return;
	x += lw;
	attrset(A_NORMAL); /* a plain cell takes the window's colour */
	mvaddch(y, x, '[' | (chtype)ui_color_attr(UI_C_VALUE));
	for (int c = 0; c < inner; c++) {
		size_t which = 0;
		int role = seg_at(s, n, inner, c, &which);
		chtype ch = role < 0 ? ' ' : (chtype)bar_char(which);

		if (c >= inner - tl)
			ch = (chtype)(unsigned char)text[c - (inner - tl)];
		mvaddch(y, x + 1 + c,
		    ch |
		        (chtype)ui_color_attr(
		            role < 0 ? UI_C_NORMAL : (enum ui_color_role)role));
	}
	mvaddch(y, x + 1 + inner, ']' | (chtype)ui_color_attr(UI_C_VALUE));
}

/* KiB as htop writes sizes: "512K", "733M", "1.2G". */
static void
human(unsigned long long kib, char *buf, size_t n)
{
	if (kib < 1024)
		snprintf(buf, n, "%lluK", kib);
	else if (kib < 1024ULL * 1024)
		snprintf(buf, n, "%lluM", kib / 1024);
	else if (kib < 1024ULL * 1024 * 1024)
		snprintf(buf, n, "%.1fG", (double)kib / 1048576.0);
	else
		snprintf(buf, n, "%.1fT", (double)kib / 1073741824.0);
}

static void
cpu_bar(const struct view *v, int y, int x, int w, long i, const char *label)
{
	struct meters_cpu_use u;
	struct seg s[SEG_MAX];
	char text[16];

	view_meters_cpu(&v->meters, i, &u);
	s[0] = (struct seg){u.nice, UI_C_BAR_NICE};
	s[1] = (struct seg){u.user, UI_C_BAR_USER};
	s[2] = (struct seg){u.system + u.irq + u.softirq, UI_C_BAR_SYSTEM};
	s[3] = (struct seg){u.steal + u.guest, UI_C_BAR_VIRT};
	snprintf(text, sizeof(text), "%.0f%%", u.busy);
	bar(y, x, w, label, s, SEG_MAX, text);
}

static void
mem_bars(const struct view *v, int y, int w)
{
	const struct meters_mem *m = &v->meters.cur.mem;
	int half = (w - GAP) / 2;
	char a[16], b[16], text[40];
	struct seg s[SEG_MAX] = {
	    {meters_percent(m->used, m->total), UI_C_BAR_USER},
	    {meters_percent(m->buffers, m->total), UI_C_BAR_NICE},
	    {meters_percent(m->shared, m->total), UI_C_BAR_SHARED},
	    {meters_percent(m->cached, m->total), UI_C_BAR_CACHE}};

	human(m->used, a, sizeof(a));
	human(m->total, b, sizeof(b));
	snprintf(text, sizeof(text), "%s/%s", a, b);
	bar(y, 0, half, "Mem", s, SEG_MAX, text);
	s[0] = (struct seg){
	    meters_percent(m->swap_used, m->swap_total), UI_C_BAR_SYSTEM};
	s[1] = (struct seg){
	    meters_percent(m->swap_cached, m->swap_total), UI_C_BAR_CACHE};
	human(m->swap_used, a, sizeof(a));
	human(m->swap_total, b, sizeof(b));
	snprintf(text, sizeof(text), "%s/%s", a, b);
	bar(y, half + GAP, w - half - GAP, "Swp", s, 2, text);
}

/* Lines of per-core bars, their count per line in *cols; 1 line and
 * *cols 0 for a single CPU bar, when the cores need more lines than a
 * terminal of this height gives them. */
static int
cpu_layout(size_t ncpu, int w, int h, int *cols)
{
	int maxcols = w / (CPU_MIN + GAP), maxlines = h >= 40 ? 4 : 2;
	int lines = maxcols > 0
	                ? (int)((ncpu + (size_t)maxcols - 1) / (size_t)maxcols)
	                : 0;

	*cols = 0;
	if (ncpu < 2 || lines < 1 || lines > maxlines)
		return 1;
	*cols = (int)((ncpu + (size_t)lines - 1) / (size_t)lines);
	return lines;
}

int
ui_meters_height(const struct view *v, int w, int h)
{
	int cols;

	if (v->meters.hidden || !v->meters.have_cur || h < METERS_MIN_LINES)
		return 0;
	return cpu_layout(view_meters_ncpu(&v->meters), w, h, &cols) + 1;
}

static void
cpu_bars(const struct view *v, int y, int w, int h)
{
	size_t n = view_meters_ncpu(&v->meters);
	int cols, lines = cpu_layout(n, w, h, &cols), digits;
	char label[16];

	if (cols == 0) {
		cpu_bar(v, y, 0, w, -1, "CPU");
		return;
	}
	digits = snprintf(
	    label, sizeof(label), "%d", v->meters.cur.stat.cpu_id[n - 1] + 1);
	for (size_t i = 0; i < n && (int)(i / (size_t)cols) < lines; i++) {
		int c = (int)(i % (size_t)cols),
		    cw = (w - GAP * (cols - 1)) / cols;
		int x = c * (cw + GAP);

		/* htop counts CPUs from 1 */
		snprintf(label, sizeof(label), "%*d", digits,
		    v->meters.cur.stat.cpu_id[i] + 1);
		cpu_bar(v, y + (int)(i / (size_t)cols), x,
		    c == cols - 1 ? w - x : cw, (long)i, label);
	}
}

int
ui_meters_draw(const struct view *v, int y, int w, int h)
{
	int n = ui_meters_height(v, w, h);

	if (n == 0)
		return 0;
	cpu_bars(v, y, w, h);
	mem_bars(v, y + n - 1, w);
	return n;
}
