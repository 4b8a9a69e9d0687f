/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A partial refresh reads /proc/PID/stat of a few processes (and the
 * command line and owner of new ones) instead of every process: a merge
 * walk over the previous snapshot, sorted by pid, and the sorted set of
 * pids to read. The planning half decides when a full scan is due. */
#include "snap_delta.h"
#include "kparse.h"
#include "procfs.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct delta_ctx {
	struct snap_reader *r;
	const struct snap *prev; /* borrowed, read only: strings shared */
	struct snap *s;
	long page_kb;
	int err;
	bool sweep;   /* want is all of /proc: prev's others are gone, and
	                 each owner is read again */
	pid_t *named; /* owned, sorted: the pids events named; each is read
	                 as a sweep reads it (owner and title again) */
	size_t nnamed;
};

static int
cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Sorts and drops repeats and non-pids; returns the new count. */
static size_t
sort_unique(pid_t *p, size_t n)
{
	size_t k = 0;

	qsort(p, n, sizeof(*p), cmp_pid);
	for (size_t i = 0; i < n; i++)
		if (p[i] > 0 && (k == 0 || p[k - 1] != p[i]))
			p[k++] = p[i];
	return k;
}

/* Whether pid is in the sorted named[0..n). */
static bool
is_named(const pid_t *named, size_t n, pid_t pid)
{
	return n && bsearch(&pid, named, n, sizeof(pid), cmp_pid);
}

/* pids[0..n), prev's children of pids[0..nnamed), the parents of prev's
 * zombies and the zombies that are not plain ones (a leader whose threads
 * run), sorted, unique: the caller frees *out. Returns the count or
 * -ENOMEM. Plain zombies not named are checked by keep_zombie. */
static ssize_t
want_set(const struct snap *prev, const pid_t *pids, size_t n, size_t nnamed,
    pid_t **out)
{
	pid_t *w = malloc((n + 2 * prev->n + 1) * sizeof(*w));
	size_t k = n, nn;

	if (!w)
		return -ENOMEM;
	if (n) /* pids may be NULL when n is 0 */
		memcpy(w, pids, n * sizeof(*w));
	nn = sort_unique(w, nnamed); /* w[0..nn): named, sorted */
	for (size_t i = 0; i < prev->n; i++) {
		const struct snap_proc *p = &prev->procs[i];

		if (p->state == 'Z') {
			if (!snap_is_zombie(p))
				w[k++] = p->pid;
			w[k++] = p->ppid;
		} else if (is_named(w, nn, p->ppid)) {
			w[k++] = p->pid;
		}
	}
	*out = w;
	return (ssize_t)sort_unique(w, k);
}

/* The owner, its name, command line of a process new to us, or one that
 * changed its name (an exec: new arguments, maybe a set-user-ID file). */
static void
read_names(struct delta_ctx *c, struct snap_proc *p)
{
	bool known = true;
	const char *u;

	if (procfs_uid(p->pid, &p->uid) < 0)
		p->uid = 0;
	u = snap_reader_user(c->r, p->uid, &known);
	p->user = u ? strdup(u) : NULL;
	if (!known)
		p->flags |= SPF_NO_USER;
	if (p->state == 'Z') {
		p->cmdline = strdup("");
	} else if (procfs_cmdline(p->pid, &p->cmdline) < 0) {
		p->cmdline = strdup("");
		p->flags |= SPF_NO_CMDLINE;
	}
	if (!p->user || !p->cmdline)
		c->err = -ENOMEM;
}

/* A zombie's status never changes: reuse what was read, else field 52
 * (and the ptrace check of a 0). */
static void
zombie_exit(
    struct snap_proc *p, const struct snap_proc *pp, const struct kstat *ks)
{
	if (pp && pp->state == 'Z' && pp->threads <= 1 && p->threads <= 1) {
		p->exit_raw = pp->exit_raw;
		p->flags |= pp->flags & (SPF_EXIT_KNOWN | SPF_EXIT_DENIED);
		return;
	}
	if (ks->has_exit_code) {
		p->exit_raw = ks->exit_code;
		p->flags |= SPF_EXIT_KNOWN;
		snap_reader_check_exit(p);
	}
}

