/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a recording, for --replay and the view's time cursor. Opening
 * indexes every record from its marker alone (no decompression), so a
 * long recording opens and seeks fast; a cursor then stands on one
 * refresh, whose table, diagnoses, zombie exit times and event log (up to
 * and including it) are rebuilt from the keyframe before it. A torn or
 * corrupt record ends the readable part: everything before it is kept
 * and info.tail_ignored says how many bytes were not. Hostile input gives
 * -errno and a message (rec_read_error), never a crash. No printing. */
#ifndef ZT_REC_READ_H
#define ZT_REC_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "evlog.h"
#include "rec_codec.h"
#include "snap.h"
#include "zombie.h"

#define REC_READ_LOG_CAP 1024 /* events kept in the log up to the cursor */

struct rec_read_info {
	int version;          /* of the format */
	char host[256];       /* recorded host (of the first session), raw */
	char zombietop[64];   /* the version that recorded it */
	double start, end;    /* epoch seconds of the first and last refresh */
	double interval;      /* seconds between refreshes, as recorded */
	bool events;          /* kernel events fed the recorder's table */
	char events_why[160]; /* why not, "" when they did */
	bool demo;            /* a lab session */
	size_t sessions;      /* header records (one per recorder start) */
	size_t frames, keyframes;
	size_t tail_ignored;  /* bytes at the end that are no whole record */
	const char *tail_why; /* static: "cut off", "corrupt"; NULL if none */
};

struct rec_read;

/* Opens and indexes a recording (mmap'd read-only). 0 or -errno, with a
 * message in err on failure: -EBADMSG not a recording, -EPROTONOSUPPORT
 * another format version, -ENOENT... */
int rec_read_open(
    const char *path, struct rec_read **out, char *err, size_t errsize);
/* The same on bytes in memory (copied): the fuzz target. */
int rec_read_open_mem(const void *buf, size_t len, struct rec_read **out,
    char *err, size_t errsize);
void rec_read_free(struct rec_read *r); /* NULL ok */

const struct rec_read_info *rec_read_info(const struct rec_read *r);

/* The index: refreshes 0 .. count-1, their times and zombie events
 * (appeared or reaped) recorded with each. */
size_t rec_read_count(const struct rec_read *r);
double rec_read_time_at(const struct rec_read *r, size_t i);
unsigned rec_read_events_at(const struct rec_read *r, size_t i);

/* Moves the cursor. 0 or -errno with rec_read_error set; after an error
 * the cursor holds nothing until the next successful move.
 * seek: to refresh i (-ERANGE past the end);
 * seek_time: to the last refresh at or before t (the first one if t is
 *   before it);
 * step: one refresh back (dir < 0) or forward (-ERANGE at an end);
 * next_event: the nearest refresh in that direction that recorded a
 *   zombie event (-ENOENT when there is none). */
int rec_read_seek(struct rec_read *r, size_t i);
int rec_read_seek_time(struct rec_read *r, double t);
int rec_read_step(struct rec_read *r, int dir);
int rec_read_next_event(struct rec_read *r, int dir);

/* As next_event, the nearest refresh with a zombie event for which
 * want(r, arg) holds, called with the cursor on it (rec_read_snap and
 * rec_read_frame_events are that refresh's). Each keyframe's run is
 * decoded at most once or twice either way. -ENOENT when none: the
 * cursor is back where it was. */
typedef bool (*rec_read_want)(const struct rec_read *r, void *arg);
int rec_read_find_event(
    struct rec_read *r, int dir, rec_read_want want, void *arg);

/* What the cursor stands on; all borrowed until the next move or free. */
size_t rec_read_cursor(const struct rec_read *r);
double rec_read_time(const struct rec_read *r);
const struct snap *rec_read_snap(const struct rec_read *r);
const struct zombie_report *rec_read_report(const struct rec_read *r);
/* The exit time of zombie (pid, start) as recorded, or NULL. */
const struct rec_age *rec_read_age(
    const struct rec_read *r, pid_t pid, unsigned long long start);
/* The events recorded up to and including the cursor's refresh (the last
 * REC_READ_LOG_CAP), and those of the cursor's refresh alone. */
const struct evlog *rec_read_log(const struct rec_read *r);
const struct evlog_event *rec_read_frame_events(
    const struct rec_read *r, size_t *n);

/* The last error's message (static or in r). */
const char *rec_read_error(const struct rec_read *r);

/* A time for --at: ISO 8601 ("2026-12-02T03:02:00Z", an offset, or local
 * time without one), "+SECONDS" from the start, "-SECONDS" from the end.
 * 0 or -EINVAL. */
int rec_read_parse_time(
    const struct rec_read *r, const char *spec, double *out);

#endif
