/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the reaping actions: the state ui_action.c (tags, sending,
 * outcomes, the log page) and ui_action_dlg.c (the confirmation dialogs
 * and the signal menu) share. Not for other modules. */
#ifndef ZT_UI_ACTION_INT_H
#define ZT_UI_ACTION_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "evlog.h"
#include "evwatch.h"
#include "ptreap.h"
#include "sigact.h"
#include "ui_dialog.h"
#include "view_track.h"
#include "view.h"

#define ACT_RESULT_SECS 15 /* the final outcome stays on the status line */
#define ACT_ESC_KEY 27

struct ui_act {
	struct evlog *log;     /* owned: what L shows */
	struct evlog *scratch; /* owned: evwatch and outcomes write here */
	struct evwatch w;
	struct view_tracks tracks; /* owned: outcomes under way */

	struct ui_dialog dlg; /* the confirmation or the menu, when open */
	int log_top, log_first;
	/* The action the dialog asks about. */
	struct sigact_plan plan; /* owned */
	int sig;                 /* 0: R, reap by ptrace */
	int action;              /* enum sigact_action, -1 from the menu */
	bool refused, can_override;
	struct ptreap_target pt; /* R's zombie and the parent shown */
};

/* The tagged processes still in the snapshot, else the selected one. */
int ui_action_build_plan(struct view *v, struct sigact_plan *plan);

/* One signal per parent of the plan; tags are used up. */
void ui_action_send_plan(struct view *v, const struct sigact_plan *plan,
    int sig, int action, unsigned flags);

/* The status line, kept secs seconds. */
void ui_action_show(struct view *v, const char *msg, double secs);

/* The escaped command line (else name) of p, "?" for none. */
void ui_action_name_of(const struct snap_proc *p, char *buf, size_t size);

#endif
