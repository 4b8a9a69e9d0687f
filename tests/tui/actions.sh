# SPDX-License-Identifier: GPL-2.0-or-later
# The action keys under tmux, against real parents: c on a parent that
# reaps on SIGCHLD (zreaper) and on one that never waits (zmaker), K with
# its dialog (n sends nothing, y kills; a subreaper of the test inherits
# and is named), Space tags covering two parents, the event log (L) with
# each reap once, R (ptrace) on a sleeping parent (zblock), and the safety
# rules refusing zombietop's own shell.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

start reaper "$HELPERS/zreaper" exit:3 || finish
RP=$ZPARENT RZ=${ZKIDS[0]}
zmaker idle exit:4 || finish
IP=$ZPARENT IZ=${ZKIDS[0]}

tm_shell 220 45 || { fail "tmux shell did not start"; finish; }
# Only this test's processes: its own subtree (the helpers) and the
# pane's shell (zombietop and its parent, for the safety rules).
zt_start -d 5 -p "$$,$(tm display-message -p '#{pane_pid}')" ||
	{ fail "zombietop did not start"; screen_dump start; finish; }

# 1. c on a zombie whose parent reaps on SIGCHLD.
assert "c: the zombie is selected" goto "$RZ"
tm send-keys c
expect "c: the outcome line" "SIGCHLD to $RP: 1 of 1 zombie reaped in [0-9.]+ s; zombie $RZ reaped by its parent $RP \(zreaper\)"
assert "c: the zombie is gone" wait_for 20 gone "$RZ"
expect_not "c: its row is gone" "^ *$RZ +root +Z "

# 2. c on a parent with the default disposition: still a zombie, try t.
assert "c (default): the zombie is selected" goto "$IZ"
tm send-keys c
# The hint comes from the predictions: ptrace keeps the parent running.
expect "c (default): still a zombie, try R or t" "SIGCHLD to $IP: 0 of 1 zombie reaped .*zombie $IZ: still a zombie; the parent did not reap it: try R \(ptrace: the parent keeps running\)"
expect "c (default): ... or t" "or t \(SIGTERM\)"
assert "c (default): still a zombie" is_zombie "$IZ"

# 3. K: the dialog names the target; n sends nothing.
assert "K: the parent is selected" goto "$IP"
tm send-keys K
expect "K: the dialog asks" "Send SIGKILL to 1 process\?"
expect "K: the dialog names the target" "Target: $IP .*zmaker.*\(user root\)"
expect "K: zombies and live children counted" "its 1 zombie and 0 live children go to a new parent"
expect "K: the prediction of the diagnosis" "Prediction: "
tm send-keys n
expect "n: nothing sent" "nothing sent"
assert "n: the parent lives" kill -0 "$IP"
assert "n: still a zombie" is_zombie "$IZ"

# 4. K confirmed on a parent under a subreaper of the test that reaps
# after a second: the report names it as the new reaper.
(exec "$HELPERS/zreaper" --adopt 1000 -- "$HELPERS/zmaker" exit:5 >"$T_TMP/adopt.out" 2>"$T_TMP/adopt.err" </dev/null) &
A=$!
track $A
disown $A
wait_for 10 test -s "$T_TMP/adopt.out" || fail "adopt did not start"
read -r KP KZ <"$T_TMP/adopt.out"
track "$KP"
assert "K (yes): the parent is selected" goto "$KP"
tm send-keys K
expect "K (yes): the dialog names it" "Target: $KP "
tm send-keys y
expect "K (yes): reaped by the new parent, named" "SIGKILL to $KP: 1 of 1 zombie reaped in [0-9.]+ s; zombie $KZ reaped by $A \(zreaper\), its new parent after $KP exited"
assert "K (yes): the parent is dead" wait_for 20 sh -c "! kill -0 $KP 2>/dev/null || [ \"\$(sed 's/.*) //' /proc/$KP/stat | cut -c1)\" = Z ]"
assert "K (yes): the zombie is gone" wait_for 20 gone "$KZ"
wait_for 20 sh -c "! kill -0 $A 2>/dev/null"

