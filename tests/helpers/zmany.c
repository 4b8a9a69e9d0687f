/* Test helper: one parent with many zombies, for the open-file limit.
 * "zmany N [reap]" forks N children that exit at once, waits (without
 * reaping) until all are zombies, prints "PARENT FIRST LAST" and sleeps.
 * With "reap", a SIGCHLD that arrives after that line makes it reap every
 * child it has (the children's own SIGCHLDs were discarded, since SIGCHLD
 * had its default disposition while they exited). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void
reap_all(int sig)
{
	int saved = errno;

	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	errno = saved;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	pid_t *kids = calloc(n > 0 ? (size_t)n : 1, sizeof(*kids));
	struct sigaction sa;

	if (!kids || n < 1)
		return 1;
	signal(SIGCHLD, SIG_DFL);
	for (int i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("zmany: fork");
			return 1;
		}
		if (kids[i] == 0)
			_exit(i % 200);
	}
	for (int i = 0; i < n; i++) {
		siginfo_t si;

		while (
		    waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOWAIT) < 0 &&
		    errno == EINTR)
			;
	}
	if (argc > 2 && strcmp(argv[2], "reap") == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = reap_all;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGCHLD, &sa, NULL);
	}
	printf("%d %d %d\n", (int)getpid(), (int)kids[0], (int)kids[n - 1]);
	fflush(stdout);
	for (;;)
		pause();
}
