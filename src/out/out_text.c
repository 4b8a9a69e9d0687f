/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain-text tree for people and for grep. Every untrusted string passes
 * through escape_buf; colours are plain SGR codes and only when asked. */
#include "out_text.h"
#include "escape.h"
#include "wstatus.h"
#include "zombie_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define SGR_ZOMBIE "\033[1;31m"
#define SGR_PARENT "\033[1;33m"
#define SGR_LEADER "\033[35m"
#define SGR_RESET "\033[0m"
/* Explanations start under the COMMAND column. */
#define EXPLAIN_INDENT 20

void
out_text_zombie_status(const struct snap_proc *p, char *buf, size_t size)
{
	if (p->flags & SPF_EXIT_DENIED)
		snprintf(buf, size, "status not permitted");
	else if (p->flags & SPF_EXIT_KNOWN)
		wstatus_describe(p->exit_raw, buf, size);
	else
		snprintf(buf, size, "status unknown");
}

void
out_text_name(
    const struct snap_proc *p, unsigned esc_flags, char *buf, size_t size)
{
	const char *src = p->cmdline && *p->cmdline ? p->cmdline : p->comm;
	bool kthread = (p->ppid == 2 || p->pid == 2) && !*p->cmdline;
	size_t off = 0;

	if (size < 3)
		kthread = false;
	if (kthread)
		buf[off++] = '[';
	off += escape_buf(src, strlen(src), buf + off,
	    size - off - (kthread ? 1 : 0), esc_flags);
	if (kthread) {
		buf[off++] = ']';
		buf[off] = '\0';
	}
}

/* " (no_handler)" after a zombie or a zombie parent, if diagnosed. */
static const char *
reason_of(const struct out_text_opts *o, pid_t parent, char *buf, size_t size)
{
	const struct zombie_diag *d =
	    o->diag ? zombie_report_find(o->diag, parent) : NULL;

	buf[0] = '\0';
	if (d)
		snprintf(buf, size, " (%s)", zombie_reason_code(d->reason));
	return buf;
}

/* "  [2 zombies] (no_handler)" */
static void
parent_badge(const struct ptree_node *n, const struct out_text_opts *o,
    pid_t pid, char *buf, size_t size)
{
	char why[40];

	snprintf(buf, size, "  [%d zombie%s]%s", n->zombies,
	    n->zombies == 1 ? "" : "s", reason_of(o, pid, why, sizeof(why)));
}

/* The marker after the name, and the colour of the line. */
static const char *
marker(const struct ptree *t, const struct ptree_row *r,
    const struct out_text_opts *o, char *buf, size_t size)
{
	const struct snap_proc *p = &t->snap->procs[r->node];
	const struct ptree_node *n = &t->nodes[r->node];
	char st[64], why[40];

	buf[0] = '\0';
	if (snap_is_zombie(p)) {
		out_text_zombie_status(p, st, sizeof(st));
		snprintf(buf, size, "  <zombie: %s>%s", st,
		    reason_of(o, p->ppid, why, sizeof(why)));
		return SGR_ZOMBIE;
	}
	if (snap_is_leader_exited(p)) {
		snprintf(buf, size, "  <leader exited, %d thread%s alive>",
		    p->threads - 1, p->threads == 2 ? "" : "s");
		/* Its live threads may still hold zombies. */
		if (n->zombies > 0)
			parent_badge(n, o, p->pid, buf + strlen(buf),
			    size - strlen(buf));
		return SGR_LEADER;
	}
	if (n->zombies > 0) {
		parent_badge(n, o, p->pid, buf, size);
		return SGR_PARENT;
	}
	return NULL;
}

/* Cuts s so that it fills at most cols terminal columns. */
static void
cut_to_width(char *s, int cols)
{
	mbstate_t st;
	int used = 0;
	size_t i = 0, len = strlen(s);

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		int w;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			k = 1, w = 1;
		else
			w = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
		if (used + w > cols)
			break;
		used += w;
		i += k;
	}
	s[i] = '\0';
}

/* One labelled paragraph, word-wrapped to the terminal's width (none when
 * piped, so each paragraph stays one greppable line). */
static void
write_para(FILE *f, const char *label, const char *text, int width)
{
	const int indent = EXPLAIN_INDENT + 10;
	int col = fprintf(f, "%*s%-9s ", EXPLAIN_INDENT, "", label);
	const char *w = text;

	while (*w) {
		const char *sp = strchr(w, ' ');
		int n = sp ? (int)(sp - w) : (int)strlen(w);

		if (width > 0 && col > indent && col + 1 + n > width) {
			col = fprintf(f, "\n%*s", indent, "") - 1;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		col += fprintf(f, "%.*s", n, w);
		w += n;
		while (*w == ' ')
			w++;
	}
	fputc('\n', f);
}

/* --explain: the sentence and the predictions under a parent (SIGCONT
 * only for a stopped one). */
static int
write_explain(
    FILE *f, const struct zombie_diag *d, const struct out_text_opts *o)
{
	char buf[1024];

	if (!d)
		return 0;
	zombie_text_explain(d, buf, sizeof(buf));
	write_para(f, "why:", buf, o->width);
	for (int a = 0; a < ZA_ALL; a++) {
		char label[16];

		if (!zombie_action_applies(d, (enum zombie_action)a))
			continue;
		zombie_text_predict(d, (enum zombie_action)a, buf, sizeof(buf));
		snprintf(label, sizeof(label),
		    "%s:", zombie_action_label((enum zombie_action)a));
		write_para(f, label, buf, o->width);
	}
	return ferror(f) ? -EIO : 0;
}

static int
write_row(
    FILE *f, const struct ptree *t, size_t row, const struct out_text_opts *o)
{
	const struct ptree_row *r = &t->rows[row];
	const struct snap_proc *p = &t->snap->procs[r->node];
	unsigned esc = o->ascii ? ESC_ASCII : 0;
	size_t nlen = strlen(p->cmdline) + strlen(p->comm);
	char prefix[PTREE_DRAW_DEPTH * 12], user[64], mark[96];
	char *name = malloc(nlen * 4 + 3), *line = NULL;
	const char *color;
	int rc = -ENOMEM;

	if (!name)
		return rc;
	ptree_prefix(t, row, o->ascii, prefix, sizeof(prefix));
	out_text_name(p, esc, name, nlen * 4 + 3);
	escape_buf(p->user, strlen(p->user), user, sizeof(user), esc);
	color = marker(t, r, o, mark, sizeof(mark));
	if (asprintf(&line, "%7d %-8.8s %c %s%s%s", (int)p->pid, user, p->state,
	        prefix, name, mark) >= 0) {
		if (o->width > 0)
			cut_to_width(line, o->width);
		if (color && o->color)
			rc = fprintf(f, "%s%s%s\n", color, line, SGR_RESET);
		else
			rc = fprintf(f, "%s\n", line);
		rc = rc < 0 ? -errno : 0;
	}
	free(name);
	free(line);
	if (rc == 0 && o->explain && o->diag)
		rc = write_explain(f, zombie_report_find(o->diag, p->pid), o);
	return rc;
}

int
out_text_write(FILE *f, const struct ptree *t, const struct out_text_opts *o)
{
	int rc;

	fprintf(f, "%7s %-8s %c %s\n", "PID", "USER", 'S', "COMMAND");
	for (size_t i = 0; i < t->nrows; i++)
		if ((rc = write_row(f, t, i, o)) < 0)
			return rc;
	return fflush(f) == 0 ? 0 : -errno;
}
