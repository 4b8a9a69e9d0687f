/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A long recording without waiting for it: one real scan of the machine
 * (the bench load), then SECONDS refreshes one second apart in which a
 * tenth of the processes burn CPU and a few zombies come and go, written
 * by rec_write as --record would. Then the time to open the recording and
 * seek to its end, as --replay and the view's time cursor do it. */
#include "rec_read.h"
#include "rec_write.h"
#include "snap_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Refresh k: CPU for one process in ten, the last process a zombie in one
 * refresh out of three. */
static void
age(struct snap *s, int k)
{
	s->taken.tv_sec++;
	for (size_t i = (size_t)k % 10; i < s->n; i += 10)
		s->procs[i].cpu_ticks++;
	if (s->n)
		s->procs[s->n - 1].state = k % 3 ? 'S' : 'Z';
}

static int
generate(const char *path, int seconds)
{
	struct rec_write_session ses = {
	    .host = "bench", .interval = 1, .sync_every = 3600};
	struct snap_reader *r = NULL;
	struct snap *s = NULL;
	struct rec_write *w = NULL;
	int rc = snap_reader_new(&r);

	if (rc == 0)
		rc = snap_reader_take(r, NULL, &s);
	unlink(path);
	if (rc == 0)
		rc = rec_write_open(path, &ses, &w);
	for (int k = 0; rc == 0 && k < seconds; k++) {
		struct rec_write_frame f = {.snap = s};

		age(s, k);
		rc = rec_write_add(w, &f);
	}
	if (rec_write_close(w) < 0 && rc == 0)
		rc = -1;
	snap_free(s);
	snap_reader_free(r);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "recgen.ztr";
	int seconds = argc > 2 ? atoi(argv[2]) : 3600;
	struct rec_read *rd = NULL;
	char err[256];
	double t0;
	int rc;

	if (generate(path, seconds) != 0) {
		fprintf(stderr, "recgen: could not write %s\n", path);
		return 1;
	}
	t0 = now();
	rc = rec_read_open(path, &rd, err, sizeof(err));
	if (rc == 0)
		rc = rec_read_seek_time(rd, rec_read_info(rd)->end);
	if (rc < 0) {
		fprintf(stderr, "recgen: %s\n", err);
		rec_read_free(rd);
		return 1;
	}
	printf("%.6f %zu %zu\n", now() - t0, rec_read_count(rd),
	    rec_read_snap(rd)->n);
	rec_read_free(rd);
	return 0;
}
