/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sentences and predictions built from the facts of a diagnosis. Masks
 * are hints, so every sentence says what the data shows and no more. */
#include "zombie_text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SIGTERM_MASK (UINT64_C(1) << 14)

/* Where the zombies go when their parent dies. */
#define HANDOFF                                                                \
	"its zombies pass to the nearest subreaper or to init, which "         \
	"normally reaps them at once"

/* snprintf that appends at *len and keeps counting past size. */
static void add(char *buf, size_t size, int *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(char *buf, size_t size, int *len, const char *fmt, ...)
{
	va_list ap;
	size_t off = (size_t)*len < size ? (size_t)*len : size;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(size ? buf + off : NULL, size ? size - off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += n;
}

static void
explain_unknown(const struct zombie_diag *d, char *buf, size_t size, int *len)
{
	if (d->flags & ZDF_DENIED)
		add(buf, size, len,
		    "The parent's /proc/%d/status could not be read "
		    "(permission denied): no diagnosis.",
		    (int)d->ppid);
	else if (d->flags & ZDF_GONE)
		add(buf, size, len,
		    "The parent exited or its PID was reused while it was "
		    "being read: no diagnosis; look again.");
	else
		add(buf, size, len,
		    "The parent could not be read: no diagnosis.");
}

static void
explain_zombie_parent(
    const struct zombie_diag *d, char *buf, size_t size, int *len)
{
	int alive = d->facts.threads - 1;

	if (alive > 0)
		add(buf, size, len,
		    "The parent itself shows state Z: its main thread has "
		    "exited while %d other thread%s still run%s, so whether "
		    "these children are reaped is up to %s.",
		    alive, alive == 1 ? "" : "s", alive == 1 ? "s" : "",
		    alive == 1 ? "that thread" : "those threads");
	else
		add(buf, size, len,
		    "The parent is itself exiting; its children will pass "
		    "to the nearest subreaper or to init.");
}

static void
explain_masks(const struct zombie_diag *d, char *buf, size_t size, int *len)
{
	const struct zombie_sigchld *sc = &d->sigchld;

	switch (d->reason) {
	case ZR_IGNORED_LATE:
		add(buf, size, len,
		    "The parent ignores SIGCHLD now, so the kernel reaps "
		    "children that exit from now on, but these zombies were "
		    "there before: SIG_IGN does not reap zombies that "
		    "already exist.");
		break;
	case ZR_HANDLER_BLOCKED:
		add(buf, size, len,
		    "The parent catches SIGCHLD, but SIGCHLD is blocked in "
		    "every thread, so the handler cannot run and the parent "
		    "is not reaping through it right now.%s Masks are hints: "
		    "a parent that blocks SIGCHLD on purpose and reaps with "
		    "sigwaitinfo() or signalfd() looks the same.",
		    sc->pending ? " A SIGCHLD is pending: the signal did "
		                  "arrive."
		                : "");
		break;
	case ZR_HANDLER_MISSED:
		add(buf, size, len,
		    "The parent catches SIGCHLD, which is not blocked%s%s, "
		    "yet these children were not collected: a handler that "
		    "reaps one child per signal loses SIGCHLDs that arrive "
		    "together, or the handler does not wait() for them.",
		    sc->blocked_some ? " in every thread" : "",
		    sc->pending ? " (one is pending)" : "");
		break;
	default:
		add(buf, size, len,
		    "The parent neither catches nor ignores SIGCHLD (default "
		    "disposition), so no signal makes it reap: it collects "
		    "children only if it calls wait() on its own, and it has "
		    "not collected these.");
		if (sc->blocked)
			add(buf, size, len,
			    " SIGCHLD is also blocked in every thread%s, as in "
			    "parents that wait for it with sigwaitinfo() or "
			    "signalfd() (tini does); if this one does, it has "
			    "not done so for these.",
			    sc->pending ? " and pending" : "");
		break;
	}
}

static void
explain_reason(const struct zombie_diag *d, char *buf, size_t size, int *len)
{
	switch (d->reason) {
	case ZR_UNKNOWN:
		explain_unknown(d, buf, size, len);
		break;
	case ZR_PARENT_ZOMBIE:
		explain_zombie_parent(d, buf, size, len);
		break;
	case ZR_PARENT_STOPPED:
		add(buf, size, len,
		    "The parent is stopped (state T, as after SIGSTOP or "
		    "Ctrl-Z), so it cannot reap until it gets SIGCONT.");
		break;
	case ZR_PARENT_TRACED:
		add(buf, size, len,
		    "The parent is stopped by a tracer (state t: a debugger "
		    "or strace holds it), so it cannot reap until the tracer "
		    "lets it run.");
		break;
	case ZR_PARENT_DISK_SLEEP:
		add(buf, size, len,
		    "The parent is in an uninterruptible wait (state D%s%s), "
		    "so it cannot reap until that wait ends; slow I/O, or a "
		    "vfork() parent waiting for its child, looks like this.",
		    d->wchan[0] ? ", in " : "", d->wchan);
		break;
	case ZR_HOST_INIT:
		add(buf, size, len,
		    "The parent is PID 1, the system's init. Init normally "
		    "reaps every child, some inits only every few seconds; a "
		    "zombie that stays longer means init is not reaping it.");
		break;
	case ZR_CONTAINER_INIT:
		add(buf, size, len,
		    "The parent is PID 1 of a nested PID namespace (a "
		    "container's init) and has not reaped these children; a "
		    "program not written to be an init rarely does. Run the "
		    "container with an init (tini, dumb-init, docker run "
		    "--init).");
		break;
	default:
		explain_masks(d, buf, size, len);
		break;
	}
}

static void
add_age(double s, char *buf, size_t size, int *len)
{
	if (s < 120)
		add(buf, size, len, "%.0f s", s);
	else if (s < 7200)
		add(buf, size, len, "%.0f min", s / 60);
	else if (s < 172800)
		add(buf, size, len, "%.0f h", s / 3600);
	else
		add(buf, size, len, "%.0f days", s / 86400);
}

void
zombie_text_age(double s, char *buf, size_t size)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	add_age(s, buf, size, &len);
}

int
zombie_text_explain(const struct zombie_diag *d, char *buf, size_t size)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	explain_reason(d, buf, size, &len);
	if (d->tracer_pid > 0)
		add(buf, size, &len, " Its tracer is PID %d%s%s%s%s.",
		    (int)d->tracer_pid, d->tracer_comm[0] ? " (" : "",
		    d->tracer_comm, d->tracer_comm[0] ? ")" : "",
		    d->reason == ZR_PARENT_TRACED
		        ? ""
		        : ": every signal to the parent goes to the tracer "
		          "first");
	if (d->oldest_age >= 0 && d->zombies > 0) {
		add(buf, size, &len, " The oldest has been a zombie for ");
		add_age(d->oldest_age, buf, size, &len);
		add(buf, size, &len, ".");
	}
	return len;
}

