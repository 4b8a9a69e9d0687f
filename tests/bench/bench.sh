#!/bin/bash
# Side-by-side benchmark (make bench). Builds its own load of processes,
# then measures zombietop against the floor, ps, pstree, top and htop in the
# same run, alternating, and prints ratios (medians of ROUNDS, with spread).
# Ratios are the result; absolute times depend on the machine.
# Environment: BENCH_SCALE (total processes, default ~3,600), ROUNDS (5),
# PASSES (refresh cycles per measurement, 20), TUI_SECONDS (30).
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
ZT=$BUILD/zombietop
B=$BUILD/bench
ROUNDS=${ROUNDS:-5}
PASSES=${PASSES:-20}
TUI_SECONDS=${TUI_SECONDS:-30}
SCALE=${BENCH_SCALE:-3600}
ZOMBIES=$((SCALE / 12))
PARENTS=$(((SCALE - ZOMBIES) / 11))
OUT=${BENCH_OUT:-$BUILD/bench.json}
TMP=$(mktemp -d /tmp/zt-bench.XXXXXX)
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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "null" && b > 0) printf "%.3f", a / b; else print "null" }'; }

echo "load: $PARENTS parents x 10 children + $ZOMBIES zombies"
mkfifo "$TMP/ctl"
"$B/load" "$PARENTS" 10 "$ZOMBIES" <"$TMP/ctl" >"$TMP/load.out" &
LOADPID=$!
exec 3>"$TMP/ctl"
for _ in $(seq 600); do grep -q ready "$TMP/load.out" 2>/dev/null && break; sleep 0.2; done
NPROC=$(ls -d /proc/[0-9]* | wc -l)
echo "processes on the machine: $NPROC"

# 1-2: per-refresh CPU: floor (one stat read per process) vs zombietop's
# scan + tree, alternating A/B.
: >"$TMP/floor" && : >"$TMP/zt"
for _ in $(seq "$ROUNDS"); do
	cpu "$B/floor" "$PASSES" >>"$TMP/floor"
	cpu "$ZT" --bench-refresh "$PASSES" >>"$TMP/zt"
done
read -r FLOOR FLOOR_SP < <(stats <"$TMP/floor")
read -r ZTR ZTR_SP < <(stats <"$TMP/zt")

# 4: whole-process CPU of one listing.
for t in zt ps pstree top; do : >"$TMP/once_$t"; done
for _ in $(seq "$ROUNDS"); do
	cpu "$ZT" --once >>"$TMP/once_zt"
	cpu ps -eo pid,ppid,stat,comm >>"$TMP/once_ps"
	cpu pstree -p >>"$TMP/once_pstree"
	cpu top -b -n 1 >>"$TMP/once_top"
done
for t in zt ps pstree top; do read -r "ONCE_$t" _ < <(stats <"$TMP/once_$t"); done

# 2-3, 5-6: the interactive views side by side in one tmux server for the
# same TUI_SECONDS at a 1 s refresh: CPU from /proc/PID/stat, peak RSS from
# VmHWM, bytes written to the terminal through pipe-pane.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
tui_run() { # NAME CMD...
	local name=$1
	shift
	tmux -L "$SOCK" new-session -d -s "$name" -x 100 -y 30 "$*"
	tmux -L "$SOCK" pipe-pane -t "$name" -o "cat >>$TMP/bytes_$name"
}
pane_pid() { tmux -L "$SOCK" display -p -t "$1" '#{pane_pid}'; }
HTOP=$(command -v htop || true)
tui_run zt "$ZT -d 10"
[ -n "$HTOP" ] && tui_run htop "$HTOP -d 10"
sleep 3
ZPID=$(pane_pid zt)
if ! kill -0 "$ZPID" 2>/dev/null || [ "$(cat /proc/"$ZPID"/comm)" != zombietop ]; then
	echo "interactive view not running: TUI figures skipped"
	ZPID=""
fi
[ -n "$HTOP" ] && HPID=$(pane_pid htop) || HPID=""
declare -A T0 B0
for n in zt htop; do
	p=$([ $n = zt ] && echo "$ZPID" || echo "$HPID")
	[ -n "$p" ] && T0[$n]=$(ticks "$p") && B0[$n]=$(stat -c %s "$TMP/bytes_$n" 2>/dev/null || echo 0)
