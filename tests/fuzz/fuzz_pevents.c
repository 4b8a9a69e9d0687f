/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for pevents_parse, the parser of the proc connector's
 * datagrams. The first byte sets how many events the caller has room for
 * (1 to 8), the rest is the datagram; the parser must stay in bounds,
 * never write past that room, and hand out only well-formed events. */
#include "pevents.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROOM 8

static void
check(const struct pev *ev, ssize_t got, size_t n)
{
	static const struct pev zero;

	if (got != -EINVAL && (got < 0 || (size_t)got > n))
		abort();
	for (ssize_t i = 0; i < got; i++) {
		if (ev[i].kind < PEV_FORK || ev[i].kind > PEV_UID)
			abort();
		if (strnlen(ev[i].comm, sizeof(ev[i].comm)) >=
		    sizeof(ev[i].comm))
			abort();
	}
	/* The room past n is untouched. */
	for (size_t i = n; i < ROOM; i++)
		if (memcmp(&ev[i], &zero, sizeof(zero)))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pev ev[ROOM];
	size_t n;
	void *buf;

	if (size < 1)
		return 0;
	n = data[0] % ROOM + 1;
	/* An exact-size copy, so reading past the end is caught by ASan. */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	memset(ev, 0, sizeof(ev));
	check(ev, pevents_parse(buf, size - 1, ev, n), n);
	free(buf);
	return 0;
}
