/* Unit tests of the zombie diagnosis: SIGCHLD mask decoding, the reason
 * chosen for facts built in memory (every reason and their precedence),
 * the words, the first-seen ages and an analysis of an in-memory tree. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kparse.h"
#include "procfs.h"
#include "ptree.h"
#include "snap.h"
#include "zombie.h"
#include "zombie_text.h"

#define CHLD ZOMBIE_SIGCHLD_MASK
#define TERM (UINT64_C(1) << 14)

/* A readable, sleeping, single-threaded parent in the host namespace. */
static struct zombie_facts
facts(void)
{
	struct zombie_facts f;

	memset(&f, 0, sizeof(f));
	f.readable = true;
	f.pid = 4242;
	f.state = 'S';
	f.threads = 1;
	f.nspid_levels = 1;
	f.nspid_last = 4242;
	return f;
}

static void
blocked_everywhere(struct zombie_facts *f)
{
	f->sigblk_all |= CHLD;
	f->sigblk_any |= CHLD;
}

/* ---- mask decoding ---- */

static void
test_decode_default(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_DEFAULT);
	assert_false(sc.blocked);
	assert_false(sc.blocked_some);
	assert_false(sc.pending);
}

static void
test_decode_caught_ignored(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	f.sigcgt = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_CAUGHT);
	f.sigcgt = 0;
	f.sigign = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_IGNORED);
	/* Neighbouring signals are not SIGCHLD: 16 and 18 (SIGCONT). */
	f.sigign = CHLD >> 1 | CHLD << 1;
	f.sigcgt = CHLD >> 1 | CHLD << 1;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_DEFAULT);
}

static void
test_decode_high_bits_ignored(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	/* glibc sets bit 32 in SigCgt once threads exist. */
	f.sigcgt = UINT64_C(0x180000000);
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_DEFAULT);
	assert_int_equal(zombie_decide(&f), ZR_NO_HANDLER);
}

static void
test_decode_blocked_every_thread(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	f.sigblk_any = CHLD; /* one thread blocks it, another does not */
	zombie_decode_sigchld(&f, &sc);
	assert_false(sc.blocked);
	assert_true(sc.blocked_some);
	blocked_everywhere(&f);
	zombie_decode_sigchld(&f, &sc);
	assert_true(sc.blocked);
	assert_false(sc.blocked_some);
}

static void
test_decode_pending(void **state)
{
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	f.shdpnd = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_true(sc.pending);
	f.shdpnd = 0;
	f.sigpnd_any = CHLD;
	zombie_decode_sigchld(&f, &sc);
	assert_true(sc.pending);
	f.sigpnd_any = TERM;
	zombie_decode_sigchld(&f, &sc);
	assert_false(sc.pending);
}

/* The masks of a real status text, through kparse_status. */
static void
test_decode_from_status_text(void **state)
{
	static const char text[] = "Name:\tzparent\nState:\tS (sleeping)\n"
	                           "Threads:\t1\nSigPnd:\t0000000000000000\n"
	                           "ShdPnd:\t0000000000010000\n"
	                           "SigBlk:\t0000000000010000\n"
	                           "SigIgn:\t0000000000000000\n"
	                           "SigCgt:\t0000000180010000\n"
	                           "NSpid:\t31337\t1\n";
	struct kstatus ks;
	struct zombie_facts f = facts();
	struct zombie_sigchld sc;

	(void)state;
	assert_int_equal(kparse_status(text, sizeof(text) - 1, &ks), 0);
	f.sigcgt = ks.sigcgt;
	f.sigign = ks.sigign;
	f.shdpnd = ks.shdpnd;
	f.sigblk_all = f.sigblk_any = ks.sigblk;
	f.sigpnd_any = ks.sigpnd;
	zombie_decode_sigchld(&f, &sc);
	assert_int_equal(sc.disp, ZD_CAUGHT);
	assert_true(sc.blocked);
	assert_true(sc.pending);
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
	f.nspid_levels = ks.nspid_levels;
	f.nspid_last = ks.nspid_last;
	assert_int_equal(zombie_decide(&f), ZR_CONTAINER_INIT);
}

