/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the escaping of untrusted process text: control bytes,
 * terminal escape sequences, invalid and overlong UTF-8, invisible and bidi
 * characters, the ASCII mode, and truncation to small buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* A string literal with its length, so embedded NULs count. */
#define B(lit) lit, sizeof(lit) - 1

static const struct {
	const char *in;
	size_t len;
	unsigned flags;
	const char *want;
} cases[] = {
    {B(""), 0, ""},
    {B("bash"), 0, "bash"},
    {B("a b (c) [d] ~!@#$%^&*_+={}|:;'\"<>,.?/"), 0,
        "a b (c) [d] ~!@#$%^&*_+={}|:;'\"<>,.?/"},
    /* backslash doubles, so "\x1b" typed by a process stays readable */
    {B("a\\b"), 0, "a\\\\b"},
    {B("\\x1b"), 0, "\\\\x1b"},
    {B("line\nbreak"), 0, "line\\nbreak"},
    {B("tab\there"), 0, "tab\\there"},
    {B("nul\0byte"), 0, "nul\\x00byte"},
    {B("\r\a\b\f\v"), 0, "\\x0d\\x07\\x08\\x0c\\x0b"},
    {B("del\x7f"), 0, "del\\x7f"},
    /* terminal escape sequences, byte by byte */
    {B("\x1b[2J"), 0, "\\x1b[2J"},
    {B("\x1b[31mred\x1b[0m"), 0, "\\x1b[31mred\\x1b[0m"},
    {B("\x1b]52;c;aGk=\a"), 0, "\\x1b]52;c;aGk=\\x07"},
    {B("\x1b]52;c;aGk=\x1b\\"), 0, "\\x1b]52;c;aGk=\\x1b\\\\"},
    /* C1 controls as UTF-8: CSI U+009B, NEL U+0085, U+0080, U+009F */
    {B("\xc2\x9b"
       "2J"),
        0, "\\xc2\\x9b2J"},
    {B("\xc2\x85"), 0, "\\xc2\\x85"},
    {B("\xc2\x80\xc2\x9f"), 0, "\\xc2\\x80\\xc2\\x9f"},
    /* C1 as raw single bytes are invalid UTF-8 */
    {B("\x9b"), 0, "\\x9b"},
    /* invalid UTF-8 */
    {B("\xff\xfe"), 0, "\\xff\\xfe"},
    {B("\x80"), 0, "\\x80"},
    {B("\xc0\x80"), 0, "\\xc0\\x80"},
    {B("\xc1\xbf"), 0, "\\xc1\\xbf"},
    {B("\xe0\x80\x80"), 0, "\\xe0\\x80\\x80"},
    {B("\xf0\x80\x80\x80"), 0, "\\xf0\\x80\\x80\\x80"},
    {B("\xed\xa0\x80"), 0, "\\xed\\xa0\\x80"},
    {B("\xed\xbf\xbf"), 0, "\\xed\\xbf\\xbf"},
    {B("\xf4\x90\x80\x80"), 0, "\\xf4\\x90\\x80\\x80"},
    {B("\xf5\x80\x80\x80"), 0, "\\xf5\\x80\\x80\\x80"},
    /* truncated sequences, at the end and before ASCII */
    {B("\xe4\xb8"), 0, "\\xe4\\xb8"},
    {B("\xe4\xb8x"), 0, "\\xe4\\xb8x"},
    {B("\xf0\x9f\x98"), 0, "\\xf0\\x9f\\x98"},
    {B("\xc3"), 0, "\\xc3"},
    {B("\xc3\xc3\xa9"), 0, "\\xc3\xc3\xa9"},
    /* invisible and bidi format characters */
    {B("evil\xe2\x80\xaetxt.exe"), 0, "evil\\xe2\\x80\\xaetxt.exe"},
    {B("a\xe2\x80\x8b"
       "b"),
        0, "a\\xe2\\x80\\x8bb"},
    {B("\xef\xbb\xbf"), 0, "\\xef\\xbb\\xbf"},
    {B("\xe2\x81\xa6"), 0, "\\xe2\\x81\\xa6"},
    {B("\xc2\xad"), 0, "\\xc2\\xad"},
    {B("\xe2\x80\xa8"), 0, "\\xe2\\x80\\xa8"},
    /* valid multi-byte text is kept */
    {B("caf\xc3\xa9"), 0, "caf\xc3\xa9"},
    {B("\xe4\xb8\xad\xe6\x96\x87"), 0, "\xe4\xb8\xad\xe6\x96\x87"},
    {B("\xf0\x9f\x98\x80"), 0, "\xf0\x9f\x98\x80"},
    {B("\xf4\x8f\xbf\xbf"), 0, "\xf4\x8f\xbf\xbf"},
    {B("\xc2\xa0"), 0, "\xc2\xa0"},
    /* ... and escaped with ESC_ASCII */
    {B("caf\xc3\xa9"), ESC_ASCII, "caf\\xc3\\xa9"},
    {B("\xe4\xb8\xad"), ESC_ASCII, "\\xe4\\xb8\\xad"},
    {B("\xf0\x9f\x98\x80!"), ESC_ASCII, "\\xf0\\x9f\\x98\\x80!"},
    {B("a\\b\n\x1b"), ESC_ASCII, "a\\\\b\\n\\x1b"},
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Every code point in s is valid UTF-8 and none is a control. */
static bool
safe_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = escape_utf8_len(p + i, len - i, &cp);

		if (n == 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f))
			return false;
		i += (size_t)n;
	}
	return true;
}

