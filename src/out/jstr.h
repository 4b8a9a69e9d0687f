/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one builder of JSON strings from untrusted process text (comm,
 * cmdline, user, messages): jansson rejects invalid UTF-8, so the text is
 * escaped first and no record is ever dropped because of its name. */
#ifndef ZT_JSTR_H
#define ZT_JSTR_H

#include <jansson.h>

/* A new JSON string of s escaped (escape_dup); JSON null only on ENOMEM.
 * The caller owns the reference. */
json_t *jstr_new(const char *s);

#endif
