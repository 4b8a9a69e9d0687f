/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON encoding of processes, diagnoses, events and exit times for
 * recordings, and their checked decoding (see rec_codec.h). */
#include "rec_codec.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BAD (-EBADMSG)

json_t *
rec_codec_str(const char *s)
{
	static const char hexd[] = "0123456789abcdef";
	size_t n = strlen(s);
	json_t *v = json_stringn(s, n), *o;
	char *hex;

	if (v)
		return v;
	/* jansson refuses invalid UTF-8: keep the bytes as hex. */
	if (!(hex = malloc(n * 2 + 1)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = hexd[(unsigned char)s[i] >> 4];
		hex[2 * i + 1] = hexd[(unsigned char)s[i] & 15];
	}
	hex[2 * n] = '\0';
	o = json_pack("{s:s}", "hex", hex);
	free(hex);
	return o;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int
unhex(const char *hex, size_t len, size_t max, char **out)
{
	char *s;

	if (len % 2 || len / 2 > max)
		return BAD;
	if (!(s = malloc(len / 2 + 1)))
		return -ENOMEM;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi | lo) == 0) { /* no NUL inside */
			free(s);
			return BAD;
		}
		s[i] = (char)(hi << 4 | lo);
	}
	s[len / 2] = '\0';
	*out = s;
	return 0;
}

int
rec_codec_str_get(const json_t *v, size_t max, char **out)
{
	const json_t *h;
	size_t len;

	*out = NULL;
	if (json_is_object(v) && (h = json_object_get(v, "hex")) &&
	    json_is_string(h))
		return unhex(
		    json_string_value(h), json_string_length(h), max, out);
	if (!json_is_string(v))
		return BAD;
	len = json_string_length(v);
	if (len > max || memchr(json_string_value(v), '\0', len))
		return BAD;
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

int
rec_codec_int(const json_t *v, long long lo, long long hi, long long *out)
{
	long long x;

	if (!json_is_integer(v))
		return BAD;
	x = json_integer_value(v);
	if (x < lo || x > hi)
		return BAD;
	*out = x;
	return 0;
}

int
rec_codec_num(const json_t *v, double lo, double hi, double *out)
{
	double x;

	if (!json_is_number(v))
		return BAD;
	x = json_number_value(v);
	if (!isfinite(x) || x < lo || x > hi)
		return BAD;
	*out = x;
	return 0;
}

/* The flags a recording keeps: not SPF_NEW (a diff of its own) nor
 * SPF_STALE and SPF_WATCHED (how the refresh read it, not the process: a
 * partial refresh then a full one must not rewrite every process). */
#define REC_FLAGS (~(unsigned)(SPF_NEW | SPF_STALE | SPF_WATCHED))

json_t *
rec_codec_proc(const struct snap_proc *p)
{
	char st[2] = {p->state, '\0'};

	return json_pack("[i, i, s, i, I, i, I, I, I, i, i, o, o, o]",
	    (int)p->pid, (int)p->ppid, st, p->threads, (json_int_t)p->uid,
	    p->tty, (json_int_t)p->start_ticks, (json_int_t)p->cpu_ticks,
	    (json_int_t)p->rss_kb, p->exit_raw, (int)(p->flags & REC_FLAGS),
	    rec_codec_str(p->comm), rec_codec_str(p->cmdline),
	    rec_codec_str(p->user));
}

/* The numeric part of a process array: index, range, destination. */
static int
proc_ints(const json_t *v, struct snap_proc *p)
{
	long long x[11];
	static const long long lo[11] = {
	    1, 0, 0, 0, 0, INT_MIN, 0, 0, 0, INT_MIN, 0};
	static const long long hi[11] = {INT_MAX, INT_MAX, 0, INT_MAX,
	    UINT32_MAX, INT_MAX, LLONG_MAX, LLONG_MAX, LLONG_MAX, INT_MAX,
	    0xffff};

	for (size_t i = 0; i < 11; i++)
		if (i != 2 &&
		    rec_codec_int(json_array_get(v, i), lo[i], hi[i], &x[i]))
			return BAD;
	p->pid = (pid_t)x[0];
	p->ppid = (pid_t)x[1];
	p->threads = (int)x[3];
	p->uid = (uid_t)x[4];
	p->tty = (int)x[5];
	p->start_ticks = (unsigned long long)x[6];
	p->cpu_ticks = (unsigned long long)x[7];
	p->rss_kb = (unsigned long)x[8];
	p->exit_raw = (int)x[9];
	p->flags = (unsigned)x[10];
	return 0;
}

int
rec_codec_proc_get(const json_t *v, struct snap_proc *p)
{
	const json_t *st = json_array_get(v, 2);
	int rc;

	memset(p, 0, sizeof(*p));
	if (!json_is_array(v) || json_array_size(v) != 14 ||
	    !json_is_string(st) || json_string_length(st) != 1 ||
	    proc_ints(v, p) < 0)
		return BAD;
	p->state = json_string_value(st)[0];
	if (p->state < 'A' || p->state > 'z')
		return BAD;
	rc =
	    rec_codec_str_get(json_array_get(v, 11), KPARSE_COMM_MAX, &p->comm);
	if (rc == 0)
		rc = rec_codec_str_get(
		    json_array_get(v, 12), REC_CODEC_STR_MAX, &p->cmdline);
	if (rc == 0)
		rc = rec_codec_str_get(json_array_get(v, 13), 256, &p->user);
	if (rc < 0)
		snap_proc_done(p);
	return rc;
}

static bool
str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool
rec_codec_proc_same(const struct snap_proc *a, const struct snap_proc *b)
{
	return a->pid == b->pid && a->ppid == b->ppid && a->state == b->state &&
	       a->threads == b->threads && a->uid == b->uid &&
	       a->tty == b->tty && a->start_ticks == b->start_ticks &&
	       a->cpu_ticks == b->cpu_ticks && a->rss_kb == b->rss_kb &&
	       a->exit_raw == b->exit_raw &&
	       (a->flags & REC_FLAGS) == (b->flags & REC_FLAGS) &&
	       str_same(a->comm, b->comm) && str_same(a->cmdline, b->cmdline) &&
	       str_same(a->user, b->user);
}

/* Signal masks: 64 bits, as hex text (a JSON integer is signed). */
static json_t *
mask(uint64_t m)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIx64, m);
	return json_string(buf);
}

