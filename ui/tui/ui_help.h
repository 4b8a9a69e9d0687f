/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The help screen (F1, ?): every key of the key table with its
 * description; keys sharing one action share a line. A page layer. */
#ifndef ZT_UI_HELP_H
#define ZT_UI_HELP_H

#include "ui_layer.h"
#include "view.h"

/* Up/Down/PgUp/PgDn scroll, any other key closes. */
extern const struct ui_layer_ops ui_help_layer;

/* Opens the help on v->screen->layers; returns reaction bits. */
unsigned ui_help_open(struct view *v);

#endif
