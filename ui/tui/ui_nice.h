/* SPDX-License-Identifier: GPL-2.0-or-later */
/* F7 / F8: the nice value of the selected process one step down (higher
 * priority) or up, as htop, through renice_by and its safety rules. */
#ifndef ZT_UI_NICE_H
#define ZT_UI_NICE_H

#include "view.h"

unsigned ui_nice_lower(struct view *v); /* F7: nice -1 */
unsigned ui_nice_raise(struct view *v); /* F8: nice +1 */

#endif
