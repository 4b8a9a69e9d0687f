/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The option table and its parser. Options follow htop where they overlap
 * (-d tenths of a second, -p, -u); long forms exist for every option. */
#include "cli.h"
#include "cli_args.h"
#include "conf.h"
#include "lab.h"
#include "sigact.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_ONCE = 256,
	OPT_JSON,
	OPT_ASCII,
	OPT_NO_COLOR,
	OPT_ZOMBIES,
	OPT_LIST_KEYS,
	OPT_BENCH,
	OPT_DEMO,
	OPT_HOLD,
	OPT_EXPLAIN,
	OPT_REAP,
	OPT_VIA,
	OPT_TIMEOUT,
	OPT_YES,
	OPT_FORCE,
	OPT_WATCH,
	OPT_CHECK,
	OPT_WARN,
	OPT_CRIT,
	OPT_MAX_AGE,
	OPT_PROM,
	OPT_INTERVAL,
	OPT_NO_EVENTS,
	OPT_LINGER,
	OPT_VERBOSE,
	OPT_RECORD,
	OPT_MAX_SIZE,
	OPT_REPLAY,
	OPT_AT,
	OPT_NO_METERS,
	OPT_NO_MOUSE,
	OPT_COLUMNS,
};

struct cli_opt {
	struct option lo;
	const char *arg, *help;
};

static const struct cli_opt opt_table[] = {
    {{"once", no_argument, NULL, OPT_ONCE}, NULL,
        "print the process tree once and exit"},
    {{"json", no_argument, NULL, OPT_JSON}, NULL,
        "with --once: one JSON document instead of text"},
    {{"explain", no_argument, NULL, OPT_EXPLAIN}, NULL,
        "with --once: why zombies are not reaped, what signals would do"},
    {{"pid", required_argument, NULL, 'p'}, "PID[,PID...]",
        "show only the subtrees of these processes (--once: exit 1 "
        "if one does not exist)"},
    {{"user", required_argument, NULL, 'u'}, "USER",
        "show only this user's processes"},
    {{"zombies", no_argument, NULL, OPT_ZOMBIES}, NULL,
        "show only zombies and their ancestors"},
    {{"delay", required_argument, NULL, 'd'}, "TENTHS",
        "refresh interval in tenths of a second (default 15)"},
    {{"no-color", no_argument, NULL, OPT_NO_COLOR}, NULL,
        "no colours (also when NO_COLOR is set)"},
    {{"ascii", no_argument, NULL, OPT_ASCII}, NULL,
        "ASCII tree lines and escapes, whatever the locale"},
    {{"monochrome", no_argument, NULL, 'C'}, NULL,
        "monochrome scheme: attributes and badges, no colours"},
    {{"no-meters", no_argument, NULL, OPT_NO_METERS}, NULL,
        "no CPU, Mem and Swp meters in the view's header"},
    {{"no-mouse", no_argument, NULL, OPT_NO_MOUSE}, NULL,
        "the view ignores the mouse: the terminal selects text"},
    {{"columns", required_argument, NULL, OPT_COLUMNS}, "COL[,COL...]",
        "the view's columns in order, of PID PPID USER S EXIT AGE START "
        "TTY NLWP CPU% MEM IO_R IO_W (COMMAND is last)"},
    {{"list-keys", no_argument, NULL, OPT_LIST_KEYS}, NULL,
        "list the keys of the interactive view and exit"},
    {{"bench-refresh", required_argument, NULL, OPT_BENCH}, "N",
        "run N refresh cycles without a terminal (benchmark)"},
    {{"demo", optional_argument, NULL, OPT_DEMO}, "[=NAME,...]",
        "start the classroom lab (all scenarios, or these)"},
    {{"hold", no_argument, NULL, OPT_HOLD}, NULL,
        "with --demo --once: keep the lab until stdin closes"},
    {{"reap", required_argument, NULL, OPT_REAP}, "PID",
        "signal the parent of this zombie (or this parent), report"},
    {{"via", required_argument, NULL, OPT_VIA}, "ACTION",
        "with --reap: sigchld (default), term, kill, cont or ptrace"},
    {{"timeout", required_argument, NULL, OPT_TIMEOUT}, "SECONDS",
        "with --reap: how long to wait for the reap (default 3)"},
    {{"yes", no_argument, NULL, OPT_YES}, NULL,
        "with --reap: no question (needed for term, kill, ptrace without a "
        "tty)"},
    {{"force", no_argument, NULL, OPT_FORCE}, NULL,
        "with --reap: allow PID 1 and zombietop's own ancestors (ptrace: "
        "ancestors and seccomp-filtered parents, never PID 1), and a term "
        "or kill predicted to do nothing"},
    {{"watch", no_argument, NULL, OPT_WATCH}, NULL,
        "print zombie events as they happen until interrupted"},
    {{"linger", required_argument, NULL, OPT_LINGER}, "SECONDS",
        "with --watch: report zombies no scan saw if they lived longer "
        "(default 1)"},
    {{"no-events", no_argument, NULL, OPT_NO_EVENTS}, NULL,
        "scans only: do not listen to the kernel's process events"},
    {{"record", required_argument, NULL, OPT_RECORD}, "FILE",
        "record the process timeline into FILE (no terminal) until "
        "SIGINT or SIGTERM; with --demo, a lab session"},
    {{"max-size", required_argument, NULL, OPT_MAX_SIZE}, "SIZE",
        "with --record: rotate FILE to FILE.1 at SIZE bytes (K, M, G)"},
    {{"replay", required_argument, NULL, OPT_REPLAY}, "FILE",
        "the view on a recording (read-only, a time cursor); with --once: "
        "the recorded snapshot; with --watch: the recorded events"},
    {{"at", required_argument, NULL, OPT_AT}, "TIME",
        "with --replay --once: ISO 8601, +SECONDS from the start, "
        "-SECONDS from the end (default: the end)"},
    {{"check", no_argument, NULL, OPT_CHECK}, NULL,
        "one Nagios-style status line (exit 0-3)"},
    {{"warn", required_argument, NULL, OPT_WARN}, "N",
        "with --check: WARNING at N zombies (default 1)"},
    {{"crit", required_argument, NULL, OPT_CRIT}, "N",
        "with --check: CRITICAL at N zombies (default 20)"},
    {{"max-age", required_argument, NULL, OPT_MAX_AGE}, "SECONDS",
        "with --check: skip zombies provably younger"},
    {{"prometheus", required_argument, NULL, OPT_PROM}, "FILE",
        "write metrics for node_exporter's textfile dir"},
    {{"interval", required_argument, NULL, OPT_INTERVAL}, "SECONDS",
        "with --prometheus: rewrite FILE every SECONDS"},
    {{"help", no_argument, NULL, 'h'}, NULL, "show this help and exit"},
    {{"version", no_argument, NULL, 'V'}, NULL, "show the version and exit"},
    {{"verbose", no_argument, NULL, OPT_VERBOSE}, NULL,
        "with --version: whether kernel process events work here"},
};

