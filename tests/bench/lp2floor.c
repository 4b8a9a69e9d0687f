/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libproc2's share of a refresh: N passes of the adapter's per-refresh scan
 * (lp2_scan) with a callback that does nothing. Set against the floor, it
 * shows what the collector costs; set against --bench-refresh, what
 * zombietop adds to it. */
#include "lp2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
count(void *ctx, const struct lp2_row *row)
{
	(void)row;
	++*(long *)ctx;
}

int
main(int argc, char **argv)
{
	int passes = argc > 1 ? atoi(argv[1]) : 10;
	struct lp2 *lp = NULL;
	long rows = 0;
	int rc = lp2_new(&lp);

	for (int i = 0; rc >= 0 && i < passes; i++)
		rc = lp2_scan(lp, count, &rows);
	lp2_free(lp);
	if (rc < 0) {
		fprintf(stderr, "lp2floor: %s\n", strerror(-rc));
		return 1;
	}
	printf("%ld\n", rows);
	return 0;
}