/* ---- reasons ---- */

static void
test_reason_unknown(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	f.readable = false;
	f.state = 'T'; /* nothing of an unreadable parent counts */
	assert_int_equal(zombie_decide(&f), ZR_UNKNOWN);
}

static void
test_reason_states(void **state)
{
	static const struct {
		char state;
		enum zombie_reason r;
	} cases[] = {{'Z', ZR_PARENT_ZOMBIE}, {'X', ZR_PARENT_ZOMBIE},
	    {'T', ZR_PARENT_STOPPED}, {'t', ZR_PARENT_TRACED},
	    {'D', ZR_PARENT_DISK_SLEEP}, {'S', ZR_NO_HANDLER},
	    {'R', ZR_NO_HANDLER}, {'I', ZR_NO_HANDLER}};
	struct zombie_facts f = facts();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f.state = cases[i].state;
		assert_int_equal(zombie_decide(&f), cases[i].r);
	}
}

static void
test_reason_state_beats_masks(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	f.sigcgt = CHLD;
	blocked_everywhere(&f);
	f.state = 'T';
	assert_int_equal(zombie_decide(&f), ZR_PARENT_STOPPED);
	f.state = 'S';
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
}

static void
test_reason_inits(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	f.pid = 1;
	f.nspid_last = 1;
	assert_int_equal(zombie_decide(&f), ZR_HOST_INIT);
	/* From outside, a nested namespace's init has two NSpid levels. */
	f.pid = 31337;
	f.nspid_levels = 2;
	assert_int_equal(zombie_decide(&f), ZR_CONTAINER_INIT);
	f.sigcgt = CHLD; /* masks do not change that */
	assert_int_equal(zombie_decide(&f), ZR_CONTAINER_INIT);
	f.nspid_last = 7; /* a plain process inside a container */
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_MISSED);
	f.nspid_last = 1;
	f.state = 'T';
	assert_int_equal(zombie_decide(&f), ZR_PARENT_STOPPED);
}

static void
test_reason_masks(void **state)
{
	struct zombie_facts f = facts();

	(void)state;
	assert_int_equal(zombie_decide(&f), ZR_NO_HANDLER);
	/* Blocked without a handler (tini's way): still no handler. */
	blocked_everywhere(&f);
	assert_int_equal(zombie_decide(&f), ZR_NO_HANDLER);
	f.sigign = CHLD;
	assert_int_equal(zombie_decide(&f), ZR_IGNORED_LATE);
	f.sigign = 0;
	f.sigcgt = CHLD;
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
	f.sigblk_all = 0; /* blocked in one thread only */
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_MISSED);
	f.sigblk_any = 0;
	f.shdpnd = CHLD;
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_MISSED);
}

static void
test_diag_fill(void **state)
{
	struct zombie_diag d;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.facts = facts();
	d.facts.nspid_levels = 3;
	d.facts.nspid_last = 1;
	d.facts.sigcgt = CHLD;
	zombie_diag_fill(&d);
	assert_int_equal(d.reason, ZR_CONTAINER_INIT);
	assert_true(d.namespace_init);
	assert_false(d.host_init);
	assert_int_equal(d.sigchld.disp, ZD_CAUGHT);
	assert_int_equal(d.state, 'S');
	d.facts.readable = false;
	d.flags = ZDF_GONE;
	zombie_diag_fill(&d);
	assert_int_equal(d.reason, ZR_UNKNOWN);
	assert_int_equal(d.state, '?');
	assert_false(d.namespace_init);
}

/* ---- words ---- */

