/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The modal layers of the interactive view (help, event log, dialog,
 * signal menu, search / filter prompt) as one stack, as tmux's window
 * modes and overlays: the top layer gets a key first, drawing draws the
 * base view and then the layers bottom-up. Precedence is the stack
 * order, coded nowhere else. */
#ifndef ZT_UI_LAYER_H
#define ZT_UI_LAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

/* What a layer's key function returns for a key it leaves to the layer
 * below (in the end to the key table); any other value is reaction bits. */
#define UI_LAYER_PASS (~0u)

#define UI_LAYER_MAX 8

struct ui_layer;

/* One kind of layer: a const table, as tmux's window modes. Every
 * function may be NULL. */
struct ui_layer_ops {
	const char *name;
	/* The layer covers the body: nothing below it is drawn. */
	bool page;
	/* The layer uses the footer line: no hints, no message there. */
	bool footer;
	/* h: the body's lines (the footer line is line h), 0 when the
	 * terminal is too small to show anything. */
	void (*draw)(struct view *v, struct ui_layer *l, int h, int w);
	unsigned (*key)(struct view *v, struct ui_layer *l, int key);
	unsigned (*tick)(struct view *v, struct ui_layer *l);
	void (*free)(void *state);
};

struct ui_layer {
	const struct ui_layer_ops *ops;
	void *state; /* owned when ops->free is set, else borrowed */
};

struct ui_layers {
	struct ui_layer l[UI_LAYER_MAX];
	size_t n;
};

int ui_layer_new(struct ui_layers **out);
/* Frees every layer's state, then the stack; NULL is fine. */
void ui_layer_free(struct ui_layers *s);

/* Puts a layer on top; 0 or -ENOSPC (state is then freed). */
int ui_layer_push(
    struct ui_layers *s, const struct ui_layer_ops *ops, void *state);
/* Removes the topmost layer of that kind, if any, freeing its state. */
void ui_layer_pop(struct ui_layers *s, const struct ui_layer_ops *ops);
/* The topmost layer of that kind, NULL if none. */
struct ui_layer *ui_layer_find(
    struct ui_layers *s, const struct ui_layer_ops *ops);
bool ui_layer_empty(const struct ui_layers *s);

/* Hands key to the layers, top first, until one takes it; UI_LAYER_PASS
 * when none did. */
unsigned ui_layer_key(struct ui_layers *s, struct view *v, int key);
unsigned ui_layer_tick(struct ui_layers *s, struct view *v);

/* A layer covers the body: the base view is not drawn. */
bool ui_layer_covers(const struct ui_layers *s);
/* A layer uses the footer line. */
bool ui_layer_footer(const struct ui_layers *s);
/* Draws the layers bottom-up from the topmost page. */
void ui_layer_draw(struct ui_layers *s, struct view *v, int h, int w);

#endif
