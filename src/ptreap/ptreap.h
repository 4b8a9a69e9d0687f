/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reaping a zombie without killing its parent: the parent itself is made to
 * call wait4(ZPID, NULL, WNOHANG|__WALL, NULL) by ptrace injection, after
 * guards on the zombie and the parent. Runtime support: x86_64 (tested) and
 * aarch64 (compiled only, never run here); other arches say -ENOTSUP. */
#ifndef ZT_PTREAP_H
#define ZT_PTREAP_H

#include <stdbool.h>
#include <sys/types.h>

/* The hazards, for the confirmation the UI shows before injecting. */
#define PTREAP_HAZARD_ECHILD                                                   \
	"The parent's own wait for this child will fail with ECHILD."
#define PTREAP_HAZARD_STATUS                                                   \
	"The parent loses the child's exit status (Python's subprocess "       \
	"then reports 0)."
#define PTREAP_HAZARD_EINTR                                                    \
	"A non-restartable call the parent is blocked in (epoll_wait, "        \
	"sigtimedwait: tini waits that way) returns EINTR."
#define PTREAP_HAZARD_SECCOMP                                                  \
	"The parent runs under a seccomp filter: if the filter forbids "       \
	"wait4 the parent is killed, or nothing is reaped and the SIGSYS it "  \
	"raises is suppressed."
#define PTREAP_HAZARD_STOP                                                     \
	"The parent is stopped for about a millisecond while ptrace "          \
	"injects the call."

/* All hazards in display order, NULL-terminated. */
extern const char *const ptreap_hazards[];

enum ptreap_reason {
	PTREAP_OK = 0,       /* the zombie was reaped by its parent */
	PTREAP_NOT_ZOMBIE,   /* gone, or not (or no longer) a zombie */
	PTREAP_IDENTITY,     /* start time differs: the PID was reused */
	PTREAP_PARENT_INIT,  /* the parent is PID 1 */
	PTREAP_PARENT_SELF,  /* the parent is zombietop itself */
	PTREAP_PARENT_GONE,  /* the parent exited or is exiting */
	PTREAP_REPARENTED,   /* the zombie got another parent meanwhile */
	PTREAP_TRACED,       /* the parent is already traced (TracerPid) */
	PTREAP_DSTATE,       /* the parent is in uninterruptible sleep */
	PTREAP_STOPPED,      /* the parent is stopped (T or t) */
	PTREAP_SECCOMP,      /* strict seccomp: wait4 would kill it */
	PTREAP_NO_THREAD,    /* no thread of the parent could be used */
	PTREAP_PERM,         /* ptrace not permitted (Yama, caps, uid) */
	PTREAP_TIMEOUT,      /* the parent did not stop or run in time */
	PTREAP_JOBSTOP,      /* the parent entered a job-control stop */
	PTREAP_COMPAT,       /* a 32-bit parent: not supported */
	PTREAP_NO_INSN,      /* no syscall instruction was found */
	PTREAP_WAIT_FAILED,  /* the injected wait4 did not return the zombie */
	PTREAP_PTRACE_ERROR, /* an unexpected ptrace failure */
	PTREAP_SIGNALLED,    /* signals kept arriving: gave up, no change */
	PTREAP_RSEQ,         /* kept stopping in an rseq critical section */
	PTREAP_UNSUPPORTED,  /* not built for this architecture */
	PTREAP_INTERNAL,     /* fork, pipe or the helper failed */
	PTREAP_ANCESTOR,     /* the parent is an ancestor of zombietop */
	PTREAP_SECCOMP_FILTER, /* a seccomp filter: refused unless overridden */
	PTREAP_STATUS,         /* a status line the guards need is missing */
	PTREAP_PARENT_DIED,    /* the parent died during the injection */
	PTREAP_SECCOMP_DENIED, /* its filter refused wait4: SIGSYS suppressed */
	PTREAP_NREASONS
};

/* Where the injected call ran. */
enum ptreap_site {
	PTREAP_SITE_NONE = 0,
	PTREAP_SITE_SYSCALL, /* the syscall instruction the parent was in */
	PTREAP_SITE_VDSO,    /* one found in the vDSO (parent in user mode) */
	PTREAP_SITE_TEXT,    /* one found in another executable mapping */
};

