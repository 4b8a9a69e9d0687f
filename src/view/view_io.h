/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IO_R and IO_W columns' model: /proc/PID/io of the processes the
 * tree shows, read on the scanner's thread only while one of the columns
 * is shown (view_io_want); the counters live in the process table's
 * records, the rates per snapshot entry here. No curses. */
#ifndef ZT_VIEW_IO_H
#define ZT_VIEW_IO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "ptable.h"
#include "ptree.h"
#include "snap.h"

struct view_io_rates {
	float *r,
	    *w; /* owned, n entries (one per snapshot entry); < 0 unknown */
	size_t n;
};

struct view_io {
	atomic_bool wanted; /* set by the front end, read by the scanner */
	struct view_io_rates next; /* the scanner's thread's until adopted */
	struct view_io_rates cur;  /* of the view's snapshot */
};

/* The front end: whether a column needs the counters. */
void view_io_want(struct view_io *io, bool on);
/* On the scanner's thread, after table reconciled t's snapshot: the
 * counters of t's processes into their records and the rates since each
 * one's previous read (nothing when not wanted). A process whose io is
 * not readable (another user's) is left out: its cells stay empty. */
void view_io_scan(
    struct view_io *io, struct ptable *table, const struct ptree *t);
void view_io_adopt(struct view_io *io);
void view_io_done(struct view_io *io);
/* Bytes per second read and written (rchar, wchar: every read and write
 * call) by snapshot entry node between its last two reads; false when
 * unknown. */
bool view_io_rate(const struct view_io *io, size_t node, double *r, double *w);

#endif
