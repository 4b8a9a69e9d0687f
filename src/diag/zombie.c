/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The zombie diagnosis: reads the status of zombie parents only, decides a
 * reason with a pure function over the masks and the state, and words it.
 * Masks are hints (a parent may reap with sigwaitinfo while SIGCHLD looks
 * blocked), so the sentences say what the data shows and no more. */
#include "zombie.h"
#include "escape.h"
#include "kparse.h"
#include "procfs.h"
#include "ptreap_regs.h"
#include "ptreap_view.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bits 31 and up are glibc's and the RT signals': never ours to decode. */
#define STD_SIGNALS UINT64_C(0x7fffffff)
#define MAX_TASKS 1024

static const char *const reason_codes[ZR_COUNT] = {
    [ZR_UNKNOWN] = "unknown",
    [ZR_PARENT_ZOMBIE] = "parent_zombie",
    [ZR_PARENT_STOPPED] = "parent_stopped",
    [ZR_PARENT_TRACED] = "parent_traced",
    [ZR_PARENT_DISK_SLEEP] = "parent_disk_sleep",
    [ZR_HOST_INIT] = "host_init",
    [ZR_CONTAINER_INIT] = "container_init",
    [ZR_IGNORED_LATE] = "ignored_late",
    [ZR_HANDLER_BLOCKED] = "handler_blocked",
    [ZR_HANDLER_MISSED] = "handler_missed",
    [ZR_NO_HANDLER] = "no_handler",
};

static const struct {
	const char *key, *label;
} actions[ZA_ALL] = {
    [ZA_SIGCHLD] = {"sigchld", "SIGCHLD"},
    [ZA_TERM] = {"term", "SIGTERM"},
    [ZA_KILL] = {"kill", "SIGKILL"},
    [ZA_CONT] = {"cont", "SIGCONT"},
    [ZA_PTRACE] = {"ptrace", "ptrace"},
};

static const char *const effect_codes[ZE_COUNT] = {
    [ZE_NONE] = "none",
    [ZE_REAPS_ALL] = "reaps_all",
    [ZE_REAPS_ONE] = "reaps_one",
    [ZE_MAYBE] = "maybe",
    [ZE_PARENT_EXITS] = "parent_exits",
    [ZE_NAMESPACE_DIES] = "namespace_dies",
    [ZE_WAITS_FOR_CONT] = "waits_for_cont",
    [ZE_REFUSED] = "refused",
    [ZE_UNKNOWN] = "unknown",
};

const char *
zombie_reason_code(enum zombie_reason r)
{
	return (unsigned)r < ZR_COUNT ? reason_codes[r] : "unknown";
}

int
zombie_reason_parse(const char *code)
{
	for (int r = 0; r < ZR_COUNT; r++)
		if (strcmp(reason_codes[r], code) == 0)
			return r;
	return -1;
}

const char *
zombie_disp_name(enum zombie_disp d)
{
	switch (d) {
	case ZD_CAUGHT:
		return "caught";
	case ZD_IGNORED:
		return "ignored";
	default:
		return "default";
	}
}

const char *
zombie_action_key(enum zombie_action a)
{
	return (unsigned)a < ZA_ALL ? actions[a].key : "";
}

const char *
zombie_action_label(enum zombie_action a)
{
	return (unsigned)a < ZA_ALL ? actions[a].label : "";
}

bool
zombie_action_applies(const struct zombie_diag *d, enum zombie_action a)
{
	if (a == ZA_CONT)
		return d->state == 'T';
	return (unsigned)a < ZA_ALL;
}

const char *
zombie_effect_code(enum zombie_effect e)
{
	return (unsigned)e < ZE_COUNT ? effect_codes[e] : "unknown";
}

const char *
zombie_kind(const struct snap_proc *p)
{
	if (snap_is_zombie(p))
		return "zombie";
	if (snap_is_leader_exited(p))
		return "leader_exited";
	return NULL;
}

/* ---- decision ---- */

