# SPDX-License-Identifier: GPL-2.0-or-later
# --prometheus FILE in a directory others can write: whatever is planted
# where the temporary file used to be (FILE.tmp) or at a guessable name, a
# FIFO, a file of another user, a symlink or a directory, is never opened,
# written through or waited on; the file written is a regular file of ours,
# mode 0644 whatever the umask; SIGTERM stops --interval at any moment and
# leaves no temporary file. Real runs of zombietop, no node_exporter.
. tests/lib.sh

# fresh NAME: an empty directory for one case, writable by anyone (sticky,
# like a shared textfile directory).
fresh() {
	D=$T_TMP/$1
	mkdir -p "$D"
	chmod 1777 "$D"
}
# only_left NAMES...: the directory holds exactly these names (no stray
# temporary file).
only_left() {
	local want got
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	got=$(ls -A "$D" | sort | tr '\n' ' ')
	[ "$want" = "$got" ] || { echo "# left: $got (want $want)"; return 1; }
}
# metrics FILE: a regular file (not a symlink) of ours, mode 0644, with
# the metrics in it.
metrics() {
	[ -f "$1" ] && [ ! -L "$1" ] &&
		[ "$(stat -c %u:%a "$1")" = "$(id -u):644" ] &&
		grep -q '^zombietop_zombies ' "$1"
}
run_once() { timeout -s KILL 20 "$ZT" --prometheus "$D/m.prom" 2>"$T_TMP/err"; }

# A FIFO at the old name: the old code blocked in open() for ever.
fresh fifo
mkfifo "$D/m.prom.tmp"
run_once
assert "FIFO at FILE.tmp: --prometheus exits 0 without blocking" test $? = 0
assert "FIFO at FILE.tmp: FILE is our regular file, mode 0644" metrics "$D/m.prom"
assert "FIFO at FILE.tmp: FIFO untouched" test -p "$D/m.prom.tmp"
assert "FIFO at FILE.tmp: no temporary left" only_left m.prom m.prom.tmp

# A file of another user at the old name: not written through, and FILE
# does not become theirs (they could forge the metrics).
fresh other
printf 'forged 1\n' >"$D/m.prom.tmp"
chown nobody "$D/m.prom.tmp" 2>/dev/null
run_once
assert "file of another user at FILE.tmp: exits 0" test $? = 0
assert "file of another user at FILE.tmp: FILE is ours, mode 0644" metrics "$D/m.prom"
assert "file of another user at FILE.tmp: left as it was" \
    test "$(cat "$D/m.prom.tmp")" = "forged 1"

# A symlink at the old name: the file it points to is not written.
fresh link
printf 'victim\n' >"$T_TMP/victim"
ln -s "$T_TMP/victim" "$D/m.prom.tmp"
run_once
assert "symlink at FILE.tmp: exits 0" test $? = 0
assert "symlink at FILE.tmp: its target untouched" test "$(cat "$T_TMP/victim")" = victim
assert "symlink at FILE.tmp: FILE is our regular file" metrics "$D/m.prom"

# A directory at the old name.
fresh dir
mkdir "$D/m.prom.tmp"
run_once
assert "directory at FILE.tmp: exits 0" test $? = 0
assert "directory at FILE.tmp: FILE is our regular file" metrics "$D/m.prom"
assert "directory at FILE.tmp: left, and no temporary" only_left m.prom m.prom.tmp

# The mode is set, not left to the umask.
fresh umask
(umask 077 && run_once)
assert "umask 077: FILE still mode 0644" metrics "$D/m.prom"

# A guessable name: the temporary is a new name each time, created with
# O_EXCL and O_NOFOLLOW, so nothing planted ahead is ever opened.
fresh guess
if command -v strace >/dev/null; then
	for i in 1 2; do
		strace -f -qq -e trace=open,openat -o "$T_TMP/st$i" \
		    "$ZT" --prometheus "$D/m.prom" 2>/dev/null
	done
	grep -h "\"$D/m.prom" "$T_TMP/st1" "$T_TMP/st2" >"$T_TMP/opens"
	assert "temporary opened with O_CREAT|O_EXCL|O_NOFOLLOW" \
	    sh -c "test \$(grep -c 'O_CREAT|O_EXCL|O_NOFOLLOW' '$T_TMP/opens') = 2"
	assert "no other open of a name next to FILE" \
	    test "$(grep -vc 'O_CREAT|O_EXCL|O_NOFOLLOW' "$T_TMP/opens")" = 0
	t1=$(grep -o "\"$D/m.prom[^\"]*\"" "$T_TMP/st1")
	t2=$(grep -o "\"$D/m.prom[^\"]*\"" "$T_TMP/st2")
	assert "two runs use two temporary names ($t1, $t2)" \
	    sh -c "test -n '$t1' && test '$t1' != '$t2'"
else
	skip "strace not installed: temporary name and flags not observed"
fi
# Planted where a predictable scheme would have put it: .FILE.tmp,
# FILE.PID.tmp for the next PIDs, FILE~: all left alone.
for n in .m.prom.tmp m.prom~; do ln -s "$T_TMP/victim" "$D/$n"; done
next=$(($(sh -c 'echo $$') + 1))
for p in $(seq "$next" $((next + 20))); do ln -s "$T_TMP/victim" "$D/m.prom.$p.tmp"; done
run_once
assert "symlinks at guessable names: exits 0" test $? = 0
assert "symlinks at guessable names: target untouched" test "$(cat "$T_TMP/victim")" = victim
assert "symlinks at guessable names: FILE written" metrics "$D/m.prom"

# --interval with a FIFO planted: the first write happens and SIGTERM
# stops it (the old code blocked in open with SIGTERM blocked: only
# SIGKILL ended it).
fresh daemon
mkfifo "$D/m.prom.tmp"
"$ZT" --prometheus "$D/m.prom" --interval 1 2>"$T_TMP/derr" &
zp=$!
track $zp
assert "--interval, FIFO at FILE.tmp: first file written" \
    wait_for 15 test -s "$D/m.prom"
kill -TERM $zp
if wait_for 10 sh -c "! kill -0 $zp 2>/dev/null"; then
	ok "--interval: SIGTERM stops it"
else
	fail "--interval: SIGTERM stops it (still running: SIGKILL)"
	kill -KILL $zp
fi
wait $zp
rc=$?
assert "--interval: exit status 0 after SIGTERM (got $rc)" test $rc = 0
assert "--interval: FIFO untouched, no temporary left" only_left m.prom m.prom.tmp
assert "--interval: file kept, ours, mode 0644" metrics "$D/m.prom"

# SIGTERM at any moment of a write (right at start, mid-scan, mid-write):
# it always stops, with status 0, and never leaves a temporary file.
fresh term
bad=0
for delay in 0 0.005 0.01 0.02 0.04 0.08; do
	"$ZT" --prometheus "$D/m.prom" --interval 1 2>/dev/null &
	zp=$!
	track $zp
	sleep $delay
	kill -TERM $zp
	if ! wait_for 10 sh -c "! kill -0 $zp 2>/dev/null"; then
		bad=1
		echo "# still running after SIGTERM (delay $delay)"
		kill -KILL $zp
	fi
	wait $zp
	rc=$?
	# 143: the signal came before the handler was set (default action).
	case $rc in 0 | 143) ;; *) bad=1; echo "# exit $rc (delay $delay)" ;; esac
	ls -A "$D" | grep -q '\.tmp$' && { bad=1; echo "# temporary left (delay $delay)"; }
done
assert "SIGTERM at any moment: stops, status 0, no temporary left" test $bad = 0

finish
