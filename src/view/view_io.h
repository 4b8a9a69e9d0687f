/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IO_R and IO_W columns' model: /proc/PID/io of the processes the
 * tree shows, read on the scanner's thread only while one of the columns
 * is shown (view_io_want), and the rates between the last two reads by
 * (pid, start time). No curses. */
#ifndef ZT_VIEW_IO_H
#define ZT_VIEW_IO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "ptree.h"
#include "snap.h"

struct view_io_mark {
	pid_t pid;
	unsigned long long start, rchar, wchar;
};

struct view_io_set {
	struct view_io_mark *m; /* owned, sorted by pid */
	size_t n;
	double time; /* CLOCK_MONOTONIC seconds of the reads */
	bool read;
};

struct view_io {
	atomic_bool wanted;      /* set by the front end, read by the scanner */
	struct view_io_set next; /* the scanner's thread's until adopted */
	struct view_io_set prev, cur;
};

/* The front end: whether a column needs the counters. */
void view_io_want(struct view_io *io, bool on);
/* On the scanner's thread: the counters of t's processes (nothing when
 * not wanted). A process whose io is not readable (another user's) is
 * left out: its cells stay empty. */
void view_io_scan(struct view_io *io, const struct ptree *t);
void view_io_adopt(struct view_io *io);
void view_io_done(struct view_io *io);
/* Bytes per second read and written (rchar, wchar: every read and write
 * call) by this process between the last two reads; false when unknown. */
bool view_io_rate(const struct view_io *io, pid_t pid, unsigned long long start,
    double *r, double *w);

#endif
