/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Outcome tracking. A reaped zombie's pidfd shows POLLHUP (kernel 6.9 and
 * later); older kernels are asked through fdinfo ("Pid: -1"). The reaper is
 * the parent while the parent lives; once it died, whoever the zombie's
 * stat named as parent on the last read, if the reparenting was seen. */
#include "outcome.h"
#include "escape.h"
#include "kparse.h"
#include "procfs.h"
#include "wstatus.h"
#include "zclock.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* PIDFD_GET_INFO of linux/pidfd.h (6.13+; exit info 6.15+), defined here
 * because the headers of older systems lack it. Version 0, 64 bytes. */
struct outcome_pidfd_info {
	uint64_t mask;
	uint64_t cgroupid;
	uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid,
	    fsgid;
	int32_t exit_code;
};
#define OUTCOME_GET_INFO _IOWR(0xFF, 11, struct outcome_pidfd_info)
#define OUTCOME_INFO_EXIT (1ULL << 3)

#define TICK_MS 20

static pid_t
fresh_ppid(pid_t pid)
{
	struct kstat st;

	return procfs_stat(pid, &st) == 0 ? st.ppid : 0;
}

/* The reaper's name now: it may exit soon after (a short-lived init). */
static void
note_reaper(pid_t pid, char *comm, size_t size)
{
	struct kstat st;

	if (pid > 0 && procfs_stat(pid, &st) == 0)
		snprintf(comm, size, "%s", st.comm);
	else
		snprintf(comm, size, "?");
}

/* Without a pidfd: 1 when t is gone (its stat is gone, X, or shows another
 * process), 0 while it is there, -errno when /proc cannot tell (EMFILE):
 * an error is never taken for gone. */
static int
identity_state(const struct sigact_target *t)
{
	struct kstat st;
	int rc = procfs_stat(t->pid, &st);

	if (rc == -ESRCH)
		return 1;
	if (rc < 0)
		return rc;
	return st.start_ticks != t->start_ticks;
}

static bool
parent_gone(const struct sigact_target *t)
{
	struct kstat st;
	int rc = procfs_stat(t->pid, &st);

	if (rc < 0)
		return rc == -ESRCH;
	return st.start_ticks != t->start_ticks || st.state == 'Z';
}

/* Pidfds held by every outcome of the process together: the view may
 * follow several actions at once. */
static size_t fds_held;

/* Pidfds all outcomes may hold: OUTCOME_FD_CAP, less under a low limit. */
static size_t
fd_cap(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 4 < OUTCOME_FD_CAP)
		return (size_t)(rl.rlim_cur / 4);
	return OUTCOME_FD_CAP;
}

/* A pidfd if want_fd and one can be had, else follow by identity. */
static void
begin_zombie(struct outcome *o, struct outcome_zombie *z, bool want_fd)
{
	int rc = want_fd ? sigact_open(&z->id) : -EMFILE;

	z->fd = -1;
	if (rc >= 0) {
		z->fd = rc;
		return;
	}
	if (rc == -ENOSYS)
		o->no_pidfd = true;
	if (rc != -ESRCH)
		rc = identity_state(&z->id);
	if (rc == -ESRCH || rc > 0) {
		z->reaped = true;
		z->by = OUTCOME_BY_BEFORE;
	} else if (rc < 0) {
		z->err = rc;
	}
}

