/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guarded ptrace injection of wait4 into a zombie's parent: the reasons and
 * their messages, the guards, and the public entry points. The /proc reads
 * are in ptreap_view, the tracing helper in ptreap_inject, the
 * per-architecture registers in ptreap_regs, the call site in ptreap_site. */
#include "ptreap.h"

#include "ptreap_inject.h"
#include "ptreap_regs.h"
#include "ptreap_view.h"
#include "sigact.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

const char *const ptreap_hazards[] = {
    PTREAP_HAZARD_ECHILD,
    PTREAP_HAZARD_STATUS,
    PTREAP_HAZARD_EINTR,
    PTREAP_HAZARD_SECCOMP,
    PTREAP_HAZARD_STOP,
    NULL,
};

static const struct {
	enum ptreap_reason reason;
	int err;
	const char *msg;
} reasons[] = {
    {PTREAP_OK, 0, "reaped by its parent"},
    {PTREAP_NOT_ZOMBIE, ESRCH, "not a zombie (any more)"},
    {PTREAP_IDENTITY, ESRCH, "start time differs: the PID was reused"},
    {PTREAP_PARENT_INIT, EPERM, "the parent is PID 1: refused"},
    {PTREAP_PARENT_SELF, EINVAL, "the parent is zombietop itself"},
    {PTREAP_PARENT_GONE, ESRCH, "the parent exited or is exiting"},
    {PTREAP_REPARENTED, ESRCH, "the zombie changed parent; nothing was done"},
    {PTREAP_TRACED, EBUSY, "the parent is already traced: refused"},
    {PTREAP_DSTATE, EBUSY,
        "the parent is in uninterruptible sleep (D): refused"},
    {PTREAP_STOPPED, EBUSY, "the parent is stopped (T): refused"},
    {PTREAP_SECCOMP, EPERM,
        "the parent is in strict seccomp mode: wait4 would kill it"},
    {PTREAP_NO_THREAD, EBUSY, "no thread of the parent is usable"},
    {PTREAP_PERM, EPERM,
        "ptrace not permitted (Yama ptrace_scope, capabilities or "
        "another user's process)"},
    {PTREAP_TIMEOUT, ETIMEDOUT, "the parent did not stop in time"},
    {PTREAP_JOBSTOP, EBUSY,
        "the parent entered a job-control stop: left alone"},
    {PTREAP_COMPAT, ENOTSUP, "32-bit parents are not supported"},
    {PTREAP_NO_INSN, ENOTSUP, "no syscall instruction found in the parent"},
    {PTREAP_WAIT_FAILED, ECHILD,
        "the parent's wait4 did not return the zombie"},
    {PTREAP_PTRACE_ERROR, EIO, "unexpected ptrace failure"},
    {PTREAP_SIGNALLED, EAGAIN,
        "signals kept arriving at the parent: gave up, nothing changed"},
    {PTREAP_RSEQ, EAGAIN,
        "the parent kept running inside an rseq critical section: gave up, "
        "nothing changed"},
    {PTREAP_UNSUPPORTED, ENOTSUP,
        "injection is implemented for x86_64 and aarch64 only"},
    {PTREAP_INTERNAL, EIO, "the tracing helper failed"},
    {PTREAP_ANCESTOR, EPERM,
        "the parent is an ancestor of zombietop " SIGACT_OVERRIDE_TEXT},
    {PTREAP_SECCOMP_FILTER, EPERM,
        "the parent runs under a seccomp filter that does not let wait4 "
        "through, or that could not be read: if it forbids wait4 the parent "
        "is killed or gets a SIGSYS " SIGACT_OVERRIDE_TEXT},
    {PTREAP_STATUS, EPERM,
        "the parent's status lacks a line the guards need (TracerPid, "
        "Seccomp, NSpid): refused"},
    {PTREAP_PARENT_DIED, ESRCH,
        "the parent died during the injection (its seccomp filter may "
        "have killed it)"},
    {PTREAP_SECCOMP_DENIED, EPERM,
        "the parent's seccomp filter refused wait4: nothing was reaped, "
        "the SIGSYS it raised was suppressed"},
};

const char *
ptreap_message(enum ptreap_reason r)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].reason == r)
			return reasons[i].msg;
	return "unknown reason";
}

