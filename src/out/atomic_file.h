/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replacing a file so that readers see the old or the new content, never a
 * part: write a fresh temporary file in the same directory, fsync it,
 * rename it over PATH, fsync the directory. For --prometheus and
 * node_exporter. */
#ifndef ZT_ATOMIC_FILE_H
#define ZT_ATOMIC_FILE_H

#include <stdio.h>

/* The mode of the file written, whatever the umask: a collector running as
 * another user must be able to read it. */
#define ATOMIC_FILE_MODE 0644

struct atomic_file {
	FILE *f;    /* owned: write the new content here */
	char *path; /* owned: the file to replace */
	char *tmp;  /* owned: PATH.XXXXXXXXXXXX.tmp, random, made by us */
};

/* Creates a new temporary file next to PATH under a random name, with
 * O_EXCL and O_NOFOLLOW, so nothing planted there (a file of another user,
 * a FIFO, a symlink, a directory) is ever opened or written through; fstat
 * confirms a regular file of ours with one link; mode ATOMIC_FILE_MODE.
 * Returns 0 or -errno; on error nothing is left open or created. */
int atomic_file_open(struct atomic_file *a, const char *path);

/* Flushes, fsyncs and closes the temporary file, renames it over the path
 * and fsyncs the directory. Returns 0 or -errno; on error the temporary
 * file is removed and the old file is untouched. a is released either
 * way. */
int atomic_file_commit(struct atomic_file *a);

/* Removes the temporary file and releases a; accepts a released a. */
void atomic_file_abort(struct atomic_file *a);

#endif
