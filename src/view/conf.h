/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The setup (F2) and its file, $XDG_CONFIG_HOME/zombietop/zombietoprc: read
 * with libinih, written back atomically keeping keys we do not know; a file
 * that does not parse gives the defaults, one message, and is never
 * overwritten. Command-line options win over the file (conf_merge). */
#ifndef ZT_CONF_H
#define ZT_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

/* The column names, as the table's headers say them (ui_tree.c's
 * col_table, plus the columns of issue 20 item 7). COMMAND is always
 * last on screen and is not listed. */
enum conf_column {
	CONF_COL_PID,
	CONF_COL_PPID,
	CONF_COL_USER,
	CONF_COL_STATE, /* "S" */
	CONF_COL_EXIT,
	CONF_COL_AGE,
	CONF_COL_START,
	CONF_COL_TTY,
	CONF_COL_THR, /* "NLWP": threads */
	CONF_COL_CPU, /* "CPU%" */
	CONF_COL_MEM,
	CONF_COL_IO_R, /* bytes read per second */
	CONF_COL_IO_W,
	CONF_COL_COUNT
};

enum conf_scheme {
	CONF_SCHEME_DEFAULT,
	CONF_SCHEME_MONOCHROME,
	CONF_SCHEME_LIGHT, /* for dark text on a light background */
	CONF_SCHEME_COUNT
};

/* A key = value the file had that this version does not know: kept, and
 * written back in the same order under the same section. */
struct conf_entry {
	char *section, *name, *value; /* owned; section "" before any [] */
};

struct conf {
	bool meters; /* the CPU / Mem / Swp header */
	enum conf_column columns[CONF_COL_COUNT]; /* shown, in this order */
	size_t ncolumns;
	enum conf_scheme scheme;
	int delay;  /* refresh, tenths of a second (1-36000, as -d) */
	bool tree;  /* start in tree (true) or list mode */
	bool ascii; /* ASCII lines instead of box drawing */
	enum ui_sort sort;
	bool sort_desc;
	bool mouse; /* clicks and wheel; off: the terminal selects text */

	struct conf_entry *unknown; /* owned */
	size_t nunknown;
	bool broken;   /* the file did not parse: conf_save refuses */
	char msg[512]; /* "" or the one line to show about the file */
};

/* Which settings the command line gave (conf_merge). */
enum conf_given {
	CONF_GIVEN_METERS = 1 << 0,
	CONF_GIVEN_COLUMNS = 1 << 1,
	CONF_GIVEN_SCHEME = 1 << 2, /* -C, --no-color, NO_COLOR */
	CONF_GIVEN_DELAY = 1 << 3,  /* -d */
	CONF_GIVEN_TREE = 1 << 4,
	CONF_GIVEN_ASCII = 1 << 5, /* --ascii */
	CONF_GIVEN_SORT = 1 << 6,
	CONF_GIVEN_MOUSE = 1 << 7, /* --no-mouse */
};

/* The defaults: meters on, today's columns, default colours, 1.5 s, tree,
 * Unicode lines, sorted by ZOMBIE, mouse on. */
void conf_init(struct conf *c);
/* Frees the kept entries; c may be NULL. */
void conf_done(struct conf *c);

/* The file's path into buf: $XDG_CONFIG_HOME/zombietop/zombietoprc when
 * that is set to an absolute path (as the XDG spec asks), else
 * $HOME/.config/..., else the passwd entry's home. 0, -ENOENT without any
 * home, -ENAMETOOLONG. */
int conf_path(char *buf, size_t size);

/* Reads path into c (after conf_init). A missing file is the defaults and
 * returns 0. A file that cannot be read or parsed: the defaults, c->broken,
 * c->msg says which line and why; returns -EBADMSG (or -errno). Debian's
 * libinih reads lines of up to 199 bytes: a longer one (only a hand-made
 * key could be) makes the file unparsable, so it is kept, not cut. Comments
 * are not kept by conf_save; keys and sections are. */
int conf_load(struct conf *c, const char *path);

/* Writes c to path through atomic_file (making the directory, 0700, if
 * needed): known keys first, then the kept ones by section. Refuses with
 * -EBADMSG when c->broken or when the file now on disk does not parse. */
int conf_save(const struct conf *c, const char *path);

/* The setup to use: out = file, then each setting in given taken from
 * cmdline. Keep the file's conf for conf_save, so an option given once is
 * not written back. out's kept entries are a copy (conf_done it). 0 or
 * -ENOMEM. */
int conf_merge(const struct conf *file, const struct conf *cmdline,
    unsigned given, struct conf *out);

/* Names for the file and for F2: "PID", "CPU%"...; "default"... */
const char *conf_column_name(enum conf_column col);
int conf_column_parse(const char *name); /* -1 if unknown; no case */
const char *conf_scheme_name(enum conf_scheme s);
int conf_scheme_parse(const char *name);
int conf_sort_parse(const char *name); /* view_sort_name's; -1 */

#endif
