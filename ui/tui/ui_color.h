/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The colour scheme, indexed by meaning: widgets ask for UI_C_ZOMBIE, never
 * for a colour pair. 8 and 256 colour terminals, and a monochrome scheme
 * (--no-color, NO_COLOR, -C) that keeps every marker through attributes. */
#ifndef ZT_UI_COLOR_H
#define ZT_UI_COLOR_H

#include <stdbool.h>

enum ui_color_role {
	UI_C_NORMAL,
	UI_C_HEADER,   /* labels of the header */
	UI_C_VALUE,    /* numbers in the header */
	UI_C_TITLE,    /* the column titles bar */
	UI_C_ZOMBIE,   /* a zombie row */
	UI_C_ZPARENT,  /* a parent holding zombies */
	UI_C_LEADER,   /* a leader that exited while threads run */
	UI_C_SELECTED, /* the cursor row */
	UI_C_DIM,      /* kernel threads, secondary text */
	UI_C_WARN,     /* warnings: hidepid, unprivileged */
	UI_C_KEY,      /* key names in the footer */
	UI_C_LABEL,    /* their labels */
	UI_C_SPARK,    /* the zombie sparkline */
	UI_C_PANEL,    /* the detail panel's title */
	/* The meters' segments, htop's colours: user time and used memory
	 * green, nice and buffers blue, kernel and swap red, steal and guest
	 * cyan, shared memory magenta, cache yellow. */
	UI_C_BAR_USER,
	UI_C_BAR_NICE,
	UI_C_BAR_SYSTEM,
	UI_C_BAR_VIRT,
	UI_C_BAR_SHARED,
	UI_C_BAR_CACHE,
	UI_C_COUNT
};

/* After initscr (again to change the scheme). mono: no colours,
 * attributes only; light: darker colours for a light background. */
void ui_color_init(bool mono, bool light);

/* True when the scheme has no colours: the meters then tell their
 * segments apart by character, as htop's monochrome scheme does. */
bool ui_color_mono(void);

/* The curses attributes of a role, as an int for attrset(). */
int ui_color_attr(enum ui_color_role role);

/* A row's role combined with the selection. */
int ui_color_row_attr(enum ui_color_role role, bool selected);

#endif
