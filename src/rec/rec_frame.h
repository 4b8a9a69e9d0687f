/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The framing of a recording: each record is a zstd skippable frame (the
 * marker: kind, time, sequence, event count, as one short line of text, so
 * a reader indexes a file without decompressing it) followed by one
 * independent zstd frame (content size and checksum set) holding the
 * record's JSON text. `zstdcat FILE` prints the JSON lines. */
#ifndef ZT_REC_FRAME_H
#define ZT_REC_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <zstd.h>
#include <zstd_errors.h>

#define REC_FORMAT_VERSION 1
/* The skippable frame magic of our markers (0x184D2A50 + 10). */
#define REC_FRAME_MAGIC 0x184D2A5Au
/* Records larger than this once decompressed are refused on reading. */
#define REC_FRAME_MAX (64u << 20)

enum rec_kind {
	REC_HEADER = 'H', /* a recording session starts: host, clock, options */
	REC_KEY = 'K',    /* the full table at one refresh */
	REC_DELTA = 'D',  /* the changes since the previous refresh */
};

struct rec_mark {
	char kind;        /* enum rec_kind */
	double t;         /* epoch seconds of the refresh (or session start) */
	uint64_t seq;     /* refresh number within the file */
	unsigned nevents; /* zombie events in the record */
};

/* Marker and compressed text in one new buffer (*out, malloc'd), so one
 * write() puts the whole record down. 0, -ENOMEM or -EIO. */
int rec_frame_encode(ZSTD_CCtx *c, const struct rec_mark *m, const char *text,
    size_t len, void **out, size_t *outlen);

/* The record at buf (len bytes left in the file): its marker, where its
 * data frame lies, and the bytes of both frames (*used). 0, or 1 when the
 * record is cut off by the end of the buffer (a torn tail), or -EBADMSG
 * when the bytes are not a record. */
int rec_frame_scan(const void *buf, size_t len, struct rec_mark *m,
    size_t *data_off, size_t *data_len, size_t *used);

/* The data frame's JSON text, NUL-terminated, new (*out). 0, -EBADMSG
 * (corrupt, checksum, bigger than REC_FRAME_MAX) or -ENOMEM. */
int rec_frame_decode(
    ZSTD_DCtx *d, const void *data, size_t len, char **out, size_t *outlen);

#endif
