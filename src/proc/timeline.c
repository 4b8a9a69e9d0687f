/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starts and stops the pair (process table, event thread) the same way for
 * every mode, so that "events off, and why" has one wording. */
#include "timeline.h"
#include "pevents.h"

#include <errno.h>
#include <string.h>

int
timeline_start(struct timeline *tl, bool events)
{
	return timeline_start_opts(tl, events, NULL);
}

int
timeline_start_opts(
    struct timeline *tl, bool events, const struct evsrc_opts *o)
{
	int rc;

	memset(tl, 0, sizeof(*tl));
	if ((rc = ptable_new(&tl->table)) < 0)
		return rc;
	if (!events) {
		tl->events_err = -ECANCELED;
		ptable_set_events(tl->table, false, timeline_why(tl));
		return 0;
	}
	/* evsrc_start tells the table itself whether events are on. */
	rc = evsrc_start_opts(tl->table, o, &tl->src);
	if (rc == -ENOMEM) {
		ptable_free(tl->table);
		tl->table = NULL;
		return rc;
	}
	tl->events_err = rc;
	return 0;
}

void
timeline_stop(struct timeline *tl)
{
	evsrc_stop(tl->src); /* first: its thread writes the table */
	ptable_free(tl->table);
	memset(tl, 0, sizeof(*tl));
}

int
timeline_scan(struct timeline *tl, const struct snap *s)
{
	return tl->table ? ptable_scan(tl->table, s) : 0;
}

bool
timeline_rescan_wanted(struct timeline *tl)
{
	return tl->src && evsrc_take_rescan(tl->src);
}

int
timeline_take_dirty(struct timeline *tl, pid_t **pids, size_t *n)
{
	*pids = NULL;
	*n = 0;
	return tl->src ? evsrc_take_dirty(tl->src, pids, n) : -ENOTSUP;
}

int
timeline_watch_zombie(struct timeline *tl, pid_t pid)
{
	return tl->src ? evsrc_watch_zombie(tl->src, pid) : -ENOTSUP;
}

const char *
timeline_why(const struct timeline *tl)
{
	if (tl->events_err == 0)
		return NULL;
	if (tl->events_err == -ECANCELED)
		return "turned off (--no-events)";
	return pevents_why(tl->events_err);
}