static void
test_reason_codes(void **state)
{
	(void)state;
	assert_string_equal(zombie_reason_code(ZR_NO_HANDLER), "no_handler");
	assert_string_equal(
	    zombie_reason_code(ZR_HANDLER_BLOCKED), "handler_blocked");
	assert_string_equal(
	    zombie_reason_code(ZR_CONTAINER_INIT), "container_init");
	for (int r = 0; r < ZR_COUNT; r++) {
		const char *c = zombie_reason_code((enum zombie_reason)r);

		assert_non_null(c);
		assert_int_equal(zombie_reason_parse(c), r);
		for (int q = 0; q < r; q++)
			assert_string_not_equal(
			    c, zombie_reason_code((enum zombie_reason)q));
	}
	assert_int_equal(zombie_reason_parse("bogus"), -1);
	assert_string_equal(zombie_disp_name(ZD_IGNORED), "ignored");
	assert_string_equal(zombie_action_key(ZA_TERM), "term");
	assert_string_equal(zombie_action_label(ZA_KILL), "SIGKILL");
}

/* A diagnosis whose facts lead to reason r. */
static struct zombie_diag
diag_for(enum zombie_reason r)
{
	static const char states[ZR_COUNT] = {[ZR_PARENT_ZOMBIE] = 'Z',
	    [ZR_PARENT_STOPPED] = 'T',
	    [ZR_PARENT_TRACED] = 't',
	    [ZR_PARENT_DISK_SLEEP] = 'D'};
	struct zombie_diag d;

	memset(&d, 0, sizeof(d));
	d.ppid = 4242;
	d.zombies = 2;
	d.oldest_age = -1;
	d.facts = facts();
	if (states[r])
		d.facts.state = states[r];
	if (r == ZR_UNKNOWN) {
		d.facts.readable = false;
		d.flags = ZDF_DENIED;
	} else if (r == ZR_HOST_INIT) {
		d.facts.pid = 1;
	} else if (r == ZR_CONTAINER_INIT) {
		d.facts.nspid_levels = 2;
		d.facts.nspid_last = 1;
	} else if (r == ZR_IGNORED_LATE) {
		d.facts.sigign = CHLD;
	} else if (r == ZR_HANDLER_BLOCKED) {
		d.facts.sigcgt = CHLD;
		d.facts.shdpnd = CHLD;
		blocked_everywhere(&d.facts);
	} else if (r == ZR_HANDLER_MISSED) {
		d.facts.sigcgt = CHLD;
	}
	zombie_diag_fill(&d);
	return d;
}

static void
test_words_every_reason(void **state)
{
	char buf[1024];

	(void)state;
	for (int r = 0; r < ZR_COUNT; r++) {
		struct zombie_diag d = diag_for((enum zombie_reason)r);

		assert_int_equal(d.reason, r);
		assert_true(zombie_text_explain(&d, buf, sizeof(buf)) > 20);
		assert_true(strlen(buf) < sizeof(buf) - 1);
		for (int a = 0; a < ZA_COUNT; a++) {
			assert_true(
			    zombie_text_predict(&d, (enum zombie_action)a, buf,
			        sizeof(buf)) > 10);
			assert_int_equal(buf[strlen(buf) - 1], '.');
		}
	}
}

static void
test_words_content(void **state)
{
	struct zombie_diag d;
	char buf[1024];

	(void)state;
	d = diag_for(ZR_UNKNOWN);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "permission denied"));
	d = diag_for(ZR_HANDLER_BLOCKED);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "pending"));
	assert_non_null(strstr(buf, "Masks are hints"));
	d = diag_for(ZR_HANDLER_MISSED);
	zombie_text_predict(&d, ZA_SIGCHLD, buf, sizeof(buf));
	assert_non_null(strstr(buf, "one zombie per signal"));
	d = diag_for(ZR_CONTAINER_INIT);
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "tini"));
	zombie_text_predict(&d, ZA_KILL, buf, sizeof(buf));
	assert_non_null(strstr(buf, "every process"));
	d = diag_for(ZR_HOST_INIT);
	zombie_text_predict(&d, ZA_KILL, buf, sizeof(buf));
	assert_non_null(strstr(buf, "Nothing"));
	/* A parent that ignores SIGTERM is predicted to ignore it. */
	d = diag_for(ZR_NO_HANDLER);
	d.facts.sigign = TERM;
	zombie_text_predict(&d, ZA_TERM, buf, sizeof(buf));
	assert_non_null(strstr(buf, "ignores SIGTERM"));
	d.oldest_age = 300;
	zombie_text_explain(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "for 5 min"));
	/* Truncation is safe and reports the full length. */
	assert_true(zombie_text_explain(&d, buf, 8) > 8);
	assert_int_equal(strlen(buf), 7);
}

