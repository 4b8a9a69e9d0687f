/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The front end's state beside the model: made and freed by ui_screen,
 * reached from the key handlers through the view's opaque pointer. */
#include "ui_screen_state.h"
#include "zclock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int
ui_screen_state_new(struct ui_screen_state **out)
{
	struct ui_screen_state *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s || ui_layer_new(&s->layers) < 0) {
		free(s);
		return -ENOMEM;
	}
	s->footer_y = -1;
	*out = s;
	return 0;
}

void
ui_screen_state_free(struct ui_screen_state *s)
{
	if (!s)
		return;
	ui_layer_free(s->layers);
	free(s);
}

/* One sample per UI_SPARK_STEP seconds (or per scan, when scans are
 * slower), the zombie-seconds of its period summed, so 60 columns cover
 * minutes and zombies that lived less than a refresh count too. */
void
ui_screen_state_spark(struct ui_screen_state *s, double when, double value)
{
	size_t last = (s->spark_head + UI_SPARK_MAX - 1) % UI_SPARK_MAX;

	if (s->nspark > 0 && when - s->spark_since < UI_SPARK_STEP) {
		s->spark[last] += value;
		return;
	}
	s->spark_since = when;
	s->spark[s->spark_head] = value;
	s->spark_head = (s->spark_head + 1) % UI_SPARK_MAX;
	if (s->nspark < UI_SPARK_MAX)
		s->nspark++;
}

void
ui_screen_state_message(void *arg, const char *msg, bool join)
{
	struct ui_screen_state *s = arg;
	char both[sizeof(s->msg)];

	if (join && s->msg[0] && zclock_real() - s->msg_since < 1.0) {
		snprintf(both, sizeof(both), "%.100s; %.200s", s->msg, msg);
		msg = both;
	}
	snprintf(s->msg, sizeof(s->msg), "%s", msg);
	s->msg_since = zclock_real();
	s->msg_until = s->msg_since + 4;
}
