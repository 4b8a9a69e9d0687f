/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening, indexing and moving through a recording (see rec_read.h); the
 * records' contents are rec_apply's. */
#include "rec_read.h"
#include "rec_apply.h"
#include "rec_frame.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define NO_KEY SIZE_MAX

struct rec_idx {
	size_t off, len; /* the data frame */
	double t;
	unsigned nev;
	char kind;
	size_t key; /* the keyframe this refresh builds on, or NO_KEY */
};

struct rec_read {
	unsigned char *buf; /* the file: mmap'd or a malloc'd copy */
	size_t len;
	bool mapped;
	ZSTD_DCtx *dctx;    /* owned */
	struct rec_idx *fr; /* owned, one per refresh */
	size_t n, cap;
	struct rec_read_info info;
	size_t cur;
	bool valid; /* st holds refresh cur */
	struct rec_state st;
	char err[256];
};

static int
fail(struct rec_read *r, int rc, const char *what)
{
	snprintf(r->err, sizeof(r->err), "%s", what);
	return rc;
}

/* A record's JSON, checked to be the kind its marker says. */
static int
decode(
    struct rec_read *r, size_t off, size_t len, const char *rec, json_t **out)
{
	char *text = NULL;
	size_t tlen = 0;
	json_error_t je;
	const char *got;
	int rc = rec_frame_decode(r->dctx, r->buf + off, len, &text, &tlen);

	*out = NULL;
	if (rc < 0)
		return fail(r, rc,
		    rc == -ENOMEM ? "out of memory" : "a corrupt record");
	*out = json_loadb(text, tlen, JSON_REJECT_DUPLICATES, &je);
	free(text);
	got = json_string_value(json_object_get(*out, "rec"));
	if (!*out || !got || strcmp(got, rec) != 0) {
		json_decref(*out);
		*out = NULL;
		return fail(r, -EBADMSG,
		    "a record that is not what its marker "
		    "says");
	}
	return 0;
}

static void
copy_str(const json_t *v, char *buf, size_t size)
{
	const char *s = json_string_value(v);

	snprintf(buf, size, "%s", s ? s : "");
}

/* The first header fills info; every header must be version 1. */
static int
read_header(struct rec_read *r, size_t off, size_t len)
{
	json_t *h;
	long long ver;
	struct rec_read_info *in = &r->info;
	int rc = decode(r, off, len, "header", &h);

	if (rc < 0)
		return rc;
	if (rec_codec_int(json_object_get(h, "version"), 0, INT_MAX, &ver) ||
	    ver != REC_FORMAT_VERSION) {
		json_decref(h);
		return fail(r, -EPROTONOSUPPORT, "another format version");
	}
	if (in->sessions++ == 0) {
		in->version = (int)ver;
		copy_str(
		    json_object_get(h, "host"), in->host, sizeof(in->host));
		copy_str(json_object_get(h, "zombietop"), in->zombietop,
		    sizeof(in->zombietop));
		copy_str(json_object_get(h, "events_reason"), in->events_why,
		    sizeof(in->events_why));
		in->events = json_is_true(json_object_get(h, "events"));
		in->demo = json_is_true(json_object_get(h, "demo"));
		if (rec_codec_num(json_object_get(h, "interval_s"), 0, 1e6,
		        &in->interval) < 0)
			in->interval = 0;
	}
	json_decref(h);
	return 0;
}

static int
add_frame(struct rec_read *r, const struct rec_mark *m, size_t off, size_t len,
    size_t *key)
{
	struct rec_idx *e;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		void *p = reallocarray(r->fr, cap, sizeof(*r->fr));

		if (!p)
			return fail(r, -ENOMEM, "out of memory");
		r->fr = p;
		r->cap = cap;
	}
	if (m->kind == REC_KEY)
		*key = r->n, r->info.keyframes++;
	e = &r->fr[r->n++];
	*e = (struct rec_idx){off, len, m->t, m->nevents, m->kind, *key};
	return 0;
}

/* A record that cannot be read: the first is an error, a later one ends
 * the readable part (a torn or corrupt tail) unless memory ran out. */
