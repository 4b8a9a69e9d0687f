/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the view keeps in the process table's records: each process's CPU%
 * from its tick delta between two scans, computed on the scanner's thread
 * when the scan reconciles the table, so that the view reads it with one
 * call per refresh instead of matching snapshots itself. */
#include "ptable_int.h"

void
ptable_rec_cpu(
    struct ptable *t, struct prec *r, const struct snap_proc *p, double now)
{
	double dt = now - t->scan_t;

	r->cpu_pct = 0;
	/* A partial refresh did not read it (snap_delta): its ticks are of
	 * an older scan, so the next read must not make a delta of them. */
	if (p->flags & SPF_STALE) {
		r->cpu_ticks = ~0ULL;
		return;
	}
	/* Only over one interval: the scan before this one showed it (a
	 * record of an event has no ticks; one a scan skipped, old ones). */
	if ((r->flags & PR_SEEN) && r->gen + 1 == t->gen && dt > 0 &&
	    t->hz > 0 && p->cpu_ticks >= r->cpu_ticks)
		r->cpu_pct = (float)((double)(p->cpu_ticks - r->cpu_ticks) /
		                     (double)t->hz / dt * 100.0);
	r->cpu_ticks = p->cpu_ticks;
}

void
ptable_cpu(struct ptable *t, const struct snap *s, double *out)
{
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		const struct prec *r = ptable_find(t, p->pid);

		out[i] = r && r->gen == t->gen && r->start == p->start_ticks
		             ? (double)r->cpu_pct
		             : 0;
	}
	pthread_mutex_unlock(&t->lock);
}
