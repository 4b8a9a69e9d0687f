/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the terminal front end keeps beside the view's model: the modal
 * layers, where the last frame put things (for the page keys and the
 * mouse) and the zombie-seconds' history for the sparkline. Drawing
 * writes here, never into struct view. */
#ifndef ZT_UI_SCREEN_STATE_H
#define ZT_UI_SCREEN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "ui_layer.h"
#include "view.h"

#define UI_SPARK_MAX 240
#define UI_SPARK_STEP 5.0

struct ui_screen_state {
	struct ui_layers *layers; /* owned */

	int page;     /* rows the table showed last time, for PgUp/PgDn */
	int table_y;  /* screen line of the first row, for the mouse */
	int footer_y; /* screen line of the footer, -1 when not shown */
	/* The table's columns in their order (--columns, else the
	 * defaults); COMMAND follows them. */
	enum conf_column cols[CONF_COL_COUNT];
	size_t ncols;
	/* The setup (ui_setup.c): the file's, to save, and the one in use;
	 * owned, NULL before ui_setup_start. */
	struct conf *file, *conf;
	char path[4096];   /* the file's, "" without a home */
	bool locale_ascii; /* ASCII because the locale is not UTF-8 */

	char msg[UI_MSG_MAX]; /* status message, "" for none */
	double msg_until;
	double msg_since; /* when it was set */

	/* Zombie-seconds per UI_SPARK_STEP seconds (the sum of the time each
	 * zombie spent as one in that period), as a ring. */
	double spark[UI_SPARK_MAX];
	size_t nspark, spark_head;
	double spark_since; /* start of the newest sample's period */
};

int ui_screen_state_new(struct ui_screen_state **out);
void ui_screen_state_free(struct ui_screen_state *s);

/* After each adopted scan: the zombie-seconds of the interval that ends
 * at that scan's time (when). */
void ui_screen_state_spark(
    struct ui_screen_state *s, double when, double value);

/* The view's on_message hook (arg: the state): shown 4 seconds. */
void ui_screen_state_message(void *arg, const char *msg, bool join);

#endif
