/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers of the kernel's /proc text. Every function works on (buf, len),
 * never reads past len and never trusts a terminating NUL: the same code
 * runs on a live read and under the fuzzer. */
#include "kparse.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

struct cur {
	const char *p, *end;
};

static void
skip_spaces(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static bool
at_field_end(const struct cur *c)
{
	return c->p == c->end || *c->p == ' ' || *c->p == '\t' || *c->p == '\n';
}

/* A signed decimal that makes up a whole field. On failure nothing of the
 * field is consumed, so skip_field skips all of it ("-", "1-2"). */
static bool
read_ll(struct cur *c, long long *out)
{
	bool neg = false;
	unsigned long long v = 0;
	const char *field, *start;

	skip_spaces(c);
	field = c->p;
	if (c->p < c->end && (*c->p == '-' || *c->p == '+'))
		neg = *c->p++ == '-';
	start = c->p;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		unsigned d = (unsigned)(*c->p++ - '0');
		v = v > (~0ULL - d) / 10 ? ~0ULL : v * 10 + d;
	}
	if (c->p == start || !at_field_end(c)) {
		c->p = field;
		return false;
	}
	if (v > (unsigned long long)INT64_MAX)
		v = (unsigned long long)INT64_MAX;
	*out = neg ? -(long long)v : (long long)v;
	return true;
}

/* Whether v fits an int field (pid_t, tty_nr, exit_code): a bigger value is
 * dropped rather than truncated into a plausible small one. */
static bool
fits_int(long long v)
{
	return v >= INT_MIN && v <= INT_MAX;
}

/* Skips one space-separated field. */
static bool
skip_field(struct cur *c)
{
	skip_spaces(c);
	if (c->p >= c->end || *c->p == '\n')
		return false;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\n')
		c->p++;
	return true;
}

static const char *
last_paren(const char *buf, size_t len)
{
	for (size_t i = len; i > 0; i--)
		if (buf[i - 1] == ')')
			return buf + i - 1;
	return NULL;
}

/* Fields 4..52 after the state letter; index i is field number i. */
static void
stat_fields(struct cur *c, struct kstat *out)
{
	long long v;

	for (int field = 4; field <= 52; field++) {
		if (!read_ll(c, &v)) {
			if (!skip_field(c))
				return;
			continue;
		}
		if ((field == 4 || field == 5 || field == 7 || field == 52) &&
		    !fits_int(v))
			continue;
		switch (field) {
		case 4:
			out->ppid = (pid_t)v;
			break;
		case 5:
			out->pgrp = (pid_t)v;
			break;
		case 7:
			out->tty_nr = (int)v;
			break;
		case 14:
			out->utime = (unsigned long long)v;
			break;
		case 15:
			out->stime = (unsigned long long)v;
			break;
		case 20:
			out->threads = (long)v;
			break;
		case 22:
			out->start_ticks = (unsigned long long)v;
			break;
		case 24:
			out->rss_pages = (long)v;
			break;
		case 48:
			out->arg_start = (unsigned long long)v;
			break;
		case 49:
			out->arg_end = (unsigned long long)v;
			break;
		case 52:
			out->exit_code = (int)v;
			out->has_exit_code = true;
			break;
		default:
			break;
		}
	}
}

int
kparse_stat(const char *buf, size_t len, struct kstat *out)
{
	struct cur c = {buf, buf + len};
	const char *open, *close;
	long long pid;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!read_ll(&c, &pid) || pid <= 0 || pid > INT_MAX)
		return -EINVAL;
	open = memchr(buf, '(', len);
	close = last_paren(buf, len);
	if (!open || !close || close < open || close + 3 > buf + len)
		return -EINVAL;
	n = (size_t)(close - open - 1);
	if (n >= sizeof(out->comm))
		n = sizeof(out->comm) - 1;
	memcpy(out->comm, open + 1, n);
	out->comm[n] = '\0';
	out->pid = (pid_t)pid;
	if (close[1] != ' ')
		return -EINVAL;
	out->state = close[2];
	c.p = close + 3;
	stat_fields(&c, out);
	return 0;
}

static bool
is_symbol_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

