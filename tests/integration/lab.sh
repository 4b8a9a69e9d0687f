# SPDX-License-Identifier: GPL-2.0-or-later
# The classroom lab: every scenario as seen by --demo --once --json, a
# subset, --hold with signals sent by hand (one-per-signal, fork requests,
# SIGTERM to a negligent parent, the orphan), and no lab process left when
# zombietop ends, also when it is killed with SIGKILL. zombietop runs under
# setsid, so everything the lab starts is found by its session too.
. tests/lib.sh

# pids_with FIELD VALUE...: PIDs whose /proc/PID/stat field FIELD (numbered
# as in proc(5), 3 or more) is one of the VALUEs. No fork per process.
pids_with() {
	local field=$1 f line want
	local -a a
	shift
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		read -r -a a <<<"${line##*) }"
		for want; do
			if [ "${a[field - 3]}" = "$want" ]; then
				f=${f#/proc/}
				echo "${f%/stat}"
			fi
		done
	done
}

# zombies_of PID: the zombie children of PID.
zombies_of() {
	local f line
	local -a a
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		read -r -a a <<<"${line##*) }"
		[ "${a[0]}" = Z ] && [ "${a[1]}" = "$1" ] && echo "${line%% *}"
	done
}

# lab_gone SID PID...: nothing left in session SID, in the process groups
# of the given lab parents, nor any of these PIDs alive under a lab- name.
lab_gone() {
	local sid=$1 p comm
	shift
	[ -z "$(pids_with 6 "$sid")" ] || return 1
	[ -z "$(pids_with 5 "$@")" ] || return 1
	for p; do
		comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
		case $comm in lab-*) return 1 ;; esac
	done
}

# json_ready FILE: FILE holds a whole document (jq accepts empty input).
json_ready() { [ -s "$1" ] && jq -e '.version == 2' "$1" >/dev/null 2>&1; }

# Queries on once.json: Z is zombietop's PID.
parent_of() { jq -r ".processes[] | select(.comm == \"$1\" and .ppid == $Z) | .pid" "$T_TMP/once.json"; }
kids() { echo "[.processes[] | select(.ppid == $1)]"; }
zkids() { echo "[.processes[] | select(.ppid == $1 and .state == \"Z\")]"; }

mkdir "$T_TMP/tmpdir"
TMPDIR=$T_TMP/tmpdir setsid "$ZT" --demo --once --json >"$T_TMP/once.json" 2>"$T_TMP/err" &
Z=$!
track $Z
wait $Z
assert "--demo --once --json exits 0" test $? = 0
assert "no message on stderr" test ! -s "$T_TMP/err"
assert "json is valid" jqt .
assert "zombietop is the root of the output" jqt ".processes[0].pid == $Z and .processes[0].comm == \"zombietop\""
assert "every lab process is named lab-*" jqt "[.processes[1:][] | .comm | startswith(\"lab-\")] | all"
assert "eight lab parents, no more" jqt "[.processes[] | select(.ppid == $Z)] | map(.comm) | sort == [\"lab-correct\",\"lab-crashed\",\"lab-ignores\",\"lab-leader-exit\",\"lab-negligent\",\"lab-one-per-sig\",\"lab-orphaned\",\"lab-stopped\"]"
assert "command line is the lab name" jqt ".processes[] | select(.comm == \"lab-negligent\") | .cmdline == \"lab-negligent\""

P=$(parent_of lab-negligent)
assert "negligent: 3 zombies with exit 1, 2, 3" jqt "$(zkids "$P") | map(.zombie.exit_status) | sort == [1,2,3]"
assert "negligent: parent sleeps and counts them" jqt ".processes[] | select(.pid == $P) | .state == \"S\" and .zombie_children == 3"
assert "negligent: children are lab-child" jqt "$(kids "$P") | map(.comm) == [\"lab-child\",\"lab-child\",\"lab-child\"]"

P=$(parent_of lab-one-per-sig)
assert "one-per-signal: 4 exited, 1 reaped, 3 zombies" jqt "($(zkids "$P") | length == 3) and ($(zkids "$P") | map(.zombie.exit_status) | all(. >= 1 and . <= 4))"

