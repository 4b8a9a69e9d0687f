/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --reap PID: plans the action from one snapshot (a zombie stands for its
 * parent), applies the safety rules, asks when the action hands children
 * to a new parent, sends the signal race-free and reports what happened. */
#include "reap_cli.h"
#include "reap_ptrace.h"
#include "escape.h"
#include "outcome.h"
#include "sigact.h"
#include "signame.h"
#include "snap.h"
#include "snap_reader.h"
#include "zombie.h"
#include "zombie_text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 3.0

struct reap_ctx {
	const struct cli_opts *o;
	enum sigact_action act;
	struct snap_reader *r;
	struct snap *before;       /* owned */
	struct sigact_plan plan;   /* owned */
	struct sigact_group *g;    /* borrowed from plan */
	const struct snap_proc *p; /* the parent, borrowed from before */
	struct zombie_diag diag;   /* the parent's, read before acting */
};

/* The prediction that goes with each action. */
static const enum zombie_action za_of[SIGACT_NACTIONS] = {
    [SIGACT_SIGCHLD] = ZA_SIGCHLD,
    [SIGACT_TERM] = ZA_TERM,
    [SIGACT_KILL] = ZA_KILL,
    [SIGACT_CONT] = ZA_CONT,
};

static void
say_name(const char *raw, char *buf, size_t size)
{
	escape_buf(raw ? raw : "", raw ? strlen(raw) : 0, buf, size, 0);
}

/* term and kill end the parent, which hands over every zombie it has, not
 * only the one named: the plan (and the outcome) then covers them all. */
static pid_t
plan_pid(const struct reap_ctx *c)
{
	const struct snap_proc *q = snap_find(c->before, c->o->reap);

	if ((c->act == SIGACT_TERM || c->act == SIGACT_KILL) &&
	    c->o->via != CLI_VIA_PTRACE && q && snap_is_zombie(q) &&
	    snap_find(c->before, q->ppid))
		return q->ppid;
	return c->o->reap;
}

/* Returns -1 to go on, or the exit status after printing why not. */
static int
plan(struct reap_ctx *c)
{
	pid_t pid;
	int rc = snap_reader_new(&c->r);

	if (rc == 0)
		rc = snap_reader_take(c->r, NULL, &c->before);
	if (rc < 0) {
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
		return REAP_CLI_NOT;
	}
	pid = plan_pid(c);
	if (sigact_plan_build(c->before, &pid, 1, &c->plan) < 0) {
		fprintf(stderr, "zombietop: no process %d\n", (int)pid);
		return REAP_CLI_NOT;
	}
	c->g = &c->plan.groups[0];
	c->p = snap_find(c->before, c->g->parent.pid);
	return -1;
}

/* term and kill hand the parent's children to another process: ask. */
static int
confirm(struct reap_ctx *c, int sig)
{
	char name[256], user[128], line[16];

	if (c->act != SIGACT_TERM && c->act != SIGACT_KILL)
		return 0;
	if (c->o->yes)
		return 0;
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr,
		    "zombietop: --via %s needs --yes when stdin is "
		    "not a terminal\n",
		    sigact_action_name(c->act));
		return REAP_CLI_USAGE;
	}
	say_name(c->p ? c->p->cmdline : "", name, sizeof(name));
	if (!name[0])
		say_name(c->p ? c->p->comm : "?", name, sizeof(name));
	say_name(c->p ? c->p->user : "?", user, sizeof(user));
	fprintf(stderr,
	    "Send %s to %d (%s, user %s)? Its %zu zombie(s) and %zu live "
	    "child(ren) will go to a new parent. [y/N] ",
	    signame_name(sig), (int)c->g->parent.pid, name, user,
	    c->g->nzombies, snap_live_children(c->before, c->g->parent.pid));
	if (!fgets(line, sizeof(line), stdin) ||
	    (line[0] != 'y' && line[0] != 'Y')) {
		fprintf(stderr, "zombietop: nothing sent\n");
		return REAP_CLI_REFUSED;
	}
	return 0;
}