static void
from_kstat(struct delta_ctx *c, struct snap_proc *p, const struct kstat *ks)
{
	p->pid = ks->pid;
	p->ppid = ks->ppid;
	p->state = ks->state;
	p->threads = (int)ks->threads;
	p->tty = ks->tty_nr;
	p->start_ticks = ks->start_ticks;
	p->cpu_ticks = ks->utime + ks->stime;
	p->rss_kb = ks->rss_pages > 0 ? (unsigned long)ks->rss_pages *
	                                    (unsigned long)c->page_kb
	                              : 0;
}

/* A sweep reads each owner again: the owner /proc shows may change
 * with no event (a process made not dumpable shows as root's); one
 * named by an event too (PEV_UID: setuid, a daemon that drops root). */
static void
reread_uid(struct delta_ctx *c, struct snap_proc *p)
{
	bool known = true;
	const char *u;
	uid_t uid;

	if (procfs_uid(p->pid, &uid) < 0 || uid == p->uid)
		return;
	p->uid = uid;
	u = snap_reader_user(c->r, uid, &known);
	p->flags &= ~(unsigned)SPF_NO_USER;
	p->flags |= known ? 0 : SPF_NO_USER;
	p->user = u ? strdup(u) : NULL; /* prev keeps the old name */
	if (!p->user)
		c->err = -ENOMEM;
}

/* A sweep reads a command line again where a full scan would: a process
 * that ran may have rewritten it with no new comm and no event; one named
 * by an event too (an exec of a program of the same name). */
static void
reread_title(struct snap_proc *p, const struct snap_proc *pp)
{
	char *cmd;

	if (!snap_reader_may_retitle(p, pp) || procfs_cmdline(p->pid, &cmd) < 0)
		return;
	p->cmdline = cmd; /* prev keeps the old one */
	p->flags &= ~(unsigned)SPF_NO_CMDLINE;
}

/* Reads pid again; pp is prev's entry of that pid or NULL. A gone process
 * (or one in state X, being reaped) is left out; a read that fails
 * otherwise keeps the old entry. */
static void
read_one(struct delta_ctx *c, pid_t pid, const struct snap_proc *pp)
{
	struct snap_proc p = {0};
	struct kstat ks;
	int rc = procfs_stat(pid, &ks);

	if (rc == -ESRCH || (rc < 0 && !pp))
		return;
	if (rc < 0) {
		p = *pp;
		p.flags |= SPF_STALE;
	} else {
		if (pp && pp->start_ticks != ks.start_ticks)
			pp = NULL; /* the pid was reaped and taken again */
		from_kstat(c, &p, &ks);
		p.flags = pp ? 0 : SPF_NEW;
		/* Names read alive are not a zombie's: it has no command
		 * line (as a full scan shows it). */
		if (pp && pp->comm && strcmp(pp->comm, ks.comm) == 0 &&
		    (p.state != 'Z' || pp->state == 'Z')) {
			p.uid = pp->uid;
			p.comm = pp->comm;
			p.cmdline = pp->cmdline;
			p.user = pp->user;
			p.flags |= pp->flags & (SPF_NO_CMDLINE | SPF_NO_USER);
			if (c->sweep || is_named(c->named, c->nnamed, pid)) {
				reread_uid(c, &p);
				reread_title(&p, pp);
			}
		} else if (!(p.comm = strdup(ks.comm))) {
			c->err = -ENOMEM;
			return;
		} else {
			read_names(c, &p);
		}
		if (p.state == 'Z')
			zombie_exit(&p, pp, &ks);
	}
	if (!c->err)
		c->err = snap_push(c->s, &p);
	if (c->err && pp)
		snap_proc_disown(&p, pp);
	if (c->err)
		snap_proc_done(&p);
}

/* An entry of prev not read again: copied, sharing its strings. */
static void
keep_one(struct delta_ctx *c, const struct snap_proc *pp)
{
	struct snap_proc p = *pp;

	p.flags &= ~(unsigned)SPF_NEW;
	p.flags |= SPF_STALE;
	if (!c->err)
		c->err = snap_push(c->s, &p);
}

/* Whether a process (not a thread) pid still exists: a pidfd opens on a
 * zombie until it is reaped, and not on a thread's TID (ENOENT or
 * EINVAL), which a reaped pid may have become without an event naming
 * it. Without pidfd_open (old kernels, valgrind), kill(pid, 0). */
