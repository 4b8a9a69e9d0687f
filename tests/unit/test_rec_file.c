/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the recording's writer and reader on temporary files with
 * hand-built snapshots: keyframe and deltas rebuild each refresh exactly,
 * the cursor moves (time, step, zombie events), a cut at every byte of
 * the last record keeps everything before it, another format version and
 * garbage are refused, appending after a torn tail, rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rec_frame.h"
#include "rec_read.h"
#include "rec_write.h"

#define T0 1800000000.0

static char dir[] = "/tmp/test_rec_XXXXXX";
static char path[64];

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/r.ztr", dir);
	return 0;
}

static int
teardown(void **state)
{
	char p1[80];

	(void)state;
	snprintf(p1, sizeof(p1), "%s.1", path);
	unlink(path);
	unlink(p1);
	return rmdir(dir);
}

static void
add(struct snap *s, pid_t pid, pid_t ppid, char st, const char *comm)
{
	struct snap_proc p = {.pid = pid,
	    .ppid = ppid,
	    .state = st,
	    .threads = 1,
	    .start_ticks = (unsigned long long)pid * 10,
	    .exit_raw = st == 'Z' ? 3 << 8 : 0,
	    .flags = st == 'Z' ? SPF_EXIT_KNOWN : 0,
	    .comm = (char *)comm,
	    .cmdline = (char *)"",
	    .user = (char *)"root"};

	assert_int_equal(snap_add(s, &p), 0);
}

/* Refresh k of the test's story: 10 and 20 live; at 1 a zombie 30 of 20
 * appears; at 2 it is reaped and 40 starts; 20 burns CPU throughout. */
static struct snap *
story(int k)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	add(s, 10, 0, 'S', "init");
	add(s, 20, 10, 'S', "parent");
	s->procs[1].cpu_ticks = (unsigned long long)k * 5;
	if (k == 1)
		add(s, 30, 20, 'Z', "child\xff");
	if (k >= 2)
		add(s, 40, 10, 'R', "new");
	snap_sort(s);
	s->taken.tv_sec = (time_t)(T0 + k);
	s->hz = 100;
	s->boot_time = T0 - 1000;
	s->hidepid = 0;
	s->privileged = true;
	return s;
}

static void
write_story(const char *file, int frames, off_t max_size, double key_s)
{
	struct rec_write_session ses = {.host = "testhost",
	    .interval = 1,
	    .events = true,
	    .max_size = max_size,
	    .key_seconds = key_s};
	struct rec_write *w;

	assert_int_equal(rec_write_open(file, &ses, &w), 0);
	for (int k = 0; k < frames; k++) {
		struct snap *s = story(k % 4);
		/* The story repeats; its time goes on. */
		s->taken.tv_sec = (time_t)(T0 + k);
		struct zombie_diag d = {.ppid = 20,
		    .start_ticks = 200,
		    .reason = ZR_NO_HANDLER,
		    .facts = {.readable = true, .state = 'S'},
		    .state = 'S',
		    .zombies = 1,
		    .oldest_age = 0.5};
		struct zombie_report rep = {&d, k % 4 == 1, k % 4 == 1, 0};
		struct rec_age age = {30, 300, T0 + k - 0.5, true};
		struct evlog_event ev = {.when = {(time_t)(T0 + k), 0},
		    .kind = k % 4 == 1 ? EVLOG_APPEARED : EVLOG_REAPED,
		    .pid = 30,
		    .ppid = 20};
		struct rec_write_frame f = {
		    s, &rep, &age, k % 4 == 1, &ev, k % 4 == 1 || k % 4 == 2};

		assert_int_equal(rec_write_add(w, &f), 0);
		snap_free(s);
	}
	assert_int_equal(rec_write_close(w), 0);
}

static struct rec_read *
open_ok(const char *file)
{
	struct rec_read *r = NULL;
	char err[256];

	assert_int_equal(rec_read_open(file, &r, err, sizeof(err)), 0);
	return r;
}

/* Refresh i of the reader equals refresh i of the story. */
static void
check_refresh(struct rec_read *r, int k)
{
	struct snap *want = story(k);
	const struct snap *got = rec_read_snap(r);

	assert_non_null(got);
	assert_int_equal(got->n, want->n);
	for (size_t i = 0; i < want->n; i++)
		assert_true(
		    rec_codec_proc_same(&got->procs[i], &want->procs[i]));
	assert_int_equal(got->hz, 100);
	assert_true(rec_read_time(r) == T0 + k);
	assert_int_equal(rec_read_report(r)->n, k == 1);
	assert_int_equal(rec_read_age(r, 30, 300) != NULL, k == 1);
	snap_free(want);
}

