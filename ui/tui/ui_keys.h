/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key bindings as data: one const table of (key, name, description,
 * handler) feeds the dispatcher, the help screen, the footer and
 * --list-keys (which the man page test compares with the KEYS section). */
#ifndef ZT_UI_KEYS_H
#define ZT_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "view.h"

/* A key as the dispatcher sees it: a character, or a curses function key
 * code with UI_KEY_FN set. */
#define UI_KEY_FN 0x1000000

int ui_keys_encode(int ch, bool function_key);

/* Hands key to the open layers (ui_layer), top first, then to the key
 * table; returns enum ui_react bits. */
unsigned ui_keys_dispatch(struct view *v, int key);

/* The named rows of the table, in help order; an alias of a key shown
 * under the same name is not listed. */
size_t ui_keys_count(void);
const char *ui_keys_name(size_t i);
const char *ui_keys_desc(size_t i);

/* The footer's hints: action label, key code, and rank (1 is kept
 * longest when the footer is too narrow for all). The key's label is
 * its name in the key table (ui_keys_name_of). */
struct ui_keys_hint {
	const char *label;
	int code;
	int rank;
};

const struct ui_keys_hint *ui_keys_hints(size_t *n);

/* The name of the key table's row for code ("F1", "z"), "?" if none. */
const char *ui_keys_name_of(int code);

/* Whether key steps --replay's time (. , ) ( g p): the event log, open
 * over a replay, passes these on. */
bool ui_keys_replay_time(int key);

/* --list-keys: "NAME<TAB>DESCRIPTION" per named row. Returns 0. */
int ui_keys_print(FILE *f);

#endif
