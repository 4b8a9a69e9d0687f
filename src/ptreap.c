/* Guarded ptrace injection of wait4 into a zombie's parent. The caller checks
 * the guards, then a short-lived child process does the tracing, so that the
 * kernel detaches the parent whatever happens to it (exit_ptrace). */
#include "ptreap.h"

#include "kparse.h"
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define HAVE_INJECT 1
#elif defined(__aarch64__)
#define HAVE_INJECT 1
#include <elf.h>
#ifndef NT_ARM_SYSTEM_CALL
#define NT_ARM_SYSTEM_CALL 0x404
#endif
#else
#define HAVE_INJECT 0
#endif

/* A timeout on every wait; the helper's whole run is bounded by HELPER_MS. */
#define WAIT_MS 2000
#define HELPER_MS 60000
#define MAX_RETRIES 5
#define MAX_STOPS 64
#define SCAN_MAX ((size_t)256 * 1024)

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
    {PTREAP_REPARENTED, ESRCH, "the zombie changed parent meanwhile"},
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
ptreap_check(const struct ptreap_view *v)
{
	if (!v->zombie_found || v->zstate != 'Z' || v->zthreads > 1)
		return PTREAP_NOT_ZOMBIE;
	if (v->zstart != v->want_start)
		return PTREAP_IDENTITY;
	if (v->ppid == 1 || v->ppid == 0)
		return PTREAP_PARENT_INIT;
	if (v->ppid == v->self)
		return PTREAP_PARENT_SELF;
	/* A leader that exited while other threads run still has children. */
	if (!v->parent_found || v->pstate == 'X' ||
	    (v->pstate == 'Z' && v->pthreads <= 1))
		return PTREAP_PARENT_GONE;
	if (v->tracer != 0)
		return PTREAP_TRACED;
	if (v->pstate == 'D')
		return PTREAP_DSTATE;
	if (v->pstate == 'T' || v->pstate == 't')
		return PTREAP_STOPPED;
	if (v->seccomp == 1)
		return PTREAP_SECCOMP;
	if (v->zpid_ns <= 0)
		return PTREAP_NOT_ZOMBIE;
	return PTREAP_OK;
}

