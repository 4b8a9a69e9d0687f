#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Side-by-side benchmark (make bench). Builds its own load of processes,
# then measures zombietop against the floor, ps, pstree, top and htop in the
# same run, alternating, and prints ratios (medians of ROUNDS, with spread).
# Ratios are the result; absolute times depend on the machine.
# Environment: BENCH_SCALE (total processes, default ~3,600), ROUNDS (5),
# PASSES (refresh cycles per measurement, 20), TUI_SECONDS (30 per view),
# TUI_ROUNDS (3 alternating windows per view), TUI_WARM (seconds a view
# runs after its first screen before a window starts, 12: past the
# view's first 10 s, in which a zombie older than the view has its AGE
# counted each second, so the windows see the view at rest; 1.5 measures
# its start), BENCH_ONLY=table (only the
# process table's memory at the load, then stop), zombies (only the
# header's zombie check, tests/bench/bench_zcheck.sh) or bytes (only the
# views' CPU and terminal bytes). The views run with the defaults, not
# the user's zombietoprc.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
ZT=$BUILD/zombietop
B=$BUILD/bench
ROUNDS=${ROUNDS:-5}
PASSES=${PASSES:-20}
TUI_SECONDS=${TUI_SECONDS:-30}
TUI_ROUNDS=${TUI_ROUNDS:-3}
TUI_WARM=${TUI_WARM:-12}
SCALE=${BENCH_SCALE:-3600}
ZOMBIES=$((SCALE / 12))
PARENTS=$(((SCALE - ZOMBIES) / 11))
OUT=${BENCH_OUT:-$BUILD/bench.json}
TMP=$(mktemp -d /tmp/zt-bench.XXXXXX)
export XDG_CONFIG_HOME=$TMP/config
SOCK=zt-bench-$$
LOADPID=""

# A large load needs PIDs beyond the default pid_max (32768): raise it for
# the run where we may (root), and put it back afterwards.
PIDMAX_OLD=$(cat /proc/sys/kernel/pid_max)
if [ "$((SCALE * 2))" -gt "$PIDMAX_OLD" ] && [ -w /proc/sys/kernel/pid_max ]; then
	echo $((SCALE * 4)) >/proc/sys/kernel/pid_max
fi

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	# EOF on its control pipe makes the load kill its whole group.
	exec 3>&- 2>/dev/null
	[ -n "$LOADPID" ] && wait "$LOADPID" 2>/dev/null
	rm -rf "$TMP"
	[ "$(cat /proc/sys/kernel/pid_max)" != "$PIDMAX_OLD" ] &&
		echo "$PIDMAX_OLD" >/proc/sys/kernel/pid_max
}
trap cleanup EXIT

# cpu CMD...: CPU seconds (user+sys) of one run of CMD.
cpu() { "$B/cputime" "$@" 2>&1 >/dev/null | tail -1 | cut -d' ' -f1; }

