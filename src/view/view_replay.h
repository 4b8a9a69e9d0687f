/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay FILE in the interactive view: a recording's cursor feeds the
 * view's model in place of the scanner (view.c hands its refresh path
 * here when v->replay is set). Tree, rows, search and filter work on the
 * recorded snapshot; the diagnoses, zombie exit times and event log are
 * the recorded ones. Reads the file only, never /proc. No curses. */
#ifndef ZT_VIEW_REPLAY_H
#define ZT_VIEW_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "evlog.h"
#include "rec_read.h"
#include "view.h"

struct view_replay;

/* Opens path for v (v->replay, owned by v from then on) and pauses the
 * view on the first refresh (loaded by view_refresh). 0 or -errno with a
 * message in err. */
int view_replay_open(
    struct view *v, const char *path, char *err, size_t errsize);
void view_replay_free(struct view_replay *rp); /* NULL ok */

/* view.c's refresh path in replay: refresh loads the cursor's refresh;
 * scan_start steps one refresh forward (playing), collect adopts it
 * (1) or returns 0 when nothing was stepped. At the end playing pauses. */
int view_replay_refresh(struct view *v);
int view_replay_scan_start(struct view *v);
int view_replay_collect(struct view *v);

/* The time cursor's moves, each adopted at once. 0, -ERANGE at an end,
 * -ENOENT when no zombie event lies that way (with -p, none of a process
 * in its subtrees), -EINVAL for a time that
 * does not parse (ISO 8601, +SECONDS, -SECONDS as --at), or -errno. */
int view_replay_step(struct view *v, int dir);
int view_replay_event(struct view *v, int dir);
int view_replay_goto(struct view *v, const char *spec);

/* What the header shows, and the log up to the cursor; borrowed. */
const struct rec_read_info *view_replay_info(const struct view *v);
double view_replay_time(const struct view *v);
size_t view_replay_cursor(const struct view *v, size_t *count);
const struct evlog *view_replay_log(const struct view *v);

#endif