static int
end_at(struct rec_read *r, size_t off, int rc)
{
	if (off == 0 || rc == -ENOMEM || rc == -EPROTONOSUPPORT)
		return rc;
	r->info.tail_ignored = r->len - off;
	r->info.tail_why = "corrupt";
	return 0;
}

/* Walks the markers: each record's data frame is skipped by its size. */
static int
build_index(struct rec_read *r)
{
	size_t off = 0, doff, dlen, used, key = NO_KEY;
	struct rec_mark m;
	int rc = 0;

	while (off < r->len) {
		rc = rec_frame_scan(
		    r->buf + off, r->len - off, &m, &doff, &dlen, &used);
		if (rc == -EPROTONOSUPPORT)
			return fail(r, rc, "another format version");
		if (rc != 0)
			break;
		if (m.kind == REC_HEADER)
			rc = read_header(r, off + doff, dlen), key = NO_KEY;
		else if (r->info.sessions == 0)
			rc = fail(r, -EBADMSG, "a refresh before any header");
		else
			rc = add_frame(r, &m, off + doff, dlen, &key);
		if (rc < 0)
			return end_at(r, off, rc);
		off += used;
	}
	if (off == 0 && r->len > 0)
		return fail(r, -EBADMSG, "not a zombietop recording");
	if (off < r->len) {
		r->info.tail_ignored = r->len - off;
		r->info.tail_why = rc > 0 ? "cut off" : "corrupt";
	}
	return 0;
}

static int
open_common(
    struct rec_read *r, struct rec_read **out, char *err, size_t errsize)
{
	int rc = -ENOMEM;

