/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Snapshot differences as events. A zombie is the same zombie only with the
 * same pid and start time; it is reaped when it is no longer in the new
 * snapshot as a zombie. Its reaper is the last parent we saw it with; when
 * it was first seen, and its exit and reap, the process table says. */
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
	free(w->done);
	free(w->lives);
	memset(w, 0, sizeof(*w));
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

/* Parents gone since prev that left zombies: one pass over prev's
 * zombies counts them under their parent's entry (snap_find), then the
 * parents that cur no longer shows alive are logged, in prev's order. */
static int
parents_exited(
    const struct snap *prev, const struct snap *cur, struct evlog *log)
{
	int *zombies = prev->n ? calloc(prev->n, sizeof(*zombies)) : NULL;
	int added = 0;

	for (size_t j = 0; zombies && j < prev->n; j++) {
		const struct snap_proc *pp;

		if (snap_is_zombie(&prev->procs[j]) &&
		    (pp = snap_find(prev, prev->procs[j].ppid)))
			zombies[pp - prev->procs]++;
	}
	for (size_t i = 0; zombies && i < prev->n; i++) {
		const struct snap_proc *p = &prev->procs[i];

		if (!zombies[i] || alive_in(cur, p->pid, p->start_ticks))
			continue;
		log_parent_exited(prev, cur, p, zombies[i], log);
		added++;
	}
	free(zombies);
	return added;
}

/* Whether a life's start (0: unknown) is that of /proc's start: one
 * estimated from a fork event may be a tick off. */
static bool
same_start(unsigned long long life, unsigned long long proc)
{
	return life == 0 || (life + 1 >= proc && proc + 1 >= life);
}

static int
cmp_life(const void *a, const void *b)
{
	const struct evwatch_life *x = a, *y = b;

	return (x->l.pid > y->l.pid) - (x->l.pid < y->l.pid);
}

/* The life of zombie p: one evwatch_lives was given, else the table's
 * (its record is swept by now, its life is in the ring). False when
 * neither has it: the reap is told from the snapshots alone. */
static bool
life_of(struct evwatch *w, const struct snap_proc *p, struct ptable_life *out)
{
	struct evwatch_life key = {.l.pid = p->pid}, *f = NULL;

	if (w->nlives)
		f = bsearch(&key, w->lives, w->nlives, sizeof(key), cmp_life);
	if (f && same_start(f->l.start_ticks, p->start_ticks)) {
		*out = f->l;
		return true;
	}
	if (w->table &&
	    ptable_zombie_life(w->table, p->pid, p->start_ticks, out) == 0)
		return true;
	w->fallbacks++;
	return false;
}

/* Exit time, first sighting and lifetime of reaped zombie p, from its
 * life l (have) or, without one, from the snapshots: first seen no
 * later than prev, which showed it. */
static void
fill_reaped(const struct evwatch *w, struct evlog_event *ev,
    const struct ptable_life *l, bool have, const struct snap *prev,
    const struct snap *cur)
{
	double first =
	    have && l->seen_time >= 0 ? l->seen_time : snap_time(prev);

	/* A zombie older than this watch: seen first by its first update. */
	if (first < w->since)
		first = w->since;
	ev->after = snap_time(cur) - first;
	if (!have || l->exit_time <= 0)
		return;
	ev->exit_time = l->exit_time;
	ev->exit_exact = l->exit_exact;
	ev->life_known = true;
	ev->life_exact = l->exit_exact && l->reap_exact;
	ev->lifetime = l->reap_time - l->exit_time;
}

static void
log_reaped(struct evwatch *w, const struct snap_proc *z,
    const struct snap *prev, const struct snap *cur, struct evlog *log)
{
	const struct snap_proc *pp = snap_find(prev, z->ppid);
	struct ptable_life l;
	bool have = life_of(w, z, &l);
	pid_t first_ppid = have && l.seen_time >= 0 ? l.seen_ppid : z->ppid;
	struct evlog_event ev;

	ev_init(&ev, EVLOG_REAPED, cur);
	ev.pid = z->pid;
	ev.exit_known = z->flags & SPF_EXIT_KNOWN;
	ev.exit_raw = z->exit_raw;
	snprintf(ev.comm, sizeof(ev.comm), "%s",
	    have && l.comm[0] ? l.comm : (z->comm ? z->comm : ""));
	fill_reaped(w, &ev, &l, have, prev, cur);
	ev.by_new_parent = z->ppid != first_ppid;
	ev.ppid = z->ppid;
	/* Its parent died too: the zombie went to the new parent first. */
	if (pp && !alive_in(cur, pp->pid, pp->start_ticks)) {
		ev.by_new_parent = true;
		ev.ppid = outcome_new_parent(prev, cur, pp->pid);
	}
	evlog_add(log, &ev);
}

/* Whether evwatch_lives logged p's whole life for update gen. */
static bool
logged_whole(const struct evwatch *w, const struct snap_proc *p, unsigned gen)
{
	for (size_t i = 0; i < w->ndone; i++)
		if (w->done[i].gen == gen && w->done[i].pid == p->pid &&
		    same_start(w->done[i].start_ticks, p->start_ticks))
			return true;
	return false;
}

/* Whether s shows zombie p (same pid and start) as a zombie. */
static bool
zombie_in(const struct snap *s, const struct snap_proc *p)
{
	const struct snap_proc *q = s ? snap_find(s, p->pid) : NULL;

	return q && q->start_ticks == p->start_ticks && snap_is_zombie(q);
}

/* The zombies of prev (the last snapshot compared) that cur no longer
 * shows as zombies, each logged; not a life evwatch_lives logged whole
 * for the update before. */
