/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the process tree on snapshots built in memory: child order,
 * orphans, zombie counts, filters, hostile ppid loops, 10,000-deep and
 * 10,000-wide trees (test_ptree_prefix.c has the tree lines drawn in front
 * of each row). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptree.h"
#include "snap.h"
#include "testsnap.h"

/* Checks the rows against "pid:depth" pairs, and that parent_row points
 * at a shown ancestor one level up. */
static void
expect_rows(const struct ptree *t, const int (*want)[2], size_t n)
{
	assert_int_equal(t->nrows, n);
	for (size_t r = 0; r < n; r++) {
		const struct ptree_row *row = &t->rows[r];

		print_message("row %zu: pid %d depth %d\n", r,
		    (int)testsnap_row_pid(t, r), row->depth);
		assert_int_equal(testsnap_row_pid(t, r), want[r][0]);
		assert_int_equal(row->depth, want[r][1]);
		if (row->depth == 0) {
			assert_int_equal(row->parent_row, -1);
		} else {
			assert_in_range(row->parent_row, 0, (int)r - 1);
			assert_int_equal(
			    t->rows[row->parent_row].depth, row->depth - 1);
		}
	}
}

#define EXPECT_ROWS(t, ...)                                                    \
	do {                                                                   \
		static const int want_[][2] = {__VA_ARGS__};                   \
		expect_rows(t, want_, sizeof(want_) / sizeof(want_[0]));       \
	} while (0)

static int
node_of(const struct ptree *t, pid_t pid)
{
	const struct snap_proc *p = snap_find(t->snap, pid);

	assert_non_null(p);
	return (int)(p - t->snap->procs);
}

static void
test_children_in_pid_order(void **state)
{
	static const struct testsnap_p procs[] = {
	    {30, 1, 'S', 0, 0},
	    {1, 0, 'S', 0, 0},
	    {20, 1, 'S', 0, 0},
	    {15, 10, 'S', 0, 0},
	    {10, 1, 'S', 0, 0},
	    {12, 10, 'R', 0, 0},
	};
	struct snap *s = testsnap_make(procs, sizeof(procs) / sizeof(procs[0]));
	struct ptree *t = testsnap_build(s, NULL);
	const struct ptree_node *one = &t->nodes[node_of(t, 1)];

	(void)state;
	EXPECT_ROWS(t, {1, 0}, {10, 1}, {12, 2}, {15, 2}, {20, 1}, {30, 1});
	assert_int_equal(one->parent, -1);
	assert_int_equal(one->first_child, node_of(t, 10));
	assert_int_equal(t->nodes[node_of(t, 10)].next_sibling, node_of(t, 20));
	assert_int_equal(t->nodes[node_of(t, 30)].next_sibling, -1);
	assert_int_equal(t->nodes[node_of(t, 15)].parent, node_of(t, 10));
	/* last: 1 (the only root), 15 (last of 10), 30 (last of 1) */
	for (size_t r = 0; r < t->nrows; r++) {
		pid_t pid = testsnap_row_pid(t, r);

		assert_int_equal(
		    t->rows[r].last, pid == 1 || pid == 15 || pid == 30);
	}
	ptree_free(t);
	snap_free(s);
}

static void
test_orphans_become_roots(void **state)
{
	static const struct testsnap_p procs[] = {
	    {1, 0, 'S', 0, 0},
	    {2, 0, 'S', 0, 0},
	    {50, 999, 'S', 0, 0}, /* parent not in the snapshot */
	    {51, 50, 'S', 0, 0},
	    {60, 60, 'S', 0, 0}, /* its own parent */
	    {70, -1, 'Z', 0, 0},
	    {80, 1, 'S', 0, 0},
	};
	struct snap *s = testsnap_make(procs, sizeof(procs) / sizeof(procs[0]));
	struct ptree *t = testsnap_build(s, NULL);

	(void)state;
	EXPECT_ROWS(
	    t, {1, 0}, {80, 1}, {2, 0}, {50, 0}, {51, 1}, {60, 0}, {70, 0});
	assert_int_equal(t->nodes[node_of(t, 50)].parent, -1);
	assert_int_equal(t->nodes[node_of(t, 60)].parent, -1);
	assert_false(t->rows[0].last);
	assert_true(t->rows[t->nrows - 1].last);
	ptree_free(t);
	snap_free(s);
}

