# SPDX-License-Identifier: GPL-2.0-or-later
# The recorder's part of make bench, sourced by bench.sh while its load
# runs (it uses ZT, B, TMP, HZ, SLICE, TUI_SECONDS, TUI_HTOP, ratio and
# cpu_s from there). Prints, side by side:
# - recording CPU at -d 10 on the load against htop's view at -d 10
#   (target: at most 1/10), CPU as bench.sh's views over TUI_SECONDS;
# - file size: --record -d 100 and `atop -w FILE 10` run side by side for
#   REC_SECONDS (default 120: the issue's 10 minutes scaled down for the
#   bench; both grow linearly after their first sample);
# - opening a synthetic one-hour recording (3,600 refreshes of this
#   machine's table, tests/bench/recgen) and seeking to its end (target:
#   under 1 s), and --replay --once --at -0 of it, whole process.
REC_SECONDS=${REC_SECONDS:-120}

# rec_cpu: CPU seconds per second of a recorder at -d 10.
rec_cpu() {
	local f=$TMP/cpu.ztr pid t0 t1
	"$ZT" --record "$f" -d 10 2>/dev/null &
	pid=$!
	sleep 1.5
	t0=$(cpu_s "$pid")
	sleep "$TUI_SECONDS"
	t1=$(cpu_s "$pid")
	kill -INT "$pid"
	wait "$pid"
	awk -v t0="$t0" -v t1="$t1" -v s="$TUI_SECONDS" \
		'BEGIN { printf "%.6f\n", (t1 - t0) / s }'
}
REC_CPU=$(rec_cpu)

# Sizes over the same REC_SECONDS, recorder and atop started together.
ZSIZE=null ASIZE=null
ATOP=$(command -v atop || true)
"$ZT" --record "$TMP/size.ztr" -d 100 2>/dev/null &
ZREC=$!
if [ -n "$ATOP" ]; then
	"$ATOP" -w "$TMP/atop.raw" 10 >/dev/null 2>&1 &
	AREC=$!
fi
sleep "$REC_SECONDS"
kill -INT "$ZREC"
wait "$ZREC"
ZSIZE=$(stat -c %s "$TMP/size.ztr")
if [ -n "$ATOP" ]; then
	# atop keeps SIGINT ignored in a background job: SIGTERM.
	kill -TERM "$AREC"
	wait "$AREC" 2>/dev/null
	ASIZE=$(stat -c %s "$TMP/atop.raw" 2>/dev/null || echo null)
fi

# One hour of refreshes, made at once; open + seek to the end.
read -r SEEK_S SEEK_N SEEK_P < <("$B/recgen" "$TMP/hour.ztr" 3600)
HOUR_SIZE=$(stat -c %s "$TMP/hour.ztr")
T0=$(date +%s%N)
"$ZT" --replay "$TMP/hour.ztr" --once --json --at -0 >/dev/null
REPLAY_S=$(awk -v a="$T0" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')

cat <<EOF2
recording CPU at -d 10 / htop view        $(ratio "$REC_CPU" "$TUI_HTOP")    ($REC_CPU vs $TUI_HTOP CPU s per s; target <= 0.1)
file size: --record / atop -w, 10 s       $(ratio "$ZSIZE" "$ASIZE")    ($ZSIZE vs $ASIZE bytes over ${REC_SECONDS} s, scaled down from 10 min; target < 1)
open + seek to the end of 1 h             ${SEEK_S:-null} s    ($SEEK_N refreshes of $SEEK_P processes, $HOUR_SIZE bytes; --replay --once --json --at -0 whole run ${REPLAY_S} s; target < 1 s)
EOF2
jq -n --argjson cpu "${REC_CPU:-null}" --argjson htop "${TUI_HTOP:-null}" \
	--argjson zs "$ZSIZE" --argjson asz "$ASIZE" --argjson secs "$REC_SECONDS" \
	--argjson seek "${SEEK_S:-null}" --argjson n "${SEEK_N:-null}" \
	--argjson p "${SEEK_P:-null}" --argjson hs "$HOUR_SIZE" \
	--argjson replay "$REPLAY_S" \
	'{record_cpu_s_per_s: $cpu, htop_view_cpu_s_per_s: $htop,
	  record_vs_htop: (if $cpu and $htop and $htop > 0 then $cpu / $htop else null end),
	  size_seconds: $secs, record_bytes: $zs, atop_bytes: $asz,
	  record_vs_atop: (if $zs and $asz and $asz > 0 then $zs / $asz else null end),
	  hour: {refreshes: $n, processes: $p, bytes: $hs, open_seek_end_s: $seek,
	         replay_once_s: $replay}}' >"${OUT%.json}_rec.json"
echo "JSON: ${OUT%.json}_rec.json"
