/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The flag lives in the snapshot reader (an atomic, read once per scan on
 * the scanner's thread); the next scan adds or drops the thread rows, each
 * under its process, dimmed and marked {thread}. */
#include "ui_threads.h"
#include "snap_reader.h"

unsigned
ui_threads_toggle(struct view *v)
{
	bool on = !snap_reader_threads(v->reader);

	snap_reader_set_threads(v->reader, on);
	view_message(v, on ? "showing user threads, marked {thread} (H hides "
	                     "them)"
	                   : "user threads hidden");
	return UI_REDRAW | UI_RESCAN;
}
