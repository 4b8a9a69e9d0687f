/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the tree lines drawn in front of each row (ptree_prefix):
 * a small tree, a buffer too small, 10,000 levels deep, deep with
 * siblings. test_ptree.c has the tree's links, counts and filters. */
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

/*
 * 1
 * +- 2
 * |  +- 4
 * |  `- 5
 * |     `- 8
 * `- 3
 *    `- 6
 *       `- 7
 */
static const struct testsnap_p small_procs[] = {
    {1, 0, 'S', 0, 0},
    {2, 1, 'S', 0, 0},
    {3, 1, 'S', 0, 0},
    {4, 2, 'S', 0, 0},
    {5, 2, 'S', 0, 0},
    {6, 3, 'S', 0, 0},
    {7, 6, 'S', 0, 0},
    {8, 5, 'S', 0, 0},
};

static void
test_prefix_small_tree(void **state)
{
	static const struct {
		pid_t pid;
		const char *uni, *ascii;
	} want[] = {
	    {1, "", ""},
	    {2, "├─ ", "|- "},
	    {4, "│  ├─ ", "|  |- "},
	    {5, "│  └─ ", "|  `- "},
	    {8, "│     └─ ", "|     `- "},
	    {3, "└─ ", "`- "},
	    {6, "   └─ ", "   `- "},
	    {7, "      └─ ", "      `- "},
	};
	struct snap *s = testsnap_make(
	    small_procs, sizeof(small_procs) / sizeof(small_procs[0]));
	struct ptree *t = testsnap_build(s, NULL);

	(void)state;
	assert_int_equal(t->nrows, sizeof(want) / sizeof(want[0]));
	for (size_t r = 0; r < t->nrows; r++) {
		char buf[128];

		assert_int_equal(testsnap_row_pid(t, r), want[r].pid);
		ptree_prefix(t, r, false, buf, sizeof(buf));
		assert_string_equal(buf, want[r].uni);
		ptree_prefix(t, r, true, buf, sizeof(buf));
		assert_string_equal(buf, want[r].ascii);
	}
	ptree_free(t);
	snap_free(s);
}

/* Too small a buffer gives a prefix of the full drawing, cut between two
 * glyphs: never a later glyph in an earlier one's place. */
static void
test_prefix_small_buffer(void **state)
{
	struct snap *s = testsnap_make(
	    small_procs, sizeof(small_procs) / sizeof(small_procs[0]));
	struct ptree *t = testsnap_build(s, NULL);

	(void)state;
	for (size_t r = 0; r < t->nrows; r++) {
		for (int ascii = 0; ascii < 2; ascii++) {
			char full[128];

			ptree_prefix(t, r, ascii, full, sizeof(full));
			for (size_t size = 1; size <= strlen(full) + 1;
			     size++) {
				char buf[128];
				size_t n;

				memset(buf, 'Z', sizeof(buf));
				ptree_prefix(t, r, ascii, buf, size);
				n = strlen(buf);
				print_message(
				    "row %zu size %zu: \"%s\"\n", r, size, buf);
				assert_true(n < size);
				assert_memory_equal(buf, full, n);
				/* cut only where a glyph ends */
				assert_true(n == 0 || full[n] == '\0' ||
				            full[n - 1] == ' ');
			}
		}
	}
	ptree_free(t);
	snap_free(s);
}

static void
test_prefix_deep(void **state)
{
	struct snap *s = testsnap_chain();
	struct ptree *t = testsnap_build(s, NULL);
	char buf[1024], want[1024];
	size_t len = 0;

	(void)state;
	/* exactly PTREE_DRAW_DEPTH levels: all drawn, no marker */
	ptree_prefix(t, PTREE_DRAW_DEPTH, false, buf, sizeof(buf));
	want[0] = '\0';
	for (int i = 1; i < PTREE_DRAW_DEPTH; i++)
		strcat(want, "   ");
	strcat(want, "└─ ");
	assert_string_equal(buf, want);

	/* deeper: the marker, then the innermost levels only */
	for (size_t r = PTREE_DRAW_DEPTH + 1; r < t->nrows; r += 997) {
		ptree_prefix(t, r, false, buf, sizeof(buf));
		assert_string_equal(buf + strlen("⋯ "), want);
		assert_memory_equal(buf, "⋯ ", strlen("⋯ "));
		len = strlen(buf);
		assert_true(len <= 4 + PTREE_DRAW_DEPTH * 7);
	}
	ptree_prefix(t, t->nrows - 1, true, buf, sizeof(buf));
	assert_memory_equal(buf, ".. ", 3);
	assert_int_equal(strlen(buf), 3 + 3 * PTREE_DRAW_DEPTH);
	ptree_free(t);
	snap_free(s);
}

/* Deep with siblings: continuing lines are drawn for the innermost
 * levels. 1 -> 2 -> ... -> 100, and every node also has a leaf child
 * with a higher pid, so no chain node is the last child. */
static void
test_prefix_deep_with_siblings(void **state)
{
	struct snap *s = snap_new();
	struct ptree *t;
	char buf[1024], want[1024] = "⋯ ";

	(void)state;
	assert_non_null(s);
	for (pid_t pid = 1; pid <= 100; pid++) {
		struct snap_proc p = {
		    .pid = pid, .ppid = pid - 1, .state = 'S'};
		struct snap_proc leaf = {
		    .pid = 1000 + pid, .ppid = pid, .state = 'S'};

		assert_int_equal(snap_add(s, &p), 0);
		assert_int_equal(snap_add(s, &leaf), 0);
	}
	snap_sort(s);
	t = testsnap_build(s, NULL);
	/* rows: 1, 2, ..., 100, then the leaves from the deepest up */
	assert_int_equal(testsnap_row_pid(t, 99), 100);
	ptree_prefix(t, 99, false, buf, sizeof(buf));
	for (int i = 1; i < PTREE_DRAW_DEPTH; i++)
		strcat(want, "│  ");
	strcat(want, "├─ ");
	assert_string_equal(buf, want);
	assert_true(strlen(buf) <= 4 + PTREE_DRAW_DEPTH * 7);
	ptree_free(t);
	snap_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prefix_small_tree),
	    cmocka_unit_test(test_prefix_small_buffer),
	    cmocka_unit_test(test_prefix_deep),
	    cmocka_unit_test(test_prefix_deep_with_siblings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
