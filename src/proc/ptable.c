/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process table's store: a dense array of records with an open-
 * addressing index by pid (one record per pid: a pid is reused only after
 * its process was reaped, which ends the old record), the ring of finished
 * lives, and the queries. What events and scans do is in ptable_sync.c. */
#include "ptable_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "zclock.h"

/* The memory bound of ptable.h counts records of this size. */
_Static_assert(sizeof(struct prec) <= PTABLE_RECORD_MAX,
    "a record outgrew the memory bound stated in ptable.h");
_Static_assert(PR_PENDING < (1 << 16), "prec_flags outgrew prec.flags");

/* In ns, not zclock's doubles: the offsets must keep the kernel's ns. */
static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Clock id minus CLOCK_MONOTONIC, read between two monotonic reads: the
 * tightest of three tries, so that a preemption between two reads does
 * not shift every exit time by its length. */
static int64_t
clock_offset(clockid_t id)
{
	int64_t best = 0, gap = INT64_MAX;

	for (int i = 0; i < 3; i++) {
		int64_t m0 = clock_ns(CLOCK_MONOTONIC), x = clock_ns(id);
		int64_t m1 = clock_ns(CLOCK_MONOTONIC);

		if (m1 - m0 < gap) {
			gap = m1 - m0;
			best = x - (m0 + gap / 2);
		}
	}
	return best;
}

/* The offsets between the clocks, taken at ptable_new and at each scan
 * (clock_gettime is no I/O): events are stamped CLOCK_MONOTONIC, ages are
 * epoch seconds, start times count from boot including suspend. */
void
ptable_clocks(struct ptable *t)
{
	t->off_real = clock_offset(CLOCK_REALTIME);
	t->off_boot = clock_offset(CLOCK_BOOTTIME);
}

unsigned long long
ptable_ticks(const struct ptable *t, uint64_t mono_ns)
{
	double boot_ns = (double)((int64_t)mono_ns + t->off_boot);

	/* /proc floors the boot-time ns of the start; the fork event is
	 * stamped a little after it: +-1 tick, which ptable_rec_is allows. */
	return (unsigned long long)(boot_ns * (double)t->hz / 1e9);
}

double
ptable_epoch(const struct ptable *t, uint64_t mono_ns)
{
	return (double)((int64_t)mono_ns + t->off_real) / 1e9;
}

int
ptable_new(struct ptable **out)
{
	struct ptable *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->ring = calloc(PTABLE_RING, sizeof(*t->ring));
	if (!t->ring || reapstat_new(&t->stats) < 0) {
		free(t->ring);
		free(t);
		return -ENOMEM;
	}
	pthread_mutex_init(&t->lock, NULL);
	t->hz = sysconf(_SC_CLK_TCK);
	if (t->hz <= 0)
		t->hz = 100;
	t->why = "not started";
	ptable_clocks(t);
	*out = t;
	return 0;
}

void
ptable_free(struct ptable *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	reapstat_free(t->stats);
	free(t->ring);
	free(t->rec);
	free(t->idx);
	free(t);
}

void
ptable_set_events(struct ptable *t, bool on, const char *why)
{
	pthread_mutex_lock(&t->lock);
	t->events = on;
	t->why = on ? NULL : why;
	pthread_mutex_unlock(&t->lock);
}

void
ptable_set_threshold(struct ptable *t, double seconds)
{
	pthread_mutex_lock(&t->lock);
	reapstat_set_threshold(t->stats, seconds);
	pthread_mutex_unlock(&t->lock);
}

static size_t
idx_home(const struct ptable *t, pid_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (t->icap - 1);
}

struct prec *
ptable_find(struct ptable *t, pid_t pid)
{
	if (!t->icap)
		return NULL;
	for (size_t i = idx_home(t, pid); t->idx[i];
	     i = (i + 1) & (t->icap - 1))
		if (t->rec[t->idx[i] - 1].pid == pid)
			return &t->rec[t->idx[i] - 1];
	return NULL;
}

/* The index slot that holds record k. */
static size_t
idx_slot(const struct ptable *t, size_t k)
{
	size_t i = idx_home(t, t->rec[k].pid);

	while (t->idx[i] != k + 1)
		i = (i + 1) & (t->icap - 1);
	return i;
}