static int
mask_get(const json_t *v, uint64_t *out)
{
	const char *s = json_string_value(v);
	char *end;

	if (!s || !*s || strlen(s) > 16 || s[0] == '-' || s[0] == '+' ||
	    s[0] == ' ')
		return BAD;
	errno = 0;
	*out = strtoull(s, &end, 16);
	return errno || *end ? BAD : 0;
}

static json_t *
facts_obj(const struct zombie_facts *f)
{
	char st[2] = {f->state, '\0'};

	return json_pack("{s:b, s:i, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, "
	                 "s:i, s:i, s:i, s:i, s:b, s:b, s:i}",
	    "readable", f->readable, "pid", (int)f->pid, "state", st, "threads",
	    f->threads, "sigign", mask(f->sigign), "sigcgt", mask(f->sigcgt),
	    "shdpnd", mask(f->shdpnd), "sigblk_all", mask(f->sigblk_all),
	    "sigblk_any", mask(f->sigblk_any), "sigpnd_any",
	    mask(f->sigpnd_any), "nspid_levels", f->nspid_levels, "nspid_last",
	    (int)f->nspid_last, "tracer", (int)f->tracer, "seccomp", f->seccomp,
	    "status_partial", f->status_partial, "ptrace_denied",
	    f->ptrace_denied, "ptrace_scope", f->ptrace_scope);
}