/* ---- predictions: each text with its effect, side by side ---- */

struct pred {
	enum zombie_effect e;
	const char *s;
};

static enum zombie_disp
sigterm_disp(const struct zombie_facts *f)
{
	if (f->sigign & SIGTERM_MASK)
		return ZD_IGNORED;
	return f->sigcgt & SIGTERM_MASK ? ZD_CAUGHT : ZD_DEFAULT;
}

static struct pred
predict_term_common(const struct zombie_diag *d)
{
	switch (sigterm_disp(&d->facts)) {
	case ZD_IGNORED:
		return (struct pred){
		    ZE_NONE, "Nothing: the parent ignores SIGTERM."};
	case ZD_CAUGHT:
		return (struct pred){ZE_MAYBE,
		    "The parent handles SIGTERM itself; if it then "
		    "exits, " HANDOFF "."};
	default:
		return (struct pred){
		    ZE_PARENT_EXITS, "The parent exits; " HANDOFF "."};
	}
}

static struct pred
predict_sigchld_by_disp(const struct zombie_diag *d)
{
	switch (d->sigchld.disp) {
	case ZD_CAUGHT:
		return d->sigchld.blocked
		           ? (struct pred){ZE_NONE,
		                 "Nothing now: SIGCHLD is blocked, so the "
		                 "handler does not run."}
		           : (struct pred){ZE_MAYBE,
		                 "May make it reap, if its handler calls "
		                 "wait()."};
	case ZD_IGNORED:
		return (struct pred){ZE_NONE, "Nothing: it ignores SIGCHLD."};
	default:
		return (struct pred){
		    ZE_NONE, "Likely nothing: it does not catch SIGCHLD."};
	}
}

