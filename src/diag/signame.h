/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one table of signal names: used to decode exit statuses, by the signal
 * menu and by the command line. */
#ifndef ZT_SIGNAME_H
#define ZT_SIGNAME_H

/* "SIGSEGV" for 11; NULL for a number with no standard name. */
const char *signame_name(int sig);

/* 11 for "SIGSEGV", "SEGV", "segv" or "11"; -1 when unknown. */
int signame_parse(const char *s);

/* The named signals in number order, for menus: count, then the i-th. */
int signame_count(void);
int signame_at(int i);

#endif
