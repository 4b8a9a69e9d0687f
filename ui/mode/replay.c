/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command-line replay: a recording read by rec_read, written by the
 * same writers as --once and --watch. The JSON document is --once's with
 * the recorded ages and events flag, and a "replay" object saying so. */
#include "replay.h"
#include "watch.h"
#include "evlog.h"
#include "jstr.h"
#include "once.h"
#include "out_json.h"
#include "out_text.h"
#include "ptree.h"
#include "rec_read.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
filter_of(const struct cli_opts *o, struct ptree_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->pids = o->pids;
	f->npids = o->npids;
	f->zombies_only = o->zombies_only;
	return cli_user_filter(o, &f->by_uid, &f->uid);
}

/* age_s and age_exact of one zombie object, as out_json words them. */
static void
set_age(json_t *z, const struct rec_age *a, double now)
{
	double age;

	if (!a || a->exit_time < 0 || (age = now - a->exit_time) < 0)
		return;
	json_object_set_new(z, "age_s",
	    a->exact ? json_real((double)(long long)(age * 1000 + 0.5) / 1000)
	             : json_integer((json_int_t)age));
	json_object_set_new(z, "age_exact", json_boolean(a->exact));
}

static void
add_ages(json_t *doc, const struct rec_read *r)
{
	json_t *procs = json_object_get(doc, "processes"), *p;
	const struct snap *s = rec_read_snap(r);
	size_t i;

	json_array_foreach(procs, i, p)
	{
		json_t *z = json_object_get(p, "zombie");
		const struct snap_proc *sp = snap_find(
		    s, (pid_t)json_integer_value(json_object_get(p, "pid")));

		if (json_is_object(z) && sp && snap_is_zombie(sp))
			set_age(z, rec_read_age(r, sp->pid, sp->start_ticks),
			    rec_read_time(r));
	}
}

static json_t *
replay_obj(const struct rec_read *r, const char *file)
{
	const struct rec_read_info *in = rec_read_info(r);
	struct timespec ts;
	char when[40];
	double t = rec_read_time(r);

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	evlog_time(&ts, when, sizeof(when));
	return json_pack("{s:o, s:o, s:s, s:I, s:I, s:o}", "file",
	    jstr_new(file), "host", jstr_new(in->host), "recorded_at", when,
	    "refresh", (json_int_t)rec_read_cursor(r), "refreshes",
	    (json_int_t)rec_read_count(r), "recorded_by",
	    jstr_new(in->zombietop));
}

/* --once's document, rewritten with what the recording knows. */
static int
write_json(const struct ptree *t, const struct rec_read *r, const char *file)
{
	const struct rec_read_info *in = rec_read_info(r);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_t *doc = NULL;
	int rc = mem ? 0 : -errno;

	if (rc == 0)
		rc = out_json_write_diag(mem, t, rec_read_report(r), NULL);
	if (mem && fclose(mem) != 0 && rc == 0)
		rc = -EIO;
	if (rc == 0 && !(doc = json_loadb(buf, len, 0, NULL)))
		rc = -ENOMEM;
	free(buf);
	if (rc < 0)
		return rc;
	add_ages(doc, r);
	json_object_set_new(doc, "events", json_boolean(in->events));
	json_object_set_new(doc, "events_reason",
	    in->events ? json_null() : jstr_new(in->events_why));
	json_object_set_new(doc, "replay", replay_obj(r, file));
	rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(doc);
	return rc == 0 && fputc('\n', stdout) != EOF && fflush(stdout) == 0
	           ? 0
	           : -EIO;
}

static int
write_once(const struct cli_opts *o, const struct rec_read *r)
{
	const struct snap *s = rec_read_snap(r);
	struct ptree_filter f;
	struct out_text_opts to;
	struct ptree *t = NULL;
	int rc = filter_of(o, &f);

	if (rc == 0)
		rc = ptree_build(s, &f, &t);
	if (rc == 0 && o->json) {
		rc = write_json(t, r, o->replay);
	} else if (rc == 0) {
		once_text_opts(o, &to);
		to.diag = rec_read_report(r);
		to.explain = o->explain;
		rc = out_text_write(stdout, t, &to);
	}
	ptree_free(t);
	return rc;
}

/* Every refresh in order: each is one delta on the one before. */
static int
replay_watch(const struct cli_opts *o, struct rec_read *r)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < rec_read_count(r); i++) {
		const struct evlog_event *ev;
		size_t n;

		if ((rc = rec_read_seek(r, i)) < 0)
			break;
		ev = rec_read_frame_events(r, &n);
		for (size_t k = 0; k < n; k++)
			watch_print_event(&ev[k], o->json);
	}
	return fflush(stdout) == 0 ? rc : -EIO;
}

static void
say_tail(const struct cli_opts *o, const struct rec_read *r)
{
	const struct rec_read_info *in = rec_read_info(r);

	if (in->tail_ignored)
		fprintf(stderr,
		    "zombietop: %s: the last %zu bytes are no whole record "
		    "(%s): ignored\n",
		    o->replay, in->tail_ignored, in->tail_why);
}

static int
replay_once(const struct cli_opts *o, struct rec_read *r)
{
	double t;
	int rc;

	if (rec_read_parse_time(r, o->at ? o->at : "-0", &t) < 0) {
		fprintf(stderr,
		    "zombietop: invalid --at '%s': ISO 8601, +SECONDS or "
		    "-SECONDS\n",
		    o->at);
		return 2;
	}
	if ((rc = rec_read_seek_time(r, t)) < 0)
		return rc;
	if (o->at && t < rec_read_info(r)->start)
		fprintf(stderr,
		    "zombietop: --at %s is before the recording: its first "
		    "refresh is shown\n",
		    o->at);
	return write_once(o, r);
}

int
replay_run(const struct cli_opts *o)
{
	struct rec_read *r = NULL;
	char err[300];
	int rc = rec_read_open(o->replay, &r, err, sizeof(err));

	if (rc < 0) {
		fprintf(stderr, "zombietop: %s: %s\n", o->replay, err);
		return 1;
	}
	say_tail(o, r);
	rc = o->watch ? replay_watch(o, r) : replay_once(o, r);
	if (rc < 0)
		fprintf(stderr, "zombietop: %s: %s\n", o->replay,
		    rc == -EIO ? strerror(EIO) : rec_read_error(r));
	rec_read_free(r);
	return rc < 0 ? 1 : rc;
}