static struct pred
predict_sigchld_blocked(const struct zombie_diag *d)
{
	if (d->reason == ZR_HANDLER_BLOCKED)
		return (struct pred){ZE_NONE,
		    d->sigchld.pending
		        ? "Nothing now: SIGCHLD is blocked and one is already "
		          "pending (signals of one kind do not queue); the "
		          "handler runs when the parent unblocks it."
		        : "Nothing now: SIGCHLD is blocked; the handler runs "
		          "when the parent unblocks it."};
	return (struct pred){ZE_NONE,
	    d->sigchld.blocked
	        ? "Likely nothing: SIGCHLD is blocked; only a parent that "
	          "waits for it with sigwaitinfo() or signalfd() would "
	          "notice."
	        : "Likely nothing: under the default disposition SIGCHLD is "
	          "discarded and does not make the parent reap."};
}

static struct pred
predict_sigchld(const struct zombie_diag *d)
{
	switch (d->reason) {
	case ZR_PARENT_STOPPED:
		return (struct pred){ZE_WAITS_FOR_CONT,
		    "Nothing while it is stopped: the signal waits until "
		    "SIGCONT."};
	case ZR_PARENT_TRACED:
		return (struct pred){
		    ZE_NONE, "Nothing while the tracer holds it stopped."};
	case ZR_PARENT_DISK_SLEEP:
		return (struct pred){
		    d->sigchld.disp == ZD_CAUGHT ? ZE_MAYBE : ZE_NONE,
		    "Nothing until the uninterruptible wait ends."};
	case ZR_IGNORED_LATE:
		return (struct pred){ZE_NONE,
		    "Nothing: the parent ignores SIGCHLD, and SIG_IGN does "
		    "not reap zombies that already exist."};
	case ZR_HANDLER_BLOCKED:
	case ZR_NO_HANDLER:
		return predict_sigchld_blocked(d);
	case ZR_HANDLER_MISSED:
		return (struct pred){ZE_REAPS_ONE,
		    "May reap one zombie per signal, if the handler calls "
		    "wait() once per signal; send it again for each one "
		    "left."};
	default:
		return predict_sigchld_by_disp(d);
	}
}

/* pid_namespaces(7): a namespace's init gets, even from an ancestor
 * namespace, only the signals it has a handler for, plus SIGKILL and
 * SIGSTOP; a SIGTERM under the default disposition is dropped. */
static struct pred
predict_term_container(const struct zombie_diag *d)
{
	switch (sigterm_disp(&d->facts)) {
	case ZD_IGNORED:
		return (struct pred){ZE_NONE, "Nothing: it ignores SIGTERM."};
	case ZD_CAUGHT:
		return (struct pred){ZE_MAYBE,
		    "PID 1 of the namespace handles SIGTERM itself; if it "
		    "then exits, the kernel kills every process of its PID "
		    "namespace and the zombies go with them."};
	default:
		return (struct pred){ZE_NONE,
		    "Nothing: PID 1 of a PID namespace does not catch "
		    "SIGTERM, and the kernel drops such a signal even when "
		    "it comes from outside the namespace (only SIGKILL and "
		    "SIGSTOP get through)."};
	}
}

static struct pred
predict_term_host_init(const struct zombie_diag *d)
{
	if (sigterm_disp(&d->facts) != ZD_CAUGHT)
		return (struct pred){ZE_NONE,
		    "Nothing: the kernel delivers to the system's PID 1 only "
		    "the signals it handles, and it does not handle "
		    "SIGTERM."};
	return (struct pred){ZE_MAYBE,
	    "Not advised: init handles SIGTERM and may take it as an order "
	    "to shut down or re-execute."};
}