/* ---- ages and analysis on in-memory snapshots ---- */

static void
add_proc(struct snap *s, pid_t pid, pid_t ppid, char st, int threads,
    unsigned long long start)
{
	struct snap_proc p;

	memset(&p, 0, sizeof(p));
	p.pid = pid;
	p.ppid = ppid;
	p.state = st;
	p.threads = threads;
	p.start_ticks = start;
	p.comm = (char *)"x";
	assert_int_equal(snap_add(s, &p), 0);
}

static struct snap *
snap_at(time_t when)
{
	struct snap *s = snap_new();

	assert_non_null(s);
	s->taken.tv_sec = when;
	return s;
}

static void
test_ages(void **state)
{
	struct zombie_ages *a;
	struct snap *s1 = snap_at(1000), *s2 = snap_at(1005),
	            *s3 = snap_at(1012);

	(void)state;
	assert_int_equal(zombie_ages_new(&a), 0);
	add_proc(s1, 10, 1, 'S', 1, 5);
	add_proc(s1, 11, 10, 'Z', 1, 50); /* there before us */
	add_proc(s1, 12, 10, 'Z', 3, 60); /* exited leader: alive */
	assert_int_equal(zombie_ages_update(a, s1), 0);
	assert_true(zombie_ages_get(a, 11, 50, 1000) < 0);
	add_proc(s2, 10, 1, 'S', 1, 5);
	add_proc(s2, 11, 10, 'Z', 1, 50);
	add_proc(s2, 12, 10, 'Z', 1, 60); /* now a real zombie */
	add_proc(s2, 13, 10, 'Z', 1, 70); /* appeared */
	assert_int_equal(zombie_ages_update(a, s2), 0);
	assert_true(zombie_ages_get(a, 13, 70, 1005) == 0);
	assert_true(zombie_ages_get(a, 12, 60, 1005) == 0);
	assert_true(zombie_ages_get(a, 11, 50, 1005) < 0);
	/* 11 reaped; 13's PID reused by another zombie */
	add_proc(s3, 10, 1, 'S', 1, 5);
	add_proc(s3, 12, 10, 'Z', 1, 60);
	add_proc(s3, 13, 10, 'Z', 1, 90);
	assert_int_equal(zombie_ages_update(a, s3), 0);
	assert_true(zombie_ages_get(a, 12, 60, 1012) == 7);
	assert_true(zombie_ages_get(a, 13, 90, 1012) == 0);
	assert_true(zombie_ages_get(a, 13, 70, 1012) < 0);
	assert_true(zombie_ages_get(a, 11, 50, 1012) < 0);
	assert_true(zombie_ages_get(NULL, 12, 60, 1012) < 0);
	zombie_ages_free(a);
	zombie_ages_free(NULL);
	snap_free(s1);
	snap_free(s2);
	snap_free(s3);
}

/* Parents that do not exist here (PIDs above any pid_max) vanished:
 * unknown with a flag, never an error. */
