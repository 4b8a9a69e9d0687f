#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make freshcheck: the README's promise from a fresh Debian 12. A minbase
# root (debootstrap --variant=minbase bookworm) gets only `make`, the tree
# is copied in, and `make check` runs inside it as root (chroot, with
# /proc, /dev/pts and /sys mounted: the tests need a real /proc and tmux).
# Everything else must come from make check's own deps step.
# Needs root and debootstrap (installed with apt-get when missing). Slow
# (minutes), so it is not part of make check or .ci/run.
#   FRESH_MIRROR  Debian mirror (default: the first one in /etc/apt/sources*)
#   FRESH_CACHE   where the minbase tarball is kept between runs
#                 (default /var/tmp/zombietop-fresh; empty: no cache)
#   FRESH_KEEP=1  keep the root file system afterwards
#   FRESH_TARGET  the make target run inside (default check)
#   FRESH_TIMEOUT seconds it may take (default 5400)
# Exit status: that of make inside the root. The log is $BUILD/fresh.log.
# The whole script is one block: bash reads it before running it, so an
# edit of this file during a run cannot change the run.
{
set -u
cd "$(dirname "$0")/../.." || exit 1
TOP=$PWD
BUILD=${BUILD:-build}
SUITE=bookworm
TARGET=${FRESH_TARGET:-check}
CACHE=${FRESH_CACHE-/var/tmp/zombietop-fresh}
say() { echo "fresh: $*"; }
die() { echo "fresh: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
if ! command -v debootstrap >/dev/null; then
	command -v apt-get >/dev/null || die "needs debootstrap (no apt-get here)"
	say "installing debootstrap"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq debootstrap >/dev/null || die "cannot install debootstrap"
fi

# The Debian mirror apt already uses (deb822 "URIs:" or one-line "deb").
mirror() {
	local m
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -n 's,^URIs:[[:space:]]*\(\S*/debian\)/\?$,\1,p' | head -1)
	[ -n "$m" ] || m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		sed -n 's,^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\(\S*/debian\)/\?[[:space:]].*,\2,p' | head -1)
	echo "${m:-http://deb.debian.org/debian}"
}
MIRROR=${FRESH_MIRROR:-$(mirror)}

mkdir -p "$BUILD"
LOG=$TOP/$BUILD/fresh.log
: >"$LOG"
ROOT=$(mktemp -d /var/tmp/zt-fresh-root.XXXXXX) || die "mktemp"
MOUNTS=""
# in_chroot: the PIDs of the processes whose root is $ROOT (ours: they
# were started in it by this script).
in_chroot() {
	find /proc -mindepth 2 -maxdepth 2 -name root -lname "$ROOT" 2>/dev/null |
		cut -d/ -f3
}
cleanup() {
	local m p
	# Interrupted: whatever still runs in the root goes first.
	for p in $(in_chroot); do kill -KILL "$p" 2>/dev/null; done
	for m in $MOUNTS; do umount -l "$m" 2>/dev/null; done
	if [ "${FRESH_KEEP:-0}" = 1 ]; then
		say "root kept in $ROOT"
	else
		# Nothing may still be mounted below it when it is removed.
		grep -q " $ROOT/" /proc/mounts || rm -rf --one-file-system "$ROOT"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mnt() { # mnt DIR MOUNT-ARGS...: mounted now, unmounted at exit (last first)
	local d=$ROOT$1
	shift
	{ [ -e "$d" ] || mkdir -p "$d"; } && mount "$@" "$d" && MOUNTS="$d $MOUNTS"
}

# 1. A minbase Debian 12, from the cache when there is one.
TARBALL=${CACHE:+$CACHE/$SUITE-minbase.tar}
if [ -n "$TARBALL" ] && [ -s "$TARBALL" ]; then
	say "minbase $SUITE from $TARBALL"
	tar -C "$ROOT" -xf "$TARBALL" || die "cannot unpack $TARBALL"
else
	say "debootstrap --variant=minbase $SUITE from $MIRROR"
	debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >>"$LOG" 2>&1 ||
		{ tail -20 "$LOG"; die "debootstrap failed (log: $LOG)"; }
	if [ -n "$TARBALL" ]; then
		mkdir -p "$CACHE" && tar -C "$ROOT" -cf "$TARBALL.tmp" . &&
			mv "$TARBALL.tmp" "$TARBALL"
	fi
fi

# mktemp made it 0700 (and a tarball of such a root keeps that): as / of
# the root it must let other users in (the tests run programs as nobody).
chmod 755 "$ROOT"

# 2. The root a mount point of its own, as / is on a machine (unshare
# --mount makes / private, which fails on a plain directory); then the
# kernel's file systems and name resolution.
mnt / --bind "$ROOT" || die "cannot bind the root onto itself"
mnt /proc -t proc proc || die "cannot mount /proc"
mnt /sys -t sysfs -o ro sysfs || die "cannot mount /sys"
mnt /dev/pts -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts || die "cannot mount devpts"
touch "$ROOT/dev/ptmx" 2>/dev/null
mnt /dev/ptmx --bind "$ROOT/dev/pts/ptmx" || die "cannot bind ptmx"
mnt /dev/shm -t tmpfs -o mode=1777 shm || die "cannot mount /dev/shm"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null

# A chroot has no init: packages must not start services in it (the
# usual policy-rc.d of chroots; Debian's postinst scripts obey it).
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"

# 3. Only make, as the README says.
in_root() {
	chroot "$ROOT" /usr/bin/env -i HOME=/root TERM="${TERM:-xterm}" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"
}
say "apt-get install make"
{ in_root apt-get update -qq && in_root apt-get install -y -qq make; } >>"$LOG" 2>&1 ||
	{ tail -20 "$LOG"; die "cannot install make in the root"; }

# 4. The tree as it is now (without builds or .git), its version written
# where make dist writes it.
mkdir -p "$ROOT/root/zombietop"
tar -C "$TOP" --exclude=./.git --exclude="./$BUILD" --exclude='./build*' \
	--exclude=./zombietop -cf - . | tar -C "$ROOT/root/zombietop" -xf - ||
	die "cannot copy the tree"
make -s --no-print-directory version >"$ROOT/root/zombietop/.version" 2>/dev/null ||
	rm -f "$ROOT/root/zombietop/.version"

# 5. What a newcomer types.
say "make $TARGET in the fresh root (log: $LOG)"
start=$SECONDS
timeout -k 10 "${FRESH_TIMEOUT:-5400}" chroot "$ROOT" /usr/bin/env -i HOME=/root \
	TERM="${TERM:-xterm}" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	sh -c "cd /root/zombietop && make $TARGET" </dev/null >>"$LOG" 2>&1
rc=$?
say "make $TARGET exited $rc after $((SECONDS - start)) s"
# What failed or skipped, and the suite's result line (make's own error
# line comes after it when a test failed).
grep -E '^(not ok|skip) - ' "$LOG"
grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$LOG" | tail -1 |
	grep . || tail -1 "$LOG"
exit $rc
}
