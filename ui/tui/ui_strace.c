/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The checks come first and each refusal is one status line: strace not
 * installed, an R (ptrace reap) under way, the rules of every action
 * (sigact_vet: PID 1, zombietop, its ancestors), a tracer already there
 * (the ptrace guards' reader), another user's process without the right
 * to trace it, Yama. Then curses steps aside (def_prog_mode, endwin),
 * strace runs in the foreground with the terminal (Ctrl-C stops strace;
 * zombietop ignores SIGINT meanwhile) and the screen comes back whole. */
#define NCURSES_WIDECHAR 1
#include "ui_strace.h"
#include "procfs.h"
#include "ptreap_view.h"
#include "sigact.h"
#include "ui_action.h"
#include "ui_action_int.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
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

/* 0 when p may be traced, else -1 with the reason in msg. */
static int
vet(struct view *v, const struct snap_proc *p, char *msg, size_t size)
{
	struct sigact_result sr;
	struct kstat st;
	pid_t tracer;
	int yama = ptreap_view_yama();

	if (ui_action_busy(v) && v->act && v->act->sig == 0)
		snprintf(msg, size,
		    "s refused: an R (ptrace reap) is in "
		    "progress; try again when it is done");
	else if (sigact_vet(p->pid, 0, &sr) < 0)
		snprintf(msg, size, "s %s", sr.msg);
	else if (procfs_stat(p->pid, &st) < 0 ||
	         st.start_ticks != p->start_ticks)
		snprintf(msg, size, "process %d is gone: nothing to trace",
		    (int)p->pid);
	else if ((tracer = ptreap_view_tracer(p->pid, "status")) > 0)
		snprintf(msg, size, "s refused: %d is already traced by %d",
		    (int)p->pid, (int)tracer);
	else if (geteuid() != 0 && p->uid != geteuid())
		snprintf(msg, size,
		    "s refused: %d belongs to user %u and you "
		    "are uid %u: run zombietop as root or as "
		    "that user",
		    (int)p->pid, (unsigned)p->uid, (unsigned)geteuid());
	else if (yama == 3 || (yama >= 1 && geteuid() != 0))
		snprintf(msg, size,
		    "s refused: Yama's ptrace_scope is %d: "
		    "only root may trace another process",
		    yama);
	else
		return 0;
	return -1;
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

unsigned
ui_strace(struct view *v)
{
	char strace[PATH_MAX], note[256], msg[UI_MSG_MAX];
	const struct snap_proc *p = target_of(v, note, sizeof(note));
	int status;

	if (!find_strace(strace, sizeof(strace))) {
		view_message(v, "s needs strace (apt-get install strace)");
		return UI_REDRAW;
	}
	if (!p) {
		view_message(v, note[0] ? note : "no process to trace");
		return UI_REDRAW;
	}
	if (vet(v, p, msg, sizeof(msg)) < 0) {
		ui_action_show(v, msg, ACT_RESULT_SECS);
		return UI_REDRAW;
	}
	def_prog_mode();
	endwin();
	status = run(strace, p->pid, note);
	reset_prog_mode();
	flushinp();
	snprintf(msg, sizeof(msg), "strace -p %d ended%s", (int)p->pid,
	    status == -1 ? ": could not start it" : "");
	view_message(v, msg);
	return UI_REDRAW | UI_REPAINT;
}
