/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What each zombie of the new snapshot carries over a refresh: its exit
 * time as the process table knows it (exact from a kernel event, else the
 * scan that first saw it). CPU% comes from the table too, with the tree
 * (view.c's after_scan). */
#include "view_carry.h"

#include <errno.h>
#include <stdlib.h>

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
	double *zs;
	bool *zp;

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

	if ((rc = resize_per_proc(v)) < 0)
		return rc;
	update_ages(v);
	return 0;
}
