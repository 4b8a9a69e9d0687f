/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --reap --via ptrace: the guards are checked for every zombie before
 * anything is asked, the question states the hazards, then the parent is
 * made to call wait4 for each zombie and the outcome tracker says what
 * became of them, in the words of the signal actions. */
#include "reap_ptrace.h"
#include "escape.h"
#include "outcome.h"
#include "ptreap.h"
#include "reap_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 3.0

/* Reasons that mean "not allowed here" (exit 3) rather than "tried and it
 * did not work" (exit 1). */
static const enum ptreap_reason refusals[] = {
    PTREAP_PARENT_INIT,
    PTREAP_PARENT_SELF,
    PTREAP_TRACED,
    PTREAP_DSTATE,
    PTREAP_STOPPED,
    PTREAP_SECCOMP,
    PTREAP_NO_THREAD,
    PTREAP_PERM,
    PTREAP_JOBSTOP,
    PTREAP_COMPAT,
    PTREAP_UNSUPPORTED,
    PTREAP_REPARENTED,
    PTREAP_ANCESTOR,
    PTREAP_SECCOMP_FILTER,
    PTREAP_STATUS,
};

static const char *const site_text[] = {
    [PTREAP_SITE_NONE] = "",
    [PTREAP_SITE_SYSCALL] = "at the syscall instruction it was stopped in",
    [PTREAP_SITE_VDSO] = "at a syscall instruction in its vDSO",
    [PTREAP_SITE_TEXT] = "at a syscall instruction in its code",
};

struct ptr_ctx {
	const struct cli_opts *o;
	const struct sigact_group *g;   /* borrowed from the caller */
	char name[256], user[128];      /* the parent's, escaped */
	char comm[64];                  /* the parent's comm, escaped */
	char raw_comm[KPARSE_COMM_MAX]; /* the same, raw, for the tracker */
	bool seccomp_filter;            /* PTREAP_HAZARD_SECCOMP applies */
	struct outcome oc;
	bool *ours; /* owned: [i] when our injection reaped oc.z[i] */
	bool died;  /* the parent died during an injection */
};

static int
exit_for(enum ptreap_reason r)
{
	if (r == PTREAP_OK)
		return REAP_CLI_REAPED;
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (refusals[i] == r)
			return REAP_CLI_REFUSED;
	return REAP_CLI_NOT;
}

static void
esc(const char *raw, char *buf, size_t size)
{
	escape_buf(raw ? raw : "", raw ? strlen(raw) : 0, buf, size, 0);
}

static void
names(struct ptr_ctx *c, const struct snap *before)
{
	const struct snap_proc *p = snap_find(before, c->g->parent.pid);

	esc(p ? p->comm : "?", c->comm, sizeof(c->comm));
	snprintf(c->raw_comm, sizeof(c->raw_comm), "%s", p ? p->comm : "?");
	esc(p ? p->cmdline : "", c->name, sizeof(c->name));
	if (!c->name[0])
		snprintf(c->name, sizeof(c->name), "%s", c->comm);
	esc(p ? p->user : "?", c->user, sizeof(c->user));
}

/* Why not, with what helps the reader act on it. The parent named is the
 * one the user confirmed, even when the zombie has another one now. */
static void
say_refused(const struct ptr_ctx *c, pid_t zpid, const struct ptreap_result *r)
{
	pid_t parent = c->g->parent.pid;
	char extra[128] = "";

	if (r->reason == PTREAP_REPARENTED && r->parent > 0 &&
	    r->parent != parent)
		snprintf(extra, sizeof(extra), " (its parent is now %d)",
		    (int)r->parent);
	else if (r->reason == PTREAP_TRACED && r->tracer > 0)
		snprintf(extra, sizeof(extra), " (tracer: %d)", (int)r->tracer);
	else if (r->reason == PTREAP_PERM && r->ptrace_scope >= 0)
		snprintf(extra, sizeof(extra), " (Yama ptrace_scope is %d)",
		    r->ptrace_scope);
	else if (r->reason == PTREAP_STOPPED)
		snprintf(extra, sizeof(extra),
		    "; a stopped parent cannot reap: try --via cont");
	fprintf(stderr, "zombietop: cannot make %d reap %d: %s%s\n",
	    (int)parent, (int)zpid, r->message, extra);
}

