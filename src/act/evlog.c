/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event ring and its two exports. Names are stored raw, as the kernel
 * gave them, and escaped only on the way out (text and JSON alike). */
#include "evlog.h"
#include "escape.h"
#include "jstr.h"
#include "signame.h"
#include "wstatus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct evlog {
	struct evlog_event *ev; /* owned ring of cap slots */
	size_t cap, head, n;    /* head: slot of the oldest event */
	unsigned long long dropped;
};

static const char *const kind_names[] = {
    [EVLOG_APPEARED] = "zombie_appeared",
    [EVLOG_ACTION] = "action",
    [EVLOG_REAPED] = "zombie_reaped",
    [EVLOG_PARENT_EXITED] = "parent_exited",
};

int
evlog_new(size_t cap, struct evlog **out)
{
	struct evlog *log = calloc(1, sizeof(*log));

	*out = NULL;
	if (!log || cap == 0 || !(log->ev = calloc(cap, sizeof(*log->ev)))) {
		free(log);
		return cap == 0 ? -EINVAL : -ENOMEM;
	}
	log->cap = cap;
	*out = log;
	return 0;
}

void
evlog_free(struct evlog *log)
{
	if (!log)
		return;
	free(log->ev);
	free(log);
}

void
evlog_add(struct evlog *log, const struct evlog_event *ev)
{
	struct evlog_event *slot;

	if (log->n == log->cap) {
		log->head = (log->head + 1) % log->cap;
		log->n--;
		log->dropped++;
	}
	slot = &log->ev[(log->head + log->n) % log->cap];
	*slot = *ev;
	slot->comm[sizeof(slot->comm) - 1] = '\0';
	slot->text[sizeof(slot->text) - 1] = '\0';
	if (slot->when.tv_sec == 0 && slot->when.tv_nsec == 0)
		clock_gettime(CLOCK_REALTIME, &slot->when);
	log->n++;
}

size_t
evlog_count(const struct evlog *log)
{
	return log->n;
}

const struct evlog_event *
evlog_at(const struct evlog *log, size_t i)
{
	return i < log->n ? &log->ev[(log->head + i) % log->cap] : NULL;
}

unsigned long long
evlog_dropped(const struct evlog *log)
{
	return log->dropped;
}

const char *
evlog_kind_name(enum evlog_kind k)
{
	return k <= EVLOG_PARENT_EXITED ? kind_names[k] : "unknown";
}

static json_t *
jpid(pid_t pid)
{
	return pid > 0 ? json_integer(pid) : json_null();
}

/* Seconds rounded to the millisecond: snapshots are not more precise. */
static double
ms(double sec)
{
	return (double)(long long)(sec * 1000 + 0.5) / 1000;
}

static json_t *
jstatus(const struct evlog_event *ev)
{
	char buf[64];

	if (!ev->exit_known)
		return json_null();
	wstatus_describe(ev->exit_raw, buf, sizeof(buf));
	return json_pack("{s:i, s:s}", "raw", ev->exit_raw, "text", buf);
}

