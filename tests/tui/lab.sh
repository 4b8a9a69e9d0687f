# SPDX-License-Identifier: GPL-2.0-or-later
# The classroom lab in the interactive view (--demo) under tmux: every
# scenario shows with its zombies, the lesson is in the panel, n makes a
# lab parent fork a new zombie, R respawns a scenario, c on one-per-signal
# reaps exactly one more, C on stopped clears them, and after q, SIGTERM
# or a crash no lab process and no zombie is left (checked by the session
# of the tmux shell, by the lab parents' process groups and by name).
. tests/lib.sh
. tests/tmuxlib.sh

# stat_rows: "PID PPID PGID SID STATE COMM" of every process, no fork per
# process (comm has no blank in the lab, others may be cut: unused).
stat_rows() {
	local f line
	local -a a
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		read -r -a a <<<"${line##*) }"
		local comm=${line#*(}
		echo "${line%% *} ${a[1]} ${a[2]} ${a[3]} ${a[0]} ${comm%)*}"
	done
}

# lab_pids SID: the lab-* processes of session SID (the tmux shell's).
lab_pids() { stat_rows | awk -v sid="$1" '$4 == sid && $6 ~ /^lab-/ {print $1}'; }

# lab_gone SID PID...: nothing named lab-* left in session SID, nothing
# left in the process groups of the given lab parents, and none of the
# PIDs alive (or a zombie) under a lab- name.
lab_gone() {
	local sid=$1 rows
	shift
	rows=$(stat_rows)
	awk -v sid="$sid" '$4 == sid && $6 ~ /^lab-/ {bad = 1} END {exit bad}' <<<"$rows" || return 1
	for p; do
		awk -v g="$p" '$3 == g {bad = 1} END {exit bad}' <<<"$rows" || return 1
		awk -v p="$p" '$1 == p && $6 ~ /^lab-/ {bad = 1} END {exit bad}' <<<"$rows" || return 1
	done
}

# zombie_kids PID: how many zombie children PID has, from /proc (not
# counting lab-leader-exit, whose state Z hides a live thread).
zombie_kids() { stat_rows | awk -v p="$1" '$2 == p && $5 == "Z" && $6 != "lab-leader-exit"' | grep -c .; }
zombie_kids_is() { [ "$(zombie_kids "$1")" = "$2" ]; }

# row_pid NAME: the PID on the screen row of lab process NAME.
row_pid() { screen | sed -nE "s/^ *([0-9]+) +root .*─ $1( |$).*/\1/p" | head -1; }

# goto NAME: selects the row of NAME through the search prompt.
goto() {
	tm send-keys / && tm send-keys -l "$1" && tm send-keys Enter
	wait_screen "^ PID [0-9]+  $1"
}

# start_lab ARGS: zombietop ARGS; LAB_PIDS, LAB_PARENTS (their groups).
# No meters: every lab row must fit on the 36 lines.
start_lab() {
	zt_start "$@" --no-meters || return 1
	SID=$(stat_rows | awk -v p="$ZT_PID" '$1 == p {print $4}')
	LAB_PARENTS=$(stat_rows | awk -v p="$ZT_PID" '$2 == p && $6 ~ /^lab-/ {print $1}')
	LAB_PIDS=$(lab_pids "$SID")
}

tm_shell 120 36 || { fail "tmux shell did not start"; finish; }
start_lab --demo || { fail "zombietop --demo did not start"; screen_dump start; finish; }
ok "zombietop --demo opens the view"
assert "alternate screen while running" test "$(alt_screen)" = 1
expect "the header says the lab keys" "\[lab: n fork, R respawn\]"
expect "the view shows zombietop's own subtree" "^ *$ZT_PID +root +[RS] .*zombietop --demo"

tm send-keys Enter # hide the docked panel: room for every row
expect "negligent holds 3 zombies" "─ lab-negligent  \[3 zombies\]"
expect "its children exited 1, 2 and 3" "^ *[0-9]+ +root +Z +3 .*─ lab-child  <zombie: exit 3>"
expect "one-per-signal holds 3 zombies" "─ lab-one-per-sig  \[3 zombies\]"
expect "correct has no zombie" "─ lab-correct$"
expect "ignores has no zombie" "─ lab-ignores$"
expect "stopped is stopped and holds 3 zombies" "^ *[0-9]+ +root +T .*─ lab-stopped  \[3 zombies\]"
expect "crashed-child holds 2 zombies" "─ lab-crashed  \[2 zombies\]"
expect "a child killed by SIGSEGV" "<zombie: killed by SIGSEGV"
expect "a child killed by SIGKILL" "<zombie: killed by SIGKILL>"
expect "leader-exited is marked, not a zombie" "─ lab-leader-exit  <leader exited, [0-9]+ threads? alive>"
expect "the orphan's child is zombietop's" "─ lab-orphaned$"
ORPH=$(row_pid lab-orphaned)
n=$(screen | grep -c '─ lab-child  <zombie: ')
assert "eleven lab zombies on screen ($n)" test "$n" = 11
tm send-keys Enter

expect "the cursor starts on a zombie of negligent" "^ PID [0-9]+  lab-child"
expect "the panel starts with the scenario's lesson" "^Lesson: \[negligent\] This parent calls fork\(\)"
expect "the panel still explains the zombie" "^Zombie: exit 1 "

goto lab-stopped
expect "the lab parent's panel has its lesson" "^Lesson: \[stopped\] This parent reaps correctly"

goto lab-negligent
NEG=$(row_pid lab-negligent)
assert "negligent parent has 3 zombie children in /proc" zombie_kids_is "$NEG" 3
tm send-keys n
expect "n: the lab parent is asked to fork" "lab-negligent \($NEG\) forks another child"
expect "n: the fourth zombie shows" "─ lab-negligent  \[4 zombies\]" 10
expect "n: with exit status 4" "─ lab-child  <zombie: exit 4>"
assert "n: 4 zombie children in /proc" zombie_kids_is "$NEG" 4

goto lab-one-per-sig
OPS=$(row_pid lab-one-per-sig)
# The actions on the lab: c (SIGCHLD) and C (SIGCONT) from the view.
assert "one-per-signal: 3 zombies in /proc" wait_for 10 zombie_kids_is "$OPS" 3
tm send-keys c
assert "c on one-per-signal reaps one zombie" wait_for 10 zombie_kids_is "$OPS" 2
sleep 1
assert "c: ...exactly one" zombie_kids_is "$OPS" 2
expect "c: the view shows 2 zombies left" "─ lab-one-per-sig  \[2 zombies\]"
tm send-keys c
assert "c again reaps one more" wait_for 10 zombie_kids_is "$OPS" 1
# The outcome of c is followed for 3 s on the status line; R's message
# would be overwritten by it.
sleep 4

goto lab-one-per-sig
tm send-keys R
expect "R: the scenario respawns" "one-per-signal respawned"
assert "R: the old lab parent is gone" wait_for 20 lab_gone none "$OPS"
goto lab-one-per-sig
expect "R: a new lab parent with its 3 zombies" "^ *[0-9]+ +root +S .*─ lab-one-per-sig  \[3 zombies\]"
NEW=$(row_pid lab-one-per-sig)
assert "R: under a new PID ($OPS -> $NEW)" test -n "$NEW" -a "$NEW" != "$OPS"

goto lab-stopped
STOP=$(row_pid lab-stopped)
assert "stopped: 3 zombies in /proc" zombie_kids_is "$STOP" 3
tm send-keys C
assert "C on stopped clears its zombies" wait_for 10 zombie_kids_is "$STOP" 0
expect "C: the parent runs again and holds none" "^ *$STOP +root +S .*─ lab-stopped$"

# The orphan exits 30 s after the start; zombietop, its new parent, reaps
# it. Waited for here so that its message cannot hide the next one.
assert "the orphan is reaped by zombietop when it exits" wait_for 60 lab_gone none "$ORPH"
kill -TERM "$NEG"
# One message for the lot, or (a loaded machine reaps them over several
# ticks) one per child: "reaped PID lab-child (negligent)".
expect "SIGTERM to negligent: zombietop says it reaped them" "zombietop \(subreaper\) reaped [0-9]+(; last)? lab-child \(negligent\)"
expect_not "the negligent subtree is gone" "─ lab-negligent"
assert "no zombie of negligent is left" wait_for 10 lab_gone none "$NEG"
assert "zombietop holds no zombie child" wait_for 10 zombie_kids_is "$ZT_PID" 0

tm send-keys Home R
expect "R on zombietop's row restarts the lab" "lab restarted"
expect "negligent is back with 3 zombies" "─ lab-negligent  \[3 zombies\]"
LAB_PARENTS="$LAB_PARENTS $(stat_rows | awk -v p="$ZT_PID" '$2 == p && $6 ~ /^lab-/ {print $1}')"
LAB_PIDS="$LAB_PIDS $(lab_pids "$SID")"

tm send-keys q
expect "q: zombietop exits 0" "^zt-exit=0$"
# shellcheck disable=SC2086
assert "q: no lab process and no zombie left" wait_for 20 lab_gone "$SID" $LAB_PARENTS $LAB_PIDS

start_lab --demo || { fail "zombietop --demo did not start again"; finish; }
assert "SIGTERM: the lab is running" test -n "$LAB_PIDS"
kill -TERM "$ZT_PID"
expect "SIGTERM: zombietop exits 143" "^zt-exit=143$"
# shellcheck disable=SC2086
assert "SIGTERM: no lab process and no zombie left" wait_for 20 lab_gone "$SID" $LAB_PARENTS $LAB_PIDS

start_lab --demo=negligent,stopped || { fail "zombietop --demo=... did not start"; finish; }
n=$(echo "$LAB_PARENTS" | grep -c .)
assert "--demo=negligent,stopped starts two lab parents ($n)" test "$n" = 2
kill -SEGV "$ZT_PID"
expect "crash: zombietop dies by SIGSEGV" "^zt-exit=139$"
# shellcheck disable=SC2086
assert "crash: no lab process and no zombie left" wait_for 30 lab_gone "$SID" $LAB_PARENTS $LAB_PIDS
finish
