/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The setup file: a round trip through a real file, unknown keys and
 * sections kept in order, a broken file left alone (load gives defaults,
 * save refuses), the XDG and HOME paths, command-line options winning. */
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

#include "conf.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zt-conf-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The whole file as a heap string. */
static char *
get(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_round_trip(void **state)
{
	struct conf a, b;
	char path[128];

	(void)state;
	/* a directory that does not exist yet: made on save */
	path_of(path, sizeof(path), "deep/er/zombietoprc");
	conf_init(&a);
	a.meters = false;
	a.ncolumns = 3;
	a.columns[0] = CONF_COL_CPU;
	a.columns[1] = CONF_COL_PID;
	a.columns[2] = CONF_COL_IO_W;
	a.scheme = CONF_SCHEME_LIGHT;
	a.delay = 42;
	a.tree = false;
	a.ascii = true;
	a.sort = UI_SORT_MEM;
	a.sort_desc = true;
	assert_int_equal(conf_save(&a, path), 0);
	conf_init(&b);
	assert_int_equal(conf_load(&b, path), 0);
	assert_false(b.broken);
	assert_string_equal(b.msg, "");
	assert_false(b.meters);
	assert_int_equal(b.ncolumns, 3);
	assert_int_equal(b.columns[0], CONF_COL_CPU);
	assert_int_equal(b.columns[1], CONF_COL_PID);
	assert_int_equal(b.columns[2], CONF_COL_IO_W);
	assert_int_equal(b.scheme, CONF_SCHEME_LIGHT);
	assert_int_equal(b.delay, 42);
	assert_false(b.tree);
	assert_true(b.ascii);
	assert_int_equal(b.sort, UI_SORT_MEM);
	assert_true(b.sort_desc);
	assert_int_equal(b.nunknown, 0);
	conf_done(&a);
	conf_done(&b);
}

static void
test_missing_is_defaults(void **state)
{
	struct conf c;
	char path[128];

	(void)state;
	path_of(path, sizeof(path), "none/zombietoprc");
	conf_init(&c);
	assert_int_equal(conf_load(&c, path), 0);
	assert_false(c.broken);
	assert_true(c.meters);
	assert_true(c.tree);
	assert_int_equal(c.delay, 15);
	assert_int_equal(c.ncolumns, 8);
	assert_string_equal(conf_column_name(c.columns[6]), "CPU%");
	conf_done(&c);
}

static const char with_unknown[] = "; a comment\n"
                                   "future_key = 42\n"
                                   "delay = 7\n"
                                   "columns = pid, user,CPU%\n"
                                   "[meters.left]\n"
                                   "cpu = bar\n"
                                   "delay = 99\n"
                                   "[zeta]\n"
                                   "z = 1\n"
                                   "[meters.left]\n"
                                   "mem = text\n";

static void
test_unknown_kept(void **state)
{
	struct conf c, d;
	char path[128], *text, *a, *b, *z;

	(void)state;
	path_of(path, sizeof(path), "zombietoprc");
	put(path, with_unknown);
	conf_init(&c);
	assert_int_equal(conf_load(&c, path), 0);
	assert_int_equal(c.delay, 7);
	assert_int_equal(c.ncolumns, 3);
	assert_int_equal(c.columns[2], CONF_COL_CPU);
	/* delay inside [meters.left] is not ours: kept, not applied */
	assert_int_equal(c.nunknown, 5);
	c.delay = 8;
	assert_int_equal(conf_save(&c, path), 0);
	text = get(path);
	assert_non_null(strstr(text, "delay = 8\n"));
	assert_non_null(a = strstr(text, "future_key = 42\n"));
	assert_non_null(
	    b = strstr(
	        text, "[meters.left]\ncpu = bar\ndelay = 99\nmem = text\n"));
	assert_non_null(z = strstr(text, "[zeta]\nz = 1\n"));
	assert_true(a < b && b < z);
	free(text);
	conf_init(&d);
	assert_int_equal(conf_load(&d, path), 0);
	assert_int_equal(d.delay, 8);
	assert_int_equal(d.nunknown, 5);
	assert_string_equal(d.unknown[3].section, "meters.left");
	assert_string_equal(d.unknown[3].name, "mem");
	conf_done(&c);
	conf_done(&d);
}

/* Each broken file: defaults, one message naming the line, not saved. */
static void
check_broken(const char *text, int line, const char *words)
{
	struct conf c;
	char path[128], want[64], *after;

	path_of(path, sizeof(path), "broken");
	put(path, text);
	conf_init(&c);
	assert_int_equal(conf_load(&c, path), -EBADMSG);
	assert_true(c.broken);
	snprintf(want, sizeof(want), "line %d: ", line);
	assert_non_null(strstr(c.msg, want));
	assert_non_null(strstr(c.msg, words));
	assert_non_null(strstr(c.msg, "using the defaults"));
	assert_int_equal(c.delay, 15);
	assert_true(c.meters);
	assert_int_equal(c.nunknown, 0);
	c.delay = 3;
	assert_int_equal(conf_save(&c, path), -EBADMSG);
	after = get(path);
	assert_string_equal(after, text);
	free(after);
	conf_done(&c);
}

static void
test_broken_not_overwritten(void **state)
{
	(void)state;
	check_broken("meters = no\nthis is not ini\n", 2, "not KEY = VALUE");
	check_broken("delay = fast\n", 1, "delay 'fast'");
	check_broken("delay = 0\n", 1, "1-36000");
	check_broken("[x]\na = 1\n[unclosed\n", 3, "not KEY");
	check_broken("meters = maybe\n", 1, "meters = 'maybe'");
	check_broken("columns = PID NOPE\n", 1, "unknown column 'NOPE'");
	check_broken("columns = PID PID\n", 1, "repeated column");
	check_broken("sort = SIZE\n", 1, "sort = 'SIZE'");
	check_broken("color_scheme = pink\n", 1, "color_scheme");
}

/* A setup loaded fine, then the file was broken by hand: not replaced. */
static void
test_broken_since_load(void **state)
{
	struct conf c;
	char path[128], *after;

	(void)state;
	path_of(path, sizeof(path), "later");
	put(path, "delay = 20\n");
	conf_init(&c);
	assert_int_equal(conf_load(&c, path), 0);
	put(path, "delay = 20\n[oops\n");
	assert_int_equal(conf_save(&c, path), -EBADMSG);
	after = get(path);
	assert_string_equal(after, "delay = 20\n[oops\n");
	free(after);
	conf_done(&c);
}

static void
test_paths(void **state)
{
	char buf[256];

	(void)state;
	setenv("HOME", "/home/someone", 1);
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	assert_int_equal(conf_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/x/cfg/zombietop/zombietoprc");
	/* relative: ignored, as the XDG spec says */
	setenv("XDG_CONFIG_HOME", "rel/cfg", 1);
	assert_int_equal(conf_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/someone/.config/zombietop/zombietoprc");
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_int_equal(conf_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/someone/.config/zombietop/zombietoprc");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(conf_path(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/someone/.config/zombietop/zombietoprc");
	assert_int_equal(conf_path(buf, 10), -ENAMETOOLONG);
	/* no HOME: the passwd entry's home, absolute */
	unsetenv("HOME");
	assert_int_equal(conf_path(buf, sizeof(buf)), 0);
	assert_true(buf[0] == '/');
	assert_non_null(strstr(buf, "/.config/zombietop/zombietoprc"));
}

static void
test_options_win(void **state)
{
	struct conf file, cmd, out;
	char path[128];

	(void)state;
	path_of(path, sizeof(path), "prec");
	put(path, "delay = 50\nascii = yes\ncolor_scheme = light\n"
	          "mode = list\nsort = CPU%\nx = kept\n");
	conf_init(&file);
	assert_int_equal(conf_load(&file, path), 0);
	conf_init(&cmd);
	cmd.delay = 5;
	cmd.ascii = false; /* not given: the file's yes stays */
	cmd.scheme = CONF_SCHEME_MONOCHROME;
	assert_int_equal(
	    conf_merge(&file, &cmd, CONF_GIVEN_DELAY | CONF_GIVEN_SCHEME, &out),
	    0);
	assert_int_equal(out.delay, 5);
	assert_int_equal(out.scheme, CONF_SCHEME_MONOCHROME);
	assert_true(out.ascii);
	assert_false(out.tree);
	assert_int_equal(out.sort, UI_SORT_CPU);
	assert_int_equal(out.nunknown, 1);
	assert_string_equal(out.unknown[0].value, "kept");
	/* the file's own setup is untouched: it is what gets saved */
	assert_int_equal(file.delay, 50);
	conf_done(&out);
	conf_done(&cmd);
	conf_done(&file);
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(conf_column_parse("cpu%"), CONF_COL_CPU);
	assert_int_equal(conf_column_parse("S"), CONF_COL_STATE);
	assert_int_equal(conf_column_parse("COMMAND"), -1);
	assert_int_equal(
	    conf_scheme_parse("Monochrome"), CONF_SCHEME_MONOCHROME);
	assert_int_equal(conf_sort_parse("zombie"), UI_SORT_ZOMBIE);
	assert_int_equal(conf_sort_parse("command"), UI_SORT_COMMAND);
	for (int i = 0; i < CONF_COL_COUNT; i++)
		assert_int_equal(
		    conf_column_parse(conf_column_name((enum conf_column)i)),
		    i);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_missing_is_defaults),
	    cmocka_unit_test(test_unknown_kept),
	    cmocka_unit_test(test_broken_not_overwritten),
	    cmocka_unit_test(test_broken_since_load),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_options_win),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
