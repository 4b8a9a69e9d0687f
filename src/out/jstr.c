/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Escape, then json_string: the escaped form is valid UTF-8, so
 * json_string cannot refuse it. */
#include "jstr.h"
#include "escape.h"

#include <stdlib.h>
#include <string.h>

json_t *
jstr_new(const char *s)
{
	char *e = escape_dup(s, strlen(s), 0);
	json_t *j = e ? json_string(e) : NULL;

	free(e);
	return j ? j : json_null();
}
