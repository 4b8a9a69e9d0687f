/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --record FILE: the process timeline into a recording, without a
 * terminal, until SIGINT or SIGTERM (--demo --record: with the lab). */
#ifndef ZT_RECORD_H
#define ZT_RECORD_H

#include "cli.h"

int record_run(const struct cli_opts *o);

#endif
