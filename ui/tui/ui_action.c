/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An action never blocks the loop: the signal is sent at once, then each
 * parent's outcome is followed by view_track from the main loop's tick; a
 * reap that an outcome logs is dropped from evwatch's report. Tags (kept
 * in the process table, view_mark.h), the sending and the log page live
 * here, the dialogs in ui_action_dlg.c. */
#define NCURSES_WIDECHAR 1
#include "ui_action.h"
#include "zclock.h"
#include "ui_screen_state.h"
#include "escape.h"
#include "evlog.h"
#include "evwatch.h"
#include "outcome.h"
#include "sigact.h"
#include "signame.h"
#include "ui_action_int.h"
#include "ui_dialog.h"
#include "ui_keys.h"
#include "ui_layer.h"
#include "ui_log.h"
#include "ui_prompt.h"
#include "ui_replay.h"
#include "view_mark.h"
#include "view_track.h"
#include "zombie_text.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACT_LOG_CAP 10000 /* a busy machine logs much: keep minutes */
#define ACT_SCRATCH_CAP 4096

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
	view_track_done(&a->tracks);
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
		    view_track_quiet_take(&a->tracks, ev->pid))
			continue;
		evlog_add(a->log, ev);
	}
}

void
ui_action_snap(void *act, const struct snap *prev, const struct snap *cur)
{
	struct ui_act *a = act;
	int rc = evwatch_update(&a->w, prev, cur, a->scratch);

	if (rc > 0)
		pass_on(a, (size_t)rc, true);
}

void
ui_action_set_table(struct ui_act *a, struct ptable *table)
{
	a->w.table = table;
	a->tracks.table = table;
}

int
ui_action_replace_log(struct view *v, const struct evlog *src)
{
	struct evlog *log;

	if (evlog_new(ACT_LOG_CAP, &log) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < evlog_count(src); i++)
		evlog_add(log, evlog_at(src, i));
	evlog_free(v->act->log);
	v->act->log = log;
	return 0;
}

bool
ui_action_tagged(const struct view *v, const struct snap_proc *p)
{
	return view_is_tagged(v, p);
}

unsigned
ui_action_tag(struct view *v)
{
	const struct snap_proc *p = view_selected(v);

	if (!p)
		return 0;
	view_set_tagged(v, p, !view_is_tagged(v, p)); /* -ENOENT: gone */
	view_move(v, 1);
	return UI_REDRAW;
}

