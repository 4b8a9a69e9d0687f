# SPDX-License-Identifier: GPL-2.0-or-later
# The view's time axis (issue 17), read back from the terminal at 120x40
# and 80x24: the header's events word, an exact AGE (no '>'), the panel's
# exit time of a zombie against the time its child noted before _exit
# (20 ms), the reap statistics of a parent that reaps each child 150 ms
# late (the line, and a median of 100 to 299 ms: the accuracy is the
# table's tests' business, on a loaded machine), and W (worst reapers
# first: before a parent that reaps at once and has the lower PID). Only
# the test's own processes (-p).
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

ZL=$PWD/$HELPERS/zlag

# ms_of_day HH:MM:SS.mmm
ms_of_day() { awk -F'[:.]' '{ print (($1 * 60 + $2) * 60 + $3) * 1000 + $4 }' <<<"$1"; }

# near_ms A B MS: the two times of day are at most MS apart.
near_ms() {
	local a b
	a=$(ms_of_day "$1")
	b=$(ms_of_day "$2")
	awk -v a="$a" -v b="$b" -v m="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= m) }'
}

# exit_time_ok Z: the panel's "When: exited T (exact)" of zombie Z is
# within 20 ms of the time Z noted just before _exit; when the machine
# held Z longer than that before it exited, between that note and the one
# its parent wrote once waitid saw the exit.
exit_time_ok() {
	local shown noted seen sec
	shown=$(screen | sed -n 's/^When: exited \([0-9:.]*\) (exact).*/\1/p' | head -1)
	sec=$(awk -v z="$1" '$1 == "exit" && $2 == z { print $3 }' "$T_TMP/zl.err")
	[ -n "$shown" ] && [ -n "$sec" ] || return 1
	noted=$(date -d "@$sec" +%H:%M:%S.%3N)
	sec=$(awk -v z="$1" '$1 == "seen" && $2 == z { print $3 }' "$T_TMP/zl.err")
	seen=$(date -d "@$sec" +%H:%M:%S.%3N)
	echo "# exit time shown $shown, noted by the child $noted, seen by the parent $seen"
	near_ms "$shown" "$noted" 20 && return 0
	near_ms "$seen" "$noted" 20 && return 1
	[ "$(ms_of_day "$shown")" -ge "$(($(ms_of_day "$noted") - 2))" ] &&
		[ "$(ms_of_day "$shown")" -le "$(($(ms_of_day "$seen") + 2))" ]
}

# panel_of PID: the exact-PID search, then Enter when the panel is not
# docked (under 30 lines) and so not shown yet.
panel_of() {
	local i
	for i in 1 2 3 4 5; do
		tm send-keys / && tm send-keys -l "$1" && tm send-keys Enter
		wait_screen "^ PID $1 " 2 && return 0
		screen_has '^ PID [0-9]+ ' || tm send-keys Enter
		wait_screen "^ PID $1 " 2 && return 0
	done
	return 1
}

# first_row_is PID: the first process row under the column titles.
first_row_is() {
	screen | grep -A1 -m1 -E '^ +PID USER' | tail -1 | grep -qE "^ *$1 "
}

one_size() {
	local w=$1 h=$2 at="${1}x$2"
	rm -f "$T_TMP"/zf.* "$T_TMP"/zl.* # start polls for its output
	start zf "$ZL" 3 0 0 || return
	F=$ZPARENT
	track "$F"
	start zl "$ZL" 10 150 2 || return
	P=$ZPARENT
	track "$P"
	resize "$w" "$h"
	zt_start -p "$F,$P" -d 10 || { fail "$at: zombietop did not start"; screen_dump start; return; }
	if screen_has 'events: off'; then
		ok "$at: the header says events are off ($(screen | grep -o 'events: off[^ ]*'))"
		skip "$at: exact ages and reap statistics need kernel process events"
		tm send-keys q
		kill -KILL "$F" "$P"
		return
	fi
	expect "$at: the header says events: on" 'events: on( |$)'
	kill -USR1 "$F" "$P"
	wait_for 30 grep -q '^zombies ' "$T_TMP/zl.out" || { fail "$at: zlag made no zombies"; return; }
	read -r _ Z1 Z2 < <(grep '^zombies ' "$T_TMP/zl.out")
	track "$Z1" "$Z2"
	expect "$at: AGE of an exact zombie has no '>'" "^ *$Z1 +[^ ]+ +Z +0 +[0-9]\.[0-9]s "
	assert "$at: the zombie's panel" panel_of "$Z1"
	if wait_for 10 exit_time_ok "$Z1"; then
		ok "$at: panel: exited HH:MM:SS.mmm (exact), within 20 ms of the child's own time"
	else
		fail "$at: panel exit time"
		screen_dump exit
	fi
	assert "$at: the parent's panel" panel_of "$P"
	expect "$at: parent's reap statistics (150 ms late)" \
		'^Reaps its children in [12][0-9][0-9] ms median, [0-9.]+ m?s p99; 0 of 10 waited > 1 s'
	expect "$at: and its leak rate (2 zombies kept)" '^Leak rate: [0-9.]+ zombies a minute'
	wait_for 30 grep -q '^zombies' "$T_TMP/zf.out" || fail "$at: the fast reaper did not finish"
	tm send-keys W
	expect "$at: W: list mode" '\[list\]'
	if wait_for 10 first_row_is "$P"; then
		ok "$at: W: the late reaper is the first row (the fast one has PID $F, the late $P)"
	else
		fail "$at: W: the late reaper is not first"
		screen_dump worst
	fi
	tm send-keys q
	expect "$at: quit" "^zt-exit=0$"
	kill -KILL "$F" "$P"
}

# Events refused (a new network namespace): the header says why, short.
events_off() {
	resize "$1" "$2"
	run_line "clear; unshare -n $ZT_ABS -p $$ -d 10; echo zt-exit=\$?"
	# At 80 columns the why and the clock give way first when the load
	# figures are wide (a load of 825.12 on a busy machine): the word
	# stays.
	local why=' \(netns\)'
	local clock=' +[0-9:]+'
	[ "$1" -lt 100 ] && why='( \(netns\))?' clock='( +[0-9:]+)?'
	expect "$1x$2: in a network namespace the header says events: off (netns)" \
		"events: off$why$clock\$"
	tm send-keys q
	expect "$1x$2: quit" "^zt-exit=0$"
}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
one_size 120 40
one_size 80 24
if unshare -n true 2>/dev/null; then
	events_off 120 40
	events_off 80 24
else
	skip "unshare -n is not permitted here: the events-off header is not tested"
fi
finish