json_t *
rec_codec_diag(const struct zombie_diag *d, double t)
{
	char st[2] = {d->state, '\0'};

	return json_pack("{s:i, s:I, s:i, s:i, s:o, s:i, s:b, s:b, s:b, s:s, "
	                 "s:s, s:b, s:b, s:i, s:i, s:o, s:b, s:i, s:s, s:i}",
	    "ppid", (int)d->ppid, "start", (json_int_t)d->start_ticks, "reason",
	    (int)d->reason, "flags", (int)d->flags, "facts",
	    facts_obj(&d->facts), "disp", (int)d->sigchld.disp, "blocked",
	    d->sigchld.blocked, "blocked_some", d->sigchld.blocked_some,
	    "pending", d->sigchld.pending, "state", st, "wchan", d->wchan,
	    "namespace_init", d->namespace_init, "host_init", d->host_init,
	    "zombies", d->zombies, "leader_exited", d->leader_exited,
	    "oldest_exit",
	    d->oldest_age < 0 ? json_null() : json_real(t - d->oldest_age),
	    "oldest_exact", d->oldest_exact, "tracer_pid", (int)d->tracer_pid,
	    "tracer_comm", d->tracer_comm, "ptrace", (int)d->ptrace);
}

/* A one-letter state, printable. */
static int
state_get(const json_t *v, char *out)
{
	const char *s = json_string_value(v);

	if (!s || strlen(s) != 1 || s[0] < '!' || s[0] > '~')
		return BAD;
	*out = s[0];
	return 0;
}

/* A string into a fixed buffer; it must fit. */
static int
fixed_get(const json_t *v, char *buf, size_t size)
{
	const char *s = json_string_value(v);

	if (!s || json_string_length(v) >= size ||
	    memchr(s, '\0', json_string_length(v)))
		return BAD;
	memcpy(buf, s, json_string_length(v) + 1);
	return 0;
}

static int
get_int(const json_t *o, const char *key, long long lo, long long hi,
    long long *out)
{
	return rec_codec_int(json_object_get(o, key), lo, hi, out);
}

static int
get_bool(const json_t *o, const char *key, bool *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_boolean(v))
		return BAD;
	*out = json_is_true(v);
	return 0;
}

static int
facts_get(const json_t *o, struct zombie_facts *f)
{
	const json_t *v;
	long long x[7];
	static const char *const ik[7] = {"pid", "threads", "nspid_levels",
	    "nspid_last", "tracer", "seccomp", "ptrace_scope"};
	static const long long lo[7] = {0, 0, 0, 0, 0, 0, -1};
	static const long long hi[7] = {
	    INT_MAX, INT_MAX, 64, INT_MAX, INT_MAX, 2, 3};

	if (!json_is_object(o))
		return BAD;
	for (int i = 0; i < 7; i++)
		if (get_int(o, ik[i], lo[i], hi[i], &x[i]))
			return BAD;
	f->pid = (pid_t)x[0];
	f->threads = (int)x[1];
	f->nspid_levels = (int)x[2];
	f->nspid_last = (pid_t)x[3];
	f->tracer = (pid_t)x[4];
	f->seccomp = (int)x[5];
	f->ptrace_scope = (int)x[6];
	if (get_bool(o, "readable", &f->readable) ||
	    get_bool(o, "status_partial", &f->status_partial) ||
	    get_bool(o, "ptrace_denied", &f->ptrace_denied))
		return BAD;
	/* An unreadable parent has no state letter. */
	v = json_object_get(o, "state");
	if (!(json_is_string(v) && json_string_length(v) == 0) &&
	    state_get(v, &f->state))
		return BAD;
	if (mask_get(json_object_get(o, "sigign"), &f->sigign) ||
	    mask_get(json_object_get(o, "sigcgt"), &f->sigcgt) ||
	    mask_get(json_object_get(o, "shdpnd"), &f->shdpnd) ||
	    mask_get(json_object_get(o, "sigblk_all"), &f->sigblk_all) ||
	    mask_get(json_object_get(o, "sigblk_any"), &f->sigblk_any) ||
	    mask_get(json_object_get(o, "sigpnd_any"), &f->sigpnd_any))
		return BAD;
	return 0;
}

