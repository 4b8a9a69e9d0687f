/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers of the process tree's unit tests (test_ptree.c,
 * test_ptree_prefix.c): snapshots built in memory and the tree of one.
 * Header-only and static, so a test takes what it uses; include after
 * cmocka.h. */
#ifndef ZT_TESTSNAP_H
#define ZT_TESTSNAP_H

#include <stddef.h>
#include <sys/types.h>

#include "ptree.h"
#include "snap.h"

/* One process of a hand-built snapshot (threads 0 means 1). */
struct testsnap_p {
	pid_t pid, ppid;
	char state;
	int threads;
	uid_t uid;
};

/* A sorted snapshot of procs, added in the order given. */
static inline struct snap *
testsnap_make(const struct testsnap_p *procs, size_t n)
{
	static char comm[] = "p";
	struct snap *s = snap_new();

	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		struct snap_proc t = {.pid = procs[i].pid,
		    .ppid = procs[i].ppid,
		    .state = procs[i].state,
		    .threads = procs[i].threads ? procs[i].threads : 1,
		    .uid = procs[i].uid,
		    .comm = comm};

		assert_int_equal(snap_add(s, &t), 0);
	}
	snap_sort(s);
	return s;
}

/* The tree of s under filter f (NULL: none); the caller frees it. */
static inline struct ptree *
testsnap_build(const struct snap *s, const struct ptree_filter *f)
{
	struct ptree *t = NULL;

	assert_int_equal(ptree_build(s, f, &t), 0);
	assert_non_null(t);
	return t;
}

static inline pid_t
testsnap_row_pid(const struct ptree *t, size_t r)
{
	return t->snap->procs[t->rows[r].node].pid;
}

#define TESTSNAP_BIG 10000

/* 1 -> 2 -> ... -> TESTSNAP_BIG, added in reverse so snap_sort has work
 * to do. */
static inline struct snap *
testsnap_chain(void)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	for (pid_t pid = TESTSNAP_BIG; pid >= 1; pid--) {
		struct snap_proc p = {
		    .pid = pid, .ppid = pid - 1, .state = 'S', .threads = 1};

		assert_int_equal(snap_add(s, &p), 0);
	}
	snap_sort(s);
	return s;
}

#endif
