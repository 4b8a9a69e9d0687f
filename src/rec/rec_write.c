/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recorder's file: sessions, keyframes and deltas as JSON records
 * in zstd frames (rec_frame), appended, synced and rotated. */
#include "rec_write.h"
#include "rec_frame.h"
#include "zclock.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A diagnosis as recorded, to tell a changed one from the last frame's. */
struct wdiag {
	pid_t ppid;
	char *text; /* owned: its compact JSON */
};

struct rec_write {
	char *path; /* owned */
	int fd;
	ZSTD_CCtx *cctx; /* owned */
	struct rec_write_session s;
	char *host, *why;   /* owned copies behind s.host, s.events_why */
	struct snap *last;  /* owned: the table as last recorded */
	double last_key;    /* time of the last keyframe */
	unsigned since_key; /* deltas since it */
	bool need_key;
	unsigned long long seq;
	struct evlog_event recent[REC_WRITE_RECENT]; /* ring of events */
	size_t nrecent, head;
	double synced;      /* CLOCK_MONOTONIC seconds of the last sync */
	struct wdiag *diag; /* owned: the last frame's diagnoses */
	size_t ndiag;
	struct rec_age *age; /* owned: the last frame's exit times */
	size_t nage;
	struct rec_write_stats st;
};

static int
write_all(struct rec_write *w, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(w->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
		w->st.bytes += (unsigned long long)n;
	}
	return 0;
}

/* Encodes doc as one record and writes it; takes doc's reference. */
static int
put_record(struct rec_write *w, const struct rec_mark *m, json_t *doc)
{
	char *text, *line;
	void *buf = NULL;
	size_t len = 0;
	int rc;

	if (!doc)
		return -ENOMEM;
	text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(doc);
	if (!text)
		return -ENOMEM;
	/* JSON lines: zstdcat FILE | jq works. */
	if ((rc = asprintf(&line, "%s\n", text)) < 0) {
		free(text);
		return -ENOMEM;
	}
	free(text);
	text = line;
	rc = rec_frame_encode(w->cctx, m, text, strlen(text), &buf, &len);
	free(text);
	if (rc == 0)
		rc = write_all(w, buf, len);
	free(buf);
	return rc;
}

static int
put_header(struct rec_write *w)
{
	struct rec_mark m = {REC_HEADER, zclock_real(), w->seq, 0};

	return put_record(w, &m,
	    json_pack("{s:s, s:s, s:i, s:s, s:s, s:f, s:f, s:b, s:o, s:b, "
	              "s:i}",
	        "rec", "header", "format", "zombietop-recording", "version",
	        REC_FORMAT_VERSION, "zombietop", ZT_VERSION, "host", w->s.host,
	        "started", m.t, "interval_s", w->s.interval, "events",
	        w->s.events, "events_reason",
	        w->s.events_why ? json_string(w->s.events_why) : json_null(),
	        "demo", w->s.demo, "pid", (int)getpid()));
}

/* Cuts a torn record off the end of an existing recording. A file that
 * is not a recording at all is left alone: -EBADMSG. */
static int
repair_tail(int fd)
{
	struct stat sb;
	const unsigned char *map;
	size_t off = 0, doff, dlen, used;
	struct rec_mark m;
	int rc = 0;

	if (fstat(fd, &sb) < 0)
		return -errno;
	if (sb.st_size == 0)
		return 0;
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	while (off < (size_t)sb.st_size &&
	       (rc = rec_frame_scan(map + off, (size_t)sb.st_size - off, &m,
	            &doff, &dlen, &used)) == 0)
		off += used;
	munmap((void *)map, (size_t)sb.st_size);
	if (off == 0 && rc < 0)
		return rc;
	if (off < (size_t)sb.st_size && ftruncate(fd, (off_t)off) < 0)
		return -errno;
	return 0;
}

