# SPDX-License-Identifier: GPL-2.0-or-later
# Without kernel process events (--no-events, or a network namespace of
# our own where the proc connector refuses us) zombietop works from scans
# as before: the same zombies as --once finds, ages and lifetimes from
# scans (never claimed exact), and the output says "events": false and why.
. tests/lib.sh

ZNAME=zo$$
case $HELPERS in
/*) ln -s "$HELPERS/zmaker" "$T_TMP/$ZNAME" ;;
*) ln -s "$PWD/$HELPERS/zmaker" "$T_TMP/$ZNAME" ;;
esac
(cd "$T_TMP" && exec "./$ZNAME" exit:1 exit:2 signal:9 >"$T_TMP/zm.out" </dev/null) &
track $!
disown $!
wait_for 10 test -s "$T_TMP/zm.out" || { fail "zmaker did not start"; finish; }
read -r ZPARENT rest <"$T_TMP/zm.out"

# Today's answer: --once, which never had events.
json_once
assert "--once: events false" jqt '.events == false'
assert "--once: events_reason says a single scan has no time axis" \
    jqt '.events_reason | test("one scan")'
jq -r ".processes[] | select(.ppid == $ZPARENT and .zombie != null) |
    [.pid, .zombie.status_raw] | @tsv" "$T_TMP/once.json" | sort -n >"$T_TMP/once.z"
assert "--once finds our 3 zombies" test "$(grep -c . "$T_TMP/once.z")" = 3

# jqs FILTER FILE: true when jq, over the whole log as one array, says so.
jqs() { jq -e -s "$1" "$2" >/dev/null; }
# watch_zombies FILE: pid and status of our zombies in a --watch --json log.
watch_zombies() {
	jq -r "select(.event == \"zombie_appeared\" and .ppid == $ZPARENT) |
	    [.pid, .status.raw] | @tsv" "$1" | sort -n
}
# run_watch NAME [PREFIX...]: --watch --json until our zombies are listed.
run_watch() {
	local name=$1 out=$T_TMP/$1.json
	shift
	"$@" "$ZT" --watch --json -d 2 ${NO_EVENTS:-} >"$out" 2>"$T_TMP/$name.err" &
	W=$!
	track $W
	wait_for 20 sh -c "[ \$(grep -c '\"ppid\":$ZPARENT,' '$out') -ge 3 ]" ||
	    fail "$name: our zombies were not listed"
}
stop_watch() {
	kill -INT $W
	wait_for 20 sh -c "! kill -0 $W 2>/dev/null" || fail "--watch did not stop"
	wait $W 2>/dev/null
}

NO_EVENTS=--no-events run_watch noev
J=$T_TMP/noev.json
assert "--no-events: watch_started says events false, turned off" \
    jqs '.[0] | .event == "watch_started" and .events == false and (.events_reason | test("--no-events"))' "$J"
# A zombie born while watching: aged from the scan that showed it.
(cd "$T_TMP" && exec "./$ZNAME" exit:4 >"$T_TMP/zm2.out" </dev/null) &
ZM2=$!
track $ZM2
disown $ZM2
wait_for 10 test -s "$T_TMP/zm2.out" || fail "second zmaker did not start"
read -r _ Z2 <"$T_TMP/zm2.out"
assert "--no-events: the new zombie has an exit time, not exact" wait_for 20 sh -c \
    "jq -e -s 'map(select(.event == \"zombie_appeared\" and .pid == $Z2)) | .[0] | .exit_time != null and .exit_exact == false' '$J' >/dev/null"
kill -KILL $ZM2 # its zombie goes to the subreaper, which reaps it
assert "--no-events: its reap has a lifetime from scans, not exact" wait_for 20 sh -c \
    "jq -e -s 'map(select(.event == \"zombie_reaped\" and .pid == $Z2)) | .[0] | .lifetime_s >= 0 and .lifetime_exact == false' '$J' >/dev/null"
stop_watch
watch_zombies "$J" >"$T_TMP/noev.z"
assert "--no-events: the same zombies and statuses as --once" cmp -s "$T_TMP/once.z" "$T_TMP/noev.z"
assert "--no-events: no exit claimed exact" \
    jqs '[.[] | select(.exit_exact == true or .lifetime_exact == true)] | length == 0' "$J"

# A network namespace of our own: the kernel refuses the connector.
if unshare -rn true 2>/dev/null; then
	NS="unshare -rn"
elif unshare --net true 2>/dev/null; then
	NS="unshare --net"
else
	NS=
fi
if [ -n "$NS" ]; then
	NO_EVENTS= run_watch netns $NS
	stop_watch
	J=$T_TMP/netns.json
	assert "$NS: events false, not in the initial network namespace" \
	    jqs '.[0] | .event == "watch_started" and .events == false and (.events_reason | test("network namespace"))' "$J"
	watch_zombies "$J" | cut -f1 >"$T_TMP/netns.z"
	# A user namespace may hide exit statuses (ptrace access): pids only.
	assert "$NS: the same zombies as --once" sh -c "cut -f1 '$T_TMP/once.z' | cmp -s - '$T_TMP/netns.z'"
	$NS "$ZT" --prometheus "$T_TMP/ns.prom" --interval 1 2>"$T_TMP/ns.err" &
	P=$!
	track $P
	assert "$NS: metrics say events disabled" wait_for 20 \
	    grep -qsx 'zombietop_events_enabled 0' "$T_TMP/ns.prom"
	assert "$NS: metrics count our 3 zombies" grep -q \
	    "^zombietop_zombies_by_parent{parent_comm=\"$ZNAME\",reason=\"[a-z_]*\"} 3\$" "$T_TMP/ns.prom"
	kill -TERM $P
	wait_for 20 sh -c "! kill -0 $P 2>/dev/null" || fail "--prometheus did not stop"
	assert "$NS: --version --verbose says why" sh -c \
	    "$NS '$ZT' --version --verbose | grep -q 'unavailable (not in the initial network namespace)'"
else
	skip "events_off: unshare --net not permitted here"
fi
finish
