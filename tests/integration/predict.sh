# SPDX-License-Identifier: GPL-2.0-or-later
# Predictions that can be trusted, checked against real parents: the init
# of a PID namespace and SIGTERM (dropped unless caught), the effect codes
# of --once --json acted out, exited leaders, the hints after --reap, the
# tracer named, -p of a missing PID, --explain without --once, and the
# precision of JSON reals (issue 14: items 1, 2, 3, 6, 7, 9, 10).
. tests/lib.sh

has() { grep -qF -- "$2" "$T_TMP/$1"; }
pobj() { echo ".processes[] | select(.pid == $1)"; }
diag() { echo "$(pobj "$1") | .diagnosis"; }
eff() { echo "($(diag "$1") | .predictions.$2.effect)"; }
state_of() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }
is_zombie() { [ "$(state_of "$1")" = Z ]; }
alive() { kill -0 "$1" 2>/dev/null && ! is_zombie "$1"; }
stopped() { [ "$(state_of "$1")" = T ]; }

# bg NAME CMD...: starts CMD in the background, output in $T_TMP/NAME.out;
# sets BG to its PID (tracked).
bg() {
	local name=$1
	shift
	(exec "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err" </dev/null) &
	BG=$!
	track $BG
	disown $BG
}

# The only child of $1 once it is a zombie: sets KID.
zombie_child() {
	KID=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	KID=${KID%% }
	[ -n "$KID" ] && is_zombie "$KID"
}

# /proc files have no size: test -s cannot tell.
has_child() { grep -q . "/proc/$1/task/$1/children" 2>/dev/null; }

# nsinit NAME CMD...: CMD as PID 1 of a new PID namespace, one zombie child;
# sets U (unshare), P (the init, host PID) and Z (its zombie).
nsinit() {
	local name=$1
	shift
	bg "$name" unshare --pid --fork --kill-child "$@"
	U=$BG
	wait_for 20 has_child "$U" || return 1
	read -r P _ <"/proc/$U/task/$U/children"
	track "$P"
	wait_for 20 zombie_child "$P" || return 1
	Z=$KID
}

codes='["none","reaps_all","reaps_one","maybe","parent_exits","namespace_dies","waits_for_cont","refused","unknown"]'

# --- 1. container init, SIGTERM under the default disposition ------------
if unshare --pid --fork --kill-child true 2>/dev/null; then
	nsinit ns sh -c 'sleep 0.2 & exec sleep 3000' || fail "namespace init did not start"
	json_once -p "$U"
	assert "ns init: reason container_init" jqt "$(diag "$P") | .reason == \"container_init\""
	assert "ns init: SIGTERM predicted to do nothing" jqt "$(eff "$P" term) == \"none\" and ($(diag "$P") | .predictions.term.text | test(\"drops\"))"
	assert "ns init: SIGKILL kills the namespace" jqt "$(eff "$P" kill) == \"namespace_dies\""
	assert "ns init: ptrace reaps all" jqt "$(eff "$P" ptrace) == \"reaps_all\""
	"$ZT" --once --explain -p "$U" >"$T_TMP/ns.txt"
	assert "ns init: --explain says SIGTERM does nothing" grep -Eq "SIGTERM: +Nothing: PID 1 of a PID namespace does not catch SIGTERM" "$T_TMP/ns.txt"
	"$ZT" --reap "$Z" --via term --yes --timeout 1 >"$T_TMP/nst" 2>&1
	rc=$?
	assert "ns init: --via term refused, exit 3 (was $rc)" test $rc = 3
	assert "ns init: refusal says why and what to try" has nst "not sending SIGTERM to $P (sleep): Nothing: PID 1 of a PID namespace"
	assert "ns init: refusal suggests ptrace or kill" has nst "Try --via ptrace (the parent keeps running) or --via kill."
	assert "ns init: nothing was sent, still a zombie" sh -c "! grep -q '^sent' '$T_TMP/nst'"
	assert "ns init: the zombie is still there" is_zombie "$Z"
	# The kernel agrees: a SIGTERM sent anyway does nothing.
	"$ZT" --reap "$Z" --via term --yes --force --timeout 0.5 >"$T_TMP/nsf" 2>&1
	rc=$?
	assert "ns init: --force sends it, nothing happens (exit $rc)" test $rc = 1
	assert "ns init: the init survived SIGTERM" alive "$P"
	assert "ns init: after SIGTERM, hint is ptrace or kill (not term)" has nsf "try --via ptrace (the parent keeps running) or --via kill"
	"$ZT" --reap "$Z" --timeout 0.5 >"$T_TMP/nsc" 2>&1
	assert "ns init: after SIGCHLD, hint is ptrace or kill" has nsc "did not reap it: try --via ptrace (the parent keeps running) or --via kill"
	# The least destructive action that works, chosen from the codes.
	"$ZT" --reap "$Z" --via ptrace --yes --timeout 20 >"$T_TMP/nsp" 2>&1
	assert "ns init: ptrace reaps, as predicted" has nsp "1 of 1 zombie reaped"
	assert "ns init: ... and the init lives on" alive "$P"
	kill -KILL "$P"
	assert "ns init: gone after SIGKILL" wait_for 20 sh -c "! kill -0 $U 2>/dev/null"

	# A namespace init that catches SIGTERM does get it.
	nsinit nsperl perl -e '$SIG{TERM} = sub { exit 0 }; exit 3 unless fork; sleep 3000' ||
		fail "perl namespace init did not start"
	json_once -p "$U"
	assert "ns init with a handler: SIGTERM maybe" jqt "$(eff "$P" term) == \"maybe\" and ($(diag "$P") | .predictions.term.text | test(\"handles SIGTERM\"))"
	"$ZT" --reap "$Z" --via term --yes --timeout 20 >"$T_TMP/nsh" 2>&1
	assert "ns init with a handler: SIGTERM sent, the namespace ends" has nsh "1 of 1 zombie reaped"
