/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --once: one snapshot written as text or JSON, no terminal. */
#ifndef ZT_ONCE_H
#define ZT_ONCE_H

#include "cli.h"

/* Runs --once; returns the process exit status (0 ok, 1 runtime error,
 * 2 usage error), having printed a one-line message for errors. */
int once_run(const struct cli_opts *o);

struct snap;

/* Filters snapshot s as the options say and writes it as text or JSON;
 * with no -p, root (if not 0) stands in for it. Returns 0 or the exit
 * status, having printed a message. */
struct out_text_opts;

/* The text writer's presentation (colour, ASCII, width) from the options,
 * the terminal and the environment; also --replay --once's. */
void once_text_opts(const struct cli_opts *o, struct out_text_opts *t);

int once_write(const struct cli_opts *o, const struct snap *s, pid_t root);

#endif
