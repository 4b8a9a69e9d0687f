/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of late-or-never: a parent with timed reaps in the window is
 * late or prompt by its p99; one without reaps whose zombies waited past
 * the threshold never reaps; too little to go on is unknown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "zombie_reaping.h"

static struct reapstat_sum
sum(uint64_t reaps, double p50, double p99)
{
	struct reapstat_sum s;

	memset(&s, 0, sizeof(s));
	s.win_exits = s.exits = reaps + 2;
	s.win_count = s.count = reaps;
	s.p50 = reaps ? p50 : -1;
	s.p99 = s.max = reaps ? p99 : -1;
	s.win_over = p99 > REAPSTAT_THRESHOLD ? 1 : 0;
	return s;
}

static void
test_late_and_prompt(void **state)
{
	struct reapstat_sum late = sum(120, 0.002, 1.4),
	                    quick = sum(50, 0.15, 0.17);
	char buf[512];

	(void)state;
	assert_int_equal(zombie_reaping_of(&late, 3, 600), ZRP_LATE);
	assert_string_equal(zombie_reaping_code(ZRP_LATE), "late");
	zombie_reaping_text(ZRP_LATE, &late, 600, buf, sizeof(buf));
	assert_non_null(strstr(buf, "120 children reaped"));
	assert_non_null(strstr(buf, "p99 1.400 s"));
	/* Prompt reaps: its zombies of now are recent, whatever they wait. */
	assert_int_equal(zombie_reaping_of(&quick, 1, 600), ZRP_PROMPT);
	assert_int_equal(zombie_reaping_of(&quick, 0, -1), ZRP_PROMPT);
}

static void
test_never_and_unknown(void **state)
{
	struct reapstat_sum none = sum(0, 0, 0);
	char buf[512];

	(void)state;
	assert_int_equal(zombie_reaping_of(&none, 2, 90), ZRP_NEVER);
	assert_int_equal(zombie_reaping_of(NULL, 2, 90), ZRP_NEVER);
	zombie_reaping_text(ZRP_NEVER, &none, 90, buf, sizeof(buf));
	assert_non_null(strstr(buf, "does not reap at all"));
	/* Not long enough, no zombie, or no age: cannot tell. */
	assert_int_equal(zombie_reaping_of(&none, 2, 0.5), ZRP_UNKNOWN);
	assert_int_equal(zombie_reaping_of(&none, 0, 90), ZRP_UNKNOWN);
	assert_int_equal(zombie_reaping_of(NULL, 2, -1), ZRP_UNKNOWN);
	assert_int_equal(
	    zombie_reaping_text(ZRP_UNKNOWN, NULL, -1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_string_equal(zombie_reaping_code(ZRP_NEVER), "never");
	assert_string_equal(zombie_reaping_code(ZRP_UNKNOWN), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_late_and_prompt),
	    cmocka_unit_test(test_never_and_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
