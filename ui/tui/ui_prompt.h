/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The search (/, F3) and filter (\, F4) prompt: a layer on the footer
 * line that edits a line of text, applying it as it is typed. */
#ifndef ZT_UI_PROMPT_H
#define ZT_UI_PROMPT_H

#include "ui_layer.h"
#include "view.h"

enum ui_prompt_kind {
	UI_PROMPT_SEARCH,
	UI_PROMPT_FILTER,
};

extern const struct ui_layer_ops ui_prompt_layer;

/* Opens the prompt on v->screen->layers: a search from the cursor, or the
 * filter starting from the active one. Returns reaction bits. */
unsigned ui_prompt_open(struct view *v, enum ui_prompt_kind kind);

#endif
