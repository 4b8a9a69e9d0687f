/* SPDX-License-Identifier: GPL-2.0-or-later */
/* I/O rates for the table: two sets of counters kept, each sorted by pid
 * for the lookups of the cells; a PID reused by a new process does not
 * match (start time). */
#include "view_io.h"
#include "pinspect.h"
#include "zclock.h"

#include <stdlib.h>
#include <string.h>

void
view_io_want(struct view_io *io, bool on)
{
	atomic_store(&io->wanted, on);
}

static void
set_done(struct view_io_set *s)
{
	free(s->m);
	memset(s, 0, sizeof(*s));
}

static int
by_pid(const void *a, const void *b)
{
	const struct view_io_mark *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

void
view_io_scan(struct view_io *io, const struct ptree *t)
{
	struct view_io_set *s = &io->next;

	set_done(s);
	if (!atomic_load(&io->wanted) || !t || t->nrows == 0)
		return;
	if (!(s->m = malloc(t->nrows * sizeof(*s->m))))
		return;
	s->time = zclock_mono();
	for (size_t r = 0; r < t->nrows; r++) {
		const struct snap_proc *p = &t->snap->procs[t->rows[r].node];
		struct pinspect_io c;

		/* Not read by a partial refresh: no counters either, so its
		 * rate waits for two reads in a row (never a false one). */
		if (p->flags & SPF_STALE)
			continue;
		if (pinspect_io_read(p->pid, &c) == 0)
			s->m[s->n++] = (struct view_io_mark){
			    p->pid, p->start_ticks, c.rchar, c.wchar};
	}
	qsort(s->m, s->n, sizeof(*s->m), by_pid);
	s->read = true;
}

void
view_io_adopt(struct view_io *io)
{
	set_done(&io->prev);
	io->prev = io->cur;
	io->cur = io->next;
	memset(&io->next, 0, sizeof(io->next));
}

void
view_io_done(struct view_io *io)
{
	set_done(&io->next);
	set_done(&io->prev);
	set_done(&io->cur);
}

static const struct view_io_mark *
find(const struct view_io_set *s, pid_t pid, unsigned long long start)
{
	struct view_io_mark key = {.pid = pid};
	const struct view_io_mark *m =
	    s->n ? bsearch(&key, s->m, s->n, sizeof(*s->m), by_pid) : NULL;

	return m && m->start == start ? m : NULL;
}

bool
view_io_rate(const struct view_io *io, pid_t pid, unsigned long long start,
    double *r, double *w)
{
	const struct view_io_mark *a, *b;
	double dt = io->cur.time - io->prev.time;

	*r = *w = 0;
	if (!io->prev.read || !io->cur.read || dt <= 0 ||
	    !(a = find(&io->prev, pid, start)) ||
	    !(b = find(&io->cur, pid, start)))
		return false;
	*r = pinspect_io_rate(a->rchar, b->rchar, dt);
	*w = pinspect_io_rate(a->wchar, b->wchar, dt);
	return true;
}
