/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Header lines. The clock and the sparkline change every tick; they are
 * drawn in place like everything else, so ncurses sends only those cells. */
#define NCURSES_WIDECHAR 1
#include "ui_header.h"
#include "ui_screen_state.h"
#include "escape.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_meters.h"
#include "view_time.h"
#include "view_rec.h"
#include "ui_replay.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

static bool
has_warning(const struct view *v)
{
	return v->snap && (v->snap->hidepid > 0 || !v->snap->privileged);
}

int
ui_header_height(const struct view *v)
{
	return 3 + (has_warning(v) ? 1 : 0);
}

/* Draws label then value; returns the next x. */
static int
pair(int y, int x, int w, const char *label, const char *value, int vattr)
{
	x += ui_draw_text(y, x, w - x, label, ui_color_attr(UI_C_HEADER));
	return x + ui_draw_text(y, x, w - x, value, vattr);
}

/* The first line's pieces as text, then which of them fit. */
struct host_line {
	char host[160], up[32], load[48], ev[48];
	bool show_load;
};

/* "events: on" or "events: off (why)" before the clock. What gives way
 * on a narrow terminal, in order: the why, the load average (the why
 * comes back when it then fits), then the events word itself (40
 * columns keep host, uptime and clock). */
static void
host_layout(const struct view *v, int w, struct host_line *l)
{
	int fixed = 10 + ui_draw_width(l->host) + 5 + ui_draw_width(l->up);
	int load = l->load[0] ? 7 + ui_draw_width(l->load) : 0;
	int room = w - 9 - fixed; /* the clock and a blank */

	for (int step = 0; step < 4; step++) {
		bool with_load = step == 0 || step == 1;

		snprintf(l->ev, sizeof(l->ev), "%s",
		    view_time_events(v, step % 2 == 1));
		if (10 + ui_draw_width(l->ev) + (with_load ? load : 0) <=
		    room) {
			l->show_load = with_load && load > 0;
			return;
		}
	}
	l->ev[0] = '\0';
	l->show_load = load > 0;
}

static void
host_text(const struct view *v, struct host_line *l)
{
	char host[128];
	struct sysinfo si;

	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	escape_buf(host, strlen(host), l->host, sizeof(l->host),
	    v->opts.ascii ? ESC_ASCII : 0);
	l->up[0] = l->load[0] = '\0';
	if (sysinfo(&si) < 0)
		return;
	snprintf(l->up, sizeof(l->up), "%ldd %02ld:%02ld", si.uptime / 86400,
	    si.uptime / 3600 % 24, si.uptime / 60 % 60);
	snprintf(l->load, sizeof(l->load), "%.2f %.2f %.2f",
	    (double)si.loads[0] / 65536.0, (double)si.loads[1] / 65536.0,
	    (double)si.loads[2] / 65536.0);
}

static void
line_host(const struct view *v, int w)
{
	struct host_line l;
	char clock[16];
	time_t now = (time_t)v->scan_time;
	struct tm tm;
	int x;

	if (v->replay) {
		ui_replay_header(v, w);
		return;
	}
	host_text(v, &l);
	host_layout(v, w, &l);
	x = ui_draw_text(0, 0, w, "zombietop ", ui_color_attr(UI_C_VALUE));
	x += ui_draw_text(0, x, w - x, l.host, ui_color_attr(UI_C_VALUE));
	if (l.up[0])
		x = pair(0, x, w, "  up ", l.up, ui_color_attr(UI_C_VALUE));
	if (l.show_load)
		x = pair(0, x, w, "  load ", l.load, ui_color_attr(UI_C_VALUE));
	if (l.ev[0])
		x = pair(0, x, w, "  events: ", l.ev,
		    ui_color_attr(v->tl.src ? UI_C_VALUE : UI_C_WARN));
	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	if (w - 8 > x + 1)
		ui_draw_text(0, w - 8, 8, clock, ui_color_attr(UI_C_VALUE));
}

static void
line_tasks(const struct view *v, int w)
{
	const struct snap_counts *c = &v->counts;
	const char *const label[] = {"Tasks: ", ", ", " running, ",
	    " sleeping, ", " stopped, ", " disk"};
	const size_t n[] = {
	    c->processes, c->running, c->sleeping, c->stopped, c->disk_sleep};
	char buf[160], flags[160];
	int x = 0;

	/* The counts plain between cyan words: the running count changes
	 * nearly every refresh, and plain costs no attribute switch. */
	for (size_t i = 0; i < sizeof(n) / sizeof(*n); i++) {
		snprintf(buf, sizeof(buf), "%zu", n[i]);
		x = pair(1, x, w, label[i], buf, ui_color_attr(UI_C_VALUE));
	}
	x += ui_draw_text(1, x, w - x, label[5], ui_color_attr(UI_C_HEADER));
	snprintf(flags, sizeof(flags), "%s%s%s%s%s%s%s%s%s",
	    view_rec_on(v->rec) ? "  [REC]" : "",
	    v->lab ? "  [lab: n fork, R respawn]" : "",
	    v->paused ? "  [paused]" : "", v->follow ? "  [follow]" : "",
	    v->opts.zombies_only ? "  [zombies only]" : "",
	    v->filter[0] ? "  [filter: " : "", v->filter[0] ? v->filter : "",
	    v->filter[0] ? "]" : "", v->list_mode ? "  [list]" : "");
	if (v->filter[0]) {
		escape_buf(flags, strlen(flags), buf, sizeof(buf), ESC_ASCII);
		ui_draw_text(1, x, w - x, buf, ui_color_attr(UI_C_WARN));
	} else {
		ui_draw_text(1, x, w - x, flags, ui_color_attr(UI_C_WARN));
	}
}

