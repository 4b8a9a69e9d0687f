# SPDX-License-Identifier: GPL-2.0-or-later
# Late or never, with real parents: zlate reaps each child 1.5 s after its
# exit (p99 over the 1 s threshold: "late"), zmaker never reaps ("never",
# once its zombies waited over 1 s). --watch's last parent_stats tells
# them apart. Skipped where kernel process events are unavailable.
. tests/lib.sh

if ! "$ZT" --version --verbose | grep -q '^kernel process events: available'; then
	skip "reaping: $("$ZT" --version --verbose | tail -1)"
	finish
fi
"$ZT" --watch --json -d 5 >"$T_TMP/w.json" 2>"$T_TMP/w.err" &
ZW=$!
track $ZW
wait_for 20 test -s "$T_TMP/w.json" || { fail "--watch wrote nothing"; finish; }

"$HELPERS/zlate" 3 1500 zl$$ >"$T_TMP/zl.out" </dev/null &
ZL=$!
track $ZL
zmaker never exit:1 exit:2 || finish
assert "zlate reaped its 3 children late" wait_for 60 grep -q '^done 3' "$T_TMP/zl.out"
# zmaker's zombies are older than zlate's whole run (4.5 s) by now.
kill -INT $ZW
assert "--watch stops on SIGINT" wait_for 20 sh -c "! kill -0 $ZW 2>/dev/null"
last() { jq -c "select(.event == \"parent_stats\" and .pid == $1)" "$T_TMP/w.json" | tail -1; }
L=$(last $ZL)
N=$(last $ZPARENT)
echo "# late: $L"
echo "# never: $N"
jqv() { jq -e "$1" <<<"$2" >/dev/null; }
assert "zlate: 3 exits, 3 reaps over 1 s, reaping late" \
    jqv '.exits == 3 and .reaps == 3 and .over == 3 and .p99 > 1 and .reaping == "late"' "$L"
assert "zmaker: 2 exits, no reap, reaping never, a leak rate" \
    jqv '.exits == 2 and .reaps == 0 and .reaping == "never" and .leak_per_min > 0' "$N"
kill -KILL $ZL
wait $ZL 2>/dev/null
finish