size_t
kparse_wchan(const char *buf, size_t len, char *out, size_t size)
{
	const char *nl = memchr(buf, '\n', len);
	size_t k = 0;

	if (size == 0)
		return 0;
	if (nl)
		len = (size_t)(nl - buf);
	/* The kernel prints "0" when it will not tell (or the task runs). */
	if (len == 1 && buf[0] == '0')
		len = 0;
	for (size_t i = 0; i < len && buf[i] && k + 1 < size; i++)
		out[k++] = is_symbol_byte(buf[i]) ? buf[i] : '?';
	out[k] = '\0';
	return k;
}

static bool
read_hex(struct cur *c, uint64_t *out)
{
	uint64_t v = 0;
	const char *start;

	skip_spaces(c);
	start = c->p;
	while (c->p < c->end) {
		char ch = *c->p;
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			break;
		v = (v << 4) | d;
		c->p++;
	}
	*out = v;
	return c->p != start;
}

static void
status_nspid(struct cur *c, struct kstatus *out)
{
	long long v;

	out->nspid_levels = 0;
	while (read_ll(c, &v)) {
		if (!fits_int(v)) {
			out->nspid_levels = 0;
			return;
		}
		if (out->nspid_levels < KPARSE_NSPID_MAX)
			out->nspid[out->nspid_levels] = (pid_t)v;
		out->nspid_levels++;
		out->nspid_last = (pid_t)v;
	}
	if (out->nspid_levels > 0)
		out->have |= KST_NSPID;
}

struct status_key {
	const char *name;
	unsigned bit;
	size_t off; /* of a uint64_t mask in struct kstatus */
};

static const struct status_key mask_keys[] = {
    {"SigPnd:", KST_SIGPND, offsetof(struct kstatus, sigpnd)},
    {"ShdPnd:", KST_SHDPND, offsetof(struct kstatus, shdpnd)},
    {"SigBlk:", KST_SIGBLK, offsetof(struct kstatus, sigblk)},
    {"SigIgn:", KST_SIGIGN, offsetof(struct kstatus, sigign)},
    {"SigCgt:", KST_SIGCGT, offsetof(struct kstatus, sigcgt)},
    {"CapEff:", KST_CAPEFF, offsetof(struct kstatus, capeff)},
};

static bool has_key(const struct cur *c, const char *key);

/* Decimal fields that fit an int (pid_t is one). */
static const struct status_key int_keys[] = {
    {"PPid:", KST_PPID, offsetof(struct kstatus, ppid)},
    {"TracerPid:", KST_TRACER, offsetof(struct kstatus, tracer_pid)},
    {"Seccomp:", KST_SECCOMP, offsetof(struct kstatus, seccomp)},
    {"Seccomp_filters:", KST_SECCOMP_FILTERS,
        offsetof(struct kstatus, seccomp_filters)},
    {"Tgid:", KST_TGID, offsetof(struct kstatus, tgid)},
};

static bool
int_line(struct cur *c, struct kstatus *out)
{
	long long v;

	for (size_t i = 0; i < sizeof(int_keys) / sizeof(int_keys[0]); i++) {
		const struct status_key *k = &int_keys[i];

		if (!has_key(c, k->name))
			continue;
		c->p += strlen(k->name);
		if (read_ll(c, &v) && fits_int(v)) {
			*(int *)(void *)((char *)out + k->off) = (int)v;
			out->have |= k->bit;
		}
		return true;
	}
	return false;
}

static bool
has_key(const struct cur *c, const char *key)
{
	size_t n = strlen(key);

	return (size_t)(c->end - c->p) >= n && memcmp(c->p, key, n) == 0;
}

static void
status_line(struct cur *c, struct kstatus *out)
{
	long long v;

	for (size_t i = 0; i < sizeof(mask_keys) / sizeof(mask_keys[0]); i++) {
		const struct status_key *k = &mask_keys[i];

		if (!has_key(c, k->name))
			continue;
		c->p += strlen(k->name);
		if (read_hex(c, (uint64_t *)((char *)out + k->off)))
			out->have |= k->bit;
		return;
	}
	if (has_key(c, "State:")) {
		c->p += 6;
		skip_spaces(c);
		if (c->p < c->end && *c->p != '\n') {
			out->state = *c->p;
			out->have |= KST_STATE;
		}
	} else if (int_line(c, out)) {
		return;
	} else if (has_key(c, "Uid:")) {
		c->p += 4;
		if (read_ll(c, &v)) {
			out->uid = (uid_t)v;
			out->have |= KST_UID;
		}
	} else if (has_key(c, "Threads:")) {
		c->p += 8;
		if (read_ll(c, &v)) {
			out->threads = (long)v;
			out->have |= KST_THREADS;
		}
	} else if (has_key(c, "NSpid:")) {
		c->p += 6;
		status_nspid(c, out);
	}
}

