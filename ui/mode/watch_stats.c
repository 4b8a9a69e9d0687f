/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table keeps statistics per parent but no list of parents: this
 * module remembers which parents to ask about, bounded like the table. */
#include "watch_stats.h"
#include "escape.h"
#include "evlog.h"
#include "jstr.h"
#include "zclock.h"
#include "zombie_reaping.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_S (REAPSTAT_SLOTS * 60.0)

void
watch_stats_init(struct watch_stats *ws)
{
	memset(ws, 0, sizeof(*ws));
	ws->p = calloc(REAPSTAT_MAX_PARENTS, sizeof(*ws->p));
	ws->due = zclock_mono() + WATCH_STATS_PERIOD;
}

void
watch_stats_done(struct watch_stats *ws)
{
	free(ws->p);
	memset(ws, 0, sizeof(*ws));
}

/* Finds or adds (pid, start); when full, the least recently noted goes. */
static void
note_one(struct watch_stats *ws, pid_t pid, unsigned long long start,
    const char *comm, double now)
{
	size_t i, old = 0;

	if (!ws->p || pid <= 0)
		return;
	for (i = 0; i < ws->n; i++) {
		if (ws->p[i].pid == pid && ws->p[i].start == start)
			break;
		if (ws->p[i].last < ws->p[old].last)
			old = i;
	}
	if (i == ws->n && ws->n < REAPSTAT_MAX_PARENTS)
		ws->n++;
	else if (i == ws->n)
		i = old;
	ws->p[i].pid = pid;
	ws->p[i].start = start;
	ws->p[i].last = now;
	if (comm && comm[0])
		snprintf(ws->p[i].comm, sizeof(ws->p[i].comm), "%s", comm);
}

void
watch_stats_note(struct watch_stats *ws, const struct ptable_life *l, size_t n,
    const struct snap *s)
{
	double now = zclock_mono();

	for (size_t i = 0; i < n; i++)
		note_one(
		    ws, l[i].ppid, l[i].parent_start, l[i].parent_comm, now);
	for (size_t i = 0; s && i < s->n; i++) {
		const struct snap_proc *pp;

		if (!snap_is_zombie(&s->procs[i]))
			continue;
		pp = snap_find(s, s->procs[i].ppid);
		if (pp)
			note_one(ws, pp->pid, pp->start_ticks, pp->comm, now);
	}
}

/* Reapable zombies of pid in s now, and the age of the oldest (< 0 when
 * unknown: it was there before we started). */
static int
zombies_of(struct ptable *t, const struct snap *s, pid_t pid, double *oldest)
{
	int n = 0;

	*oldest = -1;
	for (size_t i = 0; s && i < s->n; i++) {
		const struct snap_proc *z = &s->procs[i];
		struct ptable_age a;

		if (z->ppid != pid || !snap_is_zombie(z))
			continue;
		n++;
		a = ptable_zombie_age(t, z->pid, z->start_ticks, snap_time(s));
		if (a.age > *oldest)
			*oldest = a.age;
	}
	return n;
}

static json_t *
jsec(double v)
{
	return v < 0 ? json_null()
	             : json_real((double)(long long)(v * 1e6) / 1e6);
}

/* One line of JSON from o (taken), or nothing. */
static void
print_obj(json_t *o)
{
	char *s =
	    o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;

	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(o);
	fflush(stdout);
}

static void
print_json(const struct watch_parent *p, const struct reapstat_sum *r,
    enum zombie_reaping how, const char *when)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:o, s:I, s:I, s:I, s:o, s:o, "
	                      "s:o, s:f, s:f, s:s, s:I, s:I}",
	    "time", when, "event", "parent_stats", "pid", (int)p->pid, "comm",
	    jstr_new(p->comm), "exits", (json_int_t)r->win_exits, "reaps",
	    (json_int_t)r->win_count, "over", (json_int_t)r->win_over, "p50",
	    jsec(r->p50), "p99", jsec(r->p99), "max", jsec(r->max),
	    "leak_per_min", r->leak_per_min, "window_s", WINDOW_S, "reaping",
	    zombie_reaping_code(how), "exits_total", (json_int_t)r->exits,
	    "over_total", (json_int_t)r->over);

	print_obj(o);
}

