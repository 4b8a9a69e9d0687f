/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event ring (bounded, oldest dropped), its JSON and text exports, and
 * evwatch turning snapshots built in memory into events. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evlog.h"
#include "evwatch.h"

static void
test_ring_keeps_the_last(void **state)
{
	struct evlog *log;
	struct evlog_event ev = {.kind = EVLOG_APPEARED};

	(void)state;
	assert_int_equal(evlog_new(0, &log), -EINVAL);
	assert_int_equal(evlog_new(3, &log), 0);
	for (int i = 1; i <= 5; i++) {
		ev.pid = i;
		evlog_add(log, &ev);
	}
	assert_int_equal(evlog_count(log), 3);
	assert_int_equal(evlog_dropped(log), 2);
	assert_int_equal(evlog_at(log, 0)->pid, 3);
	assert_int_equal(evlog_at(log, 2)->pid, 5);
	assert_null(evlog_at(log, 3));
	/* evlog_add stamps events that came without a time. */
	assert_true(evlog_at(log, 0)->when.tv_sec > 0);
	evlog_free(log);
	evlog_free(NULL);
}

static json_t *
roundtrip(const struct evlog_event *ev)
{
	json_t *o = evlog_json(ev);
	char *s;
	json_t *back;

	assert_non_null(o);
	s = json_dumps(o, JSON_COMPACT);
	assert_non_null(s);
	back = json_loads(s, 0, NULL);
	assert_non_null(back);
	free(s);
	json_decref(o);
	return back;
}

static void
test_json_per_kind(void **state)
{
	struct evlog_event ev = {.kind = EVLOG_REAPED,
	    .when = {1700000000, 250000000},
	    .pid = 42,
	    .ppid = 7,
	    .by_new_parent = true,
	    .exit_known = true,
	    .exit_raw = 3 << 8,
	    .after = 1.5,
	    .comm = "bad\xff\x1bname"};
	json_t *o;

	(void)state;
	o = roundtrip(&ev);
	assert_string_equal(
	    json_string_value(json_object_get(o, "event")), "zombie_reaped");
	assert_string_equal(json_string_value(json_object_get(o, "time")),
	    "2023-11-14T22:13:20.250Z");
	assert_int_equal(json_integer_value(json_object_get(o, "reaper")), 7);
	assert_true(json_is_true(json_object_get(o, "by_new_parent")));
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(o, "status"), "text")),
	    "exit 3");
	/* Invalid UTF-8 and control bytes are escaped, never dropped. */
	assert_null(strchr(json_string_value(json_object_get(o, "comm")), 27));
	assert_non_null(
	    strstr(json_string_value(json_object_get(o, "comm")), "bad"));
	json_decref(o);

	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_ACTION;
	ev.pid = 9;
	ev.sig = 17;
	ev.result = -1;
	ev.count = 2;
	snprintf(ev.text, sizeof(ev.text), "sent SIGCHLD");
	o = roundtrip(&ev);
	assert_string_equal(
	    json_string_value(json_object_get(o, "signal_name")), "SIGCHLD");
	assert_int_equal(json_integer_value(json_object_get(o, "zombies")), 2);
	assert_string_equal(
	    json_string_value(json_object_get(o, "message")), "sent SIGCHLD");
	json_decref(o);

	memset(&ev, 0, sizeof(ev));
	ev.kind = EVLOG_PARENT_EXITED;
	ev.pid = 9;
	ev.count = 4;
	o = roundtrip(&ev);
	assert_true(json_is_null(json_object_get(o, "new_parent")));
	assert_int_equal(json_integer_value(json_object_get(o, "zombies")), 4);
	json_decref(o);
}

