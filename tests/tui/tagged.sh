# SPDX-License-Identifier: GPL-2.0-or-later
# Tagged actions and what they report (issue 14, items 4, 8, 14, 19): c on
# zombies of two tagged parents counts both parents on the status line and
# logs each outcome in L; a long outcome wraps instead of being cut; the
# event log keeps the parent's name after R (ptrace); dialog continuation
# lines are indented, and the dialog of PID 1 does not hand its children
# to "else init".
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

logfilter() {
	tm send-keys '\' && tm send-keys Escape && tm send-keys '\'
	tm send-keys -l "$1" && tm send-keys Enter
	wait_screen "^Event log: [0-9]+ events? matching the filter" 10
}

start reaper "$HELPERS/zreaper" exit:1 exit:2 || finish
P1=$ZPARENT Z1=${ZKIDS[0]} Z1B=${ZKIDS[1]}
zmaker idle exit:3 exit:4 exit:5 || finish
P2=$ZPARENT Z2=${ZKIDS[0]}
zmaker idle2 exit:6 || finish
P3=$ZPARENT Z3=${ZKIDS[0]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$P1,$P2,$P3" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }

# 4: two tagged parents, one c: the status line counts both.
assert "4: a zombie of the reaping parent" goto "$Z1"
tm send-keys Space
assert "4: a zombie of the idle parent" goto "$Z2"
tm send-keys Space
expect "4: both rows are tagged" "^\* *$Z2 "
tm send-keys c
expect "4: the status line counts both parents" "SIGCHLD to 2 parents: [1-9][0-9]* of [2-9][0-9]* zombies reaped"
expect "4: and describes the first" "$P1: ([1-9]) of \\1, "
expect "4: and the second" "$P2: 0 of [1-9], "
assert "4: the reaping parent reaped" wait_for 20 gone "$Z1B"
assert "4: the idle one did not" is_zombie "$Z2"

# 14: a long outcome wraps onto a second line, its end on screen.
resize 80 24
tm send-keys Enter # the panel, for goto: not docked below 30 lines
assert "14: the second idle parent's zombie" goto "$Z3"
tm send-keys c
expect "14: 80 columns: the outcome begins" "^SIGCHLD to $P3: 0 of 1 zombie reaped"
expect "14: and its end is not cut" "\(SIGTERM\) *$"

# 4: each outcome in the event log, not only "sent".
resize 120 40
tm send-keys Enter # docked again
sleep 1
tm send-keys L
expect "4: L opens" "^Event log: [0-9]+ events"
assert "4: the filter narrows the log" logfilter "outcome of SIGCHLD"
expect "4: L: the outcome of the reaping parent" "action on $P1 \(zreaper\): outcome of SIGCHLD: ([1-9]) of \\1 zombies? reaped"
expect "4: L: the outcome of the idle parent" "action on $P2 \(zmaker\): outcome of SIGCHLD: 0 of [1-9] zombies? reaped"
expect "14: L: the long outcome" "action on $P3 \(zmaker\): outcome of SIGCHLD: 0 of 1 zombie reaped"
# whole_event: that event with its continuation lines (indented under its
# text) ends with the suggestion: L wraps, it does not cut.
whole_event() {
	screen | awk -v p="action on $P3 [(]zmaker[)]: outcome" '
		f && /^         [^ ]/ { t = t $0; next }
		f { exit }
		$0 ~ p { f = 1; t = $0 }
		END { gsub(/ +/, " ", t); exit !(t ~ /try R [(]ptrace.* or t [(]SIGTERM[)]/) }'
}
assert "14: L: the whole long outcome, wrapped" wait_for 10 whole_event
tm send-keys Escape
expect_not "L closes" "^Event log: "
tm send-keys Escape

# 19: continuation lines of a dialog are indented under their line.
assert "19: the idle parent" goto "$P2"
tm send-keys K
expect "19: the K dialog" "Send SIGKILL to 1 process"
expect "19: the hand-off line" "If it exits, its 3 zombies"
# indent_ok: the row after "If it exits" starts further right than it.
indent_ok() {
	screen | awk '/If it exits, its 3 zombies/ { match($0, /If it/); c = RSTART; getline; match($0, /[^ ]/); exit !(RSTART > c) }'
}
assert "19: the continuation is indented" indent_ok
tm send-keys n
expect "19: n sends nothing" "nothing sent"
assert "19: the parent lives" kill -0 "$P2"

# 8: after R, the log names the parent.
start block "$HELPERS/zblock" sleep 60 || finish
BP=$ZPARENT BZ=${ZKIDS[0]}
tm send-keys q
expect "8: restart" "^zt-exit=0$"
zt_start -p "$BP" -d 5 || { fail "zombietop did not start"; finish; }
assert "8: the zombie is selected" goto "$BZ"
tm send-keys R
if wait_screen "R refused.*(not permitted|Yama)" 3; then
	skip "8: ptrace is not permitted here"
else
	expect "8: the R dialog" "Reap through the parent by ptrace\?"
	tm send-keys y
	expect "8: reaped" "ptrace: zombie $BZ reaped by its parent $BP"
	tm send-keys L
	assert "8: the filter narrows the log" logfilter "ptrace"
	expect "8: L names the parent" "action on $BP \(zblock\): ptrace: zombie $BZ reaped"
	tm send-keys Escape
fi
tm send-keys q
expect "8: quit" "^zt-exit=0$"

# 19: the dialog of PID 1 does not send its children to init.
zt_start -p 1 -d 50 || { fail "zombietop -p 1 did not start"; finish; }
tm send-keys Home
expect "19: PID 1 is selected" "^ PID 1 "
tm send-keys t
expect "19: the dialog of PID 1" "Target: 1 "
expect "19: PID 1 is an init" "It is the init of its PID namespace"
# flat_lacks TEXT: not on the screen, even wrapped over lines.
flat_lacks() { ! screen | tr -s ' \n' '  ' | grep -qF -- "$1"; }
assert "19: no new parent for init's children" flat_lacks "subreaper, else init"
tm send-keys Escape
expect "19: Esc sends nothing" "nothing sent"
tm send-keys q
expect "q quits" "^zt-exit=0$"
kill "$P1" "$P2" "$P3" "$BP" 2>/dev/null
finish
