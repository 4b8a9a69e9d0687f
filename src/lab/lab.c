/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lab as zombietop sees it: the scenario table, starting scenarios as
 * its own children, their message pipes, the reaper step, and removing
 * every lab process: by process group while the lab parent is our unreaped
 * child (so its PID, and the group's, cannot be reused), else by PID. */
#include "lab.h"
#include "lab_proc.h"
#include "kparse.h"
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LAB_KIDS 64
#define LAB_MAX_CHILDREN 512

const struct lab_scenario lab_scenarios[LAB_COUNT] = {
    [LAB_NEGLIGENT] = {"negligent", "lab-negligent",
        "never waits: its children stay zombies",
        "This parent calls fork() three times; the children call exit() "
        "with 1, 2 and 3, and the parent never calls wait() or waitpid(). "
        "The kernel keeps each dead child's PID and exit status as a "
        "zombie (state Z) until its parent collects it, so they stay. "
        "Sending SIGCHLD does nothing: the parent neither catches nor "
        "ignores it. Killing the parent hands the zombies to the nearest "
        "subreaper, here zombietop (prctl(PR_SET_CHILD_SUBREAPER)), which "
        "reaps them. The fix: waitpid() every child, or catch SIGCHLD "
        "with sigaction() and reap there.",
        true},
    [LAB_ONE_PER_SIGNAL] = {"one-per-signal", "lab-one-per-sig",
        "reaps one child per SIGCHLD: coalesced signals leave zombies",
        "This parent's SIGCHLD handler, installed with sigaction(), calls "
        "waitpid() once per signal. Four children exit while SIGCHLD is "
        "blocked; ordinary signals do not queue, so one SIGCHLD arrives, "
        "the handler reaps one child and three zombies linger. Each SIGCHLD "
        "sent by hand reaps exactly one more. The fix is a loop: while "
        "(waitpid(-1, &status, WNOHANG) > 0), so that one signal collects "
        "every child that has exited.",
        true},
    [LAB_CORRECT] = {"correct", "lab-correct",
        "reaps in a WNOHANG loop: zombies vanish at once",
        "This parent's SIGCHLD handler, installed with sigaction(), loops "
        "on waitpid(-1, &status, WNOHANG) until nothing more has exited. "
        "A child that calls exit() is a zombie only for the moment before "
        "the handler runs, so none is ever seen. WNOHANG stops the loop "
        "from blocking on children that still run. This is the pattern to "
        "copy.",
        true},
    [LAB_IGNORES] = {"ignores", "lab-ignores",
        "SIGCHLD set to SIG_IGN: the kernel reaps, no zombies ever",
        "This parent sets SIGCHLD to SIG_IGN (sigaction() with "
        "SA_NOCLDWAIT does the same). The kernel then reaps each child as "
        "soon as it calls exit(): no zombie ever appears, but the parent "
        "cannot learn any exit status either: wait() blocks until every "
        "child is gone and then fails with ECHILD. Fine when the statuses "
        "do not matter.",
        true},
    [LAB_STOPPED] = {"stopped", "lab-stopped",
        "a correct parent, stopped by SIGSTOP: zombies pile up",
        "This parent reaps correctly with a waitpid(-1, &status, WNOHANG) "
        "loop in its sigaction() handler, but it has been stopped with "
        "SIGSTOP (state T). A stopped process runs no code, so the handler "
        "cannot run and the zombies of its children pile up although the "
        "code is right. Send SIGCONT and the pending SIGCHLD is delivered: "
        "the handler clears them at once. Before blaming a parent, check "
        "whether it is stopped or traced.",
        true},
    [LAB_CRASHED_CHILD] = {"crashed-child", "lab-crashed",
        "children killed by SIGSEGV and SIGKILL: the status says so",
        "This parent's children did not call exit(): one was killed by "
        "SIGSEGV, one by SIGKILL. The wait status that wait() or waitpid() "
        "would return records the signal and whether a core file was "
        "written (only where RLIMIT_CORE and the core pattern allow it; "
        "the lab writes it into a private directory and deletes it). "
        "zombietop reads that status from /proc/PID/stat while the parent, "
        "which never waits, keeps them as zombies.",
        true},
    [LAB_LEADER_EXITED] = {"leader-exited", "lab-leader-exit",
        "main thread called pthread_exit: shows Z but is alive",
        "This process's main thread called pthread_exit() while another "
        "thread keeps running. The thread-group leader then shows state Z, "
        "but the process is alive: its parent's waitpid(pid, &status, "
        "WNOHANG) returns 0 because there is nothing to reap yet. It "
        "becomes a real zombie only when its last thread calls exit() or "
        "it is killed. zombietop marks it \"leader exited\", not a zombie.",
        false},
    [LAB_ORPHAN] = {"orphan", "lab-orphan",
        "parent exits first: zombietop adopts and reaps the child",
        "This parent calls fork() and then exit() while its child keeps "
        "running. The orphan is re-parented to the nearest ancestor that "
        "called prctl(PR_SET_CHILD_SUBREAPER), zombietop in this lab, or "
        "else to PID 1. When it exits 30 seconds later, its new parent "
        "collects it with waitpid() and no zombie is left. A reaper only "
        "helps if it really waits.",
        false},
};

struct lab_run {
	pid_t leader;         /* 0: not running; our child and the group's id */
	bool leader_reaped;   /* its PID is no longer ours to signal */
	bool ready;           /* it said it has set the scenario up */
	int msg_fd;           /* read end of its message pipe, -1 unset */
	pid_t kids[LAB_KIDS]; /* ring of the children it reported */
	size_t nkids;         /* reported in all; the ring keeps the last */
};

struct lab {
	pid_t self; /* the subreaper: zombietop */
	struct lab_run run[LAB_COUNT];
};

int
lab_find_name(const char *name)
{
	for (int i = 0; i < LAB_COUNT; i++)
		if (strcmp(name, lab_scenarios[i].name) == 0)
			return i;
	return -1;
}

int
lab_parse_names(const char *list, unsigned *mask, char *bad, size_t badsize)
{
	const char *p = list, *end;
	char name[32];

	*mask = 0;
	if (!list || !*list) {
		*mask = LAB_ALL;
		return 0;
	}
	for (; *p; p = *end ? end + 1 : end) {
		size_t len;
		int id;

		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		id = len < sizeof(name) ? lab_find_name(name) : -1;
		if (id < 0) {
			snprintf(bad, badsize, "%.*s", (int)len, p);
			return -EINVAL;
		}
		*mask |= 1u << id;
	}
	return 0;
}

int
lab_new(struct lab **out)
{
	struct lab *lab;

	*out = NULL;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return -errno;
	if (!(lab = calloc(1, sizeof(*lab))))
		return -ENOMEM;
	lab->self = getpid();
	for (int i = 0; i < LAB_COUNT; i++)
		lab->run[i].msg_fd = -1;
	*out = lab;
	return 0;
}

void
lab_free(struct lab *lab)
{
	if (!lab)
		return;
	lab_stop(lab);
	free(lab);
}

/* Cores only if the kernel writes them into the working directory (a
 * core_pattern without '/' or '|'): the lab then gives each crash its own
 * directory and deletes the core, and never feeds a crash reporter. */
static bool
cores_wanted(void)
{
	char pat[256];

	return procfs_read(0, "sys/kernel/core_pattern", pat, sizeof(pat)) >
	           0 &&
	       !strpbrk(pat, "/|");
}

static int
start_one(struct lab *lab, int id)
{
	struct lab_run *r = &lab->run[id];
	int fds[2];
	pid_t pid;

	if (r->leader)
		return 0;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (pid == 0)
		lab_proc_run(id, lab->self, fds[1],
		    id == LAB_CRASHED_CHILD && cores_wanted());
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	/* Also here, so the group exists before fork returns to us. */
	setpgid(pid, pid);
	r->leader = pid;
	r->leader_reaped = r->ready = false;
	r->msg_fd = fds[0];
	r->nkids = 0;
	return 0;
}

int
lab_start(struct lab *lab, unsigned mask)
{
	int rc = 0, e;

	for (int i = 0; i < LAB_COUNT; i++)
		if ((mask & (1u << i)) && (e = start_one(lab, i)) < 0 && !rc)
			rc = e;
	return rc;
}

static void
mark_reaped(struct lab *lab, pid_t pid)
{
	for (int i = 0; i < LAB_COUNT; i++)
		if (lab->run[i].leader == pid)
			lab->run[i].leader_reaped = true;
}

/* Our children, from /proc/self/task/TID/children. Returns how many. */
static size_t
our_children(pid_t *out, size_t max)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d))) {
		char path[300], num[12];
		FILE *f;
		int pid;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/children",
		    e->d_name);
		if (!(f = fopen(path, "re")))
			continue;
		while (n < max && fscanf(f, "%11s", num) == 1 &&
		       (pid = (int)strtol(num, NULL, 10)) > 0)
			out[n++] = pid;
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