/* The enumerations are indexes into tables of words: checked ranges. */
static int
diag_ints(const json_t *o, struct zombie_diag *d)
{
	long long x[8];
	static const char *const k[8] = {"ppid", "reason", "flags", "disp",
	    "zombies", "leader_exited", "tracer_pid", "ptrace"};
	static const long long hi[8] = {INT_MAX, ZR_COUNT - 1, 7, ZD_IGNORED,
	    INT_MAX, INT_MAX, INT_MAX, PTREAP_SECCOMP_DENIED};

	for (int i = 0; i < 8; i++)
		if (get_int(o, k[i], 0, hi[i], &x[i]))
			return BAD;
	d->ppid = (pid_t)x[0];
	d->reason = (enum zombie_reason)x[1];
	d->flags = (unsigned)x[2];
	d->sigchld.disp = (enum zombie_disp)x[3];
	d->zombies = (int)x[4];
	d->leader_exited = (int)x[5];
	d->tracer_pid = (pid_t)x[6];
	d->ptrace = (enum ptreap_reason)x[7];
	return 0;
}

/* The oldest zombie's exit time is what is recorded, so that an
 * unchanged diagnosis is the same text in every refresh. */
static int
oldest_get(const json_t *v, double t, double *age)
{
	double exit;

	*age = -1;
	if (json_is_null(v))
		return 0;
	if (rec_codec_num(v, 0, 1e11, &exit))
		return BAD;
	*age = t - exit < 0 ? 0 : t - exit;
	return 0;
}

int
rec_codec_diag_get(const json_t *o, double t, struct zombie_diag *d)
{
	long long start;

	memset(d, 0, sizeof(*d));
	if (!json_is_object(o) || diag_ints(o, d) ||
	    get_int(o, "start", 0, LLONG_MAX, &start) ||
	    facts_get(json_object_get(o, "facts"), &d->facts) ||
	    oldest_get(json_object_get(o, "oldest_exit"), t, &d->oldest_age))
		return BAD;
	d->start_ticks = (unsigned long long)start;
	if (get_bool(o, "blocked", &d->sigchld.blocked) ||
	    get_bool(o, "blocked_some", &d->sigchld.blocked_some) ||
	    get_bool(o, "pending", &d->sigchld.pending) ||
	    get_bool(o, "namespace_init", &d->namespace_init) ||
	    get_bool(o, "host_init", &d->host_init) ||
	    get_bool(o, "oldest_exact", &d->oldest_exact) ||
	    state_get(json_object_get(o, "state"), &d->state) ||
	    fixed_get(
	        json_object_get(o, "wchan"), d->wchan, sizeof(d->wchan)) ||
	    fixed_get(json_object_get(o, "tracer_comm"), d->tracer_comm,
	        sizeof(d->tracer_comm)))
		return BAD;
	return 0;
}

json_t *
rec_codec_event(const struct evlog_event *e)
{
	double when = (double)e->when.tv_sec + (double)e->when.tv_nsec / 1e9;

	return json_pack("{s:f, s:i, s:i, s:i, s:b, s:b, s:b, s:i, s:i, s:i, "
	                 "s:i, s:f, s:f, s:b, s:b, s:b, s:f, s:b, s:o, s:o}",
	    "when", when, "kind", (int)e->kind, "pid", (int)e->pid, "ppid",
	    (int)e->ppid, "by_new_parent", e->by_new_parent, "initial",
	    e->initial, "exit_known", e->exit_known, "exit_raw", e->exit_raw,
	    "sig", e->sig, "result", e->result, "count", e->count, "after",
	    e->after, "exit_time", e->exit_time, "exit_exact", e->exit_exact,
	    "life_known", e->life_known, "life_exact", e->life_exact,
	    "lifetime", e->lifetime, "between_scans", e->between_scans, "comm",
	    rec_codec_str(e->comm), "text", rec_codec_str(e->text));
}

