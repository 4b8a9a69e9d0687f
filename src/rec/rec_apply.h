/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state at a recording's cursor, and how a record changes it: a
 * keyframe replaces it, a delta applies its changes. Used by rec_read
 * only; every field of a record is checked (rec_codec). */
#ifndef ZT_REC_APPLY_H
#define ZT_REC_APPLY_H

#include <jansson.h>

#include "evlog.h"
#include "rec_codec.h"
#include "snap.h"
#include "zombie.h"

/* Caps on a record's arrays, far above any real machine's. */
#define REC_APPLY_MAX_PROCS (1u << 20)
#define REC_APPLY_MAX_EVENTS (1u << 16)

struct rec_state {
	struct snap *snap;        /* owned; NULL when nothing is loaded */
	struct zombie_report rep; /* owned diags */
	struct rec_age *ages;     /* owned, sorted by pid */
	size_t nages;
	struct evlog *log;       /* owned */
	struct evlog_event *fev; /* owned: the last record's events */
	size_t nfev;
	long hz;
	double boot_time;
	double t;        /* time of the record last applied */
	const char *why; /* static: what was wrong with the last record */
};

void rec_apply_done(struct rec_state *st);

/* doc is a decoded key or delta record at time t. 0, -EBADMSG (st->why
 * says what) or -ENOMEM. On error st is emptied. */
int rec_apply_key(struct rec_state *st, const json_t *doc, double t);
int rec_apply_delta(struct rec_state *st, const json_t *doc, double t);

#endif
