/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whether a parent's seccomp filters let the injected wait4 through: the
 * classic BPF programs read with PTRACE_SECCOMP_GET_FILTER, run on the
 * seccomp_data of that very call. Anything not modelled is "no". */
#ifndef ZT_PTREAP_BPF_H
#define ZT_PTREAP_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/types.h>

/* Runs one program (n instructions) on d; *ret is what it returns (a
 * SECCOMP_RET_* action and data). Returns 0, or -EINVAL for a program
 * that reads outside d, jumps out, divides by zero or uses an instruction
 * the kernel would not accept in a seccomp filter. */
int ptreap_bpf_run(const struct sock_filter *prog, size_t n,
    const struct seccomp_data *d, uint32_t *ret);

/* An action that lets the call run: ALLOW or LOG. */
bool ptreap_bpf_allows(uint32_t ret);

/* Every filter of the stopped tracee tid, read as root, lets call d run.
 * False when any does not, or when one cannot be read. */
bool ptreap_bpf_tracee_allows(pid_t tid, const struct seccomp_data *d);

/* Whether a SIGSYS raised by a filter for our wait4 waits in the stopped
 * tracee's own queue (a filter's SIGSYS is sent to the thread). */
bool ptreap_bpf_sigsys_pending(pid_t tid);

/* At a SIGSYS signal-delivery stop of tid: whether it is that one. */
bool ptreap_bpf_sigsys_at_stop(pid_t tid);

#endif
