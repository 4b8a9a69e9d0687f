/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The values of the options that take a list or a size: PIDs, columns,
 * lab scenarios, --max-size; each fills cli_opts or says what is wrong in
 * err. Split from cli.c, which keeps the table and the parser. */
#ifndef ZT_CLI_ARGS_H
#define ZT_CLI_ARGS_H

#include <stddef.h>

#include "cli.h"

/* A decimal integer in [lo, hi], nothing after it: 0 or -EINVAL. */
int cli_arg_int(const char *s, long lo, long hi, long *out);

/* Each returns 0, -EINVAL with err filled, or -ENOMEM. */
int cli_arg_columns(
    const char *arg, struct cli_opts *o, char *err, size_t errsize);
int cli_arg_pids(
    const char *arg, struct cli_opts *o, char *err, size_t errsize);
int cli_arg_demo(
    const char *arg, struct cli_opts *o, char *err, size_t errsize);
int cli_arg_size(
    const char *arg, struct cli_opts *o, char *err, size_t errsize);

#endif
