/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs a fuzz harness over files given on the command line, without
 * libFuzzer: make check replays the committed corpus with the normal
 * compiler, so every earlier finding stays a regression test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	static uint8_t buf[1 << 20];

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("%d inputs\n", argc - 1);
	return 0;
}