static void
idx_put(struct ptable *t, size_t k)
{
	size_t i = idx_home(t, t->rec[k].pid);

	while (t->idx[i])
		i = (i + 1) & (t->icap - 1);
	t->idx[i] = (uint32_t)(k + 1);
}

/* Linear probing deletes by shifting back the entries that would no
 * longer be found past the hole (no tombstones to clean up later). */
static void
idx_del(struct ptable *t, size_t i)
{
	size_t mask = t->icap - 1, j = i;

	for (;;) {
		size_t h;

		j = (j + 1) & mask;
		if (!t->idx[j])
			break;
		h = idx_home(t, t->rec[t->idx[j] - 1].pid);
		if (((j - h) & mask) >= ((j - i) & mask)) {
			t->idx[i] = t->idx[j];
			i = j;
		}
	}
	t->idx[i] = 0;
}

/* Room for one more record: the array doubles up to the cap, the index
 * stays at least twice the array (short probes). */
static int
store_grow(struct ptable *t)
{
	size_t rcap = t->rcap ? t->rcap * 2 : 256;
	struct prec *rec;
	uint32_t *idx;

	if (rcap > PTABLE_MAX_RECORDS)
		rcap = PTABLE_MAX_RECORDS;
	rec = realloc(t->rec, rcap * sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	t->rec = rec;
	idx = calloc(rcap * 2, sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	free(t->idx);
	t->idx = idx;
	t->icap = rcap * 2;
	t->rcap = rcap;
	for (size_t k = 0; k < t->nrec; k++)
		idx_put(t, k);
	return 0;
}

struct prec *
ptable_add(struct ptable *t, pid_t pid, uint64_t born_ns)
{
	struct prec *r;

	if (t->nrec == PTABLE_MAX_RECORDS) {
		t->refused++;
		return NULL;
	}
	if (t->nrec == t->rcap && store_grow(t) < 0)
		return NULL;
	r = &t->rec[t->nrec];
	memset(r, 0, sizeof(*r));
	r->pid = pid;
	r->born_ns = born_ns;
	r->tasks_ns = born_ns;
	r->tasks = 1;
	r->exit_t = -1;
	r->seen_t = -1;
	idx_put(t, t->nrec++);
	return r;
}

void
ptable_remove(struct ptable *t, struct prec *r)
{
	size_t k = (size_t)(r - t->rec), last = t->nrec - 1;

	idx_del(t, idx_slot(t, k));
	if (k != last) {
		size_t i = idx_slot(t, last);

		t->rec[k] = t->rec[last];
		t->idx[i] = (uint32_t)(k + 1);
	}
	t->nrec--;
}

static bool
ticks_near(unsigned long long a, unsigned long long b)
{
	return (a > b ? a - b : b - a) <= 1;
}

bool
ptable_rec_is(const struct prec *r, unsigned long long start)
{
	/* Made by an event without a fork: start holds the ticks of that
	 * event, and the process started before it. */
	if (r->flags & PR_START_UNKNOWN)
		return start <= r->start + 1;
	if (r->flags & PR_START_EST)
		return ticks_near(r->start, start);
	return r->start == start;
}

static struct reapstat_key
parent_key(const struct prec *r)
{
	return (struct reapstat_key){
	    .pid = r->ppid, .start = r->parent_start, .comm = r->parent_comm};
}

void
ptable_rec_parent(struct ptable *t, struct prec *r, pid_t ppid)
{
	const struct prec *p = ptable_find(t, ppid);

	r->ppid = ppid;
	r->parent_start = p ? p->start : 0;
	memcpy(r->parent_comm, p ? p->comm : "", p ? sizeof(p->comm) : 1);
	r->flags |= PR_PARENT;
}

void
ptable_rec_exit(struct ptable *t, struct prec *r)
{
	struct reapstat_key k = parent_key(r);

	if (r->flags & PR_EXITED)
		return;
	r->flags |= PR_EXITED;
	if (r->flags & PR_PREDATES) /* it exited before we watched */
		return;
	t->exits++;
	reapstat_exit(t->stats, &k, (double)r->exit_ns / 1e9);
}

static void
ring_push(struct ptable *t, const struct ptable_life *l)
{
	t->ring[(t->ring_head + t->ring_n) % PTABLE_RING] = *l;
	t->ring_pushed++;
	if (t->ring_n < PTABLE_RING) {
		t->ring_n++;
		return;
	}
	t->ring_head = (t->ring_head + 1) % PTABLE_RING;
	t->lives_dropped++;
}

static void
life_of(const struct prec *r, struct ptable_life *l)
{
	memset(l, 0, sizeof(*l));
	l->pid = r->pid;
	l->ppid = r->ppid;
	l->start_ticks = r->flags & PR_START_UNKNOWN ? 0 : r->start;
	l->parent_start = r->parent_start;
	memcpy(l->comm, r->comm, sizeof(l->comm));
	memcpy(l->parent_comm, r->parent_comm, sizeof(l->parent_comm));
	l->exit_raw = r->exit_raw;
	l->exit_known = r->flags & PR_EXIT_KNOWN;
	l->exit_exact = r->flags & PR_EXIT_EXACT;
	l->seen_by_scan = r->flags & PR_SEEN;
	l->exit_time = r->flags & PR_PREDATES ? -1 : r->exit_t;
	l->seen_time = r->seen_t;
	l->seen_ppid = r->seen_t < 0 ? 0 : r->seen_ppid;
	l->vflags = r->vflags;
}

void
ptable_rec_reaped(struct ptable *t, struct prec *r, uint64_t reap_ns,
    double reap_t, bool exact)
{
	struct reapstat_key k = parent_key(r);
	struct ptable_life l;

	if (r->flags & PR_DONE)
		return;
	if (r->flags & PR_LEADER_EXITED)
		ptable_rec_exit(t, r); /* its last thread went unnoticed */
	if (!(r->flags & PR_EXITED))
		return;
	r->flags |= PR_DONE;
	if (reap_ns < r->exit_ns) /* a scan's clock read before the event */
		reap_ns = r->exit_ns;
	life_of(r, &l);
	l.reap_exact = exact;
	l.reap_time = reap_t < l.exit_time ? l.exit_time : reap_t;
	ring_push(t, &l);
	if (!(r->flags & PR_PREDATES))
		reapstat_reap(t->stats, &k,
		    (double)(reap_ns - r->exit_ns) / 1e9,
		    (double)reap_ns / 1e9);
}

struct ptable_age
ptable_exit_time(struct ptable *t, pid_t pid, unsigned long long start_ticks)
{
	struct ptable_age a = {-1, false};
	const struct prec *r;

	pthread_mutex_lock(&t->lock);
	r = ptable_find(t, pid);
	if (r && ptable_rec_is(r, start_ticks) && (r->flags & PR_EXITED) &&
	    !(r->flags & PR_PREDATES)) {
		a.age = r->exit_t;
		a.exact = r->flags & PR_EXIT_EXACT;
	}
	pthread_mutex_unlock(&t->lock);
	return a;
}

int
ptable_zombie_seen(struct ptable *t, pid_t pid, unsigned long long start_ticks,
    double *when, pid_t *ppid)
{
	const struct prec *r;
	int rc = -ENOENT;

	pthread_mutex_lock(&t->lock);
	r = ptable_find(t, pid);
	if (r && ptable_rec_is(r, start_ticks) && r->seen_t >= 0) {
		*when = r->seen_t;
		*ppid = r->seen_ppid;
		rc = 0;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

struct ptable_age
ptable_zombie_age(
    struct ptable *t, pid_t pid, unsigned long long start_ticks, double now)
{
	struct ptable_age a = ptable_exit_time(t, pid, start_ticks);

	if (a.age >= 0)
		a.age = now > a.age ? now - a.age : 0;
	return a;
}

size_t
ptable_take_lives(
    struct ptable *t, struct ptable_life *out, size_t n, uint64_t *dropped)
{
	size_t k = 0;

	pthread_mutex_lock(&t->lock);
	for (; k < n && t->ring_n; k++, t->ring_n--) {
		out[k] = t->ring[t->ring_head];
		t->ring_head = (t->ring_head + 1) % PTABLE_RING;
	}
	if (dropped)
		*dropped = t->lives_dropped;
	pthread_mutex_unlock(&t->lock);
	return k;
}

/* Whether a life's start (0: unknown, made by an exit event alone) is
 * start (any: whatever it is): one estimated from a fork event may be a
 * tick off. */
static bool
life_is(
    const struct ptable_life *l, pid_t pid, unsigned long long start, bool any)
{
	return l->pid == pid && (any || l->start_ticks == 0 ||
	                            ticks_near(l->start_ticks, start));
}

/* Under the lock: the newest life of (pid, start) in the ring, or NULL.
 * Taking lives moves ring_head, not the slots: the newest life is always
 * the one before head + n, and a slot keeps its life until PTABLE_RING
 * newer ones were pushed. */
static const struct ptable_life *
ring_find(const struct ptable *t, pid_t pid, unsigned long long start, bool any)
{
	size_t n =
	    t->ring_pushed < PTABLE_RING ? (size_t)t->ring_pushed : PTABLE_RING;
	size_t slot = (t->ring_head + t->ring_n) % PTABLE_RING;

	for (size_t k = 0; k < n; k++) {
		slot = (slot + PTABLE_RING - 1) % PTABLE_RING;
		if (life_is(&t->ring[slot], pid, start, any))
			return &t->ring[slot];
	}
	return NULL;
}

struct ptable_life *
ptable_rec_life(struct ptable *t, const struct prec *r)
{
	return (struct ptable_life *)ring_find(t, r->pid, r->start, false);
}

static int
life_copy(struct ptable *t, pid_t pid, unsigned long long start, bool any,
    struct ptable_life *out)
{
	const struct ptable_life *l;

	pthread_mutex_lock(&t->lock);
	l = ring_find(t, pid, start, any);
	if (l)
		*out = *l;
	pthread_mutex_unlock(&t->lock);
	return l ? 0 : -ENOENT;
}

int
ptable_zombie_life(struct ptable *t, pid_t pid, unsigned long long start,
    struct ptable_life *out)
{
	return life_copy(t, pid, start, false, out);
}

int
ptable_last_life(struct ptable *t, pid_t pid, struct ptable_life *out)
{
	return life_copy(t, pid, 0, true, out);
}

int
ptable_name(struct ptable *t, pid_t pid, unsigned long long start, char out[16])
{
	const struct prec *r;
	const struct ptable_life *l = NULL;
	int rc = 0;

	pthread_mutex_lock(&t->lock);
	r = ptable_find(t, pid);
	if (r && ptable_rec_is(r, start))
		memcpy(out, r->comm, sizeof(r->comm));
	else if ((l = ring_find(t, pid, start, false)))
		memcpy(out, l->comm, sizeof(l->comm));
	else
		rc = -ENOENT;
	pthread_mutex_unlock(&t->lock);
	return rc;
}

void
ptable_info(struct ptable *t, struct ptable_info *out)
{
	struct reapstat_info ri;

	pthread_mutex_lock(&t->lock);
	reapstat_info(t->stats, &ri);
	memset(out, 0, sizeof(*out));
	out->events = t->events;
	out->why = t->why;
	out->events_seen = t->events_seen;
	out->lost = t->lost;
	out->exits = t->exits;
	out->records = t->nrec;
	out->bytes = sizeof(*t) + t->rcap * sizeof(*t->rec) +
	             t->icap * sizeof(*t->idx) +
	             PTABLE_RING * sizeof(*t->ring) + ri.bytes;
	out->stale = t->stale;
	out->refused = t->refused;
	out->lives_dropped = t->lives_dropped;
	out->evicted = ri.evicted;
	pthread_mutex_unlock(&t->lock);
}

int
ptable_parent_stats(struct ptable *t, pid_t pid, unsigned long long start,
    struct reapstat_sum *out)
{
	int rc;

	pthread_mutex_lock(&t->lock);
	rc = reapstat_parent(t->stats, pid, start, zclock_mono(), out);
	pthread_mutex_unlock(&t->lock);
	return rc;
}

void
ptable_comm_stats(struct ptable *t,
    void (*fn)(void *arg, const char *comm, const struct reapstat_sum *s),
    void *arg)
{
	pthread_mutex_lock(&t->lock);
	reapstat_each_comm(t->stats, zclock_mono(), fn, arg);
	pthread_mutex_unlock(&t->lock);
}
