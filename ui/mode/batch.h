/* Batch modes that need no terminal: --once as text or JSON. */
#ifndef ZT_BATCH_H
#define ZT_BATCH_H

#include "cli.h"

/* Runs --once; returns the process exit status (0 ok, 1 runtime error,
 * 2 usage error), having printed a one-line message for errors. */
int batch_once(const struct cli_opts *o);

/* A user name or number to a uid, as -u takes it: 0, or -1 if unknown. */
int batch_resolve_user(const char *name, uid_t *uid);

/* --bench-refresh N: N refreshes of the live view's model with nothing
 * drawn; prints the slowest to stderr. Exit status as batch_once. */
int batch_bench(const struct cli_opts *o);

struct snap;

/* Filters snapshot s as the options say and writes it as text or JSON;
 * with no -p, root (if not 0) stands in for it. Returns 0 or the exit
 * status, having printed a message. */
int batch_write(const struct cli_opts *o, const struct snap *s, pid_t root);

#endif
