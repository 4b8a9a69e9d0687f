/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's model without a terminal: a real tree of this test's own
 * processes (two children, one of them holding a zombie), refreshed through
 * view and checked row by row: order, depth, collapse, filter, search,
 * the zombie jump, list order and the selection carried over a refresh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testproc.h"
#include "view_rows.h"
#include "view.h"

struct family {
	pid_t sleeper; /* "zt-vsleep": sleeps until killed */
	pid_t holder;  /* "zt-vhold": holds zombie, never waits */
	pid_t zombie;  /* holder's child, exited with 3 */
	struct view *v;
	pid_t self;
};

/* A child named name that pauses; with_zombie, it first forks a child that
 * exits at once and writes that child's pid to fd. */
static pid_t
spawn(const char *name, bool with_zombie, int fd)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	prctl(PR_SET_NAME, name);
	if (with_zombie) {
		pid_t z = fork();

		if (z == 0)
			_exit(3);
		if (write(fd, &z, sizeof(z)) != sizeof(z))
			_exit(1);
	}
	for (;;)
		pause();
}

/* Polls (up to 10 s) until pid shows state want. */
static bool
wait_state(pid_t pid, char want)
{
	for (int i = 0; i < 1000; i++) {
		if (testproc_state(pid) == want)
			return true;
		usleep(10000);
	}
	return false;
}

