/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The check mode's driver: scan, tree, count, one line. Everything that
 * goes wrong is UNKNOWN (3), on stdout, as monitoring systems read it. */
#include "nagios.h"
#include "out_nagios.h"
#include "ptree.h"
#include "snap.h"
#include "snap_reader.h"
#include "zombie.h"

#include <stdio.h>
#include <string.h>

bool
nagios_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "--check"))
			return true;
	}
	return false;
}

int
nagios_unknown(const char *msg)
{
	printf("ZOMBIES UNKNOWN - %s\n", msg);
	fflush(stdout);
	return NAGIOS_EXIT_UNKNOWN;
}

/* The diagnosis reason of the parent the line names, or NULL. */
static const char *
top_reason(const struct ptree *t, const struct out_nagios_result *r,
    const struct zombie_report *rep)
{
	const struct zombie_diag *d;

	if (r->top_node < 0)
		return NULL;
	d = zombie_report_find(rep, t->snap->procs[r->top_node].pid);
	return d ? zombie_reason_code(d->reason) : NULL;
}

static int
check_tree(const struct cli_opts *o, const struct ptree *t)
{
	struct out_nagios_opts co = {
	    .warn = o->warn, .crit = o->crit, .max_age = o->max_age};
	struct out_nagios_result r;
	struct zombie_report rep = {0};
	int rc = out_nagios_eval(t, &co, &r);

	if (rc == 0)
		rc = zombie_analyze(t, NULL, &rep);
	if (rc == 0)
		rc = out_nagios_write(
		    stdout, t, &co, &r, top_reason(t, &r, &rep));
	zombie_report_done(&rep);
	if (rc < 0)
		return nagios_unknown(strerror(-rc));
	return (int)r.status;
}

int
nagios_run(const struct cli_opts *o)
{
	struct snap_reader *r = NULL;
	struct snap *s = NULL;
	struct ptree *t = NULL;
	char msg[160];
	int rc;

	rc = snap_reader_new(&r);
	if (rc == 0)
		rc = snap_reader_take(r, NULL, &s);
	if (rc == 0)
		rc = ptree_build(s, NULL, &t);
	for (int i = 0; rc == 0 && snap_warning(s, i); i++)
		fprintf(stderr, "zombietop: warning: %s\n", snap_warning(s, i));
	if (rc < 0) {
		snprintf(
		    msg, sizeof(msg), "cannot scan /proc: %s", strerror(-rc));
		rc = nagios_unknown(msg);
	} else {
		rc = check_tree(o, t);
	}
	ptree_free(t);
	snap_free(s);
	snap_reader_free(r);
	return rc;
}
