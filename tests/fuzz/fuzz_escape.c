/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the escaping of untrusted names: the output must be
 * valid UTF-8 with no control byte, and unescaping it must give back the
 * input bytes exactly. */
#include "escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                              : -1;
}

/* Reverses escape_buf; returns the decoded length or -1 if malformed. */
static long
unescape(const char *s, char *out)
{
	long n = 0;

	while (*s) {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		if (*s == '\\' || *s == 'n' || *s == 't') {
			out[n++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : '\\';
			s++;
		} else if (*s == 'x' && hexval(s[1]) >= 0 &&
		           hexval(s[2]) >= 0) {
			out[n++] = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 3;
		} else {
			return -1;
		}
	}
	return n;
}

static void
check_output(const char *out, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		int k = escape_utf8_len(p + i, len - i, &cp);

		if (k == 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			abort();
		if ((flags & ESC_ASCII) && k > 1)
			abort();
		i += (size_t)k;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags = size && (data[0] & 1) ? ESC_ASCII : 0;
	char *out = escape_dup((const char *)data, size, flags);
	char *back = malloc(size + 1);
	char small[16];
	size_t n;

	if (!out || !back)
		abort();
	check_output(out, strlen(out), flags);
	if (memchr(data, 0, size) == NULL) {
		if (unescape(out, back) != (long)size ||
		    memcmp(back, data, size) != 0)
			abort();
	}
	/* A small buffer truncates but never cuts an escape in half. */
	n = escape_buf((const char *)data, size, small, sizeof(small), flags);
	if (n >= sizeof(small) || small[n] != '\0' || unescape(small, back) < 0)
		abort();
	free(out);
	free(back);
	return 0;
}
