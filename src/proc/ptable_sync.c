/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What kernel events and full scans do to the process table's records:
 * events tell forks, names and exact exits as they happen; a scan is the
 * reconciliation that adds what events missed and sweeps the gone. */
#include "ptable_int.h"

#include <errno.h>
#include <string.h>

/* NULL from ptable_add: refused at the cap (counted, not an error) or
 * out of memory. */
static int
add_failed(const struct ptable *t)
{
	return t->nrec == PTABLE_MAX_RECORDS ? 0 : -ENOMEM;
}

static void
copy_comm(char dst[16], const char *src)
{
	size_t n = src ? strnlen(src, 15) : 0;

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The process of r is past: reaped no later than reap_ns (its pid is
 * taken again, or a scan no longer shows it). */
static void
rec_end(struct ptable *t, struct prec *r, uint64_t reap_ns, double reap_t)
{
	ptable_rec_reaped(t, r, reap_ns, reap_t, false);
	ptable_remove(t, r);
}

/* A record for a process known only from an event (no fork seen): its
 * start is unknown, but before ts, which ptable_rec_is checks. */
static struct prec *
add_unknown(struct ptable *t, const struct pev *ev)
{
	struct prec *r = ptable_add(t, ev->tgid, ev->ts_ns);

	if (r) {
		r->flags = PR_START_UNKNOWN;
		r->start = ptable_ticks(t, ev->ts_ns);
	}
	return r;
}

static int
ev_fork(struct ptable *t, const struct pev *ev)
{
	struct prec *r = ptable_find(t, ev->tgid);
	unsigned long long st = ptable_ticks(t, ev->ts_ns);
	const struct prec *p;

	if (ev->pid != ev->tgid) { /* a new thread: one more task */
		if (r && ev->ts_ns > r->tasks_ns)
			r->tasks++;
		return 0;
	}
	if (r && !(r->flags & (PR_LEADER_EXITED | PR_EXITED)) &&
	    !(r->flags & PR_START_UNKNOWN) &&
	    (r->start > st ? r->start - st : st - r->start) <= 1)
		return 0; /* a scan already made it */
	/* A pid is reused only after a reap: the old process is past. */
	if (r)
		rec_end(t, r, ev->ts_ns, ptable_epoch(t, ev->ts_ns));
	r = ptable_add(t, ev->tgid, ev->ts_ns);
	if (!r)
		return add_failed(t);
	r->start = st;
	r->flags = PR_START_EST;
	r->ppid = ev->ptgid;
	p = ptable_find(t, ev->ptgid);
	if (p) /* a fork copies the name; exec or prctl change it later */
		memcpy(r->comm, p->comm, sizeof(r->comm));
	return 0;
}

static int
ev_exec(struct ptable *t, const struct pev *ev)
{
	struct prec *r = ptable_find(t, ev->tgid);

	if (!r && !(r = add_unknown(t, ev)))
		return add_failed(t);
	if (r->flags & PR_EXITED)
		return 0;
	/* The event has no name: unknown until a comm event or a scan,
	 * rather than the name before the exec. */
	r->comm[0] = '\0';
	/* A thread's exec ends the other threads, the old leader among
	 * them (its exit event came): the process itself lives on. */
	r->flags &= ~(PR_LEADER_EXITED | PR_EXIT_EXACT | PR_EXIT_KNOWN);
	r->exit_ns = 0;
	r->exit_t = -1;
	r->seen_t = -1;
	r->tasks = 1;
	r->tasks_ns = ev->ts_ns;
	return 0;
}

static int
ev_comm(struct ptable *t, const struct pev *ev)
{
	struct prec *r = ptable_find(t, ev->tgid);

	if (ev->pid != ev->tgid) /* a thread's name, not the process's */
		return 0;
	if (!r && !(r = add_unknown(t, ev)))
		return add_failed(t);
	if (!(r->flags & PR_EXITED))
		copy_comm(r->comm, ev->comm);
	return 0;
}

/* A non-leader task ended. The group becomes reapable when its last task
 * ends, and no task of a group ends after its last one: so once the
 * leader has exited, each later task exit moves the process's exit time
 * to it. Whether this one was the last, the task count says (threads from
 * the last scan, then thread forks and exits since). */
static int
ev_thread_exit(struct ptable *t, struct prec *r, const struct pev *ev)
{
	if (r->flags & PR_DONE)
		return 0;
	if (ev->ts_ns > r->tasks_ns && r->tasks > 1)
		r->tasks--;
	if (!(r->flags & PR_LEADER_EXITED))
		return 0;
	if (ev->ts_ns > r->exit_ns) {
		r->exit_ns = ev->ts_ns;
		r->exit_t = ptable_epoch(t, ev->ts_ns);
	}
	/* Only a group exit (or a raw exit syscall) gives a thread a non-
	 * zero code, and after a group exit wait() returns the group's code:
	 * take it. A pthread_exit (0) leaves the leader's code. */
	if (ev->exit_code)
		r->exit_raw = ev->exit_code;
	if (r->tasks > 1 || (r->flags & PR_EXITED))
		return 0;
	ptable_rec_exit(t, r);
	return 1;
}

/* The leader ended: the process's exit, unless threads run on (then it is
 * not reapable yet, and the pidfd would not even poll readable: 0). */
static int
ev_leader_exit(struct ptable *t, struct prec *r, const struct pev *ev)
{
	if (r && (r->flags & (PR_DONE | PR_LEADER_EXITED))) {
		/* The pid was reaped and taken by a process whose fork we
		 * missed: this exit is the new one's. */
		rec_end(t, r, ev->ts_ns, ptable_epoch(t, ev->ts_ns));
		r = NULL;
	}
	if (!r && !(r = add_unknown(t, ev)))
		return add_failed(t);
	if (r->flags & PR_PREDATES) {
		/* Our first scan saw it before its (queued) exit event was
		 * read: its exit is known after all, count it now. */
		r->flags &= ~(PR_PREDATES | PR_EXITED);
	}
	r->flags |= PR_LEADER_EXITED | PR_EXIT_EXACT | PR_EXIT_KNOWN;
	r->exit_ns = ev->ts_ns;
	r->exit_t = ptable_epoch(t, ev->ts_ns);
	r->exit_raw = ev->exit_code;
	/* The kernel leaves the parent 0 when the reap won the race with
	 * the event (a parent that waits at once): keep the fork's. */
	ptable_rec_parent(t, r, ev->ptgid ? ev->ptgid : r->ppid);
	if (r->tasks > 1)
		return 0;
	ptable_rec_exit(t, r);
	return 1;
}

static int
ev_exit(struct ptable *t, const struct pev *ev)
{
	struct prec *r = ptable_find(t, ev->tgid);

	/* PID reuse: the record that holds the pid started after this exit,
	 * so the exit is an older process's; never apply it to this one. */
	if (r && !(r->flags & PR_START_UNKNOWN) &&
	    r->start > ptable_ticks(t, ev->ts_ns) + 1) {
		t->stale++;
		return 0;
	}
	/* The leader is pid == tgid. exit_signal (-1 for a thread) would
	 * say it too, but a process cloned without an exit signal has 0. */
	if (ev->pid != ev->tgid)
		return r ? ev_thread_exit(t, r, ev) : 0;
	return ev_leader_exit(t, r, ev);
}

int
ptable_event(struct ptable *t, const struct pev *ev)
{
	int rc = 0;

	pthread_mutex_lock(&t->lock);
	t->events_seen++;
	switch (ev->kind) {
	case PEV_FORK:
		rc = ev_fork(t, ev);
		break;
	case PEV_EXEC:
		rc = ev_exec(t, ev);
		break;
	case PEV_COMM:
		rc = ev_comm(t, ev);
		break;
	case PEV_EXIT:
		rc = ev_exit(t, ev);
		break;
	case PEV_PTRACE: /* nothing the table keeps */
	case PEV_UID:
		break;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

void
ptable_reaped(struct ptable *t, pid_t pid, uint64_t mono_ns, bool exact)
{
	struct prec *r;

	pthread_mutex_lock(&t->lock);
	r = ptable_find(t, pid);
	/* The record stays (done) until a scan no longer shows it: a scan
	 * taken before the reap must not make it a new zombie. */
	if (r && (r->flags & (PR_LEADER_EXITED | PR_EXITED)))
		ptable_rec_reaped(
		    t, r, mono_ns, ptable_epoch(t, mono_ns), exact);
	pthread_mutex_unlock(&t->lock);
}

void
ptable_lost(struct ptable *t, uint64_t n)
{
	pthread_mutex_lock(&t->lock);
	t->lost += n;
	pthread_mutex_unlock(&t->lock);
}

/* The scan's time in both clocks: snap_time(s) as the epoch time (a
 * first-seen age then equals zombie_ages'), and its monotonic ns. */
struct scan_ctx {
	uint64_t ns;
	double t;
	bool first;   /* our first scan: its zombies predate us */
	bool partial; /* snap_delta's: only the pids it was told of read */
};

/* A zombie the scan shows: the exit time is the event's when one came,
 * else the first sighting (not exact), unknown at our first scan. */
static void
scan_zombie(struct prec *r, const struct snap_proc *p, const struct scan_ctx *c)
{
	if (r->seen_t < 0) { /* evwatch's first sighting, kept here */
		r->seen_t = c->t;
		r->seen_ppid = p->ppid;
	}
	if (!(r->flags & PR_EXIT_KNOWN) && (p->flags & SPF_EXIT_KNOWN)) {
		r->exit_raw = p->exit_raw;
		r->flags |= PR_EXIT_KNOWN;
	}
	if (r->flags & PR_EXITED)
		return;
	r->flags |= PR_PENDING; /* counted once its parent is known */
	if (r->flags & (PR_LEADER_EXITED | PR_PREDATES))
		return;
	r->exit_ns = c->ns;
	r->exit_t = c->t;
}

static void
scan_update(struct ptable *t, struct prec *r, const struct snap_proc *p,
    const struct scan_ctx *c)
{
	ptable_rec_cpu(t, r, p, c->t); /* before gen and PR_SEEN move on */
	r->flags &= ~(PR_START_EST | PR_START_UNKNOWN);
	r->flags |= PR_SEEN;
	r->start = p->start_ticks;
	r->gen = t->gen;
	/* A partial refresh's copy (SPF_STALE) has an old thread count. */
	if (c->ns >= r->tasks_ns && !(p->flags & SPF_STALE)) {
		r->tasks = p->threads > 0 ? p->threads : 1;
		r->tasks_ns = c->ns;
	}
	/* A zombie keeps the name and parent it had at its exit. */
	if (!(r->flags & PR_EXITED))
		r->ppid = p->ppid;
	if (!(r->flags & PR_EXITED) || !r->comm[0])
		copy_comm(r->comm, p->comm);
	/* A thread of H in state Z (traced, it exited and waits for its
	 * tracer) is no zombie child of its process: its record only keeps
	 * its CPU time. */
	if (snap_is_zombie(p) && !(p->flags & SPF_THREAD))
		scan_zombie(r, p, c);
}

static int
scan_one(struct ptable *t, const struct snap_proc *p, const struct scan_ctx *c)
{
	struct prec *r = ptable_find(t, p->pid);

	if (r && !ptable_rec_is(r, p->start_ticks)) {
		/* Forked after the snapshot was taken: the snapshot shows
		 * the pid's previous process, gone by now. */
		if (r->born_ns > c->ns)
			return 0;
		/* A partial refresh's copy of the pid's previous process,
		 * its reuse told by events after the refresh was planned. */
		if ((p->flags & SPF_STALE) && !(r->flags & PR_SEEN))
			return 0;
		rec_end(t, r, c->ns, c->t);
		r = NULL;
	}
	if (!r) {
		r = ptable_add(t, p->pid, c->ns);
		if (!r)
			return add_failed(t);
		if (c->first && snap_is_zombie(p))
			r->flags |= PR_PREDATES;
	}
	scan_update(t, r, p, c);
	return 0;
}

/* Zombies first seen by this scan are counted once every record is in,
 * so that a parent with a higher pid than its child is found. */
static void
scan_pending(struct ptable *t, const struct snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		struct prec *r;

		if (!snap_is_zombie(p))
			continue;
		r = ptable_find(t, p->pid);
		if (!r || !(r->flags & PR_PENDING))
			continue;
		r->flags &= ~PR_PENDING;
		if (!(r->flags & PR_PARENT))
			ptable_rec_parent(t, r, p->ppid);
		ptable_rec_exit(t, r);
	}
}

/* Records this scan did not show are gone, unless they were made after
 * it was taken. A zombie gone without a pidfd's word was reaped by this
 * scan at the latest: its life ends here, not exact. A partial refresh
 * read only the pids named when it was planned: one known only from
 * events (never in a scan) may have been named after, whatever its
 * event's time, and is left to the next. Backwards, since a removal
 * moves the last record into the hole. */
static void
scan_sweep(struct ptable *t, const struct scan_ctx *c)
{
	for (size_t k = t->nrec; k-- > 0;) {
		struct prec *r = &t->rec[k];

		if (r->gen == t->gen || r->born_ns > c->ns)
			continue;
		if (c->partial && !(r->flags & PR_SEEN))
			continue;
		rec_end(t, r, c->ns, c->t);
	}
}

int
ptable_scan(struct ptable *t, const struct snap *s)
{
	struct scan_ctx c = {.t = snap_time(s), .partial = s->partial};
	int64_t ns;
	int rc = 0;

	pthread_mutex_lock(&t->lock);
	ptable_clocks(t);
	if (s->hz > 0)
		t->hz = s->hz;
	ns = (int64_t)s->taken.tv_sec * 1000000000 + s->taken.tv_nsec -
	     t->off_real;
	c.ns = ns > 0 ? (uint64_t)ns : 0;
	c.first = t->gen == 0;
	t->gen++;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		rc = scan_one(t, &s->procs[i], &c);
	/* Out of memory part way: sweeping would drop the records of the
	 * processes not reached. The next scan does it. */
	if (rc == 0) {
		scan_pending(t, s);
		scan_sweep(t, &c);
	}
	t->scan_t = c.t;
	pthread_mutex_unlock(&t->lock);
	return rc;
}