static int
status_of(const struct sigact_result *res)
{
	switch (res->status) {
	case SIGACT_SENT:
		return 0;
	case SIGACT_REFUSED:
	case SIGACT_DENIED:
		return REAP_CLI_REFUSED;
	default:
		return REAP_CLI_NOT;
	}
}

/* After the parent died, a later snapshot can still show where the kernel
 * sent its children, if the zombies went too fast to be seen there. */
static void
learn_new_parent(struct reap_ctx *c, struct outcome *oc)
{
	struct snap *after = NULL;
	pid_t np;

	if (!oc->parent_exited || oc->new_parent)
		return;
	if (snap_reader_take(c->r, NULL, &after) == 0 &&
	    (np = outcome_new_parent(c->before, after, c->g->parent.pid)) > 0)
		outcome_set_new_parent(oc, np);
	snap_free(after);
}

/* What to try next, from the parent's state after the action (a SIGCONT
 * may have woken it): the predictions that say an action can work,
 * ptrace before the signals that end the parent. */
static void
next_hint(struct reap_ctx *c, char *buf, size_t size)
{
	struct zombie_diag now;
	const char *next = sigact_action_next(c->act);

	if (zombie_diagnose(c->g->parent.pid, c->g->parent.start_ticks, &now) ==
	    0) {
		zombie_text_hint(&now, (int)za_of[c->act], false, buf, size);
		return;
	}
	/* Unreadable: the fixed order; a stopped parent needs SIGCONT. */
	if (c->p && c->p->state == 'T' && c->act != SIGACT_CONT)
		next = sigact_action_name(SIGACT_CONT);
	snprintf(buf, size, "%s%s", next ? "--via " : "", next ? next : "");
}

static void
report(struct reap_ctx *c, struct outcome *oc)
{
	char line[512], try[160], next[128];

	next_hint(c, next, sizeof(next));
	outcome_summary(oc, line, sizeof(line));
	printf("%s\n", line);
	for (size_t i = 0; i < oc->n; i++) {
		if (oc->parent_exited)
			snprintf(try, sizeof(try),
			    "zombietop --reap %d (its parent has changed)",
			    (int)oc->z[i].id.pid);
		else
			snprintf(try, sizeof(try), "%s", next);
		outcome_describe(oc, i,
		    next[0] || oc->parent_exited ? try : NULL, line,
		    sizeof(line));
		printf("  %s\n", line);
	}
}

static int
act(struct reap_ctx *c)
{
	int sig = sigact_action_signal(c->act), rc;
	unsigned flags = c->o->force ? SIGACT_OVERRIDE : 0;
	double timeout = c->o->timeout >= 0 ? c->o->timeout : DEFAULT_TIMEOUT;
	struct sigact_result res;
	struct outcome oc;

	if ((rc = outcome_begin(&oc, c->g)) < 0) {
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
		return REAP_CLI_NOT;
	}
	if (outcome_reaped(&oc) == oc.n) {
		printf("nothing to do: the zombie was reaped before the "
		       "action\n");
		outcome_done(&oc);
		return REAP_CLI_REAPED;
	}
	rc = sigact_signal(&c->g->parent, sig, flags, &res);
	outcome_start(&oc);
	if (res.warning[0])
		fprintf(stderr, "zombietop: %s\n", res.warning);
	if (rc < 0) {
		fprintf(stderr, "zombietop: %s\n", res.msg);
		outcome_done(&oc);
		return status_of(&res);
	}
	/* Named one zombie, but ending its parent hands over all of them. */
	if (c->o->reap != c->g->parent.pid && oc.n > 1)
		printf("%s; watching all %zu zombies of %d (not only %d) for "
		       "up to %.1f s\n",
		    res.msg, oc.n, (int)c->g->parent.pid, (int)c->o->reap,
		    timeout);
	else
		printf("%s; watching %zu zombie%s for up to %.1f s\n", res.msg,
		    oc.n, oc.n == 1 ? "" : "s", timeout);
	fflush(stdout);
	outcome_wait(&oc, timeout);
	learn_new_parent(c, &oc);
	report(c, &oc);
	rc = outcome_reaped(&oc) == oc.n ? REAP_CLI_REAPED : REAP_CLI_NOT;
	outcome_done(&oc);
	return rc;
}

