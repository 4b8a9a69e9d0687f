/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A classic BPF interpreter for seccomp filters, as strict as the kernel's
 * checker (seccomp_check_filter, bpf_check_classic): only 32-bit aligned
 * loads from seccomp_data, forward jumps, a return at the end. It decides
 * whether our own wait4 would pass every filter, and tells the SIGSYS a
 * filter raises for that call from any other. */
#include "ptreap_bpf.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>

#define MEMWORDS 16 /* BPF_MEMWORDS */

struct vm {
	uint32_t a, x, mem[MEMWORDS];
	const struct seccomp_data *d;
};

static int
load_abs(const struct vm *m, uint32_t k, uint32_t *out)
{
	if (k % 4 != 0 || k > sizeof(*m->d) - 4)
		return -EINVAL;
	memcpy(out, (const char *)m->d + k, 4);
	return 0;
}

static int
alu(struct vm *m, const struct sock_filter *f)
{
	uint32_t v = BPF_SRC(f->code) == BPF_X ? m->x : f->k;

	switch (BPF_OP(f->code)) {
	case BPF_ADD:
		m->a += v;
		break;
	case BPF_SUB:
		m->a -= v;
		break;
	case BPF_MUL:
		m->a *= v;
		break;
	case BPF_OR:
		m->a |= v;
		break;
	case BPF_AND:
		m->a &= v;
		break;
	case BPF_XOR:
		m->a ^= v;
		break;
	case BPF_LSH:
		m->a = v < 32 ? m->a << v : 0;
		break;
	case BPF_RSH:
		m->a = v < 32 ? m->a >> v : 0;
		break;
	case BPF_NEG:
		m->a = -m->a;
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (v == 0)
			return -EINVAL;
		m->a = BPF_OP(f->code) == BPF_DIV ? m->a / v : m->a % v;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* The next pc after a jump at pc, or -EINVAL when it leaves the program. */
static long
jump(const struct vm *m, const struct sock_filter *f, size_t pc, size_t n)
{
	uint32_t v = BPF_SRC(f->code) == BPF_X ? m->x : f->k;
	bool t;
	size_t to;

	switch (BPF_OP(f->code)) {
	case BPF_JA:
		to = pc + 1 + f->k;
		return to < n ? (long)to : -EINVAL;
	case BPF_JEQ:
		t = m->a == v;
		break;
	case BPF_JGT:
		t = m->a > v;
		break;
	case BPF_JGE:
		t = m->a >= v;
		break;
	case BPF_JSET:
		t = (m->a & v) != 0;
		break;
	default:
		return -EINVAL;
	}
	to = pc + 1 + (t ? f->jt : f->jf);
	return to < n ? (long)to : -EINVAL;
}

/* One load or store; 0 or -EINVAL. */
static int
ld_st(struct vm *m, const struct sock_filter *f)
{
	uint32_t *dst = BPF_CLASS(f->code) == BPF_LD ? &m->a : &m->x;

	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		return load_abs(m, f->k, &m->a);
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
		*dst = sizeof(*m->d);
		return 0;
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
		*dst = f->k;
		return 0;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
		if (f->k >= MEMWORDS)
			return -EINVAL;
		*dst = m->mem[f->k];
		return 0;
	case BPF_ST:
	case BPF_STX:
		if (f->k >= MEMWORDS)
			return -EINVAL;
		m->mem[f->k] = f->code == BPF_ST ? m->a : m->x;
		return 0;
	default:
		return -EINVAL;
	}
}

int
ptreap_bpf_run(const struct sock_filter *prog, size_t n,
    const struct seccomp_data *d, uint32_t *ret)
{
	struct vm m = {.d = d};
	size_t pc = 0;
	long to;

	while (pc < n) {
		const struct sock_filter *f = &prog[pc];

		switch (BPF_CLASS(f->code)) {
		case BPF_RET:
			*ret = BPF_RVAL(f->code) == BPF_A ? m.a : f->k;
			return BPF_RVAL(f->code) == BPF_A ||
			               BPF_RVAL(f->code) == BPF_K
			           ? 0
			           : -EINVAL;
		case BPF_ALU:
			if (alu(&m, f) < 0)
				return -EINVAL;
			break;
		case BPF_JMP:
			if ((to = jump(&m, f, pc, n)) < 0)
				return -EINVAL;
			pc = (size_t)to;
			continue;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				m.x = m.a;
			else if (BPF_MISCOP(f->code) == BPF_TXA)
				m.a = m.x;
			else
				return -EINVAL;
			break;
		default:
			if (ld_st(&m, f) < 0)
				return -EINVAL;
		}
		pc++;
	}
	return -EINVAL; /* ran off the end */
}

bool
ptreap_bpf_allows(uint32_t ret)
{
	uint32_t act = ret & SECCOMP_RET_ACTION_FULL;

	return act == SECCOMP_RET_ALLOW || act == SECCOMP_RET_LOG;
}

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#define MAX_FILTERS 512 /* the kernel's limit is in instructions (32768) */

/* Filter i of tid allows d: 1, it does not: 0, no filter i: -ENOENT, it
 * cannot be read: other -errno. */
static int
filter_allows(pid_t tid, long i, const struct seccomp_data *d)
{
	struct sock_filter *prog;
	uint32_t ret;
	long n = ptrace(PTRACE_SECCOMP_GET_FILTER, tid, i, NULL);
	int rc;

	if (n <= 0)
		return n == 0 ? -EINVAL : -errno;
	if (!(prog = calloc((size_t)n, sizeof(*prog))))
		return -ENOMEM;
	if (ptrace(PTRACE_SECCOMP_GET_FILTER, tid, i, prog) != n)
		rc = -EIO;
	else if (ptreap_bpf_run(prog, (size_t)n, d, &ret) < 0)
		rc = -EINVAL;
	else
		rc = ptreap_bpf_allows(ret);
	free(prog);
	return rc;
}

bool
ptreap_bpf_tracee_allows(pid_t tid, const struct seccomp_data *d)
{
	long i;
	int rc;

	for (i = 0; i < MAX_FILTERS; i++) {
		rc = filter_allows(tid, i, d);
		if (rc == -ENOENT)
			return i > 0; /* past the last one */
		if (rc != 1)
			return false;
	}
	return false;
}

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a SIGSYS raised by a seccomp filter */
#endif

/* The SIGSYS a seccomp filter raises for our wait4 (SECCOMP_RET_TRAP):
 * si_code SYS_SECCOMP and si_syscall wait4. The parent never made that
 * call: it must not see the signal. */
static bool
is_our_sigsys(const siginfo_t *si)
{
	return si->si_signo == SIGSYS && si->si_code == SYS_SECCOMP &&
	       si->si_syscall == SYS_wait4;
}

bool
ptreap_bpf_sigsys_pending(pid_t tid)
{
	struct __ptrace_peeksiginfo_args a = {.off = 0, .flags = 0, .nr = 16};
	siginfo_t si[16];
	long n = ptrace(PTRACE_PEEKSIGINFO, tid, &a, si);

	for (long i = 0; i < n; i++)
		if (is_our_sigsys(&si[i]))
			return true;
	return false;
}

bool
ptreap_bpf_sigsys_at_stop(pid_t tid)
{
	siginfo_t si;

	return ptrace(PTRACE_GETSIGINFO, tid, 0, &si) == 0 &&
	       is_our_sigsys(&si);
}
