/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header meters' numbers: CPU ticks per core and in total (/proc/stat),
 * memory and swap (/proc/meminfo), load and task counts (/proc/loadavg).
 * Pure parsers (fuzzed) apart from the reads; plain structs for drawing. */
#ifndef ZT_METERS_H
#define ZT_METERS_H

#include <stdbool.h>
#include <stddef.h>

/* A CPU's counters since boot, in clock ticks, split as htop 3 splits
 * them: user and nice exclude guest time (the kernel counts guest time
 * in both), guest is guest + guest_nice. */
struct meters_ticks {
	unsigned long long user, nice, system, irq, softirq, iowait, steal,
	    guest, idle;
};

/* At most this many per-CPU lines are kept; more are counted in total. */
#define METERS_CPU_MAX 4096

struct meters_stat {
	struct meters_ticks total; /* the "cpu" line */
	struct meters_ticks *cpu;  /* owned: one per "cpuN" line, in order */
	int *cpu_id;               /* owned: N of each, offline ones absent */
	size_t ncpu;
	unsigned long procs_running, procs_blocked; /* run queue, D state */
	long long btime; /* boot time, epoch seconds; 0 if missing */
};

/* Percentages of the time between two reads of one CPU (each 0..100). */
struct meters_cpu_use {
	double user, nice, system, irq, softirq, iowait, steal, guest, idle;
	double busy; /* everything but idle and iowait, as htop's bar */
};

/* Memory in KiB. used follows htop 3.2: total - free - buffers - cached -
 * SReclaimable (total - free if that would be negative); cached as htop
 * shows it: Cached + SReclaimable - Shmem. Swap used: SwapTotal -
 * SwapFree - SwapCached. */
struct meters_mem {
	unsigned long long total, free, available, buffers, cached, shared,
	    used;
	unsigned long long swap_total, swap_free, swap_cached, swap_used;
	bool has_available; /* MemAvailable: present (kernels from 3.14) */
};

struct meters_load {
	double avg1, avg5, avg15;
	unsigned long running, tasks; /* "2/345": runnable, all threads */
	long last_pid;
};

/* Everything for one refresh, read on the scanner's thread. */
struct meters_sample {
	struct meters_stat stat; /* owned parts: meters_sample_done */
	struct meters_mem mem;
	struct meters_load load;
	int err_stat, err_mem, err_load; /* 0 or -errno per file */
};

/* Parsers of the files' text (buf need not be NUL-terminated). Return 0
 * or -EINVAL when the text lacks what every kernel writes (the "cpu"
 * line; MemTotal; five load fields); -ENOMEM. */
int meters_parse_stat(const char *buf, size_t len, struct meters_stat *out);
int meters_parse_meminfo(const char *buf, size_t len, struct meters_mem *out);
int meters_parse_loadavg(const char *buf, size_t len, struct meters_load *out);
void meters_stat_done(struct meters_stat *s);

/* Reads the three files through procfs. Returns 0 if all were read, else
 * the first error; each part has its own err_* and is zero when missing. */
int meters_read(struct meters_sample *s);
void meters_sample_done(struct meters_sample *s);

/* The use of a CPU between two reads; all zero if no tick passed. */
void meters_cpu_use(const struct meters_ticks *prev,
    const struct meters_ticks *cur, struct meters_cpu_use *out);

/* The index in prev->cpu of the CPU with id, or -1 (it came online). */
long meters_cpu_find(const struct meters_stat *prev, int id);

/* Percent of total (0 when total is 0), for the Mem and Swp bars. */
double meters_percent(unsigned long long part, unsigned long long total);

#endif