/* A leader whose main thread exited while others run is not a zombie
 * yet: say so rather than "not a zombie". True when it was one. */
static bool
leader_exited(const struct reap_ctx *c)
{
	const struct snap_proc *p = snap_find(c->before, c->o->reap);
	long alive;

	if (!p || !snap_is_leader_exited(p))
		return false;
	alive = p->threads - 1;
	fprintf(stderr,
	    "zombietop: %d: its main thread exited while %ld other "
	    "thread%s still run%s: not a zombie yet, nothing to reap (it "
	    "becomes one when its last thread exits)\n",
	    (int)c->o->reap, alive, alive == 1 ? "" : "s",
	    alive == 1 ? "s" : "");
	return true;
}

/* SIGTERM or SIGKILL that the prediction says does nothing (a namespace
 * init without a SIGTERM handler, a parent that ignores SIGTERM): not
 * sent without --force. Returns -1 to go on, else the exit status. */
static int
pointless(const struct reap_ctx *c)
{
	char pred[1024], hint[160], name[64];

	if ((c->act != SIGACT_TERM && c->act != SIGACT_KILL) || c->o->force)
		return -1;
	if (zombie_predict(&c->diag, za_of[c->act], pred, sizeof(pred)) !=
	    ZE_NONE)
		return -1;
	zombie_text_hint(
	    &c->diag, (int)za_of[c->act], false, hint, sizeof(hint));
	say_name(c->p ? c->p->comm : "?", name, sizeof(name));
	fprintf(stderr,
	    "zombietop: not sending %s to %d (%s): %s%s%s%s (--force sends "
	    "it anyway)\n",
	    signame_name(sigact_action_signal(c->act)), (int)c->g->parent.pid,
	    name, pred, hint[0] ? " Try " : "", hint, hint[0] ? "." : "");
	return REAP_CLI_REFUSED;
}

static int
run(struct reap_ctx *c)
{
	struct sigact_result res;
	int rc;

	if ((rc = plan(c)) >= 0)
		return rc;
	if (sigact_vet(c->g->parent.pid, c->o->force ? SIGACT_OVERRIDE : 0,
	        &res) < 0) {
		/* ptrace never goes into PID 1: no override to name. */
		if (c->o->via == CLI_VIA_PTRACE && res.rule == SIGACT_RULE_INIT)
			fprintf(stderr,
			    "zombietop: refused: %d is PID 1; zombietop never "
			    "injects into init, even with --force\n",
			    (int)c->g->parent.pid);
		else
			fprintf(stderr, "zombietop: %s\n", res.msg);
		return REAP_CLI_REFUSED;
	}
	if (c->g->nzombies == 0 && leader_exited(c))
		return REAP_CLI_NOT;
	if (c->g->nzombies == 0) {
		fprintf(stderr,
		    "zombietop: %d is not a zombie and has no zombie "
		    "children: nothing to reap\n",
		    (int)c->o->reap);
		return REAP_CLI_NOT;
	}
	if (c->o->via == CLI_VIA_PTRACE)
		return reap_ptrace_run(c->o, c->before, c->g);
	zombie_diagnose(c->g->parent.pid, c->g->parent.start_ticks, &c->diag);
	if ((rc = pointless(c)) >= 0)
		return rc;
	if ((rc = confirm(c, sigact_action_signal(c->act))) != 0)
		return rc;
	return act(c);
}

int
reap_cli_run(const struct cli_opts *o)
{
	struct reap_ctx c = {.o = o};
	int rc;

	c.act = o->via >= 0 && o->via < SIGACT_NACTIONS
	            ? (enum sigact_action)o->via
	            : SIGACT_SIGCHLD;
	rc = run(&c);
	sigact_plan_done(&c.plan);
	snap_free(c.before);
	snap_reader_free(c.r);
	return rc;
}
