/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prometheus text format 0.0.4, as node_exporter's textfile collector reads
 * it: no timestamps, one HELP and TYPE per family, every family written even
 * when zero so that series do not vanish and reappear. */
#include "out_prom.h"
#include "escape.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The state letters of zombietop_processes, always all written. */
static const char prom_states[] = "RSDZTtI";

static const char help_zombies[] = "Reapable zombie processes.";
static const char help_leader[] =
    "Thread-group leaders that exited while other threads still run "
    "(state Z but alive, not reapable).";
static const char help_parents[] =
    "Processes with at least one reapable zombie child.";
static const char help_by_parent[] =
    "Reapable zombies by parent command and diagnosis reason (at most 20 "
    "series; the smallest are summed in parent_comm=\"other\", "
    "reason=\"other\").";
static const char help_age[] =
    "Seconds since the oldest zombie whose exit zombietop saw became a "
    "zombie (exact with kernel process events, else from the scan that "
    "first showed it); 0 when unknown.";
static const char help_procs[] =
    "Processes (thread groups) by state letter as the kernel shows it.";
static const char help_duration[] =
    "Seconds zombietop took to scan /proc and analyse the zombies.";
static const char help_success[] = "Unix time of the last successful scan.";
static const char help_exits[] =
    "Children that exited, by parent command (kernel process events; "
    "scans when they are off), at most 20 series, the rest in "
    "parent_comm=\"other\".";
static const char help_latency[] =
    "Seconds from a child's exit to its reap by the parent, by parent "
    "command.";
static const char help_lost[] =
    "Kernel process events lost (socket overflow); each loss triggers a "
    "full rescan.";
static const char help_enabled[] =
    "1 when kernel process events feed zombietop (exact exit times), 0 "
    "when it works from scans alone.";

/* One reap series as the writer groups it. */
struct prom_reap {
	char label[512];         /* escaped for the format */
	struct reapstat_sum sum; /* summed for "other" */
};

/* What ptable_comm_stats gives, copied out under the table's lock. */
struct prom_comms_copy {
	struct prom_reap *r; /* owned: OUT_PROM_MAX_SERIES entries */
	struct out_prom_comms *sticky;
	bool other_used;
};

/* A (comm, reason) series: label already escaped for the format. */
struct prom_series {
	char comm[512];
	const char *reason; /* borrowed from the input */
	long zombies;
};

size_t
out_prom_label(const char *raw, size_t len, char *out, size_t size)
{
	char safe[256];
	size_t n = 0;

	if (size == 0)
		return 0;
	escape_buf(raw, len, safe, sizeof(safe), 0);
	for (const char *p = safe; *p; p++) {
		const char *rep = *p == '\\'   ? "\\\\"
		                  : *p == '"'  ? "\\\""
		                  : *p == '\n' ? "\\n"
		                               : NULL;
		size_t k = rep ? 2 : 1;

		if (n + k >= size)
			break;
		memcpy(out + n, rep ? rep : p, k);
		n += k;
	}
	out[n] = '\0';
	return n;
}

static void
family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static int
series_cmp(const void *a, const void *b)
{
	const struct prom_series *x = a, *y = b;
	int c;

	if (x->zombies != y->zombies)
		return x->zombies > y->zombies ? -1 : 1;
	c = strcmp(x->comm, y->comm);
	return c ? c : strcmp(x->reason, y->reason);
}

/* Groups the parents by (escaped comm, reason), largest first; returns
 * the number of series, or -ENOMEM. *out is the caller's to free. */
static int
group_parents(const struct out_prom_input *in, struct prom_series **out)
{
	struct prom_series *s = calloc(in->nparents + 1, sizeof(*s));
	size_t n = 0;

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < in->nparents; i++) {
		const struct out_prom_parent *p = &in->parents[i];
		size_t j;

		out_prom_label(
		    p->comm, strlen(p->comm), s[n].comm, sizeof(s[n].comm));
		for (j = 0; j < n; j++)
			if (!strcmp(s[j].comm, s[n].comm) &&
			    !strcmp(s[j].reason, p->reason))
				break;
		if (j == n) {
			s[n].reason = p->reason;
			n++;
		}
		s[j].zombies += p->zombies;
	}
	qsort(s, n, sizeof(*s), series_cmp);
	*out = s;
	return (int)n;
}