struct ptreap_result {
	enum ptreap_reason reason;
	const char *message; /* static string for the reason, never NULL */
	int err;             /* errno behind the reason, 0 if none */
	pid_t parent;        /* the zombie's parent, 0 if not known */
	pid_t tid;           /* the parent's thread that made the call */
	long wait_ret;       /* what the injected wait4 returned */
	enum ptreap_site site;
	bool was_in_syscall; /* stopped inside a syscall, whose instruction
	                        then served for the call */
	int retries;         /* injections restarted for a signal */
	int signals;         /* signals passed on to the parent meanwhile */
	long stopped_us;     /* how long the parent was held, informational */
	pid_t zpid_ns;       /* the zombie's PID in the parent's namespace */
	int seccomp;         /* the parent's Seccomp: 0 none, 1 strict, 2 filter
	                        (then PTREAP_HAZARD_SECCOMP applies) */
	int seccomp_filters; /* Seccomp_filters: of the parent */
	bool sigsys_suppressed; /* our wait4 raised a SIGSYS: not delivered */
	bool parent_died;       /* the parent was gone when we let it go */
	bool filter_check;   /* mode 2, no override: the held parent's filters
	                        must let our wait4 through (else refused) */
	bool filter_allowed; /* they did (read and run) */
	char parent_state;   /* state of the parent at the check */
	pid_t tracer;        /* TracerPid when reason is PTREAP_TRACED */
	int ptrace_scope;    /* Yama ptrace_scope, -1 if no Yama */
};

/* What the user confirmed: the zombie and the very parent that is to call
 * wait4, both by (pid, start time). The injection goes into that process
 * or nowhere: a zombie that changed parent is left alone. */
struct ptreap_target {
	pid_t zpid;
	unsigned long long zstart;
	pid_t ppid;
	unsigned long long pstart;
	unsigned flags; /* PTREAP_OVERRIDE */
};

enum ptreap_flags {
	/* The user overrode the safety rules (--force, o in the view): a
	 * parent that is an ancestor of zombietop, or one under a seccomp
	 * filter, is allowed. PID 1 and zombietop itself never are. */
	PTREAP_OVERRIDE = 1 << 0,
};

/* What the guards look at, read from /proc by ptreap_reap; exposed so the
 * decisions can be unit tested on values built in memory. */
struct ptreap_view {
	pid_t zpid;
	unsigned long long want_start; /* the caller's identity of the zombie */
	bool zombie_found;
	char zstate;
	long zthreads;
	unsigned long long zstart;
	pid_t ppid;
	pid_t self; /* getpid() of the caller */
	bool parent_found;
	char pstate; /* state of the parent's leader thread */
	long pthreads;
	pid_t tracer;  /* TracerPid of the parent */
	int seccomp;   /* Seccomp: of the parent */
	pid_t zpid_ns; /* the zombie's PID in the parent's PID namespace,
	                  0 when it cannot be told */
	int seccomp_filters;
	unsigned long long pstart; /* the parent's start time */
	pid_t want_ppid;           /* the confirmed parent, 0: any */
	unsigned long long want_pstart;
	bool status_ok;    /* TracerPid, Seccomp and NSpid were all read */
	bool allow_filter; /* PTREAP_OVERRIDE: a seccomp filter is allowed */
	bool defer_filter; /* the filter is read and run once the parent is
	                      held: mode 2 passes here */
};

/* Applies the guards to a view: PTREAP_OK when the injection may go on. */
enum ptreap_reason ptreap_vet(const struct ptreap_view *v);

/* The message for a reason (static, never NULL). */
const char *ptreap_message(enum ptreap_reason r);

/* Whether a reason is a refusal that PTREAP_OVERRIDE lifts. */
bool ptreap_overridable(enum ptreap_reason r);

/* The guards alone, nothing is traced: for the UI to show a refusal, or
 * the hazards (PTREAP_HAZARD_SECCOMP when seccomp is 2) before it asks.
 * The safety rules of every action (sigact_vet: PID 1, zombietop, its
 * ancestors) apply to the parent. Returns 0 when ptreap_reap may be tried,
 * else -errno; fills *out. */
int ptreap_precheck(const struct ptreap_target *t, struct ptreap_result *out);

/* Makes t's parent reap t's zombie, if it still is that zombie's parent.
 * The work runs in a short-lived child process, so whatever happens the
 * kernel detaches it from the parent; every wait has a timeout. Returns 0
 * when reaped, else -errno with the reason and message in *out. */
int ptreap_reap(const struct ptreap_target *t, struct ptreap_result *out);

#endif