int
outcome_begin(struct outcome *o, const struct sigact_group *g)
{
	size_t cap = fd_cap();

	memset(o, 0, sizeof(*o));
	o->parent = g->parent;
	o->parent_fd = fds_held < cap ? sigact_open(&g->parent) : -EMFILE;
	o->no_pidfd = o->parent_fd == -ENOSYS;
	o->parent_exited = o->parent_fd == -ESRCH ||
	                   (o->parent_fd == -EMFILE && parent_gone(&g->parent));
	if (o->parent_fd < 0)
		o->parent_fd = -1;
	else
		fds_held++;
	o->z = calloc(g->nzombies ? g->nzombies : 1, sizeof(*o->z));
	if (!o->z) {
		outcome_done(o);
		return -ENOMEM;
	}
	o->n = g->nzombies;
	for (size_t i = 0; i < o->n; i++) {
		struct outcome_zombie *z = &o->z[i];

		z->id = g->zombies[i];
		z->last_ppid = g->parent.pid;
		begin_zombie(o, z, !o->no_pidfd && fds_held < cap);
		fds_held += z->fd >= 0;
	}
	o->t0 = zclock_mono();
	return 0;
}

void
outcome_start(struct outcome *o)
{
	o->t0 = zclock_mono();
}

static bool
fd_reaped(struct outcome_zombie *z, short revents)
{
	char path[64], buf[512];
	int fd = z->fd, rc;
	pid_t pid;
	ssize_t n;

	if (fd < 0) {
		rc = identity_state(&z->id);
		z->err = rc < 0 ? rc : 0;
		return rc > 0;
	}
	if (revents & POLLHUP)
		return true;
	snprintf(path, sizeof(path), "self/fdinfo/%d", fd);
	n = procfs_read(0, path, buf, sizeof(buf));
	return n > 0 && kparse_fdinfo_pid(buf, (size_t)n, &pid) == 0 &&
	       pid == -1;
}

static void
collect_exit(struct outcome_zombie *z)
{
	struct outcome_pidfd_info info;

	memset(&info, 0, sizeof(info));
	info.mask = OUTCOME_INFO_EXIT;
	if (ioctl(z->fd, OUTCOME_GET_INFO, &info) == 0 &&
	    (info.mask & OUTCOME_INFO_EXIT)) {
		z->exit_known = true;
		z->exit_raw = info.exit_code;
	}
}

static void
mark_reaped(struct outcome *o, struct outcome_zombie *z)
{
	z->reaped = true;
	z->after = zclock_since(o->t0);
	if (!o->parent_exited) {
		z->by = OUTCOME_BY_PARENT;
		z->reaper = o->parent.pid;
	} else {
		z->by = OUTCOME_BY_NEW_PARENT;
		z->reaper = z->last_ppid != o->parent.pid ? z->last_ppid
		                                          : o->new_parent;
	}
	if (z->reaper == z->last_ppid && z->last_ppid_comm[0])
		memcpy(
		    z->reaper_comm, z->last_ppid_comm, sizeof(z->reaper_comm));
	else
		note_reaper(z->reaper, z->reaper_comm, sizeof(z->reaper_comm));
	if (z->fd >= 0) {
		collect_exit(z);
		close(z->fd);
		fds_held--;
		z->fd = -1;
	}
}

/* Re-reads the parents of the zombies still there; after the parent died
 * this is how the new parent is seen before it reaps them. */
static void
refresh_ppids(struct outcome *o)
{
	for (size_t i = 0; i < o->n; i++) {
		struct outcome_zombie *z = &o->z[i];
		pid_t pp;

		if (z->reaped || !(pp = fresh_ppid(z->id.pid)))
			continue;
		if (pp != z->last_ppid || !z->last_ppid_comm[0])
			note_reaper(
			    pp, z->last_ppid_comm, sizeof(z->last_ppid_comm));
		z->last_ppid = pp;
		if (o->parent_exited && pp != o->parent.pid && !o->new_parent)
			o->new_parent = pp;
	}
}

/* Whether the parent has exited, asked again now. */
static bool
parent_exited_now(const struct outcome *o)
{
	struct pollfd pf = {.fd = o->parent_fd, .events = POLLIN};

	if (o->parent_fd < 0)
		return parent_gone(&o->parent);
	return poll(&pf, 1, 0) > 0 && (pf.revents & (POLLIN | POLLHUP));
}

