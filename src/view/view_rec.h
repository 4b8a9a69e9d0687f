/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recording from the view (the w key): the same file as --record, its
 * records written on the scanner's thread right after each scan, from the
 * tree and diagnoses made there, so the UI thread does no file I/O but
 * opening and closing it when the user asks. No curses. */
#ifndef ZT_VIEW_REC_H
#define ZT_VIEW_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "snap.h"
#include "timeline.h"
#include "zombie.h"

#define VIEW_REC_PATH_MAX 4096

struct view_rec;

int view_rec_new(struct view_rec **out);
/* Closes a recording in progress (synced) and frees; NULL ok. */
void view_rec_free(struct view_rec *r);

/* On the UI thread. start opens path for appending (as --record: a torn
 * tail is cut, a session header written) with the view's interval, lab
 * (demo) and table; the next scan writes the first refresh. 0 or -errno
 * (-EALREADY when one runs). stop syncs and closes: 0 or the first -errno. */
int view_rec_start(struct view_rec *r, const char *path, double interval,
    bool demo, const struct timeline *tl);
int view_rec_stop(struct view_rec *r);

/* Any thread: a recording is open; its path and refreshes written
 * (copied into path, may be NULL). */
bool view_rec_on(const struct view_rec *r);
unsigned long long view_rec_frames(struct view_rec *r, char *path, size_t size);
/* A write error since the last call (the recording was then closed), or
 * 0; the UI thread shows it once. */
int view_rec_failed(struct view_rec *r);

/* On the scanner's thread, after the table was reconciled with cur and
 * the diagnoses made: appends one refresh when recording. prev is the
 * snapshot before cur (still valid), NULL for the first. */
void view_rec_frame(struct view_rec *r, const struct snap *prev,
    const struct snap *cur, const struct zombie_report *rep,
    struct ptable *table);

/* A default file name, ./zombietop-YYYYmmdd-HHMMSS.ztr in local time. */
void view_rec_default_path(char *buf, size_t size);

#endif
