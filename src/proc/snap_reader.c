/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds snapshots from libproc2 rows plus our own reads where libproc2 is
 * lossy or silent: the raw comm, field 52 of zombies, the permission probe.
 * Strings of known processes are shared with the previous snapshot, then
 * moved over, so a steady refresh reads /proc/PID/stat, and the command
 * line only of new processes and of a few that ran (setproctitle). */
#include "snap_reader.h"
#include "kparse.h"
#include "lp2.h"
#include "procfs.h"
#include "snap_threads.h"

#include <errno.h>
#include <stdatomic.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAP_SYS_PTRACE_BIT 19 /* <linux/capability.h>: CAP_SYS_PTRACE */
#define REREAD_MAX 64 /* command lines read again per refresh, at most */

struct uid_name {
	uid_t uid;
	char *name; /* owned */
};

struct snap_reader {
	struct lp2 *lp;         /* owned */
	struct uid_name *users; /* owned cache, grows */
	size_t nusers;
	int hidepid;
	bool privileged;
	double boot_time;
	long hz, page_kb;
	pid_t reread_after;  /* where the next window of rereads starts */
	atomic_bool threads; /* H: add user threads (snap_threads) */
};

struct scan_ctx {
	struct snap_reader *r;
	struct snap *s;
	const struct snap *prev; /* borrowed, read only: strings are shared */
	pid_t *argv_pids; /* owned: processes whose cmdline is still to read */
	size_t nargv, capargv;
	pid_t *reread; /* owned: known processes that ran: cmdline again? */
	size_t nreread, capreread;
	int err;
};

static double
boot_time(void)
{
	struct timespec now, up;

	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_BOOTTIME, &up);
	return (double)(now.tv_sec - up.tv_sec) +
	       (double)(now.tv_nsec - up.tv_nsec) / 1e9;
}

static int
read_hidepid(void)
{
	char *buf = NULL;
	ssize_t n = procfs_slurp("/proc/self/mountinfo", &buf);
	int level = n < 0 ? -1 : kparse_hidepid(buf, (size_t)n);

	free(buf);
	return level;
}

/* CAP_SYS_PTRACE passes the ptrace read check for every process. Probing
 * PID 1 instead fails: it may be non-dumpable even for root. */
static bool
may_inspect_all(void)
{
	struct kstatus st;

	if (procfs_status(0, "self/status", &st) < 0 || !(st.have & KST_CAPEFF))
		return false;
	return (st.capeff >> CAP_SYS_PTRACE_BIT) & 1;
}

int
snap_reader_new(struct snap_reader **out)
{
	struct snap_reader *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return -ENOMEM;
	rc = lp2_new(&r->lp);
	if (rc < 0) {
		free(r);
		return rc;
	}
	r->hidepid = read_hidepid();
	r->privileged = may_inspect_all();
	r->boot_time = boot_time();
	r->hz = sysconf(_SC_CLK_TCK);
	r->page_kb = sysconf(_SC_PAGESIZE) / 1024;
	*out = r;
	return 0;
}

void
snap_reader_free(struct snap_reader *r)
{
	if (!r)
		return;
	lp2_free(r->lp);
	for (size_t i = 0; i < r->nusers; i++)
		free(r->users[i].name);
	free(r->users);
	free(r);
}

/* The cached name of uid, or its number with *known false. */
const char *
snap_reader_user(struct snap_reader *r, uid_t uid, bool *known)
{
	struct passwd *pw;
	struct uid_name *nu;
	char num[16];
	size_t i;

	for (i = 0; i < r->nusers && r->users[i].uid != uid; i++)
		;
	if (i == r->nusers) {
		nu = realloc(r->users, (r->nusers + 1) * sizeof(*nu));
		if (!nu)
			return NULL;
		r->users = nu;
		pw = getpwuid(uid);
		snprintf(num, sizeof(num), "#%u", (unsigned)uid);
		nu[i].uid = uid;
		nu[i].name = strdup(pw ? pw->pw_name : num);
		if (!nu[i].name)
			return NULL;
		r->nusers++;
	}
	/* A leading '#' marks a uid without a name; we show the number. */
	*known = r->users[i].name[0] != '#';
	return r->users[i].name + !*known;
}

/* libproc2's masking of comm: control bytes to '.', non-ASCII to '?'. */
static bool
same_masked(const char *raw, const char *masked)
{
	for (;; raw++, masked++) {
		unsigned char c = (unsigned char)*raw, m = c;

		if (c < 0x20 || c == 0x7f)
			m = '.';
		else if (c >= 0x80)
			m = '?';
		if (c == '\0' || *masked == '\0')
			return c == '\0' && *masked == '\0';
		if (m != (unsigned char)*masked)
			return false;
	}
}

static bool
is_zstate(char state)
{
	return state == 'Z';
}

