# SPDX-License-Identifier: GPL-2.0-or-later
# tmux helpers of the TUI tests: one private server per script (its name in
# T_TMUX, so lib.sh's cleanup kills it), screens read back with
# capture-pane and polled for markers instead of fixed sleeps.

T_TMUX=zt-$$
ZT_ABS=$(cd "$(dirname "$ZT")" && pwd)/$(basename "$ZT")

tm() { tmux -L "$T_TMUX" "$@"; }

# tm_shell W H: a session running an interactive bash with a known prompt,
# in a UTF-8 locale, in the suite's working directory.
tm_shell() {
	tmux -L "$T_TMUX" -f /dev/null new-session -d -x "$1" -y "$2" \
		-c "$PWD" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e TERM=screen \
		"env PS1='zt-prompt\$ ' bash --norc --noprofile -i"
	T_TMUX_PID=$(tm display-message -p '#{pid}')
	wait_for 20 screen_has '^zt-prompt\$ ?$'
}

# run_line TEXT: types a command line and Enter.
run_line() { tm send-keys -l "$1" && tm send-keys Enter; }

screen() { tm capture-pane -p; }

# screen_has ERE: true when a line of the screen matches. The pattern goes
# through a file: on the command line of a grep it would be on the screen
# of a view that shows the test's own processes, and match itself.
screen_has() {
	printf '%s\n' "$1" >"$T_TMP/screen.pat"
	screen | grep -qE -f "$T_TMP/screen.pat"
}

screen_lacks() { ! screen_has "$1"; }

# wait_screen ERE [SECONDS]: polls the screen for the pattern.
wait_screen() { wait_for "${2:-30}" screen_has "$1"; }

wait_gone() { wait_for "${2:-30}" screen_lacks "$1"; }

alt_screen() { tm display-message -p '#{alternate_on}'; }

# zt_start ARGS...: starts zombietop from the shell, its PID in ZT_PID, and
# waits for the header. The shell prints zt-exit=STATUS when it ends.
zt_start() {
	rm -f "$T_TMP/zt.pid"
	run_line "clear; echo before-zt; sh -c 'echo \$\$ >$T_TMP/zt.pid; exec $ZT_ABS $*'; echo zt-exit=\$?"
	wait_for 20 test -s "$T_TMP/zt.pid" || return 1
	ZT_PID=$(cat "$T_TMP/zt.pid")
	wait_screen '^Zombies: [0-9]+'
}

# screen_dump NAME: keeps the screen for a failure message.
screen_dump() { screen >"$T_TMP/$1.screen"; sed 's/^/# /' "$T_TMP/$1.screen"; }

# expect NAME ERE [SECONDS]: ok when the pattern shows up on the screen.
expect() {
	if wait_screen "$2" "${3:-30}"; then ok "$1"; else
		fail "$1 (no /$2/)"
		screen_dump fail
	fi
}

# expect_not NAME ERE: ok when the pattern is (or soon is) off the screen.
expect_not() {
	if wait_gone "$2" "${3:-30}"; then ok "$1"; else
		fail "$1 (still /$2/)"
		screen_dump fail
	fi
}

# click X Y: a left click at column X, line Y (from 0) as an xterm (X10
# encoding) mouse report typed into the pane: press, then release.
click() {
	local b
	for b in 0 3; do
		tm send-keys -l "$(printf '\e[M%b%b%b' \
			"\\x$(printf %x $((32 + b)))" \
			"\\x$(printf %x $((33 + $1)))" \
			"\\x$(printf %x $((33 + $2)))")"
	done
}

# line_of ERE: the screen line (from 0) of the first match.
line_of() { screen | grep -nE -m1 -- "$1" | cut -d: -f1 | awk '{print $1 - 1}'; }

# start NAME CMD...: a helper printing its PIDs on its first line; sets
# ZPARENT and ZKIDS like zmaker.
start() {
	local name=$1
	shift
	(exec "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err" </dev/null) &
	track $!
	disown $!
	wait_for 10 test -s "$T_TMP/$name.out" || { fail "$name did not start"; return 1; }
	read -r ZPARENT rest <"$T_TMP/$name.out"
	[ "$ZPARENT" = READY ] && read -r ZPARENT rest <<<"$rest"
	read -r -a ZKIDS <<<"$rest"
}

# goto PID: the exact-PID search, then checks the panel names it; again
# while the view has not yet refreshed since the process appeared.
goto() {
	local end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		tm send-keys / && tm send-keys -l "$1" && tm send-keys Enter
		wait_screen "^ PID $1 " 2 && return 0
	done
	return 1
}

# resize W H: the window (tmux 3.x) or the pane, again until tmux says
# the window has that size (one resize was seen not to take under ASan).
window_is() { [ "$(tm display -p '#{window_width}x#{window_height}')" = "$1x$2" ]; }
resize() {
	local i
	for i in 1 2 3 4 5; do
		tm resize-window -x "$1" -y "$2" 2>/dev/null || tm resize-pane -x "$1" -y "$2"
		wait_for 2 window_is "$1" "$2" && return 0
	done
	return 1
}