void
zombie_decode_sigchld(const struct zombie_facts *f, struct zombie_sigchld *out)
{
	const uint64_t m = ZOMBIE_SIGCHLD_MASK;

	/* SIG_IGN and a handler exclude each other; SigIgn wins if both. */
	if (f->sigign & STD_SIGNALS & m)
		out->disp = ZD_IGNORED;
	else if (f->sigcgt & STD_SIGNALS & m)
		out->disp = ZD_CAUGHT;
	else
		out->disp = ZD_DEFAULT;
	out->blocked = (f->sigblk_all & m) != 0;
	out->blocked_some = !out->blocked && (f->sigblk_any & m) != 0;
	out->pending = ((f->shdpnd | f->sigpnd_any) & m) != 0;
}

static enum zombie_reason
state_reason(char state)
{
	switch (state) {
	case 'Z':
	case 'X':
		return ZR_PARENT_ZOMBIE;
	case 'T':
		return ZR_PARENT_STOPPED;
	case 't':
		return ZR_PARENT_TRACED;
	case 'D':
		return ZR_PARENT_DISK_SLEEP;
	default:
		return ZR_COUNT;
	}
}

static bool
is_namespace_init(const struct zombie_facts *f)
{
	return f->nspid_levels > 1 && f->nspid_last == 1;
}

static bool
is_host_init(const struct zombie_facts *f)
{
	return f->pid == 1 && f->nspid_levels <= 1;
}

enum zombie_reason
zombie_decide(const struct zombie_facts *f)
{
	struct zombie_sigchld sc;
	enum zombie_reason r;

	if (!f->readable)
		return ZR_UNKNOWN;
	if ((r = state_reason(f->state)) != ZR_COUNT)
		return r;
	if (is_host_init(f))
		return ZR_HOST_INIT;
	if (is_namespace_init(f))
		return ZR_CONTAINER_INIT;
	zombie_decode_sigchld(f, &sc);
	switch (sc.disp) {
	case ZD_IGNORED:
		return ZR_IGNORED_LATE;
	case ZD_CAUGHT:
		return sc.blocked ? ZR_HANDLER_BLOCKED : ZR_HANDLER_MISSED;
	default:
		return ZR_NO_HANDLER;
	}
}

/* What R's guards (ptreap_vet) would say about this parent, for a
 * zombie that is still there: the same rules, applied to the facts. */
static enum ptreap_reason
ptrace_verdict(const struct zombie_facts *f)
{
	struct ptreap_view v;
	enum ptreap_reason r;

	memset(&v, 0, sizeof(v));
	v.zombie_found = v.parent_found = true;
	v.zstate = 'Z';
	v.zthreads = 1;
	v.zpid_ns = 1;
	v.ppid = is_host_init(f) ? 1 : f->pid;
	v.self = getpid();
	v.pstate = f->state;
	v.pthreads = f->threads;
	v.tracer = f->tracer;
	v.seccomp = f->seccomp;
	/* As the guards at injection: a missing line refuses. */
	v.status_ok = !f->status_partial;
	v.defer_filter = true; /* a filter is read once the parent is held */
	r = ptreap_vet(&v);
	if (r == PTREAP_OK && !PTREAP_REGS_ARCH)
		r = PTREAP_UNSUPPORTED;
	if (r == PTREAP_OK && f->ptrace_denied)
		r = PTREAP_PERM;
	return r;
}

void
zombie_diag_fill(struct zombie_diag *d)
{
	const struct zombie_facts *f = &d->facts;

	d->reason = zombie_decide(f);
	memset(&d->sigchld, 0, sizeof(d->sigchld));
	if (!f->readable) {
		d->state = '?';
		d->namespace_init = d->host_init = false;
		d->ptrace = PTREAP_NOT_ZOMBIE;
		return;
	}
	zombie_decode_sigchld(f, &d->sigchld);
	d->state = f->state;
	d->namespace_init = is_namespace_init(f);
	d->host_init = is_host_init(f);
	d->ptrace = ptrace_verdict(f);
}

