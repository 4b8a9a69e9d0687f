/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The checks come first and each refusal is one status line: strace not
 * installed, an R (ptrace reap) under way, the rules of every action
 * (sigact_vet: PID 1, zombietop, its ancestors), a tracer already there
 * (the ptrace guards' reader), another user's process without the right
 * to trace it, Yama. Those that read /proc or PATH run on a worker thread
 * of their own (as e and l), watched by a layer's tick: the UI thread
 * reads no file. Then curses steps aside (def_prog_mode, endwin), strace
 * runs in the foreground with the terminal (Ctrl-C stops strace;
 * zombietop ignores SIGINT meanwhile) and the screen comes back whole. */
#define NCURSES_WIDECHAR 1
#include "ui_strace.h"
#include "procfs.h"
#include "ptreap_view.h"
#include "sigact.h"
#include "ui_action.h"
#include "ui_action_int.h"
#include "ui_layer.h"
#include "ui_screen_state.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The strace of PATH, as a shell would find it; false when none. */
static bool
find_strace(char *out, size_t size)
{
	const char *path = getenv("PATH");
	char *dirs, *save = NULL;
	bool found = false;

	if (!path || !(dirs = strdup(path)))
		return false;
	for (char *d = strtok_r(dirs, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		struct stat st;

		snprintf(out, size, "%s/strace", *d ? d : ".");
		found = stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
		        access(out, X_OK) == 0;
	}
	free(dirs);
	return found;
}

/* The process to trace: the selected one, its parent for a zombie (note
 * says so). NULL when there is none. */
static const struct snap_proc *
target_of(struct view *v, char *note, size_t size)
{
	const struct snap_proc *p = view_selected(v), *pp;
	char name[128];

	note[0] = '\0';
	if (!p || p->state != 'Z')
		return p;
	pp = snap_find(v->snap, p->ppid);
	ui_action_name_of(pp, name, sizeof(name));
	snprintf(note, size,
	    "zombie %d makes no system calls: tracing its "
	    "parent %d (%s)",
	    (int)p->pid, (int)p->ppid, name);
	return pp;
}

/* The process to trace and what the worker found (filled by it). */
struct job {
	pid_t pid;
	unsigned long long start; /* with pid: the process picked */
	uid_t uid;
	char note[256];        /* "" or the line about a zombie's parent */
	char strace[PATH_MAX]; /* the worker's: strace's path */
	char msg[UI_MSG_MAX];  /* the worker's: why not, "" when it may */
	bool missing;          /* the worker's: no strace in PATH */
	bool started, joined;
	pthread_t th;
	atomic_bool done;
};

/* On the UI thread, memory only: refused while an R is in progress. */
static bool
reap_busy(struct view *v, char *msg, size_t size)
{
	if (!(ui_action_busy(v) && v->act && v->act->sig == 0))
		return false;
	snprintf(msg, size,
	    "s refused: an R (ptrace reap) is in "
	    "progress; try again when it is done");
	return true;
}

/* On the worker: "" in msg when j's process may be traced. */
static void
vet(struct job *j, char *msg, size_t size)
{
	struct sigact_result sr;
	struct kstat st;
	pid_t tracer;
	int yama = ptreap_view_yama();

	msg[0] = '\0';
	if (sigact_vet(j->pid, 0, &sr) < 0)
		snprintf(msg, size, "s %s", sr.msg);
	else if (procfs_stat(j->pid, &st) < 0 || st.start_ticks != j->start)
		snprintf(msg, size, "process %d is gone: nothing to trace",
		    (int)j->pid);
	else if ((tracer = ptreap_view_tracer(j->pid, "status")) > 0)
		snprintf(msg, size, "s refused: %d is already traced by %d",
		    (int)j->pid, (int)tracer);
	else if (geteuid() != 0 && j->uid != geteuid())
		snprintf(msg, size,
		    "s refused: %d belongs to user %u and you "
		    "are uid %u: run zombietop as root or as "
		    "that user",
		    (int)j->pid, (unsigned)j->uid, (unsigned)geteuid());
	else if (yama == 3 || (yama >= 1 && geteuid() != 0))
		snprintf(msg, size,
		    "s refused: Yama's ptrace_scope is %d: "
		    "only root may trace another process",
		    yama);
}

static void *
job_run(void *arg)
{
	struct job *j = arg;

	j->missing = !find_strace(j->strace, sizeof(j->strace));
	if (!j->missing)
		vet(j, j->msg, sizeof(j->msg));
	atomic_store_explicit(&j->done, true, memory_order_release);
	return NULL;
}

static void
job_free(void *arg)
{
	struct job *j = arg;

	if (j && j->started && !j->joined)
		pthread_join(j->th, NULL);
	free(j);
}

/* Runs strace in the foreground; returns its wait status, -1 if it
 * could not start. */
static int
run(const char *strace, pid_t pid, const char *note)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
	char arg[32];
	int status = -1;
	pid_t kid;

	snprintf(arg, sizeof(arg), "%d", (int)pid);
	if (note[0])
		printf("%s\n", note);
	printf(
	    "strace -p %s (Ctrl-C stops it and returns to zombietop)\n", arg);
	fflush(stdout);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	if ((kid = fork()) == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl(strace, "strace", "-p", arg, (char *)NULL);
		_exit(127);
	}
	while (kid > 0 && waitpid(kid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return kid > 0 ? status : -1;
}

/* Curses steps aside while strace has the terminal. */
static unsigned
run_job(struct view *v, const struct job *j)
{
	char msg[UI_MSG_MAX];
	int status;

	def_prog_mode();
	endwin();
	status = run(j->strace, j->pid, j->note);
	reset_prog_mode();
	flushinp();
	snprintf(msg, sizeof(msg), "strace -p %d ended%s", (int)j->pid,
	    status == -1 ? ": could not start it" : "");
	view_message(v, msg);
	return UI_REDRAW | UI_REPAINT;
}

static unsigned job_tick(struct view *v, struct ui_layer *l);

/* No drawing and no keys: the layer only watches the worker. */
static const struct ui_layer_ops strace_layer = {
    .name = "strace check",
    .tick = job_tick,
    .free = job_free,
};

/* Once the worker is done: the refusal, or strace (an R may have begun
 * meanwhile: asked again). The layer goes first, whatever the outcome. */
static unsigned
job_tick(struct view *v, struct ui_layer *l)
{
	struct job *j = l->state;
	char msg[UI_MSG_MAX];
	unsigned r = UI_REDRAW;

	if (!atomic_load_explicit(&j->done, memory_order_acquire))
		return 0;
	pthread_join(j->th, NULL);
	j->joined = true;
	if (j->missing)
		view_message(v, "s needs strace (apt-get install strace)");
	else if (j->msg[0] || reap_busy(v, msg, sizeof(msg)))
		ui_action_show(v, j->msg[0] ? j->msg : msg, ACT_RESULT_SECS);
	else
		r = run_job(v, j);
	ui_layer_pop(v->screen->layers, &strace_layer);
	return r;
}

bool
ui_strace_pending(struct view *v)
{
	return v->screen && ui_layer_find(v->screen->layers, &strace_layer);
}

unsigned
ui_strace(struct view *v)
{
	char note[256], msg[UI_MSG_MAX];
	const struct snap_proc *p = target_of(v, note, sizeof(note));
	struct job *j;

	if (ui_strace_pending(v))
		return 0;
	if (!p) {
		view_message(v, note[0] ? note : "no process to trace");
		return UI_REDRAW;
	}
	if (reap_busy(v, msg, sizeof(msg))) {
		ui_action_show(v, msg, ACT_RESULT_SECS);
		return UI_REDRAW;
	}
	if (!(j = calloc(1, sizeof(*j)))) {
		view_message(v, "out of memory");
		return UI_REDRAW;
	}
	j->pid = p->pid;
	j->start = p->start_ticks;
	j->uid = p->uid;
	snprintf(j->note, sizeof(j->note), "%s", note);
	atomic_init(&j->done, false);
	if (ui_layer_push(v->screen->layers, &strace_layer, j) < 0) {
		view_message(v, "s: too many windows open");
		return UI_REDRAW;
	}
	j->started = pthread_create(&j->th, NULL, job_run, j) == 0;
	if (!j->started) {
		ui_layer_pop(v->screen->layers, &strace_layer);
		view_message(v, "s: could not start a thread");
	}
	return UI_REDRAW;
}
