# SPDX-License-Identifier: GPL-2.0-or-later
# zombietop --reap against real parents: one that reaps on SIGCHLD, one
# that never waits (zmaker), parents killed so that a subreaper inherits
# their zombies; permission errors, the safety rules, and --watch.
. tests/lib.sh

# zreaper NAME ARGS...: starts tests/helpers/zreaper like zmaker (sets
# ZPARENT and ZKIDS); its reap log goes to $T_TMP/NAME.err.
zreaper() {
	local name=$1
	shift
	(exec "$HELPERS/zreaper" "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err" </dev/null) &
	track $!
	disown $!
	wait_for 10 test -s "$T_TMP/$name.out" || { fail "zreaper did not start"; return 1; }
	read -r ZPARENT rest <"$T_TMP/$name.out"
	read -r -a ZKIDS <<<"$rest"
}

dead() { ! kill -0 "$1" 2>/dev/null || is_zombie "$1"; }
all_gone() {
	local z
	for z in "$@"; do is_zombie "$z" && return 1; done
	return 0
}
has() { grep -qF -- "$2" "$T_TMP/$1"; }

# 1. SIGCHLD to a parent whose handler reaps: reaped, by the parent.
zreaper chld exit:3 exit:4 || finish
P=$ZPARENT Z1=${ZKIDS[0]} Z2=${ZKIDS[1]}
assert "zreaper made zombies" is_zombie "$Z1"
"$ZT" --reap "$Z1" --timeout 20 >"$T_TMP/r1" 2>&1
assert "sigchld to a reaping parent exits 0" test $? = 0
assert "the zombie is really gone" gone "$Z1"
assert "the parent says it reaped it" grep -q "^reaped $Z1 768\$" "$T_TMP/chld.err"
assert "report: 1 of 1 reaped" has r1 "1 of 1 zombie reaped in"
assert "report: reaped by its parent" has r1 "zombie $Z1 reaped by its parent $P (zreaper)"
assert "report: signal sent" has r1 "sent SIGCHLD to $P (zreaper)"
kver=$(uname -r | awk -F. '{ print $1 * 100 + $2 }')
if [ "$kver" -ge 615 ]; then
	assert "report: exit status from PIDFD_GET_INFO" has r1 'it collected "exit 3"'
else
	skip "PIDFD_INFO_EXIT needs kernel 6.15"
fi

# 2. --reap on the parent itself covers all its zombies.
zreaper chld2 exit:0 signal:9 exit:7 || finish
P=$ZPARENT
"$ZT" --reap "$P" --timeout 20 >"$T_TMP/r2" 2>&1
assert "--reap PARENT exits 0" test $? = 0
assert "report: 3 of 3" has r2 "3 of 3 zombies reaped"
assert "every zombie gone" all_gone "${ZKIDS[@]}"

# 3. SIGCHLD to a parent with the default disposition: still a zombie.
zmaker deflt exit:1 exit:2 || finish
P=$ZPARENT Z1=${ZKIDS[0]}
"$ZT" --reap "$Z1" --timeout 0.5 >"$T_TMP/r3" 2>&1
assert "default disposition exits 1" test $? = 1
assert "report: 0 of 1" has r3 "0 of 1 zombie reaped"
assert "report: still a zombie, try ptrace or term" has r3 "zombie $Z1: still a zombie; the parent did not reap it: try --via ptrace (the parent keeps running) or --via term"
assert "it is still a zombie" is_zombie "$Z1"

# 4. term and kill need --yes without a terminal.
"$ZT" --reap "$Z1" --via term </dev/null >"$T_TMP/r4" 2>&1
assert "term without --yes exits 2" test $? = 2
assert "term without --yes says why" has r4 "--via term needs --yes"
assert "nothing was sent" is_zombie "$Z1"

# 5. SIGTERM: the zombies go to the suite's subreaper, which reaps them.
sr=$$
while [ "$sr" -gt 1 ] && [ "$(cat /proc/$sr/comm)" != subreaper ]; do
	sr=$(awk '{ print $4 }' /proc/$sr/stat)