static void
test_round_trip_and_cursor(void **state)
{
	struct rec_read *r;
	size_t n;

	(void)state;
	unlink(path);
	write_story(path, 4, 0, 0);
	r = open_ok(path);
	assert_int_equal(rec_read_count(r), 4);
	assert_string_equal(rec_read_info(r)->host, "testhost");
	assert_int_equal(rec_read_info(r)->keyframes, 1);
	for (int k = 0; k < 4; k++) {
		assert_int_equal(rec_read_seek(r, (size_t)k), 0);
		check_refresh(r, k);
	}
	/* Backwards too (from the keyframe again), and by time. */
	assert_int_equal(rec_read_step(r, -1), 0);
	check_refresh(r, 2);
	assert_int_equal(rec_read_seek_time(r, T0 + 1.7), 0);
	check_refresh(r, 1);
	assert_int_equal(rec_read_frame_events(r, &n)->kind, EVLOG_APPEARED);
	assert_int_equal(n, 1);
	assert_int_equal(rec_read_next_event(r, 1), 0);
	assert_int_equal(rec_read_cursor(r), 2);
	assert_int_equal(evlog_count(rec_read_log(r)), 2);
	assert_int_equal(rec_read_next_event(r, 1), -ENOENT);
	assert_int_equal(rec_read_seek(r, 3), 0);
	assert_int_equal(rec_read_step(r, 1), -ERANGE);
	rec_read_free(r);
}

/* A want of rec_read_find_event: the refresh's own events and snapshot
 * are the cursor's (a reap's refresh shows 40, started then). */
static bool
want_reap(const struct rec_read *r, void *arg)
{
	size_t n;
	const struct evlog_event *ev = rec_read_frame_events(r, &n);

	++*(int *)arg;
	assert_int_equal(n, 1);
	assert_int_equal(
	    snap_find(rec_read_snap(r), 40) != NULL, ev->kind == EVLOG_REAPED);
	return ev->kind == EVLOG_REAPED;
}

/* The filtered search both ways over keyframe runs of 3 (events at
 * 1, 2, 5, 6, 9, 10; reaps at 2, 6, 10), and back where it was when
 * none is left. */
static void
test_find_event(void **state)
{
	struct rec_read *r;
	int calls = 0;

	(void)state;
	unlink(path);
	write_story(path, 12, 0, 3);
	r = open_ok(path);
	assert_true(rec_read_info(r)->keyframes >= 3);
	assert_int_equal(rec_read_seek(r, 0), 0);
	assert_int_equal(rec_read_find_event(r, 1, want_reap, &calls), 0);
	assert_int_equal(rec_read_cursor(r), 2);
	assert_int_equal(rec_read_find_event(r, 1, want_reap, &calls), 0);
	assert_int_equal(rec_read_cursor(r), 6);
	assert_int_equal(rec_read_seek(r, 11), 0);
	for (int want = 10; want >= 2; want -= 4) {
		assert_int_equal(
		    rec_read_find_event(r, -1, want_reap, &calls), 0);
		assert_int_equal(rec_read_cursor(r), (size_t)want);
		assert_true(rec_read_time(r) == T0 + (double)want);
	}
	calls = 0;
	assert_int_equal(
	    rec_read_find_event(r, -1, want_reap, &calls), -ENOENT);
	assert_int_equal(calls, 1); /* the appearance at 1 */
	assert_int_equal(rec_read_cursor(r), 2);
	check_refresh(r, 2); /* decoded again, as it was */
	assert_int_equal(rec_read_seek(r, 10), 0);
	assert_int_equal(rec_read_find_event(r, 1, want_reap, &calls), -ENOENT);
	assert_int_equal(rec_read_cursor(r), 10);
	rec_read_free(r);
}

static void
test_time_specs(void **state)
{
	struct rec_read *r;
	double t;

	(void)state;
	unlink(path);
	write_story(path, 4, 0, 0);
	r = open_ok(path);
	assert_int_equal(rec_read_parse_time(r, "+2", &t), 0);
	assert_true(t == T0 + 2);
	assert_int_equal(rec_read_parse_time(r, "-1", &t), 0);
	assert_true(t == T0 + 2);
	/* 1800000000 is 2027-01-15T08:00:00Z. */
	assert_int_equal(rec_read_parse_time(r, "2027-01-15T08:00:01Z", &t), 0);
	assert_true(t == T0 + 1);
	assert_int_equal(
	    rec_read_parse_time(r, "2027-01-15T10:00:01.5+02:00", &t), 0);
	assert_true(t == T0 + 1.5);
	assert_int_equal(rec_read_parse_time(r, "yesterday", &t), -EINVAL);
	assert_int_equal(rec_read_parse_time(r, "+x", &t), -EINVAL);
	rec_read_free(r);
}

