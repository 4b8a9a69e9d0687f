/* JSON output. jansson rejects strings that are not valid UTF-8, so every
 * process string goes through escape_dup first: no process is ever dropped
 * because of its name. */
#include "out_json.h"
#include "escape.h"
#include "signame.h"
#include "wstatus.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *
jstr(const char *s)
{
	char *e = escape_dup(s, strlen(s), 0);
	json_t *j = e ? json_string(e) : NULL;

	free(e);
	return j ? j : json_null();
}

static json_t *
zombie_obj(const struct snap_proc *p)
{
	struct wstatus w;
	const char *name;
	bool known = p->flags & SPF_EXIT_KNOWN;

	if (p->state != 'Z')
		return json_null();
	wstatus_decode(p->exit_raw, &w);
	name = w.signaled ? signame_name(w.signal) : NULL;
	return json_pack("{s:o, s:b, s:o, s:o, s:o, s:b}", "status_raw",
	    known ? json_integer(p->exit_raw) : json_null(), "exited",
	    known && w.exited, "exit_status",
	    known && w.exited ? json_integer(w.exit_status) : json_null(),
	    "signal",
	    known && w.signaled ? json_integer(w.signal) : json_null(),
	    "signal_name", known && name ? json_string(name) : json_null(),
	    "core_dumped", known && w.core_dumped);
}

static json_t *
proc_obj(const struct ptree *t, int node)
{
	const struct snap_proc *p = &t->snap->procs[node];
	char state[2] = {p->state, '\0'};

	return json_pack("{s:i, s:i, s:s, s:o, s:o, s:o, s:I, s:i, s:I, s:i, "
	                 "s:o}",
	    "pid", (int)p->pid, "ppid", (int)p->ppid, "state", state, "comm",
	    jstr(p->comm), "cmdline", jstr(p->cmdline), "user", jstr(p->user),
	    "uid", (json_int_t)p->uid, "threads", p->threads, "start_time",
	    (json_int_t)snap_start_epoch(t->snap, p), "zombie_children",
	    t->nodes[node].zombies, "zombie", zombie_obj(p));
}

static json_t *
summary_obj(const struct ptree *t)
{
	struct snap_counts c;

	snap_count(t->snap, &c);
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:i}", "processes",
	    (json_int_t)c.processes, "running", (json_int_t)c.running,
	    "sleeping", (json_int_t)c.sleeping, "disk_sleep",
	    (json_int_t)c.disk_sleep, "stopped", (json_int_t)c.stopped,
	    "zombies", (json_int_t)c.zombies, "zombie_parents",
	    t->zombie_parents);
}

static void
rfc3339(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&ts->tv_sec, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
out_json_write(FILE *f, const struct ptree *t)
{
	json_t *procs = json_array(), *doc;
	char when[32];
	int rc;

	if (!procs)
		return -ENOMEM;
	for (size_t i = 0; i < t->nrows; i++)
		json_array_append_new(procs, proc_obj(t, t->rows[i].node));
	rfc3339(&t->snap->taken, when, sizeof(when));
	doc = json_pack("{s:i, s:s, s:b, s:o, s:o}", "version", 1,
	    "generated_at", when, "hidepid", t->snap->hidepid > 0, "summary",
	    summary_obj(t), "processes", procs);
	if (!doc)
		return -ENOMEM;
	rc = json_dumpf(doc, f, JSON_INDENT(2)) == 0 && fputc('\n', f) != EOF;
	json_decref(doc);
	return rc && fflush(f) == 0 ? 0 : -EIO;
}
