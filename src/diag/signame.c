/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signal names of Linux (x86_64 and arm64 share these numbers). A const
 * table, so the menu, the decoder and the parser can never disagree. */
#include "signame.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	int num;
	const char *name;
} sigtab[] = {
    {SIGHUP, "SIGHUP"},
    {SIGINT, "SIGINT"},
    {SIGQUIT, "SIGQUIT"},
    {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"},
    {SIGABRT, "SIGABRT"},
    {SIGBUS, "SIGBUS"},
    {SIGFPE, "SIGFPE"},
    {SIGKILL, "SIGKILL"},
    {SIGUSR1, "SIGUSR1"},
    {SIGSEGV, "SIGSEGV"},
    {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"},
    {SIGALRM, "SIGALRM"},
    {SIGTERM, "SIGTERM"},
    {SIGSTKFLT, "SIGSTKFLT"},
    {SIGCHLD, "SIGCHLD"},
    {SIGCONT, "SIGCONT"},
    {SIGSTOP, "SIGSTOP"},
    {SIGTSTP, "SIGTSTP"},
    {SIGTTIN, "SIGTTIN"},
    {SIGTTOU, "SIGTTOU"},
    {SIGURG, "SIGURG"},
    {SIGXCPU, "SIGXCPU"},
    {SIGXFSZ, "SIGXFSZ"},
    {SIGVTALRM, "SIGVTALRM"},
    {SIGPROF, "SIGPROF"},
    {SIGWINCH, "SIGWINCH"},
    {SIGIO, "SIGIO"},
    {SIGPWR, "SIGPWR"},
    {SIGSYS, "SIGSYS"},
};

#define NSIGTAB ((int)(sizeof(sigtab) / sizeof(sigtab[0])))

const char *
signame_name(int sig)
{
	for (int i = 0; i < NSIGTAB; i++)
		if (sigtab[i].num == sig)
			return sigtab[i].name;
	return NULL;
}

int
signame_parse(const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end == '\0')
		return v > 0 && v < 65 ? (int)v : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 0; i < NSIGTAB; i++)
		if (strcasecmp(sigtab[i].name + 3, s) == 0)
			return sigtab[i].num;
	return -1;
}

int
signame_count(void)
{
	return NSIGTAB;
}

int
signame_at(int i)
{
	return i >= 0 && i < NSIGTAB ? sigtab[i].num : -1;
}
