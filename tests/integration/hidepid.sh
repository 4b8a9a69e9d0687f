# SPDX-License-Identifier: GPL-2.0-or-later
# /proc mounted with hidepid=2 (in a private mount namespace, where this
# machine permits it): the warning shows, JSON says so, nothing crashes and
# an unprivileged user sees only its own processes.
. tests/lib.sh

if ! unshare --mount --propagation private true 2>/dev/null; then
	skip "no private mount namespace here (unshare --mount not permitted)"
	finish
fi
run_hidden() { # user: runs --once [--json] inside a namespace with hidepid=2
	unshare --mount --propagation private sh -c "mount -t proc -o hidepid=2 proc /proc &&
		setpriv --reuid=$1 --regid=nogroup --clear-groups $ZT --once $2"
}
if ! run_hidden nobody --json >"$T_TMP/once.json" 2>"$T_TMP/err"; then
	cat "$T_TMP/err"
	skip "cannot mount proc with hidepid=2 here"
	finish
fi
assert "json says hidepid" jqt '.hidepid == true'
assert "only the user's own processes" jqt '[.processes[] | select(.user != "nobody")] | length == 0'
assert "sees itself" jqt '[.processes[] | select(.comm == "zombietop")] | length == 1'
assert "warning on stderr" grep -q "hidepid" "$T_TMP/err"
run_hidden nobody "" >"$T_TMP/once.txt" 2>"$T_TMP/err"
assert "text mode works under hidepid" grep -q zombietop "$T_TMP/once.txt"
assert "text mode warns" grep -q "warning: /proc is mounted with hidepid" "$T_TMP/err"
"$ZT" --once --json >"$T_TMP/once.json" 2>"$T_TMP/err"
assert "normal /proc: no hidepid" jqt '.hidepid == false'
assert "root: no warning" test ! -s "$T_TMP/err"
finish