static int
read_stat(pid_t pid, const char *name, struct kstat *st)
{
	char buf[1024];
	ssize_t n = procfs_read(pid, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return kparse_stat(buf, (size_t)n, st);
}

/* A status file (the process's or a task's), parsed. Returns 0 or -errno;
 * the status is large: a long Groups: line can push past one page. */
static int
read_status(pid_t pid, const char *name, struct kstatus *ks)
{
	char buf[8192];
	ssize_t n = procfs_read(pid, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return kparse_status(buf, (size_t)n, ks);
}

static pid_t
read_tracer(pid_t pid, const char *name)
{
	struct kstatus ks;

	return read_status(pid, name, &ks) == 0 ? ks.tracer_pid : 0;
}

/* The zombie's PID as the parent sees it: in a PID namespace (a container
 * whose init never waits) it differs from ours. NSpid lists the zombie in
 * the parent's namespace at the parent's depth. Also reads Seccomp. */
static void
view_ns(struct ptreap_view *v)
{
	struct kstatus zs, ps;
	int zn, pn;

	if (read_status(v->zpid, "status", &zs) < 0 ||
	    read_status(v->ppid, "status", &ps) < 0)
		return;
	v->tracer = ps.tracer_pid;
	v->seccomp = ps.seccomp;
	zn = zs.nspid_levels < KPARSE_NSPID_MAX ? zs.nspid_levels : 0;
	pn = ps.nspid_levels < KPARSE_NSPID_MAX ? ps.nspid_levels : 0;
	if (pn == 0 && zn == 0) /* a kernel without NSpid: no namespaces */
		v->zpid_ns = v->zpid;
	else if (pn >= 1 && zn >= pn && zs.nspid[0] == v->zpid)
		v->zpid_ns = zs.nspid[pn - 1];
}

static void
view_read(pid_t zpid, unsigned long long start, struct ptreap_view *v)
{
	struct kstat st;

	memset(v, 0, sizeof(*v));
	v->zpid = zpid;
	v->want_start = start;
	v->self = getpid();
	if (read_stat(zpid, "stat", &st) < 0)
		return;
	v->zombie_found = true;
	v->zstate = st.state;
	v->zthreads = st.threads;
	v->zstart = st.start_ticks;
	v->ppid = st.ppid;
	if (v->ppid <= 1 || read_stat(v->ppid, "stat", &st) < 0)
		return;
	v->parent_found = true;
	v->pstate = st.state;
	v->pthreads = st.threads;
	view_ns(v);
}

static int
yama_scope(void)
{
	char buf[32];

	if (procfs_read(0, "sys/kernel/yama/ptrace_scope", buf, sizeof(buf)) <
	    0)
		return -1;
	return (int)strtol(buf, NULL, 10);
}

/* A thread of the parent that can take the call: the leader when it sleeps
 * or runs, else any other such thread; never one in D, T, t or Z. When
 * there is none, *why says whether they were stopped or in D. */
static pid_t
pick_thread(pid_t ppid, enum ptreap_reason *why)
{
	char name[64];
	struct kstat st;
	struct dirent *e;
	DIR *d;
	pid_t best = 0;

	*why = PTREAP_NO_THREAD;
	snprintf(name, sizeof(name), "/proc/%d/task", (int)ppid);
	if (!(d = opendir(name)))
		return 0;
	while ((e = readdir(d))) {
		pid_t tid = (pid_t)strtol(e->d_name, NULL, 10);

		snprintf(name, sizeof(name), "task/%d/stat", (int)tid);
		if (tid <= 0 || read_stat(ppid, name, &st) < 0)
			continue;
		if (st.state == 'T' || st.state == 't')
			*why = PTREAP_STOPPED;
		else if (st.state == 'D' && *why == PTREAP_NO_THREAD)
			*why = PTREAP_DSTATE;
		snprintf(name, sizeof(name), "task/%d/status", (int)tid);
		if (!strchr("RS", st.state) || read_tracer(ppid, name) != 0)
			continue;
		if (!best || tid == ppid)
			best = tid;
	}
	closedir(d);
	return best;
}

/* ---- the tracing helper: everything below runs in the forked child ---- */

struct inj {
	pid_t zpid, ppid, tid;
	pid_t zpid_ns; /* what the parent calls the zombie */
	unsigned long long want_start;
	struct ptreap_result *res;
	struct timespec t_stop;
	bool restart_block; /* aarch64: the kernel had set up restart_syscall */
};

#if HAVE_INJECT

static long
us_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000;
}

/* Waits for a stop (or the end) of the tracee, polling with WNOHANG so that
 * the wait has a timeout. Returns 0 with *st, -ETIMEDOUT or -errno. */
static int
wait_stop(pid_t tid, int *st, int timeout_ms)
{
	struct timespec t0, nap = {0, 20000};
	pid_t r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		r = waitpid(tid, st, __WALL | WNOHANG);
		if (r == tid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (us_since(&t0) / 1000 >= timeout_ms)
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

/* ---- architecture: registers, the call site, the call ---- */

#if defined(__x86_64__)
static const unsigned char insn[] = {0x0f, 0x05}; /* syscall */
#define INSN_ALIGN 1

static int
regs_get(pid_t tid, struct user_regs_struct *r)
{
	return ptrace(PTRACE_GETREGS, tid, 0, r) < 0 ? -errno : 0;
}

static int
regs_set(pid_t tid, const struct user_regs_struct *r)
{
	return ptrace(PTRACE_SETREGS, tid, 0, r) < 0 ? -errno : 0;
}

static bool
regs_compat(const struct user_regs_struct *r)
{
	return (r->cs & 0xff) == 0x23; /* __USER32_CS (0xe023 under Xen) */
}

/* In a syscall, the instruction that entered it is just before rip. After
 * an exception orig_rax holds its error code, also >= 0: the bytes are
 * checked, and never taken from another page than rip's (that one is
 * surely executable). */
static unsigned long
regs_site_guess(const struct user_regs_struct *r, bool *in_syscall)
{
	*in_syscall = (long)r->orig_rax >= 0;
	if (!*in_syscall || (r->rip - 2) >> 12 != r->rip >> 12)
		return 0;
	return r->rip - 2;
}

static void
regs_call(struct user_regs_struct *r, unsigned long site, pid_t zpid)
{
	r->rip = site;
	r->rax = SYS_wait4;
	r->orig_rax = (unsigned long long)-1; /* no restart of the old call */
	r->rdi = (unsigned long long)zpid;
	r->rsi = 0;
	r->rdx = WNOHANG | __WALL;
	r->r10 = 0;
}

static long
regs_ret(const struct user_regs_struct *r)
{
	return (long)r->rax;
}

static unsigned long
regs_pc(const struct user_regs_struct *r)
{
	return r->rip;
}

static int
arch_entry(struct inj *j)
{
	struct user_regs_struct r;
	int rc = regs_get(j->tid, &r);

	if (rc == 0 && r.orig_rax != SYS_wait4)
		rc = -EIO;
	return rc;
}

static void
arch_restore_fix(struct inj *j, struct user_regs_struct *r)
{
	(void)j;
	(void)r;
}

#else
/* aarch64, not run here: written from the arm64 signal code (do_signal rewinds
 * the pc to the svc and x0 to orig_x0 before get_signal stops the task). */
static const unsigned char insn[] = {0x01, 0x00, 0x00, 0xd4}; /* svc #0 */
#define INSN_ALIGN 4

static int
regs_get(pid_t tid, struct user_regs_struct *r)
{
	struct iovec io = {r, sizeof(*r)};

	return ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &io) < 0
	           ? -errno
	           : 0;
}

static int
regs_set(pid_t tid, const struct user_regs_struct *r)
{
	struct iovec io = {(void *)r, sizeof(*r)};

	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &io) < 0
	           ? -errno
	           : 0;
}

static bool
regs_compat(const struct user_regs_struct *r)
{
	return (r->pstate & 0x10) != 0; /* PSR_MODE32_BIT */
}

/* The kernel already rewound pc to the svc of a restartable call; whether
 * it was one is only known once the svc runs (see arch_entry). */
static unsigned long
regs_site_guess(const struct user_regs_struct *r, bool *in_syscall)
{
	*in_syscall = false;
	return r->pc;
}

static void
regs_call(struct user_regs_struct *r, unsigned long site, pid_t zpid)
{
	r->pc = site;
	r->regs[8] = SYS_wait4;
	r->regs[0] = (unsigned long long)zpid;
	r->regs[1] = 0;
	r->regs[2] = WNOHANG | __WALL;
	r->regs[3] = 0;
}

static long
regs_ret(const struct user_regs_struct *r)
{
	return (long)r->regs[0];
}

static unsigned long
regs_pc(const struct user_regs_struct *r)
{
	return r->pc;
}

/* At the entry stop: if the kernel turned our call into restart_syscall
 * (the parent was in a call that returned -ERESTART_RESTARTBLOCK and we
 * ran at its svc), make it wait4 again and remember to restore that. */
static int
arch_entry(struct inj *j)
{
	int nr = 0;
	struct iovec io = {&nr, sizeof(nr)};

	if (ptrace(PTRACE_GETREGSET, j->tid, (void *)NT_ARM_SYSTEM_CALL, &io) <
	    0)
		return -errno;
	if (nr == SYS_wait4)
		return 0;
	if (nr != SYS_restart_syscall)
		return -EIO;
	j->restart_block = true;
	j->res->was_in_syscall = true;
	nr = SYS_wait4;
	if (ptrace(PTRACE_SETREGSET, j->tid, (void *)NT_ARM_SYSTEM_CALL, &io) <
	    0)
		return -errno;
	return 0;
}

static void
arch_restore_fix(struct inj *j, struct user_regs_struct *r)
{
	if (j->restart_block)
		r->regs[8] = SYS_restart_syscall;
}

#endif

static int
mem_read(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)addr);
	close(fd);
	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

