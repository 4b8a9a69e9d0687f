/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --demo without a terminal: the classroom lab in batch mode. */
#ifndef ZT_DEMO_H
#define ZT_DEMO_H

#include "cli.h"

/* --demo --once [--hold]: starts the lab, waits until every scenario has
 * settled, writes one snapshot of the lab subtree, with --hold keeps the
 * lab (logging what zombietop reaps) until stdin closes, removes the lab.
 * Returns the exit status, having printed a message on errors. */
int demo_once(const struct cli_opts *o);

#endif
