# SPDX-License-Identifier: GPL-2.0-or-later
# After --reap --via ptrace the parent's interrupted call is restarted by the
# kernel as if nothing had happened, for every restart code: raw nanosleep
# and clock_nanosleep (ERESTART_RESTARTBLOCK, through restart_syscall),
# pause (ERESTARTNOHAND) and read (ERESTARTSYS); each without a seccomp
# filter (the zombie is reaped) and under a filter that traps wait4, forced
# (the SIGSYS is suppressed). The parent (tests/helpers/zguard) must wake
# at its time: not early (a restore at the wrong stop ends the call), not
# much later (polled for 3 times the sleep), with no SIGSYS seen.
. tests/lib.sh

SECS=4
has() { grep -qF -- "$2" "$T_TMP/$1"; }
done_yet() { grep -q '^DONE' "$T_TMP/$1.out"; }
untraced() {
	local t
	t=$(awk '/^TracerPid:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ "${t:-0}" = 0 ]
}

# zguard NAME FILTER CALL: starts the parent; sets P and Z.
zguard() {
	local name=$1
	(exec "$HELPERS/zguard" filter "$2" $SECS "$3" >"$T_TMP/$name.out" \
		2>&1 </dev/null) &
	track $!
	disown $!
	wait_for 10 grep -q '^READY' "$T_TMP/$name.out" || {
		fail "$name: zguard did not start: $(cat "$T_TMP/$name.out")"
		return 1
	}
	read -r _ P Z <"$T_TMP/$name.out"
}

# reap NAME FILTER CALL: starts the parent and reaps its zombie by
# injection (forced under a filter); checks what zombietop says.
reap() {
	local name=$1 filter=$2 call=$3
	zguard "$name" "$filter" "$call" || return 1
	if [ "$filter" = none ]; then
		"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/$name.zt" 2>&1
		check "$name: exit 0" test $? = 0
		check "$name: reaped by its parent" has "$name.zt" "zombie $Z reaped by its parent $P (zguard)"
		check "$name: the zombie is gone" gone "$Z"
	else
		"$ZT" --reap "$Z" --via ptrace --yes --force >"$T_TMP/$name.zt" 2>&1
		check "$name: exit 1" test $? = 1
		check "$name: the filter refused, SIGSYS suppressed" has "$name.zt" "the parent's seccomp filter refused wait4: nothing was reaped, the SIGSYS it raised was suppressed"
		check "$name: still a zombie" is_zombie "$Z"
	fi
	check "$name: the parent is not traced" untraced "$P"
}

# woke NAME CALL: the parent finished its call at its time, with the
# answer the call gives without us.
woke() {
	local name=$1 call=$2 want="sleep rc=0 errno=0" el
	case $call in pause | read) want="sleep rc=-1 errno=4" ;; esac
	check "$name: the parent woke" wait_for $((3 * SECS)) done_yet "$name"
	check "$name: $want" has "$name.out" "$want"
	check "$name: no SIGSYS reached it" has "$name.out" "sigsys=0"
	el=$(sed -n 's/.* elapsed=\([0-9.]*\) .*/\1/p' "$T_TMP/$name.out")
	check "$name: not early (${el:-?} s of $SECS)" \
		awk -v e="${el:-0}" -v s=$SECS 'BEGIN { exit !(e >= s - 0.01) }'
	sed 's/^/# /' "$T_TMP/$name.out" "$T_TMP/$name.zt"
}

case $(uname -m) in
x86_64) ;;
*)
	skip "ptrace injection is run only on x86_64"
	finish
	;;
esac
if [ "$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)" = 3 ]; then
	skip "ptrace is disabled (yama ptrace_scope 3)"
	finish
fi

# The control: under its filter, not reaped, the parent wakes by itself
# (a fixture that cannot is no evidence against the restore).
zguard alone trap libc && echo "(not reaped)" >"$T_TMP/alone.zt"
CASES="libc nanosleep clock pause read"
for call in $CASES; do
	reap "plain_$call" none "$call"
	reap "trap_$call" trap "$call"
done
woke alone libc
for call in $CASES; do
	woke "plain_$call" "$call"
	woke "trap_$call" "$call"
done
finish
