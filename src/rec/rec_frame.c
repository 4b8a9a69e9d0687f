/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records as zstd frames: a skippable marker frame, then the data frame
 * (see rec_frame.h). zstd does the compressing, the checksum and the
 * frame sizes; this file only lays the two frames side by side. */
#include "rec_frame.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARK_MAX 64 /* bytes of a marker's text */

static void
put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int
rec_frame_encode(ZSTD_CCtx *c, const struct rec_mark *m, const char *text,
    size_t len, void **out, size_t *outlen)
{
	char mark[MARK_MAX];
	int n =
	    snprintf(mark, sizeof(mark), "ZTREC %d %c %.3f %" PRIu64 " %u\n",
	        REC_FORMAT_VERSION, m->kind, m->t, m->seq, m->nevents);
	size_t bound = ZSTD_compressBound(len), z;
	unsigned char *buf;

	if (n < 0 || n >= MARK_MAX)
		return -EINVAL;
	if (!(buf = malloc(8 + (size_t)n + bound)))
		return -ENOMEM;
	put_le32(buf, REC_FRAME_MAGIC);
	put_le32(buf + 4, (uint32_t)n);
	memcpy(buf + 8, mark, (size_t)n);
	z = ZSTD_compress2(c, buf + 8 + n, bound, text, len);
	if (ZSTD_isError(z)) {
		free(buf);
		return -EIO;
	}
	*out = buf;
	*outlen = 8 + (size_t)n + z;
	return 0;
}

static int
parse_mark(const char *s, size_t n, struct rec_mark *m)
{
	char text[MARK_MAX], kind, nl;
	int ver;

	if (n >= MARK_MAX)
		return -EBADMSG;
	memcpy(text, s, n);
	text[n] = '\0';
	if (sscanf(text, "ZTREC %d %c %lf %" SCNu64 " %u%c", &ver, &kind, &m->t,
	        &m->seq, &m->nevents, &nl) != 6 ||
	    nl != '\n')
		return -EBADMSG;
	if (ver != REC_FORMAT_VERSION)
		return -EPROTONOSUPPORT;
	if (kind != REC_HEADER && kind != REC_KEY && kind != REC_DELTA)
		return -EBADMSG;
	if (!isfinite(m->t) || m->t < 0 || m->t > 1e11)
		return -EBADMSG;
	m->kind = kind;
	return 0;
}

int
rec_frame_scan(const void *buf, size_t len, struct rec_mark *m,
    size_t *data_off, size_t *data_len, size_t *used)
{
	const unsigned char *p = buf;
	uint32_t n;
	size_t z;
	int rc;

	if (len < 8)
		return 1;
	if (get_le32(p) != REC_FRAME_MAGIC)
		return -EBADMSG;
	n = get_le32(p + 4);
	if (n >= MARK_MAX)
		return -EBADMSG;
	if (len < 8 + (size_t)n)
		return 1;
	if ((rc = parse_mark((const char *)p + 8, n, m)) < 0)
		return rc;
	*data_off = 8 + n;
	if (len - *data_off < 4)
		return 1;
	if (get_le32(p + *data_off) != ZSTD_MAGICNUMBER)
		return -EBADMSG;
	/* Walks the block headers only: no decompression. */
	z = ZSTD_findFrameCompressedSize(p + *data_off, len - *data_off);
	if (ZSTD_isError(z))
		return ZSTD_getErrorCode(z) == ZSTD_error_srcSize_wrong
		           ? 1
		           : -EBADMSG;
	*data_len = z;
	*used = *data_off + z;
	return 0;
}

int
rec_frame_decode(
    ZSTD_DCtx *d, const void *data, size_t len, char **out, size_t *outlen)
{
	unsigned long long size = ZSTD_getFrameContentSize(data, len);
	size_t got;
	char *text;

	*out = NULL;
	if (size == ZSTD_CONTENTSIZE_UNKNOWN ||
	    size == ZSTD_CONTENTSIZE_ERROR || size > REC_FRAME_MAX)
		return -EBADMSG;
	if (!(text = malloc((size_t)size + 1)))
		return -ENOMEM;
	got = ZSTD_decompressDCtx(d, text, (size_t)size, data, len);
	if (ZSTD_isError(got) || got != size) {
		free(text);
		return -EBADMSG;
	}
	text[got] = '\0';
	*out = text;
	*outlen = got;
	return 0;
}