static bool
still_there(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd >= 0) {
		close(fd);
		return true;
	}
	if (errno == ENOSYS)
		return !(kill(pid, 0) < 0 && errno == ESRCH);
	return errno != ESRCH && errno != ENOENT && errno != EINVAL;
}

/* A plain zombie of prev no event named: nothing of it can change but
 * its end (a reap, which has no event) or its parent (whose exit is an
 * event, which names the parent and so reads its children). The event
 * thread names the reap of a watched one; of another, whether it is
 * still there is asked without a /proc read. A new process on the pid
 * would have been named by its fork event, unless that came after the
 * plan: then the old copy stays one refresh more, as does a watched
 * zombie reaped after it. */
static void
keep_zombie(struct delta_ctx *c, const struct snap_proc *pp)
{
	struct snap_proc p = *pp;

	if (!(pp->flags & SPF_WATCHED) && !still_there(pp->pid))
		return;
	p.flags &= ~(unsigned)SPF_NEW;
	if (!c->err)
		c->err = snap_push(c->s, &p);
}

/* The merge walk: both lists are sorted by pid, so s comes out sorted. */
static void
merge(struct delta_ctx *c, const pid_t *want, size_t nw)
{
	const struct snap *prev = c->prev;
	size_t i = 0, j = 0;

	while ((i < prev->n || j < nw) && !c->err) {
		const struct snap_proc *pp =
		    i < prev->n ? &prev->procs[i] : NULL;

		if (pp && (j == nw || pp->pid < want[j])) {
			/* Unread: a sweep's want is all of /proc, so pp is
			 * gone; else it is kept. */
			if (!c->sweep) {
				if (snap_is_zombie(pp))
					keep_zombie(c, pp);
				else
					keep_one(c, pp);
			}
			i++;
		} else if (!pp || want[j] < pp->pid) {
			read_one(c, want[j++], NULL);
		} else {
			read_one(c, want[j++], pp);
			i++;
		}
	}
}

/* Every pid listed in /proc, sorted: the caller frees *out. */
static ssize_t
all_pids(pid_t **out)
{
	ssize_t n = procfs_pids(out);

	return n < 0 ? n : (ssize_t)sort_unique(*out, (size_t)n);
}

/* The snapshot over c->prev of a sweep, or of the pids[0..n) a partial
 * refresh reads (want_set). */
static int
build(struct delta_ctx *c, const pid_t *pids, size_t n, size_t nnamed,
    struct snap **out)
{
	pid_t *want = NULL;
	ssize_t nw;

	c->page_kb = snap_reader_page_kb(c->r);
	c->s = snap_new();
	if (!c->s)
		return -ENOMEM;
	/* Before the listing, as a full scan: the table does not end a
	 * process forked after this time that the listing missed. */
	clock_gettime(CLOCK_REALTIME, &c->s->taken);
	nw = c->sweep ? all_pids(&want)
	              : want_set(c->prev, pids, n, nnamed, &want);
	if (nw >= 0 && nnamed && !(c->named = malloc(nnamed * sizeof(pid_t))))
		nw = -ENOMEM;
	if (nw < 0) {
		free(want);
		snap_free(c->s);
		return (int)nw;
	}
	if (nnamed) {
		memcpy(c->named, pids, nnamed * sizeof(pid_t));
		c->nnamed = sort_unique(c->named, nnamed);
	}
	snap_reader_meta(c->r, c->s);
	c->s->partial = !c->sweep;
	if (procfs_sched(&c->s->sched_running, &c->s->sched_blocked) < 0)
		c->s->sched_running = c->s->sched_blocked = -1;
	merge(c, want, (size_t)nw);
	free(want);
	free(c->named);
	if (c->err) {
		snap_disown_shared(c->s, c->prev);
		snap_free(c->s);
		return c->err;
	}
	*out = c->s;
	return 0;
}

int
snap_delta_scan(struct snap_reader *r, const struct snap *prev,
    const pid_t *pids, size_t n, size_t nnamed, struct snap **out)
{
	struct delta_ctx c = {.r = r, .prev = prev};

	return build(&c, pids, n, nnamed, out);
}

