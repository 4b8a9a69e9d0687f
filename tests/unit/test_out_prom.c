/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the Prometheus writer on snapshots built in memory: the
 * exact families, HELP and TYPE lines, counts by state, grouping and the
 * 20-series cap with its "other" bucket, and label escaping of hostile
 * names; plus the atomic replacement of the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "out_prom.h"
#include "ptree.h"
#include "snap.h"

struct p {
	pid_t pid, ppid;
	char state;
	int threads;
	const char *comm;
};

static struct snap *
make_snap(const struct p *procs, size_t n)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		struct snap_proc t = {.pid = procs[i].pid,
		    .ppid = procs[i].ppid,
		    .state = procs[i].state,
		    .threads = procs[i].threads ? procs[i].threads : 1,
		    .comm = (char *)procs[i].comm};

		assert_int_equal(snap_add(s, &t), 0);
	}
	snap_sort(s);
	return s;
}

/* The writer's output for t and parents, as a string the caller frees. */
static char *
render(const struct ptree *t, const struct out_prom_parent *parents, size_t n,
    double age)
{
	struct out_prom_input in = {.tree = t,
	    .parents = parents,
	    .nparents = n,
	    .oldest_age = age,
	    .scrape_duration = 0.25,
	    .last_success = 1700000000.5};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	assert_int_equal(out_prom_write(f, &in), 0);
	fclose(f);
	return buf;
}

static const struct p sample[] = {
    {1, 0, 'S', 1, "init"},
    {10, 1, 'S', 1, "zmaker"},
    {11, 10, 'Z', 1, "zmaker"},
    {12, 10, 'Z', 1, "zmaker"},
    {13, 10, 'Z', 1, "zmaker"},
    {20, 1, 'Z', 3, "threads"},
    {30, 1, 'R', 1, "r"},
    {31, 1, 'D', 1, "d"},
    {32, 1, 'T', 1, "t1"},
    {33, 1, 't', 1, "t2"},
    {34, 1, 't', 1, "t3"},
    {40, 2, 'I', 1, "kworker"},
    {2, 0, 'S', 1, "kthreadd"},
    {50, 1, 'X', 1, "dead"},
};

static const char expected_sample[] =
    "# HELP zombietop_zombies Reapable zombie processes.\n"
    "# TYPE zombietop_zombies gauge\n"
    "zombietop_zombies 3\n"
    "# HELP zombietop_leader_exited Thread-group leaders that exited while "
    "other threads still run (state Z but alive, not reapable).\n"
    "# TYPE zombietop_leader_exited gauge\n"
    "zombietop_leader_exited 1\n"
    "# HELP zombietop_zombie_parents Processes with at least one reapable "
    "zombie child.\n"
    "# TYPE zombietop_zombie_parents gauge\n"
    "zombietop_zombie_parents 1\n"
    "# HELP zombietop_zombies_by_parent Reapable zombies by parent command "
    "and diagnosis reason (at most 20 series; the smallest are summed in "
    "parent_comm=\"other\", reason=\"other\").\n"
    "# TYPE zombietop_zombies_by_parent gauge\n"
    "zombietop_zombies_by_parent{parent_comm=\"zmaker\","
    "reason=\"no_handler\"} 3\n"
    "# HELP zombietop_oldest_zombie_age_seconds Seconds since the oldest "
    "zombie whose exit zombietop saw became a zombie (exact with kernel "
    "process events, else from the scan that first showed it); 0 when "
    "unknown.\n"
    "# TYPE zombietop_oldest_zombie_age_seconds gauge\n"
    "zombietop_oldest_zombie_age_seconds 0.000\n"
    "# HELP zombietop_processes Processes (thread groups) by state letter "
    "as the kernel shows it.\n"
    "# TYPE zombietop_processes gauge\n"
    "zombietop_processes{state=\"R\"} 1\n"
    "zombietop_processes{state=\"S\"} 3\n"
    "zombietop_processes{state=\"D\"} 1\n"
    "zombietop_processes{state=\"Z\"} 4\n"
    "zombietop_processes{state=\"T\"} 1\n"
    "zombietop_processes{state=\"t\"} 2\n"
    "zombietop_processes{state=\"I\"} 1\n"
    "# HELP zombietop_child_exits_total Children that exited, by parent "
    "command (kernel process events; scans when they are off), at most 20 "
    "series, the rest in parent_comm=\"other\".\n"
    "# TYPE zombietop_child_exits_total counter\n"
    "# HELP zombietop_reap_latency_seconds Seconds from a child's exit to "
    "its reap by the parent, by parent command.\n"
    "# TYPE zombietop_reap_latency_seconds histogram\n"
    "# HELP zombietop_events_lost_total Kernel process events lost (socket "
    "overflow); each loss triggers a full rescan.\n"
    "# TYPE zombietop_events_lost_total counter\n"
    "zombietop_events_lost_total 0\n"
    "# HELP zombietop_events_enabled 1 when kernel process events feed "
    "zombietop (exact exit times), 0 when it works from scans alone.\n"
    "# TYPE zombietop_events_enabled gauge\n"
    "zombietop_events_enabled 0\n"
    "# HELP zombietop_scrape_duration_seconds Seconds zombietop took to "
    "scan /proc and analyse the zombies.\n"
    "# TYPE zombietop_scrape_duration_seconds gauge\n"
    "zombietop_scrape_duration_seconds 0.250000\n"
    "# HELP zombietop_last_success_timestamp_seconds Unix time of the last "
    "successful scan.\n"
    "# TYPE zombietop_last_success_timestamp_seconds gauge\n"
    "zombietop_last_success_timestamp_seconds 1700000000.500\n";

