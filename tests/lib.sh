# SPDX-License-Identifier: GPL-2.0-or-later
# Shared shell functions of the integration and TUI tests. A test script
# sources this, calls ok / fail / skip once per case and `finish` at the end.
# Every process a test starts is registered with `track` and killed by PID
# (never by name) when the script exits.

BUILD=${BUILD:-build}
# One locale whatever the caller's (a fresh Debian has no LANG at all):
# C.UTF-8, built into glibc, no locales package. A test that wants another
# sets LC_ALL for that one command.
export LC_ALL=C.UTF-8
ZT=${ZT:-$BUILD/zombietop}
HELPERS=${HELPERS:-$BUILD/helpers}
T_TMP=$(mktemp -d /tmp/zt-test.XXXXXX)
chmod 755 "$T_TMP"
# The view's setup file (F2) is the test's own, never the user's.
export XDG_CONFIG_HOME=$T_TMP/config
T_PIDS=""
T_FAILED=0

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; T_FAILED=1; }
skip() { echo "skip - $*"; }

# assert NAME COMMAND...: ok when the command succeeds.
assert() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

track() { T_PIDS="$T_PIDS $*"; }

cleanup() {
	local p
	for p in $T_PIDS; do kill -KILL "$p" 2>/dev/null; done
	if [ -n "${T_TMUX:-}" ]; then
		tmux -L "$T_TMUX" kill-server 2>/dev/null
		# The server exits after kill-server returns: let it go first.
		[ -n "${T_TMUX_PID:-}" ] &&
			wait_for 10 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
	fi
	rm -rf "$T_TMP"
}
trap cleanup EXIT

# wait_for SECONDS COMMAND...: polls until the command succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}

# zmaker NAME SPEC...: starts a zombie maker; sets ZPARENT and ZKIDS (array).
zmaker() {
	local out=$T_TMP/$1.out
	shift
	(cd "$T_TMP" && exec "$OLDPWD/$HELPERS/zmaker" "$@" >"$out" </dev/null) &
	track $!
	disown $!
	wait_for 10 test -s "$out" || { fail "zmaker did not start"; return 1; }
	read -r ZPARENT rest <"$out"
	read -r -a ZKIDS <<<"$rest"
}

# json_once [ARGS...]: zombietop --once --json into $T_TMP/once.json.
json_once() { "$ZT" --once --json "$@" >"$T_TMP/once.json"; }

# jqt FILTER: true when jq says the filter is true for once.json.
jqt() { jq -e "$1" "$T_TMP/once.json" >/dev/null; }

# is_zombie PID: true while PID is a zombie; gone PID: no longer one.
is_zombie() { [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ]; }
gone() { ! is_zombie "$1"; }

finish() { exit $T_FAILED; }