static void
test_analyze_vanished(void **state)
{
	struct snap *s = snap_at(2000);
	struct zombie_ages *a;
	struct zombie_report rep;
	const struct zombie_diag *d;
	struct ptree *t;
	char buf[512];

	(void)state;
	add_proc(s, 2000000001, 0, 'S', 1, 5);
	add_proc(s, 2000000002, 2000000001, 'Z', 1, 6);
	add_proc(s, 2000000003, 2000000001, 'Z', 1, 7);
	add_proc(s, 2000000004, 2000000001, 'Z', 2, 8);
	add_proc(s, 2000000005, 2000000004, 'S', 1, 9);
	snap_sort(s);
	assert_int_equal(zombie_ages_new(&a), 0);
	assert_int_equal(zombie_ages_update(a, s), 0);
	assert_int_equal(ptree_build(s, NULL, &t), 0);
	assert_int_equal(zombie_analyze(t, a, &rep), 0);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.zombies, 2);
	assert_int_equal(rep.leader_exited, 1);
	assert_null(zombie_report_find(&rep, 2000000004));
	d = zombie_report_find(&rep, 2000000001);
	assert_non_null(d);
	assert_int_equal(d->reason, ZR_UNKNOWN);
	assert_true(d->flags & ZDF_GONE);
	assert_int_equal(d->zombies, 2);
	assert_int_equal(d->leader_exited, 1);
	assert_true(d->oldest_age < 0);
	zombie_text_explain(d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "exited"));
	zombie_report_done(&rep);
	zombie_report_done(NULL);
	ptree_free(t);
	zombie_ages_free(a);
	snap_free(s);
}

static unsigned long long
own_start_ticks(void)
{
	char buf[1024];
	struct kstat ks;
	ssize_t n = procfs_read(getpid(), "stat", buf, sizeof(buf));

	assert_true(n > 0);
	assert_int_equal(kparse_stat(buf, (size_t)n, &ks), 0);
	return ks.start_ticks;
}

/* This test process as the parent of an in-memory zombie: read for real
 * when the identity matches, unknown when the start time does not. */
static void
test_analyze_self(void **state)
{
	pid_t me = getpid();
	unsigned long long st = own_start_ticks();
	struct zombie_report rep;
	struct snap *s;
	struct ptree *t;

	(void)state;
	for (int round = 0; round < 2; round++) {
		s = snap_at(3000);
		add_proc(s, me, 0, 'S', 1, round == 0 ? st : st + 1);
		add_proc(s, 2000000001, me, 'Z', 1, st + 5);
		snap_sort(s);
		assert_int_equal(ptree_build(s, NULL, &t), 0);
		assert_int_equal(zombie_analyze(t, NULL, &rep), 0);
		assert_int_equal(rep.n, 1);
		if (round == 0) {
			assert_true(rep.diags[0].facts.readable);
			assert_int_equal(rep.diags[0].reason, ZR_NO_HANDLER);
			assert_true(rep.diags[0].state == 'R' ||
			            rep.diags[0].state == 'S');
		} else {
			assert_int_equal(rep.diags[0].reason, ZR_UNKNOWN);
			assert_true(rep.diags[0].flags & ZDF_GONE);
		}
		zombie_report_done(&rep);
		ptree_free(t);
		snap_free(s);
	}
}

/* ---- real /proc reads of a child we shape ---- */

static int ready_fd = -1;

static void
block_chld(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	pthread_sigmask(how, &set, NULL);
}

static void *
second_thread(void *arg)
{
	if (arg)
		block_chld(SIG_UNBLOCK);
	if (write(ready_fd, "t", 1) < 0)
		_exit(1);
	for (;;)
		pause();
	return NULL;
}

static void
on_chld(int sig)
{
	(void)sig;
}

/* A child with a SIGCHLD handler, SIGCHLD blocked in its main thread and,
 * if unblock_second, not in its second thread; with ngroups supplementary
 * groups (a long Groups: line). Returns its PID once both threads run. */
