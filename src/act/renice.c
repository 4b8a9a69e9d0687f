/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Nice values by identity: sigact_vet's rules, a pidfd opened between two
 * start-time reads held while each thread's value is set, the start time
 * read again after. Linux keeps nice per thread: all of them change. */
#include "renice.h"

#include "escape.h"
#include "kparse.h"
#include "procfs.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void
say(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

int
renice_get(pid_t pid, int *nice)
{
	int v;

	errno = 0;
	v = getpriority(PRIO_PROCESS, (id_t)pid);
	if (v == -1 && errno)
		return -errno;
	*nice = v;
	return 0;
}

static int
clamp(int v)
{
	return v < RENICE_MIN ? RENICE_MIN : v > RENICE_MAX ? RENICE_MAX : v;
}

/* "1234 (name)" with the name escaped. */
static void
describe(const struct kstat *st, pid_t pid, char *buf, size_t size)
{
	char name[KPARSE_COMM_MAX * 4 + 1] = "?";

	if (st->pid == pid)
		escape_buf(st->comm, strlen(st->comm), name, sizeof(name), 0);
	say(buf, size, "%d (%s)", (int)pid, name);
}

/* Kernel threads and zombies have no nice to change for the user; the
 * rules of sigact_vet come first. 0 or -ECANCELED with the message. */
static int
vet(const struct sigact_target *t, unsigned flags, const struct kstat *st,
    struct renice_result *res)
{
	struct sigact_result sr;
	char who[96];

	describe(st, t->pid, who, sizeof(who));
	if (sigact_vet(t->pid, flags, &sr) < 0) {
		res->rule = sr.rule;
		say(res->msg, sizeof(res->msg), "%s", sr.msg);
		return -ECANCELED;
	}
	say(res->warning, sizeof(res->warning), "%s", sr.warning);
	if (t->pid == 2 || st->ppid == 2)
		say(res->msg, sizeof(res->msg),
		    "refused: %s is a kernel thread", who);
	else if (st->state == 'Z' && st->threads <= 1)
		say(res->msg, sizeof(res->msg),
		    "refused: %s is a zombie, it runs no more: nothing to "
		    "renice (its parent is %d)",
		    who, (int)st->ppid);
	else
		return 0;
	return -ECANCELED;
}

/* setpriority on every thread; a thread that exited meanwhile is skipped.
 * Returns 0 or the first error other than ESRCH. */
static int
set_threads(pid_t pid, int nice, struct renice_result *res)
{
	pid_t *tids = malloc(RENICE_TASK_MAX * sizeof(*tids));
	ssize_t n;
	int rc = 0;

	if (!tids)
		return -ENOMEM;
	n = procfs_tasks(pid, tids, RENICE_TASK_MAX);
	if (n < 0) {
		free(tids);
		return (int)n;
	}
	res->nthreads = (size_t)n;
	for (ssize_t i = 0; i < n; i++) {
		if (setpriority(PRIO_PROCESS, (id_t)tids[i], nice) == 0)
			res->nchanged++;
		else if (errno != ESRCH && rc == 0)
			rc = -errno;
	}
	free(tids);
	return rc;
}

static void
owner_name(pid_t pid, char *buf, size_t size)
{
	struct kstatus ks;
	struct passwd *pw;

	say(buf, size, "?");
	if (procfs_status(pid, "status", &ks) < 0 || !(ks.have & KST_UID))
		return;
	if ((pw = getpwuid(ks.uid)) != NULL)
		escape_buf(pw->pw_name, strlen(pw->pw_name), buf, size, 0);
	else
		say(buf, size, "%u", (unsigned)ks.uid);
}

static void
outcome_msg(pid_t pid, const char *who, int rc, struct renice_result *res)
{
	char owner[64];

	res->err = rc == -ESRCH ? 0 : -rc;
	if (rc == 0) {
		res->status = RENICE_DONE;
		say(res->msg, sizeof(res->msg), "nice of %s: %d -> %d", who,
		    res->old_nice, res->new_nice);
	} else if (rc == -ESRCH) {
		res->status = RENICE_GONE;
		say(res->msg, sizeof(res->msg),
		    "process is gone: %d exited (or its PID now belongs to "
		    "another process); nothing was changed",
		    (int)pid);
	} else if (rc == -EACCES) {
		res->status = RENICE_DENIED;
		say(res->msg, sizeof(res->msg),
		    "not permitted: lowering nice (%d -> %d) needs "
		    "CAP_SYS_NICE (run as root) or a higher RLIMIT_NICE",
		    res->old_nice, res->new_nice);
	} else if (rc == -EPERM) {
		res->status = RENICE_DENIED;
		owner_name(pid, owner, sizeof(owner));
		say(res->msg, sizeof(res->msg),
		    "not permitted: %s belongs to user %s and you are uid %u: "
		    "run zombietop as root or as that user",
		    who, owner, (unsigned)getuid());
	} else {
		res->status = RENICE_FAILED;
		say(res->msg, sizeof(res->msg), "could not renice %s: %s", who,
		    strerror(-rc));
	}
}

/* The change itself, between identity checks. */
static int
apply(const struct sigact_target *t, int nice, struct renice_result *res)
{
	struct kstat st;
	int fd = sigact_open(t), rc;

	if (fd < 0 && fd != -ENOSYS)
		return fd;
	rc = set_threads(t->pid, nice, res);
	/* Started again meanwhile: what we changed was not t. Report it as
	 * gone; with the pidfd held the old one is at least not reaped. */
	if (procfs_stat(t->pid, &st) < 0 || st.start_ticks != t->start_ticks)
		rc = -ESRCH;
	if (fd >= 0)
		close(fd);
	return rc;
}

int
renice_set(const struct sigact_target *t, int nice, unsigned flags,
    struct renice_result *res)
{
	struct kstat st;
	char who[96];
	int rc;

	memset(res, 0, sizeof(*res));
	res->new_nice = clamp(nice);
	rc = procfs_stat(t->pid, &st);
	if (rc == 0 && st.start_ticks != t->start_ticks)
		rc = -ESRCH;
	if (rc == 0 && (rc = vet(t, flags, &st, res)) < 0) {
		res->status = RENICE_REFUSED;
		return rc;
	}
	describe(&st, t->pid, who, sizeof(who));
	if (rc == 0)
		rc = renice_get(t->pid, &res->old_nice);
	if (rc == 0)
		rc = apply(t, res->new_nice, res);
	outcome_msg(t->pid, who, rc, res);
	return rc;
}

int
renice_by(const struct sigact_target *t, int delta, unsigned flags,
    struct renice_result *res)
{
	int cur = 0, rc = renice_get(t->pid, &cur);

	if (rc < 0) {
		memset(res, 0, sizeof(*res));
		outcome_msg(t->pid, "?", rc, res);
		return rc;
	}
	return renice_set(t, cur + delta, flags, res);
}
