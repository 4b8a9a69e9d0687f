/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libproc2 adapter: the only file that calls procps-ng's library. It
 * hands out plain rows; what libproc2 masks or lacks (raw comm, exit code,
 * NSpid) is read elsewhere by our own parsers. */
#ifndef ZT_LP2_H
#define ZT_LP2_H

#include <sys/types.h>

struct lp2;

struct lp2_row {
	pid_t pid, ppid;
	char state;
	const char *comm; /* borrowed until the next call; libproc2 turns
	                     control bytes into '.' and non-ASCII into '?' */
	unsigned long long start_ticks, cpu_ticks;
	int threads;
	uid_t uid;
	int tty;
	unsigned long rss_pages;
	char **argv; /* borrowed; only from lp2_scan_full; NULL or {"-"} */
};

typedef void lp2_row_fn(void *ctx, const struct lp2_row *row);
/* argv is borrowed for the call; NULL or {"-"} when there is none. */
typedef void lp2_argv_fn(void *ctx, pid_t pid, char **argv);

int lp2_new(struct lp2 **out);
void lp2_free(struct lp2 *lp);

/* Calls fn for every process (tasks, not threads) that could be read.
 * Returns the number of rows, or -errno. */
int lp2_scan(struct lp2 *lp, lp2_row_fn *fn, void *ctx);

/* The same with the argument vector of every process, read in the same
 * pass: cheaper than lp2_argv when most processes are new (first scan). */
int lp2_scan_full(struct lp2 *lp, lp2_row_fn *fn, void *ctx);

/* Calls fn with the argument vector of each of pids[0..n) still there. */
int lp2_argv(
    struct lp2 *lp, const pid_t *pids, int n, lp2_argv_fn *fn, void *ctx);

#endif