/* The request: this zombie, by this very parent, as confirmed. */
static void
target_of(const struct ptr_ctx *c, const struct outcome_zombie *z,
    struct ptreap_target *t)
{
	memset(t, 0, sizeof(*t));
	t->zpid = z->id.pid;
	t->zstart = z->id.start_ticks;
	t->ppid = c->g->parent.pid;
	t->pstart = c->g->parent.start_ticks;
	t->flags = c->o->force ? PTREAP_OVERRIDE : 0;
}

/* The guards for every zombie still there, before anything is asked.
 * Returns -1 to go on, else the exit status. */
static int
precheck_all(struct ptr_ctx *c)
{
	struct ptreap_target t;
	struct ptreap_result r;

	for (size_t i = 0; i < c->oc.n; i++) {
		const struct outcome_zombie *z = &c->oc.z[i];

		if (z->reaped)
			continue;
		target_of(c, z, &t);
		if (ptreap_precheck(&t, &r) < 0) {
			say_refused(c, z->id.pid, &r);
			return exit_for(r.reason);
		}
		c->seccomp_filter |= r.seccomp == 2;
	}
	return -1;
}

static void
print_hazards(const struct ptr_ctx *c)
{
	for (size_t i = 0; ptreap_hazards[i]; i++)
		if (c->seccomp_filter ||
		    strcmp(ptreap_hazards[i], PTREAP_HAZARD_SECCOMP) != 0)
			fprintf(stderr, "  - %s\n", ptreap_hazards[i]);
}

static pid_t
first_pending(const struct ptr_ctx *c)
{
	for (size_t i = 0; i < c->oc.n; i++)
		if (!c->oc.z[i].reaped)
			return c->oc.z[i].id.pid;
	return 0;
}

static int
confirm(const struct ptr_ctx *c)
{
	char line[16];
	size_t pending = c->oc.n - outcome_reaped(&c->oc);

	if (c->o->yes) {
		if (c->seccomp_filter)
			fprintf(stderr, "zombietop: warning: %s\n",
			    PTREAP_HAZARD_SECCOMP);
		return 0;
	}
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "zombietop: --via ptrace needs --yes when "
		                "stdin is not a terminal\n");
		return REAP_CLI_USAGE;
	}
	fprintf(stderr, "Make %d (%s, user %s) reap ", (int)c->g->parent.pid,
	    c->name, c->user);
	if (pending == 1)
		fprintf(stderr, "its zombie %d", (int)first_pending(c));
	else
		fprintf(stderr, "its %zu zombies", pending);
	fprintf(stderr, " itself, by injecting wait4 with ptrace? Hazards:\n");
	print_hazards(c);
	fprintf(stderr, "Inject? [y/N] ");
	if (!fgets(line, sizeof(line), stdin) ||
	    (line[0] != 'y' && line[0] != 'Y')) {
		fprintf(stderr, "zombietop: nothing sent\n");
		return REAP_CLI_REFUSED;
	}
	return 0;
}

static void
say_injected(const struct ptr_ctx *c, const struct ptreap_result *r)
{
	char more[128] = "";

	if (r->signals > 0)
		snprintf(more, sizeof(more), "; %d signal(s) passed on to it",
		    r->signals);
	if (r->parent_died)
		snprintf(more + strlen(more), sizeof(more) - strlen(more),
		    "; the parent died right after the call");
	printf("injected wait4 into %d (%s), thread %d, %s: it returned "
	       "%ld; the parent was held %.2f ms%s\n",
	    (int)r->parent, c->comm, (int)r->tid,
	    r->site <= PTREAP_SITE_TEXT ? site_text[r->site] : "", r->wait_ret,
	    (double)r->stopped_us / 1000.0, more);
}

