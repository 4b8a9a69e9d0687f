/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The --json writer: one document (schema version 2, see zombietop(1))
 * built with jansson, so escaping is the library's and never ours. */
#ifndef ZT_OUT_JSON_H
#define ZT_OUT_JSON_H

#include <stdio.h>

#include "ptree.h"
#include "zombie.h"

/* "events_reason" of a document written without a process table. */
#define OUT_JSON_ONE_SCAN "one scan: no event history, no time axis"

/* Writes the document for every visible row of t. Returns 0 or -errno. */
int out_json_write(FILE *f, const struct ptree *t);

/* The same with the zombie diagnosis: "diagnosis" on zombie parents,
 * "reapable", "kind", "age_s" and "age_exact" in zombie objects. diag
 * (borrowed) may be NULL: no diagnosis; tab (borrowed) may be NULL: age_s
 * is null. */
int out_json_write_diag(FILE *f, const struct ptree *t,
    const struct zombie_report *diag, struct ptable *tab);

#endif
