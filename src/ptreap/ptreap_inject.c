/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tracing helper of ptrace injection: everything here but
 * ptreap_inject_run runs in a forked child, so that the kernel detaches the
 * parent whatever happens to the helper (exit_ptrace). Every wait has a
 * timeout; the whole run is bounded by HELPER_MS. */
#include "ptreap_inject.h"

#include "ptreap_bpf.h"
#include "ptreap_regs.h"
#include "ptreap_site.h"
#include "ptreap_view.h"
#include "kparse.h"
#include "procfs.h"
#include "zclock.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 2000
#define HELPER_MS 60000
#define MAX_RETRIES 5
#define MAX_STOPS 64

#if PTREAP_REGS_ARCH

struct inj {
	const struct ptreap_target *t; /* borrowed: what the user confirmed */
	pid_t zpid, ppid, tid;
	pid_t zpid_ns; /* what the parent calls the zombie */
	unsigned long long want_start;
	bool sigsys;               /* our wait4 raised a SIGSYS (seccomp) */
	struct ptreap_result *res; /* borrowed from the caller */
	double t_stop;      /* zclock_mono() when the parent was stopped */
	bool restart_block; /* aarch64: the kernel had set up restart_syscall */
};

static long
us_since(double t0)
{
	return (long)(zclock_since(t0) * 1e6);
}

/* Waits for a stop (or the end) of the tracee, polling with WNOHANG so that
 * the wait has a timeout. Returns 0 with *st, -ETIMEDOUT or -errno. */
static int
wait_stop(pid_t tid, int *st, int timeout_ms)
{
	struct timespec nap = {0, 20000};
	double t0 = zclock_mono();
	pid_t r;

	for (;;) {
		r = waitpid(tid, st, __WALL | WNOHANG);
		if (r == tid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (us_since(t0) / 1000 >= timeout_ms)
			return -ETIMEDOUT;
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 2000000)
			nap.tv_nsec *= 2;
	}
}

enum stop_kind {
	STOP_GONE,    /* exited or killed */
	STOP_EVENT,   /* PTRACE_EVENT_STOP from our PTRACE_INTERRUPT */
	STOP_GROUP,   /* PTRACE_EVENT_STOP of a job-control stop */
	STOP_SYSCALL, /* syscall entry or exit (TRACESYSGOOD) */
	STOP_SIGNAL,  /* signal-delivery-stop: *sig is the signal */
	STOP_OTHER,
};

static enum stop_kind
classify(int st, int *sig)
{
	*sig = 0;
	if (!WIFSTOPPED(st))
		return STOP_GONE;
	if ((st >> 16) == PTRACE_EVENT_STOP) {
		int s = WSTOPSIG(st);

		return (s == SIGSTOP || s == SIGTSTP || s == SIGTTIN ||
		           s == SIGTTOU)
		           ? STOP_GROUP
		           : STOP_EVENT;
	}
	if ((st >> 16) != 0)
		return STOP_OTHER;
	if (WSTOPSIG(st) == (SIGTRAP | 0x80))
		return STOP_SYSCALL;
	*sig = WSTOPSIG(st);
	return STOP_SIGNAL;
}

/* The entry stop: the call must be wait4 (see ptreap_regs_entry). */
static int
arch_entry(struct inj *j)
{
	int rc = ptreap_regs_entry(j->tid, &j->restart_block);

	if (j->restart_block)
		j->res->was_in_syscall = true;
	return rc;
}

/* The thread we hold belongs to the confirmed parent: its Tgid is that
 * PID, and that PID still has the confirmed start time. Held, the thread
 * cannot be reaped, so its Tgid cannot name another process meanwhile. */
static bool
held_is_parent(const struct inj *j)
{
	struct kstatus ks;

	return procfs_status(j->tid, "status", &ks) == 0 &&
	       (ks.have & KST_TGID) && ks.tgid == j->ppid;
}

/* The zombie is still ours to take: re-checked while the parent is held
 * (so it cannot reap it itself; other threads of it still could). The
 * parent must be the confirmed one, by PID and start time. */