else
	skip "container init: unshare --pid not permitted here"
fi

# --- 2. effect codes, and acting on them ----------------------------------
zmaker deflt exit:1 exit:2 || finish
P=$ZPARENT K=("${ZKIDS[@]}")
json_once
assert "json: every prediction is {effect, text} with a known code" jqt "[.processes[] | .diagnosis | select(. != null) | .predictions[]] | length > 0 and all(keys == [\"effect\",\"text\"] and (.effect as \$e | $codes | index(\$e)) and (.text | length > 10))"
assert "default: codes" jqt "$(eff "$P" sigchld) == \"none\" and $(eff "$P" term) == \"parent_exits\" and $(eff "$P" kill) == \"parent_exits\" and $(eff "$P" ptrace) == \"reaps_all\""
assert "default: no cont for a running parent" jqt "$(diag "$P") | .predictions | has(\"cont\") | not"
"$ZT" --once --explain -p "$P" >"$T_TMP/d.txt"
assert "--explain: a ptrace line" grep -Eq "^ +ptrace: +Reaps every zombie" "$T_TMP/d.txt"
"$ZT" --reap "${K[0]}" --timeout 0.5 >"$T_TMP/dh" 2>&1
assert "hint after SIGCHLD: ptrace first, then term" has dh "try --via ptrace (the parent keeps running) or --via term"
"$ZT" --reap "$P" --via ptrace --yes --timeout 20 >"$T_TMP/dp" 2>&1
assert "reaps_all acted out: 2 of 2" has dp "2 of 2 zombies reaped"
assert "reaps_all acted out: the parent lives" alive "$P"

zmaker stopped exit:4 || finish
P=$ZPARENT
kill -STOP "$P"
wait_for 20 stopped "$P" || fail "parent did not stop"
json_once -p "$P"
assert "stopped: cont applies, maybe" jqt "$(eff "$P" cont) == \"maybe\""
assert "stopped: signals wait for SIGCONT, ptrace refused" jqt "$(eff "$P" sigchld) == \"waits_for_cont\" and $(eff "$P" term) == \"waits_for_cont\" and $(eff "$P" ptrace) == \"refused\""
kill -CONT "$P"

if [ -x "$HELPERS/zparent" ]; then
	bg missed "$HELPERS/zparent" missed 3
	wait_for 20 test -s "$T_TMP/missed.out" || fail "zparent missed did not start"
	read -r -a MK <"$T_TMP/missed.out"
	P=${MK[0]}
	track "${MK[@]}"
	json_once -p "$P"
	assert "handler_missed: SIGCHLD reaps_one" jqt "$(eff "$P" sigchld) == \"reaps_one\""
fi

# --- 3. an exited leader has no exit status yet ---------------------------
bg leader "$HELPERS/zparent" leader
wait_for 20 test -s "$T_TMP/leader.out" || fail "zparent leader did not start"
read -r L _ <"$T_TMP/leader.out"
track "$L"
wait_for 20 is_zombie "$L"
json_once -p "$L"
assert "leader: kind leader_exited, exit fields null" jqt "$(pobj "$L") | .zombie | .kind == \"leader_exited\" and .exited == null and .exit_status == null and .status_raw == null and .core_dumped == null"
"$ZT" --reap "$L" >"$T_TMP/lr" 2>&1
rc=$?
assert "leader: --reap exits 1 (was $rc)" test $rc = 1
assert "leader: --reap says the main thread exited" has lr "$L: its main thread exited while 1 other thread still runs: not a zombie yet"

