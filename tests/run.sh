#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the whole suite: cmocka unit tests, then the integration and TUI
# scripts. Counts cases and ends with the line "N passed, N failed, N skipped".
# Meant to run under build/helpers/subreaper (make check does this).
# Each test's wall time follows it ("-- NAME: S s"), and the total comes
# before the last line.
#   --unit          the unit tests, valgrind and the fuzz corpus only
#   ZT_TESTS="a b"  only these scripts (names without .sh)
#   ZT_UNIT=0       no unit tests, valgrind or fuzz corpus (make stress)
#   ZT_VALGRIND=0   no valgrind pass
#   ZT_UNIT_SKIP="test_x ..."  unit tests not run, ZT_UNIT_SKIP_WHY says why
#   ZT_TIMEOUT=S    seconds a script may take (300)
cd "$(dirname "$0")/.." || exit 1
UNIT=${ZT_UNIT:-1} SCRIPTS=1
[ "${1:-}" = --unit ] && SCRIPTS=0
BUILD=${BUILD:-build}
export BUILD ZT=$BUILD/zombietop HELPERS=$BUILD/helpers
# LeakSanitizer (the ASan build) is told of libproc2's per-thread buffers.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
pass=0 failn=0 skipn=0
log=$(mktemp)
t_all=$EPOCHREALTIME

# timed NAME START: prints how long NAME took since START ($EPOCHREALTIME).
timed() {
	local now=$EPOCHREALTIME
	local us=$((${now//[.,]/} - ${2//[.,]/}))
	printf -- '-- %s: %d.%02d s\n' "$1" $((us / 1000000)) $((us % 1000000 / 10000))
}

count_cmocka() {
	local p f
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	pass=$((pass + ${p:-0}))
	failn=$((failn + ${f:-0}))
	# A crash, or a sanitizer report after an all-passed summary (LSan
	# runs at exit), counts as one failure.
	if [ "$1" != 0 ] && [ "${f:-0}" = 0 ]; then
		failn=$((failn + 1))
		echo "not ok - $2 exited with status $1"
		cat "$log"
	fi
	[ -n "$f" ] && [ "$f" != 0 ] && cat "$log"
}

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
	echo "== $t"
	t0=$EPOCHREALTIME
	"$t" >"$log" 2>&1
	rc=$?
	grep -E '^\[  (FAILED|PASSED)' "$log"
	count_cmocka $rc "$t"
	timed "$t" "$t0"
done

# The unit tests again under valgrind (when installed, and not in the ASan
# build, where LeakSanitizer does this): zero leaks and memory errors in the
# test process itself. Forked children (zombies, recorders, lab parents,
# ptrace helpers) are left out: they exit with the parent's heap, and
# valgrind cannot see what PTRACE_GET_RSEQ_CONFIGURATION writes or where
# the kernel's argument area is. ZT_VALGRIND=0 skips this part.
vg_unit() {
	local t=$1 dir vp rc t0=$EPOCHREALTIME
	dir=$(mktemp -d)
	ZT_VALGRIND_RUN=1 valgrind --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--log-file="$dir/vg.%p" "$t" >"$log" 2>&1 &
	vp=$!
	wait $vp
	rc=$?
	if [ $rc = 0 ] && grep -q 'ERROR SUMMARY: 0 errors' "$dir/vg.$vp"; then
		echo "ok - valgrind $t: $(grep -o 'All heap blocks were freed.*' "$dir/vg.$vp" || echo 'no leaks')"
		pass=$((pass + 1))
	else
		cat "$log" "$dir/vg.$vp"
		echo "not ok - valgrind $t (status $rc)"
		failn=$((failn + 1))
	fi
	rm -rf "$dir"
	timed "valgrind $t" "$t0"
}
if [ "$UNIT" != 0 ] && [ "${ZT_VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null &&
	! ldd "$BUILD/zombietop" 2>/dev/null | grep -q libasan; then
	for t in "$BUILD"/tests/test_*; do
		# valgrind 3.19 does not know pidfd_open (syscall 434): sigact
		# and ptreap are built on pidfds, so their tests would test
		# valgrind's ENOSYS; ASan and LeakSanitizer cover them.
		# The lab sets process titles in the kernel's argument area,
		# which under valgrind is valgrind's own (its --log-file option).
		case $t in *.d | */test_ptreap | */test_ptreap_inject | */test_sigact | */test_lab) continue ;; esac
		[ -x "$t" ] && [ -f "$t" ] && vg_unit "$t"
	done
fi

# Every fuzz corpus input replayed through its harness: one case each.
for t in "$BUILD"/fuzz/replay_*; do
	[ "$UNIT" != 0 ] || break
	[ -x "$t" ] && [ -f "$t" ] || continue
	n=${t##*/replay_}
	if "$t" tests/fuzz/corpus/"$n"/* >"$log" 2>&1; then
		echo "ok - fuzz corpus $n ($(cat "$log"))"
		pass=$((pass + 1))
	else
		cat "$log"
		echo "not ok - fuzz corpus $n"
		failn=$((failn + 1))
	fi
done

for t in tests/integration/*.sh tests/tui/*.sh; do
	[ "$SCRIPTS" != 0 ] || break
	[ -f "$t" ] || continue
	case " ${ZT_TESTS:-} " in
	"  ") ;;
	*" $(basename "$t" .sh) "*) ;;
	*) continue ;;
	esac
	echo "== $t"
	t0=$EPOCHREALTIME
	timeout -k 5 "${ZT_TIMEOUT:-300}" bash "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	s=$(grep -c '^skip - ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	pass=$((pass + p)) failn=$((failn + f)) skipn=$((skipn + s))
	timed "$t" "$t0"
done
rm -f "$log"
timed total "$t_all"
echo "$pass passed, $failn failed, $skipn skipped"
[ "$failn" = 0 ] && [ "$pass" -gt 0 ]
