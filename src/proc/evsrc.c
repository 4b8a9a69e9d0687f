/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event thread: epoll over the proc connector's socket and a pidfd per
 * exited process, so the table learns each exit from the kernel and each
 * reap when it happens (POLLHUP from 6.9, else fdinfo "Pid: -1"); and a
 * pidfd per zombie a scan found, whose reap names it for the next refresh. */
#include "evsrc.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "kparse.h"
#include "pevents.h"
#include "procfs.h"
#include "ptable.h"

#define EV_MAX_PIDFDS 4096
/* How often open pidfds are checked where the kernel gives no POLLHUP. */
#define EV_FDINFO_MS 50
/* Events handled per wakeup, so reaps are timed even in a fork storm. */
#define EV_BATCH 1024
/* epoll tags of the two fixed fds; a pidfd's tag is its fd number, a
 * scan's zombie's EV_TAG_Z with its pid and fd. */
#define EV_TAG_NL ((uint64_t)1 << 32)
#define EV_TAG_STOP ((uint64_t)2 << 32)
#define EV_TAG_Z ((uint64_t)1 << 63)
/* Pids named by events between two partial refreshes, at most: past it
 * a full scan is cheaper than reading them one by one. */
#define EV_DIRTY_MAX 65536

struct watch {
	int fd; /* pidfd, owned */
	pid_t pid;
};

struct evsrc {
	struct ptable *t;   /* borrowed: outlives evsrc_stop */
	struct pevents *pe; /* owned */
	int ep, stopfd;     /* epoll; eventfd that evsrc_stop writes */
	pthread_t thread;
	atomic_bool rescan; /* events lost since the last evsrc_take_rescan */
	bool fdinfo;        /* no POLLHUP on reap: read fdinfo instead */
	unsigned long hz;   /* clock ticks per second (/proc start times) */
	size_t max;         /* pidfds of each kind, at most (fd_cap) */
	size_t nw, cap;
	struct watch *w;      /* exited, not yet reaped (owned) */
	uint64_t next_fdinfo; /* mono ns of the next fdinfo sweep */

	pthread_mutex_t zlock; /* guards the three below */
	struct watch *z;       /* zombies a scan handed over (owned) */
	size_t nz, capz;

	pthread_mutex_t dirty_lock; /* guards the four below */
	pid_t *dirty;               /* owned: pids named since the last take */
	size_t ndirty, capdirty;
	bool dirty_over; /* too many, or events lost: take says scan all */
};

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* POLLHUP on a reaped pidfd came with Linux 6.9. */
static bool
kernel_has_pollhup(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 9);
}