static struct pred
predict_term(const struct zombie_diag *d)
{
	bool caught = sigterm_disp(&d->facts) == ZD_CAUGHT;

	switch (d->reason) {
	case ZR_PARENT_STOPPED:
		return (struct pred){ZE_WAITS_FOR_CONT,
		    "Takes effect only after SIGCONT: a stopped process does "
		    "not act on SIGTERM; then " HANDOFF " if it exits."};
	case ZR_PARENT_TRACED:
		return (struct pred){ZE_MAYBE,
		    "Goes to the tracer first; the parent stays stopped "
		    "until the tracer resumes it."};
	case ZR_PARENT_DISK_SLEEP:
		return caught ? (struct pred){ZE_MAYBE,
		                    "Its handler runs only when the wait ends."}
		              : (struct pred){ZE_PARENT_EXITS,
		                    "Takes effect when the wait ends, or at "
		                    "once if the wait is killable (vfork() "
		                    "is); then " HANDOFF "."};
	case ZR_HOST_INIT:
		return predict_term_host_init(d);
	case ZR_CONTAINER_INIT:
		return predict_term_container(d);
	default:
		return predict_term_common(d);
	}
}

static struct pred
predict_kill(const struct zombie_diag *d)
{
	switch (d->reason) {
	case ZR_PARENT_DISK_SLEEP:
		return (struct pred){ZE_PARENT_EXITS,
		    "The parent dies when the wait ends, or at once if the "
		    "wait is killable; then " HANDOFF "."};
	case ZR_HOST_INIT:
		return (struct pred){ZE_NONE,
		    "Nothing: the kernel does not deliver SIGKILL to the "
		    "system's PID 1."};
	case ZR_CONTAINER_INIT:
		return (struct pred){ZE_NAMESPACE_DIES,
		    "PID 1 of the namespace dies and the kernel kills every "
		    "process in it: the whole container stops, and the "
		    "zombies go with it."};
	default:
		return (struct pred){ZE_PARENT_EXITS,
		    "The parent dies at once, losing whatever it was "
		    "doing; " HANDOFF "."};
	}
}

static struct pred
predict_cont(const struct zombie_diag *d)
{
	if (d->state == 'T')
		return (struct pred){ZE_MAYBE,
		    "The parent runs again; signals sent while it was "
		    "stopped then act, and whether it reaps is up to its "
		    "code."};
	if (d->state == 't')
		return (struct pred){ZE_NONE,
		    "Nothing: SIGCONT does not end a stop its tracer holds."};
	return (struct pred){ZE_NONE, "Nothing: the parent is not stopped."};
}

static const char *const ptrace_refusals[PTREAP_NREASONS] = {
    [PTREAP_PARENT_INIT] = "Refused: the parent is PID 1; zombietop never "
                           "injects into init.",
    [PTREAP_PARENT_SELF] = "Refused: the parent is zombietop itself.",
    [PTREAP_PARENT_GONE] = "Refused: the parent is exiting; its children "
                           "pass to a new parent anyway.",
    [PTREAP_DSTATE] = "Refused while the parent is in an uninterruptible "
                      "wait (state D).",
    [PTREAP_STOPPED] = "Refused while the parent is stopped: SIGCONT "
                       "first.",
    [PTREAP_SECCOMP] = "Refused: the parent is in strict seccomp mode, "
                       "where wait4 would kill it.",
    [PTREAP_UNSUPPORTED] = "Refused: injection is implemented for x86_64 "
                           "and aarch64 only.",
};

static enum zombie_effect
predict_ptrace(const struct zombie_diag *d, char *buf, size_t size)
{
	const char *s = (unsigned)d->ptrace < PTREAP_NREASONS
	                    ? ptrace_refusals[d->ptrace]
	                    : NULL;
	int len = 0;

	if (d->ptrace == PTREAP_OK) {
		add(buf, size, &len,
		    "Reaps every zombie: the parent itself is made to call "
		    "wait4() for each (ptrace injection) and keeps running; "
		    "it loses their exit statuses and its own wait for them "
		    "fails with ECHILD.");
		if (d->facts.seccomp != 2)
			return ZE_REAPS_ALL;
		add(buf, size, &len,
		    " It runs under a seccomp filter: zombietop reads it "
		    "once the parent is held and goes on only if it lets "
		    "wait4 through; otherwise nothing is done.");
		return ZE_MAYBE;
	}
	if (d->ptrace == PTREAP_TRACED)
		add(buf, size, &len,
		    "Refused: the parent is already traced by %d%s%s%s; a "
		    "process has one tracer at a time.",
		    (int)d->tracer_pid, d->tracer_comm[0] ? " (" : "",
		    d->tracer_comm, d->tracer_comm[0] ? ")" : "");
	else if (d->ptrace == PTREAP_PERM)
		add(buf, size, &len,
		    "Refused: ptrace is not permitted here (Yama "
		    "ptrace_scope %d, capabilities or another user's "
		    "process).",
		    d->facts.ptrace_scope);
	else if (s)
		add(buf, size, &len, "%s", s);
	else
		add(buf, size, &len, "Refused: %s.", ptreap_message(d->ptrace));
	return ZE_REFUSED;
}

