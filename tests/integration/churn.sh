# SPDX-License-Identifier: GPL-2.0-or-later
# Churn: tests/helpers/zchurn forks and reaps hundreds of processes a second
# (some stay zombies for half a second) while --watch --json runs and
# --once --json and --prometheus run over and over; then no crash, valid
# output, and the churner's final subtree as zombietop shows it equals ps.
# CHURN_SECONDS (default 6; make stress sets STRESS_SECONDS) and
# CHURN_RATE (forks a second, default 400, a target: nothing asserts the
# rate reached) size it. Leaks: LeakSanitizer in
# the ASan build (make asan), valgrind on --once and --bench-refresh here.
. tests/lib.sh

SECS=${STRESS_SECONDS:-${CHURN_SECONDS:-6}}
RATE=${CHURN_RATE:-400}
KEEP=7
VG=""
if ldd "$ZT" 2>/dev/null | grep -q libasan; then
	echo "# ASan build: LeakSanitizer checks leaks at every exit, no valgrind"
elif command -v valgrind >/dev/null; then
	VG="valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
fi

# valid_json FILE: every line is one JSON document (jq fails on junk).
valid_lines() { jq -c . "$1" >/dev/null 2>&1; }

(exec "$HELPERS/zchurn" "$SECS" "$RATE" "$KEEP" >"$T_TMP/churn.out" </dev/null) &
CP=$!
track $CP
disown $CP

"$ZT" --watch --json -d 2 >"$T_TMP/watch.out" 2>"$T_TMP/watch.err" </dev/null &
WP=$!
track $WP

n=0 bad=0 vgbad=0 vgn=0 badprom=0
while ! grep -q '^done' "$T_TMP/churn.out"; do
	n=$((n + 1))
	if ! "$ZT" --once --json >"$T_TMP/o.json" 2>"$T_TMP/o.err" ||
		! jq -e '.processes | length > 0' "$T_TMP/o.json" >/dev/null; then
		bad=$((bad + 1))
		cp "$T_TMP/o.json" "$T_TMP/bad.json"
	fi
	if ! "$ZT" --prometheus "$T_TMP/z.prom" 2>"$T_TMP/p.err" ||
		! grep -q '^zombietop_zombies ' "$T_TMP/z.prom" ||
		grep -vqE '^(#|zombietop_[a-z_]+(\{[^}]*\})? [-0-9.e+]+$)' "$T_TMP/z.prom"; then
		badprom=$((badprom + 1))
	fi
	# valgrind is slow: a few runs spread over the churn.
	if [ -n "$VG" ] && [ $((n % 5)) = 1 ] && [ $vgn -lt 6 ]; then
		vgn=$((vgn + 1))
		if [ $((vgn % 2)) = 1 ]; then set -- --once; else set -- --bench-refresh 20; fi
		if ! $VG "$ZT" "$@" >/dev/null 2>"$T_TMP/vg.err"; then
			vgbad=$((vgbad + 1))
			cat "$T_TMP/vg.err"
		fi
	fi
	[ $SECONDS -gt $((SECS + 120)) ] && break
done
read -r _ forked reaped rate <"$T_TMP/churn.out"
echo "# churn: $forked forked, $reaped reaped in ${SECS}s ($rate/s); $n --once --json and --prometheus runs"
# Correctness, not speed (a busy machine forks slower): the churner made
# at least two of its half-second zombies (every 16th fork) and reaped
# every child it made before the final KEEP.
assert "churner ran: ${forked:-0} forks (at least 32), ${reaped:-0} reaped (all of them)" \
	test "${forked:-0}" -ge 32 -a "${reaped:-0}" = "${forked:-0}"
assert "--once --json: $n runs during churn, all valid, none failed" test $bad = 0
assert "--prometheus: $n runs during churn, all well-formed" test $badprom = 0
if [ -n "$VG" ]; then
	assert "valgrind: $vgn runs of --once / --bench-refresh 20 during churn: no leak, no error" \
		test $vgbad = 0 -a $vgn -gt 0
else
	skip "valgrind not installed or ASan build: leaks left to LeakSanitizer"
fi

kill -0 $WP 2>/dev/null
assert "--watch --json survived the churn" test $? = 0
kill -INT $WP
wait $WP
wrc=$?
assert "--watch exits 0 on SIGINT (was $wrc)" test $wrc = 0
assert "--watch output: every line valid JSON" valid_lines "$T_TMP/watch.out"
assert "--watch saw zombies appear during churn" grep -q zombie "$T_TMP/watch.out"
grep -qiE 'AddressSanitizer|runtime error|LeakSanitizer' "$T_TMP/watch.err" && cat "$T_TMP/watch.err"
assert "--watch: no sanitizer report" \
	bash -c "! grep -qiE 'AddressSanitizer|runtime error|LeakSanitizer' '$T_TMP/watch.err'"

# The end state: KEEP zombies and 2 sleepers under the churner.
ps_counts() {
	ps --ppid $CP -o stat= | awk '{ if ($1 ~ /^Z/) z++; else s++ } END { print z + 0, s + 0 }'
}
wait_for 30 test "$(ps_counts)" = "$KEEP 2"
assert "ps: the churner ends with $KEEP zombies and 2 sleepers" test "$(ps_counts)" = "$KEEP 2"
json_once
zt=$(jq -r --argjson p $CP '[.processes[] | select(.ppid == $p)] |
	"\(map(select(.state == "Z")) | length) \(map(select(.state != "Z")) | length)"' "$T_TMP/once.json")
assert "--once --json counts for the churner ($zt) match ps ($(ps_counts))" test "$zt" = "$(ps_counts)"
zc=$(jq --argjson p $CP '.processes[] | select(.pid == $p) | .zombie_children' "$T_TMP/once.json")
assert "zombie_children of the churner is $KEEP" test "$zc" = "$KEEP"
txt=$("$ZT" --once -p $CP | grep -c ' Z ')
assert "--once text shows the $KEEP zombies ($txt)" test "$txt" -ge "$KEEP"
kill -KILL $CP
finish