static int
reason_errno(enum ptreap_reason r)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].reason == r)
			return reasons[i].err;
	return EIO;
}

enum ptreap_reason
ptreap_vet(const struct ptreap_view *v)
{
	if (!v->zombie_found || v->zstate != 'Z' || v->zthreads > 1)
		return PTREAP_NOT_ZOMBIE;
	if (v->zstart != v->want_start)
		return PTREAP_IDENTITY;
	/* Not the parent the user confirmed: never inject elsewhere. */
	if (v->want_ppid &&
	    (v->ppid != v->want_ppid ||
	        (v->parent_found && v->pstart != v->want_pstart)))
		return PTREAP_REPARENTED;
	if (v->ppid == 1 || v->ppid == 0)
		return PTREAP_PARENT_INIT;
	if (v->ppid == v->self)
		return PTREAP_PARENT_SELF;
	/* A leader that exited while other threads run still has children. */
	if (!v->parent_found || v->pstate == 'X' ||
	    (v->pstate == 'Z' && v->pthreads <= 1))
		return PTREAP_PARENT_GONE;
	if (!v->status_ok)
		return PTREAP_STATUS;
	if (v->tracer != 0)
		return PTREAP_TRACED;
	if (v->pstate == 'D')
		return PTREAP_DSTATE;
	if (v->pstate == 'T' || v->pstate == 't')
		return PTREAP_STOPPED;
	if (v->seccomp == 1)
		return PTREAP_SECCOMP;
	if (v->seccomp != 0 && !v->allow_filter && !v->defer_filter)
		return PTREAP_SECCOMP_FILTER;
	if (v->zpid_ns <= 0)
		return PTREAP_NOT_ZOMBIE;
	return PTREAP_OK;
}
/* Sets the message and turns the reason into the return value. */
static int
conclude(struct ptreap_result *out)
{
	out->message = ptreap_message(out->reason);
	if (out->reason == PTREAP_OK)
		return 0;
	if (!out->err)
		out->err = reason_errno(out->reason);
	return -out->err;
}

bool
ptreap_overridable(enum ptreap_reason r)
{
	return r == PTREAP_ANCESTOR || r == PTREAP_SECCOMP_FILTER;
}

/* The rules every action applies to its target (one check for all):
 * here the target is the parent that is to make the call. */
static enum ptreap_reason
safety(const struct ptreap_target *t)
{
	struct sigact_result sr;

	if (sigact_vet(t->ppid,
	        t->flags & PTREAP_OVERRIDE ? SIGACT_OVERRIDE : 0, &sr) == 0)
		return PTREAP_OK;
	return sr.rule == SIGACT_RULE_INIT   ? PTREAP_PARENT_INIT
	       : sr.rule == SIGACT_RULE_SELF ? PTREAP_PARENT_SELF
	                                     : PTREAP_ANCESTOR;
}

int
ptreap_precheck(const struct ptreap_target *t, struct ptreap_result *out)
{
	struct ptreap_view v;

	memset(out, 0, sizeof(*out));
	out->ptrace_scope = ptreap_view_yama();
	ptreap_view_read(t, &v);
	v.defer_filter = true; /* ptreap_inject_run reads and runs it */
	out->parent = v.ppid;
	out->parent_state = v.pstate;
	out->tracer = v.tracer;
	out->seccomp = v.seccomp;
	out->seccomp_filters = v.seccomp_filters;
	out->filter_check = v.seccomp == 2 && !v.allow_filter;
	out->zpid_ns = v.zpid_ns;
	out->reason = ptreap_vet(&v);
	if (out->reason == PTREAP_OK)
		out->reason = safety(t);
	if (out->reason == PTREAP_OK && !PTREAP_REGS_ARCH)
		out->reason = PTREAP_UNSUPPORTED;
	if (out->reason == PTREAP_OK) {
		enum ptreap_reason why;

		if (!(out->tid = ptreap_view_thread(v.ppid, &why)))
			out->reason = why;
	}
	return conclude(out);
}

int
ptreap_reap(const struct ptreap_target *t, struct ptreap_result *out)
{
	if (ptreap_precheck(t, out) < 0)
		return -out->err;
	ptreap_inject_run(t, out);
	return conclude(out);
}
