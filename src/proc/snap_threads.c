/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One task/ listing and one task stat per thread: the cost is paid only
 * while the view shows threads. A thread's strings are its own (comm from
 * its stat, a copy of its process's user, cmdline "" so its comm shows). */
#include "snap_threads.h"
#include "kparse.h"
#include "procfs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int
add_thread(struct snap *s, const struct snap_proc *proc, pid_t tid)
{
	struct snap_proc t = {0};
	struct kstat st;

	if (procfs_task_stat(proc->pid, tid, &st) < 0 || st.state == 'X' ||
	    st.state == 'Z')
		return 0; /* gone, or exiting: not a live thread */
	t.pid = tid;
	t.ppid = proc->pid;
	t.state = st.state;
	t.threads = 1;
	t.uid = proc->uid;
	t.tty = proc->tty;
	t.start_ticks = st.start_ticks;
	t.cpu_ticks = st.utime + st.stime;
	t.flags = SPF_THREAD | (proc->flags & SPF_NO_USER);
	t.comm = strdup(st.comm);
	t.cmdline = strdup("");
	t.user = proc->user ? strdup(proc->user) : NULL;
	if (!t.comm || !t.cmdline || (proc->user && !t.user) ||
	    snap_push(s, &t) < 0) {
		snap_proc_done(&t);
		return -ENOMEM;
	}
	return 0;
}

static int
add_threads_of(struct snap *s, size_t i, pid_t *tids)
{
	ssize_t n = procfs_tasks(s->procs[i].pid, tids, SNAP_THREADS_MAX);
	int rc = 0;

	for (ssize_t k = 0; k < n && rc == 0; k++) {
		/* snap_push may move procs: take the process again. */
		struct snap_proc proc = s->procs[i];

		if (tids[k] != proc.pid)
			rc = add_thread(s, &proc, tids[k]);
	}
	return rc;
}

int
snap_threads_add(struct snap *s)
{
	size_t n = s->n;
	pid_t *tids = malloc(SNAP_THREADS_MAX * sizeof(*tids));
	int rc = tids ? 0 : -ENOMEM;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct snap_proc *p = &s->procs[i];

		/* Kernel threads (children of kthreadd) are no user threads. */
		if (p->threads > 1 && p->pid != 2 && p->ppid != 2)
			rc = add_threads_of(s, i, tids);
	}
	free(tids);
	snap_sort(s);
	return rc;
}
