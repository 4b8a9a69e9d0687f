# SPDX-License-Identifier: GPL-2.0-or-later
# The header's zombie check of make bench, sourced by bench.sh while its
# load runs (it uses ZT, SOCK and TMP from there, and a tmux server on
# SOCK). Sets ZOK, ZBAD, ZCHECKS and ZVERDICT (ok or FAILED).
# The header's zombie count against ps's while zombies come and go:
# every 1.5 s a group of 20 zombies appears (children of a sleep that
# never waits) and lives 2.2 s. ps samples the machine's count without
# pause in the background; a check reads the header and passes when it
# lies within the counts ps saw over the last 2.5 s (one refresh, the
# scan, the draw and one ps run). Other sessions' zombies come and go too,
# and ps's sampling can miss a short one: the bench fails when more than
# one check in ten misses (a refresh that missed a group is off by 20).
psz() { ps -eo stat=,nlwp= | awk '$1 ~ /^Z/ && $2 == 1 { n++ } END { print n + 0 }'; }
ZCHECKS=${ZCHECKS:-40}
tmux -L "$SOCK" new-session -d -s zc -x 100 -y 30 "$ZT -d 10"
for _ in $(seq 100); do
	tmux -L "$SOCK" capture-pane -p -t zc | grep -q "Zombies:" && break
	sleep 0.1
done
sleep 2
(for _ in $(seq $((ZCHECKS / 3 + 2))); do
	sh -c 'for i in $(seq 20); do sleep 0 & done; exec sleep 2.2' &
	sleep 1.5
done; wait) &
ZGEN=$!
: >"$TMP/zc"
(while :; do t=$(date +%s%3N); n=$(psz); echo "$t $n $(date +%s%3N)"; done >>"$TMP/zc") &
ZSAMPLER=$!
sleep 3
ZOK=0 ZBAD=0
for _ in $(seq "$ZCHECKS"); do
	h=$(tmux -L "$SOCK" capture-pane -p -t zc | sed -n 's/.*Zombies: \([0-9]*\).*/\1/p' | head -1)
	now=$(date +%s%3N)
	sleep 1 # the ps run under way when the header was read ends
	if awk -v h="$h" -v t="$now" '$1 >= t - 2500 && $3 <= t + 1000 {
		if (lo == "" || $2 < lo) lo = $2; if (hi == "" || $2 > hi) hi = $2 }
		END { exit !(h != "" && lo != "" && h + 0 >= lo && h + 0 <= hi) }' "$TMP/zc"; then
		ZOK=$((ZOK + 1))
	else
		ZBAD=$((ZBAD + 1))
		echo "zombie check: header ${h:-none}, ps $(awk -v t="$now" '$1 >= t - 2500 && $3 <= t + 1000 { printf "%s ", $2 }' "$TMP/zc")" >&2
	fi
done
kill "$ZSAMPLER" 2>/dev/null
wait "$ZGEN" "$ZSAMPLER" 2>/dev/null
tmux -L "$SOCK" kill-session -t zc
ZVERDICT=$([ $((ZBAD * 10)) -le "$ZCHECKS" ] && echo ok || echo FAILED)
