# SPDX-License-Identifier: GPL-2.0-or-later
# A fork storm overflows the event socket (made tiny through the test hook
# ZT_EVENTS_RCVBUF, HACKING.md): the loss is counted in
# zombietop_events_lost_total, a rescan follows, and the zombie counts of
# our own storm parent then agree with ps.
. tests/lib.sh

# Skipped only when the kernel refuses, with its reason; a program that
# cannot say is a failure.
PROBE=$("$ZT" --version --verbose 2>&1 | tail -1)
case $PROBE in
"kernel process events: available"*) ;;
"kernel process events: unavailable"*)
	skip "events_lost: $PROBE"
	finish
	;;
*)
	fail "--version --verbose does not say whether events work: $PROBE"
	finish
	;;
esac
ZNAME=zs$$
case $HELPERS in
/*) ln -s "$HELPERS/zchurn" "$T_TMP/$ZNAME" ;;
*) ln -s "$PWD/$HELPERS/zchurn" "$T_TMP/$ZNAME" ;;
esac
F=$T_TMP/lost.prom
ZT_EVENTS_RCVBUF=1 "$ZT" --prometheus "$F" --interval 1 2>"$T_TMP/p.err" &
ZP=$!
track $ZP
wait_for 20 test -s "$F" || { fail "--prometheus wrote nothing"; finish; }
assert "events enabled before the storm" grep -qx 'zombietop_events_enabled 1' "$F"
# --watch on the same tiny socket must say that it lost events.
ZT_EVENTS_RCVBUF=1 "$ZT" --watch --json -d 5 >"$T_TMP/w.json" 2>"$T_TMP/w.err" &
ZW=$!
track $ZW
wait_for 20 grep -q watch_started "$T_TMP/w.json" || fail "--watch did not start"
# Stopped through the storm, so that its socket overflows whatever the
# machine's speed (a reader that keeps up loses nothing).
kill -STOP $ZW

(cd "$T_TMP" && exec "./$ZNAME" 3 3000 5 >"$T_TMP/zc.out" </dev/null) &
ZC=$!
track $ZC
disown $ZC
lost() { awk '$1 == "zombietop_events_lost_total" { exit !($2 > 0) }' "$F"; }
assert "the storm overflowed the socket: events lost counted" wait_for 60 lost
wait_for 60 grep -q '^done' "$T_TMP/zc.out" || fail "zchurn did not finish"
# What ps says of our storm parent's children, against the metrics.
ps_zombies() { ps -o stat= --ppid $ZC | grep -c '^Z'; }
agree() {
	local want got
	want=$(ps_zombies)
	got=$(awk -v s="zombietop_zombies_by_parent{parent_comm=\"$ZNAME\",reason=" \
	    'index($0, s) == 1 { n += $2 } END { print n + 0 }' "$F")
	echo "$want $got" >"$T_TMP/agree"
	[ "$want" = "$got" ]
}
assert "after the rescan the zombie counts agree with ps" wait_for 30 agree
assert "ps sees the 5 zombies zchurn keeps" test "$(ps_zombies)" = 5
echo "# ps, metrics: $(cat "$T_TMP/agree"); $(grep '^zombietop_events_lost_total' "$F")"
kill -CONT $ZW
said_lost() { jq -e 'select(.event == "events_lost" and .events_lost > 0)' "$T_TMP/w.json" >/dev/null; }
assert "--watch says events were lost (events_lost event)" wait_for 20 said_lost
kill -INT $ZW
assert "--watch stops on SIGINT" wait_for 20 sh -c "! kill -0 $ZW 2>/dev/null"
kill -TERM $ZP
assert "--prometheus stops on SIGTERM" wait_for 20 sh -c "! kill -0 $ZP 2>/dev/null"
finish