int
snap_reader_raw_stat(struct snap_proc *p, bool want_comm)
{
	struct kstat ks;
	int rc = procfs_stat(p->pid, &ks);

	if (rc < 0)
		return rc;
	if (ks.start_ticks != p->start_ticks)
		return -ESRCH;
	if (want_comm) {
		free(p->comm);
		p->comm = strdup(ks.comm);
	}
	if (is_zstate(ks.state) && ks.has_exit_code) {
		p->exit_raw = ks.exit_code;
		p->flags |= SPF_EXIT_KNOWN;
	}
	return 0;
}

/* An unprivileged reader sees 0 for others' statuses: tell exit(0) from a
 * hidden value by probing the same ptrace access check. */
void
snap_reader_check_exit(struct snap_proc *p)
{
	if (!(p->flags & SPF_EXIT_KNOWN) || p->exit_raw != 0)
		return;
	if (procfs_may_inspect(p->pid) == -EACCES) {
		p->flags &= ~(unsigned)SPF_EXIT_KNOWN;
		p->flags |= SPF_EXIT_DENIED;
	}
}

static const struct snap_proc *
find_prev(const struct snap *prev, const struct lp2_row *row)
{
	const struct snap_proc *pp = prev ? snap_find(prev, row->pid) : NULL;

	return pp && pp->start_ticks == row->start_ticks ? pp : NULL;
}

/* Returns true when comm still needs its raw bytes read from stat. */
static bool
fill_names(struct scan_ctx *c, struct snap_proc *p, const struct snap_proc *pp,
    const char *comm)
{
	bool known = true, need_raw = false, same_comm;
	const char *u;

	same_comm = pp && pp->comm && same_masked(pp->comm, comm);
	if (same_comm) {
		p->comm = pp->comm;
	} else {
		p->comm = strdup(comm);
		need_raw = strpbrk(comm, ".?") != NULL;
	}
	/* A new comm means an exec or a rename (setproctitle): the command
	 * line read before it may be stale, so it is read again. */
	if (same_comm && pp->cmdline) {
		p->cmdline = pp->cmdline;
		p->flags |= pp->flags & SPF_NO_CMDLINE;
	}
	if (pp && pp->user && pp->uid == p->uid) {
		p->user = pp->user;
		p->flags |= pp->flags & SPF_NO_USER;
	} else {
		u = snap_reader_user(c->r, p->uid, &known);
		p->user = u ? strdup(u) : NULL;
		if (!known)
			p->flags |= SPF_NO_USER;
	}
	return need_raw;
}

static void
add_pid(struct scan_ctx *c, pid_t **list, size_t *n, size_t *cap, pid_t pid)
{
	pid_t *np;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		np = realloc(*list, *cap * sizeof(*np));
		if (!np) {
			c->err = -ENOMEM;
			return;
		}
		*list = np;
	}
	(*list)[(*n)++] = pid;
}

bool
snap_reader_may_retitle(const struct snap_proc *p, const struct snap_proc *pp)
{
	return pp && p->cmdline == pp->cmdline &&
	       p->cpu_ticks != pp->cpu_ticks && p->ppid != 2 && p->pid != 2;
}

/* A zombie's status never changes: reuse what the last scan read. */
static bool
reuse_exit(struct snap_proc *p, const struct snap_proc *pp)
{
	if (!pp || !is_zstate(pp->state) || pp->threads > 1 || p->threads > 1)
		return false;
	p->exit_raw = pp->exit_raw;
	p->flags |= pp->flags & (SPF_EXIT_KNOWN | SPF_EXIT_DENIED);
	return true;
}

static int
zombie_fields(struct snap_proc *p, const struct snap_proc *pp, bool raw_comm)
{
	int rc;

	if (!is_zstate(p->state))
		return raw_comm ? snap_reader_raw_stat(p, true) : 0;
	if (reuse_exit(p, pp) && !raw_comm)
		return 0;
	rc = snap_reader_raw_stat(p, raw_comm);
	if (rc == 0)
		snap_reader_check_exit(p);
	return rc;
}