int
kparse_status(const char *buf, size_t len, struct kstatus *out)
{
	struct cur c = {buf, buf + len};

	memset(out, 0, sizeof(*out));
	while (c.p < c.end) {
		const char *nl = memchr(c.p, '\n', (size_t)(c.end - c.p));
		struct cur line = {c.p, nl ? nl : c.end};

		status_line(&line, out);
		c.p = nl ? nl + 1 : c.end;
	}
	return out->have ? 0 : -EINVAL;
}

/* Value of "hidepid=" within one mount's option list, or 0. */
static int
hidepid_value(const char *opt, const char *end)
{
	static const struct {
		const char *word;
		int level;
	} words[] = {{"0", 0}, {"off", 0}, {"1", 1}, {"noaccess", 1}, {"2", 2},
	    {"invisible", 2}, {"4", 4}, {"ptraceable", 4}};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);

		if ((size_t)(end - opt) == n &&
		    memcmp(opt, words[i].word, n) == 0)
			return words[i].level;
	}
	return 0;
}

/* One mountinfo line: "id parent maj:min root mountpoint opts ... - fstype
 * source superopts". Returns -1 unless it is proc on /proc. */
static int
mountinfo_line(const char *p, const char *end)
{
	const char *f[5], *sep, *type, *opts;
	struct cur c = {p, end};

	for (int i = 0; i < 5; i++) {
		skip_spaces(&c);
		f[i] = c.p;
		if (!skip_field(&c))
			return -1;
	}
	if (c.p - f[4] != 5 || memcmp(f[4], "/proc", 5) != 0)
		return -1;
	sep = memmem(c.p, (size_t)(end - c.p), " - ", 3);
	if (!sep)
		return -1;
	type = sep + 3;
	if (end - type < 5 || memcmp(type, "proc ", 5) != 0)
		return -1;
	opts = memmem(type, (size_t)(end - type), "hidepid=", 8);
	if (!opts)
		return 0;
	opts += 8;
	c.p = opts;
	while (c.p < end && *c.p != ',' && *c.p != ' ' && *c.p != '\n')
		c.p++;
	return hidepid_value(opts, c.p);
}

int
kparse_hidepid(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int level = -1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		int v = mountinfo_line(p, le);

		if (v >= 0)
			level = v;
		p = nl ? nl + 1 : end;
	}
	return level;
}

int
kparse_fdinfo_pid(const char *buf, size_t len, pid_t *pid)
{
	struct cur c = {buf, buf + len};
	long long v;

	while (c.p < c.end) {
		const char *nl = memchr(c.p, '\n', (size_t)(c.end - c.p));
		struct cur line = {c.p, nl ? nl : c.end};

		if (has_key(&line, "Pid:")) {
			line.p += 4;
			if (!read_ll(&line, &v) || !fits_int(v))
				return -EINVAL;
			*pid = (pid_t)v;
			return 0;
		}
		c.p = nl ? nl + 1 : c.end;
	}
	return -EINVAL;
}

/* The value of a "KEY N" line of /proc/stat, or -1. */
static long
stat_value(const char *buf, size_t len, const char *key)
{
	struct cur c = {buf, buf + len};
	long long v;

	while (c.p < c.end) {
		const char *nl = memchr(c.p, '\n', (size_t)(c.end - c.p));
		struct cur line = {c.p, nl ? nl : c.end};

		if (has_key(&line, key)) {
			line.p += strlen(key);
			return read_ll(&line, &v) && v >= 0 && fits_int(v)
			           ? (long)v
			           : -1;
		}
		c.p = nl ? nl + 1 : c.end;
	}
	return -1;
}

int
kparse_procs(const char *buf, size_t len, long *running, long *blocked)
{
	*running = stat_value(buf, len, "procs_running ");
	*blocked = stat_value(buf, len, "procs_blocked ");
	return *running < 0 || *blocked < 0 ? -EINVAL : 0;
}