static pid_t
shaped_child(bool unblock_second, int ngroups)
{
	int fds[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		gid_t *g = calloc((size_t)ngroups + 1, sizeof(*g));
		pthread_t th;

		for (int i = 0; g && i < ngroups; i++)
			g[i] = (gid_t)(100000 + i);
		if (ngroups > 0 && (!g || setgroups((size_t)ngroups, g) < 0))
			_exit(2);
		signal(SIGCHLD, on_chld);
		block_chld(SIG_BLOCK);
		ready_fd = fds[1];
		pthread_create(
		    &th, NULL, second_thread, unblock_second ? &th : NULL);
		for (;;)
			pause();
	}
	close(fds[1]);
	c = 0;
	if (read(fds[0], &c, 1) != 1)
		c = 0;
	close(fds[0]);
	if (c != 't') {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

static void
end_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* SigBlk is per thread: blocked means blocked in every thread. */
static void
test_read_facts_threads(void **state)
{
	struct zombie_facts f;
	struct zombie_sigchld sc;
	pid_t pid;

	(void)state;
	for (int round = 0; round < 2; round++) {
		pid = shaped_child(round == 0, 0);
		assert_true(pid > 0);
		assert_int_equal(zombie_read_facts(pid, &f), 0);
		end_child(pid);
		assert_true(f.readable);
		assert_int_equal(f.threads, 2);
		zombie_decode_sigchld(&f, &sc);
		assert_int_equal(sc.disp, ZD_CAUGHT);
		assert_int_equal(sc.blocked, round == 1);
		assert_int_equal(sc.blocked_some, round == 0);
		assert_int_equal(zombie_decide(&f),
		    round == 1 ? ZR_HANDLER_BLOCKED : ZR_HANDLER_MISSED);
	}
	assert_int_equal(zombie_read_facts(2000000001, &f), -ESRCH);
	assert_false(f.readable);
}

/* Thousands of groups push the masks past one read's buffer. */
static void
test_read_facts_long_status(void **state)
{
	struct zombie_facts f;
	char buf[64];
	pid_t pid;

	(void)state;
	if (getuid() != 0)
		skip();
	pid = shaped_child(false, 3000);
	if (pid < 0)
		skip(); /* setgroups not permitted here */
	assert_true(procfs_read(pid, "status", buf, sizeof(buf)) > 0);
	assert_int_equal(zombie_read_facts(pid, &f), 0);
	end_child(pid);
	assert_true(f.sigcgt & CHLD);
	assert_true(f.sigblk_all & CHLD);
	assert_int_equal(zombie_decide(&f), ZR_HANDLER_BLOCKED);
}

static void
test_kind(void **state)
{
	struct snap_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.state = 'Z';
	p.threads = 1;
	assert_string_equal(zombie_kind(&p), "zombie");
	p.threads = 2;
	assert_string_equal(zombie_kind(&p), "leader_exited");
	p.state = 'S';
	assert_null(zombie_kind(&p));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_default),
	    cmocka_unit_test(test_decode_caught_ignored),
	    cmocka_unit_test(test_decode_high_bits_ignored),
	    cmocka_unit_test(test_decode_blocked_every_thread),
	    cmocka_unit_test(test_decode_pending),
	    cmocka_unit_test(test_decode_from_status_text),
	    cmocka_unit_test(test_reason_unknown),
	    cmocka_unit_test(test_reason_states),
	    cmocka_unit_test(test_reason_state_beats_masks),
	    cmocka_unit_test(test_reason_inits),
	    cmocka_unit_test(test_reason_masks),
	    cmocka_unit_test(test_diag_fill),
	    cmocka_unit_test(test_reason_codes),
	    cmocka_unit_test(test_words_every_reason),
	    cmocka_unit_test(test_words_content),
	    cmocka_unit_test(test_ages),
	    cmocka_unit_test(test_analyze_vanished),
	    cmocka_unit_test(test_analyze_self),
	    cmocka_unit_test(test_read_facts_threads),
	    cmocka_unit_test(test_read_facts_long_status),
	    cmocka_unit_test(test_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
