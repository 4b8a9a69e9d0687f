/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Option values that are lists or sizes, checked one by one so that the
 * message names the bad part. */
#include "cli_args.h"
#include "conf.h"
#include "lab.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
cli_arg_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

/* --columns: names as the titles say them, each once. */
static int
add_column(const char *tok, struct cli_opts *o, char *err, size_t errsize)
{
	int c = conf_column_parse(tok);

	if (c < 0) {
		snprintf(err, errsize, "unknown column '%s'", tok);
		return -EINVAL;
	}
	for (size_t i = 0; i < o->nshow_cols; i++)
		if (o->show_cols[i] == c) {
			snprintf(err, errsize, "column '%s' given twice", tok);
			return -EINVAL;
		}
	o->show_cols[o->nshow_cols++] = c;
	return 0;
}

int
cli_arg_columns(const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	o->nshow_cols = 0;
	for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
	     tok = strtok_r(NULL, ",", &save))
		rc = add_column(tok, o, err, errsize);
	free(copy);
	return rc;
}

int
cli_arg_pids(const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;
	long v;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		if (cli_arg_int(tok, 1, INT_MAX, &v) < 0) {
			snprintf(err, errsize, "invalid PID '%s'", tok);
			rc = -EINVAL;
		} else if (o->npids == CLI_MAX_PIDS) {
			snprintf(err, errsize, "at most %d PIDs", CLI_MAX_PIDS);
			rc = -EINVAL;
		} else {
			o->pids[o->npids++] = (pid_t)v;
		}
	}
	free(copy);
	return rc;
}

int
cli_arg_demo(const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	char bad[32];
	unsigned mask;

	if (lab_parse_names(arg, &mask, bad, sizeof(bad)) < 0) {
		snprintf(err, errsize, "unknown lab scenario '%s' (see --help)",
		    bad);
		return -EINVAL;
	}
	o->demo = true;
	o->demo_mask |= mask;
	return 0;
}

/* "10M": bytes, with a binary suffix K, M or G; at least 64 KiB. */
int
cli_arg_size(const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	char *end;
	long long v;
	int shift = 0;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	else if (*end == 'G' || *end == 'g')
		shift = 30, end++;
	if (errno || end == arg || *end || v <= 0 || v > (1LL << 40) ||
	    (v << shift) < 65536) {
		snprintf(err, errsize,
		    "invalid --max-size '%s': bytes (K, M, G), at least 64K",
		    arg);
		return -EINVAL;
	}
	o->max_size = v << shift;
	return 0;
}
