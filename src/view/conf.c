/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The setup file: libinih parses it (no parser of ours), each known key is
 * checked, unknown ones are kept in order; writing goes through atomic_file
 * so a crash leaves the old file or the new one, never a mix. */
#include "conf.h"

#include "atomic_file.h"

#include <errno.h>
#include <ini.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONF_DELAY_DEFAULT 15 /* as cli.c's -d default */
#define CONF_DELAY_MAX 36000

static const char *const column_names[CONF_COL_COUNT] = {"PID", "PPID", "USER",
    "S", "EXIT", "AGE", "START", "TTY", "NLWP", "CPU%", "MEM", "IO_R", "IO_W"};
/* Today's table (ui_tree.c's col_table), in its order. */
static const enum conf_column default_columns[] = {CONF_COL_PID, CONF_COL_USER,
    CONF_COL_STATE, CONF_COL_EXIT, CONF_COL_AGE, CONF_COL_THR, CONF_COL_CPU,
    CONF_COL_MEM};
static const char *const scheme_names[CONF_SCHEME_COUNT] = {
    "default", "monochrome", "light"};

const char *
conf_column_name(enum conf_column col)
{
	return (unsigned)col < CONF_COL_COUNT ? column_names[col] : "?";
}

int
conf_column_parse(const char *name)
{
	for (int i = 0; i < CONF_COL_COUNT; i++)
		if (strcasecmp(name, column_names[i]) == 0)
			return i;
	return -1;
}

const char *
conf_scheme_name(enum conf_scheme s)
{
	return (unsigned)s < CONF_SCHEME_COUNT ? scheme_names[s] : "?";
}

int
conf_scheme_parse(const char *name)
{
	for (int i = 0; i < CONF_SCHEME_COUNT; i++)
		if (strcasecmp(name, scheme_names[i]) == 0)
			return i;
	return -1;
}

int
conf_sort_parse(const char *name)
{
	for (int i = 0; i < UI_SORT_COUNT; i++)
		if (strcasecmp(name, view_sort_name((enum ui_sort)i)) == 0)
			return i;
	return -1;
}

void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->meters = true;
	c->ncolumns = sizeof(default_columns) / sizeof(*default_columns);
	memcpy(c->columns, default_columns, sizeof(default_columns));
	c->scheme = CONF_SCHEME_DEFAULT;
	c->delay = CONF_DELAY_DEFAULT;
	c->tree = true;
	c->sort = UI_SORT_ZOMBIE;
	c->mouse = true;
}

static void
entries_free(struct conf_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].section);
		free(e[i].name);
		free(e[i].value);
	}
	free(e);
}

void
conf_done(struct conf *c)
{
	if (!c)
		return;
	entries_free(c->unknown, c->nunknown);
	c->unknown = NULL;
	c->nunknown = 0;
}

static int
keep_entry(
    struct conf *c, const char *section, const char *name, const char *value)
{
	struct conf_entry *e =
	    realloc(c->unknown, (c->nunknown + 1) * sizeof(*e));

	if (!e)
		return -ENOMEM;
	c->unknown = e;
	e += c->nunknown;
	e->section = strdup(section);
	e->name = strdup(name);
	e->value = strdup(value);
	c->nunknown++;
	return e->section && e->name && e->value ? 0 : -ENOMEM;
}

/* The parse in progress: the first problem is the one told. */
struct load_ctx {
	struct conf *c;
	char why[192];
};

static void
why(struct load_ctx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(x->why, sizeof(x->why), fmt, ap);
	va_end(ap);
}

