/* SPDX-License-Identifier: GPL-2.0-or-later */
/* When each zombie was first seen: /proc keeps no exit time, so the live
 * view remembers (pid, start_ticks) from refresh to refresh and ages a
 * zombie from the refresh that first showed it. */
#ifndef ZT_ZOMBIE_AGES_H
#define ZT_ZOMBIE_AGES_H

#include <sys/types.h>

#include "snap.h"

struct zombie_ages;

int zombie_ages_new(struct zombie_ages **out);
void zombie_ages_free(struct zombie_ages *a);

/* Records the zombies of s (at s->taken). Zombies present at the first
 * update predate us: their age stays unknown. One that appears later is
 * aged from that update on. Entries of reaped zombies are dropped, keyed
 * by (pid, start_ticks). Returns 0 or -ENOMEM. */
int zombie_ages_update(struct zombie_ages *a, const struct snap *s);

/* Seconds since the zombie (pid, start_ticks) appeared, as of time now
 * (CLOCK_REALTIME seconds, like snap->taken); -1 when unknown. a may be
 * NULL (batch mode). */
double zombie_ages_get(const struct zombie_ages *a, pid_t pid,
    unsigned long long start_ticks, double now);

#endif
