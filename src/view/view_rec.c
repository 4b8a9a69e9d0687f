/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's recorder. The scanner's thread writes a refresh while it
 * holds the lock; the UI thread takes it only to open or close the file
 * (a key press), so a draw never waits on a write: the header reads an
 * atomic flag. The events of a refresh come from comparing it with the
 * one before (evwatch), as --record's; zombies born and reaped between
 * two refreshes are in the view's event log but not in this file. */
#include "view_rec.h"
#include "evlog.h"
#include "evwatch.h"
#include "ptable.h"
#include "rec_write.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define VIEW_REC_LOG_CAP 4096
#define VIEW_REC_SYNC_SECONDS 10.0

struct view_rec {
	pthread_mutex_t lock;  /* guards everything below but on and err */
	struct rec_write *out; /* owned; NULL when not recording */
	struct evwatch w;
	struct evlog *log;      /* owned */
	struct evlog_event *ev; /* owned scratch: VIEW_REC_LOG_CAP */
	struct rec_age *ages;   /* owned scratch */
	bool first;             /* the next frame is the recording's first */
	unsigned long long frames;
	char path[VIEW_REC_PATH_MAX];
	atomic_bool on;
	atomic_int err;
};

int
view_rec_new(struct view_rec **out)
{
	struct view_rec *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	pthread_mutex_init(&r->lock, NULL);
	evwatch_init(&r->w);
	atomic_init(&r->on, false);
	atomic_init(&r->err, 0);
	r->ev = calloc(VIEW_REC_LOG_CAP, sizeof(*r->ev));
	if (!r->ev || evlog_new(VIEW_REC_LOG_CAP, &r->log) < 0) {
		view_rec_free(r);
		return -ENOMEM;
	}
	*out = r;
	return 0;
}

void
view_rec_free(struct view_rec *r)
{
	if (!r)
		return;
	view_rec_stop(r);
	evwatch_done(&r->w);
	evlog_free(r->log);
	free(r->ev);
	free(r->ages);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int
view_rec_start(struct view_rec *r, const char *path, double interval, bool demo,
    const struct timeline *tl)
{
	char host[256] = "";
	struct rec_write_session s = {
	    .host = host,
	    .events_why = timeline_why(tl),
	    .events = tl->src != NULL,
	    .interval = interval,
	    .demo = demo,
	    .sync_every = VIEW_REC_SYNC_SECONDS,
	};
	int rc = -EALREADY;

	gethostname(host, sizeof(host) - 1);
	pthread_mutex_lock(&r->lock);
	if (!r->out && (rc = rec_write_open(path, &s, &r->out)) == 0) {
		snprintf(r->path, sizeof(r->path), "%s", path);
		r->frames = 0;
		r->first = true;
		/* A new recording logs the zombies present anew. */
		evwatch_done(&r->w);
		evwatch_init(&r->w);
		atomic_store(&r->on, true);
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* Under the lock. */
static int
close_locked(struct view_rec *r)
{
	int rc = rec_write_close(r->out);

	r->out = NULL;
	atomic_store(&r->on, false);
	return rc;
}

int
view_rec_stop(struct view_rec *r)
{
	int rc = 0;

	pthread_mutex_lock(&r->lock);
	if (r->out)
		rc = close_locked(r);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

bool
view_rec_on(const struct view_rec *r)
{
	return r && atomic_load(&r->on);
}

unsigned long long
view_rec_frames(struct view_rec *r, char *path, size_t size)
{
	unsigned long long n;

	pthread_mutex_lock(&r->lock);
	n = r->frames;
	if (path)
		snprintf(path, size, "%s", r->path);
	pthread_mutex_unlock(&r->lock);
	return n;
}

int
view_rec_failed(struct view_rec *r)
{
	return r ? atomic_exchange(&r->err, 0) : 0;
}

/* The exit time of each zombie of s, as the table knows it. */
static int
zombie_ages(
    struct view_rec *r, const struct snap *s, struct ptable *t, size_t *n)
{
	void *p = reallocarray(r->ages, s->n ? s->n : 1, sizeof(*r->ages));

	*n = 0;
	if (!p)
		return -ENOMEM;
	r->ages = p;
	for (size_t i = 0; i < s->n; i++) {
		const struct snap_proc *z = &s->procs[i];
		struct ptable_age a;

		if (!snap_is_zombie(z))
			continue;
		a = ptable_exit_time(t, z->pid, z->start_ticks);
		r->ages[(*n)++] =
		    (struct rec_age){z->pid, z->start_ticks, a.age, a.exact};
	}
	return 0;
}

/* The events of this refresh: the last n of the log. */
static size_t
new_events(struct view_rec *r, size_t n)
{
	size_t count = evlog_count(r->log);

	if (n > count)
		n = count;
	for (size_t i = 0; i < n && i < VIEW_REC_LOG_CAP; i++)
		r->ev[i] = *evlog_at(r->log, count - n + i);
	return n;
}

/* Under the lock, recording. */
static int
write_locked(struct view_rec *r, const struct snap *prev,
    const struct snap *cur, const struct zombie_report *rep,
    struct ptable *table)
{
	struct rec_write_frame f = {.snap = cur, .report = rep};
	int rc;

	r->w.table = table; /* the view's, for first sightings */
	rc = evwatch_update(&r->w, r->first ? NULL : prev, cur, r->log);

	if (rc < 0)
		return rc;
	f.events = r->ev;
	f.nevents = new_events(r, (size_t)rc);
	if ((rc = zombie_ages(r, cur, table, &f.nages)) < 0)
		return rc;
	f.ages = r->ages;
	if ((rc = rec_write_add(r->out, &f)) == 0) {
		r->first = false;
		r->frames++;
	}
	return rc;
}

void
view_rec_frame(struct view_rec *r, const struct snap *prev,
    const struct snap *cur, const struct zombie_report *rep,
    struct ptable *table)
{
	int rc;

	if (!view_rec_on(r))
		return;
	pthread_mutex_lock(&r->lock);
	if (r->out && (rc = write_locked(r, prev, cur, rep, table)) < 0) {
		close_locked(r);
		atomic_store(&r->err, rc);
	}
	pthread_mutex_unlock(&r->lock);
}

void
view_rec_default_path(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "";

	if (localtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(buf, size, "./zombietop-%s.ztr", stamp);
}
