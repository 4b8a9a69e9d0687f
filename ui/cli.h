/* Command-line options: one table of options feeds the parser and --help.
 * Parsing only fills struct cli_opts; main decides what to run. */
#ifndef ZT_CLI_H
#define ZT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define CLI_MAX_PIDS 64

struct cli_opts {
	bool once, json, ascii, no_color, zombies_only;
	bool help, version;
	bool monochrome, list_keys; /* -C; --list-keys */
	int bench_refresh;  /* --bench-refresh N: N refresh cycles, no output */
	bool demo, hold;    /* --demo, --hold */
	unsigned demo_mask; /* scenarios, 1 << enum lab_id */
	int delay;          /* tenths of a second */
	bool explain;       /* --explain: sentences under zombie parents */
	pid_t pids[CLI_MAX_PIDS];
	size_t npids;
	const char *user; /* borrowed from argv */
};

/* Returns 0, or -EINVAL with a one-line message in err. */
int cli_parse(
    int argc, char **argv, struct cli_opts *o, char *err, size_t errsize);

/* Prints the usage text, generated from the option table. */
void cli_usage(FILE *f);

#endif
