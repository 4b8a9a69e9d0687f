/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The --check status line, monitoring-plugins style: thresholds on the
 * reapable zombies, one line of text and perfdata, and the status that
 * becomes the exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
#ifndef ZT_OUT_NAGIOS_H
#define ZT_OUT_NAGIOS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "ptree.h"

enum out_nagios_status {
	OUT_CHECK_OK,
	OUT_CHECK_WARNING,
	OUT_CHECK_CRITICAL,
	OUT_CHECK_UNKNOWN,
};

struct out_nagios_opts {
	int warn, crit; /* that many counted zombies or more */
	int max_age;    /* seconds; 0 counts every zombie */
};

struct out_nagios_result {
	enum out_nagios_status status;
	size_t zombies; /* counted against the thresholds */
	size_t total;   /* every reapable zombie */
	size_t younger; /* provably younger than max_age: not counted */
	size_t leader_exited;
	int zombie_parents;
	int top_node;    /* parent with the most counted zombies, -1 if none */
	int top_zombies; /* its counted zombies */
};

/* Counts the zombies of t (built unfiltered) and decides the status.
 * /proc has no exit time: a zombie cannot have died before it started,
 * so the time since its start bounds its age from above, and a zombie is
 * left out under max_age only when that bound proves it younger. */
int out_nagios_eval(const struct ptree *t, const struct out_nagios_opts *o,
    struct out_nagios_result *r);

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char *out_nagios_status_name(enum out_nagios_status s);

/* Writes the one status line with perfdata. top_reason (may be NULL) is
 * the diagnosis reason code of the top parent. Returns 0 or -errno. */
int out_nagios_write(FILE *f, const struct ptree *t,
    const struct out_nagios_opts *o, const struct out_nagios_result *r,
    const char *top_reason);

#endif
