/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --once: one snapshot, one tree, one writer. Decides the presentation
 * (colour, ASCII, width) from the terminal and the environment. */
#include "once.h"
#include "out_json.h"
#include "out_text.h"
#include "ptree.h"
#include "snap.h"
#include "snap_reader.h"
#include "zombie.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void
once_text_opts(const struct cli_opts *o, struct out_text_opts *t)
{
	struct winsize ws;
	bool tty = isatty(STDOUT_FILENO);
	const char *nc = getenv("NO_COLOR");

	t->ascii = o->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	t->color = tty && !o->no_color && !(nc && *nc);
	t->width = 0;
	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		t->width = ws.ws_col;
}

/* One snapshot sees no zombie appear: ages are unknown (null). */
static int
write_tree(const struct cli_opts *o, const struct ptree *t)
{
	struct zombie_report rep;
	struct out_text_opts to;
	int rc = zombie_analyze(t, NULL, &rep);

	if (rc < 0)
		return rc;
	if (o->json) {
		rc = out_json_write_diag(stdout, t, &rep, NULL);
	} else {
		once_text_opts(o, &to);
		to.diag = &rep;
		to.explain = o->explain;
		rc = out_text_write(stdout, t, &to);
	}
	zombie_report_done(&rep);
	return rc;
}

int
once_write(const struct cli_opts *o, const struct snap *s, pid_t root)
{
	struct ptree_filter f = {.pids = o->pids,
	    .npids = o->npids,
	    .zombies_only = o->zombies_only};
	struct ptree *t = NULL;
	int rc;

	if (cli_user_filter(o, &f.by_uid, &f.uid) < 0)
		return 2;
	if (!o->npids && root) {
		f.pids = &root;
		f.npids = 1;
	}
	rc = ptree_build(s, &f, &t);
	for (int i = 0; rc == 0 && snap_warning(s, i); i++)
		fprintf(stderr, "zombietop: warning: %s\n", snap_warning(s, i));
	if (rc == 0)
		rc = write_tree(o, t);
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	ptree_free(t);
	return rc < 0 ? 1 : 0;
}

/* -p names processes that must exist: one that does not is an error (the
 * tree of the others is still printed). Returns how many are missing. */
static int
missing_pids(const struct cli_opts *o, const struct snap *s)
{
	int n = 0;

	for (size_t i = 0; i < o->npids; i++)
		if (!snap_find(s, o->pids[i])) {
			fprintf(stderr, "zombietop: no process %d\n",
			    (int)o->pids[i]);
			n++;
		}
	return n;
}

int
once_run(const struct cli_opts *o)
{
	struct snap_reader *r = NULL;
	struct snap *s = NULL;
	int rc;

	rc = snap_reader_new(&r);
	if (rc == 0)
		rc = snap_reader_take(r, NULL, &s);
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	else if ((rc = once_write(o, s, 0)) == 0 && missing_pids(o, s) > 0)
		rc = 1;
	snap_free(s);
	snap_reader_free(r);
	return rc < 0 ? 1 : rc;
}