static int
parse_bool(const char *v)
{
	static const char *const yes[] = {"yes", "on", "true", "1"};
	static const char *const no[] = {"no", "off", "false", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* "PID USER CPU%" or "PID,USER,CPU%": each known, none twice. */
static bool
parse_columns(struct load_ctx *x, const char *value)
{
	char *copy = strdup(value), *tok, *save = NULL;
	struct conf *c = x->c;
	bool seen[CONF_COL_COUNT] = {false}, ok = copy != NULL;

	c->ncolumns = 0;
	for (tok = ok ? strtok_r(copy, " ,\t", &save) : NULL; tok && ok;
	     tok = strtok_r(NULL, " ,\t", &save)) {
		int col = conf_column_parse(tok);

		if (col < 0 || seen[col]) {
			why(x, "%s column '%.40s' in columns",
			    col < 0 ? "unknown" : "repeated", tok);
			ok = false;
		} else {
			seen[col] = true;
			c->columns[c->ncolumns++] = (enum conf_column)col;
		}
	}
	free(copy);
	return ok;
}

static bool
parse_delay(struct load_ctx *x, const char *value)
{
	char *end;
	long v = strtol(value, &end, 10);

	if (end == value || *end || v < 1 || v > CONF_DELAY_MAX) {
		why(x, "delay '%.40s' is not tenths of a second, 1-%d", value,
		    CONF_DELAY_MAX);
		return false;
	}
	x->c->delay = (int)v;
	return true;
}

/* The value of a key that takes a word: an index, or -1. */
static int
word_value(const char *name, const char *value)
{
	if (strcmp(name, "color_scheme") == 0)
		return conf_scheme_parse(value);
	if (strcmp(name, "sort") == 0)
		return conf_sort_parse(value);
	if (strcmp(name, "mode") == 0)
		return strcmp(value, "tree") == 0   ? 1
		       : strcmp(value, "list") == 0 ? 0
		                                    : -1;
	return parse_bool(value);
}

/* One known key; false (with why) when its value is not understood. */
static bool
known_key(struct load_ctx *x, const char *name, const char *value)
{
	struct conf *c = x->c;
	int v;

	if (strcmp(name, "columns") == 0)
		return parse_columns(x, value);
	if (strcmp(name, "delay") == 0)
		return parse_delay(x, value);
	if ((v = word_value(name, value)) < 0) {
		why(x, "%s = '%.40s' is not a value it takes", name, value);
		return false;
	}
	if (strcmp(name, "color_scheme") == 0)
		c->scheme = (enum conf_scheme)v;
	else if (strcmp(name, "sort") == 0)
		c->sort = (enum ui_sort)v;
	else if (strcmp(name, "mode") == 0)
		c->tree = v;
	else if (strcmp(name, "meters") == 0)
		c->meters = v;
	else if (strcmp(name, "ascii") == 0)
		c->ascii = v;
	else if (strcmp(name, "mouse") == 0)
		c->mouse = v;
	else
		c->sort_desc = v;
	return true;
}

static bool
is_known(const char *section, const char *name)
{
	static const char *const keys[] = {"meters", "columns", "color_scheme",
	    "delay", "mode", "ascii", "sort", "sort_reverse", "mouse"};

	if (section[0])
		return false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (strcmp(name, keys[i]) == 0)
			return true;
	return false;
}

/* libinih's callback: nonzero goes on, 0 marks this line as the error. */
static int
on_pair(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *x = user;

	if (is_known(section, name))
		return known_key(x, name, value);
	if (keep_entry(x->c, section, name, value) < 0) {
		why(x, "out of memory");
		return 0;
	}
	return 1;
}

static void
say(struct conf *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/* Back to the defaults, the file marked as not ours to write. */
static int
give_up(struct conf *c, int rc)
{
	char msg[sizeof(c->msg)];

	memcpy(msg, c->msg, sizeof(msg));
	conf_done(c);
	conf_init(c);
	memcpy(c->msg, msg, sizeof(msg));
	c->broken = true;
	return rc;
}

int
conf_load(struct conf *c, const char *path)
{
	struct load_ctx x = {.c = c};
	FILE *f = fopen(path, "re");
	int line;

	if (!f && errno == ENOENT)
		return 0;
	if (!f) {
		int e = errno;

		say(c, "%s: %s: using the defaults, the file is left as it is",
		    path, strerror(e));
		return give_up(c, -e);
	}
	line = ini_parse_file(f, on_pair, &x);
	fclose(f);
	if (line == 0)
		return 0;
	if (line < 0) {
		say(c, "%s: out of memory: using the defaults", path);
		return give_up(c, -ENOMEM);
	}
	say(c, "%s line %d: %s: using the defaults, the file is left as it is",
	    path, line, x.why[0] ? x.why : "not KEY = VALUE or [SECTION]");
	return give_up(c, -EBADMSG);
}

/* Whether the file now at path may be replaced: missing, or parses. */
static int
may_replace(const char *path)
{
	struct conf probe;
	int rc;

	conf_init(&probe);
	rc = conf_load(&probe, path);
	conf_done(&probe);
	return rc == 0 ? 0 : -EBADMSG;
}

/* mkdir -p of path's directory; the new ones 0700 (XDG: config is the
 * user's own). */
static int
make_dirs(const char *path)
{
	char *dir = strdup(path), *p;
	int rc = 0;

	if (!dir)
		return -ENOMEM;
	/* "file" or "/file": nothing to make */
	if ((p = strrchr(dir, '/')) == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = strchr(dir + 1, '/'); p && rc == 0; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			rc = -errno;
		*p = '/';
	}
	if (rc == 0 && dir[0] && mkdir(dir, 0700) < 0 && errno != EEXIST)
		rc = -errno;
	free(dir);
	return rc;
}

static void
write_known(FILE *f, const struct conf *c)
{
	fprintf(f, "# zombietop setup: written by zombietop (F2), read at "
	           "start; see zombietop(1)\n");
	fprintf(f, "meters = %s\ncolumns =", c->meters ? "yes" : "no");
	for (size_t i = 0; i < c->ncolumns; i++)
		fprintf(f, " %s", conf_column_name(c->columns[i]));
	fprintf(f, "\ncolor_scheme = %s\ndelay = %d\nmode = %s\n",
	    conf_scheme_name(c->scheme), c->delay, c->tree ? "tree" : "list");
	fprintf(f, "ascii = %s\nsort = %s\nsort_reverse = %s\n",
	    c->ascii ? "yes" : "no", view_sort_name(c->sort),
	    c->sort_desc ? "yes" : "no");
	fprintf(f, "mouse = %s\n", c->mouse ? "yes" : "no");
}

/* The kept entries, section by section in the order each first came. */
static void
write_unknown(FILE *f, const struct conf *c)
{
	for (size_t i = 0; i < c->nunknown; i++) {
		const char *sec = c->unknown[i].section;
		bool first = true;

		for (size_t j = 0; j < i && first; j++)
			first = strcmp(c->unknown[j].section, sec) != 0;
		if (!first)
			continue;
		if (sec[0])
			fprintf(f, "\n[%s]\n", sec);
		for (size_t j = i; j < c->nunknown; j++)
			if (strcmp(c->unknown[j].section, sec) == 0)
				fprintf(f, "%s = %s\n", c->unknown[j].name,
				    c->unknown[j].value);
	}
}

int
conf_save(const struct conf *c, const char *path)
{
	struct atomic_file a;
	int rc;

	if (c->broken || may_replace(path) < 0)
		return -EBADMSG;
	if ((rc = make_dirs(path)) < 0 || (rc = atomic_file_open(&a, path)) < 0)
		return rc;
	write_known(a.f, c);
	write_unknown(a.f, c);
	return atomic_file_commit(&a);
}

int
conf_merge(const struct conf *file, const struct conf *cmdline, unsigned given,
    struct conf *out)
{
	*out = *file;
	out->unknown = NULL;
	out->nunknown = 0;
	for (size_t i = 0; i < file->nunknown; i++)
		if (keep_entry(out, file->unknown[i].section,
		        file->unknown[i].name, file->unknown[i].value) < 0) {
			conf_done(out);
			return -ENOMEM;
		}
	if (given & CONF_GIVEN_METERS)
		out->meters = cmdline->meters;
	if (given & CONF_GIVEN_COLUMNS) {
		memcpy(out->columns, cmdline->columns, sizeof(out->columns));
		out->ncolumns = cmdline->ncolumns;
	}
	if (given & CONF_GIVEN_SCHEME)
		out->scheme = cmdline->scheme;
	if (given & CONF_GIVEN_DELAY)
		out->delay = cmdline->delay;
	if (given & CONF_GIVEN_TREE)
		out->tree = cmdline->tree;
	if (given & CONF_GIVEN_ASCII)
		out->ascii = cmdline->ascii;
	if (given & CONF_GIVEN_SORT) {
		out->sort = cmdline->sort;
		out->sort_desc = cmdline->sort_desc;
	}
	if (given & CONF_GIVEN_MOUSE)
		out->mouse = cmdline->mouse;
	return 0;
}

/* A home from the environment, or from the passwd entry. */
static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && h[0] == '/')
		return h;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

int
conf_path(char *buf, size_t size)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *h;
	int n;

	if (x && x[0] == '/')
		n = snprintf(buf, size, "%s/zombietop/zombietoprc", x);
	else if ((h = home_dir()) != NULL)
		n = snprintf(buf, size, "%s/.config/zombietop/zombietoprc", h);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}
