/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Late or never: the one question a snapshot cannot answer. A reap seen in
 * the window proves the parent reaps; its p99 says whether in time. */
#include "zombie_reaping.h"
#include "zombie_text.h"

#include <stdio.h>

static const char *const codes[] = {
    [ZRP_UNKNOWN] = "unknown",
    [ZRP_PROMPT] = "prompt",
    [ZRP_LATE] = "late",
    [ZRP_NEVER] = "never",
};

enum zombie_reaping
zombie_reaping_of(const struct reapstat_sum *s, int zombies, double waited)
{
	if (s && s->win_count > 0)
		return s->p99 > REAPSTAT_THRESHOLD ? ZRP_LATE : ZRP_PROMPT;
	if (zombies > 0 && waited > REAPSTAT_THRESHOLD)
		return ZRP_NEVER;
	return ZRP_UNKNOWN;
}

const char *
zombie_reaping_code(enum zombie_reaping r)
{
	return r <= ZRP_NEVER ? codes[r] : codes[ZRP_UNKNOWN];
}

int
zombie_reaping_text(enum zombie_reaping r, const struct reapstat_sum *s,
    double waited, char *buf, size_t size)
{
	char p50[32], p99[32], w[32];

	if (r == ZRP_NEVER) {
		zombie_text_age(waited, w, sizeof(w));
		return snprintf(buf, size,
		    " It reaped no child in the last 10 minutes while its "
		    "oldest zombie waited %s: it does not reap at all.",
		    w);
	}
	if ((r != ZRP_LATE && r != ZRP_PROMPT) || !s)
		return snprintf(buf, size, "%s", "");
	snprintf(p50, sizeof(p50), "%.3f s", s->p50);
	snprintf(p99, sizeof(p99), "%.3f s", s->p99);
	if (r == ZRP_PROMPT)
		return snprintf(buf, size,
		    " It reaps its children promptly (%llu in the last 10 "
		    "minutes, median wait %s, p99 %s): these zombies are "
		    "recent.",
		    (unsigned long long)s->win_count, p50, p99);
	return snprintf(buf, size,
	    " It does reap, late: %llu children reaped in the last 10 "
	    "minutes, median wait %s, p99 %s, %llu waited over %.0f s.",
	    (unsigned long long)s->win_count, p50, p99,
	    (unsigned long long)s->win_over, REAPSTAT_THRESHOLD);
}