# 5. Space tags zombies of two parents; one c signals both.
start t1 "$HELPERS/zreaper" exit:6 || finish
P1=$ZPARENT Z1=${ZKIDS[0]}
start t2 "$HELPERS/zreaper" exit:7 || finish
P2=$ZPARENT Z2=${ZKIDS[0]}
assert "tags: the first zombie is selected" goto "$Z1"
tm send-keys Space
expect "tags: the row is marked" "^\* *$Z1 "
assert "tags: the second zombie is selected" goto "$Z2"
tm send-keys Space
expect "tags: the second row is marked" "^\* *$Z2 "
tm send-keys c
assert "tags: the first zombie is reaped" wait_for 20 gone "$Z1"
assert "tags: the second zombie is reaped" wait_for 20 gone "$Z2"
assert "tags: reaped by their own parents" wait_for 20 sh -c "grep -q '^reaped $Z1 ' '$T_TMP/t1.err' && grep -q '^reaped $Z2 ' '$T_TMP/t2.err'"
expect "tags: the outcome line" "SIGCHLD to 2 parents: 2 of 2 zombies reaped"

# 6. L: the event log, each reap once (outcome and refresh agree). Other
# processes of the machine log too: the filter (\) narrows the page.
# Wait for a refresh or two after the reaps, then open it.
sleep 1.5
logfilter() {
	tm send-keys '\' && tm send-keys Escape && tm send-keys '\'
	tm send-keys -l "$1" && tm send-keys Enter
	wait_screen "^Event log: [0-9]+ events? matching the filter" 10
}
tm send-keys L
expect "L: the log opens" "^Event log: [0-9]+ events"
assert "L: the filter narrows it" logfilter zreaper
expect "L: the action on the parent" "action on $RP \(zreaper\): sent SIGCHLD to $RP"
expect "L: the reap with its reaper" "zombie $RZ \(zreaper\) reaped by $RP"
expect "L: both tagged parents signalled" "action on $P2 \(zreaper\): sent SIGCHLD"
n=$(screen | grep -cE "zombie $Z1 \([^)]*\) reaped by")
assert "L: the reap of $Z1 is logged once ($n)" test "$n" = 1
n=$(screen | grep -cE "zombie $RZ \([^)]*\) reaped by")
assert "L: the reap of $RZ is logged once ($n)" test "$n" = 1
assert "L: another filter" logfilter "$IZ"
expect "L: the zombie that was there" "zombie $IZ \(zmaker\) (present|appeared)"
tm send-keys Escape
expect_not "Esc: the log closes" "^Event log: "
tm send-keys Escape
# The filter kept only $IZ and its ancestors: a search finds a process off
# that branch only once the filter is gone (the whole machine is shown, so
# a row's place on screen is not asserted).
assert "Esc: the filter is cleared" goto "$P1"

# 7. Safety: zombietop's own shell is an ancestor, refused with a message;
# the dialog says so and offers the override only there.
SH=$(awk '{print $4}' "/proc/$ZT_PID/stat")
assert "safety: the shell is selected" goto "$SH"
tm send-keys c
expect "safety: c is refused with a message" "refused: $SH .*is an ancestor of zombietop"
tm send-keys t
expect "safety: the dialog says why" "SAFETY: refused: $SH "
expect "safety: the override is offered" "o: override and send"
tm send-keys y
expect "safety: y does not send it" "SAFETY: refused"
tm send-keys Escape
expect "safety: Esc sends nothing" "nothing sent"
assert "safety: the shell lives" kill -0 "$SH"

# 8. R: a parent asleep in nanosleep reaps its zombie by ptrace.
start block "$HELPERS/zblock" sleep 60 || finish
BP=$ZPARENT BZ=${ZKIDS[0]}
assert "R: the zombie is selected" goto "$BZ"
tm send-keys R
if wait_screen "R refused.*(not permitted|Yama)" 3; then
	skip "R: ptrace is not permitted here"
else
	expect "R: the dialog" "Reap through the parent by ptrace\?"
	expect "R: the dialog names the parent" "Parent: $BP .*zblock"
	expect "R: the ECHILD hazard" "wait for this child will fail with ECHILD"
	expect "R: the EINTR hazard" "A non-restartable call the parent is blocked in"
	tm send-keys y
	expect "R: reaped by its parent" "ptrace: zombie $BZ reaped by its parent $BP"
	assert "R: the zombie is gone" wait_for 20 gone "$BZ"
	assert "R: the parent still sleeps" kill -0 "$BP"
fi
assert "R on a live process: a message" goto "$BP"
tm send-keys R
expect "R on a live process: a message" "R reaps a zombie: select a zombie row"

tm send-keys q
expect "q quits" "^zt-exit=0$"
kill "$BP" "$IP" "$P1" "$P2" "$RP" 2>/dev/null
finish