/* A decoded string into a fixed buffer of the event. */
static int
event_str(const json_t *v, char *buf, size_t size)
{
	char *s = NULL;
	int rc = rec_codec_str_get(v, size - 1, &s);

	if (rc == 0)
		memcpy(buf, s, strlen(s) + 1);
	free(s);
	return rc;
}

static int
event_ints(const json_t *o, struct evlog_event *e)
{
	long long x[7];
	static const char *const k[7] = {
	    "kind", "pid", "ppid", "exit_raw", "sig", "result", "count"};
	static const long long lo[7] = {0, 0, 0, INT_MIN, 0, INT_MIN, 0};
	static const long long hi[7] = {EVLOG_PARENT_EXITED, INT_MAX, INT_MAX,
	    INT_MAX, 64, INT_MAX, INT_MAX};

	for (int i = 0; i < 7; i++)
		if (get_int(o, k[i], lo[i], hi[i], &x[i]))
			return BAD;
	e->kind = (enum evlog_kind)x[0];
	e->pid = (pid_t)x[1];
	e->ppid = (pid_t)x[2];
	e->exit_raw = (int)x[3];
	e->sig = (int)x[4];
	e->result = (int)x[5];
	e->count = (int)x[6];
	return 0;
}

static int
event_nums(const json_t *o, struct evlog_event *e)
{
	double when;

	if (rec_codec_num(json_object_get(o, "when"), 0, 1e11, &when) ||
	    rec_codec_num(
	        json_object_get(o, "after"), -1e12, 1e12, &e->after) ||
	    rec_codec_num(
	        json_object_get(o, "exit_time"), -1e12, 1e12, &e->exit_time) ||
	    rec_codec_num(
	        json_object_get(o, "lifetime"), -1e12, 1e12, &e->lifetime))
		return BAD;
	e->when.tv_sec = (time_t)when;
	e->when.tv_nsec = (long)((when - (double)e->when.tv_sec) * 1e9);
	if (e->when.tv_nsec < 0 || e->when.tv_nsec >= 1000000000L)
		e->when.tv_nsec = 0;
	return 0;
}

int
rec_codec_event_get(const json_t *o, struct evlog_event *e)
{
	memset(e, 0, sizeof(*e));
	if (!json_is_object(o) || event_ints(o, e) || event_nums(o, e))
		return BAD;
	if (get_bool(o, "by_new_parent", &e->by_new_parent) ||
	    get_bool(o, "initial", &e->initial) ||
	    get_bool(o, "exit_known", &e->exit_known) ||
	    get_bool(o, "exit_exact", &e->exit_exact) ||
	    get_bool(o, "life_known", &e->life_known) ||
	    get_bool(o, "life_exact", &e->life_exact) ||
	    get_bool(o, "between_scans", &e->between_scans))
		return BAD;
	if (event_str(json_object_get(o, "comm"), e->comm, sizeof(e->comm)) ||
	    event_str(json_object_get(o, "text"), e->text, sizeof(e->text)))
		return BAD;
	return 0;
}

json_t *
rec_codec_age(const struct rec_age *a)
{
	return json_pack("[i, I, o, b]", (int)a->pid,
	    (json_int_t)a->start_ticks,
	    a->exit_time < 0 ? json_null() : json_real(a->exit_time), a->exact);
}

int
rec_codec_age_get(const json_t *v, struct rec_age *a)
{
	long long pid, start;
	const json_t *t = json_array_get(v, 2), *ex = json_array_get(v, 3);

	memset(a, 0, sizeof(*a));
	if (!json_is_array(v) || json_array_size(v) != 4 ||
	    rec_codec_int(json_array_get(v, 0), 1, INT_MAX, &pid) ||
	    rec_codec_int(json_array_get(v, 1), 0, LLONG_MAX, &start) ||
	    !json_is_boolean(ex))
		return BAD;
	a->pid = (pid_t)pid;
	a->start_ticks = (unsigned long long)start;
	a->exact = json_is_true(ex);
	a->exit_time = -1;
	if (!json_is_null(t) && rec_codec_num(t, 0, 1e11, &a->exit_time))
		return BAD;
	return 0;
}
