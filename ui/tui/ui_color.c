/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One row per meaning: the 8-colour pair, the 256-colour pair and the
 * attributes used without colour. Monochrome keeps every distinction that
 * matters (zombie, parent, exited leader, selection) through attributes. */
#define NCURSES_WIDECHAR 1
#include "ui_color.h"

#include <curses.h>

struct ui_color_spec {
	short fg8, bg8;
	int attr8;
	short fg256, bg256;
	int attr256;
	int mono;
};

static const struct ui_color_spec color_table[UI_C_COUNT] = {
    [UI_C_NORMAL] = {-1, -1, 0, -1, -1, 0, 0},
    [UI_C_HEADER] = {COLOR_CYAN, -1, 0, 75, -1, 0, 0},
    /* Plain: the header's numbers change every refresh, and a bold one
     * costs an attribute switch before and after it (ESC[0;1m SI, ESC[m
     * SI through tmux), which was half the idle bytes. */
    [UI_C_VALUE] = {-1, -1, 0, -1, -1, 0, 0},
    [UI_C_TITLE] = {COLOR_BLACK, COLOR_GREEN, 0, 16, 114, 0, A_REVERSE},
    [UI_C_ZOMBIE] = {COLOR_RED, -1, A_BOLD, 196, -1, A_BOLD,
        A_BOLD | A_UNDERLINE},
    [UI_C_ZPARENT] = {COLOR_YELLOW, -1, A_BOLD, 214, -1, A_BOLD, A_BOLD},
    [UI_C_LEADER] = {COLOR_MAGENTA, -1, 0, 141, -1, 0, A_UNDERLINE},
    [UI_C_SELECTED] = {COLOR_BLACK, COLOR_CYAN, 0, 16, 117, 0, A_REVERSE},
    /* 8 (grey) and not 244: a 16-colour index is a 5-byte escape, not
     * 11. */
    [UI_C_DIM] = {-1, -1, A_DIM, 8, -1, 0, A_DIM},
    [UI_C_WARN] = {COLOR_YELLOW, -1, A_BOLD, 220, -1, A_BOLD, A_BOLD},
    [UI_C_KEY] = {-1, -1, A_BOLD, -1, -1, A_BOLD, A_BOLD},
    [UI_C_LABEL] = {COLOR_BLACK, COLOR_CYAN, 0, 16, 117, 0, A_REVERSE},
    [UI_C_SPARK] = {COLOR_RED, -1, 0, 203, -1, 0, A_BOLD},
    [UI_C_PANEL] = {COLOR_BLACK, COLOR_GREEN, 0, 16, 114, 0, A_REVERSE},
    [UI_C_BAR_USER] = {COLOR_GREEN, -1, 0, 2, -1, 0, 0},
    [UI_C_BAR_NICE] = {COLOR_BLUE, -1, A_BOLD, 12, -1, 0, 0},
    [UI_C_BAR_SYSTEM] = {COLOR_RED, -1, 0, 1, -1, 0, 0},
    [UI_C_BAR_VIRT] = {COLOR_CYAN, -1, 0, 6, -1, 0, 0},
    [UI_C_BAR_SHARED] = {COLOR_MAGENTA, -1, 0, 5, -1, 0, 0},
    [UI_C_BAR_CACHE] = {COLOR_YELLOW, -1, 0, 3, -1, 0, 0},
};

/* The light scheme (dark text on a light background): the roles whose
 * default colour is too pale there, in darker colours. */
struct ui_color_light {
	enum ui_color_role role;
	short fg8, fg256;
};

static const struct ui_color_light light_table[] = {
    {UI_C_HEADER, COLOR_BLUE, 25},
    {UI_C_ZPARENT, COLOR_MAGENTA, 130},
    {UI_C_WARN, COLOR_RED, 124},
    {UI_C_SPARK, COLOR_RED, 124},
    {UI_C_DIM, -1, 242},
    {UI_C_BAR_VIRT, COLOR_BLUE, 31},
    {UI_C_BAR_CACHE, COLOR_MAGENTA, 136},
};

static int role_attr[UI_C_COUNT];
static bool mono_scheme = true;

/* The foreground of role r in the light scheme, else -2. */
static short
light_fg(int r, bool wide)
{
	for (size_t i = 0; i < sizeof(light_table) / sizeof(*light_table); i++)
		if ((int)light_table[i].role == r)
			return wide ? light_table[i].fg256 : light_table[i].fg8;
	return -2;
}

void
ui_color_init(bool mono, bool light)
{
	bool wide;

	mono_scheme = mono || !has_colors() || start_color() == ERR;
	if (!mono_scheme)
		use_default_colors();
	wide = !mono_scheme && COLORS >= 256 && COLOR_PAIRS > UI_C_COUNT;
	for (int r = 0; r < UI_C_COUNT; r++) {
		const struct ui_color_spec *c = &color_table[r];
		short fg = wide ? c->fg256 : c->fg8;

		if (mono_scheme) {
			role_attr[r] = c->mono;
			continue;
		}
		if (light && light_fg(r, wide) != -2)
			fg = light_fg(r, wide);
		role_attr[r] = wide ? c->attr256 : c->attr8;
		/* Default colours stay pair 0: a pair of its own would switch
		 * colours (ESC[39;49m) between it and plain text. */
		if (fg == -1 && (wide ? c->bg256 : c->bg8) == -1)
			continue;
		init_pair(
		    (short)(r + 1), fg, (short)(wide ? c->bg256 : c->bg8));
		role_attr[r] |= (int)COLOR_PAIR(r + 1);
	}
}

bool
ui_color_mono(void)
{
	return mono_scheme;
}

int
ui_color_attr(enum ui_color_role role)
{
	return role < UI_C_COUNT ? role_attr[role] : 0;
}

int
ui_color_row_attr(enum ui_color_role role, bool selected)
{
	if (!selected)
		return ui_color_attr(role);
	if (mono_scheme)
		return ui_color_attr(role) | (int)A_REVERSE;
	return ui_color_attr(UI_C_SELECTED) |
	       (role == UI_C_ZOMBIE || role == UI_C_ZPARENT ? (int)A_BOLD : 0);
}
