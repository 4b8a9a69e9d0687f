/* The --json writer: one document (schema version 1, see zombietop(1))
 * built with jansson, so escaping is the library's and never ours. */
#ifndef ZT_OUT_JSON_H
#define ZT_OUT_JSON_H

#include <stdio.h>

#include "ptree.h"

/* Writes the document for every visible row of t. Returns 0 or -errno. */
int out_json_write(FILE *f, const struct ptree *t);

#endif
