/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What each process carries over a refresh, per entry of the new
 * snapshot: its CPU% from the tick delta since the last scan, matched by
 * (pid, start time), and for a zombie its exit time as the process table
 * knows it (exact from a kernel event, else the scan that first saw it). */
#include "view_carry.h"

#include <errno.h>
#include <stdlib.h>

/* Binary search over a pid-sorted mark array for the exact identity. */
static const struct ui_mark *
mark_find(const struct ui_mark *m, size_t n, struct ui_ident id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid].id.pid < id.pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ui_ident_eq(m[lo].id, id) ? &m[lo] : NULL;
}

/* CPU percentages from the tick deltas since the last scan, then the new
 * tick list replaces the old one. */
static int
update_cpu(struct view *v)
{
	const struct snap *s = v->snap;
	struct ui_mark *nt = malloc((s->n ? s->n : 1) * sizeof(*nt));
	double dt = v->scan_time - v->prev_scan_time;

	if (!nt)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		const struct ui_mark *old =
		    mark_find(v->ticks, v->nticks, ui_ident_of(p));

		/* Ticks a partial refresh did not read are of an older
		 * scan: no mark (-1), so the next read is no delta over
		 * several intervals divided by one. */
		nt[i] = (struct ui_mark){ui_ident_of(p),
		    p->flags & SPF_STALE ? -1.0 : (double)p->cpu_ticks};
		v->cpu[i] = 0;
		if (old && old->value >= 0 && !(p->flags & SPF_STALE) &&
		    v->prev_scan_time > 0 && dt > 0 && s->hz > 0 &&
		    (double)p->cpu_ticks >= old->value)
			v->cpu[i] = ((double)p->cpu_ticks - old->value) /
			            (double)s->hz / dt * 100.0;
	}
	free(v->ticks);
	v->ticks = nt;
	v->nticks = s->n;
	return 0;
}

/* The table was reconciled with this snapshot on the scanner's thread.
 * A zombie it cannot age was there at our first scan: it is at least as
 * old as the view. */
static void
update_ages(struct view *v)
{
	const struct snap *s = v->snap;

	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		struct ptable_age e = {-1, false};

		if (snap_is_zombie(p) && v->tl.table)
			e = ptable_exit_time(
			    v->tl.table, p->pid, p->start_ticks);
		v->zprior[i] = snap_is_zombie(p) && e.age < 0;
		v->zexact[i] = e.age >= 0 && e.exact;
		v->zsince[i] = e.age >= 0     ? e.age
		               : v->zprior[i] ? v->first_scan
		                              : 0;
	}
}

static int
resize_per_proc(struct view *v)
{
	size_t n = v->snap->n ? v->snap->n : 1;
	double *cpu = realloc(v->cpu, n * sizeof(*cpu));
	double *zs;
	bool *zp;

	if (!cpu)
		return -ENOMEM;
	v->cpu = cpu;
	zs = realloc(v->zsince, n * sizeof(*zs));
	if (!zs)
		return -ENOMEM;
	v->zsince = zs;
	zp = realloc(v->zprior, n * sizeof(*zp));
	if (!zp)
		return -ENOMEM;
	v->zprior = zp;
	zp = realloc(v->zexact, n * sizeof(*zp));
	if (!zp)
		return -ENOMEM;
	v->zexact = zp;
	return 0;
}

int
view_carry_update(struct view *v)
{
	int rc;

	if ((rc = resize_per_proc(v)) < 0 || (rc = update_cpu(v)) < 0)
		return rc;
	update_ages(v);
	return 0;
}
