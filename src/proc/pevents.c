/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The proc connector: one netlink socket subscribed to CN_IDX_PROC, read
 * without blocking; drops (ENOBUFS) are counted for the caller to rescan.
 * The parser is separate and pure so it can be fuzzed. */
#include "pevents.h"

#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* What the kernel asks for: 4 MiB holds a burst of ~5,000 events. */
#define PEV_RCVBUF (4 << 20)
/* How long pevents_open waits for the acknowledgement: the kernel sends it
 * while handling our request, so it is queued at once or never. */
#define PEV_ACK_MS 200
/* Events of one datagram kept between reads (the kernel sends one). */
#define PEV_PEND 64

struct pevents {
	int fd;
	uint32_t tag;  /* our request's ack field: the kernel answers tag + 1 */
	uint64_t lost; /* ENOBUFS seen */
	bool nobufs;   /* a drop not yet told to the caller */
	size_t npend, ipend;
	struct pev pend[PEV_PEND]; /* parsed but not yet handed out */
};

/* Offsets of the fields in struct proc_event: a header of what, cpu and
 * timestamp, then the union. */
#define PE_HDR offsetof(struct proc_event, event_data)

static int32_t
get32(const unsigned char *p, size_t off)
{
	int32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* Fills ev from one proc_event of len bytes; false when it is of a kind we
 * do not report or too short for its kind. */
static bool
parse_event(const unsigned char *p, size_t len, struct pev *ev)
{
	const unsigned char *d = p + PE_HDR;
	uint32_t what;
	size_t need;

	if (len < PE_HDR)
		return false;
	memcpy(&what, p, sizeof(what));
	memset(ev, 0, sizeof(*ev));
	memcpy(&ev->ts_ns, p + offsetof(struct proc_event, timestamp_ns),
	    sizeof(ev->ts_ns));
	ev->pid = get32(d, 0);
	ev->tgid = get32(d, 4);
	switch (what) {
	case PROC_EVENT_FORK:
		need = sizeof(struct fork_proc_event);
		ev->kind = PEV_FORK;
		ev->ppid = ev->pid;
		ev->ptgid = ev->tgid;
		if (len >= PE_HDR + need) {
			ev->pid = get32(d, 8);
			ev->tgid = get32(d, 12);
		}
		break;
	case PROC_EVENT_EXEC:
		need = sizeof(struct exec_proc_event);
		ev->kind = PEV_EXEC;
		break;
	case PROC_EVENT_COMM:
		need = sizeof(struct comm_proc_event);
		ev->kind = PEV_COMM;
		if (len >= PE_HDR + need)
			memcpy(ev->comm, d + 8, sizeof(ev->comm) - 1);
		break;
	case PROC_EVENT_PTRACE:
		need = sizeof(struct ptrace_proc_event);
		ev->kind = PEV_PTRACE;
		if (len >= PE_HDR + need) {
			ev->ppid = get32(d, 8);
			ev->ptgid = get32(d, 12);
		}
		break;
	case PROC_EVENT_UID:
		need = sizeof(struct id_proc_event);
		ev->kind = PEV_UID;
		break;
	case PROC_EVENT_EXIT:
		need = sizeof(struct exit_proc_event);
		ev->kind = PEV_EXIT;
		if (len >= PE_HDR + need) {
			ev->exit_code = get32(d, 8);
			ev->exit_signal = get32(d, 12);
			ev->ppid = get32(d, 16);
			ev->ptgid = get32(d, 20);
		}
		break;
	default:
		return false;
	}
	return len >= PE_HDR + need;
}

/* The proc events of one netlink message's payload (a cn_msg): 0 or 1. */
static size_t
parse_cn(const unsigned char *p, size_t len, struct pev *ev)
{
	struct cn_msg cn;

	if (len < sizeof(cn))
		return 0;
	memcpy(&cn, p, sizeof(cn));
	if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC)
		return 0;
	if (cn.len > len - sizeof(cn))
		return 0;
	return parse_event(p + sizeof(cn), cn.len, ev) ? 1 : 0;
}

