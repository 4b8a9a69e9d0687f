/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The outcome tracker under a low limit on open files, with real zombie
 * children of the test: past its cap it follows zombies by identity and
 * still counts every reap; a zombie it cannot look at (EMFILE) is an
 * error, never "already gone". */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "outcome.h"
#include "sigact.h"
#include "testproc.h"

#define NZ 40

static struct rlimit saved;

/* Sets the soft limit on open files; the old one is restored after. */
static int
setup_limit(void **state)
{
	(void)state;
	return getrlimit(RLIMIT_NOFILE, &saved);
}

static int
restore_limit(void **state)
{
	(void)state;
	return setrlimit(RLIMIT_NOFILE, &saved);
}

static void
lower_limit(rlim_t n)
{
	struct rlimit rl = saved;

	rl.rlim_cur = n;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
}

static size_t
fds_held(const struct outcome *o)
{
	size_t n = o->parent_fd >= 0;

	for (size_t i = 0; i < o->n; i++)
		n += o->z[i].fd >= 0;
	return n;
}

static void
make_zombies(struct sigact_target *z, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		z[i].pid = testproc_zombie((int)i, NULL);
		z[i].start_ticks = testproc_start(z[i].pid);
	}
}

static void
reap(const struct sigact_target *z, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		assert_int_equal(waitpid(z[i].pid, NULL, 0), z[i].pid);
}

/* Under a soft limit of 64 it holds at most 16 pidfds for 40 zombies, and
 * still sees each reap, by its parent, at the right count. */
static void
test_cap_follows_all(void **state)
{
	struct sigact_target z[NZ];
	struct sigact_group g = {{getpid(), testproc_start(getpid())}, z, NZ};
	struct outcome o;
	char line[512];

	(void)state;
	if (getenv("ZT_VALGRIND_RUN"))
		skip(); /* valgrind keeps fds of its own below the limit */
	make_zombies(z, NZ);
	lower_limit(64);
	assert_int_equal(outcome_begin(&o, &g), 0);
	outcome_start(&o);
	assert_true(fds_held(&o) <= 16);
	assert_int_equal(outcome_reaped(&o), 0);
	assert_int_equal(outcome_poll(&o, 0), NZ);
	reap(z, 0, NZ / 2);
	assert_int_equal(outcome_wait(&o, 0.3), NZ / 2);
	reap(z, NZ / 2, NZ);
	assert_int_equal(outcome_wait(&o, 10), 0);
	for (size_t i = 0; i < NZ; i++) {
		assert_int_equal(o.z[i].by, OUTCOME_BY_PARENT);
		assert_int_equal(o.z[i].reaper, getpid());
	}
	outcome_summary(&o, line, sizeof(line));
	assert_non_null(strstr(line, "40 of 40 zombies reaped"));
	outcome_done(&o);
}

/* Two actions followed at once share the budget: under a soft limit of
 * 64 they hold 16 pidfds between them, and both count every reap. */
static void
test_cap_is_shared(void **state)
{
	struct sigact_target z[2][NZ / 2];
	struct sigact_group g[2] = {
	    {{getpid(), testproc_start(getpid())}, z[0], NZ / 2},
	    {{getpid(), testproc_start(getpid())}, z[1], NZ / 2}};
	struct outcome o[2];

	(void)state;
	if (getenv("ZT_VALGRIND_RUN"))
		skip();
	make_zombies(z[0], NZ / 2);
	make_zombies(z[1], NZ / 2);
	lower_limit(64);
	assert_int_equal(outcome_begin(&o[0], &g[0]), 0);
	assert_int_equal(outcome_begin(&o[1], &g[1]), 0);
	assert_true(fds_held(&o[0]) + fds_held(&o[1]) <= 16);
	reap(z[1], 0, NZ / 2);
	assert_int_equal(outcome_wait(&o[1], 10), 0);
	assert_int_equal(outcome_poll(&o[0], 0), NZ / 2);
	reap(z[0], 0, NZ / 2);
	assert_int_equal(outcome_wait(&o[0], 10), 0);
	assert_int_equal(outcome_reaped(&o[0]) + outcome_reaped(&o[1]), NZ);
	outcome_done(&o[0]);
	outcome_done(&o[1]);
}

/* Every descriptor taken: the zombies cannot even be read in /proc. They
 * are not "already gone": the error is said, and once descriptors are
 * free again they are followed to their reap. */
static void
test_emfile_is_an_error(void **state)
{
	struct sigact_target z[3];
	struct sigact_group g = {{getpid(), testproc_start(getpid())}, z, 3};
	struct outcome o;
	int fds[64], nfds = 0, fd;
	char line[512];

	(void)state;
	if (getenv("ZT_VALGRIND_RUN"))
		skip();
	make_zombies(z, 3);
	lower_limit(64);
	while (nfds < 64 && (fd = open("/dev/null", O_RDONLY)) >= 0)
		fds[nfds++] = fd;
	assert_int_equal(errno, EMFILE);
	assert_int_equal(outcome_begin(&o, &g), 0);
	outcome_start(&o);
	for (size_t i = 0; i < 3; i++) {
		assert_false(o.z[i].reaped);
		assert_int_equal(o.z[i].err, -EMFILE);
	}
	assert_int_equal(outcome_poll(&o, 0), 3);
	outcome_describe(&o, 0, "--via term", line, sizeof(line));
	assert_non_null(strstr(line, "could not be followed: Too many open"));
	assert_null(strstr(line, "gone"));
	while (nfds > 0)
		close(fds[--nfds]);
	assert_int_equal(outcome_poll(&o, 0), 3);
	assert_int_equal(o.z[0].err, 0);
	reap(z, 0, 3);
	assert_int_equal(outcome_wait(&o, 10), 0);
	assert_int_equal(outcome_reaped(&o), 3);
	assert_int_equal(o.z[2].by, OUTCOME_BY_PARENT);
	outcome_done(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_cap_follows_all, setup_limit, restore_limit),
	    cmocka_unit_test_setup_teardown(
	        test_cap_is_shared, setup_limit, restore_limit),
	    cmocka_unit_test_setup_teardown(
	        test_emfile_is_an_error, setup_limit, restore_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
