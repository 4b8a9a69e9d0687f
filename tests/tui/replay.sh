# SPDX-License-Identifier: GPL-2.0-or-later
# --replay FILE in the view at 120x40 and 80x24, on a recording of the
# test's own zombie: the header says REPLAY with the recorded host and the
# first refresh's time; ) under -p skips the machine's other zombie
# events and lands where the zombie appears, and a second ) finds no more
# (, shows it alive one refresh before, .
# a zombie again); the event log holds the zombie's event at that refresh
# and not one refresh before, also when , and . step with the log open;
# g goes to a time; p plays to the end and
# pauses; an action key says
# "replay: actions are disabled" and sends nothing (the parent and its
# zombie are as they were).
. tests/lib.sh
. tests/tmuxlib.sh

F=$T_TMP/r.ztr
mkfifo "$T_TMP/fifo"
# P never waits (sh exec's sleep); its child C exits 5 when the test
# writes to the fifo, and stays a zombie of P.
(exec sh -c '(read x <"$1"; exit 5) & echo $$ $! >"$2"; exec sleep 600' \
	sh "$T_TMP/fifo" "$T_TMP/pc" </dev/null >/dev/null 2>&1) &
track $!
disown $!
wait_for 10 test -s "$T_TMP/pc" || { fail "the parent did not start"; finish; }
read -r P C <"$T_TMP/pc"
track "$C"

# last FIELD: jq FIELD of the recording's last refresh.
last() { "$ZT" --replay "$F" --once --json -p "$P" 2>/dev/null | jq -r "$1" 2>/dev/null; }
c_state() { last ".processes[] | select(.pid == $C) | .state"; }
refreshes() { last .replay.refreshes; }
more_than() { [ "$(refreshes)" -gt "$1" ] 2>/dev/null; }

"$ZT" --record "$F" -d 2 2>"$T_TMP/rec.err" &
REC=$!
track $REC
assert "recorded: the child alive" wait_for 20 sh -c "[ \"\$(\"$ZT\" --replay '$F' --once --json -p $P 2>/dev/null | jq -r '.processes[] | select(.pid == $C) | .state')\" = S ]"
wait_for 20 more_than 2
# Q, outside P's tree, holds a zombie recorded before C's: ) under -p
# must pass over it.
(exec sh -c 'true & exec sleep 600' </dev/null >/dev/null 2>&1) &
Q=$!
track $Q
disown $Q
assert "recorded: a zombie outside -p's tree first" wait_for 20 sh -c "\"$ZT\" --replay '$F' --once --json 2>/dev/null | jq -e '[.processes[] | select(.ppid == $Q and .state == \"Z\")] | length == 1' >/dev/null"
echo go >"$T_TMP/fifo"
assert "the child is a zombie" wait_for 10 is_zombie "$C"
assert "recorded: the zombie" wait_for 20 sh -c "[ \"\$(\"$ZT\" --replay '$F' --once --json -p $P 2>/dev/null | jq -r '.processes[] | select(.pid == $C) | .state')\" = Z ]"
n=$(refreshes)
wait_for 20 more_than "$n"
kill -INT $REC
wait $REC
N=$(refreshes)
T0=$(date -d "$("$ZT" --replay "$F" --once --json --at +0 | jq -r .replay.recorded_at)" '+%Y-%m-%d %H:%M:%S')
stat_of() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1; }
P_STAT=$(stat_of "$P")

row() { echo "^ +$C +[^ ]+ +$1 "; }
at() { screen | sed -n 's/.* refresh \([0-9]*\)\/[0-9]*$/\1/p' | head -1; }
# key K: sends K and waits for the header's refresh number to change.
key() {
	local was
	was=$(at)
	tm send-keys "$1"
	wait_for 5 sh -c "[ \"\$(tmux -L $T_TMUX capture-pane -p | sed -n 's/.* refresh \([0-9]*\)\/[0-9]*\$/\1/p' | head -1)\" != '$was' ]"
}
# log_has ERE / log_lacks ERE: the event log narrowed to the zombie's PID.
log_open() {
	tm send-keys L
	wait_screen "^Event log: " 5 || return 1
	tm send-keys '\'
	tm send-keys -l "$C"
	tm send-keys Enter
	wait_screen "^Event log: .*matching the filter" 5
}
log_close() {
	tm send-keys L
	wait_gone "^Event log: " 5
	tm send-keys Escape # the filter applies to the view too
}

