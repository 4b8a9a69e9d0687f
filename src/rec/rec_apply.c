/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rebuilding the state of a refresh from a keyframe and the deltas after
 * it (see rec_apply.h). */
#include "rec_apply.h"
#include "rec_read.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define BAD(st, msg) ((st)->why = (msg), -EBADMSG)

void
rec_apply_done(struct rec_state *st)
{
	snap_free(st->snap);
	st->snap = NULL;
	free(st->rep.diags);
	memset(&st->rep, 0, sizeof(st->rep));
	free(st->ages);
	st->ages = NULL;
	st->nages = 0;
	evlog_free(st->log);
	st->log = NULL;
	free(st->fev);
	st->fev = NULL;
	st->nfev = 0;
}

static const json_t *
array_of(const json_t *doc, const char *key, size_t max)
{
	const json_t *a = json_object_get(doc, key);

	return json_is_array(a) && json_array_size(a) <= max ? a : NULL;
}

static int
cmp_pid(pid_t a, pid_t b)
{
	return (a > b) - (a < b);
}

static int
cmp_diag(const void *a, const void *b)
{
	return cmp_pid(((const struct zombie_diag *)a)->ppid,
	    ((const struct zombie_diag *)b)->ppid);
}

static int
cmp_age(const void *a, const void *b)
{
	return cmp_pid(
	    ((const struct rec_age *)a)->pid, ((const struct rec_age *)b)->pid);
}

static int
decode_diags(struct rec_state *st, const json_t *a, double t,
    struct zombie_diag **out, size_t *n)
{
	size_t count = json_array_size(a);

	*n = 0;
	if (!(*out = calloc(count ? count : 1, sizeof(**out))))
		return -ENOMEM;
	for (; *n < count; (*n)++)
		if (rec_codec_diag_get(json_array_get(a, *n), t, &(*out)[*n]) <
		    0)
			return BAD(st, "a bad diagnosis");
	qsort(*out, count, sizeof(**out), cmp_diag);
	return 0;
}

/* Whether delta d drops or replaces diagnosis k of the old report. */
static bool
diag_dropped(const struct zombie_diag *k, const json_t *gone,
    const struct zombie_diag *put, size_t nput)
{
	const json_t *v;
	size_t i;

	json_array_foreach(
	    gone, i, v) if (json_integer_value(v) == k->ppid) return true;
	for (i = 0; i < nput; i++)
		if (put[i].ppid == k->ppid)
			return true;
	return false;
}

/* The oldest ages of kept diagnoses move on with the time. */
static int
merge_diags(struct rec_state *st, const json_t *gone, struct zombie_diag *put,
    size_t nput, double t)
{
	struct zombie_report *r = &st->rep;
	struct zombie_diag *all = calloc(r->n + nput + 1, sizeof(*all));
	size_t n = 0;

	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		if (diag_dropped(&r->diags[i], gone, put, nput))
			continue;
		all[n] = r->diags[i];
		if (all[n].oldest_age >= 0)
			all[n].oldest_age += t - st->t;
		n++;
	}
	memcpy(all + n, put, nput * sizeof(*put));
	n += nput;
	qsort(all, n, sizeof(*all), cmp_diag);
	free(r->diags);
	r->diags = all;
	r->n = n;
	return 0;
}

/* Keyframe: every diagnosis; delta: the new and changed ones, and the
 * parents gone from the report. */
static int
load_diags(struct rec_state *st, const json_t *doc, double t, bool key)
{
	const json_t *d = array_of(doc, "diags", REC_APPLY_MAX_PROCS);
	const json_t *gone = array_of(doc, "diags_gone", REC_APPLY_MAX_PROCS);
	struct zombie_diag *put = NULL;
	size_t n;
	int rc;

	if (!d || (!key && !gone))
		return BAD(st, "no diagnoses");
	rc = decode_diags(st, d, t, &put, &n);
	if (rc == 0 && key) {
		free(st->rep.diags);
		st->rep.diags = put;
		st->rep.n = n;
		return 0;
	}
	if (rc == 0 && n + st->rep.n > REC_APPLY_MAX_PROCS)
		rc = BAD(st, "too many diagnoses");
	if (rc == 0)
		rc = merge_diags(st, gone, put, n, t);
	free(put);
	return rc;
}

