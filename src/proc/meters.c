/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The meters: /proc/stat, /proc/meminfo and /proc/loadavg parsed into plain
 * numbers, and the deltas htop draws. The parsers take any bytes (they are
 * fuzzed); the reads go through procfs like every other /proc file. */
#include "meters.h"

#include "procfs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated copy, so strtoull never runs past the input. */
static char *
dup_text(const char *buf, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		memcpy(s, buf, len);
		s[len] = '\0';
	}
	return s;
}

/* Up to max unsigned numbers after p; stops at the end of the line. */
static size_t
read_nums(const char *p, unsigned long long *v, size_t max)
{
	size_t n = 0;
	char *end;

	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			break;
		v[n++] = strtoull(p, &end, 10);
		p = end;
	}
	return n;
}

/* "cpu[N] user nice system idle iowait irq softirq steal guest guest_nice":
 * older kernels stop earlier, the missing fields are 0. */
static bool
parse_cpu_fields(const char *p, struct meters_ticks *t)
{
	unsigned long long v[10] = {0};
	size_t n = read_nums(p, v, 10);

	if (n < 4)
		return false;
	/* guest is inside user and guest_nice inside nice (htop 3 does the
	 * same subtraction); a broken kernel line must not wrap. */
	t->user = v[0] >= v[8] ? v[0] - v[8] : 0;
	t->nice = v[1] >= v[9] ? v[1] - v[9] : 0;
	t->system = v[2];
	t->idle = v[3];
	t->iowait = v[4];
	t->irq = v[5];
	t->softirq = v[6];
	t->steal = v[7];
	t->guest = v[8] + v[9];
	return true;
}

static int
add_cpu(
    struct meters_stat *out, int id, const struct meters_ticks *t, size_t *cap)
{
	if (out->ncpu == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct meters_ticks *c = realloc(out->cpu, nc * sizeof(*c));
		int *ids;

		if (!c)
			return -ENOMEM;
		out->cpu = c;
		if (!(ids = realloc(out->cpu_id, nc * sizeof(*ids))))
			return -ENOMEM;
		out->cpu_id = ids;
		*cap = nc;
	}
	out->cpu[out->ncpu] = *t;
	out->cpu_id[out->ncpu++] = id;
	return 0;
}

/* One line of /proc/stat; sets *seen_total on the "cpu " line. */
static int
stat_line(
    const char *line, struct meters_stat *out, size_t *cap, bool *seen_total)
{
	unsigned long long v;
	struct meters_ticks t;
	char *end;

	if (strncmp(line, "cpu", 3) == 0 &&
	    (line[3] == ' ' || line[3] == '\t')) {
		*seen_total =
		    *seen_total || parse_cpu_fields(line + 3, &out->total);
		return 0;
	}
	if (strncmp(line, "cpu", 3) == 0 && line[3] >= '0' && line[3] <= '9') {
		long id = strtol(line + 3, &end, 10);

		if (id > 65535 || out->ncpu >= METERS_CPU_MAX ||
		    !parse_cpu_fields(end, &t))
			return 0;
		return add_cpu(out, (int)id, &t, cap);
	}
	if (read_nums(strchr(line, ' ') ? strchr(line, ' ') : "", &v, 1) != 1)
		return 0;
	if (strncmp(line, "procs_running ", 14) == 0)
		out->procs_running = (unsigned long)v;
	else if (strncmp(line, "procs_blocked ", 14) == 0)
		out->procs_blocked = (unsigned long)v;
	else if (strncmp(line, "btime ", 6) == 0)
		out->btime = v > (1ULL << 62) ? 0 : (long long)v;
	return 0;
}

int
meters_parse_stat(const char *buf, size_t len, struct meters_stat *out)
{
	char *text = dup_text(buf, len), *line, *save = NULL;
	bool seen_total = false;
	size_t cap = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!text)
		return -ENOMEM;
	for (line = strtok_r(text, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save))
		rc = stat_line(line, out, &cap, &seen_total);
	free(text);
	if (rc == 0 && !seen_total)
		rc = -EINVAL;
	if (rc < 0)
		meters_stat_done(out);
	return rc;
}

void
meters_stat_done(struct meters_stat *s)
{
	if (!s)
		return;
	free(s->cpu);
	free(s->cpu_id);
	memset(s, 0, sizeof(*s));
}

/* The meminfo keys we use, with where each goes. */
enum {
	MI_TOTAL,
	MI_FREE,
	MI_AVAIL,
	MI_BUFFERS,
	MI_CACHED,
	MI_SHMEM,
	MI_SRECLAIM,
	MI_SWTOTAL,
	MI_SWFREE,
	MI_SWCACHED,
	MI_N
};
static const char *const mi_keys[MI_N] = {
    "MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:", "Shmem:",
    "SReclaimable:", "SwapTotal:", "SwapFree:", "SwapCached:"};

static void
meminfo_line(const char *line, unsigned long long *v, unsigned *have)
{
	for (int k = 0; k < MI_N; k++) {
		size_t kl = strlen(mi_keys[k]);

		if (strncmp(line, mi_keys[k], kl) == 0 &&
		    read_nums(line + kl, &v[k], 1) == 1) {
			*have |= 1u << k;
			return;
		}
	}
}

static unsigned long long
sub_floor(unsigned long long a, unsigned long long b)
{
	return a > b ? a - b : 0;
}