static void
print_text(const struct watch_parent *p, const struct reapstat_sum *r,
    enum zombie_reaping how, const char *when)
{
	char name[sizeof(p->comm) * 4 + 1];

	escape_buf(p->comm, strlen(p->comm), name, sizeof(name), 0);
	printf("%s parent %d (%s): %llu child exits in the last 10 min, "
	       "reap wait p50 %.3f s, p99 %.3f s, max %.3f s, %llu over "
	       "%.0f s, %+.2f zombies/min: reaping %s\n",
	    when, (int)p->pid, name, (unsigned long long)r->win_exits, r->p50,
	    r->p99, r->max, (unsigned long long)r->win_over, REAPSTAT_THRESHOLD,
	    r->leak_per_min, zombie_reaping_code(how));
}

static void
now_text(char *buf, size_t size)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	evlog_time(&ts, buf, size);
}

void
watch_stats_report(struct watch_stats *ws, struct ptable *t,
    const struct snap *s, bool json, bool force)
{
	double now = zclock_mono();
	struct reapstat_sum r;
	char when[48];
	size_t keep = 0;

	if (!t || (!force && now < ws->due))
		return;
	ws->due = now + WATCH_STATS_PERIOD;
	now_text(when, sizeof(when));
	for (size_t i = 0; i < ws->n; i++) {
		const struct watch_parent *p = &ws->p[i];
		double oldest;
		int z = zombies_of(t, s, p->pid, &oldest);
		enum zombie_reaping how;

		if (now - p->last > WINDOW_S && z == 0)
			continue; /* forgotten: nothing in the window */
		ws->p[keep++] = *p;
		if (ptable_parent_stats(t, p->pid, p->start, &r) < 0 ||
		    r.win_exits == 0)
			continue;
		how = zombie_reaping_of(&r, z, oldest);
		if (json)
			print_json(p, &r, how, when);
		else
			print_text(p, &r, how, when);
	}
	ws->n = keep;
	fflush(stdout);
}

void
watch_stats_lost(struct watch_stats *ws, struct ptable *t, bool json)
{
	struct ptable_info in;
	char when[48];

	if (!t)
		return;
	ptable_info(t, &in);
	if (in.lost == ws->lost && in.lives_dropped == ws->dropped)
		return;
	ws->lost = in.lost;
	ws->dropped = in.lives_dropped;
	now_text(when, sizeof(when));
	if (json) {
		print_obj(json_pack("{s:s, s:s, s:I, s:I}", "time", when,
		    "event", "events_lost", "events_lost", (json_int_t)in.lost,
		    "lives_dropped", (json_int_t)in.lives_dropped));
		return;
	}
	printf("%s events lost: %llu kernel event overflows, %llu short "
	       "lives dropped so far (zombies that lived between two "
	       "refreshes may be missing)\n",
	    when, (unsigned long long)in.lost,
	    (unsigned long long)in.lives_dropped);
	fflush(stdout);
}

void
watch_stats_started(struct ptable *t, double linger, bool json)
{
	struct ptable_info in;
	char when[48];

	ptable_info(t, &in);
	now_text(when, sizeof(when));
	if (!json) {
		printf("%s watching: %s%s%s\n", when,
		    in.events ? "kernel process events on"
		              : "scans only, kernel process events off (",
		    in.events ? "" : (in.why ? in.why : "unknown"),
		    in.events ? "" : ")");
		fflush(stdout);
		return;
	}
	print_obj(json_pack("{s:s, s:s, s:b, s:s?, s:f, s:f}", "time", when,
	    "event", "watch_started", "events", in.events, "events_reason",
	    in.events ? NULL : in.why, "linger_s", linger, "stats_period_s",
	    WATCH_STATS_PERIOD));
}