/* Binary search among the first n exit times (sorted by pid). */
static long
find_age(const struct rec_state *st, size_t n, pid_t pid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->ages[mid].pid == pid)
			return (long)mid;
		if (st->ages[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Keyframe: every zombie's exit time; delta: new and changed ones, and
 * those of processes that are no zombie any more are dropped. */
static int
load_ages(struct rec_state *st, const json_t *doc, bool key)
{
	const json_t *a = array_of(doc, "ages", REC_APPLY_MAX_PROCS);
	size_t na = a ? json_array_size(a) : 0, n = 0, sorted;
	struct rec_age age;
	void *p;

	if (!a)
		return BAD(st, "no exit times");
	if (key)
		st->nages = 0;
	if (!(p = reallocarray(st->ages, st->nages + na + 1, sizeof(age))))
		return -ENOMEM;
	st->ages = p;
	sorted = st->nages;
	for (size_t i = 0; i < na; i++) {
		long k;

		if (rec_codec_age_get(json_array_get(a, i), &age) < 0)
			return BAD(st, "a bad exit time");
		k = key ? -1 : find_age(st, sorted, age.pid);
		st->ages[k >= 0 ? (size_t)k : st->nages++] = age;
	}
	for (size_t i = 0; i < st->nages; i++) {
		const struct snap_proc *z =
		    snap_find(st->snap, st->ages[i].pid);

		if (z && z->start_ticks == st->ages[i].start_ticks &&
		    snap_is_zombie(z))
			st->ages[n++] = st->ages[i];
	}
	st->nages = n;
	qsort(st->ages, n, sizeof(*st->ages), cmp_age);
	return 0;
}

static int
add_events(struct rec_state *st, const json_t *a, bool keep)
{
	struct evlog_event ev;
	size_t n = json_array_size(a);

	if (keep) {
		free(st->fev);
		st->nfev = 0;
		if (!(st->fev = calloc(n ? n : 1, sizeof(*st->fev))))
			return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (rec_codec_event_get(json_array_get(a, i), &ev) < 0)
			return BAD(st, "a bad event");
		evlog_add(st->log, &ev);
		if (keep)
			st->fev[st->nfev++] = ev;
	}
	return 0;
}

/* Counts and header fields of the table, after its processes. */
static int
finish_snap(struct rec_state *st, const json_t *doc, double t)
{
	struct snap *s = st->snap;
	long long hidepid;
	const json_t *priv = json_object_get(doc, "privileged");

	if (rec_codec_int(json_object_get(doc, "hidepid"), -1, 2, &hidepid) ||
	    !json_is_boolean(priv))
		return BAD(st, "bad hidepid or privileged");
	s->hidepid = (int)hidepid;
	s->privileged = json_is_true(priv);
	s->taken.tv_sec = (time_t)t;
	s->taken.tv_nsec = (long)((t - (double)(time_t)t) * 1e9);
	s->hz = st->hz;
	s->boot_time = st->boot_time;
	snap_sort(s);
	for (size_t i = 1; i < s->n; i++)
		if (s->procs[i].pid == s->procs[i - 1].pid)
			return BAD(st, "a process twice");
	return 0;
}

static int
push_procs(struct rec_state *st, const json_t *a)
{
	struct snap_proc p;
	int rc;

	for (size_t i = 0; i < json_array_size(a); i++) {
		if (st->snap->n >= REC_APPLY_MAX_PROCS)
			return BAD(st, "too many processes");
		if ((rc = rec_codec_proc_get(json_array_get(a, i), &p)) < 0)
			return rc == -ENOMEM ? rc : BAD(st, "a bad process");
		if ((rc = snap_push(st->snap, &p)) < 0) {
			snap_proc_done(&p);
			return rc;
		}
	}
	return 0;
}

static int
key_clock(struct rec_state *st, const json_t *doc)
{
	long long hz;
	double boot;

	if (rec_codec_int(json_object_get(doc, "hz"), 1, 1000000, &hz) ||
	    rec_codec_num(json_object_get(doc, "boot_time"), 0, 1e11, &boot))
		return BAD(st, "bad clock");
	st->hz = (long)hz;
	st->boot_time = boot;
	return 0;
}

static int
key_body(struct rec_state *st, const json_t *doc, double t)
{
	const json_t *procs = array_of(doc, "procs", REC_APPLY_MAX_PROCS);
	const json_t *recent = array_of(doc, "recent", REC_APPLY_MAX_EVENTS);
	const json_t *ev = array_of(doc, "events", REC_APPLY_MAX_EVENTS);
	int rc;

	if (!procs || !recent || !ev)
		return BAD(st, "a keyframe without its arrays");
	if ((rc = key_clock(st, doc)) < 0)
		return rc;
	if (!(st->snap = snap_new()) ||
	    evlog_new(REC_READ_LOG_CAP, &st->log) < 0)
		return -ENOMEM;
	if ((rc = push_procs(st, procs)) < 0 ||
	    (rc = finish_snap(st, doc, t)) < 0 ||
	    (rc = load_diags(st, doc, t, true)) < 0 ||
	    (rc = load_ages(st, doc, true)) < 0 ||
	    (rc = add_events(st, recent, false)) < 0)
		return rc;
	return add_events(st, ev, true);
}

int
rec_apply_key(struct rec_state *st, const json_t *doc, double t)
{
	int rc;

	rec_apply_done(st);
	if ((rc = key_body(st, doc, t)) < 0)
		rec_apply_done(st);
	st->t = t;
	return rc;
}

/* The index of (pid, start) in the table, or -1. */
static long
find_proc(const struct snap *s, const json_t *pid, const json_t *start)
{
	long long p, st;
	const struct snap_proc *hit;

	if (rec_codec_int(pid, 1, INT_MAX, &p) ||
	    rec_codec_int(start, 0, LLONG_MAX, &st))
		return -2;
	hit = snap_find(s, (pid_t)p);
	if (!hit || hit->start_ticks != (unsigned long long)st)
		return -1;
	return hit - s->procs;
}

static int
apply_changed(struct rec_state *st, const json_t *a)
{
	struct snap_proc p;
	int rc;

	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *v = json_array_get(a, i);
		long k = find_proc(
		    st->snap, json_array_get(v, 0), json_array_get(v, 6));

		if (k < 0)
			return BAD(st, "a change to an unknown process");
		if ((rc = rec_codec_proc_get(v, &p)) < 0)
			return rc == -ENOMEM ? rc : BAD(st, "a bad process");
		snap_proc_done(&st->snap->procs[k]);
		st->snap->procs[k] = p;
	}
	return 0;
}

/* [pid, start, cpu_ticks, rss_kb] of a process that only ran. */
static int
apply_ticks(struct rec_state *st, const json_t *a)
{
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *v = json_array_get(a, i);
		long long cpu, rss;
		long k = json_array_size(v) == 4
		             ? find_proc(st->snap, json_array_get(v, 0),
		                   json_array_get(v, 1))
		             : -2;

		if (k < 0 ||
		    rec_codec_int(json_array_get(v, 2), 0, LLONG_MAX, &cpu) ||
		    rec_codec_int(json_array_get(v, 3), 0, LLONG_MAX, &rss))
			return BAD(st, "bad usage of a process");
		st->snap->procs[k].cpu_ticks = (unsigned long long)cpu;
		st->snap->procs[k].rss_kb = (unsigned long)rss;
	}
	return 0;
}

