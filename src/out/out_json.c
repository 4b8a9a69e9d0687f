/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON output. jansson rejects strings that are not valid UTF-8, so every
 * process string goes through jstr_new first: no process is ever dropped
 * because of its name. */
#include "out_json.h"
#include "jstr.h"
#include "signame.h"
#include "wstatus.h"
#include "zombie_reaping.h"
#include "zombie_text.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct jctx {
	const struct ptree *t;
	const struct zombie_report *diag; /* borrowed, may be NULL */
	struct ptable *tab;               /* borrowed, may be NULL */
};

/* An exact age to the millisecond; a first sighting in whole seconds. */
static struct ptable_age
age_of(const struct jctx *c, const struct snap_proc *p)
{
	struct ptable_age none = {-1, false};

	return c->tab ? ptable_zombie_age(c->tab, p->pid, p->start_ticks,
	                    snap_time(c->t->snap))
	              : none;
}

static json_t *
age_val(struct ptable_age a)
{
	if (a.age < 0)
		return json_null();
	if (a.exact)
		return json_real(
		    (double)(long long)(a.age * 1000 + 0.5) / 1000);
	return json_integer((json_int_t)a.age);
}

/* true/false when the exit status is known, else null. */
static json_t *
jbool(bool known, bool v)
{
	return known ? json_boolean(v) : json_null();
}

/* A leader whose threads still run has no exit status yet: every field
 * of it is null, as when the status could not be read. */
static json_t *
zombie_obj(const struct jctx *c, const struct snap_proc *p)
{
	struct wstatus w;
	const char *name, *kind = zombie_kind(p);
	bool known = (p->flags & SPF_EXIT_KNOWN) && snap_is_zombie(p);
	struct ptable_age age;

	if (p->state != 'Z')
		return json_null();
	wstatus_decode(p->exit_raw, &w);
	name = w.signaled ? signame_name(w.signal) : NULL;
	age = snap_is_zombie(p) ? age_of(c, p) : (struct ptable_age){-1, false};
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:o, s:b}",
	    "status_raw", known ? json_integer(p->exit_raw) : json_null(),
	    "exited", jbool(known, w.exited), "exit_status",
	    known && w.exited ? json_integer(w.exit_status) : json_null(),
	    "signal",
	    known && w.signaled ? json_integer(w.signal) : json_null(),
	    "signal_name", known && name ? json_string(name) : json_null(),
	    "core_dumped", jbool(known, w.core_dumped), "reapable",
	    snap_is_zombie(p), "kind", kind ? kind : "zombie", "age_s",
	    age_val(age), "age_exact", age.age >= 0 && age.exact);
}

/* {"sigchld": {"effect": "none", "text": "..."}, ...}: cont only for a
 * stopped parent. */
static json_t *
predictions_obj(const struct zombie_diag *d)
{
	json_t *o = json_object();
	char buf[1024];

	for (int i = 0; o && i < ZA_ALL; i++) {
		enum zombie_action a = (enum zombie_action)i;
		enum zombie_effect e;

		if (!zombie_action_applies(d, a))
			continue;
		e = zombie_predict(d, a, buf, sizeof(buf));
		json_object_set_new(o, zombie_action_key(a),
		    json_pack("{s:s, s:s}", "effect", zombie_effect_code(e),
		        "text", buf));
	}
	return o ? o : json_null();
}

/* The tracer's comm is escaped already (zombie_diag). */
static json_t *
tracer_obj(const struct zombie_diag *d)
{
	if (d->tracer_pid <= 0)
		return json_null();
	return json_pack("{s:i, s:o}", "pid", (int)d->tracer_pid, "comm",
	    d->tracer_comm[0] ? json_string(d->tracer_comm) : json_null());
}