done
"$ZT" --reap "$Z1" --via term --yes --timeout 20 >"$T_TMP/r5" 2>&1
assert "term exits 0" test $? = 0
assert "term: all the parent's zombies followed and reaped (14.5)" has r5 "watching all 2 zombies of"
assert "term: reaped" has r5 "2 of 2 zombies reaped"
assert "term: the parent is gone" dead "$P"
# The suite's subreaper reaps at once, so the new parent may not be seen
# in time; the report must then say so.
if has r5 "reaped by $sr (subreaper), its new parent after $P exited"; then
	ok "term: names the subreaper"
else
	assert "term: says the new parent was not seen" has r5 "by its new parent after $P exited (not seen in time"
fi

sed 's/^/# /' "$T_TMP/r5"

# 5b. A stopped parent: SIGCHLD stays pending, SIGCONT lets it reap.
zreaper stopped exit:4 || finish
P=$ZPARENT Z1=${ZKIDS[0]}
kill -STOP "$P"
wait_for 10 grep -q '^State:.*stopped' "/proc/$P/status"
"$ZT" --reap "$Z1" --timeout 0.5 >"$T_TMP/r5b" 2>&1
assert "stopped parent: sigchld exits 1" test $? = 1
assert "stopped parent: try cont" has r5b "still a zombie; the parent did not reap it: try --via cont"
"$ZT" --reap "$Z1" --via cont --timeout 20 >"$T_TMP/r5c" 2>&1
assert "cont exits 0" test $? = 0
assert "cont: reaped by the parent" has r5c "zombie $Z1 reaped by its parent $P (zreaper)"

# 6. SIGKILL with a slow subreaper (like an init that reaps every 2 s):
# the zombies are seen with their new parent, which is named.
(exec "$HELPERS/zreaper" --adopt 2000 -- "$HELPERS/zmaker" exit:5 exit:6 >"$T_TMP/adopt.out" 2>"$T_TMP/adopt.err" </dev/null) &
A=$!
track $A
disown $A
wait_for 10 test -s "$T_TMP/adopt.out" || fail "adopt did not start"
read -r P Z1 Z2 <"$T_TMP/adopt.out"
track "$P"
"$ZT" --reap "$P" --via kill --yes --timeout 30 >"$T_TMP/r6" 2>&1
assert "kill exits 0" test $? = 0
assert "kill: 2 of 2 reaped" has r6 "2 of 2 zombies reaped"
assert "kill: names the new reaper" has r6 "zombie $Z1 reaped by $A (zreaper), its new parent after $P exited"
assert "kill: the reaper says so" wait_for 10 grep -q "^reaped $Z2 1536\$" "$T_TMP/adopt.err"
wait_for 10 sh -c "! kill -0 $A 2>/dev/null"
sed 's/^/# /' "$T_TMP/r6"

# 7. EPERM: an unprivileged user against root's parent.
zmaker perm exit:1 || finish
P=$ZPARENT Z1=${ZKIDS[0]}
if id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$ZT" --reap "$Z1" --timeout 1 >"$T_TMP/r7" 2>&1
	assert "EPERM exits 3" test $? = 3
	assert "EPERM message" has r7 "permission denied: $P (zmaker) belongs to user root and you are uid $(id -u nobody): run zombietop as root or as that user"
	assert "EPERM: still a zombie" is_zombie "$Z1"
else
	skip "unprivileged run needs root and the user nobody"
fi

# 8. Safety rules: PID 1, our own ancestors, zombietop itself.
"$ZT" --reap 1 >"$T_TMP/r8" 2>&1
assert "PID 1 refused with 3" test $? = 3
assert "PID 1 message" has r8 "refused: 1 ("
"$ZT" --reap $$ >"$T_TMP/r9" 2>&1
assert "the test shell (an ancestor) refused with 3" test $? = 3
assert "ancestor message" has r9 "an ancestor of zombietop"
sh -c 'exec "$0" --reap $$' "$ZT" >"$T_TMP/r10" 2>&1
assert "zombietop itself refused with 3" test $? = 3
assert "self message" has r10 "zombietop itself"
# A zombie whose parent is zombietop's own parent: refused, even though
# the zombie itself is no ancestor; --force overrides.
"$HELPERS/zreaper" --exec exit:0 -- "$ZT" --reap "{}" >"$T_TMP/r11" 2>&1
assert "zombie of an ancestor refused with 3" test $? = 3
assert "zombie of an ancestor: message" has r11 "an ancestor of zombietop (override: --force, or o in the view's dialog)"
"$HELPERS/zreaper" --exec exit:0 -- "$ZT" --reap "{}" --force --timeout 20 >"$T_TMP/r12" 2>&1
assert "--force overrides, reaped" test $? = 0
assert "--force: reaped by its parent" has r12 "1 of 1 zombie reaped"