static unsigned long
scan_range(pid_t pid, unsigned long lo, unsigned long hi)
{
	size_t len = hi - lo > SCAN_MAX ? SCAN_MAX : hi - lo, i;
	unsigned char *buf = malloc(len);
	unsigned long found = 0;

	if (buf && mem_read(pid, lo, buf, len) == 0)
		for (i = 0; i + sizeof(insn) <= len; i += INSN_ALIGN)
			if (memcmp(buf + i, insn, sizeof(insn)) == 0) {
				found = lo + i;
				break;
			}
	free(buf);
	return found;
}

/* A syscall instruction in the vDSO, else in another executable mapping.
 * Any executable bytes that decode as one will do: we jump straight to it. */
static unsigned long
find_insn(pid_t pid, enum ptreap_site *site)
{
	char *maps = NULL, *line, *save = NULL, path[64];
	unsigned long found = 0, lo, hi;
	int pass;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if (procfs_slurp(path, &maps) < 0)
		return 0;
	for (pass = 0; pass < 2 && !found; pass++) {
		char *copy = strdup(maps);

		for (line = copy ? strtok_r(copy, "\n", &save) : NULL;
		     line && !found; line = strtok_r(NULL, "\n", &save)) {
			bool vdso = strstr(line, "[vdso]") != NULL;
			char *end;

			/* "lo-hi perms ...": the third perm letter is x. */
			lo = strtoul(line, &end, 16);
			if (*end != '-')
				continue;
			hi = strtoul(end + 1, &end, 16);
			if (*end != ' ' || strlen(end) < 4 || end[3] != 'x' ||
			    vdso != (pass == 0))
				continue;
			found = scan_range(pid, lo, hi);
		}
		free(copy);
		*site = pass == 0 ? PTREAP_SITE_VDSO : PTREAP_SITE_TEXT;
	}
	free(maps);
	return found;
}

