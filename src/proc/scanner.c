/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One worker thread per scanner, started with the first scan and kept: a
 * thread that ended would leak libproc2's per-thread read buffers (freed
 * only for the main thread), once per scan. All signals stay blocked on
 * it, so the main thread gets them. */
#include "scanner.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

struct scanner {
	struct snap_reader *r; /* borrowed */
	pthread_t thread;
	bool started; /* the thread exists */
	bool busy;    /* main thread only: a scan is not yet collected */

	pthread_mutex_t lock; /* guards the fields below */
	pthread_cond_t wake, finished;
	bool request, done, quit;
	const struct snap *prev; /* borrowed during a scan */
	struct snap *result;     /* owned until collected */
	int rc;
	void (*after)(void *arg, const struct snap *s); /* set before start */
	void *after_arg;
	struct snap_delta *delta; /* borrowed; NULL: always full scans */
};

int
scanner_new(struct snap_reader *r, struct scanner **out)
{
	struct scanner *sc = calloc(1, sizeof(*sc));

	if (!sc)
		return -ENOMEM;
	sc->r = r;
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->wake, NULL);
	pthread_cond_init(&sc->finished, NULL);
	*out = sc;
	return 0;
}

static void *
worker(void *arg)
{
	struct scanner *sc = arg;
	struct snap *s;
	int rc;

	pthread_mutex_lock(&sc->lock);
	for (;;) {
		while (!sc->request && !sc->quit)
			pthread_cond_wait(&sc->wake, &sc->lock);
		if (sc->quit)
			break;
		pthread_mutex_unlock(&sc->lock);
		s = NULL;
		rc = sc->delta ? snap_delta_run(sc->delta, sc->r, sc->prev, &s)
		               : snap_reader_scan(sc->r, sc->prev, &s);
		if (rc == 0 && sc->after)
			sc->after(sc->after_arg, s);
		pthread_mutex_lock(&sc->lock);
		sc->result = s;
		sc->rc = rc;
		sc->request = false;
		sc->done = true;
		pthread_cond_signal(&sc->finished);
	}
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

void
scanner_set_after(
    struct scanner *sc, void (*fn)(void *arg, const struct snap *s), void *arg)
{
	sc->after = fn;
	sc->after_arg = arg;
}

void
scanner_set_delta(struct scanner *sc, struct snap_delta *d)
{
	sc->delta = d;
}

static int
spawn(struct scanner *sc)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&sc->thread, NULL, worker, sc);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -rc;
	sc->started = true;
	return 0;
}

int
scanner_start(struct scanner *sc, const struct snap *prev)
{
	int rc;

	if (sc->busy)
		return -EBUSY;
	if (!sc->started && (rc = spawn(sc)) < 0)
		return rc;
	pthread_mutex_lock(&sc->lock);
	sc->prev = prev;
	sc->result = NULL;
	sc->done = false;
	sc->request = true;
	pthread_cond_signal(&sc->wake);
	pthread_mutex_unlock(&sc->lock);
	sc->busy = true;
	return 0;
}

bool
scanner_busy(const struct scanner *sc)
{
	return sc->busy;
}

static int
collect(struct scanner *sc, struct snap **out, bool wait)
{
	int rc = -EAGAIN;

	if (!sc->busy)
		return -ECHILD;
	pthread_mutex_lock(&sc->lock);
	while (wait && !sc->done)
		pthread_cond_wait(&sc->finished, &sc->lock);
	if (sc->done) {
		*out = sc->result;
		sc->result = NULL;
		sc->done = false;
		sc->busy = false;
		rc = sc->rc;
	}
	pthread_mutex_unlock(&sc->lock);
	return rc;
}

int
scanner_collect(struct scanner *sc, struct snap **out)
{
	return collect(sc, out, false);
}

int
scanner_wait(struct scanner *sc, struct snap **out)
{
	return collect(sc, out, true);
}

void
scanner_free(struct scanner *sc)
{
	if (!sc)
		return;
	if (sc->started) {
		pthread_mutex_lock(&sc->lock);
		sc->quit = true;
		pthread_cond_signal(&sc->wake);
		pthread_mutex_unlock(&sc->lock);
		pthread_join(sc->thread, NULL);
	}
	if (sc->result && sc->prev)
		snap_disown_shared(sc->result, sc->prev);
	snap_free(sc->result);
	pthread_mutex_destroy(&sc->lock);
	pthread_cond_destroy(&sc->wake);
	pthread_cond_destroy(&sc->finished);
	free(sc);
}