static size_t
check_fds(struct outcome *o, const struct pollfd *pf)
{
	bool seen[o->n + 1];
	size_t pending = 0, found = 0;

	memset(seen, 0, sizeof(seen));
	if (o->parent_fd >= 0 && (pf[o->n].revents & (POLLIN | POLLHUP)))
		o->parent_exited = true;
	else if (o->parent_fd < 0 && !o->parent_exited)
		o->parent_exited = parent_gone(&o->parent);
	/* Read before judging: a zombie still there shows its new parent. */
	if (o->parent_exited)
		refresh_ppids(o);
	for (size_t i = 0; i < o->n; i++) {
		seen[i] = !o->z[i].reaped && fd_reaped(&o->z[i], pf[i].revents);
		found += seen[i];
		pending += !o->z[i].reaped && !seen[i];
	}
	/* Reading thousands of zombies takes a while: a parent that died
	 * meanwhile left them to a new parent, which may have reaped them. */
	if (found && !o->parent_exited && parent_exited_now(o)) {
		o->parent_exited = true;
		refresh_ppids(o);
	}
	for (size_t i = 0; i < o->n; i++)
		if (seen[i])
			mark_reaped(o, &o->z[i]);
	return pending;
}

size_t
outcome_poll(struct outcome *o, int timeout_ms)
{
	struct pollfd pf[o->n + 1];
	size_t pending;

	for (size_t i = 0; i < o->n; i++) {
		/* An exited process is always POLLIN: wait for POLLHUP only. */
		pf[i].fd = o->z[i].reaped ? -1 : o->z[i].fd;
		pf[i].events = 0;
		pf[i].revents = 0;
	}
	pf[o->n].fd = o->parent_exited ? -1 : o->parent_fd;
	pf[o->n].events = POLLIN;
	pf[o->n].revents = 0;
	if (poll(pf, o->n + 1, timeout_ms > 0 ? timeout_ms : 0) < 0)
		for (size_t i = 0; i <= o->n; i++)
			pf[i].revents = 0;
	pending = check_fds(o, pf);
	o->elapsed = zclock_since(o->t0);
	return pending;
}

size_t
outcome_wait(struct outcome *o, double timeout)
{
	size_t pending = outcome_poll(o, 0);
	double left;

	while (pending > 0 && (left = timeout - zclock_since(o->t0)) > 0) {
		int ms = (int)(left * 1000) + 1;

		pending = outcome_poll(o, ms < TICK_MS ? ms : TICK_MS);
	}
	return pending;
}

size_t
outcome_reaped(const struct outcome *o)
{
	size_t n = 0;

	for (size_t i = 0; i < o->n; i++)
		n += o->z[i].reaped;
	return n;
}

void
outcome_set_new_parent(struct outcome *o, pid_t pid)
{
	if (!o->new_parent)
		o->new_parent = pid;
	for (size_t i = 0; i < o->n; i++)
		if (o->z[i].by == OUTCOME_BY_NEW_PARENT && !o->z[i].reaper) {
			o->z[i].reaper = o->new_parent;
			note_reaper(o->new_parent, o->z[i].reaper_comm,
			    sizeof(o->z[i].reaper_comm));
		}
}

pid_t
outcome_new_parent(
    const struct snap *before, const struct snap *after, pid_t old_parent)
{
	for (size_t i = 0; i < before->n; i++) {
		const struct snap_proc *b = &before->procs[i], *a;

		if (b->ppid != old_parent)
			continue;
		a = snap_find(after, b->pid);
		if (a && a->start_ticks == b->start_ticks &&
		    a->ppid != old_parent)
			return a->ppid;
	}
	return 0;
}

void
outcome_summary(const struct outcome *o, char *buf, size_t size)
{
	size_t reaped = outcome_reaped(o);
	double t = o->elapsed;

	if (reaped == o->n) {
		t = 0;
		for (size_t i = 0; i < o->n; i++)
			if (o->z[i].after > t)
				t = o->z[i].after;
	}
	snprintf(buf, size, "%zu of %zu zombie%s reaped in %.2f s", reaped,
	    o->n, o->n == 1 ? "" : "s", t);
}