/* Memory is read through the thread: an exited leader has none. */
static unsigned long
choose_site(struct inj *j, const struct user_regs_struct *saved)
{
	unsigned char buf[sizeof(insn)];
	bool in_sys;
	unsigned long a = regs_site_guess(saved, &in_sys);

	j->res->was_in_syscall = false;
	if (a && mem_read(j->tid, a, buf, sizeof(buf)) == 0 &&
	    memcmp(buf, insn, sizeof(insn)) == 0) {
		j->res->was_in_syscall = in_sys;
		j->res->site = PTREAP_SITE_SYSCALL;
		return a;
	}
	return find_insn(j->tid, &j->res->site);
}

/* Whether the thread stopped inside an rseq critical section (per-CPU
 * code such as tcmalloc's). Moving its pc there would make the kernel drop
 * the section's descriptor without the abort it owes it, so it must first
 * be let go. Kernels before 6.3 cannot tell us: then it is not checked. */
static bool
in_rseq_cs(pid_t tid, unsigned long pc)
{
	struct __ptrace_rseq_configuration conf;
	uint64_t cs, desc[4]; /* version+flags, start_ip, post_commit_offset,
	                         abort_ip */

	if (ptrace(PTRACE_GET_RSEQ_CONFIGURATION, tid, sizeof(conf), &conf) <
	        0 ||
	    !conf.rseq_abi_pointer)
		return false;
	if (mem_read(tid, conf.rseq_abi_pointer + 8, &cs, sizeof(cs)) < 0 ||
	    !cs || mem_read(tid, cs, desc, sizeof(desc)) < 0)
		return false;
	return pc >= desc[1] && pc - desc[1] < desc[2];
}

/* The zombie is still ours to take: re-checked while the parent is held
 * (so it cannot reap it itself; other threads of it still could). */
