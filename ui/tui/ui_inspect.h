/* SPDX-License-Identifier: GPL-2.0-or-later */
/* e and l: the environment and the open files of the selected process
 * (of its parent for a zombie, with a line saying so) in a scrolling page,
 * read by a worker thread of their own and escaped before they are shown. */
#ifndef ZT_UI_INSPECT_H
#define ZT_UI_INSPECT_H

#include "view.h"

unsigned ui_inspect_env(struct view *v);
unsigned ui_inspect_files(struct view *v);

#endif