static int
pidfd_open_(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* The watch of pid (fd < 0) or of fd; NULL when none. A linear search:
 * at most max_pidfds entries, once per exit. */
static struct watch *
find_watch(struct evsrc *e, pid_t pid, int fd)
{
	for (size_t i = 0; i < e->nw; i++)
		if (fd < 0 ? e->w[i].pid == pid : e->w[i].fd == fd)
			return &e->w[i];
	return NULL;
}

/* pid was named by an event (fork, exec, comm, uid, exit) or reaped: the next
 * partial refresh reads it. A repeat of the last pid (a thread storm in
 * one process) is not stored twice. */
static void
note_dirty(struct evsrc *e, pid_t pid)
{
	pthread_mutex_lock(&e->dirty_lock);
	if (e->ndirty && e->dirty[e->ndirty - 1] == pid) {
		pthread_mutex_unlock(&e->dirty_lock);
		return;
	}
	if (e->ndirty == e->capdirty && !e->dirty_over) {
		size_t cap = e->capdirty ? e->capdirty * 2 : 256;
		pid_t *nd = cap <= EV_DIRTY_MAX
		                ? realloc(e->dirty, cap * sizeof(*nd))
		                : NULL;

		if (nd) {
			e->dirty = nd;
			e->capdirty = cap;
		} else {
			e->dirty_over = true;
		}
	}
	if (!e->dirty_over)
		e->dirty[e->ndirty++] = pid;
	pthread_mutex_unlock(&e->dirty_lock);
}

static void
note_over(struct evsrc *e)
{
	pthread_mutex_lock(&e->dirty_lock);
	e->dirty_over = true;
	pthread_mutex_unlock(&e->dirty_lock);
}

/* Stops watching w and tells the table of the reap. */
static void
reaped(struct evsrc *e, struct watch *w, bool exact)
{
	ptable_reaped(e->t, w->pid, mono_ns(), exact);
	note_dirty(e, w->pid);
	/* Not close alone: a child forked since (a lab, a tracer) holds the
	 * pidfd too, so its registration would outlive the close and its
	 * HUP, level-triggered, would name the next pidfd given this fd
	 * number: a reap at once. */
	if (!e->fdinfo)
		epoll_ctl(e->ep, EPOLL_CTL_DEL, w->fd, NULL);
	close(w->fd);
	*w = e->w[--e->nw];
}

/* Room for one more watch in *w, which holds n of *cap. */
static int
watch_room(struct watch **w, size_t n, size_t *cap)
{
	size_t c = *cap ? *cap * 2 : 64;
	struct watch *nw;

	if (n < *cap)
		return 0;
	if (!(nw = realloc(*w, c * sizeof(*nw))))
		return -ENOMEM;
	*w = nw;
	*cap = c;
	return 0;
}

static int
add_watch(struct evsrc *e, int fd, pid_t pid)
{
	struct epoll_event ev = {.events = 0, .data.u64 = (uint64_t)fd};

	if (watch_room(&e->w, e->nw, &e->cap) < 0)
		return -ENOMEM;
	/* No EPOLLIN (an exited process is always readable): EPOLLHUP, which
	 * epoll always reports, says the reap. Without it, fdinfo does. */
	if (!e->fdinfo && epoll_ctl(e->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	e->w[e->nw++] = (struct watch){fd, pid};
	return 0;
}

/* Boot-time ns (the clock of /proc start times) of monotonic ns mono. */
static uint64_t
boot_of_mono(uint64_t mono)
{
	struct timespec b, m;

	clock_gettime(CLOCK_BOOTTIME, &b);
	clock_gettime(CLOCK_MONOTONIC, &m);
	return mono + (uint64_t)(b.tv_sec - m.tv_sec) * 1000000000u +
	       (uint64_t)(b.tv_nsec - m.tv_nsec);
}

/* What a fresh pidfd of pid, which exited at mono ns exit_ns, shows: 1
 * keep watching, 0 reaped already (exact), -1 gone or reused (not
 * exact). */
static int
judge_pidfd(const struct evsrc *e, int fd, pid_t pid, uint64_t exit_ns)
{
	struct pollfd pf = {.fd = fd, .events = POLLIN};
	struct kstat ks;
	uint64_t start_ns;

	if (poll(&pf, 1, 0) < 0)
		return -1;
	if (pf.revents & POLLHUP)
		return 0;
	if (pf.revents & POLLIN)
		return 1;
	/* Not exited as a whole: threads still run (a leader that exited
	 * first), or a new process took the pid after the reap: it started
	 * after the exit (one tick of slack). */
	if (procfs_stat(pid, &ks) < 0)
		return -1;
	start_ns = ks.start_ticks * (1000000000u / e->hz);
	return start_ns <= boot_of_mono(exit_ns) + 1000000000u / e->hz ? 1 : -1;
}

/* Times the reap of pid, which exited at exit_ns: a pidfd, else the
 * scans do it. */
static void
watch_exit(struct evsrc *e, pid_t pid, uint64_t exit_ns)
{
	int fd, j;

	if (find_watch(e, pid, -1) || e->nw >= e->max)
		return;
	fd = pidfd_open_(pid);
	if (fd < 0) {
		if (errno == ESRCH)
			ptable_reaped(e->t, pid, mono_ns(), false);
		return;
	}
	j = judge_pidfd(e, fd, pid, exit_ns);
	if (j <= 0 || add_watch(e, fd, pid) < 0) {
		if (j <= 0)
			ptable_reaped(e->t, pid, mono_ns(), j == 0);
		close(fd);
	}
}

/* Drains the socket (up to EV_BATCH events) into the table. */
static void
on_events(struct evsrc *e)
{
	struct pev ev[64];
	size_t done = 0;

	while (done < EV_BATCH) {
		ssize_t n = pevents_read(e->pe, ev, 64);

		if (n == -ENOBUFS) {
			/* Flagged before it is counted: a flag taken is then
			 * never of a drop counted later (test_lost). */
			atomic_store(&e->rescan, true);
			ptable_lost(e->t, 1);
			note_over(e);
			done++;
			continue;
		}
		if (n <= 0)
			return;
		for (ssize_t i = 0; i < n; i++) {
			if (ev[i].kind != PEV_PTRACE)
				note_dirty(e, ev[i].tgid);
			if (ptable_event(e->t, &ev[i]) == 1)
				watch_exit(e, ev[i].tgid, ev[i].ts_ns);
		}
		done += (size_t)n;
	}
}

/* Kernels without POLLHUP on reap: fdinfo of each pidfd says Pid: -1. */
static void
sweep_fdinfo(struct evsrc *e)
{
	char name[64], buf[1024];

	for (size_t i = 0; i < e->nw;) {
		pid_t pid = 0;
		ssize_t n;

		snprintf(name, sizeof(name), "self/fdinfo/%d", e->w[i].fd);
		n = procfs_read(0, name, buf, sizeof(buf));
		if (n > 0 && kparse_fdinfo_pid(buf, (size_t)n, &pid) == 0 &&
		    pid == -1)
			reaped(e, &e->w[i], true);
		else
			i++;
	}
	e->next_fdinfo = mono_ns() + EV_FDINFO_MS * 1000000ull;
}

static int
wait_ms(const struct evsrc *e)
{
	uint64_t now;

	if (!e->fdinfo || !e->nw)
		return -1;
	now = mono_ns();
	if (now >= e->next_fdinfo)
		return 0;
	return (int)((e->next_fdinfo - now) / 1000000u) + 1;
}

/* A scan's zombie was reaped (HUP): the next partial refresh reads it,
 * and finds it gone. Its tag names the pid and the fd. */
static void
zombie_reaped(struct evsrc *e, uint64_t tag)
{
	pid_t pid = (pid_t)((tag >> 32) & 0x7fffffff);
	int fd = (int)(uint32_t)tag;

	pthread_mutex_lock(&e->zlock);
	for (size_t i = 0; i < e->nz; i++) {
		if (e->z[i].fd != fd || e->z[i].pid != pid)
			continue;
		epoll_ctl(e->ep, EPOLL_CTL_DEL, fd, NULL);
		close(fd);
		e->z[i] = e->z[--e->nz];
		note_dirty(e, pid);
		break;
	}
	pthread_mutex_unlock(&e->zlock);
}

/* One epoll result; false when asked to stop. */
static bool
dispatch(struct evsrc *e, const struct epoll_event *ev)
{
	struct watch *w;

	if (ev->data.u64 == EV_TAG_STOP)
		return false;
	if (ev->data.u64 == EV_TAG_NL) {
		on_events(e);
		return true;
	}
	if (ev->data.u64 & EV_TAG_Z) {
		zombie_reaped(e, ev->data.u64);
		return true;
	}
	w = find_watch(e, 0, (int)ev->data.u64);
	if (w && (ev->events & (EPOLLHUP | EPOLLERR)))
		reaped(e, w, true);
	return true;
}

static void *
run(void *arg)
{
	struct evsrc *e = arg;
	struct epoll_event evs[64];

	for (;;) {
		int n = epoll_wait(e->ep, evs, 64, wait_ms(e));

		if (n < 0 && errno != EINTR)
			return NULL;
		for (int i = 0; i < n; i++)
			if (!dispatch(e, &evs[i]))
				return NULL;
		if (e->fdinfo && e->nw && mono_ns() >= e->next_fdinfo)
			sweep_fdinfo(e);
	}
}

static int
add_fixed(struct evsrc *e, int fd, uint64_t tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = tag};

	return epoll_ctl(e->ep, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

/* The epoll set and the thread, which gets no signals (they are the main
 * thread's). 0 or -errno. */
static int
start_thread(struct evsrc *e)
{
	sigset_t all, old;
	int rc;

	e->ep = epoll_create1(EPOLL_CLOEXEC);
	if (e->ep < 0)
		return -errno;
	e->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (e->stopfd < 0)
		return -errno;
	rc = add_fixed(e, pevents_fd(e->pe), EV_TAG_NL);
	if (!rc)
		rc = add_fixed(e, e->stopfd, EV_TAG_STOP);
	if (rc)
		return rc;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&e->thread, NULL, run, e);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -rc;
}

/* Everything but the thread, which is joined before. */
static void
release(struct evsrc *e)
{
	for (size_t i = 0; i < e->nw; i++)
		close(e->w[i].fd);
	free(e->w);
	for (size_t i = 0; i < e->nz; i++)
		close(e->z[i].fd);
	free(e->z);
	pthread_mutex_destroy(&e->zlock);
	if (e->stopfd >= 0)
		close(e->stopfd);
	if (e->ep >= 0)
		close(e->ep);
	pevents_close(e->pe);
	pthread_mutex_destroy(&e->dirty_lock);
	free(e->dirty);
	free(e);
}

/* Pidfds of each kind (exits timed, zombies a scan hands over) held at
 * most: max, and a quarter of the file limit, as the outcomes take:
 * thousands of zombies under a limit of 1,024 must leave descriptors
 * for /proc and the terminal. */
static size_t
fd_cap(size_t max)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 4 < max)
		return (size_t)(rl.rlim_cur / 4);
	return max;
}

int
evsrc_start_opts(
    struct ptable *t, const struct evsrc_opts *o, struct evsrc **out)
{
	struct evsrc *e = calloc(1, sizeof(*e));
	int err;

	*out = NULL;
	if (!e) {
		ptable_set_events(t, false, pevents_why(-ENOMEM));
		return -ENOMEM;
	}
	e->t = t;
	e->ep = e->stopfd = -1;
	e->max = fd_cap(o && o->max_pidfds ? o->max_pidfds : EV_MAX_PIDFDS);
	e->fdinfo = (o && o->no_pollhup) || !kernel_has_pollhup();
	atomic_init(&e->rescan, false);
	pthread_mutex_init(&e->dirty_lock, NULL);
	pthread_mutex_init(&e->zlock, NULL);
	e->hz = sysconf(_SC_CLK_TCK) > 0 ? (unsigned long)sysconf(_SC_CLK_TCK)
	                                 : 100;
	err = pevents_open(&e->pe);
	if (!err && o && o->rcvbuf)
		err = pevents_set_rcvbuf(e->pe, o->rcvbuf);
	if (!err) {
		/* Before the thread: the table hears "on" before any event. */
		ptable_set_events(t, true, NULL);
		err = start_thread(e);
	}
	if (err) {
		ptable_set_events(t, false, pevents_why(err));
		release(e);
		return err;
	}
	*out = e;
	return 0;
}

int
evsrc_start(struct ptable *t, struct evsrc **out)
{
	return evsrc_start_opts(t, NULL, out);
}

void
evsrc_stop(struct evsrc *e)
{
	uint64_t one = 1;

	if (!e)
		return;
	/* Adding 1 to a fresh eventfd cannot fail (EINTR aside). */
	while (write(e->stopfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	pthread_join(e->thread, NULL);
	release(e);
}

bool
evsrc_take_rescan(struct evsrc *e)
{
	return e && atomic_exchange(&e->rescan, false);
}

int
evsrc_take_dirty(struct evsrc *e, pid_t **pids, size_t *n)
{
	int rc = 0;

	*pids = NULL;
	*n = 0;
	if (!e)
		return -ENOTSUP;
	pthread_mutex_lock(&e->dirty_lock);
	if (e->dirty_over)
		rc = -E2BIG;
	else {
		*pids = e->dirty;
		*n = e->ndirty;
		e->dirty = NULL;
		e->capdirty = 0;
	}
	free(e->dirty);
	e->dirty = NULL;
	e->ndirty = e->capdirty = 0;
	e->dirty_over = false;
	pthread_mutex_unlock(&e->dirty_lock);
	return rc;
}

/* Registers fd, a pidfd of the zombie pid, under e->zlock: the tag lets
 * the thread find it, and the lock keeps it from a HUP that comes before
 * the entry is stored. */
static int
zombie_add(struct evsrc *e, int fd, pid_t pid)
{
	struct epoll_event ev = {.events = 0,
	    .data.u64 =
	        EV_TAG_Z | (uint64_t)(uint32_t)pid << 32 | (uint32_t)fd};

	if (watch_room(&e->z, e->nz, &e->capz) < 0)
		return -ENOMEM;
	if (epoll_ctl(e->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	e->z[e->nz++] = (struct watch){fd, pid};
	return 0;
}

int
evsrc_watch_zombie(struct evsrc *e, pid_t pid)
{
	struct pollfd pf = {.events = POLLIN};
	bool full;
	int rc;

	if (!e || e->fdinfo)
		return -ENOTSUP;
	pthread_mutex_lock(&e->zlock);
	full = e->nz >= e->max;
	pthread_mutex_unlock(&e->zlock);
	if (full)
		return -ENOSPC;
	pf.fd = pidfd_open_(pid);
	if (pf.fd < 0)
		return -errno;
	/* Exited (readable) and not reaped (no HUP): still the zombie. A
	 * live process there took the pid after its reap. */
	rc = poll(&pf, 1, 0) < 0 ? -errno : 0;
	if (!rc && (pf.revents & (POLLIN | POLLHUP)) != POLLIN)
		rc = -ESRCH;
	if (!rc) {
		pthread_mutex_lock(&e->zlock);
		rc = zombie_add(e, pf.fd, pid);
		pthread_mutex_unlock(&e->zlock);
	}
	if (rc)
		close(pf.fd);
	return rc;
}