/* Kills and reaps our children in process group pgid until none is left
 * (children of a dying lab parent come to us as it dies). Bounded. */
static void
kill_group_children(struct lab *lab, pid_t pgid)
{
	pid_t kids[LAB_MAX_CHILDREN];

	for (int round = 0; round < 2000; round++) {
		size_t n = our_children(kids, LAB_MAX_CHILDREN);
		int found = 0;

		for (size_t i = 0; i < n; i++) {
			long long pg;

			if (lab_proc_stat_field(kids[i], 5, &pg) < 0 ||
			    pg != pgid)
				continue;
			found++;
			kill(kids[i], SIGKILL);
			if (waitpid(kids[i], NULL, WNOHANG) == kids[i])
				mark_reaped(lab, kids[i]);
		}
		if (!found)
			return;
		nanosleep(&(struct timespec){0, 2500000L}, NULL);
	}
}

static void
stop_one(struct lab *lab, int id)
{
	struct lab_run *r = &lab->run[id];

	if (!r->leader)
		return;
	if (!r->leader_reaped) {
		kill(-r->leader, SIGKILL);
		kill(r->leader, SIGKILL);
	}
	kill_group_children(lab, r->leader);
	if (r->msg_fd >= 0)
		close(r->msg_fd);
	memset(r, 0, sizeof(*r));
	r->msg_fd = -1;
}

