/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The main loop owns the state: it refreshes the model on a timer, hands
 * keys to the dispatcher, and is the only place that draws. Signals only
 * set flags, except a crash, whose handler restores the terminal and
 * re-raises. Every frame is erase() plus drawing: ncurses sends only the
 * cells that changed; a full repaint happens only after Ctrl-L or a stop. */
#define NCURSES_WIDECHAR 1
#include "ui_screen.h"
#include "ui_rec.h"
#include "ui_replay.h"
#include "zclock.h"
#include "ui_screen_state.h"
#include "ui_action.h"
#include "ui_color.h"
#include "ui_setup.h"
#include "ui_draw.h"
#include "ui_footer.h"
#include "ui_strace.h"
#include "ui_header.h"
#include "ui_help.h"
#include "ui_keys.h"
#include "view_lab.h"
#include "ui_layer.h"
#include "ui_detail.h"
#include "ui_tree.h"
#include "view.h"
#include "view_delta.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MIN_COLS 40
#define MIN_LINES 10
#define DOCK_LINES 30  /* the detail panel is docked from this height */
#define HURRY 0.2      /* seconds between refreshes after a demo key */
#define ACT_TICK 0.1   /* seconds between looks at an outcome under way */
#define SCAN_POLL 0.02 /* seconds between looks at a background scan */
#define LOST_POLL 1.0  /* seconds between looks for lost kernel events */

static volatile sig_atomic_t stop_sig, tstp_flag, cont_flag;

static void
on_stop(int sig)
{
	stop_sig = sig;
}

static void
on_tstp(int sig)
{
	(void)sig;
	tstp_flag = 1;
}

static void
on_cont(int sig)
{
	(void)sig;
	cont_flag = 1;
}

/* Not async-signal-safe, but the process is dying anyway and a terminal
 * left in raw mode on the alternate screen is worse. SA_RESETHAND has
 * restored the default action, so the re-raised signal ends us. */
static void
on_crash(int sig)
{
	endwin();
	view_lab_crash();
	raise(sig);
}

static void
install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags; /* no SA_RESTART: a signal must wake get_wch */
	sigaction(sig, &sa, NULL);
}

static void
install_handlers(void)
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
	static const int crashes[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};

	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		install(stops[i], on_stop, 0);
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		install(crashes[i], on_crash, SA_RESETHAND);
	install(SIGTSTP, on_tstp, 0);
	install(SIGCONT, on_cont, 0);
}

/* Ctrl-Z: leave curses mode, stop for real, come back on SIGCONT. */
static void
suspend(void)
{
	endwin();
	install(SIGTSTP, SIG_DFL, 0);
	raise(SIGTSTP);
	install(SIGTSTP, on_tstp, 0);
	tstp_flag = 0;
}

/* The table over the detail panel, in the body's lines above the footer:
 * the docked panel takes up to half of them, one opened with Enter on a
 * short screen two thirds; it scrolls if it needs more. */
static void
draw_view(struct view *v, int w, int h, int body)
{
	int y = ui_header_draw(v, w, h);
	int want = (h >= DOCK_LINES) != v->panel ? ui_detail_height(v, w) : 0;
	int room = body - y;
	int cap = h >= DOCK_LINES ? room / 2 : room * 2 / 3;
	int ph = want < cap ? want : cap;

	ui_tree_draw(v, y, room - ph, w);
	if (ph > 0)
		ui_detail_draw(v, y + room - ph, ph, w);
}

/* The base view (unless a page layer covers it), the footer, then the
 * layers bottom-up, which stay in the body or, for the prompt, on the
 * footer line. */
static void
draw(struct view *v)
{
	int w = COLS, h = LINES, body;
	bool taken = ui_layer_footer(v->screen->layers);

	erase();
	v->screen->footer_y = -1;
	if (w < MIN_COLS || h < MIN_LINES) {
		ui_draw_text(0, 0, w, "terminal too small", A_BOLD);
		/* The layers hidden: a dialog's y must not send. */
		ui_layer_draw(v->screen->layers, v, 0, w);
		refresh();
		return;
	}
	body = h - ui_footer_height(v, w, taken);
	if (!ui_layer_covers(v->screen->layers))
		draw_view(v, w, h, body);
	ui_footer_draw(v, body, w, taken);
	ui_layer_draw(v->screen->layers, v, body, w);
	refresh();
}

