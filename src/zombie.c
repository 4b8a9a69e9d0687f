/* The zombie diagnosis: reads the status of zombie parents only, decides a
 * reason with a pure function over the masks and the state, and words it.
 * Masks are hints (a parent may reap with sigwaitinfo while SIGCHLD looks
 * blocked), so the sentences say what the data shows and no more. */
#include "zombie.h"
#include "kparse.h"
#include "procfs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bits 31 and up are glibc's and the RT signals': never ours to decode. */
#define STD_SIGNALS UINT64_C(0x7fffffff)
#define SIGTERM_MASK (UINT64_C(1) << 14)
#define MAX_TASKS 1024

/* Where the zombies go when their parent dies. */
#define HANDOFF                                                                \
	"its zombies pass to the nearest subreaper or to init, which "         \
	"normally reaps them at once"

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
} actions[ZA_COUNT] = {
    [ZA_SIGCHLD] = {"sigchld", "SIGCHLD"},
    [ZA_TERM] = {"term", "SIGTERM"},
    [ZA_KILL] = {"kill", "SIGKILL"},
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
	return (unsigned)a < ZA_COUNT ? actions[a].key : "";
}

const char *
zombie_action_label(enum zombie_action a)
{
	return (unsigned)a < ZA_COUNT ? actions[a].label : "";
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

void
zombie_diag_fill(struct zombie_diag *d)
{
	const struct zombie_facts *f = &d->facts;

	d->reason = zombie_decide(f);
	memset(&d->sigchld, 0, sizeof(d->sigchld));
	if (!f->readable) {
		d->state = '?';
		d->namespace_init = d->host_init = false;
		return;
	}
	zombie_decode_sigchld(f, &d->sigchld);
	d->state = f->state;
	d->namespace_init = is_namespace_init(f);
	d->host_init = is_host_init(f);
}

/* ---- words ---- */

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

int
zombie_explain(const struct zombie_diag *d, char *buf, size_t size)
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
zombie_predict(
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

/* ---- reading /proc ---- */

/* One read() fits any usual status; a huge Groups: line (thousands of
 * groups) can push the masks past it, and then we read the whole file. */
static int
read_status(pid_t pid, const char *name, struct kstatus *ks)
{
	char buf[8192], path[64], *big = NULL;
	ssize_t n = procfs_read(pid, name, buf, sizeof(buf));
	int rc;

	if (n < 0)
		return (int)n;
	if ((size_t)n < sizeof(buf) - 1)
		return kparse_status(buf, (size_t)n, ks);
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	n = procfs_slurp(path, &big);
	if (n < 0)
		return (int)n;
	rc = kparse_status(big, (size_t)n, ks);
	free(big);
	return rc;
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
	f->state = ks.have & KST_STATE ? ks.state : '?';
	f->threads = ks.have & KST_THREADS ? (int)ks.threads : 1;
	f->sigign = ks.sigign;
	f->sigcgt = ks.sigcgt;
	f->shdpnd = ks.shdpnd;
	f->sigblk_all = f->sigblk_any = ks.sigblk;
	f->sigpnd_any = ks.sigpnd;
	f->nspid_levels = ks.have & KST_NSPID ? ks.nspid_levels : 1;
	f->nspid_last = ks.have & KST_NSPID ? ks.nspid_last : pid;
	if (f->threads > 1)
		read_thread_masks(pid, f);
	return 0;
}

/* The kernel prints "0" when it will not tell (or the task runs). */
static void
read_wchan(pid_t pid, char *out, size_t size)
{
	char buf[128];
	ssize_t n = procfs_read(pid, "wchan", buf, sizeof(buf));
	size_t k = 0;

	out[0] = '\0';
	if (n <= 0 || strcmp(buf, "0") == 0)
		return;
	/* A kernel symbol; anything else is not printed raw. */
	for (ssize_t i = 0; i < n && buf[i] && buf[i] != '\n' && k + 1 < size;
	     i++) {
		char c = buf[i];
		bool sym = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || c == '_' || c == '.';

		out[k++] = sym ? c : '?';
	}
	out[k] = '\0';
}

/* Same PID, same start time: still the process of the snapshot. */
static bool
same_process(pid_t pid, unsigned long long start_ticks)
{
	char buf[1024];
	struct kstat ks;
	ssize_t n = procfs_read(pid, "stat", buf, sizeof(buf));

	return n > 0 && kparse_stat(buf, (size_t)n, &ks) == 0 &&
	       ks.start_ticks == start_ticks && ks.state != 'X';
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
		read_wchan(d->ppid, d->wchan, sizeof(d->wchan));
	zombie_diag_fill(d);
}

double
zombie_snap_time(const struct snap *s)
{
	return (double)s->taken.tv_sec + (double)s->taken.tv_nsec / 1e9;
}

static double
oldest_child(const struct ptree *t, int node, const struct zombie_ages *seen)
{
	const struct snap *s = t->snap;
	double now = zombie_snap_time(s), oldest = -1;

	for (int c = t->nodes[node].first_child; c >= 0;
	     c = t->nodes[c].next_sibling) {
		const struct snap_proc *p = &s->procs[c];
		double age;

		if (!snap_is_zombie(p))
			continue;
		age = zombie_ages_get(seen, p->pid, p->start_ticks, now);
		if (age > oldest)
			oldest = age;
	}
	return oldest;
}

int
zombie_analyze(const struct ptree *t, const struct zombie_ages *seen,
    struct zombie_report *out)
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
		d->oldest_age = oldest_child(t, (int)i, seen);
		diagnose(d);
		out->n++;
	}
	return 0;
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

/* ---- ages ---- */

struct zombie_age {
	pid_t pid;
	unsigned long long start_ticks;
	double first_seen; /* CLOCK_REALTIME seconds */
	bool watched;      /* we saw it appear: first_seen is its age */
};

struct zombie_ages {
	struct zombie_age *v; /* owned, sorted by pid */
	size_t n;
	bool started; /* the first update happened */
};

int
zombie_ages_new(struct zombie_ages **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void
zombie_ages_free(struct zombie_ages *a)
{
	if (!a)
		return;
	free(a->v);
	free(a);
}

static const struct zombie_age *
ages_find(const struct zombie_ages *a, pid_t pid, unsigned long long st)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->v[mid].pid == pid)
			return a->v[mid].start_ticks == st ? &a->v[mid] : NULL;
		if (a->v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Rebuilds the table from s (sorted by pid, so the table stays sorted):
 * known zombies keep their entry, new ones start now. */
int
zombie_ages_update(struct zombie_ages *a, const struct snap *s)
{
	double now = zombie_snap_time(s);
	struct zombie_age *nv;
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		k += snap_is_zombie(&s->procs[i]);
	nv = malloc((k ? k : 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	k = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		const struct zombie_age *old;

		if (!snap_is_zombie(p))
			continue;
		old = ages_find(a, p->pid, p->start_ticks);
		if (old)
			nv[k++] = *old;
		else
			nv[k++] = (struct zombie_age){
			    p->pid, p->start_ticks, now, a->started};
	}
	free(a->v);
	a->v = nv;
	a->n = k;
	a->started = true;
	return 0;
}

double
zombie_ages_get(const struct zombie_ages *a, pid_t pid,
    unsigned long long start_ticks, double now)
{
	const struct zombie_age *e = a ? ages_find(a, pid, start_ticks) : NULL;

	if (!e || !e->watched)
		return -1;
	return now > e->first_seen ? now - e->first_seen : 0;
}
