/* SPDX-License-Identifier: GPL-2.0-or-later */
/* snap_threads (the view's H): the test's own two extra threads become
 * entries of their own, marked SPF_THREAD, under this process, and are
 * not counted as tasks; without the reader's flag there are none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "snap.h"
#include "snap_reader.h"

static atomic_int tids[2];
static atomic_bool stop;

static void *
run(void *arg)
{
	atomic_int *slot = arg;

	atomic_store(slot, (int)syscall(SYS_gettid));
	while (!atomic_load(&stop))
		usleep(1000);
	return NULL;
}

static size_t
threads_of(const struct snap *s, pid_t pid)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if ((s->procs[i].flags & SPF_THREAD) && s->procs[i].ppid == pid)
			n++;
	return n;
}

static size_t
all_threads(const struct snap *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += (s->procs[i].flags & SPF_THREAD) != 0;
	return n;
}

static void
test_threads_listed(void **state)
{
	struct snap_reader *r = NULL;
	struct snap *s1 = NULL, *s2 = NULL;
	struct snap_counts c;
	pthread_t th[2];
	const struct snap_proc *t;

	(void)state;
	for (int i = 0; i < 2; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, run, &tids[i]), 0);
	while (!atomic_load(&tids[0]) || !atomic_load(&tids[1]))
		usleep(1000);
	assert_int_equal(snap_reader_new(&r), 0);
	assert_int_equal(snap_reader_take(r, NULL, &s1), 0);
	assert_int_equal(threads_of(s1, getpid()), 0);
	snap_reader_set_threads(r, true);
	assert_true(snap_reader_threads(r));
	assert_int_equal(snap_reader_take(r, s1, &s2), 0);
	assert_int_equal(threads_of(s2, getpid()), 2);
	t = snap_find(s2, atomic_load(&tids[0]));
	assert_non_null(t);
	assert_true(t->flags & SPF_THREAD);
	assert_int_equal(t->ppid, getpid());
	assert_non_null(t->comm);
	assert_string_equal(t->cmdline, "");
	/* Threads are not counted as tasks. */
	snap_count(s2, &c);
	assert_int_equal(c.processes, s2->n - all_threads(s2));
	atomic_store(&stop, true);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	snap_free(s1);
	snap_free(s2);
	snap_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
