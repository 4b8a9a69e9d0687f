/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which kind of refresh the view plans, with kernel events on, on real
 * children of the test: a text filter and -u stay on partial refreshes
 * (a rename or a new owner is named by its event, and shows), a list
 * sorted by CPU% reads every process by a sweep, and so does a resize;
 * none needs libproc2's full scan. */
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
#include <time.h>
#include <unistd.h>

#include "testproc.h"
#include "view.h"
#include "view_delta.h"

struct fix {
	struct view *v;
	pid_t kid; /* a child told by a byte on go what to do, or 0 */
	int go;
};

/* Refreshes (up to 10 s) until pid has a row; the refreshes after the
 * first may not be full scans or sweeps. */
static void
until_shown(struct view *v, pid_t pid)
{
	uint64_t fulls = v->delta.fulls, sweeps = v->delta.sweeps;
	int i;

	for (i = 0; i < 1000 && view_row_of(v, pid) < 0; i++) {
		nanosleep(&(struct timespec){0, 10000000L}, NULL);
		assert_int_equal(view_refresh(v), 0);
	}
	assert_true(view_row_of(v, pid) >= 0);
	assert_int_equal(v->delta.fulls, fulls);
	assert_int_equal(v->delta.sweeps, sweeps);
	assert_true(v->snap->partial);
}

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct view_opts o = {.events = true};

	assert_non_null(f);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	assert_int_equal(view_new(&o, &f->v), 0);
	f->v->delta.every = 1000; /* no periodic sweep */
	f->v->shown = 20;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	view_free(f->v);
	if (f->kid > 0) {
		kill(f->kid, SIGKILL);
		waitpid(f->kid, NULL, 0);
		close(f->go);
	}
	free(f);
	return 0;
}

/* Events off (not root, another network namespace): nothing to test. */
static bool
no_events(struct fix *f)
{
	return !f->v->tl.src;
}

/* A text filter: the child's rename is named by its event, and the
 * partial refresh that reads it shows the new match. */
static void
test_filter_partial(void **state)
{
	struct fix *f = *state;
	struct view *v = f->v;

	if (no_events(f))
		skip();
	f->kid = testproc_cued("zt-vdnew", &f->go);
	snprintf(v->filter, sizeof(v->filter), "zt-vdnew");
	assert_int_equal(view_refresh(v), 0); /* the first is a full scan */
	assert_int_equal(view_refresh(v), 0);
	assert_true(view_row_of(v, f->kid) < 0);
	assert_int_equal(write(f->go, "n", 1), 1);
	until_shown(v, f->kid);
	assert_string_equal(
	    view_proc(v, view_row_of(v, f->kid))->comm, "zt-vdnew");
}

/* -u: as root, a child that takes uid 65534 with no exec is named by its
 * uid event and comes into a view of that user's processes. */
static void
test_user_partial(void **state)
{
	struct fix *f = *state;
	struct view *v = f->v;

	if (no_events(f) || getuid() != 0)
		skip();
	f->kid = testproc_cued("zt-vdnew", &f->go);
	v->opts.by_uid = true;
	v->opts.uid = 65534;
	assert_int_equal(view_refresh(v), 0);
	assert_int_equal(view_refresh(v), 0);
	assert_true(view_row_of(v, f->kid) < 0);
	assert_int_equal(write(f->go, "u", 1), 1);
	until_shown(v, f->kid);
	assert_int_equal(view_proc(v, view_row_of(v, f->kid))->uid, 65534);
}

/* A list by CPU% orders every row by this refresh's reads: each refresh
 * is a sweep, not libproc2's scan; a resize asks for one sweep. */
static void
test_sort_sweeps(void **state)
{
	struct fix *f = *state;
	struct view *v = f->v;
	uint64_t fulls, sweeps;

	if (no_events(f))
		skip();
	assert_int_equal(view_refresh(v), 0);
	fulls = v->delta.fulls;
	sweeps = v->delta.sweeps;
	v->list_mode = true;
	v->sort = UI_SORT_CPU;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(view_refresh(v), 0);
		assert_false(v->snap->partial);
	}
	assert_int_equal(v->delta.sweeps, sweeps + 3);
	v->list_mode = false;
	assert_int_equal(view_refresh(v), 0);
	assert_true(v->snap->partial);
	view_reconcile(v);
	assert_int_equal(view_refresh(v), 0);
	assert_false(v->snap->partial);
	assert_int_equal(v->delta.sweeps, sweeps + 4);
	assert_int_equal(v->delta.fulls, fulls);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_filter_partial, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_user_partial, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sort_sweeps, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