int
ui_action_build_plan(struct view *v, struct sigact_plan *plan)
{
	const struct snap_proc *p = view_selected(v);
	size_t n = view_tagged(v, NULL, 0);
	pid_t *pids;
	int rc;

	memset(plan, 0, sizeof(*plan));
	if (!(pids = calloc(n + 1, sizeof(pid_t))))
		return -ENOMEM;
	n = view_tagged(v, pids, n);
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

static int
za_of_sig(int sig)
{
	return sig == SIGCHLD   ? ZA_SIGCHLD
	       : sig == SIGTERM ? ZA_TERM
	       : sig == SIGKILL ? ZA_KILL
	       : sig == SIGCONT ? ZA_CONT
	                        : -1;
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

/* What to try next if sig leaves zombies: from the diagnosis'
 * predictions where there is one (R where ptrace can work, nothing that
 * is predicted to do nothing), else the next key up the ladder. */
static void
hint_for(struct view *v, const struct sigact_group *g, int sig, int action,
    char *buf, size_t size)
{
	const struct zombie_diag *d =
	    zombie_report_find(&v->report, g->parent.pid);
	const char *key;

	if (d && za_of_sig(sig) >= 0 &&
	    zombie_text_hint(d, za_of_sig(sig), true, buf, size) > 0)
		return;
	key = next_for(snap_find(v->snap, g->parent.pid), sig, action);
	snprintf(buf, size, "%s", key ? key : "");
}

/* Sends sig to g's parent and starts following its zombies. */
static int
send_group(struct view *v, const struct sigact_group *g, int sig, int action,
    unsigned flags, struct sigact_result *res)
{
	struct ui_act *a = v->act;
	struct outcome oc;
	char hint[128];
	int rc;

	if ((rc = outcome_begin(&oc, g)) < 0) {
		snprintf(res->msg, sizeof(res->msg), "%s", strerror(-rc));
		return rc;
	}
	rc = sigact_signal(&g->parent, sig, flags, res);
	outcome_start(&oc);
	sigact_log(a->log, &g->parent, sig, res, g->nzombies);
	if (rc < 0) {
		outcome_done(&oc);
		return rc;
	}
	/* Followed even when all are reaped already: its outcome is
	 * logged and counted with the other parents of the action. */
	hint_for(v, g, sig, action, hint, sizeof(hint));
	view_track_add(&a->tracks, &oc, sig, hint, v->snap);
	return 0;
}

void
ui_action_show(struct view *v, const char *msg, double secs)
{
	view_message(v, msg);
	v->screen->msg_until = zclock_real() + secs;
}

/* What was sent at once; the tick then follows the outcomes. Every
 * parent is counted, every refusal named. */
static void
sent_text(char *msg, size_t size, int sig, size_t nparents, size_t sent,
    const struct sigact_result *first)
{
	const char *sn = signame_name(sig);

	if (nparents == 1) {
		snprintf(msg, size, "%s", first->msg);
		return;
	}
	snprintf(msg, size, "%s sent to %zu of %zu parents", sn ? sn : "signal",
	    sent, nparents);
	if (sent && first->msg[0])
		snprintf(msg + strlen(msg), size - strlen(msg), ", first: %s",
		    first->msg);
}

void
ui_action_send_plan(struct view *v, const struct sigact_plan *plan, int sig,
    int action, unsigned flags)
{
	struct sigact_result res, first;
	size_t sent = 0, failed = 0, len;
	char msg[UI_MSG_MAX], fails[UI_MSG_MAX] = "";

	memset(&first, 0, sizeof(first));
	view_track_batch(&v->act->tracks);
	for (size_t i = 0; i < plan->ngroups; i++) {
		if (send_group(v, &plan->groups[i], sig, action, flags, &res) <
		    0) {
			len = strlen(fails);
			snprintf(fails + len, sizeof(fails) - len, "%s%s",
			    failed++ ? "; " : "", res.msg);
		} else if (sent++ == 0)
			first = res;
	}
	view_untag_all(v);
	sent_text(msg, sizeof(msg), sig, plan->ngroups, sent, &first);
	if (sent && first.warning[0])
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "; %s",
		    first.warning);
	len = strlen(msg);
	/* A cut line is whole in the event log (each refusal is logged). */
	if (failed && snprintf(msg + len, sizeof(msg) - len, "%s%s",
	                  len ? "; " : "", fails) >= (int)(sizeof(msg) - len))
		msg[sizeof(msg) - 1] = '\0';
	ui_action_show(v, msg, ACT_RESULT_SECS);
}

/* c and C: harmless, no confirmation, but the safety rules hold. */
static unsigned
act_now(struct view *v, enum sigact_action act)
{
	struct sigact_plan plan;

	if (ui_action_build_plan(v, &plan) < 0) {
		view_message(v, "no process to act on");
		return UI_REDRAW;
	}
	ui_action_send_plan(v, &plan, sigact_action_signal(act), (int)act, 0);
	sigact_plan_done(&plan);
	return UI_REDRAW;
}

unsigned
ui_action_sigchld(struct view *v)
{
	return act_now(v, SIGACT_SIGCHLD);
}

unsigned
ui_action_cont(struct view *v)
{
	return act_now(v, SIGACT_CONT);
}

void
ui_action_name_of(const struct snap_proc *p, char *buf, size_t size)
{
	const char *raw = p && p->cmdline && p->cmdline[0] ? p->cmdline
	                  : p && p->comm                   ? p->comm
	                                                   : "?";

	escape_buf(raw, strlen(raw), buf, size, 0);
}

static const struct ui_layer_ops log_layer;

unsigned
ui_action_log(struct view *v)
{
	v->act->log_top = -1;
	if (ui_layer_push(v->screen->layers, &log_layer, v->act) < 0)
		view_message(v, "out of memory");
	return UI_REDRAW;
}

static unsigned
log_key(struct view *v, struct ui_layer *l, int key)
{
	struct ui_act *a = l->state;

	if (ui_replay_time_key(v, key))
		return UI_LAYER_PASS; /* stepping a replay with its log open */
	if (key == ui_keys_encode(KEY_UP, true))
		a->log_top = a->log_first > 0 ? a->log_first - 1 : 0;
	else if (key == ui_keys_encode(KEY_DOWN, true) || key == 'j')
		a->log_top = a->log_first + 1;
	else if (key == ui_keys_encode(KEY_PPAGE, true))
		a->log_top = a->log_first > v->screen->page
		                 ? a->log_first - v->screen->page
		                 : 0;
	else if (key == ui_keys_encode(KEY_NPAGE, true))
		a->log_top = a->log_first + v->screen->page;
	else if (key == 'L' || key == ACT_ESC_KEY || key == 'q')
		ui_layer_pop(v->screen->layers, &log_layer);
	else if (key == '\\' || key == ui_keys_encode(KEY_F(4), true))
		/* The filter prompt, as in the view: it narrows the log. */
		return ui_prompt_open(v, UI_PROMPT_FILTER);
	else
		return 0;
	return UI_REDRAW;
}

/* In place of the rows, lines 0 to h-1. */
static void
log_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	struct ui_act *a = l->state;

	if (h >= 1)
		a->log_first =
		    ui_log_draw(a->log, v->filter, a->log_top, 0, h, w);
}

/* The state is the ui_act, borrowed: closing the page frees nothing. */
static const struct ui_layer_ops log_layer = {
    .name = "log",
    .page = true,
    .draw = log_draw,
    .key = log_key,
};

bool
ui_action_busy(const struct view *v)
{
	return v->act && view_track_busy(&v->act->tracks);
}

unsigned
ui_action_tick(struct view *v)
{
	struct ui_act *a = v->act;
	char text[UI_MSG_MAX];
	bool final;

	if (!a || !view_track_poll(&a->tracks, a->scratch, a->log, text,
	              sizeof(text), &final))
		return 0;
	ui_action_show(v, text, final ? ACT_RESULT_SECS : UI_TRACK_WINDOW + 1);
	return UI_REDRAW;
}
