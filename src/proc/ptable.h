/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TEMPORARY (branch events): the four declarations of ISSUE17-API.md
 * section 2 that evsrc.c calls, so that it compiles here. The real header
 * comes from the table helper's branch and replaces this one at merge. */
#ifndef ZT_PTABLE_H
#define ZT_PTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ptable;
struct pev;

void ptable_set_events(struct ptable *t, bool on, const char *why);
int ptable_event(struct ptable *t, const struct pev *ev);
void ptable_reaped(struct ptable *t, pid_t pid, uint64_t mono_ns, bool exact);
void ptable_lost(struct ptable *t, uint64_t n);

#endif
