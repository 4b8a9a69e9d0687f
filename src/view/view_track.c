/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The records of view_track.h. A parent that dies hands its zombies to a new
 * parent: its live children, noted at the action, are read again to name
 * it, since a fast subreaper reaps before any snapshot shows the move.
 * The zombies' names and quiet marks are in the process table. */
#include "view_track.h"
#include "kparse.h"
#include "procfs.h"
#include "sigact.h"
#include "signame.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct view_track {
	struct outcome oc;
	int sig;
	unsigned batch; /* the action (keypress) that sent it */
	bool done;      /* ended: waits for the rest of its batch */
	char pcomm[KPARSE_COMM_MAX]; /* raw name of the parent */
	char next[128]; /* the action to suggest if it did not help, or "" */
	struct sigact_target *kids; /* owned: live children at the action */
	size_t nkids;
};

/* The slot after the n elements (of size bytes) of *arr, grown as needed;
 * NULL without memory, *arr untouched. */
static void *
room(void *arr, size_t *cap, size_t n, size_t size)
{
	void **p = arr, *np;

	if (n >= *cap) {
		if (!(np = realloc(*p, (*cap ? *cap * 2 : 8) * size)))
			return NULL;
		*p = np;
		*cap = *cap ? *cap * 2 : 8;
	}
	return (char *)*p + n * size;
}

static void
track_free(struct view_track *t)
{
	outcome_done(&t->oc);
	free(t->kids);
}

void
view_track_done(struct view_tracks *ts)
{
	for (size_t i = 0; i < ts->ntr; i++)
		track_free(&ts->tr[i]);
	free(ts->tr);
	memset(ts, 0, sizeof(*ts));
}

/* Marks zombie id quiet (its reap is the outcome's to log) or not. A
 * zombie the table does not hold (-ENOENT) cannot be: its reap is logged
 * twice. */
static void
quiet_set(struct view_tracks *ts, const struct sigact_target *id, bool on)
{
	if (ts->table)
		ptable_vflag_set(
		    ts->table, id->pid, id->start_ticks, PTABLE_QUIET, on);
}

bool
view_track_quiet_take(struct view_tracks *ts, pid_t pid)
{
	struct ptable_life l;

	return ts->table && ptable_last_life(ts->table, pid, &l) == 0 &&
	       (l.vflags & PTABLE_QUIET);
}

/* Live children and the parent's name, read from the view's snapshot. */
static void
note_family(const struct snap *s, struct view_track *t)
{
	pid_t parent = t->oc.parent.pid;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n +=
		    s->procs[i].ppid == parent && !snap_is_zombie(&s->procs[i]);
	t->kids = calloc(n ? n : 1, sizeof(*t->kids));
	for (size_t i = 0; t->kids && i < s->n; i++)
		if (s->procs[i].ppid == parent &&
		    !snap_is_zombie(&s->procs[i])) {
			t->kids[t->nkids].pid = s->procs[i].pid;
			t->kids[t->nkids++].start_ticks =
			    s->procs[i].start_ticks;
		}
	for (size_t i = 0; i < s->n; i++)
		if (s->procs[i].pid == parent && s->procs[i].comm)
			snprintf(
			    t->pcomm, sizeof(t->pcomm), "%s", s->procs[i].comm);
}

int
view_track_add(struct view_tracks *ts, struct outcome *oc, int sig,
    const char *next, const struct snap *s)
{
	struct view_track *t = room(&ts->tr, &ts->captr, ts->ntr, sizeof(*t));

	if (!t) {
		outcome_done(oc);
		return -ENOMEM;
	}
	memset(t, 0, sizeof(*t));
	t->oc = *oc;
	t->sig = sig;
	snprintf(t->next, sizeof(t->next), "%s", next ? next : "");
	t->batch = ts->batch;
	note_family(s, t);
	for (size_t i = 0; i < t->oc.n; i++)
		if (!t->oc.z[i].reaped)
			quiet_set(ts, &t->oc.z[i].id, true);
	ts->ntr++;
	return 0;
}

void
view_track_batch(struct view_tracks *ts)
{
	ts->batch++;
}

bool
view_track_busy(const struct view_tracks *ts)
{
	return ts->ntr > 0;
}

/* After the parent died: where its live children went is where the
 * zombies went, read fresh so the reaper is named even if it was fast. */
