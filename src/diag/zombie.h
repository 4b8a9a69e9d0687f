/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why a zombie is not reaped: per-parent diagnosis from /proc/PID/status
 * (SIGCHLD masks, state, NSpid, tracer, seccomp) and wchan, a reason from
 * a fixed set, and the effect of each action. The words are
 * zombie_text's; the ages of zombies are the process table's (ptable). */
#ifndef ZT_ZOMBIE_H
#define ZT_ZOMBIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ptreap.h"
#include "ptree.h"
#include "snap.h"

/* SIGCHLD is signal 17: bit 1 << 16 of the /proc/PID/status masks. */
#define ZOMBIE_SIGCHLD_MASK UINT64_C(0x10000)

/* Why a parent holds zombies. Order is the order of precedence in
 * zombie_decide: what stops the parent from running at all beats what its
 * signal masks say. ZR_COUNT is not a reason. */
enum zombie_reason {
	ZR_UNKNOWN,           /* the parent could not be read */
	ZR_PARENT_ZOMBIE,     /* the parent itself shows state Z */
	ZR_PARENT_STOPPED,    /* state T */
	ZR_PARENT_TRACED,     /* state t: stopped by a tracer */
	ZR_PARENT_DISK_SLEEP, /* state D */
	ZR_HOST_INIT,         /* PID 1 of the PID namespace we look from */
	ZR_CONTAINER_INIT,    /* PID 1 of a nested PID namespace */
	ZR_IGNORED_LATE,      /* SIG_IGN now, but the zombies predate it */
	ZR_HANDLER_BLOCKED,   /* caught, blocked in every thread */
	ZR_HANDLER_MISSED,    /* caught, not blocked: signals were lost */
	ZR_NO_HANDLER,        /* default disposition, no wait() seen */
	ZR_COUNT
};

/* SIGCHLD disposition (process-wide). */
enum zombie_disp {
	ZD_DEFAULT, /* neither SigIgn nor SigCgt */
	ZD_CAUGHT,  /* SigCgt: a handler is installed */
	ZD_IGNORED, /* SigIgn: SIG_IGN */
};

/* What one can do to the parent; the predictions are indexed by these.
 * The first ZA_COUNT are the signals every diagnosis shows; ZA_CONT
 * applies only to a stopped parent (zombie_action_applies). */
enum zombie_action {
	ZA_SIGCHLD,
	ZA_TERM,
	ZA_KILL,
	ZA_CONT,
	ZA_PTRACE, /* R in the view, --reap --via ptrace */
	ZA_ALL
};
#define ZA_COUNT ZA_CONT

/* What an action is predicted to do to the zombies, for scripts that pick
 * the least destructive action that works (JSON "effect"). */
enum zombie_effect {
	ZE_NONE,           /* nothing changes */
	ZE_REAPS_ALL,      /* every zombie is reaped, the parent lives */
	ZE_REAPS_ONE,      /* one zombie per signal, if at all */
	ZE_MAYBE,          /* depends on code we cannot see */
	ZE_PARENT_EXITS,   /* the parent ends; its zombies pass to a reaper */
	ZE_NAMESPACE_DIES, /* PID 1 of a namespace dies: all of it is killed */
	ZE_WAITS_FOR_CONT, /* a stopped parent acts only after SIGCONT */
	ZE_REFUSED,        /* zombietop will not do it: nothing is sent */
	ZE_UNKNOWN,        /* the parent could not be read */
	ZE_COUNT
};
/* Why a parent could not be read (flags of struct zombie_diag). */
enum zombie_diag_flags {
	ZDF_GONE = 1 << 0,   /* exited or its PID was reused meanwhile */
	ZDF_DENIED = 1 << 1, /* permission denied */
	ZDF_TASKS = 1 << 2,  /* masks are from every thread, not the leader */
};

/* What /proc says about a parent: the only input of the decision, so unit
 * tests fill it by hand. Masks use the kernel's bit order (signal N is bit
 * N-1); bits 31 and up are ignored. */
struct zombie_facts {
	bool readable; /* false: nothing below is valid */
	pid_t pid;     /* as this /proc shows it */
	char state;    /* status State: letter */
	int threads;
	uint64_t sigign, sigcgt, shdpnd; /* process-wide */
	uint64_t sigblk_all; /* AND of SigBlk over the live threads */
	uint64_t sigblk_any; /* OR of SigBlk over the live threads */
	uint64_t sigpnd_any; /* OR of SigPnd over the live threads */
	int nspid_levels;    /* NSpid fields: 1 = not in a nested namespace */
	pid_t nspid_last;    /* the PID in the innermost namespace */
	pid_t tracer;        /* TracerPid: 0 when not traced */
	int seccomp;         /* Seccomp: 0 off, 1 strict, 2 filter */
	bool status_partial; /* TracerPid or Seccomp missing from status */
	bool ptrace_denied;  /* we may not ptrace it (Yama, another user) */
	int ptrace_scope;    /* Yama's ptrace_scope, -1 without Yama */
};