static int
open_file(struct rec_write *w)
{
	int rc;

	w->fd = open(w->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (w->fd < 0)
		return -errno;
	if ((rc = repair_tail(w->fd)) < 0)
		return rc;
	w->need_key = true;
	return put_header(w);
}

int
rec_write_open(
    const char *path, const struct rec_write_session *s, struct rec_write **out)
{
	struct rec_write *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->fd = -1;
	w->s = *s;
	w->path = strdup(path);
	w->host = strdup(s->host ? s->host : "");
	w->why = s->events_why ? strdup(s->events_why) : NULL;
	w->cctx = ZSTD_createCCtx();
	if (!w->path || !w->host || (s->events_why && !w->why) || !w->cctx) {
		rec_write_close(w);
		return -ENOMEM;
	}
	w->s.host = w->host;
	w->s.events_why = w->why;
	ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1);
	w->synced = zclock_mono();
	if ((rc = open_file(w)) < 0) {
		rec_write_close(w);
		return rc;
	}
	*out = w;
	return 0;
}

/* ---- one refresh ---- */

static json_t *
procs_all(const struct snap *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n; i++)
		json_array_append_new(a, rec_codec_proc(&s->procs[i]));
	return a;
}

static json_t *
gone_item(const struct snap_proc *p)
{
	return json_pack("[i, I]", (int)p->pid, (json_int_t)p->start_ticks);
}

/* The arrays of a delta's processes. */
struct wdelta {
	json_t *newp, *changed, *ticks, *gone;
};

/* Only the CPU time or the RSS changed: the common case, kept small as
 * [pid, start, cpu_ticks, rss_kb]. */
static bool
only_usage(const struct snap_proc *a, const struct snap_proc *b)
{
	struct snap_proc c = *a;

	c.cpu_ticks = b->cpu_ticks;
	c.rss_kb = b->rss_kb;
	return rec_codec_proc_same(&c, b);
}

static void
put_changed(
    struct wdelta *d, const struct snap_proc *a, const struct snap_proc *b)
{
	if (rec_codec_proc_same(a, b))
		return;
	if (only_usage(a, b))
		json_array_append_new(d->ticks,
		    json_pack("[i, I, I, I]", (int)b->pid,
		        (json_int_t)b->start_ticks, (json_int_t)b->cpu_ticks,
		        (json_int_t)b->rss_kb));
	else
		json_array_append_new(d->changed, rec_codec_proc(b));
}

/* The differences from last to cur (both sorted by pid) into the arrays
 * of a delta. A pid with another start time is gone and new. */
static void
diff_procs(const struct snap *last, const struct snap *cur, struct wdelta *d)
{
	size_t i = 0, j = 0;

	while (i < last->n || j < cur->n) {
		const struct snap_proc *a =
		    i < last->n ? &last->procs[i] : NULL;
		const struct snap_proc *b = j < cur->n ? &cur->procs[j] : NULL;

		if (b && (!a || b->pid < a->pid)) {
			json_array_append_new(d->newp, rec_codec_proc(b));
			j++;
		} else if (a && (!b || a->pid < b->pid)) {
			json_array_append_new(d->gone, gone_item(a));
			i++;
		} else if (a->start_ticks != b->start_ticks) {
			json_array_append_new(d->gone, gone_item(a));
			json_array_append_new(d->newp, rec_codec_proc(b));
			i++, j++;
		} else {
			put_changed(d, a, b);
			i++, j++;
		}
	}
}

static void
wdiags_free(struct wdiag *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].text);
	free(d);
}

/* The report's diagnoses as text, sorted by ppid as the report is. */
static int
wdiags_of(
    const struct zombie_report *r, double t, struct wdiag **out, size_t *n)
{
	size_t count = r ? r->n : 0;
	struct wdiag *d = calloc(count ? count : 1, sizeof(*d));

	*out = d;
	*n = 0;
	if (!d)
		return -ENOMEM;
	for (; *n < count; (*n)++) {
		json_t *o = rec_codec_diag(&r->diags[*n], t);

		d[*n].ppid = r->diags[*n].ppid;
		d[*n].text =
		    o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17))
		      : NULL;
		json_decref(o);
		if (!d[*n].text)
			return -ENOMEM;
	}
	return 0;
}

/* Keyframe: every diagnosis; delta: the new and changed ones, and the
 * parents that have none any more. */
static int
diags_put(
    struct rec_write *w, json_t *doc, const struct rec_write_frame *f, bool key)
{
	struct wdiag *cur;
	size_t n, i = 0, j = 0;
	json_t *put = json_array(), *gone = json_array();
	int rc = wdiags_of(f->report, snap_time(f->snap), &cur, &n);

