/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the recording reader: the bytes are a recording.
 * Opening must give 0 or -errno; every refresh it indexed is then visited
 * (in order, backwards, by zombie event) and what it rebuilds is written
 * by the --once writers, so a hostile field that reaches an index into a
 * table of words is caught here. */
#include "out_json.h"
#include "out_text.h"
#include "ptree.h"
#include "rec_read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

/* The rebuilt table must be sorted, with its strings. */
static void
check_state(const struct rec_read *r)
{
	const struct snap *s = rec_read_snap(r);
	const struct zombie_report *rep = rec_read_report(r);
	struct out_text_opts to = {.explain = true, .diag = rep};
	struct ptree *t = NULL;

	if (!s || !rep)
		abort();
	for (size_t i = 0; i < s->n; i++) {
		if (!s->procs[i].comm || !s->procs[i].cmdline ||
		    !s->procs[i].user)
			abort();
		if (i && s->procs[i].pid <= s->procs[i - 1].pid)
			abort();
	}
	if (ptree_build(s, NULL, &t) == 0) {
		out_text_write(sink, t, &to);
		out_json_write_diag(sink, t, rep, NULL);
	}
	ptree_free(t);
	evlog_count(rec_read_log(r));
}

/* A want of rec_read_find_event: checks the refresh it is called on and
 * takes every other one, so the search goes on past some. */
static bool
every_other(const struct rec_read *r, void *arg)
{
	check_state(r);
	return ++*(unsigned *)arg % 2 == 0;
}

static void
walk(struct rec_read *r)
{
	unsigned calls = 0;
	size_t n = rec_read_count(r);
	double t;

	for (size_t i = 0; i < n; i++)
		if (rec_read_seek(r, i) == 0)
			check_state(r);
	if (n && rec_read_seek(r, n - 1) == 0)
		while (rec_read_step(r, -1) == 0)
			check_state(r);
	while (rec_read_next_event(r, 1) == 0)
		check_state(r);
	while (rec_read_find_event(r, -1, every_other, &calls) == 0)
		check_state(r);
	while (rec_read_find_event(r, 1, every_other, &calls) == 0)
		check_state(r);
	if (rec_read_parse_time(r, "-1.5", &t) == 0 &&
	    rec_read_seek_time(r, t) == 0)
		check_state(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_read *r = NULL;
	char err[256];
	int rc;

	if (!sink && !(sink = fopen("/dev/null", "w")))
		return 0;
	rc = rec_read_open_mem(data, size, &r, err, sizeof(err));
	if (rc < 0) {
		/* An error always comes with a message. */
		if (r || !err[0] || strlen(err) >= sizeof(err))
			abort();
		return 0;
	}
	walk(r);
	rec_read_free(r);
	return 0;
}
