/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one clock helper: seconds as a double. zclock_mono for intervals and
 * deadlines (a change of the wall clock must not stretch them), zclock_real
 * for times shown to people or compared with a snapshot's time. */
#ifndef ZT_ZCLOCK_H
#define ZT_ZCLOCK_H

/* CLOCK_MONOTONIC in seconds. */
double zclock_mono(void);

/* Seconds of CLOCK_MONOTONIC since t0, an earlier zclock_mono(). */
double zclock_since(double t0);

/* CLOCK_REALTIME in seconds since the epoch. */
double zclock_real(void);

#endif