# median and spread (max-min) of numbers on stdin.
stats() { sort -g | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.6f %.6f\n", m, a[NR]-a[1]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "null" && b != "null" && b + 0 > 0) printf "%.3f", a / b; else print "null" }'; }

echo "load: $PARENTS parents x 10 children + $ZOMBIES zombies"
mkfifo "$TMP/ctl"
"$B/load" "$PARENTS" 10 "$ZOMBIES" <"$TMP/ctl" >"$TMP/load.out" &
LOADPID=$!
exec 3>"$TMP/ctl"
for _ in $(seq 600); do grep -q ready "$TMP/load.out" 2>/dev/null && break; sleep 0.2; done
NPROC=$(find /proc -maxdepth 1 -name "[0-9]*" 2>/dev/null | wc -l)
echo "processes on the machine: $NPROC"

# 0: the process table's memory at this load (ptable_info.bytes after the
# view's refreshes: records, index, ring of lives, reap statistics), from
# --bench-refresh's "process table:" line. The refresh rounds below give
# it again; BENCH_ONLY=table measures it alone.
table_line() { awk '/^process table:/ { print $3, $5 }' "$1" | tail -1; }
if [ "${BENCH_ONLY:-}" = table ]; then
	"$ZT" --bench-refresh 3 2>"$TMP/err" >/dev/null
	read -r TREC TBYTES < <(table_line "$TMP/err")
	awk -v n="$NPROC" -v r="$TREC" -v b="$TBYTES" 'BEGIN { printf "process table at %d processes: %d records, %d bytes (%.2f MiB, %.0f bytes a record)\n", n, r, b, b / 1048576, b / (r > 0 ? r : 1) }'
	exit 0
fi
if [ "${BENCH_ONLY:-}" = zombies ]; then
	tmux -L "$SOCK" -f /dev/null start-server \; set -g exit-empty off
	. tests/bench/bench_zcheck.sh
	echo "header zombies = ps within one refresh: $ZVERDICT ($ZOK of $ZCHECKS)"
	[ "$ZVERDICT" = ok ]
	exit
fi

# BENCH_ONLY=bytes: only the views (2-3, 5-6 below: CPU and bytes), on
# the same load: no refresh rounds, no listings, no key latency.
[ "${BENCH_ONLY:-}" = bytes ] && ROUNDS=0

# 1-2: CPU per refresh pass, alternating: the floor (one stat read per
# process), libproc2 alone through our adapter (lp2floor), and zombietop's
# scan + tree + analysis after its first refresh (which reads every command
# line), as --bench-refresh measures it with getrusage, all threads; and
# zombietop with -u (our own user, who owns the load): a filter that
# keeps every row, on partial refreshes as without it.
per_pass() { awk -v t="$1" -v n="$PASSES" 'BEGIN { printf "%.6f\n", t / n }'; }
for f in floor lp2 zt zt_u zt_all worst block table; do : >"$TMP/$f"; done
for _ in $(seq "$ROUNDS"); do
	per_pass "$(cpu "$B/floor" "$PASSES")" >>"$TMP/floor"
	per_pass "$(cpu "$B/lp2floor" "$PASSES")" >>"$TMP/lp2"
	"$B/cputime" "$ZT" --bench-refresh "$PASSES" 2>"$TMP/err" >/dev/null
	per_pass "$(tail -1 "$TMP/err" | cut -d' ' -f1)" >>"$TMP/zt_all"
	awk '/steady refresh CPU/ { print $4 }' "$TMP/err" >>"$TMP/zt"
	awk '/slowest refresh/ { print $3 }' "$TMP/err" >>"$TMP/worst"
	awk '/longest input block/ { print $4 }' "$TMP/err" >>"$TMP/block"
	table_line "$TMP/err" >>"$TMP/table"
	"$ZT" --bench-refresh "$PASSES" -u "$(id -u)" 2>"$TMP/err" >/dev/null
	awk '/steady refresh CPU/ { print $4 }' "$TMP/err" >>"$TMP/zt_u"
done
read -r PER_FLOOR FLOOR_SP < <(stats <"$TMP/floor")
read -r PER_LP2 LP2_SP < <(stats <"$TMP/lp2")
read -r PER_ZT ZTR_SP < <(stats <"$TMP/zt")
read -r PER_ZT_U ZTU_SP < <(stats <"$TMP/zt_u")
read -r PER_ZT_ALL _ < <(stats <"$TMP/zt_all")
read -r TREC TBYTES < <(sort -k2 -g "$TMP/table" | tail -1)
TMIB=$(awk -v b="${TBYTES:-0}" 'BEGIN { printf "%.2f", b / 1048576 }')
WORST=$(sort -g "$TMP/worst" | tail -1)
BLOCK=$(sort -g "$TMP/block" | tail -1)

# 4: whole-process CPU of one listing.
for t in zt ps pstree top; do : >"$TMP/once_$t"; done
for _ in $(seq "$ROUNDS"); do
	cpu "$ZT" --once >>"$TMP/once_zt"
	cpu ps -eo pid,ppid,stat,comm >>"$TMP/once_ps"
	cpu pstree -p >>"$TMP/once_pstree"
	cpu top -b -n 1 >>"$TMP/once_top"
done
for t in zt ps pstree top; do read -r "ONCE_$t" _ < <(stats <"$TMP/once_$t"); done

# 2-3, 5-6: the interactive views at -d 10 (1 s) in tmux, alternating
# zombietop and htop, TUI_ROUNDS windows each adding up to TUI_SECONDS.
# Each window starts TUI_WARM seconds after the program has drawn its
# first screen, so start-up is not counted: CPU from
# the run time of each thread in /proc/PID/task/*/schedstat (ns: a view
# uses a few clock ticks a second, so /proc/PID/stat's ticks, the fallback,
# would be a tenth of the figure), peak RSS from VmHWM, terminal bytes
# through pipe-pane.
cpu_s() {
	if [ -r "/proc/$1/schedstat" ]; then
		cat /proc/"$1"/task/*/schedstat 2>/dev/null |
			awk '{ s += $1 } END { printf "%.6f", s / 1e9 }'
	else
		awk -v hz="$HZ" '{ sub(/^.*\) /, ""); printf "%.6f", ($12 + $13) / hz }' "/proc/$1/stat"
	fi
}
hwm() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)
SLICE=$(awk -v s="$TUI_SECONDS" -v r="$TUI_ROUNDS" 'BEGIN { printf "%.1f", s / r }')
# tui_window NAME COMM MARKER CMD: appends "cpu_per_s bytes_per_s hwm_kib"
# to $TMP/tui_NAME, or says why it could not.
tui_window() {
	local name=$1 comm=$2 marker=$3 cmd=$4 pid t0 b0 t1 b1 rss
	: >"$TMP/bytes_$name"
	tmux -L "$SOCK" new-session -d -s "$name" -x 100 -y 30 "$cmd"
	tmux -L "$SOCK" pipe-pane -t "$name" -o "cat >>$TMP/bytes_$name"
	pid=$(tmux -L "$SOCK" display -p -t "$name" '#{pane_pid}')
	for _ in $(seq 100); do
		tmux -L "$SOCK" capture-pane -p -t "$name" 2>/dev/null |
			grep -q "$marker" && break
		sleep 0.1
	done
	if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$comm" ] ||
		! tmux -L "$SOCK" capture-pane -p -t "$name" | grep -q "$marker"; then
		echo "$name: not running or nothing drawn: skipped" >&2
		tmux -L "$SOCK" kill-session -t "$name" 2>/dev/null
		return
	fi
	sleep "$TUI_WARM"
	t0=$(cpu_s "$pid") b0=$(stat -c %s "$TMP/bytes_$name")
	sleep "$SLICE"
	t1=$(cpu_s "$pid") b1=$(stat -c %s "$TMP/bytes_$name") rss=$(hwm "$pid")
	tmux -L "$SOCK" kill-session -t "$name"
	awk -v t0="$t0" -v t1="$t1" -v b="$((b1 - b0))" -v s="$SLICE" \
		-v r="$rss" 'BEGIN { printf "%.6f %.1f %d\n", (t1 - t0) / s, b / s, r }' \
		>>"$TMP/tui_$name"
}
HTOP=$(command -v htop || true)
: >"$TMP/tui_zt" && : >"$TMP/tui_htop"
tmux -L "$SOCK" -f /dev/null start-server \; set -g exit-empty off
for _ in $(seq "$TUI_ROUNDS"); do
	tui_window zt zombietop "Tasks:" "$ZT -d 10"
	[ -n "$HTOP" ] && tui_window htop htop "Tasks:" "$HTOP -d 10"
done
if [ "${BENCH_ONLY:-}" = bytes ]; then
	medf() { [ -s "$2" ] && cut -d' ' -f"$1" "$2" | stats | cut -d' ' -f1 || echo null; }
	BPS_ZT=$(medf 2 "$TMP/tui_zt") BPS_HTOP=$(medf 2 "$TMP/tui_htop")
	CPS_ZT=$(medf 1 "$TMP/tui_zt") CPS_HTOP=$(medf 1 "$TMP/tui_htop")
	echo "view CPU at -d 10: zombietop / htop       $(ratio "$CPS_ZT" "$CPS_HTOP")    ($CPS_ZT vs $CPS_HTOP CPU s per s, $TUI_ROUNDS x ${SLICE}s each)"
	echo "terminal bytes/s: zombietop / htop        $(ratio "$BPS_ZT" "$BPS_HTOP")    ($BPS_ZT vs $BPS_HTOP B/s, $TUI_ROUNDS x ${SLICE}s each)"
	exit 0
fi
# 8: files opened per refresh of the view's model (--bench-refresh, 28
# rows shown as in a 30-line terminal), counted by strace between the
# markers (getppid) it makes before each pass: the steady partial
# refreshes, the full ones (libproc2 opens the /proc directory; a sweep
# opens it as "." from the /proc fd procfs keeps) and the
# one after a burst of 1,000 exits (ZT_BENCH_BURST, before the middle
# pass). One run: counts do not vary with the machine's load.
ZT_BENCH_BURST=1000 strace -f -qq -e trace=openat,getppid -o "$TMP/strace" \
	"$ZT" --bench-refresh 22 >/dev/null 2>"$TMP/opens.err"
awk '/getppid/ { n++; next }
	/openat/ && n > 0 { c[n]++; if (/"(\/proc|\.)", .*O_DIRECTORY/) full[n] = 1 }
	END { for (i = 1; i <= n; i++) print i, c[i] + 0, full[i] + 0 }' \
	"$TMP/strace" >"$TMP/opens"
BURST_PASS=11 # 22 / 2: the pass after the burst
OPEN_STEADY=$(awk -v b=$BURST_PASS '$3 == 0 && $1 != b { print $2 }' "$TMP/opens" | stats | awk '{ printf "%d", $1 }')
OPEN_FULL=$(awk '$3 == 1 { print $2 }' "$TMP/opens" | stats | awk '{ printf "%d", $1 }')
OPEN_BURST=$(awk -v b=$BURST_PASS '$1 == b { print $2 }' "$TMP/opens")
OPEN_KINDS=$(grep refreshes: "$TMP/opens.err" | cut -d' ' -f2-)

# 9: the header's zombie count against ps's (tests/bench/bench_zcheck.sh).
. tests/bench/bench_zcheck.sh

# 7: key latency, as a user feels it: a key opens the help screen and the
# same key closes it, KEYS times each, at times unrelated to the refresh;
# each is timed from send-keys until capture-pane shows the change (tmux's
# own round trip, a few ms, included). zombietop, then htop the same way.
KEYS=${KEYS:-20}
now_ms() { date +%s%3N; }
# key_wait KEY MARKER WANT: sends KEY, polls until MARKER is shown (WANT 0)
# or gone (WANT 1); prints the milliseconds, or nothing after 10 s.
key_wait() {
	local t0 t
	t0=$(now_ms)
	tmux -L "$SOCK" send-keys -t lat "$1"
	for _ in $(seq 2000); do
		tmux -L "$SOCK" capture-pane -p -t lat | grep -q "$2"
		[ $? = "$3" ] && { t=$(now_ms); echo $((t - t0)); return; }
		[ $(($(now_ms) - t0)) -gt 10000 ] && return
	done
}
# key_latency NAME CMD KEY MARKER: appends one line per key to keys_NAME.
key_latency() {
	: >"$TMP/keys_$1"
	tmux -L "$SOCK" new-session -d -s lat -x 100 -y 30 "$2"
	for _ in $(seq 100); do
		tmux -L "$SOCK" capture-pane -p -t lat | grep -q "Tasks:" && break
		sleep 0.1
	done
	sleep 1.5
	for _ in $(seq "$KEYS"); do
		sleep "0.$((RANDOM % 9 + 1))"
		key_wait "$3" "$4" 0 >>"$TMP/keys_$1"
		key_wait "$3" "$4" 1 >>"$TMP/keys_$1"
	done
	tmux -L "$SOCK" kill-session -t lat
}
# tmux's own round trip, the floor under both: cat echoes a key at once.
tmux_floor() {
	local t0 t
	: >"$TMP/keys_tmux"
	tmux -L "$SOCK" new-session -d -s lat -x 100 -y 30 cat
	sleep 1
	for i in $(seq "$KEYS"); do
		sleep "0.$((RANDOM % 9 + 1))"
		t0=$(now_ms)
		tmux -L "$SOCK" send-keys -t lat "k${i}x"
		for _ in $(seq 2000); do
			tmux -L "$SOCK" capture-pane -p -t lat | grep -q "k${i}x" &&
				{ t=$(now_ms); echo $((t - t0)) >>"$TMP/keys_tmux"; break; }
			[ $(($(now_ms) - t0)) -gt 10000 ] && break
		done
	done
	tmux -L "$SOCK" kill-session -t lat
}
tmux_floor
key_latency zt "$ZT -d 10" "?" "zombietop keys"
[ -n "$HTOP" ] && key_latency htop "$HTOP -d 10" h "Released under the GNU"
keystat() { [ -s "$TMP/keys_$1" ] && echo "$(stats <"$TMP/keys_$1" | cut -d' ' -f1 | cut -d. -f1) $(sort -g "$TMP/keys_$1" | tail -1) $(wc -l <"$TMP/keys_$1")" || echo "null null 0"; }
read -r KEY_MED KEY_MAX KEY_N < <(keystat zt)
read -r HKEY_MED HKEY_MAX HKEY_N < <(keystat htop)
read -r TKEY_MED TKEY_MAX TKEY_N < <(keystat tmux)

# col N FILE: median of column N, or null when there are no rows.
col() { [ -s "$2" ] && cut -d' ' -f"$1" "$2" | stats | cut -d' ' -f1 || echo null; }
colmax() { [ -s "$2" ] && cut -d' ' -f"$1" "$2" | sort -g | tail -1 || echo null; }
TUI_ZT=$(col 1 "$TMP/tui_zt") BPS_ZT=$(col 2 "$TMP/tui_zt") RSS_ZT=$(colmax 3 "$TMP/tui_zt")
TUI_HTOP=$(col 1 "$TMP/tui_htop") BPS_HTOP=$(col 2 "$TMP/tui_htop") RSS_HTOP=$(colmax 3 "$TMP/tui_htop")
spread() { [ -s "$2" ] && cut -d' ' -f"$1" "$2" | stats | cut -d' ' -f2 || echo null; }
TUI_ZT_SP=$(spread 1 "$TMP/tui_zt") TUI_HTOP_SP=$(spread 1 "$TMP/tui_htop")
# The view's refresh CPU against the floor's one pass: the view's CPU
# seconds per second at a 1 s refresh is its CPU per refresh.

cat <<EOF

processes: $NPROC   rounds: $ROUNDS   refresh passes per round: $PASSES
measure                                   ratio    (median; spread = max-min)
refresh: zombietop / floor                $(ratio "$PER_ZT" "$PER_FLOOR")    (CPU s per pass: zombietop $PER_ZT +-$ZTR_SP, floor $PER_FLOOR +-$FLOOR_SP)
refresh: libproc2 alone / floor           $(ratio "$PER_LP2" "$PER_FLOOR")    (libproc2 $PER_LP2 +-$LP2_SP: the collector's own share)
refresh: zombietop / libproc2 alone       $(ratio "$PER_ZT" "$PER_LP2")    (what zombietop adds to its collector)
refresh with -u (every row kept) / floor  $(ratio "$PER_ZT_U" "$PER_FLOOR")    ($PER_ZT_U +-$ZTU_SP CPU s per pass)
whole run incl. first pass / floor        $(ratio "$PER_ZT_ALL" "$PER_FLOOR")    ($PER_ZT_ALL s per pass, the first reads every command line)
view CPU per s at -d 10 / floor pass      $(ratio "$TUI_ZT" "$PER_FLOOR")    (target <= 0.25; view $TUI_ZT CPU s per s, kernel events on: partial refreshes, a sweep of every process in 10)
view CPU at -d 10: zombietop / htop       $(ratio "$TUI_ZT" "$TUI_HTOP")    (target <= 0.1; $TUI_ZT +-$TUI_ZT_SP vs $TUI_HTOP +-$TUI_HTOP_SP CPU s per s, $TUI_ROUNDS x ${SLICE}s each)
slowest refresh (wall, scan on a thread)  ${WORST} s
longest input block (main thread)         ${BLOCK} s
process table memory (ptable_info.bytes)  ${TMIB} MiB    (${TBYTES:-null} bytes, ${TREC:-null} records; the largest of the rounds)
key latency via tmux, median / worst      ${KEY_MED} / ${KEY_MAX} ms    (htop ${HKEY_MED} / ${HKEY_MAX} ms; $KEY_N and $HKEY_N of $((2 * KEYS)) keys seen within 10 s)
tmux's own round trip (cat), med / worst  ${TKEY_MED} / ${TKEY_MAX} ms    (included in both figures above)
--once / ps -eo pid,ppid,stat,comm        $(ratio "$ONCE_zt" "$ONCE_ps")    ($ONCE_zt vs $ONCE_ps s)
--once / pstree -p                        $(ratio "$ONCE_zt" "$ONCE_pstree")    ($ONCE_pstree s)
--once / top -b -n 1                      $(ratio "$ONCE_zt" "$ONCE_top")    ($ONCE_top s)
peak RSS: zombietop / htop                $(ratio "$RSS_ZT" "$RSS_HTOP")    ($RSS_ZT vs $RSS_HTOP KiB)
terminal bytes/s: zombietop / htop        $(ratio "$BPS_ZT" "$BPS_HTOP")    ($BPS_ZT vs $BPS_HTOP B/s)
files opened per refresh, partial         ${OPEN_STEADY}    (full scan or sweep ${OPEN_FULL}; after 1,000 exits ${OPEN_BURST}; ${OPEN_KINDS})
partial / full refresh, files opened      $(ratio "$OPEN_STEADY" "$OPEN_FULL")
header zombies = ps within one refresh    ${ZVERDICT}    ($ZOK of $((ZOK + ZBAD)) checks within ps's counts of the last 2.5 s, while 20-zombie groups came and went)
EOF
jq -n --argjson n "$NPROC" --argjson rounds "$ROUNDS" --argjson passes "$PASSES" \
	--argjson zt_floor "$(ratio "$PER_ZT" "$PER_FLOOR")" \
	--argjson lp2_floor "$(ratio "$PER_LP2" "$PER_FLOOR")" \
	--argjson zt_u_floor "$(ratio "$PER_ZT_U" "$PER_FLOOR")" \
	--argjson zt_lp2 "$(ratio "$PER_ZT" "$PER_LP2")" \
	--argjson view_htop "$(ratio "$TUI_ZT" "$TUI_HTOP")" \
	--argjson once_ps "$(ratio "$ONCE_zt" "$ONCE_ps")" \
	--argjson once_pstree "$(ratio "$ONCE_zt" "$ONCE_pstree")" \
	--argjson once_top "$(ratio "$ONCE_zt" "$ONCE_top")" \
	--argjson rss_htop "$(ratio "$RSS_ZT" "$RSS_HTOP")" \
	--argjson bytes_htop "$(ratio "$BPS_ZT" "$BPS_HTOP")" \
	--argjson view_floor "$(ratio "$TUI_ZT" "$PER_FLOOR")" \
	--argjson opens "$(jq -n --argjson a "${OPEN_STEADY:-null}" --argjson b "${OPEN_FULL:-null}" --argjson c "${OPEN_BURST:-null}" '{partial: $a, full: $b, after_1000_exits: $c}')" \
	--argjson zcheck "$(jq -n --argjson a "$ZOK" --argjson b "$ZBAD" '{matched: $a, missed: $b}')" \
	--argjson worst "${WORST:-null}" \
	--argjson block "${BLOCK:-null}" \
	--argjson tbytes "${TBYTES:-null}" --argjson trec "${TREC:-null}" \
	--argjson keymed "${KEY_MED:-null}" --argjson keymax "${KEY_MAX:-null}" \
	--argjson hkeymed "${HKEY_MED:-null}" --argjson hkeymax "${HKEY_MAX:-null}" \
	--argjson tkeymed "${TKEY_MED:-null}" --argjson tkeymax "${TKEY_MAX:-null}" \
	--argjson abs "$(jq -n --argjson a "$TUI_ZT" --argjson b "$TUI_HTOP" --argjson c "${RSS_ZT}" --argjson d "${RSS_HTOP}" --argjson e "$BPS_ZT" --argjson f "$BPS_HTOP" --argjson g "$PER_ZT" --argjson h "$PER_FLOOR" '{view_cpu_zt: $a, view_cpu_htop: $b, rss_zt_kib: $c, rss_htop_kib: $d, bytes_s_zt: $e, bytes_s_htop: $f, refresh_s_zt: $g, pass_s_floor: $h}')" \
	'{processes: $n, rounds: $rounds, passes: $passes, ratios: {refresh_vs_floor: $zt_floor, refresh_user_vs_floor: $zt_u_floor, libproc2_vs_floor: $lp2_floor, refresh_vs_libproc2: $zt_lp2, view_cpu_vs_htop: $view_htop, once_vs_ps: $once_ps, once_vs_pstree: $once_pstree, once_vs_top: $once_top, peak_rss_vs_htop: $rss_htop, terminal_bytes_vs_htop: $bytes_htop, view_refresh_vs_floor: $view_floor}, slowest_refresh_s: $worst, files_opened_per_refresh: $opens, header_zombies_vs_ps: $zcheck, longest_input_block_s: $block, process_table: {bytes: $tbytes, records: $trec}, key_latency_ms: {median: $keymed, worst: $keymax, htop_median: $hkeymed, htop_worst: $hkeymax, tmux_median: $tkeymed, tmux_worst: $tkeymax}, absolute: $abs}' >"$OUT"
echo "JSON: $OUT"
# The recorder against htop and atop, on the same load.
. tests/bench/bench_rec.sh
[ "$ZVERDICT" = ok ] || { echo "bench: the header's zombie count missed ps's $ZBAD of $ZCHECKS times" >&2; exit 1; }