static void
test_text_lines(void **state)
{
	struct evlog_event ev = {.kind = EVLOG_APPEARED,
	    .when = {1700000000, 0},
	    .pid = 42,
	    .ppid = 7,
	    .exit_known = true,
	    .exit_raw = 9,
	    .comm = "a\nb"};
	char line[512];

	(void)state;
	evlog_format(&ev, line, sizeof(line));
	assert_non_null(strstr(line, "zombie 42 (a\\nb) appeared, parent 7: "
	                             "killed by SIGKILL"));
	assert_null(strchr(line, '\n'));
	ev.kind = EVLOG_PARENT_EXITED;
	ev.ppid = 0;
	ev.count = 1;
	evlog_format(&ev, line, sizeof(line));
	assert_non_null(strstr(line, "leaving 1 zombie to an unseen process"));
}

static void
add(struct snap *s, pid_t pid, pid_t ppid, char state, unsigned long long st)
{
	char comm[] = "proc";
	struct snap_proc p = {.pid = pid,
	    .ppid = ppid,
	    .state = state,
	    .threads = 1,
	    .start_ticks = st,
	    .comm = comm};

	if (state == 'Z') {
		p.flags = SPF_EXIT_KNOWN;
		p.exit_raw = (int)pid << 8 & 0xff00;
	}
	assert_int_equal(snap_add(s, &p), 0);
}

static struct snap *
snap_at(long sec)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	s->taken.tv_sec = sec;
	return s;
}

static void
test_evwatch_sequence(void **state)
{
	struct snap *s1 = snap_at(100), *s2 = snap_at(102), *s3 = snap_at(105);
	struct evlog *log;
	struct evwatch w;
	const struct evlog_event *e;

	(void)state;
	add(s1, 1, 0, 'S', 1);
	add(s1, 10, 1, 'S', 5);
	add(s1, 11, 10, 'Z', 6);
	add(s1, 20, 1, 'S', 7);
	add(s1, 21, 20, 'S', 8);
	add(s2, 1, 0, 'S', 1);
	add(s2, 10, 1, 'S', 5); /* 11 was reaped by 10 */
	add(s2, 20, 1, 'S', 7);
	add(s2, 21, 20, 'S', 8);
	add(s2, 22, 20, 'Z', 9); /* new zombie of 20 */
	add(s3, 1, 0, 'S', 1);
	add(s3, 10, 1, 'S', 5);
	add(s3, 21, 1, 'S', 8); /* 20 died: its child went to 1 */
	snap_sort(s1);
	snap_sort(s2);
	snap_sort(s3);
	assert_int_equal(evlog_new(16, &log), 0);
	evwatch_init(&w);

	assert_int_equal(evwatch_update(&w, NULL, s1, log), 1);
	e = evlog_at(log, 0);
	assert_int_equal(e->kind, EVLOG_APPEARED);
	assert_int_equal(e->pid, 11);
	assert_true(e->initial);

	assert_int_equal(evwatch_update(&w, s1, s2, log), 2);
	e = evlog_at(log, 1);
	assert_int_equal(e->kind, EVLOG_REAPED);
	assert_int_equal(e->pid, 11);
	assert_int_equal(e->ppid, 10);
	assert_false(e->by_new_parent);
	assert_true(e->after > 1.9 && e->after < 2.1);
	assert_int_equal(e->exit_raw, 11 << 8);
	e = evlog_at(log, 2);
	assert_int_equal(e->kind, EVLOG_APPEARED);
	assert_int_equal(e->pid, 22);
	assert_false(e->initial);

	assert_int_equal(evwatch_update(&w, s2, s3, log), 2);
	e = evlog_at(log, 3);
	assert_int_equal(e->kind, EVLOG_PARENT_EXITED);
	assert_int_equal(e->pid, 20);
	assert_int_equal(e->count, 1);
	assert_int_equal(e->ppid, 1);
	e = evlog_at(log, 4);
	assert_int_equal(e->kind, EVLOG_REAPED);
	assert_int_equal(e->pid, 22);
	assert_true(e->by_new_parent);
	assert_int_equal(e->ppid, 1);

	/* Nothing changed: no event. */
	assert_int_equal(evwatch_update(&w, s3, s3, log), 0);
	evwatch_done(&w);
	evlog_free(log);
	snap_free(s1);
	snap_free(s2);
	snap_free(s3);
}