/* Joins argv with spaces; libproc2 gives {"-"} when there is none. */
static char *
join_argv(char **argv)
{
	size_t len = 0, off = 0;
	char *out;

	if (!argv || !argv[0] || (strcmp(argv[0], "-") == 0 && !argv[1]))
		return strdup("");
	for (size_t i = 0; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	for (size_t i = 0; argv[i]; i++) {
		size_t n = strlen(argv[i]);

		memcpy(out + off, argv[i], n);
		off += n;
		out[off++] = argv[i + 1] ? ' ' : '\0';
	}
	return out;
}

/* Frees what p owns: not the strings it shares with pp. */
static void
drop_proc(struct snap_proc *p, const struct snap_proc *pp)
{
	if (pp)
		snap_proc_disown(p, pp);
	snap_proc_done(p);
}

static void
push_proc(struct scan_ctx *c, const struct snap_proc *p)
{
	if (!c->err)
		c->err = snap_push(c->s, p);
}

static void
on_row(void *ctx, const struct lp2_row *row)
{
	struct scan_ctx *c = ctx;
	const struct snap_proc *pp;
	struct snap_proc p = {0};
	bool raw_comm;

	if (row->state == 'X' || c->err)
		return;
	pp = find_prev(c->prev, row);
	p.pid = row->pid;
	p.ppid = row->ppid;
	p.state = row->state;
	p.threads = row->threads;
	p.uid = row->uid;
	p.tty = row->tty;
	p.start_ticks = row->start_ticks;
	p.cpu_ticks = row->cpu_ticks;
	p.rss_kb = row->rss_pages * (unsigned long)c->r->page_kb;
	p.flags = pp ? 0 : SPF_NEW;
	raw_comm = fill_names(c, &p, pp, row->comm);
	if (!p.comm || (!p.user && !(p.flags & SPF_NO_USER)))
		c->err = -ENOMEM;
	if (c->err || zombie_fields(&p, pp, raw_comm) == -ESRCH) {
		drop_proc(&p, pp);
		return;
	}
	if (!p.cmdline && is_zstate(p.state))
		p.cmdline = strdup("");
	else if (!p.cmdline && row->argv)
		p.cmdline = join_argv(row->argv);
	else if (!p.cmdline)
		add_pid(c, &c->argv_pids, &c->nargv, &c->capargv, p.pid);
	else if (snap_reader_may_retitle(&p, pp))
		add_pid(c, &c->reread, &c->nreread, &c->capreread, p.pid);
	push_proc(c, &p);
	if (c->err)
		drop_proc(&p, pp);
}

/* A requested process has no command line yet, or one shared with the
 * previous snapshot (a reread): the shared one is prev's to free. */
static void
on_argv(void *ctx, pid_t pid, char **argv)
{
	struct scan_ctx *c = ctx;
	struct snap_proc *p = (struct snap_proc *)snap_find(c->s, pid);
	char *cmd = p ? join_argv(argv) : NULL;

	if (cmd) {
		p->cmdline = cmd;
		p->flags &= ~(unsigned)SPF_NO_CMDLINE;
	}
}

/* Up to REREAD_MAX of the processes that ran, from where the last window
 * ended (in pid order, wrapping), appended to the pids to read: a busy
 * machine spreads the rereads over refreshes, none starves. */
static void
pick_rereads(struct scan_ctx *c)
{
	size_t n = c->nreread, start = 0, take;

	if (n == 0)
		return;
	while (start < n && c->reread[start] <= c->r->reread_after)
		start++;
	take = n < REREAD_MAX ? n : REREAD_MAX;
	for (size_t k = 0; k < take && !c->err; k++)
		add_pid(c, &c->argv_pids, &c->nargv, &c->capargv,
		    c->reread[(start + k) % n]);
	c->r->reread_after = take == n ? 0 : c->reread[(start + take - 1) % n];
}

/* Processes that vanished before their cmdline was read keep "" and a
 * flag: the row stays, its command line is unknown. */
static void
read_cmdlines(struct scan_ctx *c)
{
	pick_rereads(c);
	if (c->nargv)
		lp2_argv(c->r->lp, c->argv_pids, (int)c->nargv, on_argv, c);
	for (size_t i = 0; i < c->s->n; i++) {
		struct snap_proc *p = &c->s->procs[i];

		if (!p->cmdline) {
			p->cmdline = strdup("");
			p->flags |= SPF_NO_CMDLINE;
		}
	}
}

int
snap_reader_scan(
    struct snap_reader *r, const struct snap *prev, struct snap **out)
{
	struct scan_ctx c = {.r = r, .prev = prev};
	int rc;

	c.s = snap_new();
	if (!c.s)
		return -ENOMEM;
	clock_gettime(CLOCK_REALTIME, &c.s->taken);
	snap_reader_meta(r, c.s);
	/* Without a previous snapshot every command line is to be read:
	 * one pass over stat and cmdline beats a second pass. */
	rc = prev ? lp2_scan(r->lp, on_row, &c)
	          : lp2_scan_full(r->lp, on_row, &c);
	if (rc >= 0 && c.err == 0) {
		snap_sort(c.s);
		read_cmdlines(&c);
	}
	if (rc >= 0 && c.err == 0 && atomic_load(&r->threads))
		c.err = snap_threads_add(c.s);
	free(c.argv_pids);
	free(c.reread);
	if (rc < 0 || c.err) {
		if (prev) {
			snap_sort(c.s);
			snap_disown_shared(c.s, prev);
		}
		snap_free(c.s);
		return rc < 0 ? rc : c.err;
	}
	*out = c.s;
	return 0;
}

void
snap_reader_set_threads(struct snap_reader *r, bool on)
{
	atomic_store(&r->threads, on);
}

bool
snap_reader_threads(const struct snap_reader *r)
{
	return atomic_load(&r->threads);
}

int
snap_reader_take(struct snap_reader *r, struct snap *prev, struct snap **out)
{
	int rc = snap_reader_scan(r, prev, out);

	if (rc == 0 && prev)
		snap_disown_shared(prev, *out);
	return rc;
}

void
snap_reader_meta(const struct snap_reader *r, struct snap *s)
{
	s->hidepid = r->hidepid;
	s->privileged = r->privileged;
	s->boot_time = r->boot_time;
	s->hz = r->hz;
}

long
snap_reader_page_kb(const struct snap_reader *r)
{
	return r->page_kb;
}
