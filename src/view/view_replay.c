/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The replay source of the view: each move of the recording's cursor
 * becomes a refresh, adopted as a scan's would be. The snapshot and the
 * diagnoses are copies of the recorded ones (the reader's last until its
 * next move); the process table is reconciled with them as with a scan,
 * so collapsed and tagged rows and CPU% work as live; the zombie exit
 * times are then the recorded ones. */
#include "view_replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct view_replay {
	struct rec_read *r; /* owned */
	bool stepped;       /* scan_start moved the cursor: collect adopts */
};

void
view_replay_free(struct view_replay *rp)
{
	if (!rp)
		return;
	rec_read_free(rp->r);
	free(rp);
}

int
view_replay_open(struct view *v, const char *path, char *err, size_t errsize)
{
	struct view_replay *rp = calloc(1, sizeof(*rp));
	int rc;

	if (!rp) {
		snprintf(err, errsize, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	if ((rc = rec_read_open(path, &rp->r, err, errsize)) < 0 ||
	    (rc = rec_read_seek(rp->r, 0)) < 0) {
		if (rc != -ENOMEM && rp->r)
			snprintf(err, errsize, "%s", rec_read_error(rp->r));
		view_replay_free(rp);
		return rc;
	}
	v->replay = rp;
	v->paused = true;
	v->first_scan = rec_read_info(rp->r)->start;
	return 0;
}

/* A copy of the recorded snapshot: the reader frees its own at its next
 * move, the view keeps this one until the next refresh. */
static struct snap *
copy_snap(const struct snap *src)
{
	struct snap *s = snap_new();

	if (!s)
		return NULL;
	for (size_t i = 0; i < src->n; i++)
		if (snap_add(s, &src->procs[i]) < 0) {
			snap_free(s);
			return NULL;
		}
	snap_sort(s);
	s->hidepid = src->hidepid;
	s->privileged = src->privileged;
	s->taken = src->taken;
	s->boot_time = src->boot_time;
	s->hz = src->hz;
	return s;
}

static int
copy_report(const struct zombie_report *src, struct zombie_report *out)
{
	*out = *src;
	out->diags = NULL;
	if (src->n == 0)
		return 0;
	if (!(out->diags = malloc(src->n * sizeof(*src->diags))))
		return -ENOMEM;
	memcpy(out->diags, src->diags, src->n * sizeof(*src->diags));
	return 0;
}

/* What after_scan makes on the scanner's thread live: the table
 * reconciled (flags, CPU%), the diagnoses; the tree is left to adopt,
 * which builds it with the view's filter. A step back makes CPU% from
 * a later refresh: negative, shown as 0. */
static int
fill_next(struct view *v, const struct snap *s)
{
	const struct rec_read *r = v->replay->r;
	int rc = timeline_scan(&v->tl, s);

	if (rc == 0 &&
	    !(v->next.cpu = malloc((s->n ? s->n : 1) * sizeof(double))))
		rc = -ENOMEM;
	if (rc == 0) {
		ptable_cpu(v->tl.table, s, v->next.cpu);
		for (size_t i = 0; i < s->n; i++)
			if (v->next.cpu[i] < 0)
				v->next.cpu[i] = 0;
		rc = copy_report(rec_read_report(r), &v->next.report);
	}
	v->next.rc = rc;
	return rc;
}

/* The zombies' exit times as recorded; unknown ones were zombies before
 * the recording began. */
static void
recorded_ages(struct view *v)
{
	const struct rec_read *r = v->replay->r;
	const struct snap *s = v->snap;

	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		const struct rec_age *a =
		    snap_is_zombie(p) ? rec_read_age(r, p->pid, p->start_ticks)
		                      : NULL;
		bool known = a && a->exit_time >= 0;

		v->zprior[i] = snap_is_zombie(p) && !known;
		v->zexact[i] = known && a->exact;
		v->zsince[i] = known          ? a->exit_time
		               : v->zprior[i] ? v->first_scan
		                              : 0;
	}
}

/* Adopts the cursor's refresh. */
static int
load(struct view *v)
{
	const struct snap *rs = rec_read_snap(v->replay->r);
	struct snap *s = rs ? copy_snap(rs) : NULL;
	int rc;

	if (!s)
		return rs ? -ENOMEM : -EINVAL;
	if ((rc = fill_next(v, s)) < 0) {
		snap_free(s);
		return rc;
	}
	if ((rc = view_adopt(v, s)) < 0)
		return rc;
	recorded_ages(v);
	/* The age sort ran before the recorded ages were set. */
	return v->list_mode && v->sort == UI_SORT_AGE ? view_rebuild(v) : 0;
}

int
view_replay_refresh(struct view *v)
{
	return load(v);
}

/* A move of the cursor, then the refresh it lands on. A move that fails
 * on a bad record puts the cursor back where it was. */
static int
move(struct view *v, int rc, size_t was)
{
	if (rc == -ERANGE || rc == -ENOENT || rc == -EINVAL)
		return rc;
	if (rc < 0) {
		char m[UI_MSG_MAX];

		snprintf(
		    m, sizeof(m), "replay: %s", rec_read_error(v->replay->r));
		view_message(v, m);
		if (rec_read_seek(v->replay->r, was) < 0)
			return rc;
		return load(v) < 0 ? rc : -EIO;
	}
	return load(v);
}

int
view_replay_step(struct view *v, int dir)
{
	size_t was = rec_read_cursor(v->replay->r);

	return move(v, rec_read_step(v->replay->r, dir), was);
}

/* Whether pid is one of -p's or a descendant of one in s (a pid not in
 * s ends the walk: a reaped zombie is told by its reaper). */
static bool
in_subtrees(const struct view *v, const struct snap *s, pid_t pid)
{
	for (size_t depth = 0; pid > 0 && depth <= s->n; depth++) {
		const struct snap_proc *p;

		for (size_t i = 0; i < v->opts.npids; i++)
			if (v->opts.pids[i] == pid)
				return true;
		if (!(p = snap_find(s, pid)))
			return false;
		pid = p->ppid;
	}
	return false;
}

/* The cursor's refresh has a zombie event within -p's subtrees (the
 * zombie, or its parent or reaper). */
static bool
event_shown(const struct rec_read *r, void *arg)
{
	const struct view *v = arg;
	const struct snap *s = rec_read_snap(r);
	size_t n;
	const struct evlog_event *ev = rec_read_frame_events(r, &n);

	for (size_t i = 0; s && i < n; i++)
		if ((ev[i].kind == EVLOG_APPEARED ||
		        ev[i].kind == EVLOG_REAPED) &&
		    (in_subtrees(v, s, ev[i].pid) ||
		        in_subtrees(v, s, ev[i].ppid)))
			return true;
	return false;
}

int
view_replay_event(struct view *v, int dir)
{
	struct rec_read *r = v->replay->r;
	size_t was = rec_read_cursor(r);

	if (!v->opts.npids)
		return move(v, rec_read_next_event(r, dir), was);
	return move(v, rec_read_find_event(r, dir, event_shown, v), was);
}

int
view_replay_goto(struct view *v, const char *spec)
{
	size_t was = rec_read_cursor(v->replay->r);
	double t;

	if (rec_read_parse_time(v->replay->r, spec, &t) < 0)
		return -EINVAL;
	return move(v, rec_read_seek_time(v->replay->r, t), was);
}

/* Playing: one recorded refresh per refresh of the view; the last one
 * pauses. */
int
view_replay_scan_start(struct view *v)
{
	struct view_replay *rp = v->replay;
	size_t was = rec_read_cursor(rp->r);
	int rc;

	if (v->paused || rp->stepped)
		return 0;
	rc = rec_read_step(rp->r, 1);
	if (rc == -ERANGE) {
		v->paused = true;
		view_message(v, "replay: the end of the recording (paused)");
		return 0;
	}
	if (rc < 0) {
		v->paused = true;
		return move(v, rc, was) == -EIO ? 0 : rc;
	}
	rp->stepped = true;
	return 0;
}

int
view_replay_collect(struct view *v)
{
	int rc;

	if (!v->replay->stepped)
		return 0;
	v->replay->stepped = false;
	return (rc = load(v)) < 0 ? rc : 1;
}

const struct rec_read_info *
view_replay_info(const struct view *v)
{
	return rec_read_info(v->replay->r);
}

double
view_replay_time(const struct view *v)
{
	return rec_read_time(v->replay->r);
}

size_t
view_replay_cursor(const struct view *v, size_t *count)
{
	*count = rec_read_count(v->replay->r);
	return rec_read_cursor(v->replay->r);
}

const struct evlog *
view_replay_log(const struct view *v)
{
	return rec_read_log(v->replay->r);
}
