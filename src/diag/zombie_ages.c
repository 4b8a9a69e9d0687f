/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first-seen tracker of zombies, a pid-sorted array rebuilt on each
 * update from the snapshot's zombies; entries of reaped zombies drop out. */
#include "zombie_ages.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
	double now = snap_time(s);
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