static enum ptreap_reason
recheck(const struct inj *j)
{
	struct ptreap_view v;
	enum ptreap_reason r;

	view_read(j->zpid, j->want_start, &v);
	v.tracer = 0; /* that is us now */
	v.pstate = 'S';
	r = ptreap_check(&v);
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

/* Detaches from an event or signal stop, with the original registers. */
static void
put_back(struct inj *j, const struct user_regs_struct *saved, int sig)
{
	struct user_regs_struct r = *saved;

	arch_restore_fix(j, &r);
	regs_set(j->tid, &r);
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
		regs_set(j->tid, saved);
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

/* From the entry stop: run the call to its exit stop and read the result,
 * then INTERRUPT + CONT so the registers are put back at the next event
 * stop, where the kernel's own restart logic still runs on them (putting
 * them back at the exit stop would skip it: sleep ends early, read fails
 * with errno 512). */
static enum ptreap_reason
finish_call(struct inj *j, const struct user_regs_struct *saved)
{
	struct user_regs_struct r;
	int st, sig, rc;

	if (ptrace(PTRACE_SYSCALL, j->tid, 0, 0) < 0)
		return fail(j, PTREAP_PTRACE_ERROR, errno);
	if ((rc = wait_injected(j, &st)) < 0)
		return fail(j, PTREAP_TIMEOUT, rc);
	if (classify(st, &sig) != STOP_SYSCALL || regs_get(j->tid, &r) < 0) {
		if (WIFSTOPPED(st))
			put_back(j, saved, sig);
		return fail(j, PTREAP_PTRACE_ERROR, EIO);
	}
	j->res->wait_ret = regs_ret(&r);
	if (ptrace(PTRACE_INTERRUPT, j->tid, 0, 0) < 0 ||
	    ptrace(PTRACE_CONT, j->tid, 0, 0) < 0)
		return fail(j, PTREAP_PTRACE_ERROR, errno);
	for (;;) {
		if ((rc = wait_injected(j, &st)) < 0)
			return fail(j, PTREAP_TIMEOUT, rc);
		switch (classify(st, &sig)) {
		case STOP_EVENT:
		case STOP_GROUP: /* detach leaves it in the group stop */
			put_back(j, saved, 0);
			return PTREAP_OK;
		case STOP_SIGNAL:
			j->res->signals++;
			put_back(j, saved, sig);
			return PTREAP_OK;
		case STOP_GONE:
			return fail(j, PTREAP_PARENT_GONE, 0);
		default:
			ptrace(PTRACE_CONT, j->tid, 0, 0);
			break;
		}
	}
}

/* One injection from an event stop with registers saved. */
static enum step
inject_once(struct inj *j, const struct user_regs_struct *saved)
{
	struct user_regs_struct r = *saved;
	unsigned long site = choose_site(j, saved);
	int rc;

	if (!site) {
		ptrace(PTRACE_DETACH, j->tid, 0, 0);
		fail(j, PTREAP_NO_INSN, 0);
		return STEP_FAIL;
	}
	regs_call(&r, site, j->zpid_ns);
	if ((rc = regs_set(j->tid, &r)) < 0 ||
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

	if ((rc = regs_get(j->tid, saved)) < 0)
		fail(j, PTREAP_PTRACE_ERROR, rc);
	else if (regs_compat(saved))
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
		clock_gettime(CLOCK_MONOTONIC, &j->t_stop);
		if (!prepare(j, &saved))
			return;
		if (in_rseq_cs(j->tid, regs_pc(&saved))) {
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
		j->res->stopped_us = us_since(&j->t_stop);
		if (j->res->wait_ret != j->zpid_ns)
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

		res->tracer = read_tracer(j->ppid, "status");
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
	struct timespec t0;
	long left;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((left = HELPER_MS - us_since(&t0) / 1000) > 0) {
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
#else
static void
spawn_helper(struct inj *j)
{
	j->res->reason = PTREAP_UNSUPPORTED;
}
#endif

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

int
ptreap_precheck(
    pid_t zpid, unsigned long long start_ticks, struct ptreap_result *out)
{
	struct ptreap_view v;

	memset(out, 0, sizeof(*out));
	out->ptrace_scope = yama_scope();
	view_read(zpid, start_ticks, &v);
	out->parent = v.ppid;
	out->parent_state = v.pstate;
	out->tracer = v.tracer;
	out->seccomp = v.seccomp;
	out->zpid_ns = v.zpid_ns;
	out->reason = ptreap_check(&v);
	if (out->reason == PTREAP_OK && !HAVE_INJECT)
		out->reason = PTREAP_UNSUPPORTED;
	if (out->reason == PTREAP_OK) {
		enum ptreap_reason why;

		if (!(out->tid = pick_thread(v.ppid, &why)))
			out->reason = why;
	}
	return conclude(out);
}

int
ptreap_reap(
    pid_t zpid, unsigned long long start_ticks, struct ptreap_result *out)
{
	struct inj j = {.zpid = zpid, .want_start = start_ticks, .res = out};

	if (ptreap_precheck(zpid, start_ticks, out) < 0)
		return -out->err;
	j.ppid = out->parent;
	j.zpid_ns = out->zpid_ns;
	j.tid = out->tid;
	spawn_helper(&j);
	return conclude(out);
}