static void
learn_new_parent(struct view_track *t)
{
	struct kstat ks;

	if (!t->oc.parent_exited || t->oc.new_parent)
		return;
	for (size_t i = 0; i < t->nkids; i++) {
		if (procfs_stat(t->kids[i].pid, &ks) == 0 &&
		    ks.start_ticks == t->kids[i].start_ticks &&
		    ks.ppid != t->oc.parent.pid) {
			outcome_set_new_parent(&t->oc, ks.ppid);
			return;
		}
	}
}

/* The name of zombie pid of t into out, as the table knows it (its
 * record, or its life once reaped and swept); out untouched if unknown. */
static void
zombie_name(const struct view_tracks *ts, const struct view_track *t, pid_t pid,
    char *out, size_t size)
{
	char name[16];

	for (size_t k = 0; ts->table && k < t->oc.n; k++)
		if (t->oc.z[k].id.pid == pid) {
			if (ptable_name(ts->table, pid,
			        t->oc.z[k].id.start_ticks, name) == 0)
				snprintf(out, size, "%s", name);
			return;
		}
}

/* The reap events of an outcome, with the zombies' names. */
static void
log_reaps(struct view_tracks *ts, struct view_track *t, struct evlog *scratch,
    struct evlog *log)
{
	int n = outcome_log(&t->oc, scratch);
	size_t count = evlog_count(scratch);

	for (size_t i = count - (size_t)n; n > 0 && i < count; i++) {
		struct evlog_event ev = *evlog_at(scratch, i);

		zombie_name(ts, t, ev.pid, ev.comm, sizeof(ev.comm));
		evlog_add(log, &ev);
	}
	/* Not reaped: evwatch will log whoever does it later. */
	for (size_t k = 0; k < t->oc.n; k++)
		if (!t->oc.z[k].reaped)
			quiet_set(ts, &t->oc.z[k].id, false);
}

/* The words on one ended outcome: one zombie still there (else the last
 * reaped), with the next step to try. */
static void
track_detail(const struct view_track *t, char *buf, size_t size)
{
	char try[160];
	size_t pick = 0;

	for (size_t i = 0; i < t->oc.n; i++)
		if (!t->oc.z[i].reaped || pick == 0)
			pick = i;
	for (size_t i = 0; i < t->oc.n; i++)
		if (!t->oc.z[i].reaped) {
			pick = i;
			break;
		}
	if (t->oc.parent_exited)
		snprintf(try, sizeof(try),
		    "select it and act again (its "
		    "parent has changed)");
	else
		snprintf(try, sizeof(try), "%s", t->next);
	outcome_describe(&t->oc, pick,
	    t->next[0] || t->oc.parent_exited ? try : NULL, buf, size);
}

static void
track_text(const struct view_track *t, bool final, char *buf, size_t size)
{
	const char *sn = signame_name(t->sig);
	char sum[96], one[512];

	outcome_summary(&t->oc, sum, sizeof(sum));
	if (!final) {
		snprintf(buf, size, "%s sent to %d: %s...", sn ? sn : "signal",
		    (int)t->oc.parent.pid, sum);
		return;
	}
	track_detail(t, one, sizeof(one));
	snprintf(buf, size, "%s to %d: %s; %s", sn ? sn : "signal",
	    (int)t->oc.parent.pid, sum, one);
}

/* The whole outcome goes to the log, in pieces if the event's text is
 * too short for it: the status line may have to cut it. */
static void
log_outcome(const struct view_track *t, struct evlog *log)
{
	struct evlog_event ev;
	char sum[96], one[512], all[700];
	size_t off = 0, len;

	outcome_summary(&t->oc, sum, sizeof(sum));
	track_detail(t, one, sizeof(one));
	snprintf(all, sizeof(all), "outcome of %s: %s; %s",
	    signame_name(t->sig) ? signame_name(t->sig) : "the signal", sum,
	    one);
	len = strlen(all);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_ACTION;
	ev.pid = t->oc.parent.pid;
	ev.sig = t->sig;
	ev.count = (int)t->oc.n;
	memcpy(ev.comm, t->pcomm, sizeof(ev.comm));
	while (off < len) {
		size_t room = sizeof(ev.text) - (off ? 5 : 1), k = len - off;

		if (k > room) {
			k = room;
			while (k > room / 2 && all[off + k] != ' ')
				k--;
		}
		snprintf(ev.text, sizeof(ev.text), "%s%.*s", off ? "... " : "",
		    (int)k, all + off);
		evlog_add(log, &ev);
		memset(&ev.when, 0, sizeof(ev.when));
		off += k;
		while (all[off] == ' ')
			off++;
	}
}

