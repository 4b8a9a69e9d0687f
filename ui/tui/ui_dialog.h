/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A box drawn over the view: a confirmation (title, lines of text, a line
 * of choices) or a menu (one line selected, scrolled to stay visible).
 * Lines are stored already escaped; the box wraps them at word breaks,
 * continuations indented, and scrolls, marking what is hidden. */
#ifndef ZT_UI_DIALOG_H
#define ZT_UI_DIALOG_H

#include <stdbool.h>

#define UI_DIALOG_LINES 40

struct ui_dialog {
	char title[128];
	char line[UI_DIALOG_LINES][320];
	int n;
	int sel;           /* the menu's selected line, -1 in a confirmation */
	int top;           /* first line shown */
	char choices[160]; /* "y: send  n: cancel" */
	bool seen; /* the last draw showed title, target and "more" marker */
};

void ui_dialog_init(struct ui_dialog *d, const char *title);

/* Appends a line (printf format); silently drops lines past the limit. */
void ui_dialog_add(struct ui_dialog *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Scrolls a confirmation by delta rows (the draw keeps it in range). */
void ui_dialog_scroll(struct ui_dialog *d, int delta);

/* Draws the box centred on a screen of h lines and w columns. */
void ui_dialog_draw(struct ui_dialog *d, int h, int w);

#endif
