/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The confirmation dialogs of the reaping actions (t, K, the signal menu's
 * choice, R) and the signal menu: what each says about its targets, and
 * their keys. Sending is ui_action.c's. */
#define NCURSES_WIDECHAR 1
#include "ui_action.h"
#include "ui_screen_state.h"
#include "escape.h"
#include "ptreap.h"
#include "sigact.h"
#include "signame.h"
#include "ui_action_int.h"
#include "view_mark.h"
#include "ui_dialog.h"
#include "ui_keys.h"
#include "ui_layer.h"
#include "zombie_text.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define ACT_MAX_TARGETS 8 /* parents described one by one in a dialog */

static const struct ui_layer_ops confirm_layer, menu_layer;

/* The dialog shown: a confirmation, the menu, or none (NULL). The menu
 * hands over to its confirmation in place. */
static void
show(struct view *v, const struct ui_layer_ops *ops)
{
	ui_layer_pop(v->screen->layers, &confirm_layer);
	ui_layer_pop(v->screen->layers, &menu_layer);
	if (ops && ui_layer_push(v->screen->layers, ops, v->act) < 0)
		view_message(v, "out of memory");
}

static int
za_of(int sig)
{
	return sig == SIGCHLD   ? ZA_SIGCHLD
	       : sig == SIGTERM ? ZA_TERM
	       : sig == SIGKILL ? ZA_KILL
	                        : -1;
}

/* Where the children of g's parent go if it exits. An init has no new
 * parent to hand them to: its PID namespace ends with it. */
static void
handoff(
    struct view *v, const struct sigact_group *g, const struct zombie_diag *d)
{
	struct ui_act *a = v->act;
	size_t live = snap_live_children(v->snap, g->parent.pid);

	if (g->parent.pid == 1 || (d && d->namespace_init))
		ui_dialog_add(&a->dlg,
		    "  It is the init of its PID namespace: if it exits, the "
		    "kernel kills every process of that namespace (the host's "
		    "init: the kernel panics); its %zu zombie%s and %zu live "
		    "child%s get no new parent.",
		    g->nzombies, g->nzombies == 1 ? "" : "s", live,
		    live == 1 ? "" : "ren");
	else
		ui_dialog_add(&a->dlg,
		    "  If it exits, its %zu zombie%s and %zu live child%s go "
		    "to a new parent (the nearest subreaper, else init).",
		    g->nzombies, g->nzombies == 1 ? "" : "s", live,
		    live == 1 ? "" : "ren");
}

/* The dialog's lines on one parent: who, what it hands over, the
 * prediction, the safety rules. */
static void
describe_target(struct view *v, const struct sigact_group *g)
{
	struct ui_act *a = v->act;
	const struct snap_proc *p = snap_find(v->snap, g->parent.pid);
	const struct zombie_diag *d =
	    zombie_report_find(&v->report, g->parent.pid);
	char name[200], user[64], pred[400];
	struct sigact_result res;
	int za = za_of(a->sig);

	ui_action_name_of(p, name, sizeof(name));
	escape_buf(p && p->user ? p->user : "?",
	    p && p->user ? strlen(p->user) : 1, user, sizeof(user), 0);
	ui_dialog_add(&a->dlg, "Target: %d  %s  (user %s)", (int)g->parent.pid,
	    name, user);
	handoff(v, g, d);
	if (d && za >= 0 &&
	    zombie_predict(d, (enum zombie_action)za, pred, sizeof(pred)) ==
	        ZE_NONE &&
	    za != ZA_SIGCHLD) {
		/* As --reap refuses it without --force: y sends nothing. */
		a->refused = true;
		ui_dialog_add(&a->dlg, "  Prediction: %s", pred);
		ui_dialog_add(&a->dlg, "  Not sent: predicted to do nothing "
		                       "(o sends it anyway)");
	} else if (d && za >= 0)
		ui_dialog_add(&a->dlg, "  Prediction: %s", pred);
	if (sigact_vet(g->parent.pid, 0, &res) < 0) {
		struct sigact_result over;

		a->refused = true;
		a->can_override =
		    sigact_vet(g->parent.pid, SIGACT_OVERRIDE, &over) == 0;
		ui_dialog_add(&a->dlg, "  SAFETY: %s", res.msg);
	}
	if (res.warning[0])
		ui_dialog_add(&a->dlg, "  %s", res.warning);
}

static unsigned
confirm_plan(struct view *v, int sig, int action)
{
	struct ui_act *a = v->act;
	const char *sn = signame_name(sig);
	char title[128];

	sigact_plan_done(&a->plan);
	if (ui_action_build_plan(v, &a->plan) < 0) {
		show(v, NULL);
		view_message(v, "no process to act on");
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
	    : a->can_override ? "o: override and send   n/Esc: cancel"
	                      : "refused, cannot be overridden: n/Esc closes");
	show(v, &confirm_layer);
	return UI_REDRAW;
}

unsigned
ui_action_term(struct view *v)
{
	return confirm_plan(v, SIGTERM, SIGACT_TERM);
}

unsigned
ui_action_kill(struct view *v)
{
	return confirm_plan(v, SIGKILL, SIGACT_KILL);
}

