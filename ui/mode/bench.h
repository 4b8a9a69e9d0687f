/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --bench-refresh: the live view's refresh measured without a terminal. */
#ifndef ZT_BENCH_H
#define ZT_BENCH_H

#include "cli.h"

/* N (o->bench_refresh) refreshes of the live view's model with nothing
 * drawn; prints the slowest, the longest input block and the CPU per
 * refresh to stderr. Returns the exit status: 0, or 1 on an error. */
int bench_refresh(const struct cli_opts *o);

#endif
