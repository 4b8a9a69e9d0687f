/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The stack of modal layers: a fixed array, since at most a few are open
 * at once (the log, a filter prompt over it). A key function may pop its
 * own layer or push another; the walk stops at the layer that took the
 * key, so it never looks at a slot changed under it. */
#include "ui_layer.h"

#include <errno.h>
#include <stdlib.h>

int
ui_layer_new(struct ui_layers **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void
drop(struct ui_layer *l)
{
	if (l->ops && l->ops->free)
		l->ops->free(l->state);
	l->ops = NULL;
	l->state = NULL;
}

void
ui_layer_free(struct ui_layers *s)
{
	if (!s)
		return;
	while (s->n > 0)
		drop(&s->l[--s->n]);
	free(s);
}

int
ui_layer_push(struct ui_layers *s, const struct ui_layer_ops *ops, void *state)
{
	struct ui_layer l = {ops, state};

	if (s->n >= UI_LAYER_MAX) {
		drop(&l);
		return -ENOSPC;
	}
	s->l[s->n++] = l;
	return 0;
}

void
ui_layer_pop(struct ui_layers *s, const struct ui_layer_ops *ops)
{
	size_t i = s->n;

	while (i > 0 && s->l[i - 1].ops != ops)
		i--;
	if (i == 0)
		return;
	drop(&s->l[i - 1]);
	for (; i < s->n; i++)
		s->l[i - 1] = s->l[i];
	s->n--;
}

struct ui_layer *
ui_layer_find(struct ui_layers *s, const struct ui_layer_ops *ops)
{
	for (size_t i = s ? s->n : 0; i > 0; i--)
		if (s->l[i - 1].ops == ops)
			return &s->l[i - 1];
	return NULL;
}

bool
ui_layer_empty(const struct ui_layers *s)
{
	return !s || s->n == 0;
}

unsigned
ui_layer_key(struct ui_layers *s, struct view *v, int key)
{
	for (size_t i = s ? s->n : 0; i > 0; i--) {
		struct ui_layer *l = &s->l[i - 1];
		unsigned r;

		if (!l->ops->key)
			continue;
		if ((r = l->ops->key(v, l, key)) != UI_LAYER_PASS)
			return r;
	}
	return UI_LAYER_PASS;
}

unsigned
ui_layer_tick(struct ui_layers *s, struct view *v)
{
	unsigned r = 0;

	for (size_t i = 0; s && i < s->n; i++)
		if (s->l[i].ops->tick)
			r |= s->l[i].ops->tick(v, &s->l[i]);
	return r;
}

/* Index of the topmost page layer, or 0 when none: drawing starts there. */
static size_t
first_drawn(const struct ui_layers *s)
{
	for (size_t i = s ? s->n : 0; i > 0; i--)
		if (s->l[i - 1].ops->page)
			return i - 1;
	return 0;
}

bool
ui_layer_covers(const struct ui_layers *s)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->l[i].ops->page)
			return true;
	return false;
}

bool
ui_layer_footer(const struct ui_layers *s)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->l[i].ops->footer)
			return true;
	return false;
}

void
ui_layer_draw(struct ui_layers *s, struct view *v, int h, int w)
{
	for (size_t i = first_drawn(s); s && i < s->n; i++)
		if (s->l[i].ops->draw)
			s->l[i].ops->draw(v, &s->l[i], h, w);
}