unsigned
ui_action_menu(struct view *v)
{
	struct ui_act *a = v->act;
	const struct snap_proc *p = view_selected(v);
	char title[128], name[64];
	size_t ntags = view_tagged(v, NULL, 0);

	if (!p && ntags == 0)
		return 0;
	if (ntags)
		snprintf(title, sizeof(title),
		    "Signal for the %zu tagged processes", ntags);
	else {
		ui_action_name_of(p, name, sizeof(name));
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
	show(v, &menu_layer);
	return UI_REDRAW;
}

/* R's request: the zombie and the parent the dialog names, by identity:
 * the injection goes into that process or nowhere. */
static void
ptrace_target(struct view *v, const struct snap_proc *z, unsigned flags)
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
ui_action_ptrace(struct view *v)
{
	struct ui_act *a = v->act;
	const struct snap_proc *z = view_selected(v), *p;
	struct ptreap_result res;
	char name[200], msg[UI_MSG_MAX];

	if (!z || !snap_is_zombie(z)) {
		view_message(v, "R reaps a zombie: select a zombie row");
		return UI_REDRAW;
	}
	ptrace_target(v, z, 0);
	a->refused = ptreap_precheck(&a->pt, &res) < 0;
	if (a->refused && !ptreap_overridable(res.reason)) {
		snprintf(msg, sizeof(msg), "R refused for zombie %d: %s",
		    (int)z->pid, res.message);
		ui_action_show(v, msg, ACT_RESULT_SECS);
		return UI_REDRAW;
	}
	p = snap_find(v->snap, z->ppid);
	a->sig = 0;
	a->can_override = a->refused || res.filter_check;
	ui_dialog_init(&a->dlg, "Reap through the parent by ptrace?");
	escape_buf(z->comm, strlen(z->comm), name, sizeof(name), 0);
	ui_dialog_add(&a->dlg, "Zombie: %d (%s)", (int)z->pid, name);
	ui_action_name_of(p, name, sizeof(name));
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
	show(v, &confirm_layer);
	return UI_REDRAW;
}

static void
run_ptrace(struct view *v, unsigned flags)
{
	struct ui_act *a = v->act;
	struct ptreap_result res;
	struct evlog_event ev;
	const struct snap_proc *p;
	int rc;

	a->pt.flags = flags;
	rc = ptreap_reap(&a->pt, &res);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_ACTION;
	ev.pid = a->pt.ppid;
	ev.result = rc;
	ev.count = 1;
	/* The parent's name from the snapshot the dialog was built on. */
	if ((p = snap_find(v->snap, a->pt.ppid)) && p->comm)
		snprintf(ev.comm, sizeof(ev.comm), "%s", p->comm);
	if (rc == 0)
		snprintf(ev.text, sizeof(ev.text),
		    "ptrace: zombie %d reaped by its parent %d (held %ld us)",
		    (int)a->pt.zpid, (int)a->pt.ppid, res.stopped_us);
	else
		snprintf(ev.text, sizeof(ev.text),
		    "ptrace: zombie %d not reaped by %d: %s", (int)a->pt.zpid,
		    (int)a->pt.ppid, res.message);
	evlog_add(a->log, &ev);
	ui_action_show(v, ev.text, ACT_RESULT_SECS);
}

/* Up/Down and the page keys scroll a dialog longer than the screen. */
static bool
scroll_key(struct view *v, int key)
{
	struct ui_dialog *d = &v->act->dlg;
	int page = v->screen->page > 2 ? v->screen->page / 2 : 1;

	if (key == ui_keys_encode(KEY_UP, true))
		ui_dialog_scroll(d, -1);
	else if (key == ui_keys_encode(KEY_DOWN, true) || key == 'j')
		ui_dialog_scroll(d, 1);
	else if (key == ui_keys_encode(KEY_PPAGE, true))
		ui_dialog_scroll(d, -page);
	else if (key == ui_keys_encode(KEY_NPAGE, true))
		ui_dialog_scroll(d, page);
	else
		return false;
	return true;
}

static unsigned
confirm_key(struct view *v, struct ui_layer *l, int key)
{
	struct ui_act *a = l->state;
	bool yes = key == 'y' || key == 'Y' || key == '\n' || key == '\r' ||
	           key == 'o';

	if (scroll_key(v, key))
		return UI_REDRAW;
	if (yes && !a->dlg.seen) {
		view_message(v, "the dialog does not fit: enlarge the "
		                "terminal, or n/Esc to cancel");
		return UI_REDRAW;
	}
	if (key == 'n' || key == 'N' || key == ACT_ESC_KEY || key == 'q') {
		show(v, NULL);
		view_message(v, "nothing sent");
	} else if (a->sig == 0 && ((yes && key != 'o' && !a->refused) ||
	                              (key == 'o' && a->can_override))) {
		show(v, NULL);
		run_ptrace(v, key == 'o' ? PTREAP_OVERRIDE : 0);
	} else if (a->sig &&
	           ((yes && key != 'o' && !a->refused) ||
	               (key == 'o' && a->refused && a->can_override))) {
		show(v, NULL);
		ui_action_send_plan(v, &a->plan, a->sig, a->action,
		    a->refused ? SIGACT_OVERRIDE : 0);
	} else
		return 0;
	sigact_plan_done(&a->plan);
	return UI_REDRAW;
}

static unsigned
menu_key(struct view *v, struct ui_layer *l, int key)
{
	struct ui_act *a = l->state;
	struct ui_dialog *d = &a->dlg;
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
	else if (key == ACT_ESC_KEY || key == 'q') {
		show(v, NULL);
		return UI_REDRAW;
	} else
		return 0;
	d->sel = sel < 0 ? 0 : sel >= n ? n - 1 : sel;
	return UI_REDRAW;
}

/* Over the body: hidden (h 0) when the terminal is too small, so that y
 * cannot send what was never seen. */
static void
dialog_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	struct ui_act *a = l->state;

	(void)v;
	ui_dialog_draw(&a->dlg, h, w);
}

/* The state is the ui_act, borrowed: closing frees nothing. */
static const struct ui_layer_ops confirm_layer = {
    .name = "dialog",
    .draw = dialog_draw,
    .key = confirm_key,
};

static const struct ui_layer_ops menu_layer = {
    .name = "menu",
    .draw = dialog_draw,
    .key = menu_key,
};
