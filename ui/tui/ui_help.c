/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Generated from the key table through ui_keys_name/ui_keys_desc, so the
 * help cannot drift from what the dispatcher does. */
#define NCURSES_WIDECHAR 1
#include "ui_help.h"
#include "ui_screen_state.h"
#include "ui_color.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layer.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAMES_W 24

/* Joins the names of consecutive keys with the same description into
 * one line; returns the index after the group. */
static size_t
group(size_t i, char *names, size_t size)
{
	const char *desc = ui_keys_desc(i);
	size_t len = 0;

	names[0] = '\0';
	for (; i < ui_keys_count() && strcmp(ui_keys_desc(i), desc) == 0; i++)
		len += (size_t)snprintf(names + len, size - len, "%s%s",
		    len ? ", " : "", ui_keys_name(i));
	return i;
}

static int
lines(void)
{
	char names[64];
	int n = 0;

	for (size_t i = 0; i < ui_keys_count(); n++)
		i = group(i, names, sizeof(names));
	return n;
}

struct help {
	int top; /* first line shown */
};

/* Draws over the body, lines 0 to h-1. */
static void
help_draw(struct view *v, struct ui_layer *l, int h, int w)
{
	struct help *hp = l->state;
	char names[64];
	int line = 0, y = 0, row = y + 1;
	int max_top = lines() - (h - 1);

	(void)v;
	if (h < 1)
		return;
	if (hp->top > max_top)
		hp->top = max_top > 0 ? max_top : 0;
	ui_draw_fill(y, 0, w, ui_color_attr(UI_C_TITLE));
	ui_draw_text(y, 0, w,
	    "zombietop keys (Up/Down scroll, any other key closes)",
	    ui_color_attr(UI_C_TITLE));
	for (size_t i = 0; i < ui_keys_count(); line++) {
		const char *desc = ui_keys_desc(i);

		i = group(i, names, sizeof(names));
		if (line < hp->top || row >= y + h)
			continue;
		ui_draw_text(row, 1, w - 1, names, ui_color_attr(UI_C_KEY));
		ui_draw_text(row, NAMES_W, w - NAMES_W, desc,
		    ui_color_attr(UI_C_NORMAL));
		row++;
	}
}

static unsigned
help_key(struct view *v, struct ui_layer *l, int key)
{
	struct help *hp = l->state;

	if (key == ui_keys_encode(KEY_DOWN, true))
		hp->top++;
	else if (key == ui_keys_encode(KEY_UP, true))
		hp->top -= hp->top > 0;
	else if (key == ui_keys_encode(KEY_NPAGE, true))
		hp->top += v->screen->page;
	else if (key == ui_keys_encode(KEY_PPAGE, true))
		hp->top =
		    hp->top > v->screen->page ? hp->top - v->screen->page : 0;
	else
		ui_layer_pop(v->screen->layers, &ui_help_layer);
	return UI_REDRAW;
}

const struct ui_layer_ops ui_help_layer = {
    .name = "help",
    .page = true,
    .draw = help_draw,
    .key = help_key,
    .free = free,
};

unsigned
ui_help_open(struct view *v)
{
	struct help *hp = calloc(1, sizeof(*hp));

	if (!hp || ui_layer_push(v->screen->layers, &ui_help_layer, hp) < 0)
		view_message(v, "out of memory");
	return UI_REDRAW;
}
