/* The words of a diagnosis: the sentence that explains why a parent's
 * zombies stay, and what each action on the parent is expected to do. */
#ifndef ZT_ZOMBIE_TEXT_H
#define ZT_ZOMBIE_TEXT_H

#include <stddef.h>

#include "zombie.h"

/* An age in the words the explanation uses ("4 min"), for the view to
 * say the same. */
void zombie_text_age(double s, char *buf, size_t size);

/* The plain-words sentence for d, never claiming more than the masks
 * show. Returns the length snprintf would have written. */
int zombie_text_explain(const struct zombie_diag *d, char *buf, size_t size);

/* What action a on the parent will do to its zombies. */
int zombie_text_predict(
    const struct zombie_diag *d, enum zombie_action a, char *buf, size_t size);

#endif
