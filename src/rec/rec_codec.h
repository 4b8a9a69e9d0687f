/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON form of what a recording holds: a process (a compact array), a
 * diagnosis, an event of the log, a zombie's exit time. Encoding never
 * loses a byte of a process name (text that is not UTF-8 is kept as hex);
 * decoding checks every field's type and range, since a recording may be
 * hostile: a bad field is -EBADMSG, never a crash or an unbounded alloc. */
#ifndef ZT_REC_CODEC_H
#define ZT_REC_CODEC_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "evlog.h"
#include "snap.h"
#include "zombie.h"

/* The longest string field accepted when decoding (a command line). */
#define REC_CODEC_STR_MAX (256u * 1024)

/* When a zombie exited, as the recorder's process table knew it. */
struct rec_age {
	pid_t pid;
	unsigned long long start_ticks;
	double exit_time; /* epoch seconds; < 0 unknown */
	bool exact;       /* from a kernel exit event */
};

/* A string as JSON: itself when it is UTF-8, else {"hex": "..."}. New
 * reference, NULL on ENOMEM. */
json_t *rec_codec_str(const char *s);
/* The bytes back: *out is a new NUL-terminated copy (no NUL inside, at
 * most max bytes). 0, -EBADMSG or -ENOMEM. */
int rec_codec_str_get(const json_t *v, size_t max, char **out);

/* [pid, ppid, "S", threads, uid, tty, start, cpu, rss, exit_raw, flags,
 *  comm, cmdline, user] */
json_t *rec_codec_proc(const struct snap_proc *p);
/* Fills p (its strings are new: snap_proc_done frees them). On error p
 * holds no string. */
int rec_codec_proc_get(const json_t *v, struct snap_proc *p);
/* Whether the recorded fields of a and b are the same. */
bool rec_codec_proc_same(const struct snap_proc *a, const struct snap_proc *b);

/* A diagnosis at time t: its oldest zombie's age is kept as an exit time
 * (t - age), so it does not change from one refresh to the next. */
json_t *rec_codec_diag(const struct zombie_diag *d, double t);
int rec_codec_diag_get(const json_t *v, double t, struct zombie_diag *d);

json_t *rec_codec_event(const struct evlog_event *e);
int rec_codec_event_get(const json_t *v, struct evlog_event *e);

/* [pid, start, exit_time or null, exact] */
json_t *rec_codec_age(const struct rec_age *a);
int rec_codec_age_get(const json_t *v, struct rec_age *a);

/* Integer field helpers shared with the reader: v must be an integer in
 * [lo, hi]. */
int rec_codec_int(const json_t *v, long long lo, long long hi, long long *out);
int rec_codec_num(const json_t *v, double lo, double hi, double *out);

#endif
