/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event log page (key L): the events of evlog, oldest first, drawn in
 * place of the rows, newest at the bottom unless scrolled back. */
#ifndef ZT_UI_LOG_H
#define ZT_UI_LOG_H

#include "evlog.h"

/* Draws lines y to y+h-1 with the events whose text contains filter ("":
 * all), from the top-th, or the newest ones when top is -1 or reaches
 * them (the page then follows new events). Returns the first shown. */
int ui_log_draw(
    const struct evlog *log, const char *filter, int top, int y, int h, int w);

#endif
