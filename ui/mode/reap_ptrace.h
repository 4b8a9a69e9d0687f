/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --reap ZPID --via ptrace: the parent is made to reap its zombie itself by
 * ptrace injection of wait4 (src/ptreap.h). No curses: the question and the
 * report go to the terminal like the other --reap actions. */
#ifndef ZT_REAP_PTRACE_H
#define ZT_REAP_PTRACE_H

#include "cli.h"
#include "sigact.h"
#include "snap.h"

/* Checks the guards for every zombie of g, states the hazards and asks
 * (unless --yes), injects, reports. before is the snapshot g was planned
 * from. Returns a REAP_CLI_* exit status. */
int reap_ptrace_run(const struct cli_opts *o, const struct snap *before,
    const struct sigact_group *g);

#endif
