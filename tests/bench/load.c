/* Benchmark load: P parents with C sleeping children each, plus Z zombies
 * under one more parent that never waits. Prints "ready PID" when every
 * process exists; on SIGTERM or stdin EOF it kills its process group, which
 * holds every process it made, and exits. Run it under a subreaper. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void
sleeper(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
}

static void
parent_of(int kids, int zombies)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (int i = 0; i < kids + zombies; i++) {
		pid_t p = fork();

		if (p == 0) {
			if (i < kids)
				sleeper();
			_exit(i % 256);
		}
	}
	for (;;)
		pause();
}

int
main(int argc, char **argv)
{
	int parents = argc > 1 ? atoi(argv[1]) : 300;
	int kids = argc > 2 ? atoi(argv[2]) : 10;
	int zombies = argc > 3 ? atoi(argv[3]) : 300;
	char c;

	setpgid(0, 0);
	for (int i = 0; i < parents; i++)
		if (fork() == 0)
			parent_of(kids, 0);
	if (fork() == 0)
		parent_of(0, zombies);
	/* Wait until the table holds them all: count our group's members. */
	for (int tries = 0; tries < 600; tries++) {
		char cmd[96];
		FILE *f;
		int n = 0;

		snprintf(cmd, sizeof(cmd), "ps -o pid= -g %d | wc -l",
		    (int)getpid());
		if ((f = popen(cmd, "r"))) {
			if (fscanf(f, "%d", &n) != 1)
				n = 0;
			pclose(f);
		}
		if (n >= 1 + parents * (1 + kids) + 1 + zombies)
			break;
		usleep(100000);
	}
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	signal(SIGTERM, SIG_IGN);
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	kill(0, SIGKILL);
	return 0;
}
