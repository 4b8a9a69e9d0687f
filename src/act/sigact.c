/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Race-free signalling: the start time is read before and after pidfd_open,
 * so the fd is the process the user saw; only then pidfd_send_signal. A
 * kernel without pidfds gets a kill() checked by start time, and is told. */
#include "sigact.h"
#include "escape.h"
#include "kparse.h"
#include "procfs.h"
#include "signame.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <unistd.h>

/* A chain longer than this is a loop seen through a racing /proc. */
#define ANCESTOR_MAX 4096

static void
say(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* "1234 (name)" with the name escaped, for messages. */
static void
describe(pid_t pid, char *buf, size_t size)
{
	struct kstat st;
	char name[KPARSE_COMM_MAX * 4 + 1] = "?";

	if (procfs_stat(pid, &st) == 0)
		escape_buf(st.comm, strlen(st.comm), name, sizeof(name), 0);
	say(buf, size, "%d (%s)", (int)pid, name);
}

static bool
is_ancestor(pid_t pid)
{
	pid_t p = getppid();
	struct kstat st;

	for (int i = 0; p > 1 && i < ANCESTOR_MAX; i++) {
		if (p == pid)
			return true;
		if (procfs_stat(p, &st) < 0)
			return false;
		p = st.ppid;
	}
	return false;
}

static bool
is_container_init(pid_t pid)
{
	struct kstatus ks;

	if (procfs_status(pid, "status", &ks) < 0)
		return false;
	return (ks.have & KST_NSPID) && ks.nspid_levels > 1 &&
	       ks.nspid_last == 1;
}

static void
result_init(struct sigact_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = SIGACT_SENT;
}

#define OVERRIDE SIGACT_OVERRIDE_TEXT

int
sigact_vet(pid_t pid, unsigned flags, struct sigact_result *res)
{
	bool over = flags & SIGACT_OVERRIDE;
	char who[96];

	result_init(res);
	describe(pid, who, sizeof(who));
	if (pid == getpid())
		res->rule = SIGACT_RULE_SELF;
	else if (pid == 1 && !over)
		res->rule = SIGACT_RULE_INIT;
	else if (!over && is_ancestor(pid))
		res->rule = SIGACT_RULE_ANCESTOR;
	if (res->rule != SIGACT_RULE_NONE) {
		res->status = SIGACT_REFUSED;
		say(res->msg, sizeof(res->msg), "refused: %s is %s", who,
		    res->rule == SIGACT_RULE_SELF ? "zombietop itself"
		    : res->rule == SIGACT_RULE_INIT
		        ? "PID 1, the init of the system " OVERRIDE
		        : "an ancestor of zombietop " OVERRIDE);
		return -ECANCELED;
	}
	if (is_container_init(pid)) {
		res->container_init = true;
		say(res->warning, sizeof(res->warning),
		    "warning: %s is the init of a PID namespace: if it exits, "
		    "every process in that namespace is killed",
		    who);
	}
	return 0;
}

int
sigact_open(const struct sigact_target *t)
{
	struct kstat st;
	int fd, rc;

	if ((rc = procfs_stat(t->pid, &st)) < 0)
		return rc;
	if (st.start_ticks != t->start_ticks)
		return -ESRCH;
	fd = pidfd_open(t->pid, 0);
	if (fd < 0)
		return errno == ENOENT || errno == EINVAL ? -ESRCH : -errno;
	/* The PID may have been reused between the read and the open. */
	if ((rc = procfs_stat(t->pid, &st)) < 0 ||
	    st.start_ticks != t->start_ticks) {
		close(fd);
		return rc < 0 ? rc : -ESRCH;
	}
	return fd;
}

/* Without pidfds: the start time checked right before kill(); a small race
 * remains and the result says so. */
static int
checked_kill(const struct sigact_target *t, int sig)
{
	struct kstat st;
	int rc;

	if ((rc = procfs_stat(t->pid, &st)) < 0)
		return rc;
	if (st.start_ticks != t->start_ticks)
		return -ESRCH;
	return kill(t->pid, sig) < 0 ? -errno : 0;
}

static int
send_signal(const struct sigact_target *t, int sig, unsigned flags,
    struct sigact_result *res)
{
	int fd = flags & SIGACT_NO_PIDFD ? -ENOSYS : sigact_open(t), rc = 0;

	if (fd == -ENOSYS) {
		res->via_kill = true;
		return checked_kill(t, sig);
	}
	if (fd < 0)
		return fd;
	if (pidfd_send_signal(fd, sig, NULL, 0) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static void
denied_msg(pid_t pid, const char *who, struct sigact_result *res)
{
	char uname[64] = "?";
	struct kstatus ks;
	struct passwd *pw;

	if (procfs_status(pid, "status", &ks) == 0 && (ks.have & KST_UID)) {
		pw = getpwuid(ks.uid);
		if (pw)
			escape_buf(pw->pw_name, strlen(pw->pw_name), uname,
			    sizeof(uname), 0);
		else
			say(uname, sizeof(uname), "%u", (unsigned)ks.uid);
	}
	say(res->msg, sizeof(res->msg),
	    "permission denied: %s belongs to user %s and you are uid %u: "
	    "run zombietop as root or as that user",
	    who, uname, (unsigned)getuid());
}

static void
outcome_msg(
    const struct sigact_target *t, int sig, int rc, struct sigact_result *res)
{
	const char *name = signame_name(sig);
	char who[96], num[16];

	describe(t->pid, who, sizeof(who));
	if (!name) {
		say(num, sizeof(num), "signal %d", sig);
		name = num;
	}
	res->err = rc == -ESRCH ? 0 : -rc;
	if (rc == 0) {
		res->status = SIGACT_SENT;
		say(res->msg, sizeof(res->msg), "sent %s to %s", name, who);
	} else if (rc == -ESRCH) {
		res->status = SIGACT_GONE;
		say(res->msg, sizeof(res->msg),
		    "process is gone: %d exited (or its PID now belongs to "
		    "another process); nothing was sent",
		    (int)t->pid);
	} else if (rc == -EPERM) {
		res->status = SIGACT_DENIED;
		denied_msg(t->pid, who, res);
	} else {
		res->status = SIGACT_FAILED;
		say(res->msg, sizeof(res->msg), "could not send %s to %s: %s",
		    name, who, strerror(-rc));
	}
}

int
sigact_signal(const struct sigact_target *t, int sig, unsigned flags,
    struct sigact_result *res)
{
	char warning[sizeof(res->warning)];
	bool cinit;
	int rc;

	if ((rc = sigact_vet(t->pid, flags, res)) < 0)
		return rc;
	memcpy(warning, res->warning, sizeof(warning));
	cinit = res->container_init;
	rc = send_signal(t, sig, flags, res);
	outcome_msg(t, sig, rc, res);
	res->container_init = cinit;
	memcpy(res->warning, warning, sizeof(warning));
	if (res->via_kill && !res->warning[0])
		say(res->warning, sizeof(res->warning),
		    "pidfds are not available: used kill() after checking the "
		    "start time (a PID reused in between would be hit)");
	return rc;
}

void
sigact_log(struct evlog *log, const struct sigact_target *t, int sig,
    const struct sigact_result *res, size_t nzombies)
{
	struct evlog_event ev;
	struct kstat st;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_ACTION;
	ev.pid = t->pid;
	ev.sig = sig;
	ev.result = res->status == SIGACT_SENT      ? 0
	            : res->status == SIGACT_GONE    ? -ESRCH
	            : res->status == SIGACT_REFUSED ? -ECANCELED
	                                            : -res->err;
	ev.count = (int)nzombies;
	if (procfs_stat(t->pid, &st) == 0 && st.start_ticks == t->start_ticks)
		snprintf(ev.comm, sizeof(ev.comm), "%s", st.comm);
	snprintf(ev.text, sizeof(ev.text), "%s", res->msg);
	evlog_add(log, &ev);
}

static const struct {
	const char *name;
	int sig;
	enum sigact_action next;
	bool has_next;
} action_tab[SIGACT_NACTIONS] = {
    [SIGACT_SIGCHLD] = {"sigchld", SIGCHLD, SIGACT_TERM, true},
    [SIGACT_TERM] = {"term", SIGTERM, SIGACT_KILL, true},
    [SIGACT_KILL] = {"kill", SIGKILL, SIGACT_KILL, false},
    [SIGACT_CONT] = {"cont", SIGCONT, SIGACT_SIGCHLD, true},
};

const char *
sigact_action_name(enum sigact_action a)
{
	return a < SIGACT_NACTIONS ? action_tab[a].name : NULL;
}

int
sigact_action_signal(enum sigact_action a)
{
	return a < SIGACT_NACTIONS ? action_tab[a].sig : -1;
}

const char *
sigact_action_next(enum sigact_action a)
{
	if (a >= SIGACT_NACTIONS || !action_tab[a].has_next)
		return NULL;
	return action_tab[action_tab[a].next].name;
}

int
sigact_action_parse(const char *s)
{
	int sig = signame_parse(s);

	for (int i = 0; i < SIGACT_NACTIONS; i++)
		if ((sig > 0 && sig == action_tab[i].sig) ||
		    (s && strcmp(s, action_tab[i].name) == 0))
			return i;
	return -1;
}

static struct sigact_group *
plan_group(struct sigact_plan *p, const struct snap *s, pid_t parent)
{
	const struct snap_proc *pp = snap_find(s, parent);
	struct sigact_group *g;

	for (size_t i = 0; i < p->ngroups; i++)
		if (p->groups[i].parent.pid == parent)
			return &p->groups[i];
	g = realloc(p->groups, (p->ngroups + 1) * sizeof(*g));
	if (!g)
		return NULL;
	p->groups = g;
	g = &p->groups[p->ngroups++];
	memset(g, 0, sizeof(*g));
	g->parent.pid = parent;
	/* Start 0 never matches: a parent missing from s counts as gone. */
	g->parent.start_ticks = pp ? pp->start_ticks : 0;
	return g;
}

static int
plan_add_zombie(struct sigact_group *g, const struct snap_proc *z)
{
	struct sigact_target *nz;

	for (size_t i = 0; i < g->nzombies; i++)
		if (g->zombies[i].pid == z->pid)
			return 0;
	nz = realloc(g->zombies, (g->nzombies + 1) * sizeof(*nz));
	if (!nz)
		return -ENOMEM;
	g->zombies = nz;
	nz[g->nzombies].pid = z->pid;
	nz[g->nzombies++].start_ticks = z->start_ticks;
	return 0;
}

static int
plan_add(struct sigact_plan *p, const struct snap *s, pid_t pid)
{
	const struct snap_proc *q = snap_find(s, pid);
	struct sigact_group *g;
	int rc = 0;

	if (!q)
		return -ESRCH;
	if (snap_is_zombie(q)) {
		g = plan_group(p, s, q->ppid);
		return g ? plan_add_zombie(g, q) : -ENOMEM;
	}
	if (!(g = plan_group(p, s, pid)))
		return -ENOMEM;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		if (s->procs[i].ppid == pid && snap_is_zombie(&s->procs[i]))
			rc = plan_add_zombie(g, &s->procs[i]);
	return rc;
}

int
sigact_plan_build(
    const struct snap *s, const pid_t *pids, size_t n, struct sigact_plan *out)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = plan_add(out, s, pids[i]);
	if (rc < 0)
		sigact_plan_done(out);
	return rc;
}

void
sigact_plan_done(struct sigact_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ngroups; i++)
		free(p->groups[i].zombies);
	free(p->groups);
	memset(p, 0, sizeof(*p));
}
