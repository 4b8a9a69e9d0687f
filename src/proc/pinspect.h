/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking inside one process: its environment, its open files, its I/O
 * counters, and the START and TTY columns. Reads run on any thread and
 * fill plain structs; text stays raw bytes (escape it to show it). */
#ifndef ZT_PINSPECT_H
#define ZT_PINSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Caps: a process chooses the size of its environment and how many files
 * it holds open; past these the lists stop and say so. */
#define PINSPECT_ENV_BYTES (1u << 20) /* 1 MiB of environ read */
#define PINSPECT_ENV_MAX 16384        /* entries kept */
#define PINSPECT_FD_MAX 4096          /* descriptors described */
#define PINSPECT_PATH_MAX 4096        /* bytes of a link target */

/* Why a list is empty or short: flags, never an abort. */
enum pinspect_flags {
	PINSPECT_DENIED = 1 << 0,    /* EACCES/EPERM: another user's */
	PINSPECT_GONE = 1 << 1,      /* ESRCH: the process exited */
	PINSPECT_TRUNCATED = 1 << 2, /* a cap above was reached */
	PINSPECT_ERROR = 1 << 3,     /* any other error: see err */
	PINSPECT_ZOMBIE = 1 << 4,    /* a zombie: no memory or files left */
};

/* One "NAME=value" entry; bytes as the process wrote them, may hold any
 * byte but NUL. Points into the env's buffer. */
struct pinspect_var {
	const char *s; /* borrowed from pinspect_env.buf */
	size_t len;
};

struct pinspect_env {
	char *buf;                 /* owned: the bytes read */
	struct pinspect_var *vars; /* owned */
	size_t nvars;
	unsigned flags;
	int err; /* 0 or the -errno behind a flag */
};

/* Reads /proc/PID/environ. Returns 0 or -errno (also in flags/err; env
 * is usable, maybe empty, either way). A zombie (whose environ the kernel
 * refuses with ESRCH) is 0, empty, with PINSPECT_ZOMBIE. */
int pinspect_env_read(pid_t pid, struct pinspect_env *env);
/* Splits len bytes of buf (taken over: env owns it) on NUL. 0 or
 * -ENOMEM. Pure: the reader's second half, for tests and fuzzing. */
int pinspect_env_split(char *buf, size_t len, struct pinspect_env *env);
void pinspect_env_done(struct pinspect_env *env);

enum pinspect_fd_type {
	PINSPECT_FD_FILE,    /* a path: regular file, directory, device */
	PINSPECT_FD_DELETED, /* a file with no name left (st_nlink 0) */
	PINSPECT_FD_SOCKET,  /* socket:[inode] */
	PINSPECT_FD_PIPE,    /* pipe:[inode] */
	PINSPECT_FD_ANON,    /* anon_inode:... (eventfd, epoll, pidfd...) */
	PINSPECT_FD_OTHER,   /* anything else the kernel shows */
};

struct pinspect_fd {
	int fd;
	enum pinspect_fd_type type;
	char *target; /* owned: readlink's bytes, raw; "" if unreadable */
	size_t target_len;
	unsigned long long inode; /* of socket:[N], pipe:[N]; else st_ino */
	long long pos;            /* fdinfo pos:, -1 if unknown */
	int flags;                /* fdinfo flags: (O_*), -1 if unknown */
	bool target_cut;          /* target longer than PINSPECT_PATH_MAX */
};

struct pinspect_fds {
	struct pinspect_fd *fds; /* owned */
	size_t nfds;
	size_t total; /* descriptors open, also those past the cap */
	unsigned flags;
	int err;
};

/* Lists /proc/PID/fd with each target and its fdinfo. 0 or -errno (also
 * in flags); a descriptor closed during the listing is left out. A zombie
 * (its leader exited, even with live threads) lists none: PINSPECT_ZOMBIE. */
int pinspect_fds_read(pid_t pid, struct pinspect_fds *out);
void pinspect_fds_done(struct pinspect_fds *f);
/* The type of a link target (and, for sockets and pipes, its inode). */
enum pinspect_fd_type pinspect_fd_classify(
    const char *target, unsigned long long *inode);
/* "pos:\t0\nflags:\t02\n...": 0, or -EINVAL without both fields. */
int pinspect_parse_fdinfo(
    const char *buf, size_t len, long long *pos, int *flags);
/* "r", "w" or "rw" from the O_ACCMODE of flags. */
const char *pinspect_fd_mode(int flags);

/* /proc/PID/io: rchar/wchar count every read/write call, read_bytes and
 * write_bytes what reached the storage layer. */
struct pinspect_io {
	unsigned long long rchar, wchar, syscr, syscw;
	unsigned long long read_bytes, write_bytes, cancelled_write_bytes;
};

/* 0, -EACCES (another user's, or no ptrace access), -ESRCH, -errno. */
int pinspect_io_read(pid_t pid, struct pinspect_io *io);
/* 0 or -EINVAL when rchar or read_bytes is missing. */
int pinspect_parse_io(const char *buf, size_t len, struct pinspect_io *io);
/* Bytes per second between two reads seconds apart (0 for a counter that
 * went back: another process got the PID). */
double pinspect_io_rate(
    unsigned long long prev, unsigned long long cur, double seconds);

/* START: when a process started, in epoch seconds, from stat's start
 * ticks, the boot time (btime of /proc/stat, meters_stat) and ticks per
 * second (sysconf(_SC_CLK_TCK)). */
time_t pinspect_start_time(
    unsigned long long start_ticks, long long btime, long hz);
/* As ps's START: "HH:MM" today, "MonDD" this year, else "YYYY"; local
 * time. Returns buf. */
char *pinspect_start_format(time_t start, time_t now, char *buf, size_t size);

/* TTY from stat's tty_nr as ps names it: "pts/3", "tty1", "ttyS0",
 * "console", "?" for none, "MAJ:MIN" when unknown. Returns buf. */
char *pinspect_tty_name(int tty_nr, char *buf, size_t size);

#endif
