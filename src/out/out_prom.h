/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Prometheus text exposition writer (--prometheus): fixed metric names,
 * types and HELP texts, label values escaped for the format, and at most
 * OUT_PROM_MAX_SERIES zombies_by_parent series with an "other" bucket. */
#ifndef ZT_OUT_PROM_H
#define ZT_OUT_PROM_H

#include <stddef.h>
#include <stdio.h>

#include "ptable.h"
#include "ptree.h"
#include "zombie.h"

/* zombies_by_parent series, the "other" bucket included. */
#define OUT_PROM_MAX_SERIES 20
/* The label values of the bucket that sums the smallest series. */
#define OUT_PROM_OTHER "other"

/* One parent of reapable zombies, before grouping by (comm, reason). */
struct out_prom_parent {
	const char *comm;   /* borrowed: the parent's raw comm, any bytes */
	const char *reason; /* borrowed: a diagnosis reason code */
	int zombies;
};

/* The parent commands that have label series of their own in the reap
 * families, kept by the caller across writes: a command keeps its series
 * once it has one (counters must not jump between series); once
 * OUT_PROM_MAX_SERIES - 1 are taken, newer commands are summed in
 * parent_comm="other". */
struct out_prom_comms {
	char comm[OUT_PROM_MAX_SERIES - 1][16]; /* raw, as the table has it */
	size_t n;
};

struct out_prom_input {
	const struct ptree
	    *tree; /* borrowed: counts come from it, unfiltered */
	const struct out_prom_parent *parents; /* borrowed, nparents of them */
	size_t nparents;
	double oldest_age;      /* seconds; < 0 when unknown, written as 0 */
	double scrape_duration; /* seconds the scan and analysis took */
	double last_success;    /* seconds since the epoch */
	struct ptable *table;   /* borrowed; NULL for a one-shot write (no
	                           time axis: reap families without series) */
	struct out_prom_comms *comms; /* borrowed, updated; NULL with table */
};

/* The parents of r's diagnoses (comm from t's snapshot, reason code) into
 * a new array *out of *n entries, the caller's to free, and the oldest
 * zombie age r knows into *oldest (< 0 if none). Returns 0 or -ENOMEM. */
int out_prom_parents(const struct ptree *t, const struct zombie_report *r,
    struct out_prom_parent **out, size_t *n, double *oldest);

/* Writes the whole exposition. Returns 0 or -errno of the stream. */
int out_prom_write(FILE *f, const struct out_prom_input *in);

/* A label value from untrusted bytes: escape_buf first (no control byte
 * survives), then the exposition format's \\, \" and \n. Always
 * NUL-terminates when size > 0; returns the bytes written. */
size_t out_prom_label(const char *raw, size_t len, char *out, size_t size);

#endif
