/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the view's replay source on a recording written here:
 * the view starts paused on the first refresh; steps, zombie events and
 * times move the cursor and the model follows (rows, the recorded
 * diagnosis and exit time, the log up to the cursor); playing steps one
 * refresh per scan and pauses at the end; a missing file is an error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rec_write.h"
#include "view.h"
#include "view_replay.h"

#define T0 1800000000.0
#define FRAMES 4

static char dir[] = "/tmp/test_vrep_XXXXXX";
static char path[64];

static void
put(struct snap *s, pid_t pid, pid_t ppid, char st)
{
	struct snap_proc p = {.pid = pid,
	    .ppid = ppid,
	    .state = st,
	    .threads = 1,
	    .start_ticks = (unsigned long long)pid * 7,
	    .exit_raw = st == 'Z' ? 5 << 8 : 0,
	    .flags = st == 'Z' ? SPF_EXIT_KNOWN : 0,
	    .comm = (char *)(st == 'Z' ? "kid" : "proc"),
	    .cmdline = (char *)"",
	    .user = (char *)"root"};

	assert_int_equal(snap_add(s, &p), 0);
}

/* Refresh k: 1 and 2 live; at 1 a zombie 3 of 2 (exit 5) appears; at 2
 * it is reaped. */
static struct snap *
refresh(int k)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	put(s, 1, 0, 'S');
	put(s, 2, 1, 'S');
	if (k == 1)
		put(s, 3, 2, 'Z');
	snap_sort(s);
	s->taken.tv_sec = (time_t)(T0 + 10 * k);
	s->hz = 100;
	s->boot_time = T0 - 500;
	s->privileged = true;
	return s;
}

static void
record(void)
{
	struct rec_write_session ses = {.host = "h", .interval = 10};
	struct rec_write *w;

	assert_int_equal(rec_write_open(path, &ses, &w), 0);
	for (int k = 0; k < FRAMES; k++) {
		struct snap *s = refresh(k);
		struct zombie_diag d = {.ppid = 2,
		    .start_ticks = 14,
		    .reason = ZR_NO_HANDLER,
		    .state = 'S',
		    .zombies = 1,
		    .oldest_age = 1};
		struct zombie_report rep = {&d, k == 1, k == 1, 0};
		struct rec_age age = {3, 21, T0 + 9, true};
		struct evlog_event ev = {.when = {(time_t)(T0 + 10 * k), 0},
		    .kind = k == 1 ? EVLOG_APPEARED : EVLOG_REAPED,
		    .pid = 3,
		    .ppid = 2};
		struct rec_write_frame f = {
		    s, &rep, &age, k == 1, &ev, k == 1 || k == 2};

		assert_int_equal(rec_write_add(w, &f), 0);
		snap_free(s);
	}
	assert_int_equal(rec_write_close(w), 0);
}

static int
group_setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/r.ztr", dir);
	record();
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static int
setup(void **state)
{
	struct view_opts o = {.delay = 1};
	struct view *v = NULL;
	char err[256];

	if (view_new(&o, &v) < 0 ||
	    view_replay_open(v, path, err, sizeof(err)) < 0 ||
	    view_refresh(v) < 0)
		return -1;
	*state = v;
	return 0;
}

static int
teardown(void **state)
{
	view_free(*state);
	return 0;
}

static size_t
cursor(const struct view *v)
{
	size_t n;

	return view_replay_cursor(v, &n);
}

static void
test_starts_paused_on_the_first(void **state)
{
	struct view *v = *state;

	assert_true(v->paused);
	assert_int_equal(cursor(v), 0);
	assert_int_equal(v->snap->n, 2);
	assert_true(v->scan_time == T0);
	assert_string_equal(view_replay_info(v)->host, "h");
	assert_int_equal(view_scan_start(v), 0); /* paused: no step */
	assert_int_equal(view_scan_collect(v), 0);
	assert_int_equal(cursor(v), 0);
}

static void
test_steps_follow_the_recording(void **state)
{
	struct view *v = *state;
	const struct snap_proc *z;

	assert_int_equal(view_replay_step(v, 1), 0);
	assert_int_equal(v->snap->n, 3);
	z = snap_find(v->snap, 3);
	assert_non_null(z);
	assert_true(snap_is_zombie(z));
	/* The recorded exit time and diagnosis, not this machine's. */
	assert_true(v->zsince[z - v->snap->procs] == T0 + 9);
	assert_true(v->zexact[z - v->snap->procs]);
	assert_int_equal(v->report.n, 1);
	assert_int_equal(v->report.diags[0].ppid, 2);
	assert_int_equal(evlog_count(view_replay_log(v)), 1);
	assert_int_equal(v->nrows, 3);
	assert_int_equal(view_replay_step(v, -1), 0);
	assert_int_equal(v->snap->n, 2);
	assert_int_equal(v->report.n, 0);
	assert_int_equal(evlog_count(view_replay_log(v)), 0);
	assert_int_equal(view_replay_step(v, -1), -ERANGE);
	assert_int_equal(cursor(v), 0);
}

static void
test_events_and_times(void **state)
{
	struct view *v = *state;

	assert_int_equal(view_replay_event(v, 1), 0);
	assert_int_equal(cursor(v), 1);
	assert_int_equal(view_replay_event(v, 1), 0);
	assert_int_equal(cursor(v), 2);
	assert_null(snap_find(v->snap, 3)); /* reaped */
	assert_int_equal(view_replay_event(v, 1), -ENOENT);
	assert_int_equal(cursor(v), 2);
	assert_int_equal(view_replay_goto(v, "-0"), 0);
	assert_int_equal(cursor(v), FRAMES - 1);
	assert_int_equal(view_replay_goto(v, "+15"), 0);
	assert_int_equal(cursor(v), 1);
	assert_non_null(snap_find(v->snap, 3));
	assert_int_equal(view_replay_goto(v, "soon"), -EINVAL);
	assert_int_equal(cursor(v), 1);
	assert_int_equal(view_replay_goto(v, "+0"), 0);
	assert_int_equal(cursor(v), 0);
}

static void
test_play_steps_then_pauses(void **state)
{
	struct view *v = *state;

	v->paused = false;
	for (int k = 1; k < FRAMES; k++) {
		assert_int_equal(view_scan_start(v), 0);
		assert_int_equal(view_scan_collect(v), 1);
		assert_int_equal(cursor(v), k);
		assert_true(v->scan_time == T0 + 10 * k);
	}
	assert_int_equal(view_scan_start(v), 0);
	assert_true(v->paused);
	assert_int_equal(view_scan_collect(v), 0);
	assert_int_equal(cursor(v), FRAMES - 1);
}

static void
test_missing_file(void **state)
{
	struct view_opts o = {.delay = 1};
	struct view *v = NULL;
	char err[256] = "";

	(void)state;
	assert_int_equal(view_new(&o, &v), 0);
	assert_int_equal(
	    view_replay_open(v, "/nonexistent/r.ztr", err, sizeof(err)),
	    -ENOENT);
	assert_true(err[0] != '\0');
	assert_null(v->replay);
	view_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_starts_paused_on_the_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_steps_follow_the_recording, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_events_and_times, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_play_steps_then_pauses, setup, teardown),
	    cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
