# SPDX-License-Identifier: GPL-2.0-or-later
# The stop signals of the modes that run until stopped (ui/mode/stop.c):
# --watch and --prometheus --interval catch SIGINT and SIGTERM and exit 0
# (SIGHUP still ends --watch as its default action does), and --demo
# --once --hold also catches SIGHUP and removes its lab before exiting 0;
# --record as --watch, and --demo --record as --demo --hold.
# Each process is signalled only once /proc says it catches the signal.
. tests/lib.sh

# catches PID SIG...: /proc/PID/status SigCgt has every SIG (numbers),
# once PID is zombietop: before its exec the child is a copy of this
# shell, which catches these signals too and would run its EXIT trap.
catches() {
	local pid=$1 mask s
	shift
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = zombietop ] || return 1
	mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
	[ -n "$mask" ] || return 1
	for s; do (((0x$mask >> (s - 1)) & 1)) || return 1; done
}

# stopped_by NAME SIG STATUS ARGS...: starts zombietop ARGS, sends SIG
# once it catches SIGINT and SIGTERM (and, for --prometheus, once it wrote
# its file), and asserts it exits with STATUS.
stopped_by() {
	local name=$1 sig=$2 want=$3 p rc
	shift 3
	rm -f "$T_TMP/m.prom"
	"$ZT" "$@" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null &
	p=$!
	track $p
	if ! wait_for 20 catches "$p" 2 15 ||
		{ [ "$1" = --prometheus ] && ! wait_for 20 test -s "$T_TMP/m.prom"; }; then
		fail "$name: SIG$sig: not ready"
		return
	fi
	kill -"$sig" "$p"
	wait "$p" 2>/dev/null
	rc=$?
	assert "$name: SIG$sig: exit $want (was $rc)" test "$rc" = "$want"
}

stopped_by --watch INT 0 --watch -d 50
stopped_by --watch TERM 0 --watch -d 50
stopped_by "--watch (not caught)" HUP 129 --watch -d 50
stopped_by --record INT 0 --record "$T_TMP/r.ztr" -d 50
stopped_by --record TERM 0 --record "$T_TMP/r.ztr" -d 50
stopped_by "--record (not caught)" HUP 129 --record "$T_TMP/r.ztr" -d 50
stopped_by --prometheus INT 0 --prometheus "$T_TMP/m.prom" --interval 60
stopped_by --prometheus TERM 0 --prometheus "$T_TMP/m.prom" --interval 60
assert "--prometheus: the file is left whole" grep -q '^zombietop_' "$T_TMP/m.prom"

# --demo --once --hold: SIGHUP too, and the lab goes with it. Its stdin
# stays open (its end also ends the hold).
mkfifo "$T_TMP/in"
exec 7<>"$T_TMP/in"
setsid "$ZT" --demo=negligent,stopped --once --json --hold \
	>"$T_TMP/demo.json" 2>/dev/null <"$T_TMP/in" &
Z=$!
track $Z
assert "--demo --hold: catches SIGINT, SIGTERM and SIGHUP" wait_for 60 catches "$Z" 1 2 15
wait_for 60 test -s "$T_TMP/demo.json" || fail "--demo --hold: no snapshot"
LAB=$(jq -r ".processes[] | select(.ppid == $Z) | .pid" "$T_TMP/demo.json")
assert "--demo --hold: two lab parents" test "$(echo "$LAB" | grep -c .)" = 2
kill -HUP $Z
wait $Z
rc=$?
assert "--demo --hold: SIGHUP: exit 0 (was $rc)" test $rc = 0
exec 7>&-
# lab_gone PID...: none of the lab parents is left under a lab- name.
lab_gone() {
	local p
	for p; do
		case $(cat "/proc/$p/comm" 2>/dev/null) in lab-*) return 1 ;; esac
	done
}
# shellcheck disable=SC2086
assert "--demo --hold: SIGHUP: the lab is removed" wait_for 20 lab_gone $LAB

# --demo --record: SIGHUP ends the recording and removes the lab.
setsid "$ZT" --demo=negligent --record "$T_TMP/lab.ztr" -d 5 \
	>/dev/null 2>"$T_TMP/rec.err" </dev/null &
Z=$!
track $Z
assert "--demo --record: catches SIGINT, SIGTERM and SIGHUP" wait_for 60 catches "$Z" 1 2 15
lab_kid() { LAB=$(ps -o pid= --ppid "$Z" | tr -d ' '); [ -n "$LAB" ]; }
wait_for 60 lab_kid || fail "--demo --record: no lab parent"
kill -HUP $Z
wait $Z
rc=$?
assert "--demo --record: SIGHUP: exit 0 (was $rc)" test $rc = 0
# shellcheck disable=SC2086
assert "--demo --record: SIGHUP: the lab is removed" wait_for 20 lab_gone $LAB
finish