static unsigned char *
slurp(const char *file, size_t *len)
{
	FILE *f = fopen(file, "rb");
	unsigned char *buf = malloc(1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* Where the last record of buf starts. */
static size_t
last_record(const unsigned char *buf, size_t len)
{
	size_t off = 0, last = 0, doff, dlen, used;
	struct rec_mark m;

	while (off < len && rec_frame_scan(buf + off, len - off, &m, &doff,
	                        &dlen, &used) == 0) {
		last = off;
		off += used;
	}
	assert_int_equal(off, len);
	return last;
}

static void
test_truncated_tail(void **state)
{
	unsigned char *full;
	size_t len, len3;
	struct rec_read *r;
	char err[256];

	(void)state;
	unlink(path);
	write_story(path, 4, 0, 0);
	full = slurp(path, &len);
	len3 = last_record(full, len);
	for (size_t cut = len3; cut < len; cut++) {
		assert_int_equal(
		    rec_read_open_mem(full, cut, &r, err, sizeof(err)), 0);
		assert_int_equal(rec_read_count(r), 3);
		assert_int_equal(rec_read_info(r)->tail_ignored, cut - len3);
		assert_int_equal(rec_read_seek(r, 2), 0);
		check_refresh(r, 2);
		rec_read_free(r);
	}
	/* One bit flipped in the last record: its checksum refuses it. */
	full[len - 3] ^= 1;
	assert_int_equal(rec_read_open_mem(full, len, &r, err, sizeof(err)), 0);
	assert_true(rec_read_count(r) == 4 && rec_read_seek(r, 3) < 0);
	assert_int_equal(rec_read_seek(r, 2), 0);
	rec_read_free(r);
	free(full);
}

static void
test_refused(void **state)
{
	unsigned char *buf;
	size_t len;
	struct rec_read *r;
	char err[256];

	(void)state;
	unlink(path);
	write_story(path, 2, 0, 0);
	buf = slurp(path, &len);
	/* The marker's version: "ZTREC 1 H" -> "ZTREC 2 H". */
	assert_memory_equal(buf + 8, "ZTREC 1 ", 8);
	buf[14] = '2';
	assert_int_equal(rec_read_open_mem(buf, len, &r, err, sizeof(err)),
	    -EPROTONOSUPPORT);
	assert_non_null(strstr(err, "version"));
	assert_int_equal(
	    rec_read_open_mem("not a recording", 15, &r, err, sizeof(err)),
	    -EBADMSG);
	assert_int_equal(
	    rec_read_open_mem("", 0, &r, err, sizeof(err)), -EBADMSG);
	assert_int_equal(
	    rec_read_open("/nonexistent/x", &r, err, sizeof(err)), -ENOENT);
	free(buf);
}

static void
test_append_after_torn_tail(void **state)
{
	unsigned char *buf;
	size_t len;
	struct rec_read *r;

	(void)state;
	unlink(path);
	write_story(path, 2, 0, 0);
	buf = slurp(path, &len);
	assert_int_equal(truncate(path, (off_t)len - 5), 0);
	write_story(path, 2, 0, 0);
	r = open_ok(path);
	/* The torn second refresh is gone; the new session follows. */
	assert_int_equal(rec_read_info(r)->sessions, 2);
	assert_int_equal(rec_read_info(r)->tail_ignored, 0);
	assert_int_equal(rec_read_count(r), 3);
	assert_int_equal(rec_read_seek(r, 2), 0);
	check_refresh(r, 1);
	rec_read_free(r);
	free(buf);
}

static void
test_rotation(void **state)
{
	char p1[80];
	struct rec_read *r;
	struct stat sb;

	(void)state;
	unlink(path);
	snprintf(p1, sizeof(p1), "%s.1", path);
	unlink(p1);
	write_story(path, 40, 2000, 0);
	assert_int_equal(stat(p1, &sb), 0);
	r = open_ok(p1);
	assert_true(rec_read_count(r) > 0);
	rec_read_free(r);
	/* The new file starts with a header and a keyframe. */
	r = open_ok(path);
	assert_true(rec_read_count(r) > 0);
	assert_int_equal(rec_read_seek(r, 0), 0);
	assert_int_equal(rec_read_info(r)->keyframes >= 1, 1);
	rec_read_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_and_cursor),
	    cmocka_unit_test(test_time_specs),
	    cmocka_unit_test(test_find_event),
	    cmocka_unit_test(test_truncated_tail),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_append_after_torn_tail),
	    cmocka_unit_test(test_rotation),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