static enum ptreap_reason
recheck(const struct inj *j)
{
	struct ptreap_view v;
	enum ptreap_reason r;

	if (!held_is_parent(j))
		return PTREAP_REPARENTED;
	ptreap_view_read(j->t, &v);
	v.defer_filter = true; /* inject_once runs it on the real call */
	v.tracer = 0;          /* that is us now */
	v.pstate = 'S';
	r = ptreap_vet(&v);
	if (r == PTREAP_OK && (v.ppid != j->ppid || v.zpid_ns != j->zpid_ns))
		r = PTREAP_REPARENTED;
	return r;
}

static enum ptreap_reason
fail(struct inj *j, enum ptreap_reason r, int err)
{
	j->res->reason = r;
	j->res->err = err < 0 ? -err : err;
	return r;
}

/* Detaches from an event or signal stop, with the original registers.
 * Both stops are inside get_signal, before the kernel's restart logic (on
 * x86_64 it runs after get_signal; arm64 rewinds before, see ptreap_regs):
 * -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND and -ERESTART_RESTARTBLOCK
 * (restart_syscall: our wait4 leaves the restart block alone) are then
 * handled as if we had not been there. tests/integration/ptrestart.sh. */
static void
put_back(struct inj *j, const struct user_regs_struct *saved, int sig)
{
	struct user_regs_struct r = *saved;

	ptreap_regs_restore_fix(&r, j->restart_block);
	ptreap_regs_set(j->tid, &r);
	ptrace(PTRACE_DETACH, j->tid, 0, sig);
}

/* PTRACE_INTERRUPT and wait for its event stop. Signals that are delivered
 * first are passed on untouched (nothing is changed yet). */
static enum ptreap_reason
hold(struct inj *j)
{
	int st, sig, rc, n;

	if (ptrace(PTRACE_INTERRUPT, j->tid, 0, 0) < 0)
		return fail(j, PTREAP_PTRACE_ERROR, errno);
	for (n = 0;; n++) {
		if (n > MAX_STOPS)
			return fail(j, PTREAP_SIGNALLED, 0); /* exit detaches */
		if ((rc = wait_stop(j->tid, &st, WAIT_MS)) < 0)
			return fail(j, PTREAP_TIMEOUT, rc);
		switch (classify(st, &sig)) {
		case STOP_EVENT:
			return PTREAP_OK;
		case STOP_GROUP:
			ptrace(PTRACE_DETACH, j->tid, 0, 0);
			return fail(j, PTREAP_JOBSTOP, 0);
		case STOP_SIGNAL:
			j->res->signals++;
			ptrace(PTRACE_CONT, j->tid, 0, sig);
			break;
		case STOP_GONE:
			return fail(j, PTREAP_PARENT_GONE, 0);
		default:
			ptrace(PTRACE_CONT, j->tid, 0, 0);
			break;
		}
	}
}

/* Waits for a stop once our registers are in: here a timeout must not end
 * the helper (the parent would run on with them), so it interrupts and
 * waits again before it gives up. */
static int
wait_injected(struct inj *j, int *st)
{
	int rc, tries;

	for (tries = 0; tries < 5; tries++) {
		rc = wait_stop(j->tid, st, WAIT_MS);
		if (rc != -ETIMEDOUT)
			return rc;
		ptrace(PTRACE_INTERRUPT, j->tid, 0, 0);
	}
	return rc;
}

enum step { STEP_DONE, STEP_RETRY, STEP_FAIL };

/* Runs to the syscall-entry stop. A signal arriving first is delivered
 * with the original registers (the kernel then restarts or interrupts the
 * old call as it would have), and the injection is retried. */
