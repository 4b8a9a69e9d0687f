/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The keys that move: the selection (rows, pages, the parent), the
 * command lines' horizontal scroll and the detail panel's. Handlers of
 * the key table (ui_keys); each returns reaction bits and never draws. */
#ifndef ZT_UI_NAV_H
#define ZT_UI_NAV_H

#include "view.h"

unsigned ui_nav_up(struct view *v);
unsigned ui_nav_down(struct view *v);
unsigned ui_nav_pgup(struct view *v);
unsigned ui_nav_pgdn(struct view *v);
unsigned ui_nav_home(struct view *v);
unsigned ui_nav_end(struct view *v);
unsigned ui_nav_parent(struct view *v);
/* ] and [: the command lines, 8 columns a step, as far as the widest. */
unsigned ui_nav_right(struct view *v);
unsigned ui_nav_left(struct view *v);
/* } and {: the detail panel, when it has more lines than room. */
unsigned ui_nav_panel_down(struct view *v);
unsigned ui_nav_panel_up(struct view *v);

#endif
