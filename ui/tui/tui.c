/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The view's entry points for main (see tui.h). */
#include "tui.h"
#include "ui_keys.h"
#include "ui_screen.h"

int
tui_run(const struct cli_opts *o)
{
	return ui_screen_run(o);
}

int
tui_list_keys(FILE *f)
{
	return ui_keys_print(f);
}
