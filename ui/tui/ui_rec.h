/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The w key: start a recording of the view to a file (a prompt for its
 * path, a dated default) or stop it; the header shows [REC] meanwhile
 * (view_rec.c writes it on the scanner's thread). */
#ifndef ZT_UI_REC_H
#define ZT_UI_REC_H

#include "ui_layer.h"
#include "view.h"

/* The key: the path prompt, or stop. Returns reaction bits. */
unsigned ui_rec_key(struct view *v);
/* Each turn of the main loop: tells once of a write error that ended the
 * recording. */
unsigned ui_rec_tick(struct view *v);

#endif