	while (rc == 0 && put && gone && (i < w->ndiag || j < n)) {
		const struct wdiag *a = i < w->ndiag ? &w->diag[i] : NULL;
		const struct wdiag *b = j < n ? &cur[j] : NULL;

		if (a && (!b || a->ppid < b->ppid)) {
			json_array_append_new(gone, json_integer(a->ppid));
			i++;
			continue;
		}
		if (key || !a || a->ppid != b->ppid || strcmp(a->text, b->text))
			json_array_append_new(
			    put, json_loads(b->text, 0, NULL));
		i += a && a->ppid == b->ppid;
		j++;
	}
	json_object_set_new(doc, "diags", put ? put : json_null());
	if (!key)
		json_object_set_new(
		    doc, "diags_gone", gone ? gone : json_null());
	else
		json_decref(gone);
	wdiags_free(w->diag, w->ndiag);
	w->diag = cur;
	w->ndiag = n;
	return rc;
}

static bool
age_same(const struct rec_age *a, const struct rec_age *b)
{
	return a->pid == b->pid && a->start_ticks == b->start_ticks &&
	       a->exit_time == b->exit_time && a->exact == b->exact;
}

/* Keyframe: every zombie's exit time; delta: the new and changed ones
 * (the reader drops those of zombies gone). */
static int
ages_put(
    struct rec_write *w, json_t *doc, const struct rec_write_frame *f, bool key)
{
	json_t *a = json_array();
	size_t i = 0;
	void *p;

	for (size_t j = 0; a && j < f->nages; j++) {
		while (i < w->nage && w->age[i].pid < f->ages[j].pid)
			i++;
		if (key || i >= w->nage || !age_same(&w->age[i], &f->ages[j]))
			json_array_append_new(a, rec_codec_age(&f->ages[j]));
	}
	json_object_set_new(doc, "ages", a ? a : json_null());
	p = reallocarray(w->age, f->nages ? f->nages : 1, sizeof(*w->age));
	if (!p)
		return -ENOMEM;
	w->age = p;
	w->nage = f->nages;
	if (f->nages)
		memcpy(w->age, f->ages, f->nages * sizeof(*w->age));
	return 0;
}

static json_t *
events_arr(const struct evlog_event *ev, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, rec_codec_event(&ev[i]));
	return a;
}

/* The ring of recent events, oldest first (for keyframes). */
static json_t *
recent_arr(const struct rec_write *w)
{
	json_t *a = json_array();
	size_t first =
	    (w->head + REC_WRITE_RECENT - w->nrecent) % REC_WRITE_RECENT;

	for (size_t i = 0; a && i < w->nrecent; i++)
		json_array_append_new(
		    a, rec_codec_event(
		           &w->recent[(first + i) % REC_WRITE_RECENT]));
	return a;
}

static void
remember_events(struct rec_write *w, const struct rec_write_frame *f)
{
	for (size_t i = 0; i < f->nevents; i++) {
		w->recent[w->head] = f->events[i];
		w->head = (w->head + 1) % REC_WRITE_RECENT;
		if (w->nrecent < REC_WRITE_RECENT)
			w->nrecent++;
	}
}

static unsigned
zombie_events(const struct rec_write_frame *f)
{
	unsigned n = 0;

	for (size_t i = 0; i < f->nevents; i++)
		n += f->events[i].kind == EVLOG_APPEARED ||
		     f->events[i].kind == EVLOG_REAPED;
	return n;
}