/* Many parents exit at once: each with zombies gets one event with its
 * own count, the others none; interleaved pids test the lookup. */
static void
test_many_parents_exit(void **state)
{
	struct snap *s1 = snap_new(), *s2 = snap_new();
	struct evlog *log = NULL;
	struct evwatch w;
	int want = 0;
	size_t n0;

	(void)state;
	add(s1, 1, 0, 'S', 1);
	add(s2, 1, 0, 'S', 1);
	for (pid_t p = 0; p < 40; p++) {
		pid_t parent = 100 + p * 10;

		add(s1, parent, 1, 'S', 2);
		for (pid_t z = 1; z <= p % 4; z++)
			add(s1, parent + z, parent, 'Z', 3);
		want += p % 4 > 0;
	}
	snap_sort(s1);
	snap_sort(s2);
	assert_int_equal(evlog_new(256, &log), 0);
	evwatch_init(&w);
	assert_int_equal(evwatch_update(&w, NULL, s1, log), 60);
	n0 = evlog_count(log);
	/* each parent's event, then each reaped zombie's */
	assert_int_equal(evwatch_update(&w, s1, s2, log), want + 60);
	for (size_t i = 0; i < (size_t)want; i++) {
		const struct evlog_event *e = evlog_at(log, n0 + i);

		assert_int_equal(e->kind, EVLOG_PARENT_EXITED);
		assert_int_equal(e->count, (e->pid - 100) / 10 % 4);
		assert_string_equal(e->comm, "proc");
	}
	evwatch_done(&w);
	evlog_free(log);
	snap_free(s1);
	snap_free(s2);
}

/* Zombies known from earlier refreshes are found again whatever order
 * they came in (a lower pid after pid wrap-around): no event twice. */
static void
test_known_zombies_stay_quiet(void **state)
{
	struct snap *s1 = snap_new(), *s2 = snap_new(), *s3 = snap_new();
	struct evlog *log = NULL;
	struct evwatch w;

	(void)state;
	add(s1, 1, 0, 'S', 1);
	add(s1, 500, 1, 'Z', 5);
	add(s1, 700, 1, 'Z', 7);
	add(s2, 1, 0, 'S', 1);
	add(s2, 30, 1, 'Z', 9); /* wrapped around */
	add(s2, 500, 1, 'Z', 5);
	add(s2, 600, 1, 'Z', 9);
	add(s2, 700, 1, 'Z', 7);
	add(s3, 1, 0, 'S', 1);
	add(s3, 30, 1, 'Z', 9);
	add(s3, 600, 1, 'Z', 9);
	add(s3, 700, 1, 'Z', 7);
	add(s3, 800, 1, 'Z', 10);
	snap_sort(s1);
	snap_sort(s2);
	snap_sort(s3);
	assert_int_equal(evlog_new(64, &log), 0);
	evwatch_init(&w);
	assert_int_equal(evwatch_update(&w, NULL, s1, log), 2);
	assert_int_equal(evwatch_update(&w, s1, s2, log), 2);
	assert_int_equal(evwatch_update(&w, s2, s2, log), 0);
	/* 500 reaped, 800 new; the rest known */
	assert_int_equal(evwatch_update(&w, s2, s3, log), 2);
	assert_int_equal(evlog_at(log, 4)->kind, EVLOG_REAPED);
	assert_int_equal(evlog_at(log, 4)->pid, 500);
	assert_int_equal(evlog_at(log, 5)->kind, EVLOG_APPEARED);
	assert_int_equal(evlog_at(log, 5)->pid, 800);
	assert_int_equal(evwatch_update(&w, s3, s3, log), 0);
	evwatch_done(&w);
	evlog_free(log);
	snap_free(s1);
	snap_free(s2);
	snap_free(s3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ring_keeps_the_last),
	    cmocka_unit_test(test_json_per_kind),
	    cmocka_unit_test(test_text_lines),
	    cmocka_unit_test(test_evwatch_sequence),
	    cmocka_unit_test(test_many_parents_exit),
	    cmocka_unit_test(test_known_zombies_stay_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
