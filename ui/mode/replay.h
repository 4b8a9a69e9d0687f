/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay FILE --once [--json] [--at TIME]: the recorded snapshot in the
 * --once writers; --replay FILE --watch [--json]: the recorded events as
 * --watch printed them. */
#ifndef ZT_REPLAY_H
#define ZT_REPLAY_H

#include "cli.h"

int replay_run(const struct cli_opts *o);

#endif
