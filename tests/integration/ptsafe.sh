# SPDX-License-Identifier: GPL-2.0-or-later
# The guards of --reap --via ptrace against hostile parents (tests/helpers/
# zguard), and the one safety rule of every --reap action:
#   seccomp filters that TRAP or KILL on wait4 are refused unless --force
#   (one that lets it through is read, run and allowed);
#   forced, a TRAP parent gets no SIGSYS and sleeps on, a KILL parent is
#   reported dead; a strict-seccomp parent with 2,000 groups (a 15 KB
#   status) is refused; a parent that exits right after the injection
#   (sigtimedwait returns EINTR) is still credited with the reap; every
#   --via refuses PID 1, zombietop itself and zombietop's ancestor.
. tests/lib.sh

alive() { [ -e "/proc/$1" ] && ! is_zombie "$1"; }
has() { grep -qF -- "$2" "$T_TMP/$1"; }
lacks() { ! has "$@"; }
# untraced PID: true when no one traces it; else names the tracer (this
# machine is shared: a tracer that is not ours is worth a line).
untraced() {
	local t
	t=$(awk '/^TracerPid:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ "${t:-0}" = 0 ] && return 0
	echo "# $1 is traced by $t: $(tr '\0' ' ' <"/proc/$t/cmdline" 2>/dev/null)"
	return 1
}

# zguard NAME ARGS...: starts zguard; sets P and Z from its READY line.
zguard() {
	local name=$1
	shift
	(exec "$HELPERS/zguard" "$@" >"$T_TMP/$name.out" 2>&1 </dev/null) &
	track $!
	disown $!
	wait_for 10 grep -q '^READY' "$T_TMP/$name.out" || {
		fail "zguard $name did not start: $(cat "$T_TMP/$name.out")"
		return 1
	}
	read -r _ P Z <"$T_TMP/$name.out"
}

ptrace_ok=1
[ "$(uname -m)" = x86_64 ] || ptrace_ok=0
[ "$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)" = 3 ] && ptrace_ok=0

if [ $ptrace_ok = 1 ]; then
	# 1. A filter that traps wait4: refused, then forced. The parent sleeps
	# 12 s: both runs must come while it sleeps (3 s was too short on a
	# machine at load 40: it woke, exited, and its zombie was reaped).
	zguard trap filter trap 12 && {
		assert "trap: the parent runs under a filter" grep -q '^Seccomp:[[:space:]]*2' "/proc/$P/status"
		"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/t1" 2>&1
		assert "trap: refused, exit 3" test $? = 3
		assert "trap: the hazard is named" has t1 "cannot make $P reap $Z: the parent runs under a seccomp filter that does not let wait4 through, or that could not be read: if it forbids wait4 the parent is killed or gets a SIGSYS (override: --force, or o in the view's dialog)"
		assert "trap: still a zombie" is_zombie "$Z"
		assert "trap: the parent is not traced" untraced "$P"
		"$ZT" --reap "$Z" --via ptrace --yes --force >"$T_TMP/t2" 2>&1
		assert "trap forced: exit 1" test $? = 1
		assert "trap forced: says the filter refused" has t2 "the parent's seccomp filter refused wait4: nothing was reaped, the SIGSYS it raised was suppressed"
		assert "trap forced: still a zombie" is_zombie "$Z"
		assert "trap forced: the parent is not traced" untraced "$P"
		assert "trap forced: the parent slept its full time" wait_for 40 grep -q '^DONE' "$T_TMP/trap.out"
		assert "trap forced: no SIGSYS reached the parent" has trap.out "sleep rc=0 errno=0"
		assert "trap forced: sigsys=0" has trap.out "sigsys=0"
		sed 's/^/# /' "$T_TMP/t2" "$T_TMP/trap.out"
	}

	# 2. A filter that kills on wait4: refused, then forced and reported.
	zguard kill filter kill 30 && {
		"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/k1" 2>&1
		assert "kill: refused, exit 3" test $? = 3
		assert "kill: the parent lives" alive "$P"
		"$ZT" --reap "$Z" --via ptrace --yes --force >"$T_TMP/k2" 2>&1
		rc=$?
		# The zombie then goes to a subreaper, which may reap it: 0 or 1.
		assert "kill forced: exit 0 or 1 ($rc)" test $rc -le 1
		assert "kill forced: the death is reported" has k2 "cannot make $P reap $Z: the parent died during the injection"
		assert "kill forced: not 'did not reap'" lacks k2 "the parent did not reap it"
		assert "kill forced: the parent is dead" sh -c "! kill -0 $P 2>/dev/null || grep -q '^State:.*Z' /proc/$P/status"
		sed 's/^/# /' "$T_TMP/k2"
	}

	# 3. A filter that lets wait4 through: read, run, reaped without
	# --force; and forced.
	zguard allow filter allow 30 && {
		"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/a1" 2>&1
		assert "allow: exit 0" test $? = 0
		assert "allow: reaped by its parent" has a1 "zombie $Z reaped by its parent $P (zguard)"
		assert "allow: the hazard is still named" has a1 "warning: The parent runs under a seccomp filter"
	}
	zguard allow2 filter allow 30 && {
		"$ZT" --reap "$Z" --via ptrace --yes --force >"$T_TMP/a2" 2>&1
		assert "allow forced: exit 0" test $? = 0
		assert "allow forced: reaped by its parent" has a2 "zombie $Z reaped by its parent $P (zguard)"
	}

	# 4. 2,000 groups push Seccomp: past 8 KiB: still refused (strict).
	zguard groups groups 2000 strict
	if has groups.out "setgroups failed"; then
		skip "setgroups needs root"
	elif [ -n "$P" ] && is_zombie "$Z"; then
		sz=$(wc -c <"/proc/$P/status")
		assert "groups: the status is over 8 KiB ($sz bytes)" test "$sz" -gt 8192
		"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/g1" 2>&1
		assert "groups: refused, exit 3" test $? = 3
		assert "groups: strict seccomp named" has g1 "cannot make $P reap $Z: the parent is in strict seccomp mode"
		assert "groups: the parent lives" alive "$P"
		assert "groups: still a zombie" is_zombie "$Z"
	fi

	# 5. A parent in sigtimedwait exits on EINTR right after the
	# injection: our wait4 returned the zombie, so the parent reaped it.
	zguard sigwait sigwait 30 && {
		"$ZT" --reap "$Z" --via ptrace --yes >"$T_TMP/s1" 2>&1
		assert "sigwait: exit 0" test $? = 0
		assert "sigwait: the parent got EINTR and exited" wait_for 10 grep -q 'sigwait EINTR' "$T_TMP/sigwait.out"
		assert "sigwait: credited to the parent" has s1 "zombie $Z reaped by its parent $P (zguard)"
		assert "sigwait: not to a new parent" lacks s1 "new parent"
		sed 's/^/# /' "$T_TMP/s1"
	}
else
	skip "ptrace injection is tested on x86_64 with ptrace permitted"
fi

# 6. Every --via against PID 1, zombietop itself and its ancestor.
for via in sigchld term kill cont ptrace; do
	"$ZT" --reap 1 --via $via --yes >"$T_TMP/i-$via" 2>&1
	assert "$via: PID 1 refused (exit 3)" test $? = 3
	if [ $via = ptrace ]; then
		# No override to name: ptrace never goes into init.
		assert "$via: PID 1 named, no override" has "i-$via" "is PID 1; zombietop never injects into init, even with --force"
	else
		assert "$via: PID 1 named" has "i-$via" "is PID 1, the init of the system (override: --force"
	fi
	sh -c 'exec "$0" --reap $$ --via "$1" --yes' "$ZT" $via >"$T_TMP/self-$via" 2>&1
	assert "$via: itself refused (exit 3)" test $? = 3
	assert "$via: itself named" has "self-$via" "is zombietop itself"
	"$HELPERS/zguard" ancestor "$ZT" --reap %Z --via $via --yes \
		>"$T_TMP/anc-$via" 2>&1 </dev/null
	read -r _ AP AZ <"$T_TMP/anc-$via"
	assert "$via: ancestor refused (exit 3)" has "anc-$via" "CMD rc=3"
	assert "$via: ancestor named" has "anc-$via" "refused: $AP (zguard) is an ancestor of zombietop (override: --force, or o in the view's dialog)"
done
finish
