/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: process churn. zchurn SECONDS RATE KEEP forks about RATE
 * children a second for SECONDS: most exit at once and are reaped, every
 * 8th lives a few milliseconds, every 16th stays a zombie for about half a
 * second. Then it leaves KEEP zombies and 2 sleepers, prints "done FORKED
 * REAPED" on stdout and sleeps without waiting until it is killed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HELD_MAX 4096

struct held {
	pid_t pid;
	double until; /* reap after this time */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t
spawn(long ms, int code)
{
	pid_t p = fork();

	if (p == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ms > 0) {
			struct timespec ts = {0, ms * 1000000L};

			nanosleep(&ts, NULL);
		} else if (ms < 0) {
			for (;;)
				pause();
		}
		_exit(code);
	}
	return p;
}

/* Reaps held zombies whose time is up; returns how many. */
static long
reap_due(struct held *h, size_t *n, double t)
{
	long reaped = 0;
	size_t i = 0;

	while (i < *n) {
		if (h[i].until <= t && waitpid(h[i].pid, NULL, WNOHANG) > 0) {
			h[i] = h[--*n];
			reaped++;
		} else {
			i++;
		}
	}
	return reaped;
}

int
main(int argc, char **argv)
{
	static struct held held[HELD_MAX];
	size_t nheld = 0;
	long forked = 0, reaped = 0;
	double end, rate, start;
	int keep;

	if (argc != 4) {
		fprintf(stderr, "usage: zchurn SECONDS RATE KEEP\n");
		return 2;
	}
	rate = atof(argv[2]);
	keep = atoi(argv[3]);
	start = now();
	end = start + atof(argv[1]);
	while (now() < end) {
		double t = now();
		pid_t p;

		/* Paced: catch up to RATE, then sleep a millisecond. */
		if ((double)forked >= (t - start) * rate) {
			struct timespec ts = {0, 1000000L};

			nanosleep(&ts, NULL);
			reaped += reap_due(held, &nheld, t);
			continue;
		}
		p = spawn(
		    forked % 8 == 7 ? 1 + forked % 5 : 0, (int)(forked % 256));
		if (p < 0) {
			if (errno != EAGAIN)
				return 1;
			continue;
		}
		forked++;
		if (forked % 16 == 0 && nheld < HELD_MAX) {
			held[nheld].pid = p;
			held[nheld++].until = t + 0.5;
		} else if (forked % 8 != 0) {
			if (waitpid(p, NULL, 0) > 0)
				reaped++;
		} else {
			held[nheld].pid = p;
			held[nheld++].until = t;
		}
		reaped += reap_due(held, &nheld, t);
	}
	while (nheld > 0) {
		reaped += reap_due(held, &nheld, now());
		usleep(1000);
	}
	for (int i = 0; i < keep; i++)
		spawn(0, 100 + i % 100);
	spawn(-1, 0);
	spawn(-1, 0);
	printf("done %ld %ld %.0f\n", forked, reaped,
	    (double)forked / (now() - start));
	fflush(stdout);
	for (;;)
		pause();
}
