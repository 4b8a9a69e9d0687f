# SPDX-License-Identifier: GPL-2.0-or-later
# --record and --replay on the test's own zombies: --once --json outputs
# saved during a recording are given again, rows, statuses and diagnoses,
# by --replay --once --json --at at those times; --replay --watch --json
# lists the recorded zombie events; a recorder killed by SIGKILL and a torn
# tail leave a readable recording; --demo --record records the lab, and
# its zombie parents replay as --once showed them live.
. tests/lib.sh

F=$T_TMP/r.ztr
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S.%3NZ; }
now() { date +%s.%N; }
# replayed_after FILE ISO: the recording has a refresh later than ISO.
replayed_after() {
	"$ZT" --replay "$1" --once --json 2>/dev/null |
		jq -en --arg t "$2" 'input | .replay.recorded_at > $t' >/dev/null 2>&1
}
# jqf FILTER FILE: true when jq says the filter is true for FILE.
jqf() { jq -e "$1" "$2" >/dev/null; }
jqs() { jq -se "$1" "$2" >/dev/null; }
# rows FILE PID: what must match of PID's subtree: rows, zombie statuses,
# diagnoses (ages aside: a lone --once has none, the recording has them;
# running as sleeping: a live process may run at either read, which a
# busy machine shows).
rows() {
	jq -S "[.processes[] | {pid, ppid, comm, cmdline, user, uid,
		state: (if .state == \"R\" or .state == \"D\" then \"S\" else .state end),
		threads, start_time, zombie_children,
		zombie: (.zombie | if . then del(.age_s, .age_exact) else . end),
		diagnosis: (.diagnosis | if . then del(.oldest_age_s) |
			.text |= sub(\" The oldest has been a zombie for .*$\"; \"\")
			else . end)}]" "$1"
}

zmaker rec1 exit:3 signal:9 run || finish
P1=$ZPARENT
K1=("${ZKIDS[@]}")
"$ZT" --record "$F" -d 2 2>"$T_TMP/rec.err" &
REC=$!
track $REC

# Phase A: the first parent's zombies.
"$ZT" --once --json -p "$P1" >"$T_TMP/a.json"
TA=$(iso "$(now)")
assert "recorder refreshed after the first --once" wait_for 20 replayed_after "$F" "$TA"
TA2=$(iso "$(now)")

# Phase B: the first parent dies (its zombies are reaped by our
# subreaper), a second parent makes a zombie.
kill -KILL "$P1"
wait_for 10 gone "${K1[0]}"
zmaker rec2 exit:7 || finish
P2=$ZPARENT
K2=("${ZKIDS[@]}")
wait_for 10 is_zombie "${K2[0]}"
"$ZT" --once --json -p "$P2" >"$T_TMP/b.json"
TB=$(iso "$(now)")
assert "recorder refreshed after the second --once" wait_for 20 replayed_after "$F" "$TB"
TB2=$(iso "$(now)")

"$ZT" --replay "$F" --once --json --at "$TA2" -p "$P1" >"$T_TMP/ra.json"
assert "replay at A: valid JSON" jqf . "$T_TMP/ra.json"
assert "replay at A: same rows, statuses, diagnoses" \
	diff <(rows "$T_TMP/a.json") <(rows "$T_TMP/ra.json")
assert "replay at A: the zombies are there" jqf \
	"[.processes[] | select(.ppid == $P1 and .state == \"Z\")] | length == 2" "$T_TMP/ra.json"
assert "replay at A: exit 3 recorded" jqf \
	".processes[] | select(.pid == ${K1[0]}) | .zombie.exit_status == 3" "$T_TMP/ra.json"
assert "replay at A: a diagnosis" jqf \
	".processes[] | select(.pid == $P1) | .diagnosis.reason | type == \"string\"" "$T_TMP/ra.json"
assert "replay says so" jqf \
	".replay.host == \"$(hostname)\" and .replay.recorded_at <= \"$TA2\" and .replay.recorded_at > \"$TA\"" "$T_TMP/ra.json"
"$ZT" --replay "$F" --once --json --at "$TB2" -p "$P2" >"$T_TMP/rb.json"
assert "replay at B: same rows, statuses, diagnoses" \
	diff <(rows "$T_TMP/b.json") <(rows "$T_TMP/rb.json")
assert "replay at B: the first parent is gone" sh -c \
	"! '$ZT' --replay '$F' --once --json --at '$TB2' | jq -e '.processes[] | select(.pid == $P1)' >/dev/null"
"$ZT" --once --ascii -p "$P2" >"$T_TMP/b.txt"
"$ZT" --replay "$F" --once --ascii --at "$TB2" -p "$P2" >"$T_TMP/rb.txt"
# The state column, running as sleeping (see rows).
awake() { sed -E 's/^( *[0-9]+ +[^ ]+ +)[RD] /\1S /' "$1"; }
assert "text replay: the same lines" diff <(awake "$T_TMP/b.txt") <(awake "$T_TMP/rb.txt")
"$ZT" --replay "$F" --once --json --at +0 -p "$P1" >"$T_TMP/r0.json"
assert "--at +0: the first refresh" jqf \
	"[.processes[] | select(.ppid == $P1 and .state == \"Z\")] | length == 2" "$T_TMP/r0.json"

