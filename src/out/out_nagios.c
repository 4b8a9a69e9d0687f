/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Check mode: counting, thresholds and the status line. The parent's name
 * is untrusted: escaped to ASCII, and '|' (the perfdata separator for
 * Nagios and Icinga) written as \x7c so it cannot forge perfdata. */
#include "out_nagios.h"
#include "escape.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
    [OUT_CHECK_OK] = "OK",
    [OUT_CHECK_WARNING] = "WARNING",
    [OUT_CHECK_CRITICAL] = "CRITICAL",
    [OUT_CHECK_UNKNOWN] = "UNKNOWN",
};

const char *
out_nagios_status_name(enum out_nagios_status s)
{
	return s <= OUT_CHECK_UNKNOWN ? status_names[s] : "UNKNOWN";
}

/* True when p's start time proves it has been a zombie for less than
 * max_age seconds; one second of slack covers clock rounding. */
static bool
provably_younger(const struct snap *s, const struct snap_proc *p, int max_age)
{
	double now = (double)s->taken.tv_sec + (double)s->taken.tv_nsec / 1e9;
	double bound = now - snap_start_epoch(s, p);

	return max_age > 0 && bound + 1.0 < (double)max_age;
}

int
out_nagios_eval(const struct ptree *t, const struct out_nagios_opts *o,
    struct out_nagios_result *r)
{
	const struct snap *s = t->snap;
	int *counted = calloc(s->n ? s->n : 1, sizeof(*counted));

	memset(r, 0, sizeof(*r));
	r->top_node = -1;
	r->zombie_parents = t->zombie_parents;
	if (!counted)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		int parent = t->nodes[i].parent;

		r->leader_exited += snap_is_leader_exited(p);
		if (!snap_is_zombie(p))
			continue;
		r->total++;
		if (provably_younger(s, p, o->max_age)) {
			r->younger++;
			continue;
		}
		r->zombies++;
		if (parent >= 0 && ++counted[parent] > r->top_zombies) {
			r->top_zombies = counted[parent];
			r->top_node = parent;
		}
	}
	free(counted);
	r->status = r->zombies >= (size_t)o->crit   ? OUT_CHECK_CRITICAL
	            : r->zombies >= (size_t)o->warn ? OUT_CHECK_WARNING
	                                            : OUT_CHECK_OK;
	return 0;
}

static void
write_name(FILE *f, const char *comm)
{
	char buf[128];

	escape_buf(comm, strlen(comm), buf, sizeof(buf), ESC_ASCII);
	for (const char *c = buf; *c; c++)
		if (*c == '|')
			fputs("\\x7c", f);
		else
			fputc(*c, f);
}

static void
write_top(FILE *f, const struct ptree *t, const struct out_nagios_result *r,
    const char *top_reason)
{
	const struct snap_proc *p = &t->snap->procs[r->top_node];

	fputs(", most under ", f);
	write_name(f, p->comm);
	fprintf(f, "[%d]: %d", (int)p->pid, r->top_zombies);
	if (top_reason)
		fprintf(f, " (%s)", top_reason);
}

int
out_nagios_write(FILE *f, const struct ptree *t,
    const struct out_nagios_opts *o, const struct out_nagios_result *r,
    const char *top_reason)
{
	fprintf(f, "ZOMBIES %s - %zu zombie%s",
	    out_nagios_status_name(r->status), r->zombies,
	    r->zombies == 1 ? "" : "s");
	if (o->max_age > 0)
		fprintf(f,
		    " that may be older than %d s (%zu younger, not "
		    "counted)",
		    o->max_age, r->younger);
	if (r->top_node >= 0)
		write_top(f, t, r, top_reason);
	if (r->leader_exited)
		fprintf(f, ", %zu exited leader%s with live threads",
		    r->leader_exited, r->leader_exited == 1 ? "" : "s");
	fprintf(f,
	    " | zombies=%zu;%d;%d;0 zombies_total=%zu;;;0 "
	    "leader_exited=%zu;;;0 zombie_parents=%d;;;0\n",
	    r->zombies, o->warn, o->crit, r->total, r->leader_exited,
	    r->zombie_parents);
	if (fflush(f) == EOF || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
