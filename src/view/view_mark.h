/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's marks on processes (collapsed, tagged), kept in the process
 * table's records (ptable_vflag_set): a process that goes away loses
 * them with its record, a reused pid never inherits them. v->vflags
 * mirrors the current snapshot's, read from the table once per refresh,
 * so that drawing and building rows take no lock per row. No curses. */
#ifndef ZT_VIEW_MARK_H
#define ZT_VIEW_MARK_H

#include "view.h"

/* After a refresh: v->vflags from the table for v->snap. 0 or -ENOMEM. */
int view_mark_update(struct view *v);

/* Unfolds p (a followed process's ancestor). */
void view_uncollapse(struct view *v, const struct snap_proc *p);

/* Tags (on) or untags p, a process of v->snap: 0 or -ENOENT (gone). */
int view_set_tagged(struct view *v, const struct snap_proc *p, bool on);
bool view_is_tagged(const struct view *v, const struct snap_proc *p);
/* The tagged processes of the snapshot: their number; the first n pids
 * go to pids (may be NULL with n 0). */
size_t view_tagged(const struct view *v, pid_t *pids, size_t n);
void view_untag_all(struct view *v);

#endif
