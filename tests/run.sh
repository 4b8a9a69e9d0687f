#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the whole suite: cmocka unit tests, the unit tests again under
# valgrind, the fuzz corpus, and the integration and TUI scripts. Counts
# cases and ends with the line "N passed, N failed, N skipped".
# Meant to run under build/helpers/subreaper (make check does this).
# The tests run ZT_JOBS at a time (2 by default): each is a job whose output
# is kept and printed whole when it ends, followed by its wall time
# ("-- NAME: S s"); the total comes before the last line. The slowest of
# the last run ($BUILD/test-times) start first, so that no long one is
# left running alone at the end. A script with the line "# zt-run: alone"
# runs with no other test beside it.
#   --unit          the unit tests, valgrind and the fuzz corpus only
#   ZT_TESTS="a b"  only these scripts (names without .sh)
#   ZT_UNIT=0       no unit tests, valgrind or fuzz corpus (make stress)
#   ZT_VALGRIND=0   no valgrind pass
#   ZT_UNIT_SKIP="test_x ..."  unit tests not run, ZT_UNIT_SKIP_WHY says why
#   ZT_TIMEOUT=S    seconds a script may take (300)
#   ZT_JOBS=N       tests run at a time (2; 1 runs them one after another)
cd "$(dirname "$0")/.." || exit 1
UNIT=${ZT_UNIT:-1} SCRIPTS=1
[ "${1:-}" = --unit ] && SCRIPTS=0
BUILD=${BUILD:-build}
JOBS=${ZT_JOBS:-2}
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || JOBS=1
# wait -n -p (which job ended) is bash 5.1's: one at a time before.
((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) || JOBS=1
export BUILD ZT=$BUILD/zombietop HELPERS=$BUILD/helpers
# LeakSanitizer (the ASan build) is told of libproc2's per-thread buffers.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
TIMES=$BUILD/test-times
pass=0 failn=0 skipn=0
jobdir=$(mktemp -d)
trap 'rm -rf "$jobdir"' EXIT
t_all=$EPOCHREALTIME

# us_since START: microseconds since START ($EPOCHREALTIME).
us_since() {
	local now=$EPOCHREALTIME
	echo $((${now//[.,]/} - ${1//[.,]/}))
}

# timed NAME US: the line "-- NAME: S s".
timed() {
	printf -- '-- %s: %d.%02d s\n' "$1" $(($2 / 1000000)) $(($2 % 1000000 / 10000))
}

# Each job writes its report on stdout (a file of its own, printed whole
# when it ends) and its counts "PASSED FAILED SKIPPED" into the file $RES.

# unit TEST: one cmocka binary.
unit() {
	local t=$1 log=$jobdir/$JOBN.log p f rc
	echo "== $t"
	"$t" >"$log" 2>&1
	rc=$?
	grep -E '^\[  (FAILED|PASSED)' "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0} f=${f:-0}
	# A crash, or a sanitizer report after an all-passed summary (LSan
	# runs at exit), counts as one failure.
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		echo "not ok - $t exited with status $rc"
		cat "$log"
	elif [ "$f" != 0 ]; then
		cat "$log"
	fi
	echo "$p $f 0" >"$RES"
}

# The unit tests again under valgrind (when installed, and not in the ASan
# build, where LeakSanitizer does this): zero leaks and memory errors in the
# test process itself. Forked children (zombies, recorders, lab parents,
# ptrace helpers) are left out: they exit with the parent's heap, and
# valgrind cannot see what PTRACE_GET_RSEQ_CONFIGURATION writes or where
# the kernel's argument area is. ZT_VALGRIND=0 skips this part.
vg_unit() {
	local t=$1 log=$jobdir/$JOBN.log dir vp rc
	dir=$(mktemp -d)
	ZT_VALGRIND_RUN=1 valgrind --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--log-file="$dir/vg.%p" "$t" >"$log" 2>&1 &
	vp=$!
	wait $vp
	rc=$?
	if [ $rc = 0 ] && grep -q 'ERROR SUMMARY: 0 errors' "$dir/vg.$vp"; then
		echo "ok - valgrind $t: $(grep -o 'All heap blocks were freed.*' "$dir/vg.$vp" || echo 'no leaks')"
		echo "1 0 0" >"$RES"
	else
		cat "$log" "$dir/vg.$vp"
		echo "not ok - valgrind $t (status $rc)"
		echo "0 1 0" >"$RES"
	fi
	rm -rf "$dir"
}
valgrind_wanted() {
	[ "$UNIT" != 0 ] && [ "${ZT_VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null &&
		! ldd "$BUILD/zombietop" 2>/dev/null | grep -q libasan
}

# fuzz REPLAY: every corpus input replayed through its harness, one case.
fuzz() {
	local t=$1 n=${1##*/replay_} log=$jobdir/$JOBN.log
	if "$t" tests/fuzz/corpus/"$n"/* >"$log" 2>&1; then
		echo "ok - fuzz corpus $n ($(cat "$log"))"
		echo "1 0 0" >"$RES"
	else
		cat "$log"
		echo "not ok - fuzz corpus $n"
		echo "0 1 0" >"$RES"
	fi
}

# script FILE: an integration or TUI script.
script() {
	local t=$1 log=$jobdir/$JOBN.log rc p f s
	echo "== $t"
	timeout -k 5 "${ZT_TIMEOUT:-300}" bash "$t" >"$log" 2>&1 </dev/null
	rc=$?
	cat "$log"
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	s=$(grep -c '^skip - ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	echo "$p $f $s" >"$RES"
}

# The jobs, "KIND FILE LABEL" (LABEL names it on its time line), in the
# order they would run without history: scripts, the longest, first.
list=()
for t in tests/integration/*.sh tests/tui/*.sh; do
	[ "$SCRIPTS" != 0 ] || break
	[ -f "$t" ] || continue
	case " ${ZT_TESTS:-} " in
	"  ") ;;
	*" $(basename "$t" .sh) "*) ;;
	*) continue ;;
	esac
	list+=("script $t $t")
done
for t in "$BUILD"/tests/test_*; do
	[ "$UNIT" != 0 ] || break
	[ -x "$t" ] && [ -f "$t" ] || continue
	case " ${ZT_UNIT_SKIP:-} " in
	*" ${t##*/} "*)
		echo "skip - $t: ${ZT_UNIT_SKIP_WHY:-ZT_UNIT_SKIP}"
		skipn=$((skipn + 1))
		continue
		;;
	esac
	list+=("unit $t $t")
	valgrind_wanted || continue
	# valgrind 3.19 does not know pidfd_open (syscall 434): sigact, renice
	# and ptreap are built on pidfds, so their tests would test
	# valgrind's ENOSYS; ASan and LeakSanitizer cover them. The event
	# source's tests (evsrc, pevents) time pidfds and fork storms: under
	# valgrind most skip and the rest took 230 s of a make check.
	# The lab sets process titles in the kernel's argument area,
	# which under valgrind is valgrind's own (its --log-file option).
	case $t in *.d | */test_ptreap | */test_ptreap_inject | */test_sigact | */test_renice | */test_evsrc | */test_evsrc_watch | */test_pevents | */test_lab) continue ;; esac
	list+=("vg_unit $t valgrind $t")
done
for t in "$BUILD"/fuzz/replay_*; do
	[ "$UNIT" != 0 ] || break
	[ -x "$t" ] && [ -f "$t" ] || continue
	list+=("fuzz $t fuzz $t")
done

# The last run's times (centiseconds, label) order the jobs, slowest
# first; a job not timed yet keeps its place before them.
declare -A took
if [ -r "$TIMES" ]; then
	while read -r cs label; do
		[[ $cs =~ ^[0-9]+$ ]] && took[$label]=$cs
	done <"$TIMES"
fi
mapfile -t list < <(
	i=0
	for j in "${list[@]}"; do
		read -r _ _ label <<<"$j"
		printf '%s %d %s\n' "${took[$label]:-999999999}" $i "$j"
		i=$((i + 1))
	done | sort -k1,1nr -k2,2n | cut -d' ' -f3-
)

declare -A running # PID -> "N LABEL START"
JOBN=0

# collect: waits for one job to end, prints its report whole and counts it.
collect() {
	local pid n label t0 us p f s
	if [ ${#running[@]} = 1 ]; then
		pid=${!running[*]}
		wait "$pid"
	else
		wait -n -p pid "${!running[@]}"
	fi
	[ -n "$pid" ] && [ -n "${running[$pid]:-}" ] || return 0
	read -r n t0 label <<<"${running[$pid]}"
	unset "running[$pid]"
	us=$(us_since "$t0")
	cat "$jobdir/$n.out"
	read -r p f s 2>/dev/null <"$jobdir/$n.res" ||
		{ echo "not ok - $label: no result"; p=0 f=1 s=0; }
	pass=$((pass + p)) failn=$((failn + f)) skipn=$((skipn + s))
	timed "$label" "$us"
	took[$label]=$((us / 10000))
}

for j in "${list[@]}"; do
	read -r kind file label <<<"$j"
	alone=0
	[ "$kind" = script ] && grep -q '^# zt-run: alone' "$file" && alone=1
	# A job alone waits for all others to end; the others wait for it.
	while [ ${#running[@]} -ge "$JOBS" ] || { [ $alone = 1 ] && [ ${#running[@]} -gt 0 ]; }; do
		collect
	done
	JOBN=$((JOBN + 1))
	RES=$jobdir/$JOBN.res "$kind" "$file" >"$jobdir/$JOBN.out" 2>&1 &
	running[$!]="$JOBN $EPOCHREALTIME $label"
	[ $alone = 1 ] && collect
done
while [ ${#running[@]} -gt 0 ]; do collect; done

# The times for the next run's order (kept for tests not run this time).
if [ -d "$BUILD" ]; then
	for label in "${!took[@]}"; do echo "${took[$label]} $label"; done |
		sort -k1,1nr >"$TIMES.tmp" && mv "$TIMES.tmp" "$TIMES"
fi
timed total "$(us_since "$t_all")"
echo "$pass passed, $failn failed, $skipn skipped"
[ "$failn" = 0 ] && [ "$pass" -gt 0 ]
