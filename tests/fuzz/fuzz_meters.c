/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the parsers of issue 20's /proc files: meters'
 * stat, meminfo and loadavg, and pinspect's fdinfo, io and environ split.
 * The first byte picks the parser; each must stay in bounds and keep its
 * invariants whatever the bytes. */
#include "meters.h"
#include "pinspect.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_stat(const char *buf, size_t len)
{
	struct meters_stat s;
	struct meters_cpu_use u;

	if (meters_parse_stat(buf, len, &s) != 0)
		return;
	if (s.ncpu > METERS_CPU_MAX || (s.ncpu && !s.cpu_id))
		abort();
	for (size_t i = 0; i < s.ncpu; i++) {
		meters_cpu_use(&s.total, &s.cpu[i], &u);
		if (!(u.busy >= 0 && u.busy <= 100.0))
			abort();
	}
	meters_stat_done(&s);
}

static void
check_mem(const char *buf, size_t len)
{
	struct meters_mem m;

	if (meters_parse_meminfo(buf, len, &m) != 0)
		return;
	if (m.used > m.total || m.available > m.total ||
	    m.swap_used > m.swap_total)
		abort();
}

static void
check_env(const char *buf, size_t len)
{
	struct pinspect_env env;
	char *copy = malloc(len ? len : 1);

	if (!copy)
		return;
	memcpy(copy, buf, len);
	memset(&env, 0, sizeof(env));
	if (pinspect_env_split(copy, len, &env) == 0)
		for (size_t i = 0; i < env.nvars; i++)
			if (env.vars[i].s + env.vars[i].len > copy + len)
				abort();
	pinspect_env_done(&env);
}

static void
check_small(int which, const char *buf, size_t len)
{
	struct meters_load l;
	struct pinspect_io io;
	long long pos;
	int flags;

	if (which == 2 && meters_parse_loadavg(buf, len, &l) == 0 &&
	    !(l.avg1 >= 0))
		abort();
	if (which == 3 && pinspect_parse_fdinfo(buf, len, &pos, &flags) == 0 &&
	    (pos < 0 || flags < 0))
		abort();
	if (which == 4)
		pinspect_parse_io(buf, len, &io);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;

	if (size < 1)
		return 0;
	/* An exact-size copy, so reading past the end is caught by ASan. */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	switch (data[0] % 6) {
	case 0:
		check_stat(buf, size - 1);
		break;
	case 1:
		check_mem(buf, size - 1);
		break;
	case 5:
		check_env(buf, size - 1);
		break;
	default:
		check_small(data[0] % 6, buf, size - 1);
		break;
	}
	free(buf);
	return 0;
}
