/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The nice keys act on the selected row only (not on tags): a zombie has
 * nothing left to renice and renice_by refuses it with its own words, as
 * it refuses PID 1, zombietop and its ancestors. The result is the one
 * line renice_by wrote, on the status line. */
#include "ui_nice.h"
#include "renice.h"
#include "ui_action_int.h"

#include <stdio.h>

static unsigned
nice_step(struct view *v, int delta)
{
	const struct snap_proc *p = view_selected(v);
	struct renice_result res;
	struct sigact_target t;
	char msg[UI_MSG_MAX];

	if (!p) {
		view_message(v, "no process to renice");
		return UI_REDRAW;
	}
	t = (struct sigact_target){p->pid, p->start_ticks};
	renice_by(&t, delta, 0, &res);
	if (res.warning[0])
		snprintf(msg, sizeof(msg), "%s; %s", res.msg, res.warning);
	else
		snprintf(msg, sizeof(msg), "%s", res.msg);
	ui_action_show(v, msg, ACT_RESULT_SECS);
	return UI_REDRAW | (res.status == RENICE_DONE ? UI_RESCAN : 0);
}

unsigned
ui_nice_lower(struct view *v)
{
	return nice_step(v, -1);
}

unsigned
ui_nice_raise(struct view *v)
{
	return nice_step(v, 1);
}
