/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads what the ptrace guards decide on from /proc, fresh each time: the
 * zombie's and its parent's stat and status, the NSpid mapping between
 * their namespaces, the parent's threads and Yama's setting. */
#include "ptreap_view.h"

#include "kparse.h"
#include "procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A status file (the process's or a task's) through procfs's one reader:
 * a long Groups: line must not push Seccomp: or NSpid: out of reach. */
static int
read_status(pid_t pid, const char *name, struct kstatus *ks)
{
	return procfs_status(pid, name, ks);
}

pid_t
ptreap_view_tracer(pid_t pid, const char *name)
{
	struct kstatus ks;

	return read_status(pid, name, &ks) == 0 ? ks.tracer_pid : 0;
}

/* The zombie's PID as the parent sees it: in a PID namespace (a container
 * whose init never waits) it differs from ours. NSpid lists the zombie in
 * the parent's namespace at the parent's depth. Also reads Seccomp. */
static void
view_ns(struct ptreap_view *v)
{
	struct kstatus zs, ps;
	int zn, pn;

	const unsigned need = KST_TRACER | KST_SECCOMP | KST_NSPID;

	if (read_status(v->zpid, "status", &zs) < 0 ||
	    read_status(v->ppid, "status", &ps) < 0)
		return;
	/* A line the guards need and did not get is a refusal, never a
	 * default (the kernels we run on all print them). */
	v->status_ok = (ps.have & need) == need && (zs.have & KST_NSPID);
	v->tracer = ps.tracer_pid;
	v->seccomp = ps.seccomp;
	v->seccomp_filters = ps.seccomp_filters;
	zn = zs.nspid_levels < KPARSE_NSPID_MAX ? zs.nspid_levels : 0;
	pn = ps.nspid_levels < KPARSE_NSPID_MAX ? ps.nspid_levels : 0;
	if (pn >= 1 && zn >= pn && zs.nspid[0] == v->zpid)
		v->zpid_ns = zs.nspid[pn - 1];
}

void
ptreap_view_read(const struct ptreap_target *t, struct ptreap_view *v)
{
	struct kstat st;

	memset(v, 0, sizeof(*v));
	v->zpid = t->zpid;
	v->want_start = t->zstart;
	v->want_ppid = t->ppid;
	v->want_pstart = t->pstart;
	v->allow_filter = t->flags & PTREAP_OVERRIDE;
	v->self = getpid();
	if (procfs_stat(t->zpid, &st) < 0)
		return;
	v->zombie_found = true;
	v->zstate = st.state;
	v->zthreads = st.threads;
	v->zstart = st.start_ticks;
	v->ppid = st.ppid;
	if (v->ppid <= 1 || procfs_stat(v->ppid, &st) < 0)
		return;
	v->parent_found = true;
	v->pstart = st.start_ticks;
	v->pstate = st.state;
	v->pthreads = st.threads;
	view_ns(v);
}

int
ptreap_view_yama(void)
{
	char buf[32];

	if (procfs_read(0, "sys/kernel/yama/ptrace_scope", buf, sizeof(buf)) <
	    0)
		return -1;
	return (int)strtol(buf, NULL, 10);
}

/* A thread that can be held: R or S, not traced. The leader is preferred
 * (it is the one a reader of the tree names); a parent with more threads
 * than are listed is judged on the first PTREAP_VIEW_TASKS of them. */
pid_t
ptreap_view_thread(pid_t ppid, enum ptreap_reason *why)
{
	enum { PTREAP_VIEW_TASKS = 4096 };
	pid_t *tids = malloc(PTREAP_VIEW_TASKS * sizeof(*tids));
	ssize_t n = tids ? procfs_tasks(ppid, tids, PTREAP_VIEW_TASKS) : 0;
	pid_t best = 0;

	*why = PTREAP_NO_THREAD;
	for (ssize_t i = 0; i < n; i++) {
		char name[64];
		struct kstat st;
		pid_t tid = tids[i];

		if (procfs_task_stat(ppid, tid, &st) < 0)
			continue;
		if (st.state == 'T' || st.state == 't')
			*why = PTREAP_STOPPED;
		else if (st.state == 'D' && *why == PTREAP_NO_THREAD)
			*why = PTREAP_DSTATE;
		snprintf(name, sizeof(name), "task/%d/status", (int)tid);
		if (!strchr("RS", st.state) ||
		    ptreap_view_tracer(ppid, name) != 0)
			continue;
		if (!best || tid == ppid)
			best = tid;
	}
	free(tids);
	return best;
}
