# SPDX-License-Identifier: GPL-2.0-or-later
# Unprivileged: as nobody (setpriv), against root's zombie made here:
# --once, --json, --check, --watch and --prometheus work and say what they
# cannot read; --reap --via term fails with a clear message. (--reap's
# SIGCHLD EPERM exit 3 is tested in reap.sh.)
. tests/lib.sh

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip "unpriv: needs root and setpriv to switch to nobody"
	finish
fi
# A copy nobody can reach whatever the permissions of the tree.
cp "$ZT" "$T_TMP/zt"
chmod 755 "$T_TMP/zt"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
zmaker np exit:3 || finish
P=$ZPARENT Z=${ZKIDS[0]}

as_nobody "$T_TMP/zt" --once -p "$P" >"$T_TMP/o.txt" 2>"$T_TMP/o.err"
rc=$?
assert "--once as nobody exits 0 (was $rc)" test $rc = 0
assert "--once as nobody lists root's zombie" grep -q "^ *$Z root *Z " "$T_TMP/o.txt"
assert "--once as nobody says its status is not permitted" grep -q "status not permitted" "$T_TMP/o.txt"
assert "--once as nobody warns that it is not privileged" grep -q "not privileged" "$T_TMP/o.err"

as_nobody "$T_TMP/zt" --once --json >"$T_TMP/once.json" 2>/dev/null
rc=$?
assert "--once --json as nobody exits 0 (was $rc)" test $rc = 0
assert "--json as nobody: root's zombie with a null status, not a made-up one" \
	jqt ".processes[] | select(.pid == $Z) | .state == \"Z\" and .zombie.status_raw == null and .user == \"root\""

as_nobody "$T_TMP/zt" --check >"$T_TMP/c.txt" 2>/dev/null
rc=$?
assert "--check as nobody: a status 1-2 with our zombie counted (was $rc)" test $rc = 1 -o $rc = 2
assert "--check as nobody prints its status line" grep -qE '^ZOMBIES (WARNING|CRITICAL) - ' "$T_TMP/c.txt"

mkdir "$T_TMP/np"
chown 65534:65534 "$T_TMP/np"
as_nobody "$T_TMP/zt" --prometheus "$T_TMP/np/z.prom" 2>/dev/null
rc=$?
assert "--prometheus as nobody exits 0 (was $rc)" test $rc = 0
assert "--prometheus as nobody wrote the zombie count" grep -qE '^zombietop_zombies [1-9]' "$T_TMP/np/z.prom"

(exec setpriv --reuid=65534 --regid=65534 --clear-groups "$T_TMP/zt" --watch -d 2 >"$T_TMP/w.txt" 2>"$T_TMP/w.err" </dev/null) &
W=$!
track $W
wait_for 20 grep -qs "zombie $Z " "$T_TMP/w.txt"
assert "--watch as nobody reports root's zombie" grep -q "zombie $Z (zmaker) present, parent $P: status not known" "$T_TMP/w.txt"
kill -INT $W
wait $W
rc=$?
assert "--watch as nobody exits 0 on SIGINT (was $rc)" test $rc = 0

as_nobody "$T_TMP/zt" --reap "$Z" --via term --yes >"$T_TMP/r.txt" 2>&1
rc=$?
assert "--reap --via term as nobody fails with exit 3, no crash (was $rc)" test $rc = 3
assert "--reap as nobody says permission denied and why" \
	grep -q "permission denied: $P (zmaker) belongs to user root" "$T_TMP/r.txt"
assert "root's parent was not signalled" kill -0 "$P"
assert "root's zombie is still there" grep -q '^State:.*Z' "/proc/$Z/status"
finish
