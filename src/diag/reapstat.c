/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reap latency series: two capped sets (parents, parent comms) of series,
 * each with totals since it began and a ring of ten one-minute slots for
 * the window. Sets are small (1024, 256): a linear search costs less than
 * the upkeep of an index, even at thousands of reaps per second. */
#include "reapstat.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const double reapstat_le[REAPSTAT_NB] = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25,
    0.5, 1, 2.5, 5, 10, 30, 60, 300, INFINITY};

/* One minute of one series. */
struct rs_slot {
	int64_t minute; /* floor(now / 60) this slot holds; its counts are
	                   stale when it is not one of the last ten */
	uint32_t exits, reaps, count, over;
	float min, max; /* latencies, to clamp the interpolation */
	uint32_t bucket[REAPSTAT_NB]; /* per bucket, not cumulative */
};

struct rs_series {
	pid_t pid;
	unsigned long long start;
	char comm[16];
	double first, last; /* first and latest activity (monotonic s) */
	uint64_t exits, reaps, count, over;
	double sum;
	uint64_t bucket[REAPSTAT_NB]; /* per bucket, not cumulative */
	struct rs_slot slot[REAPSTAT_SLOTS];
};

struct rs_set {
	struct rs_series *v; /* owned, grown up to max */
	size_t n, cap, max;
};

struct reapstat {
	struct rs_set parents, comms;
	double threshold;
	uint64_t evicted;
};

int
reapstat_new(struct reapstat **out)
{
	struct reapstat *r = calloc(1, sizeof(*r));

	*out = r;
	if (!r)
		return -ENOMEM;
	r->parents.max = REAPSTAT_MAX_PARENTS;
	r->comms.max = REAPSTAT_MAX_COMMS;
	r->threshold = REAPSTAT_THRESHOLD;
	return 0;
}

void
reapstat_free(struct reapstat *r)
{
	if (!r)
		return;
	free(r->parents.v);
	free(r->comms.v);
	free(r);
}

void
reapstat_set_threshold(struct reapstat *r, double seconds)
{
	r->threshold = seconds;
}

static bool
key_match(const struct rs_series *s, const struct reapstat_key *k, bool by_comm)
{
	if (by_comm)
		return strncmp(s->comm, k->comm, sizeof(s->comm)) == 0;
	/* A start estimated from a fork event may be one tick off the
	 * one /proc shows later: both name the same process. */
	return s->pid == k->pid &&
	       (s->start > k->start ? s->start - k->start
	                            : k->start - s->start) <= 1;
}

static struct rs_series *
set_find(const struct rs_set *set, const struct reapstat_key *k, bool by_comm)
{
	for (size_t i = 0; i < set->n; i++)
		if (key_match(&set->v[i], k, by_comm))
			return &set->v[i];
	return NULL;
}

/* The least recently active series: the one evicted at the cap. */
static struct rs_series *
set_oldest(const struct rs_set *set)
{
	struct rs_series *old = &set->v[0];

	for (size_t i = 1; i < set->n; i++)
		if (set->v[i].last < old->last)
			old = &set->v[i];
	return old;
}

static struct rs_series *
set_slot(struct reapstat *r, struct rs_set *set)
{
	if (set->n == set->max) {
		r->evicted++;
		return set_oldest(set);
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct rs_series *v;

		if (cap > set->max)
			cap = set->max;
		v = realloc(set->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		set->v = v;
		set->cap = cap;
	}
	return &set->v[set->n++];
}

static struct rs_series *
set_get(struct reapstat *r, struct rs_set *set, const struct reapstat_key *k,
    bool by_comm, double now)
{
	struct rs_series *s = set_find(set, k, by_comm);

	if (s)
		return s;
	s = set_slot(r, set);
	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < REAPSTAT_SLOTS; i++)
		s->slot[i].minute = -1;
	s->pid = k->pid;
	s->start = k->start;
	strncpy(s->comm, k->comm ? k->comm : "", sizeof(s->comm) - 1);
	s->first = now;
	return s;
}

/* now is CLOCK_MONOTONIC, never negative: truncation is floor (and needs
 * no libm). */
static int64_t
minute_of(double now)
{
	return (int64_t)(now / 60);
}

/* The slot of the minute of now, emptied if it held an older minute. */
static struct rs_slot *
series_slot(struct rs_series *s, double now)
{
	int64_t m = minute_of(now);
	struct rs_slot *sl = &s->slot[(uint64_t)m % REAPSTAT_SLOTS];

	if (sl->minute != m) {
		memset(sl, 0, sizeof(*sl));
		sl->minute = m;
	}
	s->last = now;
	return sl;
}

static int
bucket_of(double latency)
{
	int i = 0;

	while (i < REAPSTAT_NB - 1 && latency > reapstat_le[i])
		i++;
	return i;
}

static void
series_exit(struct rs_series *s, double now)
{
	s->exits++;
	series_slot(s, now)->exits++;
}

static void
series_reap(struct rs_series *s, double latency, double threshold, double now)
{
	struct rs_slot *sl = series_slot(s, now);
	int b;

	s->reaps++;
	sl->reaps++;
	if (latency < 0)
		return;
	b = bucket_of(latency);
	s->count++;
	s->sum += latency;
	s->bucket[b]++;
	sl->bucket[b]++;
	if (!sl->count || latency < sl->min)
		sl->min = (float)latency;
	if (!sl->count || latency > sl->max)
		sl->max = (float)latency;
	sl->count++;
	if (latency > threshold) {
		s->over++;
		sl->over++;
	}
}