replay_once() { # W H
	local w=$1 h=$2 k
	resize "$w" "$h"
	zt_start --replay "$F" -p "$P" -d 2 || { fail "${w}x$h: the replay did not start"; screen_dump start; return; }
	expect "${w}x$h: the header says REPLAY, the host, the first refresh's time" \
		"^zombietop REPLAY $(hostname) +$T0 +refresh 1/$N\$"
	expect "${w}x$h: paused on the first refresh" "^Tasks: .*\[paused\]"
	expect "${w}x$h: the child alive at the first refresh" "$(row S)"
	screen_lacks "$(row Z)" || fail "${w}x$h: a zombie at the first refresh"
	# One ) over the machine's zombie events, to the first under -p's.
	key ')'
	k=$(at)
	expect "${w}x$h: ) lands on the zombie, exit 5" "^ +$C +[^ ]+ +Z +5 "
	tm send-keys ')'
	expect "${w}x$h: no zombie event of -p's after it" "no zombie event after this refresh"
	assert "${w}x$h: and the cursor stays" test "$(at)" = "$k"
	log_open
	expect "${w}x$h: the log has its appearance" "zombie $C \(sh\) appeared, parent $P:"
	log_close
	key ','
	assert "${w}x$h: , is one refresh back" test "$(at)" = $((k - 1))
	expect "${w}x$h: one refresh before, the child was alive" "$(row S)"
	log_open
	expect "${w}x$h: the log up to that refresh has none of its events" "^Event log: 0 events matching"
	screen_lacks "zombie $C " || fail "${w}x$h: an event of the zombie before it appeared"
	log_close
	key '.'
	assert "${w}x$h: . is one refresh forward" test "$(at)" = "$k"
	expect "${w}x$h: the zombie again" "$(row Z)"
	# The time keys work with the log open, and the log follows them.
	log_open
	key ','
	expect "${w}x$h: , with the log open: none of its events" "^Event log: 0 events matching"
	key '.'
	expect "${w}x$h: . with the log open: its appearance again" "zombie $C \(sh\) appeared, parent $P:"
	log_close
	tm send-keys g
	expect "${w}x$h: g asks for a time" "^Go to"
	tm send-keys -l -- -0
	tm send-keys Enter
	expect "${w}x$h: g -0 goes to the last refresh" " refresh $N/$N\$"
	tm send-keys g
	tm send-keys -l +0
	tm send-keys Enter
	expect "${w}x$h: g +0 goes to the first refresh" " refresh 1/$N\$"
	tm send-keys p
	expect "${w}x$h: p plays to the last refresh" " refresh $N/$N\$"
	expect "${w}x$h: and pauses there" "end of the recording \(paused\)"
	tm send-keys g
	tm send-keys -l +0
	tm send-keys Enter
	expect "${w}x$h: g +0 again" " refresh 1/$N\$"
	# Actions: on the parent's row (the first) and the zombie's.
	tm send-keys Home
	for k in K t F9 c; do
		tm send-keys "$k"
		expect "${w}x$h: $k is refused" "replay: actions are disabled"
		tm send-keys C-l
		screen_lacks "SIGKILL|SIGTERM|Send signal" ||
			fail "${w}x$h: $k opened a dialog in replay"
	done
	tm send-keys H
	expect "${w}x$h: H says threads were not recorded" "replay: threads were not recorded"
	assert "${w}x$h: the parent is alive" kill -0 "$P"
	assert "${w}x$h: the parent's state is unchanged" test "$(stat_of "$P")" = "$P_STAT"
	assert "${w}x$h: the zombie is still there" is_zombie "$C"
	tm send-keys q
	expect "${w}x$h: zombietop quits" "^zt-exit=0"
}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
replay_once 120 40
replay_once 80 24
echo "not a recording" >"$T_TMP/junk"
run_line "clear; $ZT_ABS --replay $T_TMP/junk; echo zt-exit=\$?"
expect "not a recording: says so before the view starts" "junk: .*not a zombietop recording"
expect "not a recording: exit 1" "^zt-exit=1"
finish