static void
test_empty_snapshot(void **state)
{
	struct snap *s = testsnap_make(NULL, 0);
	struct ptree *t = testsnap_build(s, NULL);

	(void)state;
	assert_int_equal(t->nrows, 0);
	assert_int_equal(t->zombie_parents, 0);
	ptree_free(t);
	snap_free(s);
	ptree_free(NULL);
}

static void
test_zombie_counts(void **state)
{
	static const struct testsnap_p procs[] = {
	    {1, 0, 'S', 0, 0}, {100, 1, 'S', 0, 0}, {101, 100, 'Z', 1, 0},
	    {102, 100, 'Z', 1, 0},
	    {103, 100, 'Z', 3, 0}, /* leader exited, threads still run */
	    {104, 100, 'S', 0, 0}, {200, 1, 'S', 0, 0}, {201, 200, 'Z', 2, 0},
	    {300, 1, 'S', 0, 0}, {301, 300, 'Z', 1, 0},
	    {400, 999, 'Z', 1, 0}, /* orphan zombie: no parent to count */
	};
	static const struct {
		pid_t pid;
		int zombies, leader_exited;
	} want[] = {
	    {1, 0, 0},
	    {100, 2, 1},
	    {101, 0, 0},
	    {104, 0, 0},
	    {200, 0, 1},
	    {300, 1, 0},
	    {400, 0, 0},
	};
	struct snap *s = testsnap_make(procs, sizeof(procs) / sizeof(procs[0]));
	struct ptree *t = testsnap_build(s, NULL);

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct ptree_node *n = &t->nodes[node_of(t, want[i].pid)];

		assert_int_equal(n->zombies, want[i].zombies);
		assert_int_equal(n->leader_exited, want[i].leader_exited);
	}
	assert_int_equal(t->zombie_parents, 2);
	assert_int_equal(t->nrows, sizeof(procs) / sizeof(procs[0]));
	ptree_free(t);
	snap_free(s);
}

/*
 * 1 (uid 0)
 * +- 10 (1000)
 * |  +- 11 (1000, Z)
 * |  `- 12 (0)
 * |     `- 13 (1000, Z)
 * +- 20 (0)
 * |  `- 21 (0)
 * `- 30 (1000)
 *    `- 31 (0, Z with 2 threads: an exited leader)
 * 40 (1000, orphan)
 */
static const struct testsnap_p filter_procs[] = {
    {1, 0, 'S', 0, 0},
    {10, 1, 'S', 0, 1000},
    {11, 10, 'Z', 1, 1000},
    {12, 10, 'S', 0, 0},
    {13, 12, 'Z', 1, 1000},
    {20, 1, 'S', 0, 0},
    {21, 20, 'R', 0, 0},
    {30, 1, 'S', 0, 1000},
    {31, 30, 'Z', 2, 0},
    {40, 999, 'S', 0, 1000},
};

static struct snap *
filter_snap(void)
{
	return testsnap_make(
	    filter_procs, sizeof(filter_procs) / sizeof(filter_procs[0]));
}

static void
test_filter_pids(void **state)
{
	static const pid_t pids[] = {30, 10};
	struct ptree_filter f = {.pids = pids, .npids = 2};
	struct snap *s = filter_snap();
	struct ptree *t = testsnap_build(s, &f);

	(void)state;
	EXPECT_ROWS(t, {10, 0}, {11, 1}, {12, 1}, {13, 2}, {30, 0}, {31, 1});
	assert_true(t->rows[t->nrows - 1].last);
	assert_true(t->rows[4].last); /* 30: the last root shown */
	assert_false(t->rows[0].last);
	ptree_free(t);

	/* an absent pid adds nothing; a nested one changes nothing */
	f.pids = (const pid_t[]){12, 4242, 13};
	f.npids = 3;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {12, 0}, {13, 1});
	ptree_free(t);
	f.pids = (const pid_t[]){4242};
	f.npids = 1;
	t = testsnap_build(s, &f);
	assert_int_equal(t->nrows, 0);
	ptree_free(t);
	snap_free(s);
}