static int
reaped(struct evwatch *w, const struct snap *prev, const struct snap *cur,
    struct evlog *log)
{
	int added = 0;

	for (size_t i = 0; prev && i < prev->n; i++) {
		const struct snap_proc *z = &prev->procs[i];

		if (!snap_is_zombie(z) || zombie_in(cur, z) ||
		    (w->gen && logged_whole(w, z, w->gen - 1)))
			continue;
		log_reaped(w, z, prev, cur, log);
		added++;
	}
	return added;
}

static void
log_appeared(const struct evwatch *w, const struct snap_proc *p,
    const struct snap *cur, struct evlog *log)
{
	struct evlog_event ev;

	ev_init(&ev, EVLOG_APPEARED, cur);
	ev.pid = p->pid;
	ev.ppid = p->ppid;
	ev.initial = !w->started;
	ev.exit_known = p->flags & SPF_EXIT_KNOWN;
	ev.exit_raw = p->exit_raw;
	if (w->table) {
		struct ptable_age e =
		    ptable_exit_time(w->table, p->pid, p->start_ticks);

		ev.exit_time = e.age > 0 ? e.age : 0;
		ev.exit_exact = e.age > 0 && e.exact;
	}
	snprintf(ev.comm, sizeof(ev.comm), "%s", p->comm ? p->comm : "");
	evlog_add(log, &ev);
}

/* The zombies of cur that prev did not show; not a life evwatch_lives
 * logged whole for this update. */
static int
appeared(struct evwatch *w, const struct snap *prev, const struct snap *cur,
    struct evlog *log)
{
	int added = 0;

	for (size_t i = 0; i < cur->n; i++) {
		const struct snap_proc *p = &cur->procs[i];

		if (!snap_is_zombie(p) || zombie_in(prev, p) ||
		    logged_whole(w, p, w->gen))
			continue;
		log_appeared(w, p, cur, log);
		added++;
	}
	return added;
}

/* Done marks and lives given before update gen serve updates gen and
 * gen + 1: after update gen, the older ones go. */
static void
expire(struct evwatch *w)
{
	size_t keep = 0;

	for (size_t i = 0; i < w->ndone; i++)
		if (w->done[i].gen >= w->gen)
			w->done[keep++] = w->done[i];
	w->ndone = keep;
	keep = 0;
	for (size_t i = 0; i < w->nlives; i++)
		if (w->lives[i].gen >= w->gen)
			w->lives[keep++] = w->lives[i];
	w->nlives = keep;
}

int
evwatch_update(struct evwatch *w, const struct snap *prev,
    const struct snap *cur, struct evlog *log)
{
	/* Before the first update no zombie is known: all are new. */
	const struct snap *known = w->started ? prev : NULL;
	int added = 0;

	if (!w->started)
		w->since = snap_time(cur);
	if (prev)
		added += parents_exited(prev, cur, log);
	added += reaped(w, known, cur, log);
	added += appeared(w, known, cur, log);
	expire(w);
	w->gen++;
	w->last_t = snap_time(cur);
	w->started = true;
	return added;
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

/* The slot after the n elements (of size bytes) of *arr, grown as needed;
 * NULL without memory, *arr untouched. */
static void *
room(void *arr, size_t *cap, size_t n, size_t size)
{
	void **p = arr, *np;

	if (n >= *cap) {
		if (!(np = realloc(*p, (*cap ? *cap * 2 : 8) * size)))
			return NULL;
		*p = np;
		*cap = *cap ? *cap * 2 : 8;
	}
	return (char *)*p + n * size;
}

static int
note_done(struct evwatch *w, const struct ptable_life *l)
{
	struct evwatch_done *d =
	    room(&w->done, &w->capdone, w->ndone, sizeof(*d));

	if (!d)
		return -ENOMEM;
	*d = (struct evwatch_done){l->pid, l->start_ticks, w->gen};
	w->ndone++;
	return 0;
}

static int
note_life(struct evwatch *w, const struct ptable_life *l)
{
	struct evwatch_life *e =
	    room(&w->lives, &w->caplives, w->nlives, sizeof(*e));

	if (!e)
		return -ENOMEM;
	*e = (struct evwatch_life){*l, w->gen};
	w->nlives++;
	return 0;
}

/* Whether the zombie of life l is known: a scan no later than the last
 * one compared showed it a zombie, so that update logged it and the
 * update that no longer sees it logs its reap. */
static bool
known(const struct evwatch *w, const struct ptable_life *l)
{
	return w->started && l->seen_time >= 0 && l->seen_time <= w->last_t;
}

int
evwatch_lives(struct evwatch *w, const struct snap *cur,
    const struct ptable_life *l, size_t n, double linger, struct evlog *log)
{
	size_t had = w->nlives;
	int added = 0;

	for (size_t i = 0; i < n && added >= 0; i++) {
		bool shown;

		if (known(w, &l[i])) {
			if (note_life(w, &l[i]) < 0)
				added = -ENOMEM;
			continue;
		}
		if (l[i].exit_time <= 0)
			continue;
		/* A scan showed it but it is gone already: its whole life
		 * now, and the scan's appearance is not reported again. */
		shown = shown_in(cur, &l[i]);
		if (shown && note_done(w, &l[i]) < 0)
			return -ENOMEM;
		/* Not l->seen_by_scan: a scan may have shown it alive. */
		if (!shown && l[i].reap_time - l[i].exit_time <= linger)
			continue;
		log_pair(&l[i], log, !shown);
		added += 2;
	}
	if (w->nlives > had)
		qsort(w->lives, w->nlives, sizeof(*w->lives), cmp_life);
	return added;
}
