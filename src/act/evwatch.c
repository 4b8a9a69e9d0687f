/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Snapshot differences as events. A zombie is the same zombie only with the
 * same pid and start time; it is reaped when it is no longer in the new
 * snapshot as a zombie. Its reaper is the last parent we saw it with. */
#include "evwatch.h"
#include "outcome.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void
ev_init(struct evlog_event *ev, enum evlog_kind k, const struct snap *s)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = k;
	ev->when = s->taken;
}

/* Still there and not exited: an exited parent has handed its children
 * to a new parent even while it waits, as a zombie, for its own reaper. */
static bool
alive_in(const struct snap *s, pid_t pid, unsigned long long start)
{
	const struct snap_proc *p = snap_find(s, pid);

	return p && p->start_ticks == start && !snap_is_zombie(p);
}

void
evwatch_init(struct evwatch *w)
{
	memset(w, 0, sizeof(*w));
}

void
evwatch_done(struct evwatch *w)
{
	if (!w)
		return;
	free(w->z);
	free(w->done);
	memset(w, 0, sizeof(*w));
}

/* Index in gone[0..n) (indices of prev, so sorted by pid) of pid, or -1. */
static long
gone_index(const struct snap *prev, const size_t *gone, size_t n, pid_t pid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t m = prev->procs[gone[mid]].pid;

		if (m == pid)
			return (long)mid;
		if (m < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
log_parent_exited(const struct snap *prev, const struct snap *cur,
    const struct snap_proc *p, int zombies, struct evlog *log)
{
	const struct snap_proc *now = snap_find(cur, p->pid);
	const char *comm = p->comm;
	struct evlog_event ev;

	/* Its strings may have moved on, if it is still there as a zombie. */
	if (!comm && now && now->start_ticks == p->start_ticks)
		comm = now->comm;
	ev_init(&ev, EVLOG_PARENT_EXITED, cur);
	ev.pid = p->pid;
	ev.count = zombies;
	ev.ppid = outcome_new_parent(prev, cur, p->pid);
	snprintf(ev.comm, sizeof(ev.comm), "%s", comm ? comm : "");
	evlog_add(log, &ev);
}

/* Parents gone since prev that left zombies: the processes that exited,
 * then one pass over prev's zombies, so churn costs O(n log k). */
static int
parents_exited(
    const struct snap *prev, const struct snap *cur, struct evlog *log)
{
	size_t *gone = NULL, ngone = 0;
	int *zombies, added = 0;
	long k;

	for (size_t i = 0; i < prev->n; i++) {
		const struct snap_proc *p = &prev->procs[i];

		if (alive_in(cur, p->pid, p->start_ticks))
			continue;
		if (!(ngone & (ngone + 1))) { /* 0, 1, 3, 7...: grow */
			size_t *g = realloc(gone, (2 * ngone + 1) * sizeof(*g));

			if (!g)
				break;
			gone = g;
		}
		gone[ngone++] = i;
	}
	zombies = ngone ? calloc(ngone, sizeof(*zombies)) : NULL;
	for (size_t j = 0; zombies && j < prev->n; j++)
		if (snap_is_zombie(&prev->procs[j]) &&
		    (k = gone_index(prev, gone, ngone, prev->procs[j].ppid)) >=
		        0)
			zombies[k]++;
	for (size_t i = 0; zombies && i < ngone; i++)
		if (zombies[i]) {
			log_parent_exited(
			    prev, cur, &prev->procs[gone[i]], zombies[i], log);
			added++;
		}
	free(zombies);
	free(gone);
	return added;
}

static void
log_reaped(const struct evwatch_zombie *z, const struct snap *prev,
    const struct snap *cur, struct evlog *log)
{
	const struct snap_proc *pp = snap_find(prev, z->last_ppid);
	struct evlog_event ev;

	ev_init(&ev, EVLOG_REAPED, cur);
	ev.pid = z->pid;
	ev.after = snap_time(cur) - z->first_seen;
	ev.exit_known = z->exit_known;
	ev.exit_raw = z->exit_raw;
	snprintf(ev.comm, sizeof(ev.comm), "%s", z->comm);
	ev.exit_time = z->exit_time;
	ev.exit_exact = z->exit_exact;
	if (z->life_known) {
		ev.life_known = true;
		ev.life_exact = z->life_exact;
		ev.lifetime = z->lifetime;
	} else if (z->exit_time > 0) {
		/* Its life was not in the table's ring: the scan is the reap.
		 */
		ev.life_known = true;
		ev.lifetime = snap_time(cur) - z->exit_time;
	}
	ev.by_new_parent = z->last_ppid != z->first_ppid;
	ev.ppid = z->last_ppid;
	/* Its parent died too: the zombie went to the new parent first. */
	if (pp && !alive_in(cur, pp->pid, pp->start_ticks)) {
		ev.by_new_parent = true;
		ev.ppid = outcome_new_parent(prev, cur, pp->pid);
	}
	evlog_add(log, &ev);
}

/* Drops tracked zombies that are gone from cur, logging each. */
static int
reaped(struct evwatch *w, const struct snap *prev, const struct snap *cur,
    struct evlog *log)
{
	size_t keep = 0;
	int added = 0;

	for (size_t i = 0; i < w->n; i++) {
		struct evwatch_zombie *z = &w->z[i];
		const struct snap_proc *p = snap_find(cur, z->pid);

		if (p && p->start_ticks == z->start_ticks &&
		    snap_is_zombie(p)) {
			z->last_ppid = p->ppid;
			w->z[keep++] = *z;
			continue;
		}
		if (prev)
			log_reaped(z, prev, cur, log);
		added++;
	}
	w->n = keep;
	return added;
}

/* Whether p is among z[0..n), which is sorted by pid. */
static bool
tracked(const struct evwatch_zombie *z, size_t n, const struct snap_proc *p)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z[mid].pid == p->pid)
			return z[mid].start_ticks == p->start_ticks;
		if (z[mid].pid < p->pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int
cmp_zpid(const void *a, const void *b)
{
	const struct evwatch_zombie *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int
track(struct evwatch *w, const struct snap_proc *p, double now)
{
	struct evwatch_zombie *z;

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;

		if (!(z = realloc(w->z, cap * sizeof(*z))))
			return -ENOMEM;
		w->z = z;
		w->cap = cap;
	}
	z = &w->z[w->n++];
	memset(z, 0, sizeof(*z));
	z->pid = p->pid;
	z->start_ticks = p->start_ticks;
	z->first_ppid = z->last_ppid = p->ppid;
	z->first_seen = now;
	z->exit_known = p->flags & SPF_EXIT_KNOWN;
	z->exit_raw = p->exit_raw;
	snprintf(z->comm, sizeof(z->comm), "%s", p->comm ? p->comm : "");
	if (w->table) {
		struct ptable_age e =
		    ptable_exit_time(w->table, p->pid, p->start_ticks);

		z->exit_time = e.age > 0 ? e.age : 0;
		z->exit_exact = e.age > 0 && e.exact;
	}
	return 0;
}

/* Whether a life's start (0: unknown) is that of /proc's start: one
 * estimated from a fork event may be a tick off. */
static bool
same_start(unsigned long long life, unsigned long long proc)
{
	return life == 0 || (life + 1 >= proc && proc + 1 >= life);
}

/* Whether evwatch_lives logged p's whole life already. */
static bool
logged_whole(const struct evwatch *w, const struct snap_proc *p)
{
	for (size_t i = 0; i < w->ndone; i++)
		if (w->done[i].pid == p->pid &&
		    same_start(w->done[i].start_ticks, p->start_ticks))
			return true;
	return false;
}

/* w->z stays sorted by pid (reaped() keeps the order), so each lookup is
 * a binary search over the zombies known before this snapshot; the ones
 * added here have pids of their own and are sorted in at the end. */
static int
appeared(struct evwatch *w, const struct snap *cur, struct evlog *log)
{
	size_t known = w->n;
	int added = 0;

	for (size_t i = 0; i < cur->n; i++) {
		const struct snap_proc *p = &cur->procs[i];
		struct evlog_event ev;

		if (!snap_is_zombie(p) || tracked(w->z, known, p) ||
		    logged_whole(w, p))
			continue;
		if (track(w, p, snap_time(cur)) < 0) {
			added = -ENOMEM;
			break;
		}
		ev_init(&ev, EVLOG_APPEARED, cur);
		ev.pid = p->pid;
		ev.ppid = p->ppid;
		ev.initial = !w->started;
		ev.exit_known = p->flags & SPF_EXIT_KNOWN;
		ev.exit_raw = p->exit_raw;
		ev.exit_time = w->z[w->n - 1].exit_time;
		ev.exit_exact = w->z[w->n - 1].exit_exact;
		snprintf(
		    ev.comm, sizeof(ev.comm), "%s", p->comm ? p->comm : "");
		evlog_add(log, &ev);
		added++;
	}
	if (w->n > known)
		qsort(w->z, w->n, sizeof(*w->z), cmp_zpid);
	return added;
}

int
evwatch_update(struct evwatch *w, const struct snap *prev,
    const struct snap *cur, struct evlog *log)
{
	int added = 0, rc;

	if (prev)
		added += parents_exited(prev, cur, log);
	added += reaped(w, prev, cur, log);
	rc = appeared(w, cur, log);
	w->ndone = 0;
	w->started = true;
	return rc < 0 ? rc : added + rc;
}

/* The tracked zombie (pid, start). */
static struct evwatch_zombie *
find_tracked(struct evwatch *w, pid_t pid, unsigned long long start)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct evwatch_zombie *z = &w->z[mid];

		if (z->pid == pid)
			return same_start(start, z->start_ticks) ? z : NULL;
		if (z->pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct timespec
to_timespec(double epoch)
{
	struct timespec ts;

	ts.tv_sec = (time_t)epoch;
	ts.tv_nsec = (long)((epoch - (double)ts.tv_sec) * 1e9);
	return ts;
}

/* A zombie that lived between two scans: its appearance and its reap,
 * each stamped with the time the kernel gave. */
static void
log_pair(const struct ptable_life *l, struct evlog *log, bool unseen)
{
	struct evlog_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_APPEARED;
	ev.when = to_timespec(l->exit_time);
	ev.pid = l->pid;
	ev.ppid = l->ppid;
	ev.exit_known = l->exit_known;
	ev.exit_raw = l->exit_raw;
	ev.exit_time = l->exit_time;
	ev.exit_exact = l->exit_exact;
	ev.between_scans = unseen;
	memcpy(ev.comm, l->comm, sizeof(l->comm));
	ev.comm[sizeof(l->comm) - 1] = '\0';
	evlog_add(log, &ev);
	ev.kind = EVLOG_REAPED;
	ev.when = to_timespec(l->reap_time);
	ev.after = ev.lifetime = l->reap_time - l->exit_time;
	ev.life_known = true;
	ev.life_exact = l->exit_exact && l->reap_exact;
	evlog_add(log, &ev);
}

/* Whether cur shows the zombie of life l (reaped since cur was read). */
static bool
shown_in(const struct snap *cur, const struct ptable_life *l)
{
	const struct snap_proc *p = cur ? snap_find(cur, l->pid) : NULL;

	return p && snap_is_zombie(p) &&
	       same_start(l->start_ticks, p->start_ticks);
}

static int
note_done(struct evwatch *w, const struct ptable_life *l)
{
	if (w->ndone == w->capdone) {
		size_t cap = w->capdone ? w->capdone * 2 : 8;
		struct evwatch_done *d = realloc(w->done, cap * sizeof(*d));

		if (!d)
			return -ENOMEM;
		w->done = d;
		w->capdone = cap;
	}
	w->done[w->ndone++] = (struct evwatch_done){l->pid, l->start_ticks};
	return 0;
}

static void
annotate(struct evwatch_zombie *z, const struct ptable_life *l)
{
	z->life_known = true;
	z->life_exact = l->exit_exact && l->reap_exact;
	z->lifetime = l->reap_time - l->exit_time;
	z->exit_time = l->exit_time;
	z->exit_exact = l->exit_exact;
}

int
evwatch_lives(struct evwatch *w, const struct snap *cur,
    const struct ptable_life *l, size_t n, double linger, struct evlog *log)
{
	int added = 0;

	for (size_t i = 0; i < n; i++) {
		struct evwatch_zombie *z =
		    find_tracked(w, l[i].pid, l[i].start_ticks);
		bool shown = !z && shown_in(cur, &l[i]);

		if (z && l[i].exit_time > 0)
			annotate(z, &l[i]);
		if (z || l[i].exit_time <= 0)
			continue;
		/* A scan showed it but it is gone already: its whole life
		 * now, and the scan's appearance is not reported again. */
		if (shown && note_done(w, &l[i]) < 0)
			return -ENOMEM;
		if (!shown && (l[i].seen_by_scan ||
		                  l[i].reap_time - l[i].exit_time <= linger))
			continue;
		log_pair(&l[i], log, !shown);
		added += 2;
	}
	return added;
}
