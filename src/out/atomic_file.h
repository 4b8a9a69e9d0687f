/* Replacing a file so that readers see the old or the new content, never a
 * part: write PATH.tmp in the same directory, fsync it, rename it over
 * PATH, fsync the directory. For --prometheus and node_exporter. */
#ifndef ZT_ATOMIC_FILE_H
#define ZT_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
	FILE *f;    /* owned: write the new content here */
	char *path; /* owned: the file to replace */
	char *tmp;  /* owned: path + ".tmp" */
};

/* Creates (or truncates) PATH.tmp, mode 0644 whatever the umask, so a
 * collector running as another user can read the result. Returns 0 or
 * -errno; on error nothing is left open or created. */
int atomic_file_open(struct atomic_file *a, const char *path);

/* Flushes, fsyncs and closes the temporary file, renames it over the path
 * and fsyncs the directory. Returns 0 or -errno; on error the temporary
 * file is removed and the old file is untouched. a is released either
 * way. */
int atomic_file_commit(struct atomic_file *a);

/* Removes the temporary file and releases a; accepts a released a. */
void atomic_file_abort(struct atomic_file *a);

#endif