/* ---- reading /proc ---- */

/* Through procfs's one reader of status: no size limit. */
static int
read_status(pid_t pid, const char *name, struct kstatus *ks)
{
	return procfs_status(pid, name, ks);
}

/* SigBlk and SigPnd are per thread: SIGCHLD is blocked for the process
 * only if every live thread blocks it. An exited leader (Z) no longer
 * takes signals, so it does not count. */
static void
read_thread_masks(pid_t pid, struct zombie_facts *f)
{
	pid_t *tids = malloc(MAX_TASKS * sizeof(*tids));
	ssize_t n = tids ? procfs_tasks(pid, tids, MAX_TASKS) : -ENOMEM;
	uint64_t all = ~UINT64_C(0), any = 0, pnd = 0;
	int live = 0;

	for (ssize_t i = 0; i < n; i++) {
		struct kstatus ks;
		char name[48];

		snprintf(name, sizeof(name), "task/%d/status", (int)tids[i]);
		if (read_status(pid, name, &ks) < 0 || ks.state == 'Z' ||
		    ks.state == 'X')
			continue;
		all &= ks.sigblk;
		any |= ks.sigblk;
		pnd |= ks.sigpnd;
		live++;
	}
	free(tids);
	if (live == 0)
		return;
	f->sigblk_all = all;
	f->sigblk_any = any;
	f->sigpnd_any = pnd;
}

/* Yama 3 forbids every attach; without root (CAP_SYS_PTRACE), scope 1
 * allows only descendants and scope 2 nothing, and another user's
 * process is never ours to trace. */
static bool
ptrace_denied(const struct kstatus *ks, int scope)
{
	uid_t me = geteuid();

	if (scope >= 3)
		return true;
	if (me == 0)
		return false;
	return scope >= 1 || !(ks->have & KST_UID) || ks->uid != me;
}

int
zombie_read_facts(pid_t pid, struct zombie_facts *f)
{
	struct kstatus ks;
	int rc;

	memset(f, 0, sizeof(*f));
	f->pid = pid;
	rc = read_status(pid, "status", &ks);
	if (rc < 0)
		return rc == -EPERM ? -EACCES : rc;
	f->readable = true;
	f->state = '?';
	if (ks.have & KST_STATE)
		f->state = ks.state;
	f->threads = ks.have & KST_THREADS ? (int)ks.threads : 1;
	f->sigign = ks.sigign;
	f->sigcgt = ks.sigcgt;
	f->shdpnd = ks.shdpnd;
	f->sigblk_all = f->sigblk_any = ks.sigblk;
	f->sigpnd_any = ks.sigpnd;
	f->nspid_levels = ks.have & KST_NSPID ? ks.nspid_levels : 1;
	f->nspid_last = ks.have & KST_NSPID ? ks.nspid_last : pid;
	f->tracer = ks.have & KST_TRACER ? ks.tracer_pid : 0;
	f->seccomp = ks.have & KST_SECCOMP ? ks.seccomp : 0;
	f->status_partial = (ks.have & (KST_TRACER | KST_SECCOMP)) !=
	                    (KST_TRACER | KST_SECCOMP);
	f->ptrace_scope = ptreap_view_yama();
	f->ptrace_denied = ptrace_denied(&ks, f->ptrace_scope);
	if (f->threads > 1)
		read_thread_masks(pid, f);
	return 0;
}

/* Same PID, same start time: still the process of the snapshot. */
static bool
same_process(pid_t pid, unsigned long long start_ticks)
{
	struct kstat ks;

	return procfs_stat(pid, &ks) == 0 && ks.start_ticks == start_ticks;
}

/* The tracer's comm, escaped: it goes into sentences printed anywhere. */
static void
read_tracer(struct zombie_diag *d)
{
	struct kstat ks;

	d->tracer_pid = d->facts.tracer;
	d->tracer_comm[0] = '\0';
	if (d->tracer_pid <= 0)
		return;
	if (procfs_stat(d->tracer_pid, &ks) == 0)
		escape_buf(ks.comm, strlen(ks.comm), d->tracer_comm,
		    sizeof(d->tracer_comm), 0);
}