done
sleep "$TUI_SECONDS"
HZ=$(getconf CLK_TCK)
tui_cpu() { awk -v a="$(ticks "$1")" -v b="$2" -v hz="$HZ" -v s="$TUI_SECONDS" 'BEGIN { printf "%.6f", (a - b) / hz / s }'; }
tui_bytes() { awk -v a="$(stat -c %s "$TMP/bytes_$1" 2>/dev/null || echo 0)" -v b="$2" -v s="$TUI_SECONDS" 'BEGIN { printf "%.1f", (a - b) / s }'; }
hwm() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }
TUI_ZT=null TUI_HTOP=null RSS_ZT=null RSS_HTOP=null BPS_ZT=null BPS_HTOP=null
[ -n "$ZPID" ] && { TUI_ZT=$(tui_cpu "$ZPID" "${T0[zt]}"); RSS_ZT=$(hwm "$ZPID"); BPS_ZT=$(tui_bytes zt "${B0[zt]}"); }
[ -n "$HPID" ] && { TUI_HTOP=$(tui_cpu "$HPID" "${T0[htop]}"); RSS_HTOP=$(hwm "$HPID"); BPS_HTOP=$(tui_bytes htop "${B0[htop]}"); }

PER_ZT=$(awk -v t="$ZTR" -v n="$PASSES" 'BEGIN { printf "%.6f", t / n }')
PER_FLOOR=$(awk -v t="$FLOOR" -v n="$PASSES" 'BEGIN { printf "%.6f", t / n }')
cat <<EOF

processes: $NPROC   rounds: $ROUNDS   refresh passes per round: $PASSES
measure                                   ratio    (median; spread = max-min)
refresh: zombietop / floor                $(ratio "$ZTR" "$FLOOR")    (zombietop $PER_ZT s/pass +-$ZTR_SP, floor $PER_FLOOR s/pass +-$FLOOR_SP per $PASSES)
view CPU over ${TUI_SECONDS}s: zombietop / htop      $(ratio "$TUI_ZT" "$TUI_HTOP")    ($TUI_ZT vs $TUI_HTOP CPU s per s)
--once / ps -eo pid,ppid,stat,comm        $(ratio "$ONCE_zt" "$ONCE_ps")    ($ONCE_zt vs $ONCE_ps s)
--once / pstree -p                        $(ratio "$ONCE_zt" "$ONCE_pstree")    ($ONCE_pstree s)
--once / top -b -n 1                      $(ratio "$ONCE_zt" "$ONCE_top")    ($ONCE_top s)
peak RSS: zombietop / htop                $(ratio "$RSS_ZT" "$RSS_HTOP")    ($RSS_ZT vs $RSS_HTOP KiB)
terminal bytes/s: zombietop / htop        $(ratio "$BPS_ZT" "$BPS_HTOP")    ($BPS_ZT vs $BPS_HTOP B/s)
EOF
jq -n --argjson n "$NPROC" --argjson rounds "$ROUNDS" --argjson passes "$PASSES" \
	--argjson zt_floor "$(ratio "$ZTR" "$FLOOR")" \
	--argjson view_htop "$(ratio "$TUI_ZT" "$TUI_HTOP")" \
	--argjson once_ps "$(ratio "$ONCE_zt" "$ONCE_ps")" \
	--argjson once_pstree "$(ratio "$ONCE_zt" "$ONCE_pstree")" \
	--argjson once_top "$(ratio "$ONCE_zt" "$ONCE_top")" \
	--argjson rss_htop "$(ratio "$RSS_ZT" "$RSS_HTOP")" \
	--argjson bytes_htop "$(ratio "$BPS_ZT" "$BPS_HTOP")" \
	'{processes: $n, rounds: $rounds, passes: $passes, ratios: {refresh_vs_floor: $zt_floor, view_cpu_vs_htop: $view_htop, once_vs_ps: $once_ps, once_vs_pstree: $once_pstree, once_vs_top: $once_top, peak_rss_vs_htop: $rss_htop, terminal_bytes_vs_htop: $bytes_htop}}' >"$OUT"
echo "JSON: $OUT"
