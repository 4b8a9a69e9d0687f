/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where in the parent the injected call can run: the syscall instruction
 * it is stopped in, else one in its vDSO or another executable mapping,
 * read through /proc/PID/mem; and whether its pc may be moved (rseq). */
#ifndef ZT_PTREAP_SITE_H
#define ZT_PTREAP_SITE_H

#include "ptreap.h"
#include "ptreap_regs.h"

#if PTREAP_REGS_ARCH
/* The address of a syscall instruction for the stopped thread tid whose
 * registers are saved, 0 if none; sets res->site and res->was_in_syscall.
 * Memory is read through the thread: an exited leader has none. */
unsigned long ptreap_site_choose(
    pid_t tid, const struct user_regs_struct *saved, struct ptreap_result *res);

/* Whether the thread stopped inside an rseq critical section (per-CPU
 * code such as tcmalloc's). Moving its pc there would make the kernel drop
 * the section's descriptor without the abort it owes it, so it must first
 * be let go. Kernels before 6.3 cannot tell us: then it is not checked. */
bool ptreap_site_in_rseq(pid_t tid, unsigned long pc);
#endif

#endif
