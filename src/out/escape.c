/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One escaping rule for every place a process's bytes are shown: a
 * backslash doubles, \n and \t keep their C names, anything else unsafe is
 * \xNN per byte, so the original bytes can be read back from the output. */
#include "escape.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int
escape_utf8_len(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	int n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F; /* no UTF-16 surrogates */
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if ((size_t)n > avail || s[1] < lo || s[1] > hi)
		return 0;
	*cp = c & (0xFFu >> (n + 1));
	*cp = (*cp << 6) | (s[1] & 0x3F);
	for (int i = 2; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

/* C1 controls, and the invisible format characters that can hide or
 * reorder text (bidi overrides, zero-width spaces, BOM). */
static bool
unsafe_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x00AD ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

struct sink {
	char *out;
	size_t size, n;
	bool full;
};

static void
put(struct sink *s, const char *p, size_t n)
{
	if (s->full || s->n + n + 1 > s->size) {
		s->full = true;
		return;
	}
	memcpy(s->out + s->n, p, n);
	s->n += n;
}

static void
put_hex(struct sink *s, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = {'\\', 'x', 0, 0};

	for (size_t i = 0; i < n; i++) {
		e[2] = hex[p[i] >> 4];
		e[3] = hex[p[i] & 15];
		put(s, e, 4);
	}
}

static size_t
escape_one(struct sink *s, const unsigned char *p, size_t avail, unsigned flags)
{
	unsigned cp;
	int n;

	if (*p == '\\') {
		put(s, "\\\\", 2);
		return 1;
	}
	if (*p == '\n' || *p == '\t') {
		put(s, *p == '\n' ? "\\n" : "\\t", 2);
		return 1;
	}
	if (*p < 0x20 || *p == 0x7F) {
		put_hex(s, p, 1);
		return 1;
	}
	n = escape_utf8_len(p, avail, &cp);
	if (n == 0) {
		put_hex(s, p, 1);
		return 1;
	}
	if (unsafe_cp(cp) || (n > 1 && (flags & ESC_ASCII)))
		put_hex(s, p, (size_t)n);
	else
		put(s, (const char *)p, (size_t)n);
	return (size_t)n;
}

size_t
escape_buf(const char *in, size_t len, char *out, size_t size, unsigned flags)
{
	struct sink s = {out, size, 0, size == 0};
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;

	while (i < len && !s.full)
		i += escape_one(&s, p + i, len - i, flags);
	if (size > 0)
		out[s.n] = '\0';
	return s.n;
}

char *
escape_dup(const char *in, size_t len, unsigned flags)
{
	/* Worst case: every byte becomes \xNN. */
	size_t size = len * 4 + 1;
	char *out = malloc(size);

	if (out)
		escape_buf(in, len, out, size, flags);
	return out;
}