static enum step
to_entry(struct inj *j, const struct user_regs_struct *saved)
{
	int st, sig, rc;

	if ((rc = wait_injected(j, &st)) < 0) {
		fail(j, PTREAP_TIMEOUT, rc);
		return STEP_FAIL;
	}
	switch (classify(st, &sig)) {
	case STOP_SYSCALL:
		if ((rc = arch_entry(j)) == 0)
			return STEP_DONE;
		put_back(j, saved, 0);
		fail(j, PTREAP_PTRACE_ERROR, rc);
		return STEP_FAIL;
	case STOP_SIGNAL:
		j->res->signals++;
		ptreap_regs_set(j->tid, saved);
		ptrace(PTRACE_CONT, j->tid, 0, sig);
		return STEP_RETRY;
	case STOP_GROUP:
		put_back(j, saved, 0);
		fail(j, PTREAP_JOBSTOP, 0);
		return STEP_FAIL;
	case STOP_GONE:
		fail(j, PTREAP_PARENT_GONE, 0);
		return STEP_FAIL;
	default:
		put_back(j, saved, 0);
		fail(j, PTREAP_PTRACE_ERROR, EIO);
		return STEP_FAIL;
	}
}

/* After the call: until the stop where the registers go back. A SIGSYS
 * our call raised is taken at its signal-delivery stop and dropped; a
 * parent that dies now is told as such. */
static enum ptreap_reason
let_go(struct inj *j, const struct user_regs_struct *saved)
{
	struct user_regs_struct r = *saved;
	int st, sig, rc;

	for (;;) {
		if ((rc = wait_injected(j, &st)) < 0)
			return fail(j, PTREAP_TIMEOUT, rc);
		switch (classify(st, &sig)) {
		case STOP_GROUP:
			/* Detach leaves it in the group stop; resuming it to
			 * take our SIGSYS would end a job-control stop. */
			put_back(j, saved, 0);
			return PTREAP_OK;
		case STOP_EVENT:
			if (!j->sigsys) {
				put_back(j, saved, 0);
				return PTREAP_OK;
			}
			/* Registers back now; the SIGSYS stop comes next. */
			ptreap_regs_restore_fix(&r, j->restart_block);
			ptreap_regs_set(j->tid, &r);
			ptrace(PTRACE_CONT, j->tid, 0, 0);
			break;
		case STOP_SIGNAL:
			if (sig == SIGSYS && j->sigsys &&
			    ptreap_bpf_sigsys_at_stop(j->tid)) {
				j->res->sigsys_suppressed = true;
				sig = 0;
			} else
				j->res->signals++;
			put_back(j, saved, sig);
			return PTREAP_OK;
		case STOP_GONE:
			j->res->parent_died = true;
			return PTREAP_OK;
		default:
			ptrace(PTRACE_CONT, j->tid, 0, 0);
			break;
		}
	}
}

/* From the entry stop: run the call to its exit stop and read the result,
 * then INTERRUPT + CONT so the registers are put back at the next event
 * stop, where the kernel's own restart logic still runs on them (putting
 * them back at the exit stop would skip it: sleep ends early, read fails
 * with errno 512). A parent killed by its seccomp filter dies here. */
static enum ptreap_reason
finish_call(struct inj *j, const struct user_regs_struct *saved)
{
	struct user_regs_struct r;
	int st, sig, rc;

	if (ptrace(PTRACE_SYSCALL, j->tid, 0, 0) < 0)
		return fail(j, PTREAP_PTRACE_ERROR, errno);
	if ((rc = wait_injected(j, &st)) < 0)
		return fail(j, PTREAP_TIMEOUT, rc);
	switch (classify(st, &sig)) {
	case STOP_GONE:
		j->res->parent_died = true;
		return fail(j, PTREAP_PARENT_DIED, 0);
	case STOP_SIGNAL: /* a filter's SIGSYS before any exit stop */
		if (sig == SIGSYS &&
		    (j->sigsys = ptreap_bpf_sigsys_at_stop(j->tid))) {
			j->res->sigsys_suppressed = true;
			j->res->wait_ret = -ENOSYS;
			put_back(j, saved, 0);
			return PTREAP_OK;
		}
		break;
	default:
		break;
	}
	if (classify(st, &sig) != STOP_SYSCALL ||
	    ptreap_regs_get(j->tid, &r) < 0) {
		put_back(j, saved, sig);
		return fail(j, PTREAP_PTRACE_ERROR, EIO);
	}
	j->res->wait_ret = ptreap_regs_ret(&r);
	j->sigsys = ptreap_bpf_sigsys_pending(j->tid);
	if (ptrace(PTRACE_INTERRUPT, j->tid, 0, 0) < 0 ||
	    ptrace(PTRACE_CONT, j->tid, 0, 0) < 0)
		return fail(j, PTREAP_PTRACE_ERROR, errno);
	return let_go(j, saved);
}

