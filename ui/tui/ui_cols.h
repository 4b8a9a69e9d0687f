/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process table's columns, one const row per conf_column: title,
 * width, how early it is dropped on a narrow terminal, the sort it stands
 * for (a click on its title), and how its cell is made as text. */
#ifndef ZT_UI_COLS_H
#define ZT_UI_COLS_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "view.h"

struct ui_col {
	const char *title;
	int width;
	int drop; /* dropped first when highest; 0: never dropped */
	bool right;
	int sort; /* enum ui_sort, or -1: not a sort column */
	void (*cell)(const struct view *v, size_t row, char *buf, size_t n);
};

/* The row of a column; NULL for a value out of range. */
const struct ui_col *ui_cols_get(enum conf_column col);

#endif
