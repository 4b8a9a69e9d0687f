/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding an instruction that enters the kernel in the parent's memory, and
 * the rseq check, for ptrace injection. Only reads: the tracee's memory is
 * never written (the call runs on bytes already there). */
#include "ptreap_site.h"

#if PTREAP_REGS_ARCH

#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

#define SCAN_MAX ((size_t)256 * 1024)

static int
mem_read(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)addr);
	close(fd);
	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

static unsigned long
scan_range(pid_t pid, unsigned long lo, unsigned long hi)
{
	size_t len = hi - lo > SCAN_MAX ? SCAN_MAX : hi - lo, i;
	unsigned char *buf = malloc(len);
	unsigned long found = 0;

	if (buf && mem_read(pid, lo, buf, len) == 0)
		for (i = 0; i + sizeof(ptreap_regs_insn) <= len;
		     i += PTREAP_REGS_INSN_ALIGN)
			if (memcmp(buf + i, ptreap_regs_insn,
			        sizeof(ptreap_regs_insn)) == 0) {
				found = lo + i;
				break;
			}
	free(buf);
	return found;
}

/* A syscall instruction in the vDSO, else in another executable mapping.
 * Any executable bytes that decode as one will do: we jump straight to it. */
static unsigned long
find_insn(pid_t pid, enum ptreap_site *site)
{
	char *maps = NULL, *line, *save = NULL, path[64];
	unsigned long found = 0, lo, hi;
	int pass;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if (procfs_slurp(path, &maps) < 0)
		return 0;
	for (pass = 0; pass < 2 && !found; pass++) {
		char *copy = strdup(maps);

		for (line = copy ? strtok_r(copy, "\n", &save) : NULL;
		     line && !found; line = strtok_r(NULL, "\n", &save)) {
			bool vdso = strstr(line, "[vdso]") != NULL;
			char *end;

			/* "lo-hi perms ...": the third perm letter is x. */
			lo = strtoul(line, &end, 16);
			if (*end != '-')
				continue;
			hi = strtoul(end + 1, &end, 16);
			if (*end != ' ' || strlen(end) < 4 || end[3] != 'x' ||
			    vdso != (pass == 0))
				continue;
			found = scan_range(pid, lo, hi);
		}
		free(copy);
		*site = pass == 0 ? PTREAP_SITE_VDSO : PTREAP_SITE_TEXT;
	}
	free(maps);
	return found;
}

unsigned long
ptreap_site_choose(
    pid_t tid, const struct user_regs_struct *saved, struct ptreap_result *res)
{
	unsigned char buf[sizeof(ptreap_regs_insn)];
	bool in_sys;
	unsigned long a = ptreap_regs_site_guess(saved, &in_sys);

	res->was_in_syscall = false;
	if (a && mem_read(tid, a, buf, sizeof(buf)) == 0 &&
	    memcmp(buf, ptreap_regs_insn, sizeof(ptreap_regs_insn)) == 0) {
		res->was_in_syscall = in_sys;
		res->site = PTREAP_SITE_SYSCALL;
		return a;
	}
	return find_insn(tid, &res->site);
}

bool
ptreap_site_in_rseq(pid_t tid, unsigned long pc)
{
	struct __ptrace_rseq_configuration conf;
	uint64_t cs, desc[4]; /* version+flags, start_ip, post_commit_offset,
	                         abort_ip */

	if (ptrace(PTRACE_GET_RSEQ_CONFIGURATION, tid, sizeof(conf), &conf) <
	        0 ||
	    !conf.rseq_abi_pointer)
		return false;
	if (mem_read(tid, conf.rseq_abi_pointer + 8, &cs, sizeof(cs)) < 0 ||
	    !cs || mem_read(tid, cs, desc, sizeof(desc)) < 0)
		return false;
	return pc >= desc[1] && pc - desc[1] < desc[2];
}

#endif
