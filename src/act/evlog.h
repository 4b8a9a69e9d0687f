/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event log: a bounded ring of timestamped events (a zombie appeared,
 * an action was sent, a zombie was reaped, a parent exited). The oldest
 * event goes when the ring is full. Exported as JSON and as text lines. */
#ifndef ZT_EVLOG_H
#define ZT_EVLOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "kparse.h"

enum evlog_kind {
	EVLOG_APPEARED,      /* a zombie was seen for the first time */
	EVLOG_ACTION,        /* a signal was sent (or refused, or failed) */
	EVLOG_REAPED,        /* a zombie is gone */
	EVLOG_PARENT_EXITED, /* a parent of zombies is gone */
};

struct evlog_event {
	struct timespec when; /* CLOCK_REALTIME; evlog_add sets it if 0 */
	enum evlog_kind kind;
	pid_t pid;  /* the zombie, the action's target, the exited parent */
	pid_t ppid; /* appeared: parent; reaped: reaper; parent_exited: its
	               children's new parent; 0 when not known */
	bool by_new_parent; /* reaped: after its first parent died */
	bool initial;       /* appeared: already there when we started */
	bool exit_known;    /* exit_raw is valid */
	int exit_raw;       /* wait status of the zombie */
	int sig;            /* action: the signal */
	int result;         /* action: 0 sent, or -errno */
	int count;          /* action, parent_exited: zombies concerned */
	double after;       /* reaped: seconds since first seen */
	double exit_time;   /* appeared, reaped: epoch seconds of the exit;
	                       0 when unknown */
	bool exit_exact;    /* exit_time from a kernel exit event */
	bool life_known;    /* reaped: lifetime is valid */
	bool life_exact;    /* reaped: exit and reap both timed exactly */
	double lifetime;    /* reaped: seconds from exit to reap */
	bool between_scans; /* appeared, reaped: a zombie no scan saw, known
	                       from kernel events only */
	char comm[KPARSE_COMM_MAX]; /* raw name of pid, may be "" */
	char text[256];             /* action: the message shown */
};

struct evlog;

/* A log keeping the last cap events (cap >= 1). Returns 0 or -ENOMEM. */
int evlog_new(size_t cap, struct evlog **out);
void evlog_free(struct evlog *log);

/* Copies ev into the log, dropping the oldest event when full. */
void evlog_add(struct evlog *log, const struct evlog_event *ev);

/* Events held, oldest first; events ever dropped for room. */
size_t evlog_count(const struct evlog *log);
const struct evlog_event *evlog_at(const struct evlog *log, size_t i);
unsigned long long evlog_dropped(const struct evlog *log);

/* "zombie_appeared", "action", "zombie_reaped", "parent_exited". */
const char *evlog_kind_name(enum evlog_kind k);

/* One event as a new JSON object (the caller owns it), NULL on ENOMEM. */
json_t *evlog_json(const struct evlog_event *ev);

/* Every event held, oldest first, as a new JSON array. */
json_t *evlog_json_all(const struct evlog *log);

/* A time as RFC 3339 with milliseconds, UTC ("...T05:40:00.123Z"). */
void evlog_time(const struct timespec *ts, char *buf, size_t size);

/* One line of text, names escaped, no newline. */
void evlog_format(const struct evlog_event *ev, char *buf, size_t size);

#endif
