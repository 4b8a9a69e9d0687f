/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's time axis. The table's ring of finished lives has one reader
 * here: each refresh takes them all, so a zombie that lived less than a
 * refresh and was never on screen still counts in the sparkline. */
#include "view_time.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TAKE_STEP 256 /* lives taken from the table per call */

static double
overlap(double a, double b, double t0, double t1)
{
	if (a < t0)
		a = t0;
	if (b > t1)
		b = t1;
	return b > a ? b - a : 0;
}

static bool
zombie_in(const struct snap *s, const struct ptable_life *l)
{
	const struct snap_proc *p = snap_find(s, l->pid);

	return p && p->start_ticks == l->start_ticks && snap_is_zombie(p);
}

double
view_time_zsec(const struct snap *s, const double *zsince,
    const struct ptable_life *lives, size_t n, double t0, double t1)
{
	double sum = 0;

	for (size_t i = 0; i < s->n; i++)
		if (snap_is_zombie(&s->procs[i]))
			sum +=
			    overlap(zsince[i] > 0 ? zsince[i] : t0, t1, t0, t1);
	for (size_t i = 0; i < n; i++)
		if (!zombie_in(s, &lives[i]))
			sum += overlap(
			    lives[i].exit_time < 0 ? t0 : lives[i].exit_time,
			    lives[i].reap_time, t0, t1);
	return sum;
}

/* Room for k more lives in v->lives. */
static int
lives_room(struct view *v, size_t k)
{
	struct ptable_life *nl;
	size_t cap = v->caplives ? v->caplives : TAKE_STEP;

	while (cap < v->nlives + k)
		cap *= 2;
	if (cap == v->caplives)
		return 0;
	if (!(nl = realloc(v->lives, cap * sizeof(*nl))))
		return -ENOMEM;
	v->lives = nl;
	v->caplives = cap;
	return 0;
}

/* The lives reaped after the previous scan was taken stay for this
 * interval, which counts the rest of their time; the others go. */
static void
keep_late(struct view *v)
{
	size_t k = 0;

	for (size_t i = 0; i < v->nlives; i++)
		if (v->lives[i].reap_time > v->prev_scan_time)
			v->lives[k++] = v->lives[i];
	v->nlives = k;
}

int
view_time_update(struct view *v)
{
	size_t got;
	int rc;

	keep_late(v);
	v->lives_first = v->nlives;
	do {
		if ((rc = lives_room(v, TAKE_STEP)) < 0)
			return rc;
		got = v->tl.table ? ptable_take_lives(v->tl.table,
		                        v->lives + v->nlives, TAKE_STEP, NULL)
		                  : 0;
		v->nlives += got;
	} while (got == TAKE_STEP);
	v->zsec = v->prev_scan_time > 0
	              ? view_time_zsec(v->snap, v->zsince, v->lives, v->nlives,
	                    v->prev_scan_time, v->scan_time)
	              : -1;
	return 0;
}

int
view_time_parent(
    const struct view *v, const struct snap_proc *p, struct reapstat_sum *out)
{
	if (!v->tl.table || !p)
		return -ENOENT;
	return ptable_parent_stats(v->tl.table, p->pid, p->start_ticks, out);
}

int
view_time_reap(struct view *v)
{
	size_t n = v->snap->n ? v->snap->n : 1;
	struct view_reap *r = realloc(v->reap, n * sizeof(*r));

	if (!r)
		return -ENOMEM;
	v->reap = r;
	for (size_t i = 0; i < v->snap->n; i++) {
		struct reapstat_sum s;

		r[i] = (struct view_reap){-1, 0};
		if (view_time_parent(v, &v->snap->procs[i], &s) == 0)
			r[i] = (struct view_reap){s.p99, s.win_over};
	}
	return 0;
}

int
view_time_reap_cmp(const struct view_reap *a, const struct view_reap *b)
{
	if (a->p99 != b->p99)
		return a->p99 > b->p99 ? -1 : 1;
	if (a->over != b->over)
		return a->over > b->over ? -1 : 1;
	return 0;
}

static const char *
why_short(int err)
{
	switch (err) {
	case -ECANCELED:
		return "off (--no-events)";
	case -ECONNREFUSED:
		return "off (netns)";
	case -EPROTONOSUPPORT:
	case -EAFNOSUPPORT:
	case -ENOENT:
		return "off (no connector)";
	case -EPERM:
	case -EACCES:
		return "off (not permitted)";
	case -ETIMEDOUT:
		return "off (no answer)";
	case -ENOMEM:
	case -ENOBUFS:
		return "off (no memory)";
	case -EMFILE:
	case -ENFILE:
		return "off (no fds)";
	default:
		return "off (failed)";
	}
}

const char *
view_time_events(const struct view *v, bool shrt)
{
	if (v->tl.events_err == 0 && v->tl.src)
		return "on";
	return shrt ? "off" : why_short(v->tl.events_err);
}