/* Our wait4 in the parent returned these zombies: the parent reaped
 * them, even if it exited right after and the tracker, seeing it gone,
 * credits its new parent. */
static void
credit_parent(struct ptr_ctx *c)
{
	for (size_t i = 0; c->ours && i < c->oc.n; i++) {
		struct outcome_zombie *z = &c->oc.z[i];

		if (!c->ours[i] || !z->reaped || z->by == OUTCOME_BY_PARENT)
			continue;
		z->by = OUTCOME_BY_PARENT;
		z->reaper = c->g->parent.pid;
		snprintf(
		    z->reaper_comm, sizeof(z->reaper_comm), "%s", c->raw_comm);
	}
}

/* One injection per zombie still there; returns the worst exit status. */
static int
inject_all(struct ptr_ctx *c)
{
	struct ptreap_target t;
	struct ptreap_result r;
	int worst = REAP_CLI_REAPED, rc;

	outcome_start(&c->oc);
	for (size_t i = 0; i < c->oc.n; i++) {
		const struct outcome_zombie *z = &c->oc.z[i];

		if (z->reaped)
			continue;
		target_of(c, z, &t);
		if (ptreap_reap(&t, &r) == 0) {
			say_injected(c, &r);
			if (c->ours)
				c->ours[i] = true;
		} else {
			say_refused(c, z->id.pid, &r);
			c->died |= r.parent_died;
			if ((rc = exit_for(r.reason)) > worst)
				worst = rc;
		}
		fflush(stdout);
	}
	return worst;
}

static void
report(const struct ptr_ctx *c)
{
	char line[512];

	outcome_summary(&c->oc, line, sizeof(line));
	printf("%s\n", line);
	for (size_t i = 0; i < c->oc.n; i++) {
		if (!c->oc.z[i].reaped && c->oc.parent_exited)
			snprintf(line, sizeof(line),
			    "zombie %d: still a zombie; its parent is dead: "
			    "the nearest subreaper, else init, inherits it",
			    (int)c->oc.z[i].id.pid);
		else
			outcome_describe(&c->oc, i, NULL, line, sizeof(line));
		printf("  %s\n", line);
	}
	if (c->oc.parent_exited)
		printf("  the parent %d (%s) exited after the injection\n",
		    (int)c->g->parent.pid, c->comm);
}

static int
run(struct ptr_ctx *c)
{
	double timeout = c->o->timeout >= 0 ? c->o->timeout : DEFAULT_TIMEOUT;
	int rc;

	if (outcome_reaped(&c->oc) == c->oc.n) {
		printf("nothing to do: the zombie was reaped before the "
		       "action\n");
		return REAP_CLI_REAPED;
	}
	if ((rc = precheck_all(c)) >= 0 || (rc = confirm(c)) != 0)
		return rc;
	rc = inject_all(c);
	/* The reap is synchronous: only the tracker's view lags behind. */
	/* A dead parent hands the zombies on: see where they go. */
	outcome_wait(&c->oc, rc == REAP_CLI_REAPED || c->died ? timeout : 0);
	credit_parent(c);
	report(c);
	if (outcome_reaped(&c->oc) == c->oc.n)
		return REAP_CLI_REAPED;
	return rc == REAP_CLI_REAPED ? REAP_CLI_NOT : rc;
}

int
reap_ptrace_run(const struct cli_opts *o, const struct snap *before,
    const struct sigact_group *g)
{
	struct ptr_ctx c = {.o = o, .g = g};
	int rc;

	names(&c, before);
	if ((rc = outcome_begin(&c.oc, g)) < 0) {
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
		outcome_done(&c.oc);
		return REAP_CLI_NOT;
	}
	c.ours = calloc(c.oc.n ? c.oc.n : 1, sizeof(*c.ours));
	rc = run(&c);
	free(c.ours);
	outcome_done(&c.oc);
	return rc;
}
