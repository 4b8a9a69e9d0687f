/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wait-status decoding through the libc WIF* macros, so the result is what
 * waitpid() callers would see; names come from the signame table. */
#include "wstatus.h"
#include "signame.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

void
wstatus_decode(int raw, struct wstatus *out)
{
	memset(out, 0, sizeof(*out));
	if (WIFEXITED(raw)) {
		out->exited = true;
		out->exit_status = WEXITSTATUS(raw);
	} else if (WIFSIGNALED(raw)) {
		out->signaled = true;
		out->signal = WTERMSIG(raw);
		out->core_dumped = WCOREDUMP(raw) != 0;
	} else if (WIFCONTINUED(raw)) {
		/* 0xffff also matches WIFSTOPPED (signal 255): test it first */
		out->continued = true;
	} else if (WIFSTOPPED(raw)) {
		out->stopped = true;
		out->signal = WSTOPSIG(raw);
	}
}

static void
signal_text(int sig, char *buf, size_t size)
{
	const char *name = signame_name(sig);

	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "signal %d", sig);
}

void
wstatus_describe(int raw, char *buf, size_t size)
{
	struct wstatus w;
	char sig[24];

	wstatus_decode(raw, &w);
	if (w.exited) {
		snprintf(buf, size, "exit %d", w.exit_status);
		return;
	}
	if (w.continued) {
		snprintf(buf, size, "continued");
		return;
	}
	signal_text(w.signal, sig, sizeof(sig));
	if (w.signaled)
		snprintf(buf, size, "killed by %s%s", sig,
		    w.core_dumped ? " (core dumped)" : "");
	else if (w.stopped)
		snprintf(buf, size, "stopped by %s", sig);
	else
		snprintf(buf, size, "status 0x%x", (unsigned)raw);
}

void
wstatus_short(int raw, char *buf, size_t size)
{
	struct wstatus w;
	const char *name;

	wstatus_decode(raw, &w);
	if (w.exited) {
		snprintf(buf, size, "%d", w.exit_status);
		return;
	}
	if (w.continued) {
		snprintf(buf, size, "CONT");
		return;
	}
	name = signame_name(w.signal);
	if (name)
		snprintf(buf, size, "%s%s", name, w.core_dumped ? "*" : "");
	else
		snprintf(
		    buf, size, "SIG%d%s", w.signal, w.core_dumped ? "*" : "");
}
