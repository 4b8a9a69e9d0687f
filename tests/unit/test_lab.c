/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lab's table and name parser, and its API on real processes: start,
 * settle, fork requests, the reaper step's records, respawn and stop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "snap.h"
#include "snap_reader.h"

static void
test_table(void **state)
{
	static const char *const calls[] = {"fork()", "exit()", "wait()",
	    "waitpid(", "WNOHANG", "sigaction()", "SA_NOCLDWAIT",
	    "prctl(PR_SET_CHILD_SUBREAPER)"};

	(void)state;
	for (int i = 0; i < LAB_COUNT; i++) {
		const struct lab_scenario *s = &lab_scenarios[i];

		assert_non_null(s->name);
		assert_int_equal(lab_find_name(s->name), i);
		assert_true(strlen(s->comm) <= 15);
		assert_memory_equal(s->comm, "lab-", 4);
		assert_true(strlen(s->summary) > 10 && strlen(s->summary) < 70);
		assert_true(strlen(s->lesson) > 200);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(s->comm, lab_scenarios[j].comm);
	}
	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		int found = 0;

		for (int i = 0; i < LAB_COUNT; i++)
			found += strstr(lab_scenarios[i].lesson, calls[c]) != 0;
		if (!found)
			fail_msg("no lesson names %s", calls[c]);
	}
}

static void
test_parse(void **state)
{
	unsigned mask = 0;
	char bad[32] = "";

	(void)state;
	assert_int_equal(lab_parse_names(NULL, &mask, bad, sizeof(bad)), 0);
	assert_int_equal(mask, LAB_ALL);
	assert_int_equal(lab_parse_names("", &mask, bad, sizeof(bad)), 0);
	assert_int_equal(mask, LAB_ALL);
	assert_int_equal(
	    lab_parse_names("stopped,negligent", &mask, bad, sizeof(bad)), 0);
	assert_int_equal(mask, (1u << LAB_STOPPED) | (1u << LAB_NEGLIGENT));
	assert_int_equal(
	    lab_parse_names("one-per-signal,orphan", &mask, bad, sizeof(bad)),
	    0);
	assert_int_equal(mask, (1u << LAB_ONE_PER_SIGNAL) | (1u << LAB_ORPHAN));
	assert_int_equal(
	    lab_parse_names("negligent,bogus", &mask, bad, sizeof(bad)),
	    -EINVAL);
	assert_string_equal(bad, "bogus");
	assert_int_equal(
	    lab_parse_names("negligent,,stopped", &mask, bad, sizeof(bad)),
	    -EINVAL);
	assert_int_equal(lab_parse_names("x-much-too-long-name-for-a-lab",
	                     &mask, bad, sizeof(bad)),
	    -EINVAL);
	assert_int_equal(lab_find_name("Negligent"), -1);
}

struct reaped_log {
	struct lab_reaped rec[64];
	size_t n;
};

static void
reap_into(struct lab *lab, struct reaped_log *log)
{
	int n;

	do {
		n = lab_reap(lab, log->rec + log->n,
		    sizeof(log->rec) / sizeof(log->rec[0]) - log->n);
		assert_true(n >= 0);
		log->n += (size_t)n;
	} while (n > 0 && log->n < sizeof(log->rec) / sizeof(log->rec[0]));
}

static void
nap(void)
{
	nanosleep(&(struct timespec){0, 20000000L}, NULL);
}

/* Reaps and snapshots until pred(lab, snap, arg) holds (bounded). */
static struct snap *
until(struct lab *lab, struct snap_reader *r, struct reaped_log *log,
    int (*pred)(struct lab *, const struct snap *, long), long arg)
{
	for (int i = 0; i < 1500; i++) {
		struct snap *s = NULL;

		reap_into(lab, log);
		assert_int_equal(snap_reader_take(r, NULL, &s), 0);
		if (pred(lab, s, arg))
			return s;
		snap_free(s);
		nap();
	}
	fail_msg("condition not reached");
	return NULL;
}

static int
settled(struct lab *lab, const struct snap *s, long arg)
{
	(void)arg;
	return lab_pending(lab, s) == 0;
}

static int
zombies_of(const struct snap *s, pid_t ppid)
{
	int n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->procs[i].ppid == ppid && snap_is_zombie(&s->procs[i]);
	return n;
}