/* A click on a column's title sorts the list by it, as in htop (and
 * inverts the order on the sorted one); the keys are unchanged. */
static unsigned
sort_click(struct view *v, int sort)
{
	char m[64];
	int rc;

	if (sort < 0)
		return 0;
	if (v->list_mode && (int)v->sort == sort)
		v->sort_desc = !v->sort_desc;
	else
		v->sort_desc = false;
	v->sort = (enum ui_sort)sort;
	v->list_mode = true;
	snprintf(m, sizeof(m), "list sorted by %s", view_sort_name(v->sort));
	view_message(v, m);
	if ((rc = view_rebuild(v)) < 0)
		view_message(v, strerror(-rc));
	return UI_REDRAW;
}

static unsigned
mouse(struct view *v)
{
	struct ui_screen_state *st = v->screen;
	MEVENT ev;
	long row;

	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		view_move(v, ev.bstate & BUTTON4_PRESSED ? -3 : 3);
		return UI_REDRAW;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return 0;
	if (ev.y == st->footer_y) {
		int key = ui_footer_hit(v, ev.x, ui_layer_footer(st->layers));

		return key ? ui_keys_dispatch(v, key) : 0;
	}
	if (ui_layer_find(st->layers, &ui_help_layer))
		return 0;
	if (ev.y == st->table_y - 1 && !ui_layer_covers(st->layers))
		return sort_click(v, ui_tree_hit(v, COLS, ev.x));
	row = (long)v->top + (ev.y - st->table_y);
	if (ev.y < st->table_y || ev.y >= st->table_y + st->page ||
	    row >= (long)v->nrows)
		return 0;
	view_set_cursor(v, row);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		v->panel = !v->panel;
	return UI_REDRAW;
}

/* A resize whose SIGWINCH came before curses listened (a terminal
 * resized as the program starts; SIGWINCH ignored by whoever started
 * us) is never told as KEY_RESIZE: the size is asked again each refresh,
 * unless LINES or COLUMNS fix it, as curses takes them. */
static unsigned
untold_resize(struct view *v)
{
	struct winsize ws;

	if (getenv("LINES") || getenv("COLUMNS") ||
	    ioctl(fileno(stdout), TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 ||
	    ws.ws_col == 0 || !is_term_resized(ws.ws_row, ws.ws_col))
		return 0;
	resize_term(ws.ws_row, ws.ws_col);
	view_reconcile(v);
	return UI_REDRAW | UI_RESCAN | UI_REPAINT;
}

/* Waits for a key until the next refresh is due. */
static unsigned
input(struct view *v, double next)
{
	double left = next - zclock_mono();
	wint_t ch;
	int rc;

	if ((ui_action_busy(v) || ui_strace_pending(v)) && left > ACT_TICK)
		left = ACT_TICK;
	if (view_scanning(v) && left > SCAN_POLL)
		left = SCAN_POLL;
	/* Lost kernel events ask for a scan; a wakeup a second draws
	 * nothing when nothing was lost. */
	if (v->tl.src && left > LOST_POLL)
		left = LOST_POLL;
	timeout(left > 0 ? (int)(left * 1000) + 1 : 0);
	rc = get_wch(&ch);
	if (rc == ERR)
		return 0;
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		view_reconcile(v); /* rows never read may come into view */
		return UI_REDRAW | UI_RESCAN;
	}
	if (rc == KEY_CODE_YES && ch == KEY_MOUSE)
		return mouse(v);
	return ui_keys_dispatch(v, ui_keys_encode((int)ch, rc == KEY_CODE_YES));
}

/* The sparkline's sample of the scan just adopted: the zombie-seconds
 * since the scan before (none at the first). */
