/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The search (/, F3) and filter (\, F4) prompt: a layer on the footer
 * line that edits a line of text, applying it as it is typed; the prompt
 * for one value (w's file, g's time) and the editing keys they share. */
#ifndef ZT_UI_PROMPT_H
#define ZT_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

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

/* The editing keys of a prompt's line s (size bytes): Backspace removes
 * the last UTF-8 character, a character key appends. false for any other
 * key (s unchanged). */
bool ui_prompt_edit(char *s, size_t size, int key);
bool ui_prompt_is_enter(int key);

/* A prompt for one value on the footer line, starting from initial (may
 * be NULL): Enter closes it and hands its text to done, Esc cancels,
 * Ctrl-U clears. */
struct ui_prompt_value {
	const char *label;       /* static: from 80 columns */
	const char *short_label; /* static: below */
	unsigned (*done)(struct view *v, const char *text);
};

extern const struct ui_layer_ops ui_prompt_value_layer;

unsigned ui_prompt_value_open(
    struct view *v, const struct ui_prompt_value *spec, const char *initial);

#endif