static json_t *
frame_doc(struct rec_write *w, const struct rec_write_frame *f, bool key)
{
	const struct snap *s = f->snap;
	json_t *doc = json_pack("{s:s, s:f, s:I, s:i, s:b, s:o}", "rec",
	    key ? "key" : "delta", "t", snap_time(s), "seq", (json_int_t)w->seq,
	    "hidepid", s->hidepid, "privileged", s->privileged, "events",
	    events_arr(f->events, f->nevents));
	struct wdelta d;

	if (doc &&
	    (diags_put(w, doc, f, key) < 0 || ages_put(w, doc, f, key) < 0)) {
		json_decref(doc);
		return NULL;
	}
	if (!doc)
		return NULL;
	if (key) {
		json_object_set_new(doc, "hz", json_integer(s->hz));
		json_object_set_new(doc, "boot_time", json_real(s->boot_time));
		json_object_set_new(doc, "procs", procs_all(s));
		json_object_set_new(doc, "recent", recent_arr(w));
		return doc;
	}
	d = (struct wdelta){
	    json_array(), json_array(), json_array(), json_array()};
	if (d.newp && d.changed && d.ticks && d.gone)
		diff_procs(w->last, s, &d);
	json_object_set_new(doc, "new", d.newp ? d.newp : json_null());
	json_object_set_new(
	    doc, "changed", d.changed ? d.changed : json_null());
	json_object_set_new(doc, "ticks", d.ticks ? d.ticks : json_null());
	json_object_set_new(doc, "gone", d.gone ? d.gone : json_null());
	return doc;
}

/* Our own copy of the table as recorded, for the next delta. */
static int
keep_copy(struct rec_write *w, const struct snap *s)
{
	struct snap *c = snap_new();
	int rc = 0;

	if (!c)
		return -ENOMEM;
	for (size_t i = 0; rc == 0 && i < s->n; i++)
		rc = snap_add(c, &s->procs[i]);
	if (rc < 0) {
		snap_free(c);
		return rc;
	}
	c->taken = s->taken;
	c->hz = s->hz;
	c->boot_time = s->boot_time;
	snap_free(w->last);
	w->last = c;
	return 0;
}

static int
rotate(struct rec_write *w)
{
	char *old = NULL;
	int rc = rec_write_sync(w);

	if (rc == 0 && asprintf(&old, "%s.1", w->path) < 0)
		rc = -ENOMEM;
	close(w->fd);
	w->fd = -1;
	if (rc == 0 && rename(w->path, old) < 0)
		rc = -errno;
	free(old);
	if (rc == 0)
		rc = open_file(w);
	w->st.rotations += rc == 0;
	return rc;
}

int
rec_write_add(struct rec_write *w, const struct rec_write_frame *f)
{
	double t = snap_time(f->snap);
	double every =
	    w->s.key_seconds > 0 ? w->s.key_seconds : REC_WRITE_KEY_SECONDS;
	struct rec_mark m;
	bool key;
	int rc = 0;

	/* Before the refresh, so that a file never ends at its header. */
	if (w->s.max_size > 0 && lseek(w->fd, 0, SEEK_END) >= w->s.max_size &&
	    (rc = rotate(w)) < 0)
		return rc;
	key = w->need_key || !w->last || t - w->last_key >= every ||
	      w->since_key >= REC_WRITE_KEY_FRAMES;
	m = (struct rec_mark){
	    key ? REC_KEY : REC_DELTA, t, w->seq, zombie_events(f)};
	if ((rc = put_record(w, &m, frame_doc(w, f, key))) == 0)
		rc = keep_copy(w, f->snap);
	if (rc < 0)
		return rc;
	remember_events(w, f);
	w->seq++;
	w->st.frames++;
	w->st.keyframes += key;
	w->since_key = key ? 0 : w->since_key + 1;
	if (key)
		w->last_key = t, w->need_key = false;
	if (key || zclock_since(w->synced) >= w->s.sync_every)
		rc = rec_write_sync(w);
	return rc;
}

int
rec_write_sync(struct rec_write *w)
{
	w->synced = zclock_mono();
	w->st.syncs++;
	return fdatasync(w->fd) < 0 ? -errno : 0;
}

void
rec_write_stats(const struct rec_write *w, struct rec_write_stats *out)
{
	*out = w->st;
}

int
rec_write_close(struct rec_write *w)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->fd >= 0) {
		rc = rec_write_sync(w);
		if (close(w->fd) < 0 && rc == 0)
			rc = -errno;
	}
	ZSTD_freeCCtx(w->cctx);
	snap_free(w->last);
	wdiags_free(w->diag, w->ndiag);
	free(w->age);
	free(w->path);
	free(w->host);
	free(w->why);
	free(w);
	return rc;
}
