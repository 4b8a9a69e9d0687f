/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-architecture half of ptrace injection: the instruction that
 * enters the kernel, reading and writing the general registers, and setting
 * them up for wait4. x86_64 (run and tested) and aarch64 (compiled only). */
#ifndef ZT_PTREAP_REGS_H
#define ZT_PTREAP_REGS_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <sys/types.h>
#include <sys/user.h>

#if defined(__x86_64__)
#define PTREAP_REGS_ARCH 1
#define PTREAP_REGS_INSN_LEN 2   /* syscall */
#define PTREAP_REGS_INSN_ALIGN 1 /* where it may start, in bytes */
#elif defined(__aarch64__)
#define PTREAP_REGS_ARCH 1
#define PTREAP_REGS_INSN_LEN 4 /* svc #0 */
#define PTREAP_REGS_INSN_ALIGN 4
#else
#define PTREAP_REGS_ARCH 0 /* injection not built: PTREAP_UNSUPPORTED */
#endif

#if PTREAP_REGS_ARCH
/* The bytes of the instruction that makes a system call. */
extern const unsigned char ptreap_regs_insn[PTREAP_REGS_INSN_LEN];

/* The tracee's general registers; 0 or -errno. */
int ptreap_regs_get(pid_t tid, struct user_regs_struct *r);
int ptreap_regs_set(pid_t tid, const struct user_regs_struct *r);

/* Whether the tracee runs 32-bit code (not supported). */
bool ptreap_regs_compat(const struct user_regs_struct *r);

/* Where the instruction that entered the current syscall should be, 0 if
 * not known; *in_syscall says whether it was stopped inside one. The caller
 * checks the bytes there before using it. */
unsigned long ptreap_regs_site_guess(
    const struct user_regs_struct *r, bool *in_syscall);

/* Sets r up to run wait4(zpid, NULL, WNOHANG|__WALL, NULL) at site. */
void ptreap_regs_call(
    struct user_regs_struct *r, unsigned long site, pid_t zpid);

/* What a seccomp filter sees of the call r is set up to make (after
 * ptreap_regs_call): number, arch, the pc after the instruction, args. */
void ptreap_regs_seccomp(
    const struct user_regs_struct *r, struct seccomp_data *d);

/* The syscall's return value (at the exit stop) and the pc. */
long ptreap_regs_ret(const struct user_regs_struct *r);
unsigned long ptreap_regs_pc(const struct user_regs_struct *r);

/* At the syscall-entry stop: checks that the call is wait4. On aarch64 the
 * kernel may have turned it into restart_syscall: it is made wait4 again
 * and *restart_block set, for ptreap_regs_restore_fix. 0 or -errno. */
int ptreap_regs_entry(pid_t tid, bool *restart_block);

/* Adjusts the saved registers before they are put back. */
void ptreap_regs_restore_fix(struct user_regs_struct *r, bool restart_block);
#endif

#endif