# --- 6. refusals name the override ----------------------------------------
"$ZT" --reap 1 >"$T_TMP/init" 2>&1
rc=$?
assert "PID 1: refused, exit 3 (was $rc)" test $rc = 3
assert "PID 1: the refusal names --force and o" has init "(override: --force, or o in the view's dialog)"

# --- 7. the tracer is named -----------------------------------------------
zmaker traced exit:5 || finish
P=$ZPARENT Z1=${ZKIDS[0]}
bg tracer "$HELPERS/ztracer" "$P"
T=$BG
if wait_for 20 grep -q TRACING "$T_TMP/tracer.out"; then
	json_once -p "$P"
	assert "traced, running: diagnosis.tracer names it" jqt "$(diag "$P") | .tracer == {\"pid\": $T, \"comm\": \"ztracer\"}"
	assert "traced: the sentence names the tracer" jqt "$(diag "$P") | .text | test(\"Its tracer is PID $T \\\\(ztracer\\\\)\")"
	assert "traced: ptrace refused, naming the tracer" jqt "$(eff "$P" ptrace) == \"refused\" and ($(diag "$P") | .predictions.ptrace.text | test(\"traced by $T \\\\(ztracer\\\\)\"))"
	"$ZT" --reap "$Z1" --timeout 0.5 >"$T_TMP/th" 2>&1
	assert "traced: the hint does not offer ptrace" sh -c "grep -q 'try --via term' '$T_TMP/th' && ! grep -q 'via ptrace' '$T_TMP/th'"
	kill -KILL "$T"
else
	skip "tracer: ptrace not permitted here ($(cat "$T_TMP/tracer.err"))"
fi
zmaker untraced exit:5 || finish
json_once -p "$ZPARENT"
assert "untraced: tracer null" jqt "$(diag "$ZPARENT") | .tracer == null"

# --- 9. -p of a missing PID; --explain without --once ---------------------
missing=$(($(cat /proc/sys/kernel/pid_max) - 1))
while [ -e "/proc/$missing" ]; do missing=$((missing - 1)); done
"$ZT" --once -p "$missing" >"$T_TMP/m.out" 2>"$T_TMP/m.err"
rc=$?
assert "--once -p missing: exit 1 (was $rc)" test $rc = 1
assert "--once -p missing: says so on stderr" has m.err "no process $missing"
"$ZT" --once --json -p "$missing,$$" >"$T_TMP/m2.json" 2>"$T_TMP/m2.err"
rc=$?
assert "--once -p missing,present: exit 1, the present one printed" sh -c "[ $rc = 1 ] && jq -e '[.processes[] | select(.pid == $$)] | length == 1' '$T_TMP/m2.json' >/dev/null"
timeout 20 "$ZT" --explain >"$T_TMP/e1" 2>&1 </dev/null
rc=$?
assert "--explain without --once: usage error 2 (was $rc)" test $rc = 2
assert "--explain without --once: says why" has e1 "--explain needs --once"
timeout 20 "$ZT" --watch --explain >"$T_TMP/e2" 2>&1 </dev/null
rc=$?
assert "--watch --explain: usage error 2 (was $rc)" test $rc = 2

# --- 10. JSON reals with a sane precision ---------------------------------
"$ZT" --watch --json -d 2 >"$T_TMP/watch.json" 2>"$T_TMP/watch.err" &
W=$!
track $W
ev() { jq -e -s "$1" "$T_TMP/watch.json" >/dev/null 2>&1; }
wait_for 20 test -s "$T_TMP/watch.json"
reaped=0
for i in 1 2 3; do
	bg "zr$i" "$BUILD/helpers/zreaper" exit:$i
	wait_for 10 test -s "$T_TMP/zr$i.out" || continue
	read -r RP RZ <"$T_TMP/zr$i.out"
	sleep 0.$((i * 2))
	kill -CHLD "$RP"
	wait_for 20 ev "any(.[]; .event == \"zombie_reaped\" and .pid == $RZ)" && reaped=$((reaped + 1))
done
kill -INT $W
wait $W
assert "watch: reaped events seen" test $reaped -ge 1
assert "watch: 'after' printed with at most 10 significant digits" sh -c "grep -q '\"after\":' '$T_TMP/watch.json' && ! grep -Eq '\"after\": ?[0-9]*\\.[0-9]{11,}' '$T_TMP/watch.json'"
sed -n 's/.*\("after":[^,]*\).*/# \1/p' "$T_TMP/watch.json"
finish
