/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: "zthreads N" runs N threads in all (the main one and N-1
 * that sleep), prints its PID once they all exist, and sleeps until
 * killed: the NLWP column's fixture. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *
sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	pthread_t th;

	if (n < 1 || n > 1000) {
		fprintf(stderr, "usage: zthreads N (1-1000)\n");
		return 2;
	}
	for (int i = 1; i < n; i++)
		if (pthread_create(&th, NULL, sleeper, NULL) != 0) {
			perror("pthread_create");
			return 1;
		}
	printf("%d\n", (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
}