static int
setup(void **state)
{
	struct family *f = calloc(1, sizeof(*f));
	int fds[2];

	assert_non_null(f);
	assert_int_equal(pipe(fds), 0);
	f->self = getpid();
	f->sleeper = spawn("zt-vsleep", false, -1);
	f->holder = spawn("zt-vhold", true, fds[1]);
	assert_int_equal(read(fds[0], &f->zombie, sizeof(f->zombie)),
	    (ssize_t)sizeof(f->zombie));
	close(fds[0]);
	close(fds[1]);
	assert_true(wait_state(f->zombie, 'Z'));
	assert_true(wait_state(f->sleeper, 'S'));

	struct view_opts o = {.pids = &f->self, .npids = 1};

	assert_int_equal(view_new(&o, &f->v), 0);
	assert_int_equal(view_refresh(f->v), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct family *f = *state;

	view_free(f->v);
	/* The holder's zombie passes to the subreaper that runs the suite. */
	kill(f->holder, SIGKILL);
	kill(f->sleeper, SIGKILL);
	waitpid(f->holder, NULL, 0);
	waitpid(f->sleeper, NULL, 0);
	free(f);
	return 0;
}

static void
test_tree_rows(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;
	long self = view_row_of(v, f->self), hold = view_row_of(v, f->holder);
	long z = view_row_of(v, f->zombie), sl = view_row_of(v, f->sleeper);

	assert_int_equal(self, 0);
	assert_true(hold > 0 && sl > 0);
	assert_int_equal(z, hold + 1);
	assert_int_equal(v->rows[z].parent_row, hold);
	assert_int_equal(v->rows[z].depth, v->rows[hold].depth + 1);
	assert_int_equal(v->rows[hold].parent_row, 0);
	assert_true(snap_is_zombie(view_proc(v, (size_t)z)));
	assert_int_equal(view_node(v, (size_t)hold)->zombies, 1);
}

static void
test_collapse(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;

	view_set_cursor(v, view_row_of(v, f->holder));
	assert_int_equal(view_set_collapsed(v, true), 0);
	assert_int_equal(view_rebuild(v), 0);
	assert_int_equal(view_row_of(v, f->zombie), -1);
	assert_true(v->folded[view_row_of(v, f->holder)]);
	/* The collapsed set is kept by identity over a refresh. */
	assert_int_equal(view_refresh(v), 0);
	assert_int_equal(view_row_of(v, f->zombie), -1);
	view_expand_all(v);
	assert_int_equal(view_rebuild(v), 0);
	assert_int_equal(
	    view_row_of(v, f->zombie), view_row_of(v, f->holder) + 1);
}

static void
test_filter_keeps_ancestors(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;

	snprintf(v->filter, sizeof(v->filter), "zt-vsleep");
	assert_int_equal(view_rebuild(v), 0);
	assert_int_equal(v->nrows, 2); /* the test itself, and the sleeper */
	assert_int_equal(view_row_of(v, f->self), 0);
	assert_int_equal(view_row_of(v, f->sleeper), 1);
	v->list_mode = true;
	assert_int_equal(view_rebuild(v), 0);
	assert_int_equal(v->nrows, 1);
	assert_int_equal(v->rows[0].parent_row, -1);
	v->list_mode = false;
	v->filter[0] = '\0';
	assert_int_equal(view_rebuild(v), 0);
	assert_true(v->nrows >= 4);
}

static void
test_find_and_zombie_jump(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;

	assert_true(view_find(v, "zt-vsleep", 0, 1));
	assert_int_equal(view_selected(v)->pid, f->sleeper);
	assert_false(view_find(v, "no-such-name-zt", 0, 1));
	assert_int_equal(view_selected(v)->pid, f->sleeper);
	view_set_cursor(v, 0);
	assert_true(view_next_zombie(v, NULL));
	assert_int_equal(view_selected(v)->pid, f->zombie);
	/* A PID typed whole matches. */
	char pid[24];

	snprintf(pid, sizeof(pid), "%d", (int)f->holder);
	assert_true(view_find(v, pid, 0, 1));
	assert_int_equal(view_selected(v)->pid, f->holder);
}

/* Z passes over zombies younger than one refresh: a busy init makes many
 * that live a few ms. One made after the first scan is young; the one
 * there before it is not. */
static void
test_zombie_jump_skips_young(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;
	size_t young = 0;
	pid_t y = testproc_zombie(5, "zt-vyoung");

	v->opts.delay = 3600;
	assert_int_equal(view_refresh(v), 0);
	view_set_cursor(v, view_row_of(v, f->zombie));
	assert_true(view_next_zombie(v, &young));
	assert_int_equal(view_selected(v)->pid, f->zombie);
	assert_int_equal(young, 1);
	v->opts.delay = 0;
	assert_true(view_next_zombie(v, &young));
	assert_int_equal(view_selected(v)->pid, y);
	assert_int_equal(young, 0);
	waitpid(y, NULL, 0);
}

static void
test_list_sorted_by_pid(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;

	v->list_mode = true;
	v->sort = UI_SORT_PID;
	v->sort_desc = false;
	assert_int_equal(view_rebuild(v), 0);
	for (size_t r = 1; r < v->nrows; r++)
		assert_true(view_proc(v, r - 1)->pid < view_proc(v, r)->pid);
	v->sort = UI_SORT_ZOMBIE;
	assert_int_equal(view_rebuild(v), 0);
	assert_int_equal(view_proc(v, 0)->pid, f->zombie);
	assert_int_equal(view_proc(v, 1)->pid, f->holder);
	v->list_mode = false;
	assert_int_equal(view_rebuild(v), 0);
}

static bool
spinner_seen(struct view *v, pid_t pid)
{
	assert_int_equal(view_refresh(v), 0);
	for (size_t i = 0; i < v->snap->n; i++)
		if (v->snap->procs[i].pid == pid)
			return v->cpu[i] > 0;
	return false;
}

/* CPU% comes from the tick delta of the same process between two scans:
 * a child that spins shows some, polled over refreshes (never a figure
 * that depends on the machine's speed). */
static void
test_cpu_of_a_spinner(void **state)
{
	struct family *f = *state;
	pid_t spin = fork();
	bool seen = false;

	assert_true(spin >= 0);
	if (spin == 0)
		for (;;)
			;
	f->v->opts.pids = &spin;
	f->v->opts.npids = 1;
	for (int i = 0; i < 100 && !seen; i++) {
		usleep(100000);
		seen = spinner_seen(f->v, spin);
	}
	f->v->opts.pids = &f->self;
	kill(spin, SIGKILL);
	waitpid(spin, NULL, 0);
	assert_true(seen);
}

static void
test_selection_survives_refresh(void **state)
{
	struct family *f = *state;
	struct view *v = f->v;

	view_set_cursor(v, view_row_of(v, f->sleeper));
	assert_int_equal(view_refresh(v), 0);
	assert_int_equal(view_selected(v)->pid, f->sleeper);
	view_set_cursor(v, view_row_of(v, f->zombie));
	assert_int_equal(view_refresh(v), 0);
	assert_int_equal(view_selected(v)->pid, f->zombie);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tree_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_collapse, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_filter_keeps_ancestors, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_find_and_zombie_jump, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_zombie_jump_skips_young, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_list_sorted_by_pid, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_selection_survives_refresh, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_cpu_of_a_spinner, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
