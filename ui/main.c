/* SPDX-License-Identifier: GPL-2.0-or-later */
/* zombietop's entry point: parses the options and runs one command-line
 * mode (ui/mode/) or the interactive view (ui/tui/). The only place that exits.
 */
#include "cli.h"
#include "bench.h"
#include "once.h"
#include "tui.h"
#include "nagios.h"
#include "demo.h"
#include "reap_cli.h"
#include "watch.h"
#include "prom_cli.h"
#include "events_cli.h"
#include "record.h"
#include "replay.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/* Thousands of zombies, each followed by a pidfd (up to a cap) while the
 * scan opens /proc files: the soft limit on open files (often 1,024) is
 * raised to the hard limit, which any process may do. */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int
main(int argc, char **argv)
{
	struct cli_opts o;
	char err[256];

	setlocale(LC_ALL, "");
	raise_nofile();
	if (cli_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		if (nagios_wanted(argc, argv))
			return nagios_unknown(err);
		fprintf(stderr, "zombietop: %s\n", err);
		return 2;
	}
	if (o.help) {
		cli_usage(stdout);
		return 0;
	}
	if (o.version) {
		printf("zombietop %s\n", ZT_VERSION);
		if (o.verbose)
			events_cli_probe(stdout);
		return 0;
	}
	if (o.list_keys)
		return tui_list_keys(stdout);
	if (o.check)
		return nagios_run(&o);
	if (o.prometheus)
		return prom_cli_run(&o);
	if (o.record)
		return record_run(&o);
	if (o.replay && (o.once || o.watch))
		return replay_run(&o);
	if (o.bench_refresh)
		return bench_refresh(&o);
	if (o.demo && o.once)
		return demo_once(&o);
	if (o.reap)
		return reap_cli_run(&o);
	if (o.watch)
		return watch_run(&o);
	if (!o.once)
		return tui_run(&o);
	return once_run(&o);
}
