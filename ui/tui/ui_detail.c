/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The panel is built as lines of text first, then drawn; that keeps
 * the height known before drawing. It reads nothing: a parent's wchan
 * comes from its diagnosis, made on the scanner's thread. */
#define NCURSES_WIDECHAR 1
#include "ui_detail.h"
#include "escape.h"
#include "out_text.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "view_lab.h"
#include "view_time.h"
#include "ui_tree.h"
#include "zombie_text.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

#define PANEL_LINES 24
#define CMD_LINES 3

struct panel {
	char line[PANEL_LINES][320];
	int n;
	char *cmd; /* owned: the escaped command line, wrapped when drawn */
};

static void add(struct panel *pn, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct panel *pn, const char *fmt, ...)
{
	va_list ap;

	if (pn->n >= PANEL_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(pn->line[pn->n++], sizeof(pn->line[0]), fmt, ap);
	va_end(ap);
}

/* Bytes of text that fit cols columns, ending after a blank if the text
 * goes on and there is one to break at. */
static size_t
fit_words(const char *text, int cols)
{
	size_t k = ui_draw_cut(text, cols, NULL), b = k;

	if (text[k] == '\0')
		return k;
	while (b > 0 && text[b - 1] != ' ')
		b--;
	return b > 0 ? b : k;
}

/* label then text, continued on indented lines to fit w columns. */
static void
add_wrapped(struct panel *pn, const char *label, const char *text, int w)
{
	size_t off = 0, len = strlen(text);
	int lw = ui_draw_width(label);
	bool first = true;

	while (pn->n < PANEL_LINES && (off < len || first)) {
		size_t k = fit_words(text + off, w - lw > 20 ? w - lw : 20);

		add(pn, "%*s%.*s", first ? 0 : lw, first ? label : "", (int)k,
		    text + off);
		off = k ? off + k : len;
		first = false;
	}
}

/* The diagnosis of a zombie parent: why, SIGCHLD, what each action does. */
static void
diag_lines(const struct view *v, pid_t parent, struct panel *pn, int w)
{
	const struct zombie_diag *d = zombie_report_find(&v->report, parent);
	char buf[512], label[32];

	if (!d)
		return;
	zombie_text_explain(d, buf, sizeof(buf));
	add_wrapped(pn, "Why: ", buf, w);
	add(pn, "SIGCHLD in the parent: %s%s%s%s",
	    zombie_disp_name(d->sigchld.disp),
	    d->sigchld.blocked ? ", blocked" : "",
	    d->sigchld.pending ? ", pending" : "",
	    d->namespace_init ? "; init of a PID namespace" : "");
	for (int a = 0; a < ZA_COUNT; a++) {
		zombie_text_predict(d, (enum zombie_action)a, buf, sizeof(buf));
		snprintf(label, sizeof(label),
		    "If %s: ", zombie_action_label((enum zombie_action)a));
		add_wrapped(pn, label, buf, w);
	}
}

static void
tty_name(int tty, char *buf, size_t size)
{
	unsigned maj = major((dev_t)tty), min = minor((dev_t)tty);

	if (tty == 0)
		snprintf(buf, size, "-");
	else if (maj >= 136 && maj <= 143)
		snprintf(buf, size, "pts/%u", (maj - 136) * 256 + min);
	else if (maj == 4 && min < 64)
		snprintf(buf, size, "tty%u", min);
	else
		snprintf(buf, size, "%u:%u", maj, min);
}

/* A zombie parent's wchan, as its diagnosis read it ("-" if none). */
static void
wchan(const struct view *v, pid_t pid, char *buf, size_t size)
{
	const struct zombie_diag *d = zombie_report_find(&v->report, pid);

	snprintf(buf, size, "%s", d && d->wchan[0] ? d->wchan : "-");
}

static void
ids(const struct view *v, const struct snap_proc *p, struct panel *pn)
{
	char user[64], tty[32], start[32];
	time_t st = (time_t)snap_start_epoch(v->snap, p);
	struct tm tm;

	escape_buf(p->user, strlen(p->user), user, sizeof(user), ESC_ASCII);
	tty_name(p->tty, tty, sizeof(tty));
	localtime_r(&st, &tm);
	strftime(start, sizeof(start), "%Y-%m-%d %H:%M:%S", &tm);
	add(pn,
	    "PPID %d  USER %s (uid %u)  STATE %c  THREADS %d  TTY %s  "
	    "STARTED %s",
	    (int)p->ppid, user, (unsigned)p->uid, p->state, p->threads, tty,
	    start);
}

/* "2 ms", "1.4 s", "12 s", "3.5 min": a latency as people read it. */
static void
dur_text(double s, char *buf, size_t size)
{
	if (s < 0.001)
		snprintf(buf, size, "%.0f us", s * 1e6);
	else if (s < 1)
		snprintf(buf, size, "%.0f ms", s * 1e3);
	else if (s < 10 && (long)(s * 10 + 0.5) % 10 == 0)
		snprintf(buf, size, "%.0f s", s); /* "1 s", not "1.0 s" */
	else if (s < 10)
		snprintf(buf, size, "%.1f s", s);
	else if (s < 120)
		snprintf(buf, size, "%.0f s", s);
	else
		snprintf(buf, size, "%.1f min", s / 60);
}

/* HH:MM:SS.mmm of epoch seconds t, local time. */
static void
clock_ms(double t, char *buf, size_t size)
{
	time_t sec = (time_t)t;
	struct tm tm;
	char hms[16];

	localtime_r(&sec, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03d", hms, (int)((t - (double)sec) * 1000));
}

/* When the zombie exited: exact from a kernel event, else only when a
 * scan first showed it. */
static void
when_line(const struct view *v, const struct snap_proc *p, struct panel *pn)
{
	size_t i = (size_t)(p - v->snap->procs);
	char at[32];

	if (v->zsince[i] <= 0)
		return;
	clock_ms(v->zsince[i], at, sizeof(at));
	if (v->zexact[i])
		add(pn, "When: exited %s (exact)", at);
	else
		add(pn, "When: first seen %s (exit time unknown)", at);
}

/* The reap statistics of parent p ("Reaps its children in 2 ms median,
 * 1.4 s p99; 3 of 120 waited > 1 s in the last 10 min") and its leak
 * rate when it grows; who: "Reaps" or "Parent reaps". */
static void
reap_lines(const struct view *v, const struct snap_proc *p, const char *who,
    struct panel *pn, int w)
{
	struct reapstat_sum s;
	char p50[24], p99[24], thr[24], text[256];

	if (view_time_parent(v, p, &s) < 0 || s.exits == 0)
		return;
	dur_text(REAPSTAT_THRESHOLD, thr, sizeof(thr));
	if (s.p50 >= 0) {
		dur_text(s.p50, p50, sizeof(p50));
		dur_text(s.p99, p99, sizeof(p99));
		snprintf(text, sizeof(text),
		    "%s its children in %s median, %s p99; %llu of %llu "
		    "waited > %s in the last 10 min",
		    who, p50, p99, (unsigned long long)s.win_over,
		    (unsigned long long)s.win_count, thr);
	} else {
		snprintf(text, sizeof(text),
		    "%s its children: none reaped in the last 10 min (%llu "
		    "exits, %llu reaps seen in all)",
		    who, (unsigned long long)s.exits,
		    (unsigned long long)s.reaps);
	}
	add_wrapped(pn, "", text, w);
	if (s.leak_per_min > 0)
		add(pn,
		    "Leak rate: %.1f zombies a minute (exits minus reaps, "
		    "last 10 min)",
		    s.leak_per_min);
}

static void
zombie_lines(
    const struct view *v, const struct snap_proc *p, struct panel *pn, int w)
{
	const struct snap_proc *pp = snap_find(v->snap, p->ppid);
	double since = v->zsince[p - v->snap->procs];
	bool prior = v->zprior[p - v->snap->procs];
	double s = since > 0 ? v->scan_time - since : 0;
	char st[64], age[16], name[96], wc[96], raw[32] = "", text[200];

	out_text_zombie_status(p, st, sizeof(st));
	/* The words and rounding of the diagnosis ("oldest ... for"), so
	 * one zombie has one age. A lower bound steps by 10 s, as the AGE
	 * column's: its exact second says nothing and would redraw the line
	 * every refresh. */
	if (prior && s >= 10)
		s = (double)((long)s / 10 * 10);
	zombie_text_age(s, age, sizeof(age));
	if (p->flags & SPF_EXIT_KNOWN)
		snprintf(raw, sizeof(raw), " (wait status %d)", p->exit_raw);
	if (prior)
		snprintf(text, sizeof(text),
		    "%s%s; age unknown, over %s (since before the view "
		    "started)",
		    st, raw, age);
	else
		snprintf(
		    text, sizeof(text), "%s%s; a zombie for %s", st, raw, age);
	add_wrapped(pn, "Zombie: ", text, w);
	when_line(v, p, pn);
	if (!pp) {
		add(pn, "Parent %d is not visible", (int)p->ppid);
		return;
	}
	out_text_name(pp, ESC_ASCII, name, sizeof(name));
	wchan(v, pp->pid, wc, sizeof(wc));
	/* The name last: it is the part that may be cut. */
	add(pn, "Parent: %d  state %c  wchan %s  holding %d zombie%s  %s",
	    (int)pp->pid, pp->state, wc,
	    v->tree->nodes[pp - v->snap->procs].zombies,
	    v->tree->nodes[pp - v->snap->procs].zombies == 1 ? "" : "s", name);
	reap_lines(v, pp, "Parent reaps", pn, w);
	diag_lines(v, pp->pid, pn, w);
}

/* --demo: the scenario's lesson, first, as it is what the class reads. */
static void
lesson_lines(
    const struct view *v, const struct snap_proc *p, struct panel *pn, int w)
{
	const char *name = NULL, *text = view_lab_lesson(v->lab, p, &name);
	char buf[1024];

	if (!text)
		return;
	snprintf(buf, sizeof(buf), "[%s] %s", name, text);
	add_wrapped(pn, "Lesson: ", buf, w);
}

static void
build(const struct view *v, struct panel *pn, int w)
{
	const struct snap_proc *p = view_selected(v);
	const struct ptree_node *n = view_node(v, v->cur);
	char name[64], wc[96];
	size_t len;

	pn->n = 0;
	pn->cmd = NULL;
	if (!p)
		return;
	escape_buf(p->comm, strlen(p->comm), name, sizeof(name), ESC_ASCII);
	add(pn, " PID %d  %s", (int)p->pid, name);
	ids(v, p, pn);
	len = strlen(p->cmdline) + strlen(p->comm) + 3;
	if ((pn->cmd = malloc(len * 4)))
		out_text_name(
		    p, v->opts.ascii ? ESC_ASCII : 0, pn->cmd, len * 4);
	lesson_lines(v, p, pn, w);
	if (snap_is_zombie(p))
		zombie_lines(v, p, pn, w);
	else if (snap_is_leader_exited(p))
		add(pn,
		    "Leader exited while %d thread%s still run: alive, "
		    "not a zombie; nothing to reap",
		    p->threads - 1, p->threads == 2 ? "" : "s");
	reap_lines(v, p, "Reaps", pn, w);
	if (n && n->zombies > 0) {
		wchan(v, p->pid, wc, sizeof(wc));
		add(pn,
		    "Holds %d zombie%s it has not reaped; state %c, "
		    "wchan %s",
		    n->zombies, n->zombies == 1 ? "" : "s", p->state, wc);
		diag_lines(v, p->pid, pn, w);
	}
}

static int
cmd_lines(const char *cmd, int w)
{
	int n = 0;
	size_t off = 0, len = strlen(cmd);

	if (w <= 9)
		return 1;
	while (n < CMD_LINES && (off < len || n == 0)) {
		off += ui_draw_cut(cmd + off, w - 9, NULL);
		n++;
	}
	return n;
}

int
ui_detail_height(const struct view *v, int w)
{
	struct panel pn;
	int h;

	build(v, &pn, w);
	h = pn.n + (pn.cmd ? cmd_lines(pn.cmd, w) : 0);
	free(pn.cmd);
	return h;
}

/* The panel as drawn: its lines with the command line wrapped in after
 * the second one, "Command:" on the first piece. */
struct flat {
	char line[PANEL_LINES + CMD_LINES][320];
	int n;
};

static void
flatten(const struct panel *pn, int w, struct flat *f)
{
	f->n = 0;
	for (int i = 0; i < pn->n; i++) {
		snprintf(
		    f->line[f->n++], sizeof(f->line[0]), "%s", pn->line[i]);
		if (i != 1 || !pn->cmd)
			continue;
		size_t off = 0, len = strlen(pn->cmd);

		for (int k = 0; k < CMD_LINES && (off < len || k == 0); k++) {
			size_t n = w > 9
			               ? ui_draw_cut(pn->cmd + off, w - 9, NULL)
			               : len - off;

			snprintf(f->line[f->n++], sizeof(f->line[0]),
			    "%-9s%.*s", k == 0 ? "Command:" : "", (int)n,
			    pn->cmd + off);
			off = n ? off + n : len;
		}
	}
}

/* The first line (who) stays; the rest scrolls by { and }, and the last
 * row says what is hidden. */
void
ui_detail_draw(const struct view *v, int y, int h, int w)
{
	struct panel pn;
	struct flat f;
	int body = h - 1, top = v->panel_top, more, rows;

	build(v, &pn, w);
	flatten(&pn, w, &f);
	free(pn.cmd);
	if (h <= 0 || f.n == 0)
		return;
	more = f.n - 1 > body;
	rows = more ? body - 1 : body;
	if (top > f.n - 1 - rows)
		top = f.n - 1 - rows > 0 ? f.n - 1 - rows : 0;
	if (!more)
		top = 0;
	ui_draw_fill(y, 0, w, ui_color_attr(UI_C_PANEL));
	ui_draw_text(y, 0, w, f.line[0], ui_color_attr(UI_C_PANEL));
	for (int i = 0; i < body; i++) {
		char mark[96];
		int k = 1 + top + i, left = f.n - k;

		if (more && i == body - 1) {
			snprintf(mark, sizeof(mark),
			    "-- %d more line%s ({ } scroll) --", left,
			    left == 1 ? "" : "s");
			if (left <= 0)
				snprintf(mark, sizeof(mark),
				    "-- end, %d above ({ scrolls) --", top);
			ui_draw_text(y + 1 + i, 0, w, mark,
			    ui_color_attr(UI_C_HEADER) | (int)A_BOLD);
		} else if (k < f.n)
			ui_draw_text(y + 1 + i, 0, w, f.line[k],
			    ui_color_attr(UI_C_NORMAL));
	}
}