ssize_t
pevents_parse(const void *buf, size_t len, struct pev *ev, size_t n)
{
	const unsigned char *p = buf;
	size_t off = 0, count = 0;
	struct nlmsghdr h;

	if (!buf || len < sizeof(h))
		return -EINVAL;
	while (count < n && len - off >= sizeof(h)) {
		memcpy(&h, p + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len - off)
			return count ? (ssize_t)count : -EINVAL;
		if (h.nlmsg_type != NLMSG_NOOP && h.nlmsg_type != NLMSG_ERROR &&
		    h.nlmsg_type != NLMSG_OVERRUN)
			count += parse_cn(p + off + NLMSG_HDRLEN,
			    h.nlmsg_len - NLMSG_HDRLEN, &ev[count]);
		if (NLMSG_ALIGN(h.nlmsg_len) >= len - off)
			break;
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	return (ssize_t)count;
}

/* Sends op (listen or ignore) to the proc connector. 0 or -errno. */
static int
send_op(struct pevents *p, enum proc_cn_mcast_op op)
{
	union {
		unsigned char
		    b[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(op))];
		struct nlmsghdr align;
	} m;
	struct nlmsghdr *h = &m.align;
	struct cn_msg cn = {.id = {CN_IDX_PROC, CN_VAL_PROC}};
	struct sockaddr_nl to = {.nl_family = AF_NETLINK};

	memset(&m, 0, sizeof(m));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(cn) + sizeof(op));
	h->nlmsg_type = NLMSG_DONE;
	h->nlmsg_pid = 0;
	cn.ack = p->tag;
	cn.len = sizeof(op);
	memcpy(NLMSG_DATA(h), &cn, sizeof(cn));
	memcpy((unsigned char *)NLMSG_DATA(h) + sizeof(cn), &op, sizeof(op));
	if (sendto(p->fd, &m, h->nlmsg_len, 0, (struct sockaddr *)&to,
	        sizeof(to)) < 0)
		return -errno;
	return 0;
}

/* The acknowledgement of our subscription in one datagram: 1 found (*err
 * its error, 0 or positive errno), 0 not this one. */
static int
ack_of(const struct pevents *p, const unsigned char *b, size_t len, int *err)
{
	struct nlmsghdr h;
	struct cn_msg cn;
	struct proc_event pe;

	if (len < NLMSG_HDRLEN + sizeof(cn) + PE_HDR + sizeof(uint32_t))
		return 0;
	memcpy(&h, b, sizeof(h));
	memcpy(&cn, b + NLMSG_HDRLEN, sizeof(cn));
	if (h.nlmsg_len > len || cn.id.idx != CN_IDX_PROC ||
	    cn.id.val != CN_VAL_PROC || cn.ack != p->tag + 1)
		return 0;
	memset(&pe, 0, sizeof(pe));
	memcpy(&pe, b + NLMSG_HDRLEN + sizeof(cn), PE_HDR + sizeof(uint32_t));
	if (pe.what != PROC_EVENT_NONE)
		return 0;
	*err = (int)pe.event_data.ack.err;
	return 1;
}

/* One datagram from the kernel into b; its length, or -errno. Datagrams
 * not sent by the kernel (nl_pid != 0) read as length 0. */
