/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The classroom lab inside the interactive view (--demo): starting it,
 * reaping from the main loop's tick (zombietop is the lab's subreaper),
 * which row belongs to which scenario, the demo keys and the lessons. */
#ifndef ZT_VIEW_LAB_H
#define ZT_VIEW_LAB_H

#include <stdbool.h>

#include "snap.h"

struct view_lab;
struct view;

/* Starts the scenarios of mask (1 << enum lab_id) and waits, bounded,
 * until they have settled, so the first screen shows the lesson's state.
 * Returns 0 or -errno (nothing is left running then). */
int view_lab_new(unsigned mask, struct view_lab **out);

/* Removes every lab process (lab_stop), then frees. Accepts NULL. */
void view_lab_free(struct view_lab *l);

/* Async-signal-safe, for the crash handler: SIGKILL to the process group
 * of every running scenario. The lab processes' PR_SET_PDEATHSIG does the
 * rest when zombietop dies. */
void view_lab_crash(void);

/* The main loop's tick, before each snapshot: reaps what has exited
 * under zombietop and says so in the view's status line. */
void view_lab_tick(struct view_lab *l, struct view *v);

/* True for a few seconds after a demo key: the main loop then refreshes
 * faster, so the class sees the new zombie or scenario at once. */
bool view_lab_hurry(const struct view_lab *l);

/* The scenario (enum lab_id) p belongs to, -1 when it is not a lab
 * process or l is NULL. */
int view_lab_scenario(const struct view_lab *l, const struct snap_proc *p);

/* The lesson paragraph for p's scenario, NULL when there is none. */
const char *view_lab_lesson(
    const struct view_lab *l, const struct snap_proc *p, const char **scenario);

/* The demo keys, on the selected row. They return enum ui_react bits, or
 * 0 when the row is not one they act on (the key keeps its other
 * meaning then). n: the lab parent forks another child; R: respawn the
 * scenario (a lab process that is not a zombie), or on zombietop's own
 * row the whole lab. */
unsigned view_lab_key_fork(struct view *v);
unsigned view_lab_key_respawn(struct view *v);

#endif
