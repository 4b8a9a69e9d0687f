/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lab in the view. zombietop is the subreaper of the lab, so the only
 * wait for children in the interactive program is lab_reap, called from
 * the main loop's tick; what it reaps becomes a status line, because a
 * subreaper collecting orphans is part of the lesson. */
#include "view_lab.h"
#include "zclock.h"
#include "escape.h"
#include "lab.h"
#include "snap_reader.h"
#include "view.h"
#include "wstatus.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LAB_SETTLE_SECONDS 20
#define LAB_REAP_BATCH 16
#define LAB_HURRY_SECONDS 3.0 /* fast refreshes after a demo key */

struct view_lab {
	struct lab *lab;    /* owned */
	double hurry_until; /* zclock_real() seconds */
	unsigned mask;      /* the scenarios of --demo=NAMES */
};

/* For the crash handler only: the lab of the running view. */
static struct lab *volatile crash_lab;

/* Reaps without a word: while the lab starts, the view is not up yet. */
static void
reap_quietly(struct lab *lab, struct lab_reaped *rec, size_t max)
{
	while (lab_reap(lab, rec, max) == (int)max)
		;
}

/* Reaps and snapshots until nothing is pending, for at most
 * LAB_SETTLE_SECONDS; a scenario that does not settle is no error, the
 * view shows it as it is. */
static int
settle(struct lab *lab)
{
	struct lab_reaped rec[LAB_REAP_BATCH];
	struct snap_reader *r = NULL;
	double end = zclock_mono() + LAB_SETTLE_SECONDS;
	unsigned pending = 1;
	int rc;

	if ((rc = snap_reader_new(&r)) < 0)
		return rc;
	while (pending && zclock_mono() <= end) {
		struct snap *s = NULL;

		reap_quietly(lab, rec, LAB_REAP_BATCH);
		if ((rc = snap_reader_take(r, NULL, &s)) < 0)
			break;
		pending = lab_pending(lab, s);
		snap_free(s);
		if (pending)
			nanosleep(&(struct timespec){0, 20000000L}, NULL);
	}
	snap_reader_free(r);
	return rc < 0 ? rc : 0;
}

int
view_lab_new(unsigned mask, struct view_lab **out)
{
	struct view_lab *l = calloc(1, sizeof(*l));
	int rc;

	*out = NULL;
	if (!l)
		return -ENOMEM;
	if ((rc = lab_new(&l->lab)) < 0 || (rc = lab_start(l->lab, mask)) < 0 ||
	    (rc = settle(l->lab)) < 0) {
		view_lab_free(l);
		return rc;
	}
	l->mask = mask;
	crash_lab = l->lab;
	*out = l;
	return 0;
}

void
view_lab_free(struct view_lab *l)
{
	if (!l)
		return;
	crash_lab = NULL;
	lab_free(l->lab);
	free(l);
}

void
view_lab_crash(void)
{
	struct lab *lab = crash_lab;

	for (int i = 0; lab && i < LAB_COUNT; i++) {
		pid_t leader = lab_parent(lab, (enum lab_id)i);

		if (leader > 0)
			kill(-leader, SIGKILL);
	}
}

/* "zombietop reaped 4242 lab-child (negligent): exit 1", with a count
 * when more than one went at once. The status line is 128 bytes. */
static void
say_reaped(struct view *v, const struct lab_reaped *rec, int n)
{
	char status[32], name[24], m[UI_MSG_MAX];
	const char *scen =
	    rec->scenario >= 0 ? lab_scenarios[rec->scenario].name : "-";

	wstatus_describe(rec->status, status, sizeof(status));
	escape_buf(rec->comm, strlen(rec->comm), name, sizeof(name), ESC_ASCII);
	if (n == 1)
		snprintf(m, sizeof(m),
		    "zombietop (subreaper) reaped %d %s (%.15s): %s",
		    (int)rec->pid, name, scen, status);
	else
		snprintf(m, sizeof(m),
		    "zombietop (subreaper) reaped %d; last %s (%.15s): %s", n,
		    name, scen, status);
	/* The answer to a key pressed just now (R kills the lab parents,
	 * whose children are reaped at once) stays, the reap after it. */
	view_message_join(v, m);
}

