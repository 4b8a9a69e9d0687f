/* --once: one snapshot, one tree, one writer. Decides the presentation
 * (colour, ASCII, width) from the terminal and the environment. */
#include "batch.h"
#include "out_json.h"
#include "out_text.h"
#include "ptree.h"
#include "ui_action.h"
#include "snap.h"
#include "snap_reader.h"
#include "ui_view.h"
#include "zombie.h"
#include "zombie_ages.h"

#include <langinfo.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int
resolve_user(const char *name, uid_t *uid)
{
	struct passwd *pw = getpwnam(name);
	char *end;
	unsigned long v;

	if (pw) {
		*uid = pw->pw_uid;
		return 0;
	}
	v = strtoul(name, &end, 10);
	if (*name && !*end) {
		*uid = (uid_t)v;
		return 0;
	}
	return -1;
}

static void
text_opts(const struct cli_opts *o, struct out_text_opts *t)
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
		text_opts(o, &to);
		to.diag = &rep;
		to.explain = o->explain;
		rc = out_text_write(stdout, t, &to);
	}
	zombie_report_done(&rep);
	return rc;
}

int
batch_write(const struct cli_opts *o, const struct snap *s, pid_t root)
{
	struct ptree_filter f = {.pids = o->pids,
	    .npids = o->npids,
	    .zombies_only = o->zombies_only};
	struct ptree *t = NULL;
	int rc;

	if (o->user && resolve_user(o->user, &f.uid) < 0) {
		fprintf(stderr, "zombietop: no such user '%s'\n", o->user);
		return 2;
	}
	f.by_uid = o->user != NULL;
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
batch_once(const struct cli_opts *o)
{
	struct snap_reader *r = NULL;
	struct snap *s = NULL;
	int rc;

	rc = snap_reader_new(&r);
	if (rc == 0)
		rc = snap_reader_take(r, NULL, &s);
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	else if ((rc = batch_write(o, s, 0)) == 0 && missing_pids(o, s) > 0)
		rc = 1;
	snap_free(s);
	snap_reader_free(r);
	return rc < 0 ? 1 : rc;
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

/* CPU seconds of the whole process, every thread. */
static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The live view's own refresh, N times, without a terminal, the way the
 * view runs it: scan on the scanner's thread (strings moved from the last
 * snapshot) while this thread polls, then tree, rows, CPU, ages, event
 * watch and diagnosis here. To stderr: the slowest refresh (wall clock) and the
 * longest stretch this thread spent away from polling, which is how long
 * the view's keys can wait on a refresh; then the CPU per refresh. The
 * first refresh, which reads every command line, is left out of all. */
int
batch_bench(const struct cli_opts *o)
{
	struct ui_view_opts vo = {.ascii = true};
	struct ui_view *v = NULL;
	struct ui_act *act = NULL;
	double worst = 0, block = 0, start, t0, cpu0;
	int rc = ui_view_new(&vo, &v);

	/* The event watch too, as the view runs it on each refresh. */
	if (rc == 0 && (rc = ui_action_new(&act)) == 0) {
		v->on_snap = ui_action_snap;
		v->on_snap_arg = act;
	}
	if (rc == 0)
		rc = ui_view_refresh(v);
	cpu0 = cpu_now();
	for (int i = 1; rc >= 0 && i < o->bench_refresh; i++) {
		start = t0 = ui_view_mono();
		rc = ui_view_scan_start(v);
		/* Each pass times one call on this thread: the start, then
		 * each poll, the last of which adopts the new snapshot. */
		while (rc == 0) {
			block = dmax(block, ui_view_mono() - t0);
			nanosleep(&(struct timespec){0, 1000000L}, NULL);
			t0 = ui_view_mono();
			rc = ui_view_scan_collect(v);
		}
		block = dmax(block, ui_view_mono() - t0);
		worst = dmax(worst, ui_view_mono() - start);
	}
	if (rc < 0)
		fprintf(stderr, "zombietop: %s\n", strerror(-rc));
	else
		fprintf(stderr,
		    "slowest refresh: %.6f s\nlongest input block: %.6f s\n"
		    "steady refresh CPU: %.6f s per pass\n",
		    worst, block,
		    (cpu_now() - cpu0) /
		        (o->bench_refresh > 1 ? o->bench_refresh - 1 : 1));
	ui_view_free(v);
	ui_action_free(act);
	return rc < 0 ? 1 : 0;
}

int
batch_resolve_user(const char *name, uid_t *uid)
{
	return resolve_user(name, uid);
}