P=$(parent_of lab-correct)
assert "correct: no children left" jqt "$(kids "$P") | length == 0"
P=$(parent_of lab-ignores)
assert "ignores: no zombies ever" jqt "$(kids "$P") | length == 0"

P=$(parent_of lab-stopped)
assert "stopped: parent in state T with 3 zombies" jqt "(.processes[] | select(.pid == $P) | .state == \"T\" and .zombie_children == 3) and ($(zkids "$P") | length == 3)"

P=$(parent_of lab-crashed)
assert "crashed-child: one SIGSEGV and one SIGKILL" jqt "$(zkids "$P") | map(.zombie.signal_name) | sort == [\"SIGKILL\",\"SIGSEGV\"]"
case $(cat /proc/sys/kernel/core_pattern)/$(ulimit -Hc) in
*/*/* | "|"*) skip "crashed-child: core_pattern is not a plain name, no core expected" ;;
*/0) skip "crashed-child: hard core limit 0, no core expected" ;;
*) assert "crashed-child: SIGSEGV dumped core" jqt "$(zkids "$P") | map(select(.zombie.signal_name == \"SIGSEGV\")) | .[0].zombie.core_dumped" ;;
esac
assert "crashed-child: core directory removed" test -z "$(ls -A "$T_TMP/tmpdir")"
assert "crashed-child: no core in the working directory" test -z "$(ls core* 2>/dev/null)"

P=$(parent_of lab-leader-exit)
assert "leader-exited: state Z with threads > 1" jqt ".processes[] | select(.pid == $P) | .state == \"Z\" and .threads > 1"
assert "leader-exited: not counted as a zombie" jqt ".processes[] | select(.pid == $Z) | .zombie_children == 0"

assert "orphan: its parent is gone (reaped by zombietop)" jqt "[.processes[] | select(.comm == \"lab-orphan\")] | length == 0"
assert "orphan: child re-parented to zombietop, running" jqt ".processes[] | select(.comm == \"lab-orphaned\") | .ppid == $Z and .state != \"Z\""

ALL=$(jq -r '.processes[1:][] | .pid' "$T_TMP/once.json")
PARENTS=$(jq -r ".processes[] | select(.ppid == $Z) | .pid" "$T_TMP/once.json")
# shellcheck disable=SC2086
assert "after exit: no lab process, no zombie (session, groups, names)" wait_for 20 lab_gone $Z $PARENTS $ALL

setsid "$ZT" --demo=negligent,stopped --once --json >"$T_TMP/once.json" &
Z=$!
track $Z
wait $Z
assert "--demo=negligent,stopped starts only those" jqt "[.processes[] | select(.ppid == $Z) | .comm] | sort == [\"lab-negligent\",\"lab-stopped\"]"
assert "subset: parents have their zombies" jqt "[.processes[] | select(.state == \"Z\")] | length == 6"
# shellcheck disable=SC2086
assert "subset: nothing left" wait_for 20 lab_gone $Z $(jq -r '.processes[1:][] | .pid' "$T_TMP/once.json")

"$ZT" --demo=negligent,bogus --once 2>"$T_TMP/err"
assert "unknown scenario exits 2" test $? = 2
assert "unknown scenario is named" grep -q "unknown lab scenario 'bogus'" "$T_TMP/err"
"$ZT" --demo </dev/null >/dev/null 2>"$T_TMP/err"
assert "--demo without --once and without a terminal exits 1" test $? = 1
assert "...says the view needs a terminal" grep -q "needs a terminal" "$T_TMP/err"
"$ZT" --hold --once 2>/dev/null
assert "--hold without --demo exits 2" test $? = 2

# --hold: the lab stays while stdin is open; we poke it by PID.
mkfifo "$T_TMP/in"
setsid "$ZT" --demo=one-per-signal,negligent,orphan,stopped --once --json --hold \
	<"$T_TMP/in" >"$T_TMP/hold.json" 2>"$T_TMP/hold.err" &
Z=$!
track $Z
exec 7>"$T_TMP/in"
assert "hold: the snapshot is written" wait_for 30 json_ready "$T_TMP/hold.json"
cp "$T_TMP/hold.json" "$T_TMP/once.json"
HOLD_ALL=$(jq -r '.processes[1:][] | .pid' "$T_TMP/once.json")
OPS=$(parent_of lab-one-per-sig)
NEG=$(parent_of lab-negligent)
STOP=$(parent_of lab-stopped)
ORPH=$(jq -r '.processes[] | select(.comm == "lab-orphaned") | .pid' "$T_TMP/once.json")

