/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The stop signals of the command-line modes that run until told to stop
 * (--watch, --prometheus, --demo --once): SIGINT and SIGTERM, and SIGHUP
 * where asked, set a flag instead of killing the program, so that it ends
 * its loop and cleans up (a temporary file, the lab). No curses. */
#ifndef ZT_STOP_H
#define ZT_STOP_H

#include <signal.h>

/* stop_catch flags. */
#define STOP_HUP 1 /* SIGHUP stops too (the lab must not be left behind) */

/* Installs the handler for SIGINT, SIGTERM (and SIGHUP with STOP_HUP),
 * without SA_RESTART: a blocked call (poll, nanosleep, a read of /proc, a
 * write) returns EINTR, so the mode sees the flag at once. */
void stop_catch(int flags);

/* The stop signal received first, 0 while none. */
int stop_signal(void);

/* Fills set with SIGINT and SIGTERM, the signals that stop_catch always
 * catches: to block them between a check of stop_signal and a sleep
 * (ppoll, sigsuspend) that unblocks them atomically. */
void stop_sigset(sigset_t *set);

#endif