static ssize_t
recv_dgram(int fd, unsigned char *b, size_t size)
{
	struct sockaddr_nl from;
	socklen_t fl = sizeof(from);
	ssize_t r;

	do {
		r = recvfrom(
		    fd, b, size, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (fl < sizeof(from) || from.nl_pid != 0)
		return 0;
	return r;
}

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for the kernel to acknowledge the subscription; the events read
 * meanwhile happened before pevents_open returned and are dropped. The
 * kernel ignores (never acknowledges) a request from outside the initial
 * user and PID namespaces: -ETIMEDOUT. */
static int
wait_ack(struct pevents *p)
{
	long long end = mono_ms() + PEV_ACK_MS;
	_Alignas(struct nlmsghdr) unsigned char b[8192];
	struct pollfd pf = {.fd = p->fd, .events = POLLIN};
	int err;

	for (long long left = PEV_ACK_MS; left > 0; left = end - mono_ms()) {
		ssize_t r;

		if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
			return -errno;
		r = recv_dgram(p->fd, b, sizeof(b));
		if (r == -EAGAIN || r == -ENOBUFS)
			continue;
		if (r < 0)
			return (int)r;
		if (ack_of(p, b, (size_t)r, &err))
			return -err;
	}
	return -ETIMEDOUT;
}

int
pevents_set_rcvbuf(struct pevents *p, int bytes)
{
	if (setsockopt(
	        p->fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == 0)
		return 0;
	if (setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return -errno;
	return 0;
}

int
pevents_rcvbuf(const struct pevents *p)
{
	int v = 0;
	socklen_t l = sizeof(v);

	if (getsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &v, &l) < 0)
		return -errno;
	return v;
}

/* Socket, buffer, bind, subscribe, acknowledgement. 0 or -errno. */
static int
subscribe(struct pevents *p)
{
	struct sockaddr_nl sa = {
	    .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC};
	struct timespec ts;
	int err;

	p->fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_CONNECTOR);
	if (p->fd < 0)
		return -errno;
	/* Best effort: the default (~200 KiB) overflows in a fork storm. */
	pevents_set_rcvbuf(p, PEV_RCVBUF);
	if (bind(p->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* The kernel rewrites seq but answers ack + 1: our mark. */
	p->tag = (uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 12;
	err = send_op(p, PROC_CN_MCAST_LISTEN);
	return err ? err : wait_ack(p);
}

int
pevents_open(struct pevents **out)
{
	struct pevents *p = calloc(1, sizeof(*p));
	int err;

	*out = NULL;
	if (!p)
		return -ENOMEM;
	p->fd = -1;
	err = subscribe(p);
	if (err) {
		if (p->fd >= 0)
			close(p->fd);
		free(p);
		return err;
	}
	*out = p;
	return 0;
}

const char *
pevents_why(int err)
{
	switch (err) {
	case 0:
		return "available";
	case -EPROTONOSUPPORT:
	case -EAFNOSUPPORT:
	case -ENOENT:
		return "kernel has no proc connector";
	case -ECONNREFUSED:
		return "not in the initial network namespace";
	case -ETIMEDOUT:
		return "kernel did not answer (not in the initial user and PID "
		       "namespaces?)";
	case -EPERM:
	case -EACCES:
		return "not permitted (this kernel wants CAP_NET_ADMIN)";
	case -ENOMEM:
	case -ENOBUFS:
		return "out of memory";
	case -EMFILE:
	case -ENFILE:
		return "too many open files";
	default:
		return "proc connector failed";
	}
}

int
pevents_fd(const struct pevents *p)
{
	return p->fd;
}

uint64_t
pevents_lost(const struct pevents *p)
{
	return p->lost;
}

/* Moves parsed events from the pending queue into ev[0..n). */
static size_t
take_pending(struct pevents *p, struct pev *ev, size_t n)
{
	size_t k = p->npend - p->ipend;

	if (k > n)
		k = n;
	memcpy(ev, p->pend + p->ipend, k * sizeof(*ev));
	p->ipend += k;
	return k;
}

/* One datagram into the pending queue: 0, or -errno (-EAGAIN: none). */
static int
fill_pending(struct pevents *p)
{
	_Alignas(struct nlmsghdr) unsigned char b[8192];
	ssize_t r = recv_dgram(p->fd, b, sizeof(b));

	if (r < 0)
		return (int)r;
	p->ipend = 0;
	r = pevents_parse(b, (size_t)r, p->pend, PEV_PEND);
	p->npend = r > 0 ? (size_t)r : 0;
	return 0;
}

ssize_t
pevents_read(struct pevents *p, struct pev *ev, size_t n)
{
	size_t count;

	if (p->nobufs) {
		p->nobufs = false;
		return -ENOBUFS;
	}
	count = take_pending(p, ev, n);
	while (count < n) {
		int r = fill_pending(p);

		if (r == -EAGAIN)
			break;
		if (r == -ENOBUFS) {
			p->lost++;
			if (!count)
				return -ENOBUFS;
			/* What came before the drop is handed out first. */
			p->nobufs = true;
			break;
		}
		if (r < 0)
			return count ? (ssize_t)count : r;
		count += take_pending(p, ev + count, n - count);
	}
	return (ssize_t)count;
}

void
pevents_close(struct pevents *p)
{
	if (!p)
		return;
	/* Kernels before 6.6 count listeners until told to stop. */
	send_op(p, PROC_CN_MCAST_IGNORE);
	close(p->fd);
	free(p);
}