/* Gone processes are removed in one pass: binary searches first. */
static int
apply_gone(struct rec_state *st, const json_t *a)
{
	struct snap *s = st->snap;
	bool *dead = calloc(s->n ? s->n : 1, sizeof(*dead));
	size_t j = 0;

	if (!dead)
		return -ENOMEM;
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *v = json_array_get(a, i);
		long k = json_array_size(v) == 2
		             ? find_proc(s, json_array_get(v, 0),
		                   json_array_get(v, 1))
		             : -2;

		if (k < 0) {
			free(dead);
			return BAD(st, "an unknown process gone");
		}
		dead[k] = true;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (dead[i])
			snap_proc_done(&s->procs[i]);
		else
			s->procs[j++] = s->procs[i];
	}
	s->n = j;
	free(dead);
	return 0;
}

int
rec_apply_delta(struct rec_state *st, const json_t *doc, double t)
{
	const json_t *nw = array_of(doc, "new", REC_APPLY_MAX_PROCS);
	const json_t *ch = array_of(doc, "changed", REC_APPLY_MAX_PROCS);
	const json_t *tk = array_of(doc, "ticks", REC_APPLY_MAX_PROCS);
	const json_t *gone = array_of(doc, "gone", REC_APPLY_MAX_PROCS);
	const json_t *ev = array_of(doc, "events", REC_APPLY_MAX_EVENTS);
	int rc;

	if (!st->snap)
		return BAD(st, "a delta without its keyframe");
	if (!nw || !ch || !tk || !gone || !ev)
		rc = BAD(st, "a delta without its arrays");
	else if ((rc = apply_changed(st, ch)) == 0 &&
	         (rc = apply_ticks(st, tk)) == 0 &&
	         (rc = apply_gone(st, gone)) == 0 &&
	         (rc = push_procs(st, nw)) == 0 &&
	         (rc = finish_snap(st, doc, t)) == 0 &&
	         (rc = load_diags(st, doc, t, false)) == 0 &&
	         (rc = load_ages(st, doc, false)) == 0)
		rc = add_events(st, ev, true);
	if (rc < 0)
		rec_apply_done(st);
	st->t = t;
	return rc;
}
