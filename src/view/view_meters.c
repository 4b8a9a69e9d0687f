/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header meters' samples, two kept: CPU use is a difference of tick
 * counters, so the first refresh shows empty CPU bars. A file that could
 * not be read leaves its part zero (its err_* says so). */
#include "view_meters.h"

#include <string.h>

void
view_meters_scan(struct view_meters *m)
{
	meters_sample_done(&m->next); /* a scan never adopted */
	meters_read(&m->next);
	m->next_read = true;
}

void
view_meters_adopt(struct view_meters *m)
{
	if (!m->next_read)
		return;
	meters_sample_done(&m->prev);
	m->prev = m->cur;
	m->have_prev = m->have_cur;
	m->cur = m->next;
	m->have_cur = true;
	memset(&m->next, 0, sizeof(m->next));
	m->next_read = false;
}

void
view_meters_done(struct view_meters *m)
{
	meters_sample_done(&m->next);
	meters_sample_done(&m->prev);
	meters_sample_done(&m->cur);
	memset(m, 0, sizeof(*m));
}

size_t
view_meters_ncpu(const struct view_meters *m)
{
	return m->have_cur && m->cur.err_stat == 0 ? m->cur.stat.ncpu : 0;
}

bool
view_meters_cpu(const struct view_meters *m, long i, struct meters_cpu_use *u)
{
	const struct meters_stat *a = &m->prev.stat, *b = &m->cur.stat;
	long k;

	memset(u, 0, sizeof(*u));
	if (!m->have_prev || m->prev.err_stat || m->cur.err_stat)
		return false;
	if (i < 0) {
		meters_cpu_use(&a->total, &b->total, u);
		return true;
	}
	if ((size_t)i >= b->ncpu || (k = meters_cpu_find(a, b->cpu_id[i])) < 0)
		return false;
	meters_cpu_use(&a->cpu[k], &b->cpu[i], u);
	return true;
}
