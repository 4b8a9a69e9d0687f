/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clock reads in one place, so every interval uses the same clock and the
 * same conversion. */
#include "zclock.h"

#include <time.h>

static double
read_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
zclock_mono(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

double
zclock_since(double t0)
{
	return zclock_mono() - t0;
}

double
zclock_real(void)
{
	return read_clock(CLOCK_REALTIME);
}
