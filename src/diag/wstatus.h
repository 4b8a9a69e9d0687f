/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decodes a wait status, as /proc/PID/stat field 52 and waitpid() give it,
 * into exit code or signal, and into the words and short forms we show. */
#ifndef ZT_WSTATUS_H
#define ZT_WSTATUS_H

#include <stdbool.h>
#include <stddef.h>

struct wstatus {
	bool exited;      /* WIFEXITED */
	int exit_status;  /* WEXITSTATUS, valid if exited */
	bool signaled;    /* WIFSIGNALED */
	int signal;       /* WTERMSIG, valid if signaled */
	bool core_dumped; /* WCOREDUMP */
	bool stopped;     /* WIFSTOPPED: not an exit at all */
	bool continued;   /* WIFCONTINUED (0xffff), neither exit nor stop */
};

void wstatus_decode(int raw, struct wstatus *out);

/* "exit 3", "killed by SIGSEGV (core dumped)", "killed by signal 40",
 * "stopped by SIGSTOP", "continued". */
void wstatus_describe(int raw, char *buf, size_t size);

/* The EXIT column: "3", "SIGKILL", "SIGSEGV*" (core), "CONT". */
void wstatus_short(int raw, char *buf, size_t size);

#endif