static void
spark(struct view *v)
{
	if (v->zsec >= 0)
		ui_screen_state_spark(v->screen, v->scan_time, v->zsec);
}

/* Starts a background scan, the lab reaping first; a rescan asked for
 * while one runs follows it, since the running one may predate what the
 * caller changed (a signal sent, a lab key). */
static int
scan(struct view *v, bool *again)
{
	if (view_scanning(v)) {
		*again = true;
		return 0;
	}
	*again = false;
	view_lab_tick(v->lab, v);
	return view_scan_start(v);
}

/* The delay is the setup's (F2 may change it). */
static int
loop(struct view *v)
{
	double next = zclock_mono() + v->opts.delay;
	unsigned react = UI_REDRAW;
	bool again = false;
	int rc;

	while (!stop_sig && !(react & UI_QUIT)) {
		if (tstp_flag) {
			suspend();
			react |= UI_REDRAW | UI_REPAINT;
		}
		if (cont_flag) {
			/* Stopped by SIGSTOP, the shell may have reset the
			 * terminal modes under us. */
			cont_flag = 0;
			reset_prog_mode();
			react |= UI_REDRAW | UI_REPAINT;
		}
		if (zclock_mono() >= next) {
			react |= UI_REDRAW | (v->paused ? 0 : UI_RESCAN) |
			         untold_resize(v);
			next = zclock_mono() + v->opts.delay;
			/* The lab's subreaper reaps on every tick: scan()
			 * does it before the snapshot, here when paused. */
			if (v->paused)
				view_lab_tick(v->lab, v);
		}
		if (!v->paused && view_rescan_wanted(v))
			react |= UI_RESCAN;
		if ((react & UI_RESCAN) && (rc = scan(v, &again)) < 0)
			return rc;
		if ((rc = view_scan_collect(v)) < 0)
			return rc;
		if (rc > 0) {
			spark(v);
			react |= UI_REDRAW;
			next = zclock_mono() +
			       (view_lab_hurry(v->lab) && v->opts.delay > HURRY
			               ? HURRY
			               : v->opts.delay);
			if (again && (rc = scan(v, &again)) < 0)
				return rc;
		}
		react |= ui_action_tick(v) |
		         ui_layer_tick(v->screen->layers, v) | ui_rec_tick(v);
		if (react & UI_REPAINT)
			clearok(curscr, TRUE);
		if (react & UI_REDRAW)
			draw(v);
		react = input(v, next);
	}
	return 0;
}

static void
setup_curses(const struct view *v, int scheme)
{
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	leaveok(stdscr, TRUE); /* no cursor moves to park a hidden cursor */
	set_escdelay(25);
	ui_setup_mouse(v->screen);
	/* The setup's scheme, over which -C and NO_COLOR win. */
	ui_color_init(
	    scheme == CONF_SCHEME_MONOCHROME, scheme == CONF_SCHEME_LIGHT);
}

static void
free_view(struct view *v)
{
	if (v) {
		ui_setup_free(v->screen);
		ui_screen_state_free(v->screen);
		ui_action_free(v->act);
	}
	view_free(v);
}

/* Events refused by the kernel: the header says "off (short why)"; the
 * whole reason goes to the status line once. */
static void
events_note(struct view *v)
{
	char m[UI_MSG_MAX];

	if (v->tl.src || v->tl.events_err == -ECANCELED ||
	    !timeline_why(&v->tl))
		return;
	snprintf(m, sizeof(m),
	    "kernel process events are off: %s; zombie ages are first "
	    "sightings",
	    timeline_why(&v->tl));
	view_message(v, m);
}

/* With --demo and no -p, the view shows zombietop's own subtree: the lab. */
static int
make_view(const struct cli_opts *o, struct view_lab *lab, int *scheme,
    struct view **out)
{
	static pid_t self;
	struct view_opts vo = {.pids = o->pids,
	    .npids = o->npids,
	    .zombies_only = o->zombies_only,
	    .delay = o->delay / 10.0,
	    .events = !o->no_events && !o->replay,
	    .ascii = o->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0};
	struct view *v = NULL;
	int rc;