#define NOPTS (sizeof(opt_table) / sizeof(opt_table[0]))

void
cli_usage(FILE *f)
{
	fprintf(f, "usage: zombietop [options]\n\n"
	           "A process-tree monitor that finds zombies, tells why "
	           "they are not reaped\nand helps to reap them.\n\n"
	           "options:\n");
	for (size_t i = 0; i < NOPTS; i++) {
		const struct cli_opt *o = &opt_table[i];
		char left[48];
		int flag = o->lo.val < 256 ? o->lo.val : 0;

		snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
		    flag ? "-" : "  ", flag ? flag : ' ', flag ? ", " : "  ",
		    o->lo.name,
		    o->arg && o->lo.has_arg != optional_argument ? " " : "",
		    o->arg ? o->arg : "");
		fprintf(f, "  %-28s %s\n", left, o->help);
	}
	fprintf(f, "\nThe view's setup (F2) is saved to "
	           "$XDG_CONFIG_HOME/zombietop/zombietoprc\n(~/.config/... "
	           "when unset); the options above win over it.\n");
	fprintf(f, "\nlab scenarios (--demo=NAME,...):\n");
	for (int i = 0; i < LAB_COUNT; i++)
		fprintf(f, "  %-16s %s\n", lab_scenarios[i].name,
		    lab_scenarios[i].summary);
}

/* The numeric options of --check and --prometheus. */
static int
parse_number(
    int c, const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	const char *name = c == OPT_WARN      ? "--warn"
	                   : c == OPT_CRIT    ? "--crit"
	                   : c == OPT_MAX_AGE ? "--max-age"
	                                      : "--interval";
	long hi = c == OPT_INTERVAL ? 86400 : INT_MAX;
	long v;

	if (cli_arg_int(arg, 1, hi, &v) < 0) {
		snprintf(err, errsize, "invalid %s '%s': a whole number, 1-%ld",
		    name, arg, hi);
		return -EINVAL;
	}
	if (c == OPT_WARN)
		o->warn = (int)v;
	else if (c == OPT_CRIT)
		o->crit = (int)v;
	else if (c == OPT_MAX_AGE)
		o->max_age = (int)v;
	else
		o->interval = (int)v;
	return 0;
}

/* The arguments of --reap, --via and --timeout, and of --linger (seconds,
 * fractions allowed, as for --timeout). */