static void
sparkline(const struct view *v, int y, int x, int cols)
{
	static const char *const uni[] = {"\u2581", "\u2582", "\u2583",
	    "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char asc[] = "_.:-=+*#";
	/* Finished periods only: the one filling would redraw its cell
	 * every refresh, which an idle ssh link pays for. */
	size_t done = v->screen->nspark ? v->screen->nspark - 1 : 0;
	size_t n = done < (size_t)cols ? done : (size_t)cols;
	double max = 1; /* a zombie-second: below it, the lowest bars */

	for (size_t i = 0; i < n; i++) {
		size_t k = (v->screen->spark_head + UI_SPARK_MAX - 1 - n + i) %
		           UI_SPARK_MAX;

		if (v->screen->spark[k] > max)
			max = v->screen->spark[k];
	}
	attrset(ui_color_attr(UI_C_SPARK));
	for (size_t i = 0; i < n; i++) {
		size_t k = (v->screen->spark_head + UI_SPARK_MAX - 1 - n + i) %
		           UI_SPARK_MAX;
		int lvl = (int)(v->screen->spark[k] * 7 / max);

		if (v->opts.ascii)
			mvaddch(y, x + (int)i, (chtype)asc[lvl]);
		else
			mvaddstr(y, x + (int)i, uni[lvl]);
	}
}

/* Zombies and parents among the processes the -p / -u filter (or the
 * lab) shows, which may be fewer than the machine has. */
static void
count_shown(const struct view *v, size_t *zombies, size_t *parents)
{
	const struct ptree *t = v->tree;

	*zombies = *parents = 0;
	for (size_t r = 0; t && r < t->nrows; r++) {
		const struct snap_proc *p = &t->snap->procs[t->rows[r].node];

		*zombies += snap_is_zombie(p);
		*parents += t->nodes[t->rows[r].node].zombies > 0;
	}
}

static void
line_zombies(const struct view *v, int w)
{
	bool filtered = v->opts.npids > 0 || v->opts.by_uid;
	size_t zs = v->counts.zombies, ps, all_ps;
	char buf[96];
	int x;

	all_ps = v->tree ? (size_t)v->tree->zombie_parents : 0;
	ps = all_ps;
	if (filtered)
		count_shown(v, &zs, &ps);
	snprintf(buf, sizeof(buf), "%zu", zs);
	x = pair(2, 0, w, "Zombies: ", buf,
	    ui_color_attr(zs ? UI_C_ZOMBIE : UI_C_VALUE));
	snprintf(buf, sizeof(buf), "%zu", ps);
	x = pair(2, x, w, "  parents: ", buf, ui_color_attr(UI_C_VALUE));
	snprintf(buf, sizeof(buf), "%zu", v->counts.leader_exited);
	x = pair(2, x, w, "  leader exited: ", buf, ui_color_attr(UI_C_VALUE));
	/* -p, -u, --demo: the counts above are of the shown processes. */
	if (filtered) {
		snprintf(buf, sizeof(buf),
		    "  [machine: %zu zombie%s, %zu parent%s]",
		    v->counts.zombies, v->counts.zombies == 1 ? "" : "s",
		    all_ps, all_ps == 1 ? "" : "s");
		x += ui_draw_text(2, x, w - x, buf, ui_color_attr(UI_C_HEADER));
	}
	if (w - x > 12) {
		x += ui_draw_text(
		    2, x, w - x, "  history ", ui_color_attr(UI_C_HEADER));
		sparkline(v, 2, x, w - x < 60 ? w - x : 60);
	}
}

static void
line_warning(const struct view *v, int w)
{
	char buf[200];

	if (v->snap->hidepid > 0)
		snprintf(buf, sizeof(buf),
		    "/proc is mounted with hidepid=%d: other users' processes "
		    "may be missing",
		    v->snap->hidepid);
	else
		snprintf(buf, sizeof(buf),
		    "not privileged: exit statuses of other users' zombies "
		    "are not readable");
	ui_draw_text(3, 0, w, buf, ui_color_attr(UI_C_WARN));
}

int
ui_header_draw(const struct view *v, int w, int h)
{
	int y = ui_header_height(v);

	line_host(v, w);
	line_tasks(v, w);
	line_zombies(v, w);
	if (has_warning(v))
		line_warning(v, w);
	return y + ui_meters_draw(v, y, w, h);
}