/* Without an override, a parent under a seccomp filter (mode 2, read for
 * the held thread: filters are per thread) gets the call only if every
 * filter, read from the kernel and run on this very call, lets it
 * through. */
static bool
filters_allow(struct inj *j, const struct user_regs_struct *call)
{
	struct seccomp_data d;
	struct kstatus ks;

	if (j->t->flags & PTREAP_OVERRIDE)
		return true;
	if (procfs_status(j->tid, "status", &ks) < 0 ||
	    !(ks.have & KST_SECCOMP))
		return false;
	if (ks.seccomp != 2)
		return ks.seccomp == 0;
	ptreap_regs_seccomp(call, &d);
	j->res->filter_allowed = ptreap_bpf_tracee_allows(j->tid, &d);
	return j->res->filter_allowed;
}

/* One injection from an event stop with registers saved. */
static enum step
inject_once(struct inj *j, const struct user_regs_struct *saved)
{
	struct user_regs_struct r = *saved;
	unsigned long site = ptreap_site_choose(j->tid, saved, j->res);
	int rc;

	if (!site) {
		ptrace(PTRACE_DETACH, j->tid, 0, 0);
		fail(j, PTREAP_NO_INSN, 0);
		return STEP_FAIL;
	}
	ptreap_regs_call(&r, site, j->zpid_ns);
	if (!filters_allow(j, &r)) {
		ptrace(PTRACE_DETACH, j->tid, 0, 0);
		fail(j, PTREAP_SECCOMP_FILTER, 0);
		return STEP_FAIL;
	}
	if ((rc = ptreap_regs_set(j->tid, &r)) < 0 ||
	    ptrace(PTRACE_SYSCALL, j->tid, 0, 0) < 0) {
		rc = rc < 0 ? rc : -errno;
		put_back(j, saved, 0);
		fail(j, PTREAP_PTRACE_ERROR, rc);
		return STEP_FAIL;
	}
	return to_entry(j, saved);
}

/* From the event stop: save the registers and check everything again. On
 * a refusal it detaches (nothing was changed). */
static bool
prepare(struct inj *j, struct user_regs_struct *saved)
{
	enum ptreap_reason r;
	int rc;

	if ((rc = ptreap_regs_get(j->tid, saved)) < 0)
		fail(j, PTREAP_PTRACE_ERROR, rc);
	else if (ptreap_regs_compat(saved))
		fail(j, PTREAP_COMPAT, 0);
	else if ((r = recheck(j)) != PTREAP_OK)
		fail(j, r, 0);
	else
		return true;
	ptrace(PTRACE_DETACH, j->tid, 0, 0);
	return false;
}

/* Holds the parent, checks everything again, injects; starts over when a
 * signal came first (it was delivered as if we had not been there). */