static int
write_by_parent(FILE *f, const struct out_prom_input *in)
{
	struct prom_series *s = NULL;
	int n = group_parents(in, &s);
	long other = 0;

	if (n < 0)
		return n;
	if (n > OUT_PROM_MAX_SERIES) {
		for (int i = OUT_PROM_MAX_SERIES - 1; i < n; i++)
			other += s[i].zombies;
		n = OUT_PROM_MAX_SERIES - 1;
	}
	family(f, "zombietop_zombies_by_parent", help_by_parent);
	for (int i = 0; i < n; i++)
		fprintf(f,
		    "zombietop_zombies_by_parent{parent_comm=\"%s\","
		    "reason=\"%s\"} %ld\n",
		    s[i].comm, s[i].reason, s[i].zombies);
	if (other)
		fprintf(f,
		    "zombietop_zombies_by_parent{parent_comm=\"%s\","
		    "reason=\"%s\"} %ld\n",
		    OUT_PROM_OTHER, OUT_PROM_OTHER, other);
	free(s);
	return 0;
}

static void
write_states(FILE *f, const struct snap *snap)
{
	size_t count[sizeof(prom_states)] = {0};

	for (size_t i = 0; i < snap->n; i++) {
		const char *c = strchr(prom_states, snap->procs[i].state);

		if (c && *c)
			count[c - prom_states]++;
	}
	family(f, "zombietop_processes", help_procs);
	for (size_t i = 0; prom_states[i]; i++)
		fprintf(f, "zombietop_processes{state=\"%c\"} %zu\n",
		    prom_states[i], count[i]);
}

int
out_prom_parents(const struct ptree *t, const struct zombie_report *r,
    struct out_prom_parent **out, size_t *n, double *oldest)
{
	struct out_prom_parent *p = calloc(r->n ? r->n : 1, sizeof(*p));

	*out = p;
	*n = 0;
	*oldest = -1;
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const struct zombie_diag *d = &r->diags[i];
		const struct snap_proc *sp = snap_find(t->snap, d->ppid);

		if (d->zombies <= 0 || !sp)
			continue;
		p[*n] = (struct out_prom_parent){
		    sp->comm, zombie_reason_code(d->reason), d->zombies};
		(*n)++;
		if (d->oldest_age > *oldest)
			*oldest = d->oldest_age;
	}
	return 0;
}

static void
add_sum(struct reapstat_sum *to, const struct reapstat_sum *s)
{
	to->exits += s->exits;
	to->count += s->count;
	to->sum += s->sum;
	for (int i = 0; i < REAPSTAT_NB; i++)
		to->bucket[i] += s->bucket[i];
}

/* Called under the table's lock: a command with a series of its own, or
 * one that gets the next free series, or "other". */
static void
take_comm(void *arg, const char *comm, const struct reapstat_sum *s)
{
	struct prom_comms_copy *c = arg;
	struct out_prom_comms *k = c->sticky;
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strncmp(k->comm[i], comm, sizeof(k->comm[i]) - 1) == 0)
			break;
	/* A command named "other" would duplicate that series: it is one. */
	if (strcmp(comm, OUT_PROM_OTHER) == 0)
		i = OUT_PROM_MAX_SERIES - 1;
	else if (i == k->n && k->n < OUT_PROM_MAX_SERIES - 1)
		snprintf(k->comm[k->n++], sizeof(k->comm[0]), "%s", comm);
	if (i == OUT_PROM_MAX_SERIES - 1)
		c->other_used = true;
	add_sum(&c->r[i].sum, s);
}

static void
write_reap_series(FILE *f, const struct prom_reap *r)
{
	const struct reapstat_sum *s = &r->sum;

	fprintf(f, "zombietop_child_exits_total{parent_comm=\"%s\"} %llu\n",
	    r->label, (unsigned long long)s->exits);
}

