/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table's cells as text: every one made from the snapshot and the
 * view's carried values (no /proc read here), escaped where it came from
 * a process. START needs the boot time, from the meters' /proc/stat. */
#define NCURSES_WIDECHAR 1
#include "ui_cols.h"
#include "escape.h"
#include "pinspect.h"
#include "ui_tree.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void
cell_pid(const struct view *v, size_t r, char *buf, size_t n)
{
	snprintf(buf, n, "%d", (int)view_proc(v, r)->pid);
}

static void
cell_user(const struct view *v, size_t r, char *buf, size_t n)
{
	const char *u = view_proc(v, r)->user;

	escape_buf(u, strlen(u), buf, n, v->opts.ascii ? ESC_ASCII : 0);
}

static void
cell_state(const struct view *v, size_t r, char *buf, size_t n)
{
	snprintf(buf, n, "%c", view_proc(v, r)->state);
}

static void
cell_exit(const struct view *v, size_t r, char *buf, size_t n)
{
	const struct snap_proc *p = view_proc(v, r);

	buf[0] = '\0';
	if (snap_is_zombie(p))
		ui_tree_exit_text(p, buf, n);
}

static void
cell_age(const struct view *v, size_t r, char *buf, size_t n)
{
	int node = v->rows[r].node;
	double since = v->zsince[node];

	buf[0] = '\0';
	if (since <= 0 || n < 2)
		return;
	/* "1.2s": an exact age (a kernel exit event), to a tenth of a
	 * second while it is short; it changes only with a refresh. */
	if (v->zexact[node] && v->scan_time - since < 9.95) {
		snprintf(buf, n, "%.1fs",
		    v->scan_time > since ? v->scan_time - since : 0.0);
		return;
	}
	/* ">5m": already a zombie when the view started 5 minutes ago. */
	if (v->zprior[node])
		buf[0] = '>';
	ui_tree_age_text(
	    v->scan_time - since, buf + v->zprior[node], n - v->zprior[node]);
}

static void
cell_thr(const struct view *v, size_t r, char *buf, size_t n)
{
	snprintf(buf, n, "%d", view_proc(v, r)->threads);
}

static void
cell_cpu(const struct view *v, size_t r, char *buf, size_t n)
{
	snprintf(buf, n, "%.1f", v->cpu[v->rows[r].node]);
}

static void
cell_mem(const struct view *v, size_t r, char *buf, size_t n)
{
	unsigned long kb = view_proc(v, r)->rss_kb;

	if (kb < 10000)
		snprintf(buf, n, "%luK", kb);
	else if (kb < 10000 * 1024UL)
		snprintf(buf, n, "%.1fM", (double)kb / 1024.0);
	else
		snprintf(buf, n, "%.1fG", (double)kb / 1048576.0);
}

static void
cell_ppid(const struct view *v, size_t r, char *buf, size_t n)
{
	snprintf(buf, n, "%d", (int)view_proc(v, r)->ppid);
}

static void
cell_tty(const struct view *v, size_t r, char *buf, size_t n)
{
	pinspect_tty_name(view_proc(v, r)->tty, buf, n);
}

/* As ps: HH:MM today, MonDD this year, else the year; "?" before the
 * first /proc/stat was read. */
static void
cell_start(const struct view *v, size_t r, char *buf, size_t n)
{
	time_t t = pinspect_start_time(view_proc(v, r)->start_ticks,
	    v->meters.cur.stat.btime, v->snap->hz);

	if (t <= 0)
		snprintf(buf, n, "?");
	else
		pinspect_start_format(t, (time_t)v->scan_time, buf, n);
}

/* Bytes per second as htop writes them: "0", "512", "9.8K", "1.2M". */
static void
rate_text(double bps, char *buf, size_t n)
{
	if (bps < 1024)
		snprintf(buf, n, "%.0f", bps);
	else if (bps < 1024.0 * 1024)
		snprintf(buf, n, "%.1fK", bps / 1024);
	else if (bps < 1024.0 * 1024 * 1024)
		snprintf(buf, n, "%.1fM", bps / 1048576);
	else
		snprintf(buf, n, "%.1fG", bps / 1073741824);
}

/* Empty until two reads of a readable /proc/PID/io (view_io). */
static void
cell_io(const struct view *v, size_t r, char *buf, size_t n, bool write)
{
	const struct snap_proc *p = view_proc(v, r);
	double rd, wr;

	buf[0] = '\0';
	if (view_io_rate(&v->io, p->pid, p->start_ticks, &rd, &wr))
		rate_text(write ? wr : rd, buf, n);
}

static void
cell_io_r(const struct view *v, size_t r, char *buf, size_t n)
{
	cell_io(v, r, buf, n, false);
}

static void
cell_io_w(const struct view *v, size_t r, char *buf, size_t n)
{
	cell_io(v, r, buf, n, true);
}

static const struct ui_col col_table[CONF_COL_COUNT] = {
    [CONF_COL_PID] = {"PID", 7, 0, true, UI_SORT_PID, cell_pid},
    [CONF_COL_PPID] = {"PPID", 7, 8, true, -1, cell_ppid},
    [CONF_COL_USER] = {"USER", 8, 3, false, UI_SORT_USER, cell_user},
    [CONF_COL_STATE] = {"S", 1, 0, false, UI_SORT_ZOMBIE, cell_state},
    [CONF_COL_EXIT] = {"EXIT", 8, 2, false, -1, cell_exit},
    [CONF_COL_AGE] = {"AGE", 4, 4, true, UI_SORT_AGE, cell_age},
    [CONF_COL_START] = {"START", 5, 9, true, -1, cell_start},
    [CONF_COL_TTY] = {"TTY", 7, 10, false, -1, cell_tty},
    [CONF_COL_THR] = {"NLWP", 4, 6, true, UI_SORT_THR, cell_thr},
    [CONF_COL_CPU] = {"CPU%", 5, 5, true, UI_SORT_CPU, cell_cpu},
    [CONF_COL_MEM] = {"MEM", 6, 7, true, UI_SORT_MEM, cell_mem},
    [CONF_COL_IO_R] = {"IO_R", 6, 11, true, -1, cell_io_r},
    [CONF_COL_IO_W] = {"IO_W", 6, 11, true, -1, cell_io_w},
};

const struct ui_col *
ui_cols_get(enum conf_column col)
{
	return (unsigned)col < CONF_COL_COUNT && col_table[col].cell
	           ? &col_table[col]
	           : NULL;
}