static bool
batch_ended(const struct view_tracks *ts, unsigned b)
{
	for (size_t i = 0; i < ts->ntr; i++)
		if (ts->tr[i].batch == b && !ts->tr[i].done)
			return false;
	return true;
}

#define BATCH_SHOWN 3 /* parents described on the status line */

/* The status line on a batch that ended: every parent counted, the first
 * few described; the log has each one whole. */
static void
batch_text(const struct view_tracks *ts, unsigned b, char *buf, size_t size)
{
	const struct view_track *first = NULL;
	size_t parents = 0, n = 0, reaped = 0, shown = 0;
	char one[512];

	for (size_t i = 0; i < ts->ntr; i++)
		if (ts->tr[i].batch == b) {
			first = first ? first : &ts->tr[i];
			parents++;
			n += ts->tr[i].oc.n;
			reaped += outcome_reaped(&ts->tr[i].oc);
		}
	if (!first || parents == 1) {
		if (first)
			track_text(first, true, buf, size);
		else
			snprintf(buf, size, "%s", "");
		return;
	}
	snprintf(buf, size, "%s to %zu parents: %zu of %zu zombie%s reaped",
	    signame_name(first->sig) ? signame_name(first->sig) : "signal",
	    parents, reaped, n, n == 1 ? "" : "s");
	for (size_t i = 0; i < ts->ntr; i++) {
		const struct view_track *t = &ts->tr[i];
		size_t len = strlen(buf);

		if (t->batch != b || shown++ >= BATCH_SHOWN)
			continue;
		track_detail(t, one, sizeof(one));
		snprintf(buf + len, size - len, "; %d: %zu of %zu, %s",
		    (int)t->oc.parent.pid, outcome_reaped(&t->oc), t->oc.n,
		    one);
	}
	if (shown > BATCH_SHOWN)
		snprintf(buf + strlen(buf), size - strlen(buf),
		    "; %zu more in the event log (L)", shown - BATCH_SHOWN);
}

static void
drop_batch(struct view_tracks *ts, unsigned b)
{
	for (size_t i = 0; i < ts->ntr;)
		if (ts->tr[i].batch == b) {
			track_free(&ts->tr[i]);
			ts->tr[i] = ts->tr[--ts->ntr];
		} else
			i++;
}

/* Ends each outcome whose zombies are all reaped or whose time is up:
 * its reaps and its outcome go to the log. text gets the first still
 * under way. */
static void
poll_each(struct view_tracks *ts, struct evlog *scratch, struct evlog *log,
    char *text, size_t size)
{
	for (size_t i = 0; i < ts->ntr; i++) {
		struct view_track *t = &ts->tr[i];
		size_t pending;

		if (t->done)
			continue;
		pending = outcome_poll(&t->oc, 0);
		learn_new_parent(t);
		if (pending > 0 && t->oc.elapsed < UI_TRACK_WINDOW) {
			if (!text[0])
				track_text(t, false, text, size);
			continue;
		}
		log_reaps(ts, t, scratch, log);
		log_outcome(t, log);
		t->done = true;
	}
}

bool
view_track_poll(struct view_tracks *ts, struct evlog *scratch,
    struct evlog *log, char *text, size_t size, bool *final)
{
	char one[1024];

	*final = false;
	text[0] = '\0';
	if (ts->ntr == 0)
		return false;
	poll_each(ts, scratch, log, text, size);
	for (size_t i = 0; i < ts->ntr;) {
		unsigned b = ts->tr[i].batch;

		if (!batch_ended(ts, b)) {
			i++;
			continue;
		}
		batch_text(ts, b, one, sizeof(one));
		if (*final)
			strncat(text, " | ", size - strlen(text) - 1);
		else
			text[0] = '\0';
		strncat(text, one, size - strlen(text) - 1);
		*final = true;
		drop_batch(ts, b);
		i = 0;
	}
	return true;
}