static void
test_whole_output(void **state)
{
	struct snap *s = make_snap(sample, sizeof(sample) / sizeof(sample[0]));
	struct ptree *t = NULL;
	struct out_prom_parent par = {"zmaker", "no_handler", 3};
	char *out;

	(void)state;
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	out = render(t, &par, 1, -1);
	assert_string_equal(out, expected_sample);
	free(out);
	ptree_free(t);
	snap_free(s);
}

static void
test_age_and_empty(void **state)
{
	static const struct p quiet[] = {{1, 0, 'S', 1, "init"}};
	struct snap *s = make_snap(quiet, 1);
	struct ptree *t = NULL;
	char *out;

	(void)state;
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	out = render(t, NULL, 0, 42.5);
	assert_non_null(strstr(out, "\nzombietop_zombies 0\n"));
	assert_non_null(strstr(out, "\nzombietop_zombie_parents 0\n"));
	assert_non_null(
	    strstr(out, "\nzombietop_oldest_zombie_age_seconds 42.500\n"));
	assert_null(strstr(out, "zombietop_zombies_by_parent{"));
	/* The family is declared even without series. */
	assert_non_null(
	    strstr(out, "# TYPE zombietop_zombies_by_parent gauge\n"));
	free(out);
	ptree_free(t);
	snap_free(s);
}

static size_t
count_lines(const char *out, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);

	for (const char *l = out; l && *l;
	     l = strchr(l, '\n'), l = l ? l + 1 : l)
		n += strncmp(l, prefix, len) == 0;
	return n;
}

/* 25 parents with 1..25 zombies and two more for p25: the 19 largest
 * series stay, the rest go to "other"; two parents with the same comm and
 * reason are one series. */
