/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The --once text writer: the process tree, one line per process, with
 * zombies, their statuses and their parents marked. */
#ifndef ZT_OUT_TEXT_H
#define ZT_OUT_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "ptree.h"
#include "zombie.h"

struct out_text_opts {
	bool ascii; /* ASCII tree lines and escape all non-ASCII bytes */
	bool color; /* SGR colours: the caller checks isatty and NO_COLOR */
	int width;  /* cut lines to this many columns; 0: no limit */
	/* borrowed, may be NULL: adds reason codes to zombies and parents */
	const struct zombie_report *diag;
	bool explain; /* with diag: the sentence and predictions too */
};

/* Returns 0 or -errno of the write. */
int out_text_write(
    FILE *f, const struct ptree *t, const struct out_text_opts *o);

/* The words for a zombie's status: "exit 3", "status not permitted". */
void out_text_zombie_status(const struct snap_proc *p, char *buf, size_t size);

/* The name to show for a process: the command line, or the comm (in
 * brackets for a kernel thread); escaped, into buf. */
void out_text_name(
    const struct snap_proc *p, unsigned esc_flags, char *buf, size_t size);

#endif
