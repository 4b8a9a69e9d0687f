/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A page of text lines as a layer: a title, lines that scroll (Up/Down,
 * j/k, PgUp/PgDn, Home/End), and either a cursor and a pick (Enter), for
 * u's user list, or plain reading, for e and l. Lines are escaped text
 * (escape_buf) before they are added. */
#ifndef ZT_UI_LIST_H
#define ZT_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

struct ui_list;

/* on_pick: Enter on a line of a list that has a cursor, with the data
 * given with the line; returns reaction bits (the list is already closed). */
typedef unsigned (*ui_list_pick)(struct view *v, size_t i, long data);

/* A new list, title copied; pick NULL for a list without a cursor. */
struct ui_list *ui_list_new(const char *title, ui_list_pick pick);
/* Adds a line (copied) with a number for pick; 0 or -ENOMEM. */
int ui_list_add(struct ui_list *l, const char *line, long data);
/* printf-style ui_list_add; the caller escapes what came from a process. */
int ui_list_addf(struct ui_list *l, long data, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_list_set_cursor(struct ui_list *l, size_t i);
void ui_list_free(struct ui_list *l);

/* Pushes l as a page (taken over, freed on error); reaction bits. */
unsigned ui_list_open(struct view *v, struct ui_list *l);
/* A job behind the list (e and l's reader): tick is called from the main
 * loop's tick until the list closes, may add lines and returns reaction
 * bits; done frees arg when the list is freed. */
typedef unsigned (*ui_list_tick)(struct view *v, struct ui_list *l, void *arg);
void ui_list_set_job(
    struct ui_list *l, ui_list_tick tick, void (*done)(void *), void *arg);
/* Removes the last line (a "reading..." placeholder). */
void ui_list_drop_last(struct ui_list *l);
/* Removes every line (keeps the title). */
void ui_list_clear(struct ui_list *l);

#endif
