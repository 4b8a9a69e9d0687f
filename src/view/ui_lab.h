/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The classroom lab inside the interactive view (--demo): starting it,
 * reaping from the main loop's tick (zombietop is the lab's subreaper),
 * which row belongs to which scenario, the demo keys and the lessons. */
#ifndef ZT_UI_LAB_H
#define ZT_UI_LAB_H

#include <stdbool.h>

#include "snap.h"

struct ui_lab;
struct ui_view;

/* Starts the scenarios of mask (1 << enum lab_id) and waits, bounded,
 * until they have settled, so the first screen shows the lesson's state.
 * Returns 0 or -errno (nothing is left running then). */
int ui_lab_new(unsigned mask, struct ui_lab **out);

/* Removes every lab process (lab_stop), then frees. Accepts NULL. */
void ui_lab_free(struct ui_lab *l);

/* Async-signal-safe, for the crash handler: SIGKILL to the process group
 * of every running scenario. The lab processes' PR_SET_PDEATHSIG does the
 * rest when zombietop dies. */
void ui_lab_crash(void);

/* The main loop's tick, before each snapshot: reaps what has exited
 * under zombietop and says so in the view's status line. */
void ui_lab_tick(struct ui_lab *l, struct ui_view *v);

/* True for a few seconds after a demo key: the main loop then refreshes
 * faster, so the class sees the new zombie or scenario at once. */
bool ui_lab_hurry(const struct ui_lab *l);

/* The scenario (enum lab_id) p belongs to, -1 when it is not a lab
 * process or l is NULL. */
int ui_lab_scenario(const struct ui_lab *l, const struct snap_proc *p);

/* The lesson paragraph for p's scenario, NULL when there is none. */
const char *ui_lab_lesson(
    const struct ui_lab *l, const struct snap_proc *p, const char **scenario);

/* The demo keys, on the selected row. They return enum ui_react bits, or
 * 0 when the row is not one they act on (the key keeps its other
 * meaning then). n: the lab parent forks another child; R: respawn the
 * scenario (a lab process that is not a zombie), or on zombietop's own
 * row the whole lab. */
unsigned ui_lab_key_fork(struct ui_view *v);
unsigned ui_lab_key_respawn(struct ui_view *v);

#endif