void
lab_stop(struct lab *lab)
{
	for (int i = 0; lab && i < LAB_COUNT; i++)
		stop_one(lab, i);
}

int
lab_respawn(struct lab *lab, enum lab_id id)
{
	if ((int)id < 0 || id >= LAB_COUNT)
		return -EINVAL;
	stop_one(lab, id);
	return start_one(lab, id);
}

int
lab_fork_child(struct lab *lab, enum lab_id id)
{
	pid_t pid;

	if ((int)id < 0 || id >= LAB_COUNT)
		return -EINVAL;
	if (!(pid = lab_parent(lab, id)))
		return -ESRCH;
	if (!lab_scenarios[id].can_fork)
		return -ENOTSUP;
	return kill(pid, SIGUSR1) < 0 ? -errno : 0;
}

static void
read_msgs(struct lab_run *r)
{
	struct lab_msg m[32];
	ssize_t n;

	while (r->msg_fd >= 0 && (n = read(r->msg_fd, m, sizeof(m))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return; /* EAGAIN: nothing more for now */
		}
		for (size_t i = 0; i < (size_t)n / sizeof(m[0]); i++) {
			if (m[i].kind == LAB_MSG_READY)
				r->ready = true;
			else if (m[i].kind == LAB_MSG_CHILD)
				r->kids[r->nkids++ % LAB_KIDS] = m[i].pid;
		}
	}
	if (r->msg_fd >= 0) {
		close(r->msg_fd); /* end of file: every writer is gone */
		r->msg_fd = -1;
	}
}

