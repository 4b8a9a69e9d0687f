/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing a recording: a header record per session, then one record per
 * refresh, a keyframe (the whole table) every REC_WRITE_KEY_SECONDS and
 * the changes in between. Each record goes down in one write(2) on an
 * O_APPEND descriptor; fdatasync after each keyframe, at most every
 * sync_every seconds otherwise, and at the end. Rotation at max_size:
 * FILE is renamed FILE.1 (replacing it) and a new FILE begins with a
 * header and a keyframe. No printing: errors are -errno. */
#ifndef ZT_REC_WRITE_H
#define ZT_REC_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "evlog.h"
#include "rec_codec.h"
#include "snap.h"
#include "zombie.h"

#define REC_WRITE_KEY_SECONDS 300.0
/* Also a keyframe after this many refreshes, so that a seek applies at
 * most this many deltas (a one-hour recording of 5,000 processes at 1 s
 * seeks to its end in well under a second). */
#define REC_WRITE_KEY_FRAMES 60
#define REC_WRITE_RECENT 256 /* events repeated in a keyframe */

/* What the header record says about the session. */
struct rec_write_session {
	const char *host;       /* borrowed */
	const char *events_why; /* borrowed; NULL when events are on */
	bool events;            /* kernel process events fed the table */
	double interval;        /* seconds between refreshes */
	bool demo;              /* a lab session (--demo --record) */
	double sync_every;      /* seconds between fdatasyncs; 0: each */
	off_t max_size;         /* bytes; 0: never rotate */
	double key_seconds;     /* 0: REC_WRITE_KEY_SECONDS */
};

/* One refresh. Everything is borrowed for the call. */
struct rec_write_frame {
	const struct snap *snap;
	const struct zombie_report *report; /* may be NULL */
	const struct rec_age *ages;         /* exit times of the zombies */
	size_t nages;
	const struct evlog_event *events; /* new since the last frame */
	size_t nevents;
};

struct rec_write_stats {
	unsigned long long frames, keyframes, rotations, bytes, syncs;
};

struct rec_write;

/* Opens path for appending (created 0644 if absent). A torn record at
 * the end of an existing file, left by a crash, is cut off first, so the
 * new session is readable after it. Writes the header. 0 or -errno. */
int rec_write_open(const char *path, const struct rec_write_session *s,
    struct rec_write **out);

/* Appends one refresh; may rotate. 0 or -errno (the file is then in an
 * unknown state: stop). */
int rec_write_add(struct rec_write *w, const struct rec_write_frame *f);

/* fdatasync now. */
int rec_write_sync(struct rec_write *w);

void rec_write_stats(const struct rec_write *w, struct rec_write_stats *out);

/* Syncs, closes and frees (NULL ok). 0 or the first -errno. */
int rec_write_close(struct rec_write *w);

#endif
