/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which rows a partial refresh of the view reads: those on screen (the
 * front end says how many it showed) and a page above and below, so that
 * scrolling a page shows rows read at the last refresh. */
#include "view_delta.h"

#include <errno.h>
#include <stdlib.h>

/* A sort by values that change with no event: a partial refresh would
 * order the rows it did not read by old reads. A filter (text or -u)
 * needs no more than a partial refresh: names and owners change with an
 * event (exec, comm, uid), which names the process, or a retitle, which
 * the periodic sweep reads. */
static bool
needs_all(const struct view *v)
{
	return v->list_mode &&
	       (v->sort == UI_SORT_CPU || v->sort == UI_SORT_MEM ||
	           v->sort == UI_SORT_STATE);
}

int
view_delta_plan(struct view *v)
{
	size_t page = v->shown ? v->shown : 1, lo, hi, n = 0;
	pid_t *pids;
	int rc;

	if (needs_all(v))
		snap_delta_all(&v->delta);
	lo = v->top > page ? v->top - page : 0;
	hi = v->top + 2 * page < v->nrows ? v->top + 2 * page : v->nrows;
	pids = malloc((hi - lo + 1) * sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	for (size_t r = lo; r < hi; r++)
		pids[n++] = view_proc(v, r)->pid;
	if (v->has_sel)
		pids[n++] = v->sel.pid;
	rc = snap_delta_plan(&v->delta, v->snap, pids, n);
	free(pids);
	return rc;
}

void
view_reconcile(struct view *v)
{
	snap_delta_all(&v->delta);
}
