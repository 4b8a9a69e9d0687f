# SPDX-License-Identifier: GPL-2.0-or-later
# zombietop --reap Z --via ptrace against real parents (tests/helpers/zblock):
# a parent blocked in nanosleep reaps its zombie by injection and still
# sleeps its full time; a stopped or traced parent is refused and left as it
# was; without a terminal --yes is required.
. tests/lib.sh

# zblock NAME ARGS...: starts zblock (sets ZPARENT and ZCHILD); what it
# prints goes to $T_TMP/NAME.out.
zblock() {
	local name=$1
	shift
	(exec "$HELPERS/zblock" "$@" >"$T_TMP/$name.out" 2>&1 </dev/null) &
	track $!
	disown $!
	wait_for 10 grep -q '^READY' "$T_TMP/$name.out" || {
		fail "zblock $name did not start"
		return 1
	}
	read -r _ ZPARENT ZCHILD <"$T_TMP/$name.out"
}

has() { grep -qF -- "$2" "$T_TMP/$1"; }
tracer() { awk '/^TracerPid:/ { print $2 }' "/proc/$1/status"; }
untraced() { [ "$(tracer "$1")" = 0 ]; }
state() { sed 's/.*) //' "/proc/$1/stat" | cut -c1; }

case $(uname -m) in
x86_64) ;;
*)
	skip "ptrace injection is run and tested on x86_64 only"
	finish
	;;
esac
if [ "$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)" = 3 ]; then
	skip "ptrace is not permitted here (Yama ptrace_scope 3)"
	finish
fi

# 1. A parent in nanosleep(8 s): reaped by injection while it sleeps.
SECS=8
zblock sleep sleep $SECS || finish
P=$ZPARENT Z=$ZCHILD
assert "zblock made a zombie" is_zombie "$Z"
"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/r1" 2>&1
rc=$?
# At once: the parent's 8 s run out soon after on a slow machine.
tr1=$(tracer "$P" 2>/dev/null)
if [ $rc = 3 ] && has r1 "ptrace not permitted"; then
	skip "ptrace is not permitted here: $(cat "$T_TMP/r1")"
	finish
fi
assert "ptrace: exit 0" test $rc = 0
assert "ptrace: done while the parent still sleeps" sh -c "! grep -q '^sleep' '$T_TMP/sleep.out'"
assert "ptrace: the zombie is gone" gone "$Z"
assert "report: injected at the syscall it was in" \
	has r1 "injected wait4 into $P (zblock), thread $P, at the syscall instruction it was stopped in: it returned $Z"
assert "report: 1 of 1 reaped" has r1 "1 of 1 zombie reaped in"
assert "report: reaped by its parent" has r1 "zombie $Z reaped by its parent $P (zblock)"
kver=$(uname -r | awk -F. '{ print $1 * 100 + $2 }')
if [ "$kver" -ge 615 ]; then
	assert "report: the exit status it collected" has r1 'it collected "exit 7"'
else
	skip "PIDFD_INFO_EXIT needs kernel 6.15"
fi
if [ -n "$tr1" ]; then
	assert "the parent is not left traced" test "$tr1" = 0
else
	skip "the parent is not left traced: it ended before it could be looked at"
fi
sed 's/^/# /' "$T_TMP/r1"

# 2. Refused: a stopped parent. Nothing is touched, it stays stopped.
zblock stopped sleep 120 || finish
P=$ZPARENT Z=$ZCHILD
kill -STOP "$P"
wait_for 10 sh -c "[ \"\$(sed 's/.*) //' /proc/$P/stat | cut -c1)\" = T ]"
"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/r2" 2>&1
assert "stopped parent: exit 3" test $? = 3
assert "stopped parent: says why" has r2 "cannot make $P reap $Z: the parent is stopped (T): refused; a stopped parent cannot reap: try --via cont"
assert "stopped parent: still a zombie" is_zombie "$Z"
assert "stopped parent: still stopped" test "$(state "$P")" = T
assert "stopped parent: not traced" untraced "$P"
kill -CONT "$P"

# 3. Refused: a parent another tracer holds (as strace or gdb would).
zblock traced sleep 120 || finish
P=$ZPARENT Z=$ZCHILD
(exec "$HELPERS/ztracer" "$P" >"$T_TMP/tracer.out" 2>&1 </dev/null) &
TR=$!
track $TR
disown $TR
if wait_for 10 grep -q TRACING "$T_TMP/tracer.out"; then
	"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/r3" 2>&1
	assert "traced parent: exit 3" test $? = 3
	assert "traced parent: says why" has r3 "cannot make $P reap $Z: the parent is already traced: refused (tracer: $TR)"
	assert "traced parent: still a zombie" is_zombie "$Z"
	assert "traced parent: still traced by its tracer" test "$(tracer "$P")" = "$TR"
else
	fail "ztracer could not trace: $(cat "$T_TMP/tracer.out")"
fi

# 4. Without a terminal and without --yes: a usage error, nothing done.
zblock noyes sleep 120 || finish
P=$ZPARENT Z=$ZCHILD
"$ZT" --reap "$Z" --via ptrace </dev/null >"$T_TMP/r4" 2>&1
assert "no --yes, no tty: exit 2" test $? = 2
assert "no --yes, no tty: says why" has r4 "--via ptrace needs --yes when stdin is not a terminal"
assert "no --yes, no tty: still a zombie" is_zombie "$Z"
assert "no --yes, no tty: not traced" untraced "$P"

# 5. --reap PARENT: one injection for each of its zombies.
zmaker many exit:1 signal:9 || finish
P=$ZPARENT
"$ZT" --reap "$P" --via ptrace --yes >"$T_TMP/r5" 2>&1
assert "parent: exit 0" test $? = 0
assert "parent: 2 of 2 reaped" has r5 "2 of 2 zombies reaped"
assert "parent: both gone" sh -c "! grep -q '^[^ ]* ([^)]*) Z' /proc/${ZKIDS[0]}/stat /proc/${ZKIDS[1]}/stat 2>/dev/null"
assert "parent: reaped by it" has r5 "zombie ${ZKIDS[1]} reaped by its parent $P (zmaker)"
assert "parent: still running" kill -0 "$P"

# 6. The sleeping parent of case 1 woke after its full time; its own wait
# then found no child (ECHILD, the hazard the question names).
assert "the parent finished" wait_for $((SECS + 30)) grep -q '^DONE' "$T_TMP/sleep.out"
el=$(sed -n 's/^sleep rc=0 errno=0 elapsed=//p' "$T_TMP/sleep.out")
assert "nanosleep returned 0 after its full time ($el s of $SECS)" \
	awk -v e="${el:-0}" -v s=$SECS 'BEGIN { exit !(e >= s - 0.001) }'
assert "its own waitpid got ECHILD" has sleep.out "wait rc=-1 errno=10"
sed 's/^/# /' "$T_TMP/sleep.out"
finish