static void
describe(const struct lab *lab, pid_t pid, struct lab_reaped *rec)
{
	struct kstat ks;
	long long pg = -1;

	memset(rec, 0, sizeof(*rec));
	rec->pid = pid;
	rec->scenario = -1;
	if (procfs_stat(pid, &ks) == 0)
		snprintf(rec->comm, sizeof(rec->comm), "%.15s", ks.comm);
	if (lab_proc_stat_field(pid, 5, &pg) < 0)
		return;
	for (int i = 0; i < LAB_COUNT; i++)
		if (lab->run[i].leader && lab->run[i].leader == pg)
			rec->scenario = i;
}

int
lab_reap(struct lab *lab, struct lab_reaped *out, size_t max)
{
	size_t n = 0;

	for (int i = 0; i < LAB_COUNT; i++)
		read_msgs(&lab->run[i]);
	while (n < max) {
		siginfo_t si;

		/* Peek first (WNOWAIT): the name and group are readable only
		 * while the zombie exists. */
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				return n ? (int)n : -errno;
			break;
		}
		if (si.si_pid == 0)
			break;
		describe(lab, si.si_pid, &out[n]);
		if (waitpid(si.si_pid, &out[n].status, WNOHANG) != si.si_pid)
			break;
		mark_reaped(lab, si.si_pid);
		n++;
	}
	return (int)n;
}

static void
count_children(const struct snap *s, pid_t ppid, int *zombies, int *all)
{
	*zombies = *all = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->procs[i].ppid != ppid)
			continue;
		(*all)++;
		if (snap_is_zombie(&s->procs[i]))
			(*zombies)++;
	}
}

static bool
orphan_settled(const struct lab *lab, const struct snap *s)
{
	const struct lab_run *r = &lab->run[LAB_ORPHAN];
	const struct snap_proc *kid;

	if (!r->ready || !r->leader_reaped || !r->nkids)
		return false;
	kid = snap_find(s, r->kids[0]);
	return !kid || kid->ppid == lab->self;
}

static bool
settled(const struct lab *lab, int id, const struct snap *s)
{
	static const int min_zombies[LAB_COUNT] = {[LAB_NEGLIGENT] = 3,
	    [LAB_ONE_PER_SIGNAL] = 3,
	    [LAB_STOPPED] = 3,
	    [LAB_CRASHED_CHILD] = 2};
	const struct lab_run *r = &lab->run[id];
	const struct snap_proc *p = snap_find(s, r->leader);
	int zombies, all;

	if (id == LAB_ORPHAN)
		return orphan_settled(lab, s);
	if (!p || r->leader_reaped)
		return false;
	if (id == LAB_LEADER_EXITED)
		return snap_is_leader_exited(p);
	count_children(s, r->leader, &zombies, &all);
	if (!r->ready || zombies < min_zombies[id])
		return false;
	if (id == LAB_STOPPED)
		return p->state == 'T';
	if (id == LAB_CORRECT || id == LAB_IGNORES)
		return all == 0;
	return true;
}

unsigned
lab_pending(const struct lab *lab, const struct snap *s)
{
	unsigned mask = 0;

	for (int i = 0; i < LAB_COUNT; i++)
		if (lab->run[i].leader && !settled(lab, i, s))
			mask |= 1u << i;
	return mask;
}

unsigned
lab_running(const struct lab *lab)
{
	unsigned mask = 0;

	for (int i = 0; i < LAB_COUNT; i++)
		if (lab->run[i].leader)
			mask |= 1u << i;
	return mask;
}

pid_t
lab_parent(const struct lab *lab, enum lab_id id)
{
	const struct lab_run *r;

	if ((int)id < 0 || id >= LAB_COUNT)
		return 0;
	r = &lab->run[id];
	return r->leader && !r->leader_reaped ? r->leader : 0;
}

int
lab_scenario_of(const struct lab *lab, pid_t pid)
{
	for (int i = 0; i < LAB_COUNT; i++) {
		const struct lab_run *r = &lab->run[i];
		size_t n = r->nkids < LAB_KIDS ? r->nkids : LAB_KIDS;

		if (!r->leader)
			continue;
		if (r->leader == pid)
			return i;
		for (size_t k = 0; k < n; k++)
			if (r->kids[k] == pid)
				return i;
	}
	return -1;
}
