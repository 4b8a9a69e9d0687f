/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nowinch CMD [ARG...]: runs CMD with SIGWINCH blocked, as when the
 * terminal is resized before the program's curses listens: the resize
 * is never signalled (tests/tui/resize_untold.sh). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	sigset_t s;

	if (argc < 2) {
		fprintf(stderr, "usage: nowinch CMD [ARG...]\n");
		return 2;
	}
	sigemptyset(&s);
	sigaddset(&s, SIGWINCH);
	sigprocmask(SIG_BLOCK, &s, NULL);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
