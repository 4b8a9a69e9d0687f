/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The code that runs inside the lab's processes: one body per scenario,
 * entered in a freshly forked child of zombietop and never returning.
 * Only src/lab.c calls this; the protocol on the message pipe is here. */
#ifndef ZT_LAB_PROC_H
#define ZT_LAB_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* Messages a lab parent writes to zombietop, 8 bytes, atomic on a pipe. */
enum lab_msg_kind {
	LAB_MSG_CHILD = 1, /* pid: a child it forked */
	LAB_MSG_READY,     /* its code has set up the scenario's state */
};

struct lab_msg {
	int kind;
	pid_t pid;
};

/* How long the orphan's child runs before it exits (and is reaped by
 * zombietop), in seconds. */
#define LAB_ORPHAN_SECONDS 30

/* Field `field` of /proc/PID/stat (pid 0: self), numbered as in proc(5)
 * from 3 on; field 3, the state, comes back as its character. Plain
 * open/read: lab processes close zombietop's cached /proc fd. 0 or -errno. */
int lab_proc_stat_field(pid_t pid, int field, long long *out);

/* Runs scenario id (enum lab_id) in the calling process, a child just
 * forked by zombietop (pid reaper). msg_fd is the write end of the message
 * pipe. With cores, a child killed by SIGSEGV may dump core into a private
 * directory made for it under $TMPDIR or /tmp and removed right after.
 * Never returns: the process _exits or is killed. */
_Noreturn void lab_proc_run(int id, pid_t reaper, int msg_fd, bool cores);

#endif
