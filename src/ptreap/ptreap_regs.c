/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registers for ptrace injection, one block per architecture: how to read
 * and write them, where the syscall instruction is, how wait4 is called and
 * what it returned. Nothing here waits or decides. */
#include "ptreap_regs.h"

#if PTREAP_REGS_ARCH

#include <errno.h>
#include <linux/audit.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#if defined(__x86_64__)
const unsigned char ptreap_regs_insn[PTREAP_REGS_INSN_LEN] = {0x0f, 0x05};

int
ptreap_regs_get(pid_t tid, struct user_regs_struct *r)
{
	return ptrace(PTRACE_GETREGS, tid, 0, r) < 0 ? -errno : 0;
}

int
ptreap_regs_set(pid_t tid, const struct user_regs_struct *r)
{
	return ptrace(PTRACE_SETREGS, tid, 0, r) < 0 ? -errno : 0;
}

bool
ptreap_regs_compat(const struct user_regs_struct *r)
{
	return (r->cs & 0xff) == 0x23; /* __USER32_CS (0xe023 under Xen) */
}

/* In a syscall, the instruction that entered it is just before rip. After
 * an exception orig_rax holds its error code, also >= 0: the bytes are
 * checked, and never taken from another page than rip's (that one is
 * surely executable). */
unsigned long
ptreap_regs_site_guess(const struct user_regs_struct *r, bool *in_syscall)
{
	*in_syscall = (long)r->orig_rax >= 0;
	if (!*in_syscall || (r->rip - 2) >> 12 != r->rip >> 12)
		return 0;
	return r->rip - 2;
}

void
ptreap_regs_call(struct user_regs_struct *r, unsigned long site, pid_t zpid)
{
	r->rip = site;
	r->rax = SYS_wait4;
	r->orig_rax = (unsigned long long)-1; /* no restart of the old call */
	r->rdi = (unsigned long long)zpid;
	r->rsi = 0;
	r->rdx = WNOHANG | __WALL;
	r->r10 = 0;
}

void
ptreap_regs_seccomp(const struct user_regs_struct *r, struct seccomp_data *d)
{
	memset(d, 0, sizeof(*d));
	d->nr = (int)r->rax;
	d->arch = AUDIT_ARCH_X86_64;
	d->instruction_pointer = r->rip + PTREAP_REGS_INSN_LEN;
	d->args[0] = r->rdi;
	d->args[1] = r->rsi;
	d->args[2] = r->rdx;
	d->args[3] = r->r10;
	d->args[4] = r->r8;
	d->args[5] = r->r9;
}

long
ptreap_regs_ret(const struct user_regs_struct *r)
{
	return (long)r->rax;
}

unsigned long
ptreap_regs_pc(const struct user_regs_struct *r)
{
	return r->rip;
}

int
ptreap_regs_entry(pid_t tid, bool *restart_block)
{
	struct user_regs_struct r;
	int rc = ptreap_regs_get(tid, &r);

	(void)restart_block;
	if (rc == 0 && r.orig_rax != SYS_wait4)
		rc = -EIO;
	return rc;
}

void
ptreap_regs_restore_fix(struct user_regs_struct *r, bool restart_block)
{
	(void)r;
	(void)restart_block;
}

#else
/* aarch64, not run here: written from the arm64 signal code (do_signal rewinds
 * the pc to the svc and x0 to orig_x0 before get_signal stops the task). */
#include <elf.h>
#ifndef NT_ARM_SYSTEM_CALL
#define NT_ARM_SYSTEM_CALL 0x404
#endif

const unsigned char ptreap_regs_insn[PTREAP_REGS_INSN_LEN] = {
    0x01, 0x00, 0x00, 0xd4};

int
ptreap_regs_get(pid_t tid, struct user_regs_struct *r)
{
	struct iovec io = {r, sizeof(*r)};

	return ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &io) < 0
	           ? -errno
	           : 0;
}

int
ptreap_regs_set(pid_t tid, const struct user_regs_struct *r)
{
	struct iovec io = {(void *)r, sizeof(*r)};

	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &io) < 0
	           ? -errno
	           : 0;
}

bool
ptreap_regs_compat(const struct user_regs_struct *r)
{
	return (r->pstate & 0x10) != 0; /* PSR_MODE32_BIT */
}

/* The kernel already rewound pc to the svc of a restartable call; whether
 * it was one is only known once the svc runs (see ptreap_regs_entry). */
unsigned long
ptreap_regs_site_guess(const struct user_regs_struct *r, bool *in_syscall)
{
	*in_syscall = false;
	return r->pc;
}

void
ptreap_regs_call(struct user_regs_struct *r, unsigned long site, pid_t zpid)
{
	r->pc = site;
	r->regs[8] = SYS_wait4;
	r->regs[0] = (unsigned long long)zpid;
	r->regs[1] = 0;
	r->regs[2] = WNOHANG | __WALL;
	r->regs[3] = 0;
}

void
ptreap_regs_seccomp(const struct user_regs_struct *r, struct seccomp_data *d)
{
	memset(d, 0, sizeof(*d));
	d->nr = (int)r->regs[8];
	d->arch = AUDIT_ARCH_AARCH64;
	d->instruction_pointer = r->pc + PTREAP_REGS_INSN_LEN;
	for (int i = 0; i < 6; i++)
		d->args[i] = r->regs[i];
}

long
ptreap_regs_ret(const struct user_regs_struct *r)
{
	return (long)r->regs[0];
}

unsigned long
ptreap_regs_pc(const struct user_regs_struct *r)
{
	return r->pc;
}

/* At the entry stop: if the kernel turned our call into restart_syscall
 * (the parent was in a call that returned -ERESTART_RESTARTBLOCK and we
 * ran at its svc), make it wait4 again and remember to restore that. */
int
ptreap_regs_entry(pid_t tid, bool *restart_block)
{
	int nr = 0;
	struct iovec io = {&nr, sizeof(nr)};

	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_ARM_SYSTEM_CALL, &io) < 0)
		return -errno;
	if (nr == SYS_wait4)
		return 0;
	if (nr != SYS_restart_syscall)
		return -EIO;
	*restart_block = true;
	nr = SYS_wait4;
	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_ARM_SYSTEM_CALL, &io) < 0)
		return -errno;
	return 0;
}

void
ptreap_regs_restore_fix(struct user_regs_struct *r, bool restart_block)
{
	if (restart_block)
		r->regs[8] = SYS_restart_syscall;
}

#endif
#endif