void
evlog_time(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;
	char sec[32];

	gmtime_r(&ts->tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03ldZ", sec, ts->tv_nsec / 1000000);
}

/* An exit time as "2026-12-02T05:40:00.123Z", or null when unknown. */
static json_t *
jexit_time(const struct evlog_event *ev)
{
	struct timespec ts;
	char buf[48];

	if (ev->exit_time <= 0)
		return json_null();
	ts.tv_sec = (time_t)ev->exit_time;
	ts.tv_nsec = (long)((ev->exit_time - (double)ts.tv_sec) * 1e9);
	evlog_time(&ts, buf, sizeof(buf));
	return json_string(buf);
}

/* The time-axis fields of issue 17: what the kernel's events told. */
static int
add_time_fields(json_t *o, const struct evlog_event *ev)
{
	int rc =
	    json_object_set_new(o, "exit_time", jexit_time(ev)) |
	    json_object_set_new(o, "exit_exact", json_boolean(ev->exit_exact)) |
	    json_object_set_new(
	        o, "between_scans", json_boolean(ev->between_scans));

	if (ev->kind != EVLOG_REAPED)
		return rc;
	return rc |
	       json_object_set_new(o, "lifetime_s",
	           ev->life_known ? json_real(ms(ev->lifetime)) : json_null()) |
	       json_object_set_new(o, "lifetime_exact",
	           json_boolean(ev->life_known && ev->life_exact));
}

static int
add_kind_fields(json_t *o, const struct evlog_event *ev)
{
	const char *sn = signame_name(ev->sig);

	switch (ev->kind) {
	case EVLOG_APPEARED:
		return json_object_set_new(o, "ppid", jpid(ev->ppid)) |
		       json_object_set_new(
		           o, "initial", json_boolean(ev->initial)) |
		       json_object_set_new(o, "status", jstatus(ev));
	case EVLOG_ACTION:
		return json_object_set_new(o, "signal", json_integer(ev->sig)) |
		       json_object_set_new(o, "signal_name",
		           sn ? json_string(sn) : json_null()) |
		       json_object_set_new(
		           o, "result", json_integer(ev->result)) |
		       json_object_set_new(
		           o, "zombies", json_integer(ev->count)) |
		       json_object_set_new(o, "message", jstr_new(ev->text));
	case EVLOG_REAPED:
		return json_object_set_new(o, "reaper", jpid(ev->ppid)) |
		       json_object_set_new(o, "by_new_parent",
		           json_boolean(ev->by_new_parent)) |
		       json_object_set_new(
		           o, "after", json_real(ms(ev->after))) |
		       json_object_set_new(o, "status", jstatus(ev));
	case EVLOG_PARENT_EXITED:
		return json_object_set_new(o, "new_parent", jpid(ev->ppid)) |
		       json_object_set_new(
		           o, "zombies", json_integer(ev->count));
	}
	return -1;
}

json_t *
evlog_json(const struct evlog_event *ev)
{
	char when[48];
	json_t *o;

	evlog_time(&ev->when, when, sizeof(when));
	o = json_pack("{s:s, s:s, s:i, s:o}", "time", when, "event",
	    evlog_kind_name(ev->kind), "pid", (int)ev->pid, "comm",
	    jstr_new(ev->comm));
	if (o &&
	    (add_kind_fields(o, ev) != 0 ||
	        ((ev->kind == EVLOG_APPEARED || ev->kind == EVLOG_REAPED) &&
	            add_time_fields(o, ev) != 0))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
evlog_json_all(const struct evlog *log)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < log->n; i++) {
		json_t *o = evlog_json(evlog_at(log, i));

		if (!o || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static void
format_kind(
    const struct evlog_event *ev, const char *name, char *buf, size_t size)
{
	char st[64] = "status not known", who[32] = "an unseen process";

	if (ev->exit_known)
		wstatus_describe(ev->exit_raw, st, sizeof(st));
	if (ev->ppid > 0)
		snprintf(who, sizeof(who), "%d", (int)ev->ppid);
	switch (ev->kind) {
	case EVLOG_APPEARED:
		snprintf(buf, size, "zombie %d (%s) %s, parent %s: %s",
		    (int)ev->pid, name, ev->initial ? "present" : "appeared",
		    who, st);
		break;
	case EVLOG_ACTION:
		snprintf(buf, size, "action on %d (%s): %s", (int)ev->pid, name,
		    ev->text);
		break;
	case EVLOG_REAPED:
		snprintf(buf, size,
		    "zombie %d (%s) reaped by %s%s after %.1f s", (int)ev->pid,
		    name, who, ev->by_new_parent ? " (its new parent)" : "",
		    ev->after);
		break;
	case EVLOG_PARENT_EXITED:
		snprintf(buf, size,
		    "parent %d (%s) exited, leaving %d zombie%s to %s",
		    (int)ev->pid, name, ev->count, ev->count == 1 ? "" : "s",
		    who);
		break;
	}
}

/* What the time axis adds to a zombie's line: when it exited, how long
 * it lived, and whether the kernel said so or a scan estimated it. */
static void
format_time(const struct evlog_event *ev, char *buf, size_t size)
{
	char at[48] = "";
	struct timespec ts;
	struct tm tm;

	buf[0] = '\0';
	if (ev->exit_time > 0) {
		ts.tv_sec = (time_t)ev->exit_time;
		ts.tv_nsec = (long)((ev->exit_time - (double)ts.tv_sec) * 1e9);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(at, sizeof(at), "%H:%M:%S", &tm);
	}
	if (ev->kind == EVLOG_REAPED && ev->life_known)
		snprintf(buf, size, "; lived %.3f s as a zombie (%s)%s",
		    ev->lifetime, ev->life_exact ? "exact" : "estimated",
		    ev->between_scans ? ", between scans" : "");
	else if (ev->kind == EVLOG_APPEARED && at[0])
		snprintf(buf, size, "; exited at %s.%03ld (%s)%s", at,
		    ts.tv_nsec / 1000000,
		    ev->exit_exact ? "exact" : "first seen",
		    ev->between_scans ? ", between scans" : "");
}

void
evlog_format(const struct evlog_event *ev, char *buf, size_t size)
{
	char when[48], name[KPARSE_COMM_MAX * 4 + 1], rest[1024], tail[160];

	evlog_time(&ev->when, when, sizeof(when));
	escape_buf(ev->comm, strlen(ev->comm), name, sizeof(name), 0);
	format_kind(ev, name, rest, sizeof(rest));
	format_time(ev, tail, sizeof(tail));
	snprintf(buf, size, "%s %s%s", when, rest, tail);
}
