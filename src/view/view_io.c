/* SPDX-License-Identifier: GPL-2.0-or-later */
/* I/O rates for the table: the counters of the rows read on the scanner's
 * thread go to the process table (ptable_io), which keeps each process's
 * last read in its record; what stays here is one refresh's rates, by
 * snapshot entry. */
#include "view_io.h"
#include "pinspect.h"
#include "zclock.h"

#include <stdlib.h>

void
view_io_want(struct view_io *io, bool on)
{
	atomic_store(&io->wanted, on);
}

static void
rates_done(struct view_io_rates *s)
{
	free(s->r);
	free(s->w);
	*s = (struct view_io_rates){0};
}

/* Each row's counters, or NULL; *n how many were readable. */
static struct ptable_io_read *
read_rows(const struct ptree *t, size_t *n)
{
	struct ptable_io_read *in = malloc(t->nrows * sizeof(*in));

	*n = 0;
	for (size_t r = 0; in && r < t->nrows; r++) {
		size_t node = (size_t)t->rows[r].node;
		struct pinspect_io c;

		/* Not read by a partial refresh (off screen): not its io
		 * either; its next read's rate spans the time between. */
		if (t->snap->procs[node].flags & SPF_STALE)
			continue;
		if (pinspect_io_read(t->snap->procs[node].pid, &c) == 0)
			in[(*n)++] =
			    (struct ptable_io_read){node, c.rchar, c.wchar};
	}
	return in;
}

void
view_io_scan(struct view_io *io, struct ptable *table, const struct ptree *t)
{
	struct view_io_rates *s = &io->next;
	struct ptable_io_read *in;
	size_t n, len;

	rates_done(s);
	if (!atomic_load(&io->wanted) || !table || !t || t->nrows == 0)
		return;
	len = t->snap->n;
	s->r = malloc(len * sizeof(*s->r));
	s->w = malloc(len * sizeof(*s->w));
	if (!s->r || !s->w || !(in = read_rows(t, &n))) {
		rates_done(s);
		return;
	}
	for (size_t i = 0; i < len; i++)
		s->r[i] = s->w[i] = -1;
	s->n = len;
	ptable_io(table, t->snap, in, n, zclock_mono(), s->r, s->w);
	free(in);
}

void
view_io_adopt(struct view_io *io)
{
	rates_done(&io->cur);
	io->cur = io->next;
	io->next = (struct view_io_rates){0};
}

void
view_io_done(struct view_io *io)
{
	rates_done(&io->next);
	rates_done(&io->cur);
}

bool
view_io_rate(const struct view_io *io, size_t node, double *r, double *w)
{
	*r = *w = 0;
	if (node >= io->cur.n || io->cur.r[node] < 0)
		return false;
	*r = io->cur.r[node];
	*w = io->cur.w[node];
	return true;
}