int
snap_delta_sweep(
    struct snap_reader *r, const struct snap *prev, struct snap **out)
{
	struct delta_ctx c = {.r = r, .prev = prev, .sweep = true};

	return build(&c, NULL, 0, 0, out);
}

void
snap_delta_init(struct snap_delta *d, struct timeline *tl)
{
	memset(d, 0, sizeof(*d));
	d->tl = tl;
	d->every = SNAP_DELTA_EVERY;
	d->full = true;
}

void
snap_delta_done(struct snap_delta *d)
{
	free(d->pids);
	d->pids = NULL;
	d->n = d->nnamed = 0;
}

void
snap_delta_force(struct snap_delta *d)
{
	d->force = true;
}

void
snap_delta_all(struct snap_delta *d)
{
	d->all = true;
}

/* The pids named by events since the last plan, then extra: 0, or
 * -E2BIG (lost events, too many: scan all), -ENOTSUP (events off),
 * -ENOMEM. */
static int
named_pids(struct snap_delta *d, const pid_t *extra, size_t nextra)
{
	pid_t *named = NULL, *all;
	size_t n = 0;
	int rc = d->tl ? timeline_take_dirty(d->tl, &named, &n) : -ENOTSUP;

	if (rc < 0)
		return rc;
	all = realloc(named, (n + nextra + 1) * sizeof(*all));
	if (!all) {
		free(named);
		return -ENOMEM;
	}
	if (nextra)
		memcpy(all + n, extra, nextra * sizeof(*all));
	d->pids = all;
	d->n = n + nextra;
	d->nnamed = n;
	return 0;
}

int
snap_delta_plan(struct snap_delta *d, const struct snap *prev,
    const pid_t *extra, size_t nextra)
{
	bool due = d->since_full + 1 >= d->every;
	int rc;

	snap_delta_done(d);
	/* Taken even before a full scan: what was named before it is in
	 * it, and the next partial set starts from here. */
	rc = named_pids(d, extra, nextra);
	d->full = !prev || d->force || rc < 0;
	d->sweep = !d->full && (due || d->all);
	d->force = d->all = false;
	if (d->full || d->sweep) {
		snap_delta_done(d);
		d->since_full = 0;
	} else {
		d->since_full++;
	}
	return rc == -ENOMEM ? rc : 0;
}

/* Has the event thread watch each plain zombie of s not yet watched:
 * prev's watch goes on while it is the same process. Then the partial
 * refreshes to come need no check of it. */
static void
watch_zombies(struct snap_delta *d, const struct snap *prev, struct snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct snap_proc *p = &s->procs[i];
		const struct snap_proc *pp;

		if (!snap_is_zombie(p) ||
		    (p->flags & (SPF_WATCHED | SPF_THREAD)))
			continue;
		pp = prev ? snap_find(prev, p->pid) : NULL;
		if ((pp && (pp->flags & SPF_WATCHED) &&
		        pp->start_ticks == p->start_ticks) ||
		    timeline_watch_zombie(d->tl, p->pid) == 0)
			p->flags |= SPF_WATCHED;
	}
}

int
snap_delta_run(struct snap_delta *d, struct snap_reader *r,
    const struct snap *prev, struct snap **out)
{
	int rc;

	/* H turned on since the plan: threads come only from full scans. */
	if (d->full || !prev || snap_reader_threads(r)) {
		rc = snap_reader_scan(r, prev, out);
		d->fulls += rc == 0;
	} else if (d->sweep) {
		rc = snap_delta_sweep(r, prev, out);
		d->sweeps += rc == 0;
	} else {
		rc = snap_delta_scan(r, prev, d->pids, d->n, d->nnamed, out);
		if (rc == 0) {
			d->partials++;
			d->last_read = d->n;
		}
	}
	if (rc == 0 && d->tl && d->tl->src)
		watch_zombies(d, prev, *out);
	return rc;
}

int
snap_delta_take(struct snap_delta *d, struct snap_reader *r, struct snap *prev,
    struct snap **out)
{
	int rc = snap_delta_plan(d, prev, NULL, 0);

	if (rc == 0)
		rc = snap_delta_run(d, r, prev, out);
	if (rc == 0 && prev)
		snap_disown_shared(prev, *out);
	return rc;
}
