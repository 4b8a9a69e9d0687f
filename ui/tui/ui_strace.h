/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s: strace -p on the selected process (its parent for a zombie) in the
 * foreground: the screen is suspended and comes back when strace ends. */
#ifndef ZT_UI_STRACE_H
#define ZT_UI_STRACE_H

#include "view.h"

unsigned ui_strace(struct view *v);

#endif
