/* The option table and its parser. Options follow htop where they overlap
 * (-d tenths of a second, -p, -u); long forms exist for every option. */
#include "cli.h"
#include "lab.h"

#include <errno.h>
#include <getopt.h>
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
        "show only the subtrees of these processes"},
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
    {{"list-keys", no_argument, NULL, OPT_LIST_KEYS}, NULL,
        "list the keys of the interactive view and exit"},
    {{"bench-refresh", required_argument, NULL, OPT_BENCH}, "N",
        "run N refresh cycles without a terminal (benchmark)"},
    {{"demo", optional_argument, NULL, OPT_DEMO}, "[=NAME,...]",
        "start the classroom lab (all scenarios, or these)"},
    {{"hold", no_argument, NULL, OPT_HOLD}, NULL,
        "with --demo --once: keep the lab until stdin closes"},
    {{"help", no_argument, NULL, 'h'}, NULL, "show this help and exit"},
    {{"version", no_argument, NULL, 'V'}, NULL, "show the version and exit"},
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
	fprintf(f, "\nlab scenarios (--demo=NAME,...):\n");
	for (int i = 0; i < LAB_COUNT; i++)
		fprintf(f, "  %-16s %s\n", lab_scenarios[i].name,
		    lab_scenarios[i].summary);
}

static int
parse_int(const char *s, long lo, long hi, long *out)
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

static int
parse_pids(const char *arg, struct cli_opts *o, char *err, size_t errsize)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;
	long v;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && rc == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		if (parse_int(tok, 1, INT_MAX, &v) < 0) {
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

static int
parse_demo(const char *arg, struct cli_opts *o, char *err, size_t errsize)
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
	case OPT_LIST_KEYS:
		o->list_keys = true;
		break;
	case OPT_EXPLAIN:
		o->explain = true;
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
		return parse_pids(arg, o, err, errsize);
	case OPT_BENCH:
		if (parse_int(arg, 1, 1000000, &v) < 0) {
			snprintf(err, errsize, "invalid count '%s'", arg);
			return -EINVAL;
		}
		o->bench_refresh = (int)v;
		break;
	case OPT_DEMO:
		return parse_demo(arg, o, err, errsize);
	case OPT_HOLD:
		o->hold = true;
		break;
	case 'd':
		if (parse_int(arg, 1, 36000, &v) < 0) {
			snprintf(err, errsize,
			    "invalid delay '%s': tenths of a second, 1-36000",
			    arg);
			return -EINVAL;
		}
		o->delay = (int)v;
		break;
	default:
		snprintf(err, errsize, "unknown option (see --help)");
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
	if (o->json && !o->once) {
		snprintf(err, errsize, "--json needs --once");
		return -EINVAL;
	}
	return 0;
}
