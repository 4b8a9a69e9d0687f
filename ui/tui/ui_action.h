/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reaping actions of the interactive view: tags, the signals of the
 * action keys planned by sigact (one per parent), the confirmation before
 * the ones that hand children to a new parent, the outcome followed from
 * the main loop's tick, and the event log fed by evwatch each refresh. */
#ifndef ZT_UI_ACTION_H
#define ZT_UI_ACTION_H

#include <stdbool.h>

#include "evlog.h"
#include "snap.h"
#include "view.h"

struct ui_act;

int ui_action_new(struct ui_act **out);
void ui_action_free(struct ui_act *a);

/* The refresh hook of view: turns the change into events. */
void ui_action_snap(void *act, const struct snap *prev, const struct snap *cur);
/* The view's process table (borrowed), for the event watch's first
 * sightings and exit times. */
void ui_action_set_table(struct ui_act *a, struct ptable *table);

/* --replay: the log becomes a copy of src (the recording's events up to
 * the cursor). 0 or -ENOMEM (the log is then unchanged). */
int ui_action_replace_log(struct view *v, const struct evlog *src);

/* From the main loop: follows the outcomes under way; UI_REDRAW when the
 * status line changed. */
unsigned ui_action_tick(struct view *v);

/* An outcome is under way: the loop should tick again soon. */
bool ui_action_busy(const struct view *v);

bool ui_action_tagged(const struct view *v, const struct snap_proc *p);

/* Handlers of the key table. The dialogs, the signal menu and the event
 * log open as layers on v->screen->layers. */
unsigned ui_action_sigchld(struct view *v);
unsigned ui_action_term(struct view *v);
unsigned ui_action_kill(struct view *v);
unsigned ui_action_cont(struct view *v);
unsigned ui_action_menu(struct view *v);
unsigned ui_action_tag(struct view *v);
unsigned ui_action_log(struct view *v);
unsigned ui_action_ptrace(struct view *v);

#endif
