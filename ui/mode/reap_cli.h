/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --reap: one action on a zombie's parent from the command line, with the
 * outcome printed as it is known. No curses: usable over ssh and in
 * scripts. */
#ifndef ZT_REAP_CLI_H
#define ZT_REAP_CLI_H

#include "cli.h"

enum {
	REAP_CLI_REAPED = 0,  /* every zombie concerned is gone */
	REAP_CLI_NOT = 1,     /* some are still zombies, or nothing to do */
	REAP_CLI_USAGE = 2,   /* bad options */
	REAP_CLI_REFUSED = 3, /* safety rules, permission, or declined */
};

/* Runs --reap; returns the exit status above. */
int reap_cli_run(const struct cli_opts *o);

#endif