static void
test_filter_uid(void **state)
{
	struct ptree_filter f = {.by_uid = true, .uid = 1000};
	struct snap *s = filter_snap();
	struct ptree *t = testsnap_build(s, &f);

	(void)state;
	/* 13's parent 12 is hidden: it hangs under 10, its nearest shown
	 * ancestor */
	EXPECT_ROWS(t, {10, 0}, {11, 1}, {13, 1}, {30, 0}, {40, 0});
	assert_int_equal(t->rows[2].parent_row, 0);
	ptree_free(t);
	f.uid = 0;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {1, 0}, {12, 1}, {20, 1}, {21, 2}, {31, 1});
	ptree_free(t);
	f.uid = 12345;
	t = testsnap_build(s, &f);
	assert_int_equal(t->nrows, 0);
	ptree_free(t);
	snap_free(s);
}

static void
test_filter_zombies_only(void **state)
{
	struct ptree_filter f = {.zombies_only = true};
	struct snap *s = filter_snap();
	struct ptree *t = testsnap_build(s, &f);

	(void)state;
	EXPECT_ROWS(
	    t, {1, 0}, {10, 1}, {11, 2}, {12, 2}, {13, 3}, {30, 1}, {31, 2});
	/* the counts do not depend on the filter */
	assert_int_equal(t->zombie_parents, 2);
	ptree_free(t);

	f.by_uid = true;
	f.uid = 1000;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {1, 0}, {10, 1}, {11, 2}, {12, 2}, {13, 3});
	ptree_free(t);
	snap_free(s);
}

static void
test_filter_pids_and_zombies(void **state)
{
	struct ptree_filter f = {.zombies_only = true};
	struct snap *s = filter_snap();
	struct ptree *t;

	(void)state;
	/* ancestors outside the --pid subtree stay hidden */
	f.pids = (const pid_t[]){10};
	f.npids = 1;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {10, 0}, {11, 1}, {12, 1}, {13, 2});
	ptree_free(t);

	f.pids = (const pid_t[]){30, 12};
	f.npids = 2;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {12, 0}, {13, 1}, {30, 0}, {31, 1});
	ptree_free(t);

	f.pids = (const pid_t[]){20, 40};
	t = testsnap_build(s, &f);
	assert_int_equal(t->nrows, 0);
	ptree_free(t);
	snap_free(s);
}

/* Each pid of the snapshot appears in exactly one row. */
static void
expect_each_once(const struct ptree *t)
{
	const struct snap *s = t->snap;
	int *count = calloc(s->n, sizeof(*count));

	assert_non_null(count);
	assert_int_equal(t->nrows, s->n);
	for (size_t r = 0; r < t->nrows; r++) {
		assert_in_range(t->rows[r].node, 0, (int)s->n - 1);
		count[t->rows[r].node]++;
	}
	for (size_t i = 0; i < s->n; i++)
		assert_int_equal(count[i], 1);
	free(count);
}

