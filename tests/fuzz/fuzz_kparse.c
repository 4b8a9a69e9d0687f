/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for every parser of kernel text in src/kparse.c. The
 * first byte picks the parser, the rest is the input; each must stay in
 * bounds and keep its invariants whatever the bytes. */
#include "kparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_stat(const char *buf, size_t len)
{
	struct kstat ks;

	if (kparse_stat(buf, len, &ks) == 0) {
		/* The name is NUL-terminated inside its buffer. */
		if (strnlen(ks.comm, sizeof(ks.comm)) >= sizeof(ks.comm))
			abort();
		if (ks.pid <= 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kstatus st;
	pid_t pid;
	int level;
	char *buf;

	if (size < 1)
		return 0;
	/* An exact-size copy, so reading past the end is caught by ASan. */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
		check_stat(buf, size - 1);
		break;
	case 1:
		kparse_status(buf, size - 1, &st);
		break;
	case 2:
		level = kparse_hidepid(buf, size - 1);
		if (level < -1 || level > 4)
			abort();
		break;
	default:
		kparse_fdinfo_pid(buf, size - 1, &pid);
		break;
	}
	free(buf);
	return 0;
}
