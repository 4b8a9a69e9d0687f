# SPDX-License-Identifier: GPL-2.0-or-later
# The footer's key hints at 120x40, 80x24 and 40x10 (issue 20): the keys
# of issue 20 (F2 setup, F7/F8 nice, u, H, e) where they fit, F1 and F10
# always, what does not fit left out whole (no hint cut in half), and a
# click lands on the hint drawn under it at every width.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

zmaker footer exit:1 || finish
P=$ZPARENT

footer() { screen | tail -n 1; }
footer_is() { [ "$(footer | sed 's/ *$//')" = "$1" ]; }

# check NAME TEXT: the footer line reads TEXT (polled: a start-up message
# may hold the line for a moment).
check() {
	if wait_for 20 footer_is "$2"; then ok "$1"; else
		fail "$1: footer is '$(footer)'"
	fi
}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$P" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }

check "120x40: every F key, the zombie keys, u, H, L and e" \
	"F1Help F2Setup F3Search F4Filter F5Tree F6Sort F7Nice- F8Nice+ F9Kill zZombies ZNext-Z uUser HThreads LLog eEnv F10Quit"
# HThreads starts at column 93 at this width.
click 94 39
expect "120x40: a click on HThreads shows the threads" "showing user threads" 10
tm send-keys H

resize 80 24
check "80x24: the F keys that fit, z and Z, F10 last" \
	"F1Help F2Setup F3Search F4Filter F5Tree F6Sort F9Kill zZombies ZNext-Z F10Quit"
click 72 23
expect "80x24: a click on F10Quit quits" "zt-exit=0" 10

zt_start -p "$P" -d 5 || { fail "zombietop did not restart"; finish; }
resize 40 10
check "40x10: help, setup, kill, zombies, quit" \
	"F1Help F2Setup F9Kill zZombies F10Quit"
click 8 9
expect "40x10: a click on F2Setup opens the setup" "^Setup \(F2\)" 10
tm send-keys Escape
expect_not "the setup closes" "^Setup \(F2\)"
tm send-keys q
wait_screen "zt-exit=0" 10
finish