static int
negligent_has(struct lab *lab, const struct snap *s, long want)
{
	return zombies_of(s, lab_parent(lab, LAB_NEGLIGENT)) == want;
}

static int
negligent_reaped(struct lab *lab, const struct snap *s, long arg)
{
	(void)s;
	(void)arg;
	return lab_parent(lab, LAB_NEGLIGENT) == 0;
}

static size_t
our_children(void)
{
	char path[64];
	FILE *f;
	size_t n = 0;
	int pid;

	snprintf(
	    path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	if (!(f = fopen(path, "r")))
		return 0;
	while (fscanf(f, "%d", &pid) == 1)
		n++;
	fclose(f);
	return n;
}

static void
test_lifecycle(void **state)
{
	struct snap_reader *r = NULL;
	struct lab *lab = NULL;
	struct reaped_log log = {.n = 0};
	struct snap *s;
	pid_t neg, old;
	int exits = 0;

	(void)state;
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(lab_new(&lab), 0);
	assert_int_equal(
	    lab_start(lab, (1u << LAB_NEGLIGENT) | (1u << LAB_ORPHAN) |
	                       (1u << LAB_LEADER_EXITED)),
	    0);
	assert_int_equal(lab_running(lab), (1u << LAB_NEGLIGENT) |
	                                       (1u << LAB_ORPHAN) |
	                                       (1u << LAB_LEADER_EXITED));
	s = until(lab, r, &log, settled, 0);
	neg = lab_parent(lab, LAB_NEGLIGENT);
	assert_true(neg > 0);
	assert_int_equal(lab_scenario_of(lab, neg), LAB_NEGLIGENT);
	for (size_t i = 0; i < s->n; i++)
		if (s->procs[i].ppid == neg)
			assert_int_equal(lab_scenario_of(lab, s->procs[i].pid),
			    LAB_NEGLIGENT);
	assert_int_equal(lab_scenario_of(lab, getpid()), -1);
	snap_free(s);

	/* The orphan's parent is gone (reaped, logged); it cannot fork. */
	assert_int_equal(lab_parent(lab, LAB_ORPHAN), 0);
	assert_int_equal(lab_fork_child(lab, LAB_ORPHAN), -ESRCH);
	assert_int_equal(lab_fork_child(lab, LAB_LEADER_EXITED), -ENOTSUP);
	assert_true(log.n >= 1);
	assert_string_equal(log.rec[0].comm, "lab-orphan");
	assert_int_equal(log.rec[0].scenario, LAB_ORPHAN);
	assert_true(WIFEXITED(log.rec[0].status));

	assert_int_equal(lab_fork_child(lab, LAB_NEGLIGENT), 0);
	snap_free(until(lab, r, &log, negligent_has, 4));

	/* SIGTERM hands the zombies to us: the reaper step logs them. */
	log.n = 0;
	assert_int_equal(kill(neg, SIGTERM), 0);
	snap_free(until(lab, r, &log, negligent_reaped, 0));
	for (int i = 0; i < 20 && log.n < 5; i++, nap())
		reap_into(lab, &log);
	assert_int_equal(log.n, 5);
	for (size_t i = 0; i < log.n; i++) {
		assert_int_equal(log.rec[i].scenario, LAB_NEGLIGENT);
		if (log.rec[i].pid == neg) {
			assert_string_equal(log.rec[i].comm, "lab-negligent");
			assert_true(WIFSIGNALED(log.rec[i].status) &&
			            WTERMSIG(log.rec[i].status) == SIGTERM);
		} else {
			assert_string_equal(log.rec[i].comm, "lab-child");
			exits |= 1 << WEXITSTATUS(log.rec[i].status);
		}
	}
	assert_int_equal(exits, 0x1e); /* 1, 2, 3 and the requested 4 */

	/* Respawn: a new parent with its three zombies again. */
	old = neg;
	assert_int_equal(lab_respawn(lab, LAB_NEGLIGENT), 0);
	s = until(lab, r, &log, settled, 0);
	neg = lab_parent(lab, LAB_NEGLIGENT);
	assert_true(neg > 0 && neg != old);
	assert_int_equal(zombies_of(s, neg), 3);
	snap_free(s);

	lab_stop(lab);
	assert_int_equal(lab_running(lab), 0);
	assert_int_equal(our_children(), 0);
	assert_int_equal(lab_fork_child(lab, LAB_NEGLIGENT), -ESRCH);
	lab_free(lab);
	snap_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_lifecycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
