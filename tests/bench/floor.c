/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The floor of the benchmark: the least a tool can do per refresh, one
 * read of /proc/PID/stat per process and nothing else. Runs N passes. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int passes = argc > 1 ? atoi(argv[1]) : 10;
	char path[300], buf[1024];
	long total = 0;

	for (int i = 0; i < passes; i++) {
		DIR *d = opendir("/proc");
		struct dirent *e;

		while (d && (e = readdir(d))) {
			int fd;
			ssize_t n;

			if (e->d_name[0] < '1' || e->d_name[0] > '9')
				continue;
			snprintf(
			    path, sizeof(path), "/proc/%s/stat", e->d_name);
			if ((fd = open(path, O_RDONLY)) < 0)
				continue;
			n = read(fd, buf, sizeof(buf));
			total += n > 0 ? 1 : 0;
			close(fd);
		}
		if (d)
			closedir(d);
	}
	printf("%ld\n", total);
	return 0;
}