/* "1234 (name)" with the name noted at the reap, escaped. */
static void
name_of(const struct outcome_zombie *z, char *buf, size_t size)
{
	char esc[KPARSE_COMM_MAX * 4 + 1];

	escape_buf(z->reaper_comm, strlen(z->reaper_comm), esc, sizeof(esc), 0);
	snprintf(buf, size, "%d (%s)", (int)z->reaper, esc);
}

static void
exit_text(const struct outcome_zombie *z, char *buf, size_t size)
{
	char st[64];

	buf[0] = '\0';
	if (!z->exit_known)
		return;
	wstatus_describe(z->exit_raw, st, sizeof(st));
	snprintf(buf, size, "; it collected \"%s\"", st);
}

static void
describe_new_parent(const struct outcome *o, const struct outcome_zombie *z,
    const char *st, char *buf, size_t size)
{
	char who[300];

	if (z->reaper > 0) {
		name_of(z, who, sizeof(who));
		snprintf(buf, size,
		    "zombie %d reaped by %s, its new parent after %d exited, "
		    "after %.2f s%s",
		    (int)z->id.pid, who, (int)o->parent.pid, z->after, st);
		return;
	}
	snprintf(buf, size,
	    "zombie %d reaped after %.2f s by its new parent after %d exited "
	    "(not seen in time: the nearest subreaper above %d, else init)%s",
	    (int)z->id.pid, z->after, (int)o->parent.pid, (int)o->parent.pid,
	    st);
}

void
outcome_describe(
    const struct outcome *o, size_t i, const char *try, char *buf, size_t size)
{
	const struct outcome_zombie *z = &o->z[i];
	char who[300], st[96];

	exit_text(z, st, sizeof(st));
	switch (z->by) {
	case OUTCOME_BY_BEFORE:
		snprintf(buf, size,
		    "zombie %d was already gone before the action",
		    (int)z->id.pid);
		break;
	case OUTCOME_BY_PARENT:
		name_of(z, who, sizeof(who));
		snprintf(buf, size,
		    "zombie %d reaped by its parent %s after %.2f s%s",
		    (int)z->id.pid, who, z->after, st);
		break;
	case OUTCOME_BY_NEW_PARENT:
		describe_new_parent(o, z, st, buf, size);
		break;
	default:
		if (z->err) {
			snprintf(buf, size,
			    "zombie %d: could not be followed: %s",
			    (int)z->id.pid, strerror(-z->err));
			break;
		}
		snprintf(buf, size,
		    "zombie %d: still a zombie; the parent did not reap it%s%s",
		    (int)z->id.pid, try ? ": try " : "", try ? try : "");
	}
}

int
outcome_log(const struct outcome *o, struct evlog *log)
{
	int added = 0;

	for (size_t i = 0; i < o->n; i++) {
		const struct outcome_zombie *z = &o->z[i];
		struct evlog_event ev;

		if (!z->reaped || z->by == OUTCOME_BY_BEFORE)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVLOG_REAPED;
		ev.pid = z->id.pid;
		ev.ppid = z->reaper;
		ev.by_new_parent = z->by == OUTCOME_BY_NEW_PARENT;
		ev.after = z->after;
		ev.exit_known = z->exit_known;
		ev.exit_raw = z->exit_raw;
		evlog_add(log, &ev);
		added++;
	}
	return added;
}

void
outcome_done(struct outcome *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++)
		if (o->z[i].fd >= 0) {
			close(o->z[i].fd);
			fds_held--;
		}
	if (o->parent_fd >= 0) {
		close(o->parent_fd);
		fds_held--;
	}
	free(o->z);
	memset(o, 0, sizeof(*o));
	o->parent_fd = -1;
}