static void
diagnose(struct zombie_diag *d)
{
	int rc = zombie_read_facts(d->ppid, &d->facts);

	if (rc == -EACCES)
		d->flags |= ZDF_DENIED;
	else if (rc < 0 || !same_process(d->ppid, d->start_ticks))
		d->flags |= ZDF_GONE;
	if (d->flags)
		d->facts.readable = false;
	else
		procfs_wchan(d->ppid, d->wchan, sizeof(d->wchan));
	zombie_diag_fill(d);
	if (d->facts.readable)
		read_tracer(d);
}

int
zombie_diagnose(
    pid_t ppid, unsigned long long start_ticks, struct zombie_diag *d)
{
	memset(d, 0, sizeof(*d));
	d->ppid = ppid;
	d->start_ticks = start_ticks;
	d->oldest_age = -1;
	diagnose(d);
	return d->facts.readable ? 0 : d->flags & ZDF_DENIED ? -EACCES : -ESRCH;
}

/* The oldest zombie child of node: its age and whether it is exact. */
static struct ptable_age
oldest_child(const struct ptree *t, int node, struct ptable *tab)
{
	const struct snap *s = t->snap;
	double now = snap_time(s);
	struct ptable_age oldest = {-1, false};

	for (int c = t->nodes[node].first_child; tab && c >= 0;
	     c = t->nodes[c].next_sibling) {
		const struct snap_proc *p = &s->procs[c];
		struct ptable_age a;

		if (!snap_is_zombie(p))
			continue;
		a = ptable_zombie_age(tab, p->pid, p->start_ticks, now);
		if (a.age > oldest.age)
			oldest = a;
	}
	return oldest;
}

static void
set_oldest(struct zombie_diag *d, struct ptable_age a)
{
	d->oldest_age = a.age;
	d->oldest_exact = a.age >= 0 && a.exact;
}

int
zombie_analyze(
    const struct ptree *t, struct ptable *tab, struct zombie_report *out)
{
	const struct snap *s = t->snap;
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < s->n; i++) {
		out->zombies += snap_is_zombie(&s->procs[i]);
		out->leader_exited += snap_is_leader_exited(&s->procs[i]);
		k += t->nodes[i].zombies > 0;
	}
	if (k == 0)
		return 0;
	out->diags = calloc(k, sizeof(*out->diags));
	if (!out->diags)
		return -ENOMEM;
	/* snap->procs is sorted by pid, so the diagnoses are too. */
	for (size_t i = 0; i < s->n; i++) {
		struct zombie_diag *d = &out->diags[out->n];

		if (t->nodes[i].zombies == 0)
			continue;
		d->ppid = s->procs[i].pid;
		d->start_ticks = s->procs[i].start_ticks;
		d->zombies = t->nodes[i].zombies;
		d->leader_exited = t->nodes[i].leader_exited;
		set_oldest(d, oldest_child(t, (int)i, tab));
		diagnose(d);
		out->n++;
	}
	return 0;
}

void
zombie_report_ages(
    struct zombie_report *r, const struct ptree *t, struct ptable *tab)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct snap_proc *p =
		    snap_find(t->snap, r->diags[i].ppid);
		struct ptable_age none = {-1, false};

		set_oldest(&r->diags[i],
		    p ? oldest_child(t, (int)(p - t->snap->procs), tab) : none);
	}
}

void
zombie_report_done(struct zombie_report *r)
{
	if (!r)
		return;
	free(r->diags);
	memset(r, 0, sizeof(*r));
}

const struct zombie_diag *
zombie_report_find(const struct zombie_report *r, pid_t ppid)
{
	size_t lo = 0, hi = r ? r->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->diags[mid].ppid == ppid)
			return &r->diags[mid];
		if (r->diags[mid].ppid < ppid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
