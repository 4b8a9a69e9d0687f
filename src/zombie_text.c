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
	if (d->oldest_age >= 0 && d->zombies > 0) {
		add(buf, size, &len, " The oldest has been a zombie for ");
		add_age(d->oldest_age, buf, size, &len);
		add(buf, size, &len, ".");
	}
	return len;
}

/* ---- predictions ---- */

static enum zombie_disp
sigterm_disp(const struct zombie_facts *f)
{
	if (f->sigign & SIGTERM_MASK)
		return ZD_IGNORED;
	return f->sigcgt & SIGTERM_MASK ? ZD_CAUGHT : ZD_DEFAULT;
}

static const char *
predict_term_common(const struct zombie_diag *d)
{
	switch (sigterm_disp(&d->facts)) {
	case ZD_IGNORED:
		return "Nothing: the parent ignores SIGTERM.";
	case ZD_CAUGHT:
		return "The parent handles SIGTERM itself; if it then "
		       "exits, " HANDOFF ".";
	default:
		return "The parent exits; " HANDOFF ".";
	}
}

static const char *
predict_sigchld_by_disp(const struct zombie_diag *d)
{
	switch (d->sigchld.disp) {
	case ZD_CAUGHT:
		return d->sigchld.blocked
		           ? "Nothing now: SIGCHLD is blocked, so the handler "
		             "does not run."
		           : "May make it reap, if its handler calls wait().";
	case ZD_IGNORED:
		return "Nothing: it ignores SIGCHLD.";
	default:
		return "Likely nothing: it does not catch SIGCHLD.";
	}
}

static const char *
predict_sigchld(const struct zombie_diag *d)
{
	switch (d->reason) {
	case ZR_PARENT_STOPPED:
		return "Nothing while it is stopped: the signal waits until "
		       "SIGCONT.";
	case ZR_PARENT_TRACED:
		return "Nothing while the tracer holds it stopped.";
	case ZR_PARENT_DISK_SLEEP:
		return "Nothing until the uninterruptible wait ends.";
	case ZR_IGNORED_LATE:
		return "Nothing: the parent ignores SIGCHLD, and SIG_IGN does "
		       "not reap zombies that already exist.";
	case ZR_HANDLER_BLOCKED:
		return d->sigchld.pending
		           ? "Nothing now: SIGCHLD is blocked and one is "
		             "already pending (signals of one kind do not "
		             "queue); the handler runs when the parent "
		             "unblocks it."
		           : "Nothing now: SIGCHLD is blocked; the handler "
		             "runs when the parent unblocks it.";
	case ZR_HANDLER_MISSED:
		return "May reap one zombie per signal, if the handler calls "
		       "wait() once per signal; send it again for each one "
		       "left.";
	case ZR_NO_HANDLER:
		return d->sigchld.blocked
		           ? "Likely nothing: SIGCHLD is blocked; only a "
		             "parent that waits for it with sigwaitinfo() or "
		             "signalfd() would notice."
		           : "Likely nothing: under the default disposition "
		             "SIGCHLD is discarded and does not make the "
		             "parent reap.";
	default:
		return predict_sigchld_by_disp(d);
	}
}

static const char *
predict_term(const struct zombie_diag *d)
{
	bool caught = sigterm_disp(&d->facts) == ZD_CAUGHT;

	switch (d->reason) {
	case ZR_PARENT_STOPPED:
		return "Takes effect only after SIGCONT: a stopped process "
		       "does not act on SIGTERM; then " HANDOFF " if it exits.";
	case ZR_PARENT_TRACED:
		return "Goes to the tracer first; the parent stays stopped "
		       "until the tracer resumes it.";
	case ZR_PARENT_DISK_SLEEP:
		return caught ? "Its handler runs only when the wait ends."
		              : "Takes effect when the wait ends, or at once "
		                "if the wait is killable (vfork() is); "
		                "then " HANDOFF ".";
	case ZR_HOST_INIT:
		return "Not advised: the kernel delivers to the system's PID 1 "
		       "only signals it handles, and init may take SIGTERM as "
		       "an order to shut down or re-execute.";
	case ZR_CONTAINER_INIT:
		if (sigterm_disp(&d->facts) == ZD_IGNORED)
			return "Nothing: it ignores SIGTERM.";
		return "Sent from outside its namespace, it is delivered; if "
		       "PID 1 exits, the kernel kills every process of its "
		       "PID namespace and the zombies go with them.";
	default:
		return predict_term_common(d);
	}
}

static const char *
predict_kill(const struct zombie_diag *d)
{
	switch (d->reason) {
	case ZR_PARENT_DISK_SLEEP:
		return "The parent dies when the wait ends, or at once if the "
		       "wait is killable; then " HANDOFF ".";
	case ZR_HOST_INIT:
		return "Nothing: the kernel does not deliver SIGKILL to the "
		       "system's PID 1.";
	case ZR_CONTAINER_INIT:
		return "PID 1 of the namespace dies and the kernel kills every "
		       "process in it: the whole container stops, and the "
		       "zombies go with it.";
	default:
		return "The parent dies at once, losing whatever it was "
		       "doing; " HANDOFF ".";
	}
}

int
zombie_text_predict(
    const struct zombie_diag *d, enum zombie_action a, char *buf, size_t size)
{
	const char *s;

	if (d->reason == ZR_UNKNOWN)
		s = "Unknown: the parent could not be read.";
	else if (a == ZA_SIGCHLD)
		s = predict_sigchld(d);
	else if (a == ZA_TERM)
		s = predict_term(d);
	else
		s = predict_kill(d);
	return snprintf(buf, size, "%s", s);
}
