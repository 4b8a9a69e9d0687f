/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command-line options: one table of options feeds the parser and --help.
 * Parsing only fills struct cli_opts; main decides what to run. */
#ifndef ZT_CLI_H
#define ZT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define CLI_MAX_PIDS 64
#define CLI_MAX_COLUMNS 16 /* more than conf.h's CONF_COL_COUNT */

struct cli_opts {
	bool once, json, ascii, no_color, zombies_only;
	bool help, version;
	bool monochrome, list_keys;     /* -C; --list-keys */
	bool no_meters;                 /* --no-meters */
	bool no_mouse;                  /* --no-mouse */
	int show_cols[CLI_MAX_COLUMNS]; /* --columns: enum conf_column */
	size_t nshow_cols;              /* 0: the defaults */
	int bench_refresh;  /* --bench-refresh N: N refresh cycles, no output */
	bool demo, hold;    /* --demo, --hold */
	unsigned demo_mask; /* scenarios, 1 << enum lab_id */
	int delay;          /* tenths of a second */
	bool delay_given;   /* -d was given (it wins over the setup file) */
	bool explain;       /* --explain: sentences under zombie parents */
	pid_t pids[CLI_MAX_PIDS];
	size_t npids;
	const char *user;       /* borrowed from argv */
	bool check;             /* --check: monitoring-plugins status line */
	int warn, crit;         /* --warn, --crit: zombies; -1 until given */
	int max_age;            /* --max-age SECONDS, 0 for none */
	const char *prometheus; /* --prometheus FILE, borrowed from argv */
	int interval;           /* --interval SECONDS, 0: write once */
	pid_t reap;     /* --reap: the zombie (or parent), 0 if not given */
	int via;        /* --via: enum sigact_action, CLI_VIA_PTRACE, or -1 */
	double timeout; /* --timeout seconds, < 0 if not given */
	bool yes, force, watch;
	bool no_events; /* --no-events: scans only, no kernel events */
	double linger;  /* --linger SECONDS: --watch reports unseen zombies
	                   that lived longer (default CLI_LINGER) */
	bool verbose;   /* --verbose: with --version, what this kernel allows */
	const char *record; /* --record FILE, borrowed from argv */
	long long max_size; /* --max-size bytes, 0: no rotation */
	const char *replay; /* --replay FILE, borrowed from argv */
	const char *at;     /* --at TIME (with --replay --once), borrowed */
};

/* --linger default: a zombie that lived under a second between two scans
 * is normal churn, not worth an event. */
#define CLI_LINGER 1.0

/* --via ptrace: the parent reaps by injection (src/ptreap.h), no signal. */
#define CLI_VIA_PTRACE 100

/* Check mode defaults (monitoring-plugins style thresholds). */
#define CLI_CHECK_WARN 1
#define CLI_CHECK_CRIT 20

/* Returns 0, or -EINVAL with a one-line message in err. */
int cli_parse(
    int argc, char **argv, struct cli_opts *o, char *err, size_t errsize);

/* Prints the usage text, generated from the option table. */
void cli_usage(FILE *f);

/* -u as a filter: *by_uid and *uid from o->user, a user name or number;
 * 0, or -EINVAL after "no such user" on stderr. */
int cli_user_filter(const struct cli_opts *o, bool *by_uid, uid_t *uid);

#endif