void
view_lab_tick(struct view_lab *l, struct view *v)
{
	struct lab_reaped rec[LAB_REAP_BATCH], last;
	int n = 0, k;

	if (!l)
		return;
	do {
		k = lab_reap(l->lab, rec, LAB_REAP_BATCH);
		if (k > 0) {
			n += k;
			last = rec[k - 1];
		}
	} while (k == LAB_REAP_BATCH);
	if (n > 0)
		say_reaped(v, &last, n);
}

bool
view_lab_hurry(const struct view_lab *l)
{
	return l && zclock_real() < l->hurry_until;
}

static bool
lab_named(const struct snap_proc *p)
{
	return strncmp(p->comm, "lab-", 4) == 0;
}

int
view_lab_scenario(const struct view_lab *l, const struct snap_proc *p)
{
	int id;

	if (!l || !p || !lab_named(p))
		return -1;
	if ((id = lab_scenario_of(l->lab, p->pid)) >= 0)
		return id;
	/* A child beyond the ring of reported ones: its parent tells. */
	for (id = 0; id < LAB_COUNT; id++)
		if (p->ppid > 0 &&
		    lab_parent(l->lab, (enum lab_id)id) == p->ppid)
			return id;
	return -1;
}

const char *
view_lab_lesson(
    const struct view_lab *l, const struct snap_proc *p, const char **scenario)
{
	int id = view_lab_scenario(l, p);

	if (id < 0)
		return NULL;
	if (scenario)
		*scenario = lab_scenarios[id].name;
	return lab_scenarios[id].lesson;
}

static void
hurry(struct view_lab *l)
{
	l->hurry_until = zclock_real() + LAB_HURRY_SECONDS;
}

unsigned
view_lab_key_fork(struct view *v)
{
	const struct snap_proc *p = view_selected(v);
	int id = view_lab_scenario(v->lab, p);
	const struct snap_proc *pp;
	char m[UI_MSG_MAX];
	pid_t parent;
	int rc;

	if (id < 0)
		return 0;
	parent = lab_parent(v->lab->lab, (enum lab_id)id);
	rc = lab_fork_child(v->lab->lab, (enum lab_id)id);
	if (rc == -ENOTSUP)
		snprintf(m, sizeof(m),
		    "%s does not fork on request: R respawns it",
		    lab_scenarios[id].name);
	else if (rc < 0)
		snprintf(m, sizeof(m),
		    "%s: no lab parent to fork (%s): R respawns it",
		    lab_scenarios[id].name, strerror(-rc));
	else if ((pp = snap_find(v->snap, parent)) && pp->state == 'T')
		snprintf(m, sizeof(m),
		    "%s is stopped: it forks once continued (SIGCONT)",
		    lab_scenarios[id].comm);
	else
		snprintf(m, sizeof(m), "%s (%d) forks another child",
		    lab_scenarios[id].comm, (int)parent);
	view_message(v, m);
	if (rc == 0)
		hurry(v->lab);
	return UI_REDRAW | (rc == 0 ? UI_RESCAN : 0);
}

/* R on zombietop's own row: the whole lab again, e.g. after the class
 * has killed some lab parents. */
static int
respawn_all(struct view_lab *l)
{
	int rc = 0, e;

	for (int i = 0; i < LAB_COUNT; i++)
		if ((l->mask & (1u << i)) &&
		    (e = lab_respawn(l->lab, (enum lab_id)i)) < 0 && !rc)
			rc = e;
	return rc;
}

unsigned
view_lab_key_respawn(struct view *v)
{
	const struct snap_proc *p = view_selected(v);
	int id = view_lab_scenario(v->lab, p);
	char m[UI_MSG_MAX];
	int rc;

	if (v->lab && p && p->pid == getpid()) {
		rc = respawn_all(v->lab);
		snprintf(m, sizeof(m), "lab restarted%s%s", rc < 0 ? ": " : "",
		    rc < 0 ? strerror(-rc) : "");
	} else if (id < 0 || snap_is_zombie(p)) {
		return 0;
	} else if ((rc = lab_respawn(v->lab->lab, (enum lab_id)id)) < 0) {
		snprintf(m, sizeof(m), "respawning %s failed: %s",
		    lab_scenarios[id].name, strerror(-rc));
	} else {
		snprintf(m, sizeof(m), "%s respawned: %s",
		    lab_scenarios[id].name, lab_scenarios[id].summary);
	}
	view_message(v, m);
	hurry(v->lab);
	return UI_REDRAW | UI_RESCAN;
}
