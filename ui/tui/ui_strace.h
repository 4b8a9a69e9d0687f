/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s: strace -p on the selected process (its parent for a zombie) in the
 * foreground: the screen is suspended and comes back when strace ends. */
#ifndef ZT_UI_STRACE_H
#define ZT_UI_STRACE_H

#include <stdbool.h>

#include "view.h"

unsigned ui_strace(struct view *v);

/* The checks of s run (on a worker thread): the main loop polls for
 * their end at the actions' pace instead of the refresh's. */
bool ui_strace_pending(struct view *v);

#endif