# nz PID: zombie children of PID now, by zombietop --once.
nz() { "$ZT" --once --json -p "$1" | jq "[.processes[] | select(.ppid == $1 and .state == \"Z\")] | length"; }
nz_is() { [ "$(nz "$1")" = "$2" ]; }

assert "hold: one-per-signal starts with 3 zombies" nz_is "$OPS" 3
assert "hold: lab parent leads its own process group" sh -c "echo '$(pids_with 5 "$OPS")' | grep -qx '$OPS'"
assert "hold: ...with its children in it" test "$(pids_with 5 "$OPS" | grep -c .)" = 4
kill -CHLD "$OPS"
assert "hold: a manual SIGCHLD reaps one" wait_for 10 nz_is "$OPS" 2
sleep 0.5
assert "hold: ...exactly one" nz_is "$OPS" 2
kill -CHLD "$OPS"
assert "hold: the next SIGCHLD reaps one more" wait_for 10 nz_is "$OPS" 1
kill -USR1 "$OPS"
assert "hold: fork request on one-per-signal: two exit, one lingers" wait_for 10 nz_is "$OPS" 2
kill -USR1 "$NEG"
assert "hold: fork request on negligent adds a zombie with exit 4" wait_for 10 sh -c "'$ZT' --once --json -p $NEG | jq -e '[.processes[] | select(.ppid == $NEG and .state == \"Z\") | .zombie.exit_status] | sort == [1,2,3,4]' >/dev/null"
kill -CHLD "$NEG"
sleep 0.5
assert "hold: SIGCHLD does nothing to negligent" nz_is "$NEG" 4
kill -TERM "$NEG"
assert "hold: SIGTERM to negligent: zombietop reaps its zombies" wait_for 10 lab_gone none "$NEG"
assert "hold: reaped zombies are logged" wait_for 10 grep -q "reaped [0-9]* (lab-child) of negligent: exit 4" "$T_TMP/hold.err"
assert "hold: the killed parent is logged" grep -q "reaped $NEG (lab-negligent) of negligent: killed by SIGTERM" "$T_TMP/hold.err"
assert "hold: stopped parent holds 3 zombies" nz_is "$STOP" 3
kill -CONT "$STOP"
assert "hold: SIGCONT lets its handler clear them" wait_for 10 nz_is "$STOP" 0
assert "hold: ...and it runs again" wait_for 10 sh -c "grep -q '^State:.S' /proc/$STOP/status"
assert "hold: orphan is zombietop's child" test "$(pids_with 4 "$Z" | grep -cx "$ORPH")" = 1
kill -TERM "$ORPH"
assert "hold: the orphan is reaped when it exits" wait_for 10 grep -q "reaped $ORPH (lab-orphaned) of orphan: killed by SIGTERM" "$T_TMP/hold.err"
assert "hold: no zombie of zombietop left" test -z "$(zombies_of "$Z")"
exec 7>&-
wait $Z
assert "hold: closing stdin ends zombietop with status 0" test $? = 0
# shellcheck disable=SC2086
assert "hold: nothing left" wait_for 20 lab_gone $Z $HOLD_ALL

# SIGKILL: zombietop cannot clean up; PR_SET_PDEATHSIG must.
setsid "$ZT" --demo --once --json --hold <"$T_TMP/in" >"$T_TMP/kill.json" 2>/dev/null &
Z=$!
track $Z
exec 7>"$T_TMP/in"
assert "kill: the snapshot is written" wait_for 30 json_ready "$T_TMP/kill.json"
KILL_ALL=$(jq -r '.processes[1:][] | .pid' "$T_TMP/kill.json")
assert "kill: the lab is running" test -n "$(pids_with 6 "$Z")"
kill -KILL "$Z"
wait $Z 2>/dev/null
exec 7>&-
# shellcheck disable=SC2086
assert "kill: lab removed by the death signals, zombies reaped" wait_for 30 lab_gone $Z $KILL_ALL
finish
