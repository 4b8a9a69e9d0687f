/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay FILE in the interactive view: opening the recording, the time
 * cursor's keys (step, zombie events, go to a time; p plays), the header
 * line that says REPLAY with the recorded time and host, and the one
 * refusal of every action key. */
#ifndef ZT_UI_REPLAY_H
#define ZT_UI_REPLAY_H

#include <stdbool.h>

#include "view.h"

/* Before the first refresh: opens path for v, paused on its first
 * refresh, the log following the cursor. 0, or -errno after saying why
 * on stderr (curses is not up yet). */
int ui_replay_start(struct view *v, const char *path);

/* An action key in replay: says "replay: actions are disabled" and
 * returns true (the key then does nothing); false live. */
bool ui_replay_refuse(struct view *v);

/* Whether key moves the time cursor of --replay (the key table's . , )
 * ( g p): the event log lets these through, as it follows the cursor.
 * False live. */
bool ui_replay_time_key(const struct view *v, int key);

/* The header's first line in replay (line 0, w columns). */
void ui_replay_header(const struct view *v, int w);

/* Handlers of the key table; live, they say they need --replay. */
unsigned ui_replay_forward(struct view *v);
unsigned ui_replay_back(struct view *v);
unsigned ui_replay_next_event(struct view *v);
unsigned ui_replay_prev_event(struct view *v);
unsigned ui_replay_goto(struct view *v);

#endif
