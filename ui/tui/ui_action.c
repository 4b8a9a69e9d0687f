/* An action never blocks the loop: the signal is sent at once, then each
 * parent's outcome is followed by ui_track from the main loop's tick; a
 * reap that an outcome logs is dropped from evwatch's report. */
#define NCURSES_WIDECHAR 1
#include "ui_action.h"
#include "escape.h"
#include "evlog.h"
#include "evwatch.h"
#include "kparse.h"
#include "outcome.h"
#include "procfs.h"
#include "ptreap.h"
#include "sigact.h"
#include "signame.h"
#include "ui_dialog.h"
#include "ui_keys.h"
#include "ui_log.h"
#include "ui_track.h"
#include "zombie_text.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACT_RESULT_SECS 15 /* the final outcome stays on the status line */
#define ACT_LOG_CAP 10000  /* a busy machine logs much: keep minutes */
#define ACT_SCRATCH_CAP 4096
#define ACT_MAX_TARGETS 8 /* parents described one by one in a dialog */
#define ESC_KEY 27

enum act_mode { ACT_IDLE, ACT_CONFIRM, ACT_MENU, ACT_LOG };

struct ui_act {
	struct evlog *log;     /* owned: what L shows */
	struct evlog *scratch; /* owned: evwatch and outcomes write here */
	struct evwatch w;
	struct ui_ident *tags; /* owned */
	size_t ntags, captags;
	struct ui_tracks tracks; /* owned: outcomes under way */

	enum act_mode mode;
	struct ui_dialog dlg;
	int log_top, log_first;
	/* The action the dialog asks about. */
	struct sigact_plan plan; /* owned */
	int sig;                 /* 0: R, reap by ptrace */
	int action;              /* enum sigact_action, -1 from the menu */
	bool refused, can_override;
	struct ptreap_target pt; /* R's zombie and the parent shown */
};

static int
grow(void *pp, size_t *cap, size_t n, size_t size)
{
	void **p = pp, *np;
	size_t c = *cap ? *cap * 2 : 8;

	if (n < *cap)
		return 0;
	if (!(np = realloc(*p, c * size)))
		return -ENOMEM;
	*p = np;
	*cap = c;
	return 0;
}

int
ui_action_new(struct ui_act **out)
{
	struct ui_act *a = calloc(1, sizeof(*a));

	if (!a)
		return -ENOMEM;
	evwatch_init(&a->w);
	a->log_top = -1;
	if (evlog_new(ACT_LOG_CAP, &a->log) < 0 ||
	    evlog_new(ACT_SCRATCH_CAP, &a->scratch) < 0) {
		ui_action_free(a);
		return -ENOMEM;
	}
	*out = a;
	return 0;
}

void
ui_action_free(struct ui_act *a)
{
	if (!a)
		return;
	ui_track_done(&a->tracks);
	free(a->tags);
	sigact_plan_done(&a->plan);
	evwatch_done(&a->w);
	evlog_free(a->log);
	evlog_free(a->scratch);
	free(a);
}

/* The last n events of the scratch log go to the log; a reap already
 * logged by an outcome (or to be) is dropped. */
static void
pass_on(struct ui_act *a, size_t n, bool filter)
{
	size_t count = evlog_count(a->scratch);

	if (n > count)
		n = count;
	for (size_t i = count - n; i < count; i++) {
		const struct evlog_event *ev = evlog_at(a->scratch, i);

		if (filter && ev->kind == EVLOG_REAPED &&
		    ui_track_quiet_take(&a->tracks, ev->pid))
			continue;
		evlog_add(a->log, ev);
	}
}

static void
prune_tags(struct ui_act *a, const struct snap *cur)
{
	size_t keep = 0;

	for (size_t i = 0; i < a->ntags; i++) {
		const struct snap_proc *p = snap_find(cur, a->tags[i].pid);

		if (p && p->start_ticks == a->tags[i].start)
			a->tags[keep++] = a->tags[i];
	}
	a->ntags = keep;
}