static void
inject(struct inj *j)
{
	struct user_regs_struct saved;
	enum step s = STEP_RETRY;

	enum ptreap_reason why = PTREAP_SIGNALLED;

	for (j->res->retries = 0;; j->res->retries++) {
		if (j->res->retries > MAX_RETRIES) {
			/* It runs on untouched; our exit detaches it. */
			j->res->retries = MAX_RETRIES;
			fail(j, why, 0);
			return;
		}
		if (hold(j) != PTREAP_OK)
			return;
		j->t_stop = zclock_mono();
		if (!prepare(j, &saved))
			return;
		if (ptreap_site_in_rseq(j->tid, ptreap_regs_pc(&saved))) {
			/* Let it go: the kernel aborts the section as it
			 * resumes, then we stop it again. */
			why = PTREAP_RSEQ;
			if (ptrace(PTRACE_CONT, j->tid, 0, 0) < 0)
				return (void)fail(
				    j, PTREAP_PTRACE_ERROR, errno);
			continue;
		}
		why = PTREAP_SIGNALLED;
		if ((s = inject_once(j, &saved)) != STEP_RETRY)
			break;
	}
	if (s == STEP_DONE && finish_call(j, &saved) == PTREAP_OK) {
		j->res->stopped_us = us_since(j->t_stop);
		if (j->res->wait_ret == j->zpid_ns)
			return;
		if (j->res->parent_died)
			fail(j, PTREAP_PARENT_DIED, 0);
		else if (j->res->sigsys_suppressed || j->sigsys)
			fail(j, PTREAP_SECCOMP_DENIED, 0);
		else
			fail(j, PTREAP_WAIT_FAILED,
			    j->res->wait_ret < 0 ? (int)-j->res->wait_ret : 0);
	}
}

static void
helper_run(struct inj *j)
{
	struct ptreap_result *res = j->res;

	if (ptrace(PTRACE_SEIZE, j->tid, 0, PTRACE_O_TRACESYSGOOD) < 0) {
		int e = errno;

		res->tracer = ptreap_view_tracer(j->ppid, "status");
		if (e == ESRCH)
			fail(j, PTREAP_PARENT_GONE, e);
		else if (res->tracer)
			fail(j, PTREAP_TRACED, e);
		else
			fail(j, e == EPERM ? PTREAP_PERM : PTREAP_PTRACE_ERROR,
			    e);
		return;
	}
	inject(j);
}

/* Reads the helper's result, waiting at most HELPER_MS in all; a signal
 * to zombietop (SIGWINCH) must not cut the wait short. */
static bool
read_result(int fd, struct ptreap_result *got)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	double t0 = zclock_mono();
	long left;
	int rc;

	while ((left = HELPER_MS - us_since(t0) / 1000) > 0) {
		rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		return rc == 1 &&
		       read(fd, got, sizeof(*got)) == (ssize_t)sizeof(*got);
	}
	return false;
}

/* Runs the helper: a child that blocks every signal it can (a Ctrl-C to
 * the process group must not stop it half way), traces, writes the result
 * and exits; its exit detaches whatever it still traces. */
static void
spawn_helper(struct inj *j)
{
	struct ptreap_result got;
	sigset_t all;
	pid_t kid;
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0) {
		fail(j, PTREAP_INTERNAL, errno);
		return;
	}
	if ((kid = fork()) < 0) {
		fail(j, PTREAP_INTERNAL, errno);
		close(p[0]);
		close(p[1]);
		return;
	}
	if (kid == 0) {
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		close(p[0]);
		helper_run(j);
		_exit(write(p[1], j->res, sizeof(*j->res)) ==
		              (ssize_t)sizeof(*j->res)
		          ? 0
		          : 1);
	}
	close(p[1]);
	if (read_result(p[0], &got))
		*j->res = got;
	else {
		kill(kid, SIGKILL);
		fail(j, PTREAP_INTERNAL, EIO);
	}
	close(p[0]);
	while (waitpid(kid, NULL, 0) < 0 && errno == EINTR)
		;
}

void
ptreap_inject_run(const struct ptreap_target *t, struct ptreap_result *res)
{
	struct inj j = {.t = t,
	    .zpid = t->zpid,
	    .want_start = t->zstart,
	    .res = res,
	    .ppid = t->ppid,
	    .zpid_ns = res->zpid_ns,
	    .tid = res->tid};

	spawn_helper(&j);
}
#else
void
ptreap_inject_run(const struct ptreap_target *t, struct ptreap_result *res)
{
	(void)t;
	res->reason = PTREAP_UNSUPPORTED;
}
#endif
