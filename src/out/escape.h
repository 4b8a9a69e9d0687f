/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Makes untrusted process text (comm, cmdline, user) safe for a terminal
 * and for JSON: control bytes, invalid UTF-8 and invisible or bidi format
 * characters become visible escapes; the result is valid UTF-8. */
#ifndef ZT_ESCAPE_H
#define ZT_ESCAPE_H

#include <stddef.h>

enum {
	ESC_ASCII = 1 << 0, /* escape every non-ASCII byte too */
};

/* Writes the escaped form of in[0..len) into out (always NUL-terminated
 * when size > 0), never cutting an escape in half. Returns the bytes
 * written, not counting the NUL. */
size_t escape_buf(
    const char *in, size_t len, char *out, size_t size, unsigned flags);

/* The same into a new string; the caller owns it. NULL on ENOMEM. */
char *escape_dup(const char *in, size_t len, unsigned flags);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid; *cp gets
 * the code point. */
int escape_utf8_len(const unsigned char *s, size_t avail, unsigned *cp);

#endif