/* The SIGCHLD part of the masks, decoded. */
struct zombie_sigchld {
	enum zombie_disp disp;
	bool blocked;      /* blocked in every live thread */
	bool blocked_some; /* blocked in some thread but not all */
	bool pending;      /* in ShdPnd or some thread's SigPnd */
};

/* The diagnosis of one parent of at least one reapable zombie. */
struct zombie_diag {
	pid_t ppid;                     /* the parent */
	unsigned long long start_ticks; /* with ppid, the parent's identity */
	enum zombie_reason reason;
	unsigned flags; /* ZDF_* */
	struct zombie_facts facts;
	struct zombie_sigchld sigchld;
	char state;           /* the parent's state letter, '?' if unreadable */
	char wchan[64];       /* kernel function it sleeps in; "" if unknown */
	bool namespace_init;  /* PID 1 of a nested PID namespace */
	bool host_init;       /* PID 1 of the namespace we look from */
	int zombies;          /* reapable zombie children */
	int leader_exited;    /* children that are exited leaders (alive) */
	double oldest_age;    /* seconds; < 0 when no zombie's age is known */
	bool oldest_exact;    /* oldest_age is from a kernel exit event, not
	                         a first sighting (a lower bound) */
	pid_t tracer_pid;     /* the parent's tracer, 0 if none */
	char tracer_comm[64]; /* its comm, escaped (safe to print); "" if
	                         unknown */
	enum ptreap_reason ptrace; /* what R's guards would say, from facts */
};

/* The diagnoses of one tree, sorted by parent pid. */
struct zombie_report {
	struct zombie_diag *diags; /* owned */
	size_t n;
	size_t zombies;       /* reapable zombies in the snapshot */
	size_t leader_exited; /* state Z with live threads */
};

#include "ptable.h"

/* ---- pure decision logic: no /proc, for unit tests and the lab ---- */

/* Decodes the SIGCHLD bits of f. f->readable must be true. */
void zombie_decode_sigchld(
    const struct zombie_facts *f, struct zombie_sigchld *out);

/* The reason for a parent with these facts (see enum zombie_reason for
 * the precedence). Unreadable facts give ZR_UNKNOWN. */
enum zombie_reason zombie_decide(const struct zombie_facts *f);

/* Fills the decision fields of d (reason, sigchld, state, namespace_init,
 * host_init, ptrace) from d->facts and d->flags. */
void zombie_diag_fill(struct zombie_diag *d);

/* ---- names and words ---- */

/* "no_handler", "handler_blocked"... stable, for JSON and metrics labels. */
const char *zombie_reason_code(enum zombie_reason r);
/* The reason for a code, or -1. */
int zombie_reason_parse(const char *code);
/* "default", "caught", "ignored". */
const char *zombie_disp_name(enum zombie_disp d);
/* "sigchld", "term", "kill" (JSON keys); labels: "SIGCHLD"... */
const char *zombie_action_key(enum zombie_action a);
const char *zombie_action_label(enum zombie_action a);
/* Whether action a means something for d: ZA_CONT only for a stopped
 * parent (state T); every other action always. */
bool zombie_action_applies(const struct zombie_diag *d, enum zombie_action a);
/* "none", "reaps_all"... stable, for JSON. */
const char *zombie_effect_code(enum zombie_effect e);

/* "zombie" for a reapable zombie, "leader_exited" for a leader whose
 * threads still run, NULL for anything else. */
const char *zombie_kind(const struct snap_proc *p);

/* ---- reading /proc ---- */

/* Reads /proc/PID/status (and task/TID/status when threads matter) into
 * f. Returns 0 or -errno (-ESRCH gone, -EACCES); f->readable tells. */
int zombie_read_facts(pid_t pid, struct zombie_facts *f);

/* Diagnoses every parent of a reapable zombie in t->snap; reads /proc for
 * those parents only. tab (borrowed, may be NULL: ages unknown) gives the
 * ages, as of the snapshot's time; it must have seen t->snap (ptable_scan)
 * for zombies without an exit event to have one. A parent that vanished
 * gets ZR_UNKNOWN with ZDF_GONE; never fails for that. Returns 0 or
 * -ENOMEM. out is the caller's: zombie_report_done releases it. */
int zombie_analyze(
    const struct ptree *t, struct ptable *tab, struct zombie_report *out);

/* Fills each diagnosis' oldest_age and oldest_exact from tab (may be
 * NULL), reading nothing but the table (memory only). */
void zombie_report_ages(
    struct zombie_report *r, const struct ptree *t, struct ptable *tab);
void zombie_report_done(struct zombie_report *r);

/* The diagnosis of one parent (pid, start time) alone, for the actions:
 * zombies and oldest_age are left 0 and -1. Returns 0, -ESRCH when gone,
 * -EACCES; d is filled (reason ZR_UNKNOWN) either way. */
int zombie_diagnose(
    pid_t ppid, unsigned long long start_ticks, struct zombie_diag *d);

/* The diagnosis of parent ppid, or NULL. */
const struct zombie_diag *zombie_report_find(
    const struct zombie_report *r, pid_t ppid);

#endif
