/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot as a container: an array of processes sorted by pid, with
 * the queries every view needs (find, counts, warnings). Filling it from
 * /proc is snap_reader.c's job; tests and the lab fill it by hand. */
#include "snap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
snap_push(struct snap *s, const struct snap_proc *p)
{
	struct snap_proc *np;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;

		np = realloc(s->procs, cap * sizeof(*np));
		if (!np)
			return -ENOMEM;
		s->procs = np;
		s->cap = cap;
	}
	s->procs[s->n++] = *p;
	return 0;
}

void
snap_proc_done(struct snap_proc *p)
{
	free(p->comm);
	free(p->cmdline);
	free(p->user);
}

static int
cmp_pid(const void *a, const void *b)
{
	const struct snap_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

void
snap_sort(struct snap *s)
{
	for (size_t i = 1; i < s->n; i++)
		if (s->procs[i - 1].pid > s->procs[i].pid) {
			qsort(s->procs, s->n, sizeof(*s->procs), cmp_pid);
			return;
		}
}

struct snap *
snap_new(void)
{
	struct snap *s = calloc(1, sizeof(*s));

	if (s) {
		s->hidepid = -1;
		s->privileged = true;
		s->hz = 100;
		s->sched_running = s->sched_blocked = -1;
	}
	return s;
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

int
snap_add(struct snap *s, const struct snap_proc *tmpl)
{
	struct snap_proc p = *tmpl;
	int rc;

	p.comm = dup_or_empty(tmpl->comm);
	p.cmdline = dup_or_empty(tmpl->cmdline);
	p.user = dup_or_empty(tmpl->user);
	rc = p.comm && p.cmdline && p.user ? snap_push(s, &p) : -ENOMEM;
	if (rc < 0)
		snap_proc_done(&p);
	return rc;
}

void
snap_free(struct snap *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		snap_proc_done(&s->procs[i]);
	free(s->procs);
	free(s);
}

static void
disown(char **mine, const char *theirs)
{
	if (*mine == theirs)
		*mine = NULL;
}

void
snap_proc_disown(struct snap_proc *p, const struct snap_proc *other)
{
	disown(&p->comm, other->comm);
	disown(&p->cmdline, other->cmdline);
	disown(&p->user, other->user);
}

/* Both are sorted by pid: one merge walk. */
void
snap_disown_shared(struct snap *prev, const struct snap *cur)
{
	size_t i = 0, j = 0;

	while (i < prev->n && j < cur->n) {
		if (prev->procs[i].pid < cur->procs[j].pid) {
			i++;
		} else if (prev->procs[i].pid > cur->procs[j].pid) {
			j++;
		} else {
			snap_proc_disown(&prev->procs[i++], &cur->procs[j++]);
		}
	}
}

const struct snap_proc *
snap_find(const struct snap *s, pid_t pid)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->procs[mid].pid == pid)
			return &s->procs[mid];
		if (s->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

double
snap_time(const struct snap *s)
{
	return (double)s->taken.tv_sec + (double)s->taken.tv_nsec / 1e9;
}

double
snap_start_epoch(const struct snap *s, const struct snap_proc *p)
{
	return s->boot_time + (double)p->start_ticks / (double)s->hz;
}

bool
snap_is_zombie(const struct snap_proc *p)
{
	return p->state == 'Z' && p->threads <= 1;
}

bool
snap_is_leader_exited(const struct snap_proc *p)
{
	return p->state == 'Z' && p->threads > 1;
}

void
snap_count(const struct snap *s, struct snap_counts *out)
{
	memset(out, 0, sizeof(*out));
	out->processes = s->n;
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];

		if (p->flags & SPF_THREAD) { /* H: threads are no tasks */
			out->processes--;
			continue;
		}
		switch (p->state) {
		case 'R':
			out->running++;
			break;
		case 'S':
			out->sleeping++;
			break;
		case 'D':
			out->disk_sleep++;
			break;
		case 'T':
		case 't':
			out->stopped++;
			break;
		case 'I':
			out->idle++;
			break;
		case 'Z':
			if (snap_is_zombie(p))
				out->zombies++;
			else
				out->leader_exited++;
			break;
		default:
			out->other++;
			break;
		}
	}
	if (s->partial && s->sched_running >= 0 && s->sched_blocked >= 0) {
		out->running = (size_t)s->sched_running;
		out->disk_sleep = (size_t)s->sched_blocked;
	}
}

const char *
snap_warning(const struct snap *s, int i)
{
	const char *w[2];
	int n = 0;

	if (s->hidepid > 0)
		w[n++] =
		    "/proc is mounted with hidepid: other users' processes "
		    "may be missing";
	if (!s->privileged)
		w[n++] =
		    "not privileged: exit statuses of other users' zombies "
		    "are not readable";
	return i >= 0 && i < n ? w[i] : NULL;
}

size_t
snap_live_children(const struct snap *s, pid_t parent)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->procs[i].ppid == parent && !snap_is_zombie(&s->procs[i]))
			n++;
	return n;
}