static void
write_latency_series(FILE *f, const struct prom_reap *r)
{
	const struct reapstat_sum *s = &r->sum;

	for (int i = 0; i < REAPSTAT_NB; i++) {
		char le[32];

		if (i == REAPSTAT_NB - 1)
			snprintf(le, sizeof(le), "+Inf");
		else
			snprintf(le, sizeof(le), "%g", reapstat_le[i]);
		fprintf(f,
		    "zombietop_reap_latency_seconds_bucket{parent_comm=\"%s\","
		    "le=\"%s\"} %llu\n",
		    r->label, le, (unsigned long long)s->bucket[i]);
	}
	fprintf(f,
	    "zombietop_reap_latency_seconds_sum{parent_comm=\"%s\"} %.6f\n"
	    "zombietop_reap_latency_seconds_count{parent_comm=\"%s\"} "
	    "%llu\n",
	    r->label, s->sum, r->label, (unsigned long long)s->count);
}

/* The reap families: every family written, with series only when a
 * process table counted exits. */
static int
write_reaps(FILE *f, const struct out_prom_input *in)
{
	struct prom_comms_copy c = {NULL, in->comms, false};
	size_t n = 0;

	if (in->table && in->comms) {
		if (!(c.r = calloc(OUT_PROM_MAX_SERIES, sizeof(*c.r))))
			return -ENOMEM;
		ptable_comm_stats(in->table, take_comm, &c);
		n = in->comms->n;
		for (size_t i = 0; i < n; i++)
			out_prom_label(in->comms->comm[i],
			    strnlen(in->comms->comm[i], 15), c.r[i].label,
			    sizeof(c.r[i].label));
		snprintf(c.r[OUT_PROM_MAX_SERIES - 1].label,
		    sizeof(c.r[0].label), "%s", OUT_PROM_OTHER);
	}
	fprintf(f,
	    "# HELP zombietop_child_exits_total %s\n"
	    "# TYPE zombietop_child_exits_total counter\n",
	    help_exits);
	for (size_t i = 0; i < OUT_PROM_MAX_SERIES && c.r; i++)
		if (i < n || (i == OUT_PROM_MAX_SERIES - 1 && c.other_used))
			write_reap_series(f, &c.r[i]);
	fprintf(f,
	    "# HELP zombietop_reap_latency_seconds %s\n"
	    "# TYPE zombietop_reap_latency_seconds histogram\n",
	    help_latency);
	for (size_t i = 0; i < OUT_PROM_MAX_SERIES && c.r; i++)
		if (i < n || (i == OUT_PROM_MAX_SERIES - 1 && c.other_used))
			write_latency_series(f, &c.r[i]);
	free(c.r);
	return 0;
}

static void
write_events(FILE *f, const struct out_prom_input *in)
{
	struct ptable_info info = {0};

	if (in->table)
		ptable_info(in->table, &info);
	fprintf(f,
	    "# HELP zombietop_events_lost_total %s\n"
	    "# TYPE zombietop_events_lost_total counter\n"
	    "zombietop_events_lost_total %llu\n",
	    help_lost, (unsigned long long)info.lost);
	family(f, "zombietop_events_enabled", help_enabled);
	fprintf(f, "zombietop_events_enabled %d\n", info.events ? 1 : 0);
}

int
out_prom_write(FILE *f, const struct out_prom_input *in)
{
	struct snap_counts c;
	int rc;

	snap_count(in->tree->snap, &c);
	family(f, "zombietop_zombies", help_zombies);
	fprintf(f, "zombietop_zombies %zu\n", c.zombies);
	family(f, "zombietop_leader_exited", help_leader);
	fprintf(f, "zombietop_leader_exited %zu\n", c.leader_exited);
	family(f, "zombietop_zombie_parents", help_parents);
	fprintf(f, "zombietop_zombie_parents %d\n", in->tree->zombie_parents);
	if ((rc = write_by_parent(f, in)) < 0)
		return rc;
	family(f, "zombietop_oldest_zombie_age_seconds", help_age);
	fprintf(f, "zombietop_oldest_zombie_age_seconds %.3f\n",
	    in->oldest_age > 0 ? in->oldest_age : 0.0);
	write_states(f, in->tree->snap);
	if ((rc = write_reaps(f, in)) < 0)
		return rc;
	write_events(f, in);
	family(f, "zombietop_scrape_duration_seconds", help_duration);
	fprintf(
	    f, "zombietop_scrape_duration_seconds %.6f\n", in->scrape_duration);
	family(f, "zombietop_last_success_timestamp_seconds", help_success);
	fprintf(f, "zombietop_last_success_timestamp_seconds %.3f\n",
	    in->last_success);
	if (fflush(f) == EOF || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
