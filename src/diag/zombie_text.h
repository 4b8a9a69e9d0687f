/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The words of a diagnosis: the sentence that explains why a parent's
 * zombies stay, and what each action on the parent is expected to do. */
#ifndef ZT_ZOMBIE_TEXT_H
#define ZT_ZOMBIE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "zombie.h"

/* An age in the words the explanation uses ("4 min"), for the view to
 * say the same. */
void zombie_text_age(double s, char *buf, size_t size);

/* The plain-words sentence for d, never claiming more than the masks
 * show. Returns the length snprintf would have written. */
int zombie_text_explain(const struct zombie_diag *d, char *buf, size_t size);

/* What action a on the parent will do to its zombies: the sentence into
 * buf and the effect it names. */
enum zombie_effect zombie_predict(
    const struct zombie_diag *d, enum zombie_action a, char *buf, size_t size);

/* The sentence alone; returns the length snprintf would have written. */
int zombie_text_predict(
    const struct zombie_diag *d, enum zombie_action a, char *buf, size_t size);

/* The actions worth trying on d after action done (-1: none yet) left
 * zombies, least destructive first: a stopped parent gets SIGCONT only;
 * then ptrace and the signals whose prediction says they can work. Fills
 * out (at most max) and returns how many. */
int zombie_next_actions(
    const struct zombie_diag *d, int done, enum zombie_action *out, int max);

/* The first two of those in words, "" if none: options ("--via ptrace
 * (the parent keeps running) or --via term") or, with keys, the view's
 * keys ("R (ptrace: ...) or t (SIGTERM)"). Returns the length. */
int zombie_text_hint(
    const struct zombie_diag *d, int done, bool keys, char *buf, size_t size);

#endif