static int
parse_reap(
    int c, const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	char *end;
	long v;

	if (c == OPT_REAP && cli_arg_int(arg, 1, INT_MAX, &v) == 0) {
		o->reap = (pid_t)v;
		return 0;
	}
	if (c == OPT_VIA && strcmp(arg, "ptrace") == 0) {
		o->via = CLI_VIA_PTRACE;
		return 0;
	}
	if (c == OPT_VIA && (o->via = sigact_action_parse(arg)) >= 0)
		return 0;
	if (c == OPT_TIMEOUT) {
		errno = 0;
		o->timeout = strtod(arg, &end);
		if (!errno && end != arg && !*end && o->timeout >= 0 &&
		    o->timeout <= 3600)
			return 0;
	}
	if (c == OPT_LINGER) {
		errno = 0;
		o->linger = strtod(arg, &end);
		if (!errno && end != arg && !*end && o->linger >= 0 &&
		    o->linger <= 3600)
			return 0;
	}
	snprintf(err, errsize, "invalid %s '%s'%s",
	    c == OPT_REAP     ? "PID"
	    : c == OPT_VIA    ? "action"
	    : c == OPT_LINGER ? "--linger"
	                      : "timeout",
	    arg,
	    c == OPT_VIA ? ": sigchld, term, kill, cont or ptrace"
	    : c == OPT_TIMEOUT || c == OPT_LINGER ? ": seconds, 0-3600"
	                                          : "");
	return -EINVAL;
}

/* --record and --replay: their own options, and the modes they go with. */
static int
check_record(const struct cli_opts *o, char *err, size_t errsize)
{
	const char *msg = NULL;

	if (o->max_size && !o->record)
		msg = "--max-size needs --record";
	else if (o->at && !(o->replay && o->once))
		msg = "--at needs --replay and --once";
	else if (o->record && o->replay)
		msg = "--record and --replay are separate runs";
	else if (o->record && (o->once || o->watch || o->reap || o->check ||
	                          o->prometheus || o->bench_refresh ||
	                          o->npids || o->user || o->zombies_only))
		msg = "--record records every process: no --once, --watch, "
		      "--reap, --check, --prometheus, -p, -u or --zombies with "
		      "it";
	else if (o->replay && (o->demo || o->reap || o->check ||
	                          o->prometheus || o->bench_refresh))
		msg = "--replay goes with the view, --once or --watch only";
	if (msg) {
		snprintf(err, errsize, "%s", msg);
		return -EINVAL;
	}
	return 0;
}

static int
check_modes(const struct cli_opts *o, char *err, size_t errsize)
{
	if (o->json && !o->once && !o->watch) {
		snprintf(err, errsize, "--json needs --once or --watch");
		return -EINVAL;
	}
	if (o->explain && !o->once) {
		snprintf(err, errsize, "--explain needs --once");
		return -EINVAL;
	}
	if (!o->reap &&
	    (o->via >= 0 || o->timeout >= 0 || o->yes || o->force)) {
		snprintf(err, errsize,
		    "--via, --timeout, --yes and --force go with --reap");
		return -EINVAL;
	}
	if (o->linger >= 0 && !o->watch) {
		snprintf(err, errsize, "--linger needs --watch");
		return -EINVAL;
	}
	if (o->verbose && !o->version) {
		snprintf(err, errsize, "--verbose goes with --version");
		return -EINVAL;
	}
	if ((o->reap != 0) + o->watch + o->once > 1) {
		snprintf(err, errsize,
		    "--once, --reap and --watch exclude each "
		    "other");
		return -EINVAL;
	}
	return 0;
}

