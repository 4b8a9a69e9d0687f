/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The users come from the current snapshot (memory only, no /proc read):
 * one line per uid with its name, escaped, and how many processes it
 * owns. The pick sets the same filter -u sets (view_opts.by_uid, uid). */
#include "ui_userpick.h"
#include "escape.h"
#include "ui_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_ALL (-1L)

struct user_row {
	uid_t uid;
	const char *name; /* borrowed from the snapshot */
	size_t nprocs;
};

static int
by_name(const void *a, const void *b)
{
	const struct user_row *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* One row per uid of the snapshot, sorted by name; NULL on ENOMEM. */
static struct user_row *
users_of(const struct snap *s, size_t *n)
{
	struct user_row *u = calloc(s && s->n ? s->n : 1, sizeof(*u));
	size_t k = 0;

	for (size_t i = 0; u && s && i < s->n; i++) {
		const struct snap_proc *p = &s->procs[i];
		size_t j = 0;

		while (j < k && u[j].uid != p->uid)
			j++;
		if (j == k)
			u[k++] = (struct user_row){
			    p->uid, p->user ? p->user : "?", 0};
		u[j].nprocs++;
	}
	if (u)
		qsort(u, k, sizeof(*u), by_name);
	*n = k;
	return u;
}

static unsigned
user_picked(struct view *v, size_t i, long data)
{
	char m[128], name[64];
	const struct snap_proc *p = NULL;

	(void)i;
	v->opts.by_uid = data != USER_ALL;
	if (data != USER_ALL)
		v->opts.uid = (uid_t)data;
	for (size_t k = 0; v->snap && k < v->snap->n && !p; k++)
		if (v->snap->procs[k].uid == (uid_t)data)
			p = &v->snap->procs[k];
	escape_buf(p && p->user ? p->user : "?",
	    p && p->user ? strlen(p->user) : 1, name, sizeof(name), 0);
	if (data == USER_ALL)
		snprintf(m, sizeof(m), "showing the processes of all users");
	else
		snprintf(m, sizeof(m),
		    "showing only the processes of user %s "
		    "(uid %ld); u again to change",
		    name, data);
	view_message(v, m);
	if (view_rebuild(v) < 0)
		view_message(v, "out of memory");
	return UI_REDRAW;
}

static int
fill(struct ui_list *l, const struct view *v)
{
	struct user_row *u;
	size_t n;
	char name[64];
	int rc = ui_list_add(l, "all users", USER_ALL);

	if (rc < 0 || !(u = users_of(v->snap, &n)))
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		escape_buf(u[i].name, strlen(u[i].name), name, sizeof(name), 0);
		rc = ui_list_addf(l, (long)u[i].uid,
		    "%-20s uid %-7u %zu process%s", name, (unsigned)u[i].uid,
		    u[i].nprocs, u[i].nprocs == 1 ? "" : "es");
		if (v->opts.by_uid && u[i].uid == v->opts.uid)
			ui_list_set_cursor(l, i + 1);
	}
	free(u);
	return rc;
}

unsigned
ui_userpick_open(struct view *v)
{
	struct ui_list *l = ui_list_new(
	    "Show the processes of (Enter picks, Esc cancels)", user_picked);

	if (!l || fill(l, v) < 0) {
		ui_list_free(l);
		view_message(v, "out of memory");
		return UI_REDRAW;
	}
	return ui_list_open(v, l);
}