/* Both series of a key: the parent's, and its comm's when the comm is
 * known. Stops at the first allocation failure. */
int
reapstat_exit(struct reapstat *r, const struct reapstat_key *parent, double now)
{
	struct rs_series *s = set_get(r, &r->parents, parent, false, now);

	if (!s)
		return -ENOMEM;
	series_exit(s, now);
	if (!parent->comm || !parent->comm[0])
		return 0;
	s = set_get(r, &r->comms, parent, true, now);
	if (!s)
		return -ENOMEM;
	series_exit(s, now);
	return 0;
}

int
reapstat_reap(struct reapstat *r, const struct reapstat_key *parent,
    double latency, double now)
{
	struct rs_series *s = set_get(r, &r->parents, parent, false, now);

	if (!s)
		return -ENOMEM;
	series_reap(s, latency, r->threshold, now);
	if (!parent->comm || !parent->comm[0])
		return 0;
	s = set_get(r, &r->comms, parent, true, now);
	if (!s)
		return -ENOMEM;
	series_reap(s, latency, r->threshold, now);
	return 0;
}

/* The window as of now: the slots of the last REAPSTAT_SLOTS minutes. */
struct rs_window {
	uint64_t exits, reaps, count, over;
	uint64_t bucket[REAPSTAT_NB];
	double min, max;
};

static void
window_of(const struct rs_series *s, double now, struct rs_window *w)
{
	int64_t m = minute_of(now);

	memset(w, 0, sizeof(*w));
	for (int i = 0; i < REAPSTAT_SLOTS; i++) {
		const struct rs_slot *sl = &s->slot[i];

		if (sl->minute < 0 || sl->minute > m ||
		    sl->minute <= m - REAPSTAT_SLOTS)
			continue;
		w->exits += sl->exits;
		w->reaps += sl->reaps;
		w->over += sl->over;
		for (int b = 0; b < REAPSTAT_NB; b++)
			w->bucket[b] += sl->bucket[b];
		if (sl->count && (!w->count || sl->min < w->min))
			w->min = sl->min;
		if (sl->count && (!w->count || sl->max > w->max))
			w->max = sl->max;
		w->count += sl->count;
	}
}

/* The q-quantile of the window: found in its bucket, then interpolated
 * linearly inside it. The bucket's bounds are narrowed to the window's
 * min and max, so a series of equal latencies gives that latency exactly
 * (50 reaps at 150 ms: p50 = 0.15, not the bucket's middle 0.175). */
static double
window_quantile(const struct rs_window *w, double q)
{
	double target = q * (double)w->count, below = 0, lo, hi;
	int b = 0;

	if (!w->count)
		return -1;
	if (target <= 0)
		return w->min;
	while (b < REAPSTAT_NB - 1 && below + (double)w->bucket[b] < target)
		below += (double)w->bucket[b++];
	lo = b ? reapstat_le[b - 1] : 0;
	hi = reapstat_le[b];
	if (lo < w->min)
		lo = w->min;
	if (hi > w->max)
		hi = w->max;
	if (hi < lo)
		hi = lo;
	return lo + (hi - lo) * ((target - below) / (double)w->bucket[b]);
}

static void
series_sum(const struct rs_series *s, double now, struct reapstat_sum *out)
{
	struct rs_window w;
	double span = (now - s->first) / 60;
	uint64_t cum = 0;

	window_of(s, now, &w);
	memset(out, 0, sizeof(*out));
	out->exits = s->exits;
	out->reaps = s->reaps;
	out->count = s->count;
	out->over = s->over;
	out->sum = s->sum;
	for (int b = 0; b < REAPSTAT_NB; b++)
		out->bucket[b] = cum += s->bucket[b];
	out->p50 = window_quantile(&w, 0.5);
	out->p99 = window_quantile(&w, 0.99);
	out->max = w.count ? w.max : -1;
	out->win_exits = w.exits;
	out->win_count = w.count;
	out->win_over = w.over;
	/* Per minute of the window, or of the series' life when shorter; a
	 * burst within the first minute counts as one minute's growth. */
	if (span < 1)
		span = 1;
	if (span > REAPSTAT_SLOTS)
		span = REAPSTAT_SLOTS;
	out->leak_per_min = ((double)w.exits - (double)w.reaps) / span;
}

int
reapstat_parent(const struct reapstat *r, pid_t pid, unsigned long long start,
    double now, struct reapstat_sum *out)
{
	struct reapstat_key k = {.pid = pid, .start = start};
	const struct rs_series *s = set_find(&r->parents, &k, false);

	if (!s)
		return -ENOENT;
	series_sum(s, now, out);
	return 0;
}

void
reapstat_each_comm(const struct reapstat *r, double now,
    void (*fn)(void *arg, const char *comm, const struct reapstat_sum *s),
    void *arg)
{
	for (size_t i = 0; i < r->comms.n; i++) {
		struct reapstat_sum sum;

		series_sum(&r->comms.v[i], now, &sum);
		fn(arg, r->comms.v[i].comm, &sum);
	}
}

void
reapstat_info(const struct reapstat *r, struct reapstat_info *out)
{
	out->parents = r->parents.n;
	out->comms = r->comms.n;
	out->evicted = r->evicted;
	out->bytes = sizeof(*r) +
	             (r->parents.cap + r->comms.cap) * sizeof(struct rs_series);
}
