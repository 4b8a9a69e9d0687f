/* SPDX-License-Identifier: GPL-2.0-or-later */
/* H: show or hide user threads (as htop), read by the scanner's thread
 * only while shown. */
#ifndef ZT_UI_THREADS_H
#define ZT_UI_THREADS_H

#include "view.h"

unsigned ui_threads_toggle(struct view *v);

#endif