static void
test_cap_and_grouping(void **state)
{
	static const struct p one[] = {{1, 0, 'S', 1, "init"}};
	struct snap *s = make_snap(one, 1);
	struct ptree *t = NULL;
	struct out_prom_parent par[27];
	char names[25][16], *out;

	(void)state;
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	for (int i = 0; i < 25; i++) {
		snprintf(names[i], sizeof(names[i]), "p%02d", i + 1);
		par[i] = (struct out_prom_parent){
		    names[i], i % 2 ? "handler_missed" : "no_handler", i + 1};
	}
	/* p25 again with its reason: merged; with another: its own. */
	par[25] = (struct out_prom_parent){"p25", "no_handler", 100};
	par[26] = (struct out_prom_parent){"p25", "parent_stopped", 7};
	out = render(t, par, 27, -1);
	assert_int_equal(count_lines(out, "zombietop_zombies_by_parent{"),
	    OUT_PROM_MAX_SERIES);
	assert_non_null(strstr(out, "{parent_comm=\"p25\",reason=\"no_handler\""
	                            "} 125\n"));
	/* 26 series, the 19 largest kept: 125, 24..8 and one 7. The 7 of p07
	 * and of p25/parent_stopped tie, broken by name: p07 stays, the
	 * other 7 and 1..6 are summed. */
	assert_non_null(strstr(out, "{parent_comm=\"p07\","
	                            "reason=\"no_handler\"} 7\n"));
	assert_null(strstr(out, "reason=\"parent_stopped\""));
	assert_null(strstr(out, "parent_comm=\"p06\""));
	assert_non_null(strstr(out, "{parent_comm=\"other\",reason=\"other\"} "
	                            "28\n"));
	/* Largest first, the bucket last. */
	assert_true(
	    strstr(out, "p25\",reason=\"no_handler") < strstr(out, "p24\""));
	assert_true(
	    strstr(out, "p07\"") < strstr(out, "{parent_comm=\"other\""));
	free(out);
	ptree_free(t);
	snap_free(s);
}

/* Exactly 20 series: no bucket, nothing dropped. */
static void
test_cap_boundary(void **state)
{
	static const struct p one[] = {{1, 0, 'S', 1, "init"}};
	struct snap *s = make_snap(one, 1);
	struct ptree *t = NULL;
	struct out_prom_parent par[20];
	char names[20][16], *out;

	(void)state;
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof(names[i]), "q%02d", i);
		par[i] = (struct out_prom_parent){names[i], "no_handler", 1};
	}
	out = render(t, par, 20, -1);
	assert_int_equal(count_lines(out, "zombietop_zombies_by_parent{"), 20);
	assert_null(strstr(out, "{parent_comm=\"other\""));
	assert_non_null(strstr(out, "parent_comm=\"q19\""));
	free(out);
	ptree_free(t);
	snap_free(s);
}

static void
test_label_escaping(void **state)
{
	char out[128];

	(void)state;
	/* escape_buf doubles the backslash and names the newline; the
	 * exposition format then escapes both backslashes and the quote. */
	out_prom_label("a\"b\\c\nd", 7, out, sizeof(out));
	assert_string_equal(out, "a\\\"b\\\\\\\\c\\\\nd");
	out_prom_label("\033[2J)", 5, out, sizeof(out));
	assert_string_equal(out, "\\\\x1b[2J)");
	out_prom_label("bad\377", 4, out, sizeof(out));
	assert_string_equal(out, "bad\\\\xff");
	out_prom_label("中文", strlen("中文"), out, sizeof(out));
	assert_string_equal(out, "中文");
	/* Never cut an escape in half, always terminated. */
	out_prom_label("\"\"\"", 3, out, 6);
	assert_string_equal(out, "\\\"\\\"");
	assert_int_equal(out_prom_label("x", 1, out, 0), 0);
}

static void
test_hostile_series_is_one_line(void **state)
{
	static const struct p one[] = {{1, 0, 'S', 1, "init"}};
	struct snap *s = make_snap(one, 1);
	struct ptree *t = NULL;
	struct out_prom_parent par = {"x\"} 9\nevil 1", "no_handler", 2};
	char *out;

	(void)state;
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	out = render(t, &par, 1, -1);
	assert_non_null(strstr(out, "\nzombietop_zombies_by_parent{parent_comm="
	                            "\"x\\\"} 9\\\\nevil 1\","
	                            "reason=\"no_handler\"} 2\n"));
	assert_int_equal(count_lines(out, "evil"), 0);
	free(out);
	ptree_free(t);
	snap_free(s);
}

/* Parents and the oldest age come from the diagnosis report; a parent of
 * exited leaders only (no reapable zombie) gives no series. */