static json_t *
diag_obj(const struct jctx *c, pid_t pid)
{
	const struct zombie_diag *d =
	    c->diag ? zombie_report_find(c->diag, pid) : NULL;
	char text[1024], state[2];

	struct reapstat_sum sum = {0};
	bool have;
	enum zombie_reaping how;
	size_t len;

	if (!d)
		return json_null();
	/* Late or never: only a process table has watched long enough. */
	have = c->tab &&
	       ptable_parent_stats(c->tab, d->ppid, d->start_ticks, &sum) == 0;
	how = c->tab ? zombie_reaping_of(
	                   have ? &sum : NULL, d->zombies, d->oldest_age)
	             : ZRP_UNKNOWN;
	zombie_text_explain(d, text, sizeof(text));
	len = strlen(text);
	zombie_reaping_text(
	    how, &sum, d->oldest_age, text + len, sizeof(text) - len);
	state[0] = d->state;
	state[1] = '\0';
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:s, s:o, s:b, s:b, s:i, "
	                 "s:o, s:o, s:o, s:o, s:s}",
	    "reason", zombie_reason_code(d->reason), "text", text, "sigchld",
	    zombie_disp_name(d->sigchld.disp), "sigchld_blocked",
	    d->sigchld.blocked, "sigchld_pending", d->sigchld.pending,
	    "parent_state", state, "wchan",
	    d->wchan[0] ? json_string(d->wchan) : json_null(), "namespace_init",
	    d->namespace_init, "host_init", d->host_init, "zombies", d->zombies,
	    "oldest_age_s",
	    d->oldest_age < 0 ? json_null()
	                      : json_integer((json_int_t)d->oldest_age),
	    "error",
	    d->flags & ZDF_DENIED ? json_string("permission")
	    : d->flags & ZDF_GONE ? json_string("vanished")
	                          : json_null(),
	    "predictions", predictions_obj(d), "tracer", tracer_obj(d),
	    "reaping", zombie_reaping_code(how));
}

static json_t *
proc_obj(const struct jctx *c, int node)
{
	const struct ptree *t = c->t;
	const struct snap_proc *p = &t->snap->procs[node];
	char state[2] = {p->state, '\0'};

	return json_pack("{s:i, s:i, s:s, s:o, s:o, s:o, s:I, s:i, s:I, s:i, "
	                 "s:o, s:o}",
	    "pid", (int)p->pid, "ppid", (int)p->ppid, "state", state, "comm",
	    jstr_new(p->comm), "cmdline", jstr_new(p->cmdline), "user",
	    jstr_new(p->user), "uid", (json_int_t)p->uid, "threads", p->threads,
	    "start_time", (json_int_t)snap_start_epoch(t->snap, p),
	    "zombie_children", t->nodes[node].zombies, "zombie",
	    zombie_obj(c, p), "diagnosis", diag_obj(c, p->pid));
}

static json_t *
summary_obj(const struct ptree *t)
{
	struct snap_counts c;

	snap_count(t->snap, &c);
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:i}",
	    "processes", (json_int_t)c.processes, "running",
	    (json_int_t)c.running, "sleeping", (json_int_t)c.sleeping,
	    "disk_sleep", (json_int_t)c.disk_sleep, "stopped",
	    (json_int_t)c.stopped, "zombies", (json_int_t)c.zombies,
	    "leader_exited", (json_int_t)c.leader_exited, "zombie_parents",
	    t->zombie_parents);
}

static void
rfc3339(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&ts->tv_sec, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Whether kernel events fed tab, and why not (NULL when they did). */
static void
events_of(struct ptable *tab, bool *on, const char **why)
{
	struct ptable_info in;

	*on = false;
	*why = OUT_JSON_ONE_SCAN;
	if (!tab)
		return;
	ptable_info(tab, &in);
	*on = in.events;
	*why = in.events ? NULL : in.why ? in.why : "unknown";
}

int
out_json_write(FILE *f, const struct ptree *t)
{
	return out_json_write_diag(f, t, NULL, NULL);
}

int
out_json_write_diag(FILE *f, const struct ptree *t,
    const struct zombie_report *diag, struct ptable *tab)
{
	struct jctx c = {t, diag, tab};
	json_t *procs = json_array(), *doc;
	const char *ev_why;
	char when[32];
	bool ev_on;
	int rc;

	if (!procs)
		return -ENOMEM;
	for (size_t i = 0; i < t->nrows; i++)
		json_array_append_new(procs, proc_obj(&c, t->rows[i].node));
	rfc3339(&t->snap->taken, when, sizeof(when));
	events_of(tab, &ev_on, &ev_why);
	doc = json_pack("{s:i, s:s, s:b, s:b, s:s?, s:o, s:o}", "version", 2,
	    "generated_at", when, "hidepid", t->snap->hidepid > 0, "events",
	    ev_on, "events_reason", ev_why, "summary", summary_obj(t),
	    "processes", procs);
	if (!doc)
		return -ENOMEM;
	rc =
	    json_dumpf(doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0 &&
	    fputc('\n', f) != EOF;
	json_decref(doc);
	return rc && fflush(f) == 0 ? 0 : -EIO;
}
