/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Collapsed and tagged processes: flags in the process table's records
 * (the store, which the scan's sweep prunes), mirrored per entry of the
 * current snapshot in v->vflags (what rows and drawing read). */
#include "view_mark.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
view_mark_update(struct view *v)
{
	size_t n = v->snap->n ? v->snap->n : 1;
	unsigned char *f = realloc(v->vflags, n);

	if (!f)
		return -ENOMEM;
	v->vflags = f;
	v->nvflags = v->snap->n;
	if (v->tl.table)
		ptable_vflags(v->tl.table, v->snap, f);
	else
		memset(f, 0, n);
	return 0;
}

/* p's index in the current snapshot, or -1 (not one of its entries). */
static long
index_of(const struct view *v, const struct snap_proc *p)
{
	if (!v->snap || !p || p < v->snap->procs ||
	    p >= v->snap->procs + v->nvflags)
		return -1;
	return (long)(p - v->snap->procs);
}

static bool
has(const struct view *v, const struct snap_proc *p, unsigned bit)
{
	long i = index_of(v, p);

	return i >= 0 && (v->vflags[i] & bit);
}

static int
set(struct view *v, const struct snap_proc *p, unsigned bit, bool on)
{
	long i = index_of(v, p);
	int rc;

	if (i < 0 || !v->tl.table)
		return -ENOENT;
	rc = ptable_vflag_set(v->tl.table, p->pid, p->start_ticks, bit, on);
	if (rc == 0)
		v->vflags[i] = (unsigned char)(on ? v->vflags[i] | bit
		                                  : v->vflags[i] & ~bit);
	return rc;
}

static void
clear_all(struct view *v, unsigned bit)
{
	if (v->tl.table)
		ptable_vflag_clear_all(v->tl.table, bit);
	for (size_t i = 0; i < v->nvflags; i++)
		v->vflags[i] &= (unsigned char)~bit;
}

int
view_set_collapsed(struct view *v, bool collapsed)
{
	const struct snap_proc *p = view_selected(v);

	if (!p || collapsed == view_is_collapsed(v, p))
		return 0;
	return set(v, p, PTABLE_COLLAPSED, collapsed);
}

bool
view_is_collapsed(const struct view *v, const struct snap_proc *p)
{
	return has(v, p, PTABLE_COLLAPSED);
}

void
view_expand_all(struct view *v)
{
	clear_all(v, PTABLE_COLLAPSED);
}

void
view_uncollapse(struct view *v, const struct snap_proc *p)
{
	set(v, p, PTABLE_COLLAPSED, false);
}

int
view_set_tagged(struct view *v, const struct snap_proc *p, bool on)
{
	return set(v, p, PTABLE_TAGGED, on);
}

bool
view_is_tagged(const struct view *v, const struct snap_proc *p)
{
	return has(v, p, PTABLE_TAGGED);
}

size_t
view_tagged(const struct view *v, pid_t *pids, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < v->nvflags; i++)
		if (v->vflags[i] & PTABLE_TAGGED) {
			if (k < n)
				pids[k] = v->snap->procs[i].pid;
			k++;
		}
	return k;
}

void
view_untag_all(struct view *v)
{
	clear_all(v, PTABLE_TAGGED);
}