void
ui_action_snap(void *act, const struct snap *prev, const struct snap *cur)
{
	struct ui_act *a = act;
	int rc = evwatch_update(&a->w, prev, cur, a->scratch);

	if (rc > 0)
		pass_on(a, (size_t)rc, true);
	prune_tags(a, cur);
}

bool
ui_action_tagged(const struct ui_view *v, const struct snap_proc *p)
{
	const struct ui_act *a = v->act;

	for (size_t i = 0; a && p && i < a->ntags; i++)
		if (a->tags[i].pid == p->pid &&
		    a->tags[i].start == p->start_ticks)
			return true;
	return false;
}

unsigned
ui_action_tag(struct ui_view *v)
{
	struct ui_act *a = v->act;
	const struct snap_proc *p = ui_view_selected(v);

	if (!p)
		return 0;
	if (ui_action_tagged(v, p)) {
		for (size_t i = 0; i < a->ntags; i++)
			if (a->tags[i].pid == p->pid)
				a->tags[i] = a->tags[--a->ntags];
	} else if (grow(&a->tags, &a->captags, a->ntags, sizeof(*a->tags)) ==
	           0) {
		a->tags[a->ntags].pid = p->pid;
		a->tags[a->ntags++].start = p->start_ticks;
	}
	ui_view_move(v, 1);
	return UI_REDRAW;
}

/* The tagged processes still in the snapshot, else the selected one. */
static int
build_plan(struct ui_view *v, struct sigact_plan *plan)
{
	struct ui_act *a = v->act;
	const struct snap_proc *p = ui_view_selected(v);
	pid_t *pids;
	size_t n = 0;
	int rc;

	memset(plan, 0, sizeof(*plan));
	if (!(pids = calloc(a->ntags + 1, sizeof(pid_t))))
		return -ENOMEM;
	for (size_t i = 0; i < a->ntags; i++)
		pids[n++] = a->tags[i].pid;
	if (n == 0 && p)
		pids[n++] = p->pid;
	rc = n ? sigact_plan_build(v->snap, pids, n, plan) : -ESRCH;
	free(pids);
	return rc;
}