# 8b. The init of a PID namespace gets a warning (the action still runs).
nsinit() {
	local p=$1 i
	for i in 1 2 3 4; do
		p=$(awk '{ print $1 }' "/proc/$p/task/$p/children" 2>/dev/null)
		[ -n "$p" ] || return 1
		[ "$(awk '/^NSpid:/ { print NF - 1, $NF }' "/proc/$p/status")" = "2 1" ] && { echo "$p"; return 0; }
	done
	return 1
}
if unshare --pid --fork true 2>/dev/null; then
	unshare --pid --fork --kill-child "$HELPERS/zreaper" exit:6 >"$T_TMP/ns.out" 2>&1 &
	U=$!
	track $U
	disown $U
	wait_for 10 test -s "$T_TMP/ns.out"
	I=$(nsinit $U)
	Z1=$(awk '{ print $1 }' "/proc/$I/task/$I/children")
	"$ZT" --reap "$Z1" --timeout 20 >"$T_TMP/r13" 2>&1
	assert "container init: reaped, exit 0" test $? = 0
	assert "container init: warned" has r13 "warning: $I (zreaper) is the init of a PID namespace: if it exits, every process in that namespace is killed"
	kill -KILL $U
else
	skip "unshare --pid is not permitted here"
fi

# 9. --watch --json: a zombie the test makes appears, then is reaped.
zreaper w1 exit:0 || finish
W1P=$ZPARENT W1=${ZKIDS[0]}
"$ZT" --watch --json -d 2 >"$T_TMP/watch.json" 2>"$T_TMP/watch.err" &
WP=$!
track $WP
ev() { jq -e -s "$1" "$T_TMP/watch.json" >/dev/null 2>&1; }
assert "watch: zombie already there is logged as initial" wait_for 20 ev "any(.[]; .event == \"zombie_appeared\" and .pid == $W1 and .initial)"
zreaper w2 exit:9 || finish
W2P=$ZPARENT W2=${ZKIDS[0]}
assert "watch: appeared event" wait_for 20 ev "any(.[]; .event == \"zombie_appeared\" and .pid == $W2 and .ppid == $W2P and (.initial | not) and .status.raw == 2304)"
"$ZT" --reap "$W2" --timeout 20 >/dev/null 2>&1
assert "watch: reaped event names the parent" wait_for 20 ev "any(.[]; .event == \"zombie_reaped\" and .pid == $W2 and .reaper == $W2P and (.by_new_parent | not) and .after >= 0)"
kill -KILL "$W1P"
assert "watch: parent exited event" wait_for 20 ev "any(.[]; .event == \"parent_exited\" and .pid == $W1P and .zombies == 1)"
assert "watch: orphan reaped by a new parent" wait_for 20 ev "any(.[]; .event == \"zombie_reaped\" and .pid == $W1 and .by_new_parent)"
kill -INT "$WP"
wait "$WP"
assert "watch ends 0 on SIGINT" test $? = 0
assert "watch: every line is one JSON object" sh -c "jq -c . '$T_TMP/watch.json' | wc -l | grep -qx \"\$(wc -l <'$T_TMP/watch.json')\""

zmaker w3 exit:2 || finish
"$ZT" --watch -d 2 >"$T_TMP/watch.txt" 2>&1 &
WP=$!
track $WP
assert "watch text line" wait_for 20 grep -qs "zombie ${ZKIDS[0]} (zmaker) present, parent $ZPARENT: exit 2" "$T_TMP/watch.txt"
kill -TERM "$WP"
wait "$WP"
assert "watch ends 0 on SIGTERM" test $? = 0

# 10. Usage errors exit 2.
"$ZT" --via kill 2>/dev/null
assert "--via without --reap exits 2" test $? = 2
"$ZT" --reap 1 --via usr1 2>/dev/null
assert "unknown action exits 2" test $? = 2
"$ZT" --reap x 2>/dev/null
assert "bad PID exits 2" test $? = 2
"$ZT" --reap 1 --timeout -1 2>/dev/null
assert "bad timeout exits 2" test $? = 2
finish
