/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the view keeps in the process table's records: each process's CPU%
 * from its tick delta between two scans, computed on the scanner's thread
 * when the scan reconciles the table, so that the view reads it with one
 * call per refresh instead of matching snapshots itself; and the view's
 * flags on a process (collapsed, tagged), which go with its record when
 * the sweep ends it, so a reused pid never inherits them; and its last
 * /proc/PID/io counters for the I/O rate columns. */
#include "pinspect.h"
#include "ptable_int.h"

#include <errno.h>

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

void
ptable_io(struct ptable *t, const struct snap *s,
    const struct ptable_io_read *in, size_t n, double now, float *r, float *w)
{
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < n; i++) {
		const struct snap_proc *p = &s->procs[in[i].node];
		struct prec *rec = ptable_find(t, p->pid);
		double dt;

		if (!rec || rec->start != p->start_ticks)
			continue;
		dt = now - rec->io_t;
		if (rec->io_t > 0 && dt > 0) {
			r[in[i].node] = (float)pinspect_io_rate(
			    rec->io_rchar, in[i].rchar, dt);
			w[in[i].node] = (float)pinspect_io_rate(
			    rec->io_wchar, in[i].wchar, dt);
		}
		rec->io_rchar = in[i].rchar;
		rec->io_wchar = in[i].wchar;
		rec->io_t = now;
	}
	pthread_mutex_unlock(&t->lock);
}

int
ptable_vflag_set(struct ptable *t, pid_t pid, unsigned long long start,
    unsigned bits, bool on)
{
	struct ptable_life *l;
	struct prec *r;
	int rc = -ENOENT;

	pthread_mutex_lock(&t->lock);
	r = ptable_find(t, pid);
	/* A zombie reaped since the scan is still on screen: it may be
	 * marked as before; its record and marks go at the next sweep. */
	if (r && ptable_rec_is(r, start)) {
		r->vflags = on ? r->vflags | bits : r->vflags & ~bits;
		rc = 0;
	}
	/* Reaped already: its life went to the ring with the marks it had
	 * then, and a mark set now (an action's quiet one, the reap racing
	 * the signal) must reach the life too. */
	if (rc == 0 && (r->flags & PR_DONE) && (l = ptable_rec_life(t, r)))
		l->vflags = (unsigned char)r->vflags;
	pthread_mutex_unlock(&t->lock);
	return rc;
}

void
ptable_vflag_clear_all(struct ptable *t, unsigned bits)
{
	pthread_mutex_lock(&t->lock);
	for (size_t k = 0; k < t->nrec; k++)
		t->rec[k].vflags &= ~bits;
	pthread_mutex_unlock(&t->lock);
}

void
ptable_vflags(struct ptable *t, const struct snap *s, unsigned char *out)
{
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		const struct prec *r = ptable_find(t, p->pid);

		out[i] = r && r->start == p->start_ticks
		             ? (unsigned char)r->vflags
		             : 0;
	}
	pthread_mutex_unlock(&t->lock);
}