static const char *
action_key(const char *name)
{
	static const struct {
		const char *name, *key;
	} keys[] = {{"sigchld", "c (SIGCHLD)"}, {"term", "t (SIGTERM)"},
	    {"kill", "K (SIGKILL)"}, {"cont", "C (SIGCONT)"}};

	for (size_t i = 0; name && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return keys[i].key;
	return NULL;
}

static const char *
next_for(const struct snap_proc *parent, int sig, int action)
{
	if (parent && parent->state == 'T' && sig != SIGCONT)
		return action_key(sigact_action_name(SIGACT_CONT));
	if (action >= 0)
		return action_key(
		    sigact_action_next((enum sigact_action)action));
	if (sig == SIGCHLD || sig == SIGCONT)
		return action_key("term");
	return sig == SIGTERM ? action_key("kill") : NULL;
}

/* Sends sig to g's parent and starts following its zombies. */
static int
send_group(struct ui_view *v, const struct sigact_group *g, int sig, int action,
    unsigned flags, struct sigact_result *res)
{
	struct ui_act *a = v->act;
	struct outcome oc;
	int rc;

	if ((rc = outcome_begin(&oc, g)) < 0) {
		snprintf(res->msg, sizeof(res->msg), "%s", strerror(-rc));
		return rc;
	}
	rc = sigact_signal(&g->parent, sig, flags, res);
	outcome_start(&oc);
	sigact_log(a->log, &g->parent, sig, res, g->nzombies);
	if (rc < 0 || outcome_reaped(&oc) == oc.n) {
		outcome_done(&oc);
		return rc;
	}
	ui_track_add(&a->tracks, &oc, sig,
	    next_for(snap_find(v->snap, g->parent.pid), sig, action), v->snap);
	return 0;
}

static void
show(struct ui_view *v, const char *msg, double secs)
{
	ui_view_message(v, msg);
	v->msg_until = ui_view_now() + secs;
}

/* One signal per parent of the plan; tags are used up. */
static void
send_plan(struct ui_view *v, const struct sigact_plan *plan, int sig,
    int action, unsigned flags)
{
	struct sigact_result res, first;
	size_t sent = 0, failed = 0;
	char msg[sizeof(v->msg)];

	memset(&first, 0, sizeof(first));
	for (size_t i = 0; i < plan->ngroups; i++) {
		if (send_group(v, &plan->groups[i], sig, action, flags, &res) <
		    0) {
			if (failed++ == 0)
				first = res;
		} else if (sent++ == 0 && !failed)
			first = res;
	}
	v->act->ntags = 0;
	if (failed)
		snprintf(msg, sizeof(msg), "%s%s", first.msg,
		    first.status == SIGACT_REFUSED && !flags
		        ? " (F9 can override in its dialog)"
		        : "");
	else
		snprintf(msg, sizeof(msg), "%s%s%s", first.msg,
		    sent > 1 ? " and to other parents" : "",
		    first.warning[0] ? "; " : "");
	if (!failed && first.warning[0])
		strncat(msg, first.warning, sizeof(msg) - strlen(msg) - 1);
	show(v, msg, ACT_RESULT_SECS);
}

/* c and C: harmless, no confirmation, but the safety rules hold. */
static unsigned
act_now(struct ui_view *v, enum sigact_action act)
{
	struct sigact_plan plan;

	if (build_plan(v, &plan) < 0) {
		ui_view_message(v, "no process to act on");
		return UI_REDRAW;
	}
	send_plan(v, &plan, sigact_action_signal(act), (int)act, 0);
	sigact_plan_done(&plan);
	return UI_REDRAW;
}

unsigned
ui_action_sigchld(struct ui_view *v)
{
	return act_now(v, SIGACT_SIGCHLD);
}

unsigned
ui_action_cont(struct ui_view *v)
{
	return act_now(v, SIGACT_CONT);
}

static void
name_of(const struct snap_proc *p, char *buf, size_t size)
{
	const char *raw = p && p->cmdline && p->cmdline[0] ? p->cmdline
	                  : p && p->comm                   ? p->comm
	                                                   : "?";

	escape_buf(raw, strlen(raw), buf, size, 0);
}

static int
za_of(int sig)
{
	return sig == SIGCHLD   ? ZA_SIGCHLD
	       : sig == SIGTERM ? ZA_TERM
	       : sig == SIGKILL ? ZA_KILL
	                        : -1;
}

/* The dialog's lines on one parent: who, what it hands over, the
 * prediction, the safety rules. */
static void
describe_target(struct ui_view *v, const struct sigact_group *g)
{
	struct ui_act *a = v->act;
	const struct snap_proc *p = snap_find(v->snap, g->parent.pid);
	const struct zombie_diag *d =
	    zombie_report_find(&v->report, g->parent.pid);
	char name[200], user[64], pred[400];
	struct sigact_result res;
	int za = za_of(a->sig);

	name_of(p, name, sizeof(name));
	escape_buf(p && p->user ? p->user : "?",
	    p && p->user ? strlen(p->user) : 1, user, sizeof(user), 0);
	ui_dialog_add(&a->dlg, "Target: %d  %s  (user %s)", (int)g->parent.pid,
	    name, user);
	ui_dialog_add(&a->dlg,
	    "  If it exits, its %zu zombie%s and %zu live child%s go to a new "
	    "parent (the nearest subreaper, else init).",
	    g->nzombies, g->nzombies == 1 ? "" : "s",
	    snap_live_children(v->snap, g->parent.pid),
	    snap_live_children(v->snap, g->parent.pid) == 1 ? "" : "ren");
	if (d && za >= 0) {
		zombie_text_predict(
		    d, (enum zombie_action)za, pred, sizeof(pred));
		ui_dialog_add(&a->dlg, "  Prediction: %s", pred);
	}
	if (sigact_check(g->parent.pid, 0, &res) < 0) {
		struct sigact_result over;

		a->refused = true;
		a->can_override =
		    sigact_check(g->parent.pid, SIGACT_OVERRIDE, &over) == 0;
		ui_dialog_add(&a->dlg, "  SAFETY: %s", res.msg);
	}
	if (res.warning[0])
		ui_dialog_add(&a->dlg, "  %s", res.warning);
}

static unsigned
confirm_plan(struct ui_view *v, int sig, int action)
{
	struct ui_act *a = v->act;
	const char *sn = signame_name(sig);
	char title[128];

	sigact_plan_done(&a->plan);
	if (build_plan(v, &a->plan) < 0) {
		a->mode = ACT_IDLE;
		ui_view_message(v, "no process to act on");
		return UI_REDRAW;
	}
	a->sig = sig;
	a->action = action;
	a->refused = false;
	a->can_override = true;
	snprintf(title, sizeof(title), "Send %s to %zu process%s?",
	    sn ? sn : "a signal", a->plan.ngroups,
	    a->plan.ngroups == 1 ? "" : "es");
	ui_dialog_init(&a->dlg, title);
	for (size_t i = 0; i < a->plan.ngroups && i < ACT_MAX_TARGETS; i++)
		describe_target(v, &a->plan.groups[i]);
	if (a->plan.ngroups > ACT_MAX_TARGETS)
		ui_dialog_add(&a->dlg, "... and %zu more",
		    a->plan.ngroups - ACT_MAX_TARGETS);
	snprintf(a->dlg.choices, sizeof(a->dlg.choices), "%s",
	    !a->refused       ? "y/Enter: send   n/Esc: cancel"
	    : a->can_override ? "o: override the safety rule and send   "
	                        "n/Esc: cancel"
	                      : "refused, cannot be overridden: n/Esc closes");
	a->mode = ACT_CONFIRM;
	return UI_REDRAW;
}

unsigned
ui_action_term(struct ui_view *v)
{
	return confirm_plan(v, SIGTERM, SIGACT_TERM);
}

unsigned
ui_action_kill(struct ui_view *v)
{
	return confirm_plan(v, SIGKILL, SIGACT_KILL);
}

unsigned
ui_action_menu(struct ui_view *v)
{
	struct ui_act *a = v->act;
	const struct snap_proc *p = ui_view_selected(v);
	char title[128], name[64];

	if (!p && a->ntags == 0)
		return 0;
	if (a->ntags)
		snprintf(title, sizeof(title),
		    "Signal for the %zu tagged processes", a->ntags);
	else {
		name_of(p, name, sizeof(name));
		snprintf(title, sizeof(title), "Signal for %d (%s)%s",
		    (int)p->pid, name,
		    snap_is_zombie(p) ? ": goes to its parent" : "");
	}
	ui_dialog_init(&a->dlg, title);
	for (int i = 0; i < signame_count(); i++) {
		int sig = signame_at(i);

		if (sig == SIGTERM)
			a->dlg.sel = i;
		ui_dialog_add(&a->dlg, "%2d %s", sig, signame_name(sig));
	}
	snprintf(a->dlg.choices, sizeof(a->dlg.choices), "%s",
	    "Up/Down choose   Enter: next   Esc: cancel");
	a->mode = ACT_MENU;
	return UI_REDRAW;
}

unsigned
ui_action_log(struct ui_view *v)
{
	v->act->mode = ACT_LOG;
	v->act->log_top = -1;
	return UI_REDRAW;
}

/* R's request: the zombie and the parent the dialog names, by identity:
 * the injection goes into that process or nowhere. */
static void
ptrace_target(struct ui_view *v, const struct snap_proc *z, unsigned flags)
{
	const struct snap_proc *p = snap_find(v->snap, z->ppid);
	struct ptreap_target *t = &v->act->pt;

	t->zpid = z->pid;
	t->zstart = z->start_ticks;
	t->ppid = z->ppid;
	t->pstart = p ? p->start_ticks : 0;
	t->flags = flags;
}

unsigned
ui_action_ptrace(struct ui_view *v)
{
	struct ui_act *a = v->act;
	const struct snap_proc *z = ui_view_selected(v), *p;
	struct ptreap_result res;
	char name[200], msg[sizeof(v->msg)];

	if (!z || !snap_is_zombie(z)) {
		ui_view_message(v, "R reaps a zombie: select a zombie row");
		return UI_REDRAW;
	}
	ptrace_target(v, z, 0);
	a->refused = ptreap_precheck(&a->pt, &res) < 0;
	if (a->refused && !ptreap_overridable(res.reason)) {
		snprintf(msg, sizeof(msg), "R refused for zombie %d: %s",
		    (int)z->pid, res.message);
		show(v, msg, ACT_RESULT_SECS);
		return UI_REDRAW;
	}
	p = snap_find(v->snap, z->ppid);
	a->sig = 0;
	a->can_override = a->refused || res.filter_check;
	ui_dialog_init(&a->dlg, "Reap through the parent by ptrace?");
	escape_buf(z->comm, strlen(z->comm), name, sizeof(name), 0);
	ui_dialog_add(&a->dlg, "Zombie: %d (%s)", (int)z->pid, name);
	name_of(p, name, sizeof(name));
	ui_dialog_add(&a->dlg,
	    "Parent: %d  %s  (user %s): made to call "
	    "wait4 for it, then it runs on",
	    (int)z->ppid, name, p && p->user ? p->user : "?");
	if (a->refused)
		ui_dialog_add(&a->dlg, "  SAFETY: %s", res.message);
	else if (res.filter_check)
		ui_dialog_add(&a->dlg, "  SAFETY: a seccomp filter: y reaps "
		                       "only if it lets wait4 through");
	ui_dialog_add(&a->dlg, "Hazards:");
	for (int i = 0; ptreap_hazards[i]; i++)
		if (strcmp(ptreap_hazards[i], PTREAP_HAZARD_SECCOMP) != 0 ||
		    res.seccomp == 2)
			ui_dialog_add(&a->dlg, "- %s", ptreap_hazards[i]);
	snprintf(a->dlg.choices, sizeof(a->dlg.choices), "%s",
	    a->refused ? "o: override the safety rule and reap   n/Esc: cancel"
	    : res.filter_check
	        ? "y/Enter: reap   o: override the filter   n/Esc: cancel"
	        : "y/Enter: reap   n/Esc: cancel");
	a->mode = ACT_CONFIRM;
	return UI_REDRAW;
}

static void
run_ptrace(struct ui_view *v, unsigned flags)
{
	struct ui_act *a = v->act;
	struct ptreap_result res;
	struct evlog_event ev;
	int rc;

	a->pt.flags = flags;
	rc = ptreap_reap(&a->pt, &res);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_ACTION;
	ev.pid = a->pt.ppid;
	ev.result = rc;
	ev.count = 1;
	if (rc == 0)
		snprintf(ev.text, sizeof(ev.text),
		    "ptrace: zombie %d reaped by its parent %d (held %ld us)",
		    (int)a->pt.zpid, (int)a->pt.ppid, res.stopped_us);
	else
		snprintf(ev.text, sizeof(ev.text),
		    "ptrace: zombie %d not reaped by %d: %s", (int)a->pt.zpid,
		    (int)a->pt.ppid, res.message);
	evlog_add(a->log, &ev);
	show(v, ev.text, ACT_RESULT_SECS);
}

static unsigned
confirm_key(struct ui_view *v, int key)
{
	struct ui_act *a = v->act;
	bool yes = key == 'y' || key == 'Y' || key == '\n' || key == '\r';

	if (key == 'n' || key == 'N' || key == ESC_KEY || key == 'q') {
		a->mode = ACT_IDLE;
		ui_view_message(v, "nothing sent");
	} else if (a->sig == 0 &&
	           ((yes && !a->refused) || (key == 'o' && a->can_override))) {
		a->mode = ACT_IDLE;
		run_ptrace(v, key == 'o' ? PTREAP_OVERRIDE : 0);
	} else if (a->sig &&
	           ((yes && !a->refused) ||
	               (key == 'o' && a->refused && a->can_override))) {
		a->mode = ACT_IDLE;
		send_plan(v, &a->plan, a->sig, a->action,
		    a->refused ? SIGACT_OVERRIDE : 0);
	} else
		return 0;
	sigact_plan_done(&a->plan);
	return UI_REDRAW;
}

static unsigned
menu_key(struct ui_view *v, int key)
{
	struct ui_dialog *d = &v->act->dlg;
	int n = d->n, sel = d->sel;

	if (key == ui_keys_encode(KEY_UP, true))
		sel--;
	else if (key == ui_keys_encode(KEY_DOWN, true) || key == 'j')
		sel++;
	else if (key == ui_keys_encode(KEY_PPAGE, true))
		sel -= 10;
	else if (key == ui_keys_encode(KEY_NPAGE, true))
		sel += 10;
	else if (key == '\n' || key == '\r' ||
	         key == ui_keys_encode(KEY_ENTER, true))
		return confirm_plan(v, signame_at(sel), -1);
	else if (key == ESC_KEY || key == 'q') {
		v->act->mode = ACT_IDLE;
		return UI_REDRAW;
	} else
		return 0;
	d->sel = sel < 0 ? 0 : sel >= n ? n - 1 : sel;
	return UI_REDRAW;
}

static unsigned
log_key(struct ui_view *v, int key)
{
	struct ui_act *a = v->act;

	if (key == ui_keys_encode(KEY_UP, true))
		a->log_top = a->log_first > 0 ? a->log_first - 1 : 0;
	else if (key == ui_keys_encode(KEY_DOWN, true) || key == 'j')
		a->log_top = a->log_first + 1;
	else if (key == ui_keys_encode(KEY_PPAGE, true))
		a->log_top =
		    a->log_first > v->page ? a->log_first - v->page : 0;
	else if (key == ui_keys_encode(KEY_NPAGE, true))
		a->log_top = a->log_first + v->page;
	else if (key == 'L' || key == ESC_KEY || key == 'q')
		a->mode = ACT_IDLE;
	else if (key == '\\' || key == ui_keys_encode(KEY_F(4), true)) {
		/* The filter prompt, as in the view: it narrows the log. */
		v->prompt = UI_PROMPT_FILTER;
		snprintf(v->input, sizeof(v->input), "%s", v->filter);
	} else
		return 0;
	return UI_REDRAW;
}

bool
ui_action_modal(const struct ui_view *v)
{
	return v->act && v->act->mode != ACT_IDLE;
}

unsigned
ui_action_key(struct ui_view *v, int key)
{
	switch (v->act->mode) {
	case ACT_CONFIRM:
		return confirm_key(v, key);
	case ACT_MENU:
		return menu_key(v, key);
	case ACT_LOG:
		return log_key(v, key);
	default:
		return 0;
	}
}

bool
ui_action_draw_page(struct ui_view *v, int y, int h, int w)
{
	struct ui_act *a = v->act;

	if (!a || a->mode != ACT_LOG)
		return false;
	a->log_first = ui_log_draw(a->log, v->filter, a->log_top, y, h, w);
	return true;
}

void
ui_action_draw_over(struct ui_view *v, int h, int w)
{
	struct ui_act *a = v->act;

	if (a && (a->mode == ACT_CONFIRM || a->mode == ACT_MENU))
		ui_dialog_draw(&a->dlg, h, w);
}

bool
ui_action_busy(const struct ui_view *v)
{
	return v->act && ui_track_busy(&v->act->tracks);
}

unsigned
ui_action_tick(struct ui_view *v)
{
	struct ui_act *a = v->act;
	char text[sizeof(v->msg)];
	bool final;

	if (!a || !ui_track_poll(&a->tracks, a->scratch, a->log, text,
	              sizeof(text), &final))
		return 0;
	show(v, text, final ? ACT_RESULT_SECS : UI_TRACK_WINDOW + 1);
	return UI_REDRAW;
}