static struct pred
predict_fixed(const struct zombie_diag *d, enum zombie_action a)
{
	switch (a) {
	case ZA_SIGCHLD:
		return predict_sigchld(d);
	case ZA_TERM:
		return predict_term(d);
	case ZA_KILL:
		return predict_kill(d);
	default:
		return predict_cont(d);
	}
}

enum zombie_effect
zombie_predict(
    const struct zombie_diag *d, enum zombie_action a, char *buf, size_t size)
{
	struct pred p;

	if (size)
		buf[0] = '\0';
	if (d->reason == ZR_UNKNOWN) {
		snprintf(buf, size, "Unknown: the parent could not be read.");
		return ZE_UNKNOWN;
	}
	if (a == ZA_PTRACE)
		return predict_ptrace(d, buf, size);
	p = predict_fixed(d, a);
	snprintf(buf, size, "%s", p.s);
	return p.e;
}

int
zombie_text_predict(
    const struct zombie_diag *d, enum zombie_action a, char *buf, size_t size)
{
	char big[1024];

	zombie_predict(d, a, big, sizeof(big));
	return snprintf(buf, size, "%s", big);
}

/* ---- what to try next ---- */

static bool
worth_trying(const struct zombie_diag *d, enum zombie_action a, int done)
{
	char buf[1024];
	enum zombie_effect e = zombie_predict(d, a, buf, sizeof(buf));

	if (a == ZA_SIGCHLD)
		return e == ZE_REAPS_ONE ||
		       (e == ZE_MAYBE && done != ZA_SIGCHLD);
	if ((int)a == done)
		return false;
	return e == ZE_REAPS_ALL || e == ZE_REAPS_ONE || e == ZE_MAYBE ||
	       e == ZE_PARENT_EXITS || e == ZE_NAMESPACE_DIES;
}

int
zombie_next_actions(
    const struct zombie_diag *d, int done, enum zombie_action *out, int max)
{
	static const enum zombie_action order[] = {
	    ZA_SIGCHLD, ZA_PTRACE, ZA_TERM, ZA_KILL};
	int n = 0;

	if (d->reason == ZR_UNKNOWN || max <= 0)
		return 0;
	if (d->state == 'T') {
		if (done != ZA_CONT)
			out[n++] = ZA_CONT;
		return n;
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && n < max; i++)
		if (worth_trying(d, order[i], done))
			out[n++] = order[i];
	return n;
}

static const struct {
	const char *via, *key;
} hint_words[ZA_ALL] = {
    [ZA_SIGCHLD] = {"--via sigchld", "c (SIGCHLD)"},
    [ZA_TERM] = {"--via term", "t (SIGTERM)"},
    [ZA_KILL] = {"--via kill", "K (SIGKILL)"},
    [ZA_CONT] = {"--via cont (a stopped parent cannot reap)",
        "C (SIGCONT: a stopped parent cannot reap)"},
    [ZA_PTRACE] = {"--via ptrace (the parent keeps running)",
        "R (ptrace: the parent keeps running)"},
};

int
zombie_text_hint(
    const struct zombie_diag *d, int done, bool keys, char *buf, size_t size)
{
	enum zombie_action next[2];
	int n = zombie_next_actions(d, done, next, 2), len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < n; i++)
		add(buf, size, &len, "%s%s", i ? " or " : "",
		    keys ? hint_words[next[i]].key : hint_words[next[i]].via);
	return len;
}
