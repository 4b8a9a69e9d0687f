/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The stop signals of the command-line modes: one flag, one handler. */
#include "stop.h"

#include <string.h>

/* The stop signal received first, 0 while none. */
static volatile sig_atomic_t stop_sig;

static void
on_stop(int sig)
{
	/* The first one is kept: the one that is reported. */
	if (!stop_sig)
		stop_sig = sig;
}

void
stop_catch(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (flags & STOP_HUP)
		sigaction(SIGHUP, &sa, NULL);
}

int
stop_signal(void)
{
	return stop_sig;
}

void
stop_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}