/* htop 3.2's formulas (LinuxProcessList_scanMemoryInfo). */
static void
mem_derive(const unsigned long long *v, unsigned have, struct meters_mem *m)
{
	unsigned long long diff =
	    v[MI_FREE] + v[MI_CACHED] + v[MI_SRECLAIM] + v[MI_BUFFERS];

	m->total = v[MI_TOTAL];
	m->free = v[MI_FREE];
	m->buffers = v[MI_BUFFERS];
	m->shared = v[MI_SHMEM];
	m->cached = sub_floor(v[MI_CACHED] + v[MI_SRECLAIM], v[MI_SHMEM]);
	m->used =
	    m->total >= diff ? m->total - diff : sub_floor(m->total, m->free);
	m->has_available = have & (1u << MI_AVAIL);
	m->available = m->has_available ? v[MI_AVAIL] : m->free;
	if (m->available > m->total)
		m->available = m->total;
	m->swap_total = v[MI_SWTOTAL];
	m->swap_free = v[MI_SWFREE];
	m->swap_cached = v[MI_SWCACHED];
	m->swap_used = sub_floor(m->swap_total, m->swap_free + m->swap_cached);
}

int
meters_parse_meminfo(const char *buf, size_t len, struct meters_mem *out)
{
	unsigned long long v[MI_N] = {0};
	char *text = dup_text(buf, len), *line, *save = NULL;
	unsigned have = 0;

	memset(out, 0, sizeof(*out));
	if (!text)
		return -ENOMEM;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		meminfo_line(line, v, &have);
	free(text);
	if (!(have & (1u << MI_TOTAL)))
		return -EINVAL;
	mem_derive(v, have, out);
	return 0;
}

/* "0.52 0.58 0.59 2/1234 56789" */
int
meters_parse_loadavg(const char *buf, size_t len, struct meters_load *out)
{
	char *text = dup_text(buf, len), *p, *end;
	double d[3];
	int rc = -EINVAL;

	memset(out, 0, sizeof(*out));
	if (!text)
		return -ENOMEM;
	p = text;
	for (int i = 0; i < 3; i++, p = end) {
		d[i] = strtod(p, &end);
		if (end == p || !(d[i] >= 0 && d[i] < 1e9))
			goto out;
	}
	out->running = strtoul(p, &end, 10);
	if (end == p || *end != '/')
		goto out;
	p = end + 1;
	out->tasks = strtoul(p, &end, 10);
	if (end == p)
		goto out;
	out->last_pid = strtol(end, NULL, 10);
	out->avg1 = d[0], out->avg5 = d[1], out->avg15 = d[2];
	rc = 0;
out:
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	free(text);
	return rc;
}

int
meters_read(struct meters_sample *s)
{
	char *buf = NULL, small[256];
	ssize_t n;

	memset(s, 0, sizeof(*s));
	/* /proc/stat grows with the CPUs and interrupts: any size. */
	n = procfs_read_all(0, "stat", &buf);
	s->err_stat =
	    n < 0 ? (int)n : meters_parse_stat(buf, (size_t)n, &s->stat);
	free(buf);
	buf = NULL;
	n = procfs_read_all(0, "meminfo", &buf);
	s->err_mem =
	    n < 0 ? (int)n : meters_parse_meminfo(buf, (size_t)n, &s->mem);
	free(buf);
	n = procfs_read(0, "loadavg", small, sizeof(small));
	s->err_load =
	    n < 0 ? (int)n : meters_parse_loadavg(small, (size_t)n, &s->load);
	return s->err_stat  ? s->err_stat
	       : s->err_mem ? s->err_mem
	                    : s->err_load;
}

void
meters_sample_done(struct meters_sample *s)
{
	if (s)
		meters_stat_done(&s->stat);
}

static double
share(unsigned long long prev, unsigned long long cur, double total)
{
	return cur > prev ? (double)(cur - prev) * 100.0 / total : 0.0;
}

static unsigned long long
ticks_sum(const struct meters_ticks *t)
{
	return t->user + t->nice + t->system + t->irq + t->softirq + t->iowait +
	       t->steal + t->guest + t->idle;
}

void
meters_cpu_use(const struct meters_ticks *prev, const struct meters_ticks *cur,
    struct meters_cpu_use *out)
{
	unsigned long long a = ticks_sum(prev), b = ticks_sum(cur);
	double total = b > a ? (double)(b - a) : 0.0;

	memset(out, 0, sizeof(*out));
	if (total <= 0)
		return;
	out->user = share(prev->user, cur->user, total);
	out->nice = share(prev->nice, cur->nice, total);
	out->system = share(prev->system, cur->system, total);
	out->irq = share(prev->irq, cur->irq, total);
	out->softirq = share(prev->softirq, cur->softirq, total);
	out->iowait = share(prev->iowait, cur->iowait, total);
	out->steal = share(prev->steal, cur->steal, total);
	out->guest = share(prev->guest, cur->guest, total);
	out->idle = share(prev->idle, cur->idle, total);
	out->busy = out->user + out->nice + out->system + out->irq +
	            out->softirq + out->steal + out->guest;
	if (out->busy > 100.0)
		out->busy = 100.0;
}

long
meters_cpu_find(const struct meters_stat *prev, int id)
{
	for (size_t i = 0; i < prev->ncpu; i++)
		if (prev->cpu_id[i] == id)
			return (long)i;
	return -1;
}

double
meters_percent(unsigned long long part, unsigned long long total)
{
	if (total == 0)
		return 0.0;
	return part >= total ? 100.0 : (double)part * 100.0 / (double)total;
}