kill -TERM $REC
assert "recorder stops on SIGTERM with status 0" wait $REC
"$ZT" --replay "$F" --watch --json >"$T_TMP/w.json"
assert "watch: the recorded zombie_reaped of the first parent's zombies" jqs \
	"[.[] | select(.event == \"zombie_reaped\" and (.pid == ${K1[0]} or .pid == ${K1[1]}))] | length == 2" "$T_TMP/w.json"
assert "watch: the recorded zombie_appeared of the second" jqs \
	"[.[] | select(.event == \"zombie_appeared\" and .pid == ${K2[0]})] | length == 1" "$T_TMP/w.json"
"$ZT" --replay "$F" --watch >"$T_TMP/w.txt"
assert "watch text: one line per event" test "$(wc -l <"$T_TMP/w.txt")" = "$(wc -l <"$T_TMP/w.json")"

# A torn tail (power loss): everything before it replays.
SIZE=$(stat -c %s "$F")
head -c $((SIZE - 7)) "$F" >"$T_TMP/torn.ztr"
"$ZT" --replay "$T_TMP/torn.ztr" --once --json --at "$TB2" -p "$P2" >"$T_TMP/rt.json" 2>"$T_TMP/torn.err"
assert "torn tail: still replays" diff <(rows "$T_TMP/b.json") <(rows "$T_TMP/rt.json")
assert "torn tail: said on stderr" grep -q "ignored" "$T_TMP/torn.err"

# SIGKILL in the middle of a recording at the fastest rate.
G=$T_TMP/k.ztr
"$ZT" --record "$G" -d 1 2>/dev/null &
K=$!
track $K
count() {
	"$ZT" --replay "$1" --once --json 2>/dev/null |
		jq -en "input | .replay.refreshes >= $2" >/dev/null 2>&1
}
wait_for 20 count "$G" 5
kill -KILL $K
wait $K 2>/dev/null
assert "killed recorder: replays" count "$G" 5
assert "killed recorder: a later --record appends" sh -c \
	"'$ZT' --record '$G' -d 1 & p=\$!; sleep 1; kill -INT \$p; wait \$p"
"$ZT" --replay "$G" --once --json >"$T_TMP/g.json"
assert "appended recording: still replays" jqf '.replay.refreshes >= 6' "$T_TMP/g.json"

# The lab, recorded.
D=$T_TMP/demo.ztr
"$ZT" --demo --record "$D" -d 2 2>/dev/null &
DP=$!
track $DP
lab_zombies() {
	"$ZT" --replay "$D" --once --json -p "$DP" 2>/dev/null |
		jq -en 'input | ([.processes[] | select(.state == "Z")] | length >= 1) and ([.processes[] | select(.diagnosis != null)] | length >= 1)' >/dev/null 2>&1
}
assert "--demo --record: lab zombies and diagnoses recorded" wait_for 60 lab_zombies
# Shown live, then replayed at the same time: the same rows, statuses and
# diagnoses, for the lab parents whose zombies stay (once the lab has made
# them all: the crashed child's core takes a while).
lab_steady() {
	"$ZT" --once --json -p "$DP" >"$T_TMP/lab.json" 2>/dev/null &&
		jq -e '[.processes[] | select(.comm == "lab-negligent" or .comm == "lab-crashed" or .comm == "lab-one-per-sig") | {(.comm): .zombie_children}] | add == {"lab-negligent": 3, "lab-crashed": 2, "lab-one-per-sig": 3}' "$T_TMP/lab.json" >/dev/null
}
assert "--demo --record: the lab's zombies are all there" wait_for 60 lab_steady
NAMES="lab-negligent lab-crashed lab-one-per-sig"
for name in $NAMES; do
	LP=$(jq -r ".processes[] | select(.comm == \"$name\") | .pid" "$T_TMP/lab.json")
	"$ZT" --once --json -p "$LP" >"$T_TMP/live-$name.json"
	echo "$LP" >"$T_TMP/pid-$name"
done
TL=$(iso "$(now)")
assert "--demo --record: recorder refreshed after --once" wait_for 20 replayed_after "$D" "$TL"
TL2=$(iso "$(now)")
for name in $NAMES; do
	"$ZT" --replay "$D" --once --json --at "$TL2" -p "$(cat "$T_TMP/pid-$name")" >"$T_TMP/rep-$name.json"
	assert "--demo --record: $name replayed as shown live (zombies, statuses, diagnoses)" \
		diff <(rows "$T_TMP/live-$name.json") <(rows "$T_TMP/rep-$name.json")
done
kill -TERM $DP
assert "--demo --record stops on SIGTERM" wait $DP

# Errors.
"$ZT" --replay "$T_TMP/none.ztr" --once 2>"$T_TMP/e1"
assert "missing recording: exit 1" test $? = 1
assert "missing recording: says why" grep -q "No such file" "$T_TMP/e1"
echo "not a recording" >"$T_TMP/junk"
"$ZT" --replay "$T_TMP/junk" --once 2>"$T_TMP/e2"
assert "junk: exit 1 and why" sh -c "test $? = 1 && grep -q 'not a zombietop recording' '$T_TMP/e2'"
"$ZT" --replay "$F" --once --at tomorrow 2>/dev/null
assert "bad --at: exit 2" test $? = 2
"$ZT" --replay "$F" </dev/null >/dev/null 2>"$T_TMP/e3"
assert "--replay alone is the view: without a terminal, exit 1 and why" \
	sh -c "test $? = 1 && grep -q 'needs a terminal' '$T_TMP/e3'"
"$ZT" --max-size 1M --once 2>/dev/null
assert "--max-size without --record: exit 2" test $? = 2
finish
