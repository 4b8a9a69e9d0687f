/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The UI thread reads no /proc: a key starts one small thread that fills
 * a pinspect struct, and the page's tick turns the finished struct into
 * escaped lines. Closing the page early joins the thread (its reads are
 * capped by pinspect) before the struct is freed. */
#include "ui_inspect.h"
#include "escape.h"
#include "pinspect.h"
#include "procfs.h"
#include "ui_action_int.h"
#include "ui_list.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
	pid_t pid;
	unsigned long long start; /* with pid, the process the user picked */
	bool reused;              /* its PID now names another process */
	bool files;               /* l: open files; else e: the environment */
	bool started, joined;
	pthread_t th;
	atomic_bool done;
	struct pinspect_env env;
	struct pinspect_fds fds;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct kstat st;

	if (j->files)
		pinspect_fds_read(j->pid, &j->fds);
	else
		pinspect_env_read(j->pid, &j->env);
	/* Read after the lists: a PID reused meanwhile shows nothing. */
	j->reused = procfs_stat(j->pid, &st) == 0 && st.start_ticks != j->start;
	atomic_store_explicit(&j->done, true, memory_order_release);
	return NULL;
}

static void
job_free(void *arg)
{
	struct job *j = arg;

	if (!j)
		return;
	if (j->started && !j->joined)
		pthread_join(j->th, NULL);
	pinspect_env_done(&j->env);
	pinspect_fds_done(&j->fds);
	free(j);
}

/* The line for an empty or short list: why, from the flags. */
static void
flag_lines(struct ui_list *l, unsigned flags, pid_t pid, const char *what)
{
	if (flags & PINSPECT_DENIED)
		ui_list_addf(l, 0,
		    "not permitted: %s of %d (another user's process; run "
		    "zombietop as root or as that user)",
		    what, (int)pid);
	if (flags & PINSPECT_GONE)
		ui_list_addf(l, 0, "process %d is gone: it exited", (int)pid);
	if (flags & PINSPECT_ZOMBIE)
		ui_list_addf(
		    l, 0, "%d is a zombie: it has no %s left", (int)pid, what);
	if (flags & PINSPECT_ERROR)
		ui_list_addf(l, 0, "could not read %s of %d", what, (int)pid);
	if (flags & PINSPECT_TRUNCATED)
		ui_list_addf(l, 0, "(the list stops here: too long to show)");
}

static void
env_lines(struct ui_list *l, const struct job *j)
{
	char buf[1024];

	for (size_t i = 0; i < j->env.nvars; i++) {
		escape_buf(
		    j->env.vars[i].s, j->env.vars[i].len, buf, sizeof(buf), 0);
		ui_list_add(l, buf, 0);
	}
	if (!j->env.nvars && !j->env.flags)
		ui_list_add(l, "(an empty environment)", 0);
	flag_lines(l, j->env.flags, j->pid, "the environment");
}

static const char *
type_name(enum pinspect_fd_type t)
{
	static const char *const names[] = {
	    "file", "deleted", "socket", "pipe", "anon", "other"};

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

static void
fd_lines(struct ui_list *l, const struct job *j)
{
	char buf[1024], pos[32];

	ui_list_addf(l, 0, "%5s %-4s %-7s %10s  %s", "FD", "MODE", "TYPE",
	    "POS", "TARGET");
	for (size_t i = 0; i < j->fds.nfds; i++) {
		const struct pinspect_fd *f = &j->fds.fds[i];

		escape_buf(f->target, f->target_len, buf, sizeof(buf), 0);
		if (f->pos >= 0)
			snprintf(pos, sizeof(pos), "%lld", f->pos);
		else
			snprintf(pos, sizeof(pos), "-");
		ui_list_addf(l, 0, "%5d %-4s %-7s %10s  %s%s", f->fd,
		    f->flags >= 0 ? pinspect_fd_mode(f->flags) : "?",
		    type_name(f->type), pos, buf, f->target_cut ? "..." : "");
	}
	if (j->fds.total > j->fds.nfds)
		ui_list_addf(
		    l, 0, "(%zu open, %zu shown)", j->fds.total, j->fds.nfds);
	flag_lines(l, j->fds.flags, j->pid, "open files");
}

/* The page's tick: once the thread is done, its lines replace
 * "reading...". */
static unsigned
job_tick(struct view *v, struct ui_list *l, void *arg)
{
	struct job *j = arg;

	(void)v;
	if (j->joined || !atomic_load_explicit(&j->done, memory_order_acquire))
		return 0;
	pthread_join(j->th, NULL);
	j->joined = true;
	ui_list_drop_last(l);
	if (j->reused)
		ui_list_addf(l, 0,
		    "process %d is gone: its PID now belongs to another "
		    "process",
		    (int)j->pid);
	else if (j->files)
		fd_lines(l, j);
	else
		env_lines(l, j);
	return UI_REDRAW;
}

/* The process to look into: the selected one, its parent for a zombie
 * (the line about it goes into note). NULL when there is none. */
static const struct snap_proc *
target_of(struct view *v, const char *what, char *note, size_t size)
{
	const struct snap_proc *p = view_selected(v), *pp;
	char name[128];

	note[0] = '\0';
	if (!p || p->state != 'Z')
		return p;
	pp = snap_find(v->snap, p->ppid);
	ui_action_name_of(pp, name, sizeof(name));
	snprintf(note, size, "zombie %d has no %s: showing its parent %d (%s)",
	    (int)p->pid, what, (int)p->ppid, name);
	return pp;
}

static unsigned
inspect(struct view *v, bool files)
{
	const char *what = files ? "open files" : "environment";
	char note[256], name[128], title[256];
	const struct snap_proc *p = target_of(v, what, note, sizeof(note));
	struct job *j;
	struct ui_list *l;

	if (!p) {
		view_message(v, note[0] ? note : "no process selected");
		return UI_REDRAW;
	}
	ui_action_name_of(p, name, sizeof(name));
	snprintf(title, sizeof(title),
	    "%s of %d (%s)  (arrows scroll, any other key closes)",
	    files ? "Open files" : "Environment", (int)p->pid, name);
	j = calloc(1, sizeof(*j));
	l = ui_list_new(title, NULL);
	if (!j || !l) {
		free(j);
		ui_list_free(l);
		view_message(v, "out of memory");
		return UI_REDRAW;
	}
	*j = (struct job){
	    .pid = p->pid, .start = p->start_ticks, .files = files};
	atomic_init(&j->done, false);
	ui_list_set_job(l, job_tick, job_free, j);
	if (note[0])
		ui_list_add(l, note, 0);
	ui_list_add(l, "reading...", 0);
	j->started = pthread_create(&j->th, NULL, job_run, j) == 0;
	if (!j->started) {
		j->joined = true;
		ui_list_add(l, "could not start the reader", 0);
	}
	return ui_list_open(v, l);
}

unsigned
ui_inspect_env(struct view *v)
{
	return inspect(v, false);
}

unsigned
ui_inspect_files(struct view *v)
{
	return inspect(v, true);
}
