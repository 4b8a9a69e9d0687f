/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ptreap: the guards on views built in memory, then refusals on real
 * parents: strict seccomp, D state, another user's, traced, stopped, and a
 * reused PID. The injections are in test_ptreap_inject.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ptreap.h"
#include "ptreap_bpf.h"
#include "zblock_harness.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>

static const struct ptreap_view good = {
    .zpid = 200,
    .want_start = 5000,
    .zombie_found = true,
    .zstate = 'Z',
    .zthreads = 1,
    .zstart = 5000,
    .ppid = 100,
    .self = 50,
    .parent_found = true,
    .pstate = 'S',
    .pthreads = 1,
    .zpid_ns = 200,
    .pstart = 4000,
    .want_ppid = 100,
    .want_pstart = 4000,
    .status_ok = true,
};

static void
check_guards(void **state)
{
	struct ptreap_view v;
	int r;

	(void)state;
	assert_int_equal(ptreap_vet(&good), PTREAP_OK);
	v = good, v.zstate = 'S';
	assert_int_equal(ptreap_vet(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zthreads = 3; /* a leader that exited: still alive */
	assert_int_equal(ptreap_vet(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zombie_found = false;
	assert_int_equal(ptreap_vet(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zstart = 5001;
	assert_int_equal(ptreap_vet(&v), PTREAP_IDENTITY);
	v = good, v.ppid = v.want_ppid = 1;
	assert_int_equal(ptreap_vet(&v), PTREAP_PARENT_INIT);
	v = good, v.ppid = v.want_ppid = 50;
	assert_int_equal(ptreap_vet(&v), PTREAP_PARENT_SELF);
	v = good, v.tracer = 77;
	assert_int_equal(ptreap_vet(&v), PTREAP_TRACED);
	v = good, v.pstate = 'D';
	assert_int_equal(ptreap_vet(&v), PTREAP_DSTATE);
	v = good, v.pstate = 'T';
	assert_int_equal(ptreap_vet(&v), PTREAP_STOPPED);
	v = good, v.pstate = 't';
	assert_int_equal(ptreap_vet(&v), PTREAP_STOPPED);
	v = good, v.pstate = 'Z';
	assert_int_equal(ptreap_vet(&v), PTREAP_PARENT_GONE);
	v = good, v.pstate = 'Z', v.pthreads = 2; /* its threads still wait */
	assert_int_equal(ptreap_vet(&v), PTREAP_OK);
	v = good, v.seccomp = 1;
	assert_int_equal(ptreap_vet(&v), PTREAP_SECCOMP);
	v = good, v.seccomp = 2; /* a filter: refused unless overridden */
	assert_int_equal(ptreap_vet(&v), PTREAP_SECCOMP_FILTER);
	v.allow_filter = true;
	assert_int_equal(ptreap_vet(&v), PTREAP_OK);
	v.allow_filter = false, v.defer_filter = true; /* run once held */
	assert_int_equal(ptreap_vet(&v), PTREAP_OK);
	assert_true(ptreap_overridable(PTREAP_SECCOMP_FILTER));
	assert_true(ptreap_overridable(PTREAP_ANCESTOR));
	assert_false(ptreap_overridable(PTREAP_PARENT_INIT));
	assert_false(ptreap_overridable(PTREAP_SECCOMP));
	/* Not the parent the user confirmed: by PID, then by start time. */
	v = good, v.ppid = 101;
	assert_int_equal(ptreap_vet(&v), PTREAP_REPARENTED);
	v = good, v.ppid = 1; /* re-parented to init: still "changed" */
	assert_int_equal(ptreap_vet(&v), PTREAP_REPARENTED);
	v = good, v.pstart = 4001;
	assert_int_equal(ptreap_vet(&v), PTREAP_REPARENTED);
	v = good, v.want_ppid = 0; /* no parent asked for: the guards only */
	v.ppid = 101;
	assert_int_equal(ptreap_vet(&v), PTREAP_OK);
	assert_string_equal(ptreap_message(PTREAP_REPARENTED),
	    "the zombie changed parent; nothing was done");
	/* A line the guards need was not read: refused, not defaulted. */
	v = good, v.status_ok = false;
	assert_int_equal(ptreap_vet(&v), PTREAP_STATUS);
	v = good, v.zpid_ns = 0; /* not visible in the parent's namespace */
	assert_int_equal(ptreap_vet(&v), PTREAP_NOT_ZOMBIE);
	v = good, v.zpid_ns = 3; /* inside a PID namespace */
	assert_int_equal(ptreap_vet(&v), PTREAP_OK);
	for (r = 0; r < PTREAP_NREASONS; r++)
		assert_string_not_equal(ptreap_message(r), "unknown reason");
}

/* The filter interpreter on programs like the ones services install. */
static void
check_bpf(void **state)
{
	const struct sock_filter trap_wait4[] = {
	    BPF_STMT(
	        BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xc000003e, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(
	        BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 61, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	const struct sock_filter by_arg[] = {
	    /* args[2] (options) with WNOHANG: errno, else allow */
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	        offsetof(struct seccomp_data, args[2])),
	    BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 1),
	    BPF_STMT(BPF_MISC | BPF_TAX, 0),
	    BPF_STMT(BPF_ST, 3),
	    BPF_STMT(BPF_LDX | BPF_MEM, 3),
	    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),
	};
	const struct sock_filter bad_load[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	const struct sock_filter no_ret[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	};
	const struct sock_filter div0[] = {
	    BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct seccomp_data d = {.nr = 61, .arch = 0xc000003e};
	uint32_t ret;

	(void)state;
	assert_int_equal(ptreap_bpf_run(trap_wait4, 7, &d, &ret), 0);
	assert_int_equal(ret, SECCOMP_RET_TRAP);
	assert_false(ptreap_bpf_allows(ret));
	d.nr = 0;
	assert_int_equal(ptreap_bpf_run(trap_wait4, 7, &d, &ret), 0);
	assert_true(ptreap_bpf_allows(ret));
	d.arch = 0x40000003; /* i386 */
	assert_int_equal(ptreap_bpf_run(trap_wait4, 7, &d, &ret), 0);
	assert_int_equal(ret, SECCOMP_RET_KILL_PROCESS);
	d.args[2] = 1; /* WNOHANG */
	assert_int_equal(ptreap_bpf_run(by_arg, 8, &d, &ret), 0);
	assert_int_equal(ret, SECCOMP_RET_ERRNO | 1);
	d.args[2] = 0x40000000;
	assert_int_equal(ptreap_bpf_run(by_arg, 8, &d, &ret), 0);
	assert_true(ptreap_bpf_allows(ret));
	assert_int_equal(ptreap_bpf_run(bad_load, 2, &d, &ret), -EINVAL);
	assert_int_equal(ptreap_bpf_run(no_ret, 1, &d, &ret), -EINVAL);
	assert_int_equal(ptreap_bpf_run(div0, 2, &d, &ret), -EINVAL);
}

static void
check_hazards(void **state)
{
	(void)state;
	assert_non_null(strstr(ptreap_hazards[0], "ECHILD"));
	assert_non_null(strstr(ptreap_hazards[1], "reports 0"));
	assert_non_null(strstr(ptreap_hazards[2], "EINTR"));
	/* tini's sigtimedwait returns EINTR; select restarts: not named. */
	assert_non_null(strstr(ptreap_hazards[2], "sigtimedwait"));
	assert_null(strstr(ptreap_hazards[2], "select"));
	assert_non_null(strstr(ptreap_hazards[3], "seccomp"));
	assert_non_null(ptreap_hazards[4]);
	assert_null(ptreap_hazards[5]);
}

/* A parent in strict seccomp mode would be killed by wait4: refused. */
static void
refuse_seccomp(void **state)
{
	const char *args[] = {"-S", "read", "0", NULL};
	struct ptreap_result res;
	struct kstatus ks;
	double end;

	(void)state;
	zb_start(args);
	for (end = zclock_mono() + 20; zclock_mono() < end; usleep(2000))
		if (procfs_status(zb.parent, "status", &ks) == 0 &&
		    (ks.have & KST_SECCOMP) && ks.seccomp == 1)
			break;
	assert_int_equal(
	    ptreap_reap(zb_tgt(zb.zombie, testproc_start(zb.zombie)), &res),
	    -EPERM);
	assert_int_equal(res.reason, PTREAP_SECCOMP);
	assert_int_equal(res.seccomp, 1);
	assert_int_equal(testproc_state(zb.zombie), 'Z');
}

/* A parent in D (waiting for its vfork child) is refused. */
static void
refuse_dstate(void **state)
{
	const char *args[] = {"vfork", "30", NULL};
	struct ptreap_result res;
	double end;

	(void)state;
	zb_start(args);
	assert_true(zb_read_until("VFORK ", 20));
	assert_true(zb_read_until("\n", 5));
	zb.extra = (pid_t)field("VFORK ", "VFORK ");
	for (end = zclock_mono() + 20;
	     testproc_state(zb.parent) != 'D' && zclock_mono() < end;)
		usleep(2000);
	assert_int_equal(
	    ptreap_reap(zb_tgt(zb.zombie, testproc_start(zb.zombie)), &res),
	    -EBUSY);
	assert_int_equal(res.reason, PTREAP_DSTATE);
	assert_int_equal(testproc_state(zb.zombie), 'Z');
}

/* Another user may not trace our parent: refused, with the reason. */
static void
refuse_perm(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	int st;
	pid_t kid;

	(void)state;
	zb_start(args);
	if (getuid() != 0) {
		fprintf(stderr, "not root: cannot switch users, skipped\n");
		skip();
	}
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(100);
		ptreap_reap(zb_tgt(zb.zombie, testproc_start(zb.zombie)), &res);
		_exit(res.reason);
	}
	assert_int_equal(waitpid(kid, &st, 0), kid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), PTREAP_PERM);
	assert_int_equal(testproc_state(zb.zombie), 'Z');
}

static void
refuse_traced(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	int st;

	(void)state;
	zb_start(args);
	if (ptrace(PTRACE_SEIZE, zb.parent, 0, 0) < 0) {
		fprintf(stderr, "ptrace is not permitted here: skipped\n");
		skip();
	}
	assert_int_equal(
	    ptreap_reap(zb_tgt(zb.zombie, testproc_start(zb.zombie)), &res),
	    -EBUSY);
	assert_int_equal(res.reason, PTREAP_TRACED);
	assert_int_equal(res.tracer, getpid());
	assert_int_equal(testproc_state(zb.zombie), 'Z');
	assert_int_equal(ptrace(PTRACE_INTERRUPT, zb.parent, 0, 0), 0);
	assert_int_equal(waitpid(zb.parent, &st, __WALL), zb.parent);
	assert_int_equal(ptrace(PTRACE_DETACH, zb.parent, 0, 0), 0);
}

static void
refuse_stopped(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	double end;

	(void)state;
	zb_start(args);
	assert_int_equal(kill(zb.parent, SIGSTOP), 0);
	for (end = zclock_mono() + 20;
	     testproc_state(zb.parent) != 'T' && zclock_mono() < end;)
		usleep(2000);
	assert_int_equal(
	    ptreap_reap(zb_tgt(zb.zombie, testproc_start(zb.zombie)), &res),
	    -EBUSY);
	assert_int_equal(res.reason, PTREAP_STOPPED);
	assert_int_equal(
	    ptreap_precheck(zb_tgt(zb.zombie, testproc_start(zb.zombie)), &res),
	    -EBUSY);
	assert_int_equal(res.reason, PTREAP_STOPPED);
	assert_int_equal(testproc_state(zb.zombie), 'Z');
	assert_int_equal(testproc_state(zb.parent), 'T');
}

/* A stale start time (the PID reused), a live process, ourselves. */
static void
refuse_identity(void **state)
{
	const char *args[] = {"pause", "0", NULL};
	struct ptreap_result res;
	pid_t kid;
	double end;

	(void)state;
	zb_start(args);
	assert_int_equal(
	    ptreap_reap(zb_tgt(zb.zombie, testproc_start(zb.zombie) + 1), &res),
	    -ESRCH);
	assert_int_equal(res.reason, PTREAP_IDENTITY);
	assert_int_equal(
	    ptreap_reap(zb_tgt(zb.parent, testproc_start(zb.parent)), &res),
	    -ESRCH);
	assert_int_equal(res.reason, PTREAP_NOT_ZOMBIE);
	assert_int_equal(testproc_state(zb.zombie), 'Z');
	kid = fork();
	if (kid == 0)
		_exit(0);
	for (end = zclock_mono() + 20;
	     testproc_state(kid) != 'Z' && zclock_mono() < end;)
		usleep(2000);
	assert_int_equal(
	    ptreap_reap(zb_tgt(kid, testproc_start(kid)), &res), -EINVAL);
	assert_int_equal(res.reason, PTREAP_PARENT_SELF);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(check_guards),
	    cmocka_unit_test(check_hazards),
	    cmocka_unit_test(check_bpf),
	    cmocka_unit_test_teardown(refuse_seccomp, zb_teardown),
	    cmocka_unit_test_teardown(refuse_dstate, zb_teardown),
	    cmocka_unit_test_teardown(refuse_perm, zb_teardown),
	    cmocka_unit_test_teardown(refuse_traced, zb_teardown),
	    cmocka_unit_test_teardown(refuse_stopped, zb_teardown),
	    cmocka_unit_test_teardown(refuse_identity, zb_teardown),
	};

	/* Orphans of zblock come back to us, so teardowns can reap them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