static void
test_escape_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		char out[256];
		size_t n;

		print_message("case %zu: \"%s\"\n", i, cases[i].want);
		memset(out, 'Z', sizeof(out));
		n = escape_buf(cases[i].in, cases[i].len, out, sizeof(out),
		    cases[i].flags);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
		assert_true(safe_utf8(out));
	}
}

static void
test_escape_dup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		char *s = escape_dup(cases[i].in, cases[i].len, cases[i].flags);

		assert_non_null(s);
		assert_string_equal(s, cases[i].want);
		assert_true(safe_utf8(s));
		free(s);
	}
}

/* The worst case: every byte becomes a four-byte escape. */
static void
test_escape_dup_worst_case(void **state)
{
	char in[300];
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)(i % 2 ? 0x1b : 0xff);
	s = escape_dup(in, sizeof(in), 0);
	assert_non_null(s);
	assert_int_equal(strlen(s), 4 * sizeof(in));
	assert_true(safe_utf8(s));
	free(s);
}

/* Every byte value, alone and in a mixed buffer: the output is always
 * safe UTF-8 and ends where it says. */
static void
test_escape_every_byte(void **state)
{
	char all[256], out[256 * 4 + 1];
	size_t n;

	(void)state;
	for (int b = 0; b < 256; b++) {
		char in = (char)b;
		char one[8];
		size_t len = escape_buf(&in, 1, one, sizeof(one), 0);

		assert_int_equal(len, strlen(one));
		assert_true(len == 1 || len == 2 || len == 4);
		assert_true(safe_utf8(one));
		all[b] = (char)b;
	}
	/* 30 controls and DEL as \xNN, \t \n and \\ doubled, 94 printable
	 * bytes, and 128 high bytes that never form a valid sequence here */
	n = escape_buf(all, sizeof(all), out, sizeof(out), 0);
	assert_int_equal(n, strlen(out));
	assert_int_equal(n, 31 * 4 + 3 * 2 + 94 + 128 * 4);
	assert_true(safe_utf8(out));
}

/* Cut to every size, the output is a prefix of the full one that ends on
 * an escape boundary, and is always NUL-terminated. */
static void
test_escape_truncation(void **state)
{
	static const char in[] = "a\\\n\x1b[1m\xc3\xa9\xe4\xb8\xad\xff"
	                         "\xf0\x9f\x98\x80\xe2\x80\xae"
	                         "z";
	/* the full output, cut into its units */
	static const char *const units[] = {"a", "\\\\", "\\n", "\\x1b", "[",
	    "1", "m", "\xc3\xa9", "\xe4\xb8\xad", "\\xff", "\xf0\x9f\x98\x80",
	    "\\xe2", "\\x80", "\\xae", "z"};
	char full[256];

	(void)state;
	full[0] = '\0';
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		strcat(full, units[u]);
	for (size_t size = 0; size <= strlen(full) + 2; size++) {
		char out[256];
		size_t n, want = 0;

		memset(out, 'Z', sizeof(out));
		n = escape_buf(in, sizeof(in) - 1, out, size, 0);
		/* the longest run of whole units that fits with its NUL */
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]) &&
		                   want + strlen(units[u]) + 1 <= size;
		     u++)
			want += strlen(units[u]);
		if (size == 0) {
			assert_int_equal(n, 0);
			assert_int_equal(out[0], 'Z');
			continue;
		}
		assert_int_equal(n, want);
		assert_int_equal(out[n], '\0');
		assert_memory_equal(out, full, n);
		assert_int_equal(out[size], 'Z');
		assert_true(safe_utf8(out));
	}
}

static void
test_utf8_len(void **state)
{
	static const struct {
		const char *s;
		size_t avail;
		int n;
		unsigned cp;
	} cases8[] = {
	    {"A", 1, 1, 'A'},
	    {"\xc3\xa9", 2, 2, 0xe9},
	    {"\xc2\x80", 2, 2, 0x80},
	    {"\xdf\xbf", 2, 2, 0x7ff},
	    {"\xe0\xa0\x80", 3, 3, 0x800},
	    {"\xe4\xb8\xad", 3, 3, 0x4e2d},
	    {"\xed\x9f\xbf", 3, 3, 0xd7ff},
	    {"\xee\x80\x80", 3, 3, 0xe000},
	    {"\xef\xbf\xbf", 3, 3, 0xffff},
	    {"\xf0\x90\x80\x80", 4, 4, 0x10000},
	    {"\xf0\x9f\x98\x80", 4, 4, 0x1f600},
	    {"\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff},
	    {"\xc0\x80", 2, 0, 0},
	    {"\xe0\x80\x80", 3, 0, 0},
	    {"\xed\xa0\x80", 3, 0, 0},
	    {"\xf4\x90\x80\x80", 4, 0, 0},
	    {"\xf8\x88\x80\x80\x80", 5, 0, 0},
	    {"\x80", 1, 0, 0},
	    {"\xe4\xb8\xad", 2, 0, 0},
	    {"\xf0\x9f\x98\x80", 3, 0, 0},
	    {"\xe4\x41\xad", 3, 0, 0},
	    {"\xe4\xb8\x41", 3, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases8) / sizeof(cases8[0]); i++) {
		unsigned cp = 0xdead;
		int n = escape_utf8_len(
		    (const unsigned char *)cases8[i].s, cases8[i].avail, &cp);

		print_message("utf8 case %zu\n", i);
		assert_int_equal(n, cases8[i].n);
		if (n > 0)
			assert_int_equal(cp, cases8[i].cp);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape_table),
	    cmocka_unit_test(test_escape_dup),
	    cmocka_unit_test(test_escape_dup_worst_case),
	    cmocka_unit_test(test_escape_every_byte),
	    cmocka_unit_test(test_escape_truncation),
	    cmocka_unit_test(test_utf8_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