static void
test_ppid_loop(void **state)
{
	static const struct testsnap_p procs[] = {
	    {1, 2, 'S', 0, 0}, /* 1 -> 2 -> 1 */
	    {2, 1, 'Z', 1, 0},
	    {3, 2, 'S', 0, 0},
	    {5, 7, 'S', 0, 0}, /* 5 -> 7 -> 6 -> 5 */
	    {6, 5, 'S', 0, 0},
	    {7, 6, 'S', 0, 0},
	    {10, 0, 'S', 0, 0},
	    {11, 10, 'S', 0, 0},
	};
	struct snap *s = testsnap_make(procs, sizeof(procs) / sizeof(procs[0]));
	struct ptree *t = testsnap_build(s, NULL);
	struct ptree_filter f = {0};

	(void)state;
	expect_each_once(t);
	/* the proper tree first, then each loop from its lowest pid */
	EXPECT_ROWS(t, {10, 0}, {11, 1}, {1, 0}, {2, 1}, {3, 2}, {5, 0}, {6, 1},
	    {7, 2});
	ptree_free(t);

	f.zombies_only = true;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {1, 0}, {2, 1});
	ptree_free(t);

	f.zombies_only = false;
	f.pids = (const pid_t[]){6};
	f.npids = 1;
	t = testsnap_build(s, &f);
	EXPECT_ROWS(t, {5, 0}, {6, 1}, {7, 2});
	ptree_free(t);
	snap_free(s);
}

static void
test_deep_chain(void **state)
{
	struct snap *s = testsnap_chain();
	struct ptree *t = testsnap_build(s, NULL);
	struct ptree_filter f = {.pids = (const pid_t[]){2}, .npids = 1};

	(void)state;
	assert_int_equal(t->nrows, TESTSNAP_BIG);
	for (size_t r = 0; r < t->nrows; r++) {
		assert_int_equal(testsnap_row_pid(t, r), (pid_t)r + 1);
		assert_int_equal(t->rows[r].depth, (int)r);
		assert_true(t->rows[r].last);
	}
	ptree_free(t);

	/* a zombie at the bottom: the whole chain is its ancestry */
	s->procs[TESTSNAP_BIG - 1].state = 'Z';
	f.zombies_only = true;
	t = testsnap_build(s, &f);
	assert_int_equal(t->nrows, TESTSNAP_BIG - 1);
	assert_int_equal(testsnap_row_pid(t, 0), 2);
	assert_int_equal(t->rows[TESTSNAP_BIG - 2].depth, TESTSNAP_BIG - 2);
	assert_int_equal(t->nodes[TESTSNAP_BIG - 2].zombies, 1);
	ptree_free(t);
	snap_free(s);
}

static void
test_wide_tree(void **state)
{
	struct snap *s = snap_new();
	struct ptree *t;

	(void)state;
	assert_non_null(s);
	for (pid_t pid = TESTSNAP_BIG + 1; pid >= 1; pid--) {
		struct snap_proc p = {.pid = pid,
		    .ppid = pid == 1 ? 0 : 1,
		    .state = pid % 2 ? 'S' : 'Z',
		    .threads = 1};

		assert_int_equal(snap_add(s, &p), 0);
	}
	snap_sort(s);
	t = testsnap_build(s, NULL);
	assert_int_equal(t->nrows, TESTSNAP_BIG + 1);
	assert_int_equal(t->nodes[0].zombies, TESTSNAP_BIG / 2);
	assert_int_equal(t->zombie_parents, 1);
	for (size_t r = 1; r < t->nrows; r++) {
		assert_int_equal(testsnap_row_pid(t, r), (pid_t)r + 1);
		assert_int_equal(t->rows[r].depth, 1);
		assert_int_equal(t->rows[r].parent_row, 0);
		assert_int_equal(t->rows[r].last, r == TESTSNAP_BIG);
	}
	ptree_free(t);
	snap_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_children_in_pid_order),
	    cmocka_unit_test(test_orphans_become_roots),
	    cmocka_unit_test(test_empty_snapshot),
	    cmocka_unit_test(test_zombie_counts),
	    cmocka_unit_test(test_filter_pids),
	    cmocka_unit_test(test_filter_uid),
	    cmocka_unit_test(test_filter_zombies_only),
	    cmocka_unit_test(test_filter_pids_and_zombies),
	    cmocka_unit_test(test_ppid_loop),
	    cmocka_unit_test(test_deep_chain),
	    cmocka_unit_test(test_wide_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