static void
test_parents_from_report(void **state)
{
	static const struct p procs[] = {{1, 0, 'S', 1, "init"},
	    {10, 1, 'S', 1, "web"}, {11, 10, 'Z', 1, "w"},
	    {20, 1, 'T', 1, "cron"}, {21, 20, 'Z', 1, "c"},
	    {30, 1, 'S', 1, "pool"}, {31, 30, 'Z', 2, "l"}};
	struct snap *s = make_snap(procs, sizeof(procs) / sizeof(procs[0]));
	struct ptree *t = NULL;
	struct zombie_diag diags[3] = {{.ppid = 10,
	                                   .reason = ZR_NO_HANDLER,
	                                   .zombies = 1,
	                                   .oldest_age = -1},
	    {.ppid = 20,
	        .reason = ZR_PARENT_STOPPED,
	        .zombies = 1,
	        .oldest_age = 12.5},
	    {.ppid = 30,
	        .reason = ZR_NO_HANDLER,
	        .leader_exited = 1,
	        .oldest_age = 99}};
	struct zombie_report r = {.diags = diags, .n = 3};
	struct out_prom_parent *par = NULL;
	size_t n = 0;
	double oldest = 0;
	char *out;

	(void)state;
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	assert_int_equal(out_prom_parents(t, &r, &par, &n, &oldest), 0);
	assert_int_equal(n, 2);
	assert_string_equal(par[0].comm, "web");
	assert_string_equal(par[0].reason, "no_handler");
	assert_string_equal(par[1].comm, "cron");
	assert_string_equal(par[1].reason, "parent_stopped");
	assert_true(oldest == 12.5);
	out = render(t, par, n, oldest);
	assert_non_null(strstr(out, "\nzombietop_oldest_zombie_age_seconds "
	                            "12.500\n"));
	assert_non_null(strstr(out, "{parent_comm=\"cron\","
	                            "reason=\"parent_stopped\"} 1\n"));
	free(out);
	free(par);
	r.n = 0;
	assert_int_equal(out_prom_parents(t, &r, &par, &n, &oldest), 0);
	assert_int_equal(n, 0);
	assert_true(oldest < 0);
	free(par);
	ptree_free(t);
	snap_free(s);
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_atomic_file(void **state)
{
	char dir[] = "/tmp/zt-unit-XXXXXX", path[64], tmp[80];
	struct atomic_file a;
	struct stat st;
	mode_t old = umask(077);

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/z.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(atomic_file_open(&a, path), 0);
	fputs("first\n", a.f);
	assert_null(slurp(path)); /* nothing visible before the commit */
	assert_int_equal(atomic_file_commit(&a), 0);
	assert_string_equal(slurp(path), "first\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644); /* despite umask 077 */
	assert_int_equal(access(tmp, F_OK), -1);

	/* Aborted: the old content stays, no temporary file is left. */
	assert_int_equal(atomic_file_open(&a, path), 0);
	fputs("half", a.f);
	assert_string_equal(slurp(path), "first\n");
	atomic_file_abort(&a);
	atomic_file_abort(&a); /* released: harmless */
	assert_string_equal(slurp(path), "first\n");
	assert_int_equal(access(tmp, F_OK), -1);

	/* Replacing a directory fails: error, temporary file removed. */
	assert_int_equal(atomic_file_open(&a, dir), 0);
	fputs("x", a.f);
	assert_int_equal(atomic_file_commit(&a), -EISDIR);
	snprintf(tmp, sizeof(tmp), "%s.tmp", dir);
	assert_int_equal(access(tmp, F_OK), -1);

	snprintf(path, sizeof(path), "%s/no/such/z.prom", dir);
	assert_int_equal(atomic_file_open(&a, path), -ENOENT);
	assert_null(a.f);

	snprintf(path, sizeof(path), "%s/z.prom", dir);
	unlink(path);
	rmdir(dir);
	umask(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_whole_output),
	    cmocka_unit_test(test_age_and_empty),
	    cmocka_unit_test(test_cap_and_grouping),
	    cmocka_unit_test(test_cap_boundary),
	    cmocka_unit_test(test_label_escaping),
	    cmocka_unit_test(test_hostile_series_is_one_line),
	    cmocka_unit_test(test_parents_from_report),
	    cmocka_unit_test(test_atomic_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