	if ((r->dctx = ZSTD_createDCtx()))
		rc = build_index(r);
	if (rc == 0 && r->info.sessions == 0)
		rc = fail(r, -EBADMSG, "an empty recording");
	if (rc == 0 && r->n) {
		r->info.start = r->fr[0].t;
		r->info.end = r->fr[r->n - 1].t;
	}
	r->info.frames = r->n;
	if (rc < 0) {
		snprintf(
		    err, errsize, "%s", r->err[0] ? r->err : strerror(-rc));
		rec_read_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
rec_read_open(
    const char *path, struct rec_read **out, char *err, size_t errsize)
{
	struct rec_read *r = calloc(1, sizeof(*r));
	struct stat sb;
	int fd, rc = 0;

	*out = NULL;
	if (!r)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0)
		rc = -errno;
	else if (!S_ISREG(sb.st_mode))
		rc = -EINVAL;
	else if (sb.st_size > 0) {
		r->len = (size_t)sb.st_size;
		r->buf = mmap(NULL, r->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (r->buf == MAP_FAILED)
			rc = -errno, r->buf = NULL;
		r->mapped = r->buf != NULL;
	}
	if (fd >= 0)
		close(fd);
	if (rc < 0) {
		snprintf(err, errsize, "%s: %s", path,
		    rc == -EINVAL ? "not a regular file" : strerror(-rc));
		rec_read_free(r);
		return rc;
	}
	return open_common(r, out, err, errsize);
}

int
rec_read_open_mem(const void *buf, size_t len, struct rec_read **out, char *err,
    size_t errsize)
{
	struct rec_read *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || (len && !(r->buf = malloc(len)))) {
		free(r);
		return -ENOMEM;
	}
	if (len)
		memcpy(r->buf, buf, len);
	r->len = len;
	return open_common(r, out, err, errsize);
}

void
rec_read_free(struct rec_read *r)
{
	if (!r)
		return;
	rec_apply_done(&r->st);
	if (r->mapped)
		munmap(r->buf, r->len);
	else
		free(r->buf);
	ZSTD_freeDCtx(r->dctx);
	free(r->fr);
	free(r);
}

/* ---- the cursor ---- */

const struct rec_read_info *
rec_read_info(const struct rec_read *r)
{
	return &r->info;
}

size_t
rec_read_count(const struct rec_read *r)
{
	return r->n;
}

double
rec_read_time_at(const struct rec_read *r, size_t i)
{
	return i < r->n ? r->fr[i].t : -1;
}

unsigned
rec_read_events_at(const struct rec_read *r, size_t i)
{
	return i < r->n ? r->fr[i].nev : 0;
}

static int
apply(struct rec_read *r, size_t i)
{
	const struct rec_idx *e = &r->fr[i];
	bool key = e->kind == REC_KEY;
	json_t *doc;
	int rc = decode(r, e->off, e->len, key ? "key" : "delta", &doc);

	if (rc == 0) {
		r->st.why = NULL;
		rc = key ? rec_apply_key(&r->st, doc, e->t)
		         : rec_apply_delta(&r->st, doc, e->t);
		if (rc < 0)
			snprintf(r->err, sizeof(r->err), "refresh %zu: %s", i,
			    r->st.why ? r->st.why : strerror(-rc));
		json_decref(doc);
	}
	return rc;
}

int
rec_read_seek(struct rec_read *r, size_t i)
{
	size_t k, from;
	int rc = 0;

	if (i >= r->n)
		return fail(r, -ERANGE, "no such refresh in the recording");
	if ((k = r->fr[i].key) == NO_KEY) {
		r->valid = false;
		return fail(r, -EBADMSG, "a refresh without its keyframe");
	}
	/* Forward within the same keyframe's run: only the deltas between. */
	if (r->valid && r->cur <= i && r->cur >= k && r->fr[r->cur].key == k)
		from = r->cur + 1;
	else
		from = k;
	r->valid = false;
	for (size_t j = from; rc == 0 && j <= i; j++)
		rc = apply(r, j);
	if (rc < 0) {
		rec_apply_done(&r->st);
		return rc;
	}
	r->cur = i;
	r->valid = true;
	return 0;
}

int
rec_read_seek_time(struct rec_read *r, double t)
{
	size_t lo = 0, hi = r->n;

	if (r->n == 0)
		return fail(r, -ENOENT, "no refresh was recorded");
	/* The first refresh after t, then one back. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->fr[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return rec_read_seek(r, lo ? lo - 1 : 0);
}

int
rec_read_step(struct rec_read *r, int dir)
{
	if (!r->valid)
		return fail(r, -EINVAL, "the cursor is on nothing");
	if ((dir < 0 && r->cur == 0) || (dir > 0 && r->cur + 1 >= r->n))
		return fail(r, -ERANGE, "at the end of the recording");
	return rec_read_seek(r, dir < 0 ? r->cur - 1 : r->cur + 1);
}

int
rec_read_next_event(struct rec_read *r, int dir)
{
	size_t i = r->valid ? r->cur : dir < 0 ? r->n : SIZE_MAX;

	while (dir < 0 ? i-- > 0 : ++i < r->n)
		if (r->fr[i].nev > 0)
			return rec_read_seek(r, i);
	return fail(r, -ENOENT, "no zombie event that way");
}

/* Forward: each refresh with events is one more delta on the last. */
static int
find_forward(struct rec_read *r, rec_read_want want, void *arg, size_t *at)
{
	int rc;

	for (size_t i = r->cur + 1; i < r->n; i++) {
		if (r->fr[i].nev == 0)
			continue;
		if ((rc = rec_read_seek(r, i)) < 0)
			return rc;
		if (want(r, arg)) {
			*at = i;
			return 0;
		}
	}
	return -ENOENT;
}

/* Back: a seek back decodes from the keyframe, so each keyframe's run
 * before the cursor is walked forward once, keeping its last match. */
static int
find_back(struct rec_read *r, rec_read_want want, void *arg, size_t *at)
{
	size_t end = r->cur, k;
	int rc;

	while (end > 0) {
		bool hit = false;

		if ((k = r->fr[end - 1].key) == NO_KEY) {
			end--; /* a refresh without its keyframe: passed over */
			continue;
		}
		for (size_t i = k; i < end; i++) {
			if (r->fr[i].nev == 0)
				continue;
			if ((rc = rec_read_seek(r, i)) < 0)
				return rc;
			if (want(r, arg)) {
				*at = i;
				hit = true;
			}
		}
		if (hit)
			return 0;
		end = k;
	}
	return -ENOENT;
}

int
rec_read_find_event(struct rec_read *r, int dir, rec_read_want want, void *arg)
{
	size_t was = r->cur, at = 0;
	int rc;

	if (!r->valid)
		return fail(r, -EINVAL, "the cursor is on nothing");
	rc = dir < 0 ? find_back(r, want, arg, &at)
	             : find_forward(r, want, arg, &at);
	if (rc == 0)
		return r->cur == at ? 0 : rec_read_seek(r, at);
	if (rc == -ENOENT && (rc = rec_read_seek(r, was)) == 0)
		return fail(r, -ENOENT, "no zombie event that way");
	return rc;
}

size_t
rec_read_cursor(const struct rec_read *r)
{
	return r->cur;
}

double
rec_read_time(const struct rec_read *r)
{
	return r->valid ? r->fr[r->cur].t : -1;
}

const struct snap *
rec_read_snap(const struct rec_read *r)
{
	return r->valid ? r->st.snap : NULL;
}

const struct zombie_report *
rec_read_report(const struct rec_read *r)
{
	return r->valid ? &r->st.rep : NULL;
}

const struct rec_age *
rec_read_age(const struct rec_read *r, pid_t pid, unsigned long long start)
{
	size_t lo = 0, hi = r->valid ? r->st.nages : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rec_age *a = &r->st.ages[mid];

		if (a->pid == pid)
			return a->start_ticks == start ? a : NULL;
		if (a->pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct evlog *
rec_read_log(const struct rec_read *r)
{
	return r->valid ? r->st.log : NULL;
}

const struct evlog_event *
rec_read_frame_events(const struct rec_read *r, size_t *n)
{
	*n = r->valid ? r->st.nfev : 0;
	return r->valid ? r->st.fev : NULL;
}

const char *
rec_read_error(const struct rec_read *r)
{
	return r->err[0] ? r->err : "no error";
}

/* "Z", "+02:00", "-0530" after an ISO time: seconds east of UTC. */
static int
zone_offset(const char *s, long *east, bool *given)
{
	int h, m = 0, n = 0;

	*east = 0;
	*given = *s != '\0';
	if (!*s)
		return 0;
	if (!strcmp(s, "Z") || !strcmp(s, "z"))
		return 0;
	if ((*s != '+' && *s != '-') ||
	    (sscanf(s + 1, "%2d:%2d%n", &h, &m, &n) != 2 &&
	        sscanf(s + 1, "%2d%2d%n", &h, &m, &n) != 2 &&
	        sscanf(s + 1, "%2d%n", &h, &n) != 1) ||
	    s[1 + n] != '\0' || h > 23 || m > 59)
		return -EINVAL;
	*east = (*s == '-' ? -1 : 1) * (h * 3600L + m * 60L);
	return 0;
}

/* ISO 8601 date and time, or a time alone on the recording's first day
 * (local time). */
static int
parse_iso(const struct rec_read *r, const char *spec, double *out)
{
	struct tm tm;
	const char *rest;
	double frac = 0;
	long east;
	bool zone;
	time_t t;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (!(rest = strptime(spec, "%Y-%m-%dT%H:%M:%S", &tm)) &&
	    !(rest = strptime(spec, "%Y-%m-%d %H:%M:%S", &tm))) {
		t = (time_t)r->info.start;
		if (!localtime_r(&t, &tm) ||
		    !(rest = strptime(spec, "%H:%M:%S", &tm)))
			return -EINVAL;
	}
	if (*rest == '.' && sscanf(rest, "%lf%n", &frac, &n) == 1)
		rest += n;
	if (zone_offset(rest, &east, &zone) < 0)
		return -EINVAL;
	tm.tm_isdst = -1;
	t = zone ? timegm(&tm) - east : mktime(&tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*out = (double)t + frac;
	return 0;
}

int
rec_read_parse_time(const struct rec_read *r, const char *spec, double *out)
{
	char *end;
	double s;

	if (spec[0] == '+' || spec[0] == '-') {
		errno = 0;
		s = strtod(spec + 1, &end);
		if (errno || end == spec + 1 || *end || !(s >= 0) || s > 1e10)
			return -EINVAL;
		*out = spec[0] == '+' ? r->info.start + s : r->info.end - s;
		return 0;
	}
	return parse_iso(r, spec, out);
}
