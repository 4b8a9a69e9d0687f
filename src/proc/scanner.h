/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs snapshot scans on a thread of their own, so that a slow /proc (tens
 * of thousands of processes, a cmdline read stuck behind a busy mm) never
 * holds up the keyboard. One scan at a time; the caller polls for it. */
#ifndef ZT_SCANNER_H
#define ZT_SCANNER_H

#include "snap.h"
#include "snap_delta.h"
#include "snap_reader.h"

struct scanner;

/* r is borrowed and, from now on, used by the scanner's thread only: the
 * caller must not scan with it, since libproc2 keeps buffers per thread. */
int scanner_new(struct snap_reader *r, struct scanner **out);

/* fn runs on the scanner's thread after each scan that succeeded, with
 * the new snapshot before it is handed over: the place for the /proc reads
 * that must not happen on the caller's thread (the diagnoses). It may
 * read the snapshot and write only what arg owns for it; the caller reads
 * that after scanner_collect returned 0. Set before the first scan. */
void scanner_set_after(
    struct scanner *sc, void (*fn)(void *arg, const struct snap *s), void *arg);

/* From now on each scan runs snap_delta_run(d, ...): full or partial as
 * the caller planned it (snap_delta_plan) before scanner_start. d is
 * borrowed and read by the scanner's thread during a scan. */
void scanner_set_delta(struct scanner *sc, struct snap_delta *d);

/* Waits for a running scan and drops its result; the prev it was given
 * must still be alive. */
void scanner_free(struct scanner *sc);

/* Starts snap_reader_scan(r, prev) on the thread. prev is borrowed: it
 * must stay alive and unchanged until scanner_collect returns other than
 * -EAGAIN. Returns 0, -EBUSY while a scan runs, or -errno. */
int scanner_start(struct scanner *sc, const struct snap *prev);

/* True from scanner_start until scanner_collect has returned its result. */
bool scanner_busy(const struct scanner *sc);

/* The finished scan: 0 and *out (owned by the caller, sharing prev's
 * strings as snap_reader_scan says), -EAGAIN while it runs, -ECHILD when
 * none was started, or the scan's -errno. */
int scanner_collect(struct scanner *sc, struct snap **out);

/* The same, waiting for the scan to end: never -EAGAIN. */
int scanner_wait(struct scanner *sc, struct snap **out);

#endif