	if (cli_user_filter(o, &vo.by_uid, &vo.uid) < 0)
		return -EINVAL;
	if (lab && !o->npids) {
		self = getpid();
		vo.pids = &self;
		vo.npids = 1;
	}
	if ((rc = view_new(&vo, &v)) < 0)
		goto fail;
	v->lab = lab;
	v->meters.hidden = o->no_meters;
	if ((rc = ui_action_new(&v->act)) < 0 ||
	    (rc = ui_screen_state_new(&v->screen)) < 0)
		goto fail;
	v->on_message = ui_screen_state_message;
	v->on_message_arg = v->screen;
	if ((rc = ui_setup_start(v, o, scheme)) < 0)
		goto fail;
	v->on_snap = ui_action_snap;
	v->on_snap_arg = v->act;
	ui_action_set_table(v->act, v->tl.table);
	if (o->replay && (rc = ui_replay_start(v, o->replay)) < 0) {
		free_view(v);
		return rc;
	}
	if ((rc = view_refresh(v)) < 0)
		goto fail;
	events_note(v);
	spark(v);
	/* Zombies first: start on the first one, if any. */
	view_set_cursor(v, LONG_MAX);
	if (!view_next_zombie(v, NULL))
		view_set_cursor(v, 0);
	*out = v;
	return 0;
fail:
	fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	free_view(v);
	return rc;
}

/* --demo: the lab starts before the first snapshot and, whatever ends
 * the view (q, SIGINT/SIGTERM/SIGHUP, an error), is removed after it. */
static int
start_lab(const struct cli_opts *o, struct view_lab **lab)
{
	int rc;

	*lab = NULL;
	if (!o->demo)
		return 0;
	if ((rc = view_lab_new(o->demo_mask, lab)) < 0)
		fprintf(stderr, "zombietop: lab: %s\n", strerror(-rc));
	return rc;
}

/* The view needs a terminfo entry that can move the cursor: on a dumb,
 * unknown or hard-copy terminal say so before scanning anything, instead
 * of drawing garbage or failing half-way. */
static bool
term_usable(void)
{
	const char *term = getenv("TERM");
	const char *why = NULL;
	char *cup;
	int err = 0;

	if (!term || !*term)
		why = "TERM is not set";
	else if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		why = err == 0 ? "no terminfo entry for it"
		               : "the terminfo database was not found";
	if (!why) {
		cup = tigetstr("cup");
		if (cup == NULL || cup == (char *)-1 || tigetflag("hc") > 0 ||
		    tigetflag("gn") > 0)
			why = "it cannot move the cursor";
		del_curterm(cur_term);
	}
	if (why)
		fprintf(stderr,
		    "zombietop: cannot use terminal type '%s': %s "
		    "(try --once)\n",
		    term ? term : "", why);
	return why == NULL;
}

int
ui_screen_run(const struct cli_opts *o)
{
	struct view *v = NULL;
	struct view_lab *lab = NULL;
	int scheme = CONF_SCHEME_DEFAULT;
	SCREEN *scr;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "zombietop: the interactive view needs a "
		                "terminal (try --once)\n");
		return 1;
	}
	if (!term_usable())
		return 1;
	install_handlers();
	if (start_lab(o, &lab) < 0)
		return 1;
	if ((rc = make_view(o, lab, &scheme, &v)) < 0) {
		view_lab_free(lab);
		return rc == -EINVAL ? 2 : 1;
	}
	if (!(scr = newterm(NULL, stdout, stdin))) {
		fprintf(stderr, "zombietop: cannot use terminal type '%s'\n",
		    getenv("TERM") ? getenv("TERM") : "");
		free_view(v);
		view_lab_free(lab);
		return 1;
	}
	setup_curses(v, scheme);
	rc = loop(v);
	endwin();
	delscreen(scr);
	free_view(v);
	view_lab_free(lab);
	if (rc < 0) {
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
		return 1;
	}
	return stop_sig ? 128 + stop_sig : 0;
}