static int
parse_one(int c, const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	long v;

	switch (c) {
	case OPT_ONCE:
		o->once = true;
		break;
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_ASCII:
		o->ascii = true;
		break;
	case OPT_NO_COLOR:
		o->no_color = true;
		break;
	case OPT_ZOMBIES:
		o->zombies_only = true;
		break;
	case 'C':
		o->monochrome = true;
		break;
	case OPT_NO_METERS:
		o->no_meters = true;
		break;
	case OPT_NO_MOUSE:
		o->no_mouse = true;
		break;
	case OPT_COLUMNS:
		return cli_arg_columns(arg, o, err, errsize);
	case OPT_LIST_KEYS:
		o->list_keys = true;
		break;
	case OPT_EXPLAIN:
		o->explain = true;
		break;
	case OPT_YES:
		o->yes = true;
		break;
	case OPT_FORCE:
		o->force = true;
		break;
	case OPT_WATCH:
		o->watch = true;
		break;
	case OPT_REAP:
	case OPT_VIA:
	case OPT_TIMEOUT:
	case OPT_LINGER:
		return parse_reap(c, arg, o, err, errsize);
	case OPT_NO_EVENTS:
		o->no_events = true;
		break;
	case OPT_VERBOSE:
		o->verbose = true;
		break;
	case OPT_RECORD:
		o->record = arg;
		break;
	case OPT_MAX_SIZE:
		return cli_arg_size(arg, o, err, errsize);
	case OPT_REPLAY:
		o->replay = arg;
		break;
	case OPT_AT:
		o->at = arg;
		break;
	case 'h':
		o->help = true;
		break;
	case 'V':
		o->version = true;
		break;
	case 'u':
		o->user = arg;
		break;
	case 'p':
		return cli_arg_pids(arg, o, err, errsize);
	case OPT_BENCH:
		if (cli_arg_int(arg, 1, 1000000, &v) < 0) {
			snprintf(err, errsize, "invalid count '%s'", arg);
			return -EINVAL;
		}
		o->bench_refresh = (int)v;
		break;
	case OPT_DEMO:
		return cli_arg_demo(arg, o, err, errsize);
	case OPT_HOLD:
		o->hold = true;
		break;
	case OPT_CHECK:
		o->check = true;
		break;
	case OPT_PROM:
		o->prometheus = arg;
		break;
	case OPT_WARN:
	case OPT_CRIT:
	case OPT_MAX_AGE:
	case OPT_INTERVAL:
		return parse_number(c, arg, o, err, errsize);
	case 'd':
		if (cli_arg_int(arg, 1, 36000, &v) < 0) {
			snprintf(err, errsize,
			    "invalid delay '%s': tenths of a second, 1-36000",
			    arg);
			return -EINVAL;
		}
		o->delay = (int)v;
		o->delay_given = true;
		break;
	default:
		snprintf(err, errsize, "unknown option (see --help)");
		return -EINVAL;
	}
	return 0;
}

/* --check and --prometheus: their own options, and no mixing with the
 * modes and filters that would change what they count. */
static int
check_monitoring(struct cli_opts *o, char *err, size_t errsize)
{
	const char *msg = NULL;
	bool filtered = o->npids || o->user || o->zombies_only;

	if (!o->check && (o->warn >= 0 || o->crit >= 0 || o->max_age))
		msg = "--warn, --crit and --max-age need --check";
	else if (o->interval && !o->prometheus)
		msg = "--interval needs --prometheus";
	else if (o->check && o->prometheus)
		msg = "--check and --prometheus are separate runs";
	else if ((o->check || o->prometheus) &&
	         (o->once || o->demo || o->bench_refresh || o->reap ||
	             o->watch || filtered))
		msg = "--check and --prometheus count every process: no "
		      "--once, --demo, --reap, --watch, -p, -u or --zombies "
		      "with them";
	if (msg) {
		snprintf(err, errsize, "%s", msg);
		return -EINVAL;
	}
	if (o->warn < 0)
		o->warn = CLI_CHECK_WARN;
	if (o->crit < 0)
		o->crit = o->warn > CLI_CHECK_CRIT ? o->warn : CLI_CHECK_CRIT;
	if (o->warn > o->crit) {
		snprintf(err, errsize, "--warn %d is above --crit %d", o->warn,
		    o->crit);
		return -EINVAL;
	}
	return 0;
}

int
cli_parse(int argc, char **argv, struct cli_opts *o, char *err, size_t errsize)
{
	struct option lo[NOPTS + 1];
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->delay = 15;
	o->via = -1;
	o->timeout = -1;
	o->warn = o->crit = -1;
	o->linger = -1;
	for (size_t i = 0; i < NOPTS; i++)
		lo[i] = opt_table[i].lo;
	lo[NOPTS] = (struct option){0};
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:u:d:hVC", lo, NULL)) != -1) {
		if (c == '?' || c == ':') {
			snprintf(err, errsize, "%s option '%s' (see --help)",
			    c == '?' ? "unknown" : "missing value for",
			    argv[optind - 1]);
			return -EINVAL;
		}
		if ((rc = parse_one(c, optarg, o, err, errsize)) < 0)
			return rc;
	}
	if (optind < argc) {
		snprintf(
		    err, errsize, "unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (o->hold && !(o->demo && o->once)) {
		snprintf(err, errsize, "--hold needs --demo and --once");
		return -EINVAL;
	}
	if ((rc = check_modes(o, err, errsize)) < 0 ||
	    (rc = check_record(o, err, errsize)) < 0)
		return rc;
	if (o->linger < 0)
		o->linger = CLI_LINGER;
	return check_monitoring(o, err, errsize);
}

/* A user name or number to a uid: 0, or -1 if unknown. */
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

int
cli_user_filter(const struct cli_opts *o, bool *by_uid, uid_t *uid)
{
	*by_uid = o->user != NULL;
	if (o->user && resolve_user(o->user, uid) < 0) {
		fprintf(stderr, "zombietop: no such user '%s'\n", o->user);
		return -EINVAL;
	}
	return 0;
}
