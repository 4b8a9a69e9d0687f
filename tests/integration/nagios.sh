# SPDX-License-Identifier: GPL-2.0-or-later
# --check, the monitoring-plugins mode: every exit code with real zombies.
# Exact counts run in a PID namespace of their own (unshare, as root), so
# zombies made by other programs on the machine cannot change them; the
# host cases use thresholds that other zombies can only confirm.
. tests/lib.sh

# znagios NAME ARGS...: zombietop ARGS into $T_TMP/NAME.out, status in RC.
znagios() {
	local name=$1
	shift
	"$ZT" "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err"
	RC=$?
	LINE=$(head -n 1 "$T_TMP/$name.out")
}
one_line() { test "$(wc -l <"$T_TMP/$1.out")" = 1; }

# Bad arguments: UNKNOWN (3) in plugin form on stdout, as the guidelines
# want, unlike the usage status 2 of the other modes.
znagios bad --check --warn abc
assert "invalid --warn: exit 3" test "$RC" = 3
assert "invalid --warn: UNKNOWN line" test "$LINE" = "ZOMBIES UNKNOWN - invalid --warn 'abc': a whole number, 1-2147483647"
znagios order --check --warn 10 --crit 5
assert "--warn above --crit: exit 3" test "$RC" = 3
assert "--warn above --crit: says so" test "$LINE" = "ZOMBIES UNKNOWN - --warn 10 is above --crit 5"
znagios unknown_opt --crit 3 --bogus --check
assert "unknown option with --check: exit 3" test "$RC" = 3
assert "unknown option: UNKNOWN line" grep -q "^ZOMBIES UNKNOWN - unknown option '--bogus'" "$T_TMP/unknown_opt.out"
znagios mixed --check --prometheus "$T_TMP/x.prom"
assert "--check with --prometheus: exit 3" test "$RC" = 3
znagios nocheck --warn 5
assert "--warn without --check: usage status 2" test "$RC" = 2
assert "--warn without --check: message on stderr" grep -q "need --check" "$T_TMP/nocheck.err"

# /proc that cannot be scanned (an empty tmpfs over it, in a private mount
# namespace): UNKNOWN. LeakSanitizer cannot run without /proc and makes an
# ASan build exit 1 at the end, so there only the line is checked.
if unshare --mount --pid --fork true 2>/dev/null; then
	unshare --mount --pid --fork sh -c \
	    'mount -t tmpfs none /proc && exec "$0" --check' "$ZT" \
	    >"$T_TMP/noproc.out" 2>/dev/null
	RC=$?
	if grep -q __asan_init "$ZT"; then
		skip "unreadable /proc: exit status under ASan (LeakSanitizer needs /proc)"
	else
		assert "unreadable /proc: exit 3" test "$RC" = 3
	fi
	assert "unreadable /proc: UNKNOWN line" test "$(cat "$T_TMP/noproc.out")" = "ZOMBIES UNKNOWN - cannot scan /proc: No such file or directory"
else
	skip "unreadable /proc: unshare --mount --pid not permitted here"
fi

# Host: three zombies of ours; others can only add to the count.
zmaker host exit:1 exit:2 signal:9 || finish
znagios warn --check --crit 1000000
assert "host, 3+ zombies, --warn 1: exit 1" test "$RC" = 1
assert "host: WARNING line" grep -qE '^ZOMBIES WARNING - [0-9]+ zombies.* \| zombies=[0-9]+;1;1000000;0 ' "$T_TMP/warn.out"
assert "host: one line" one_line warn
znagios crit --check --crit 3
assert "host, 3+ zombies, --crit 3: exit 2" test "$RC" = 2
assert "host: CRITICAL line" grep -q '^ZOMBIES CRITICAL - ' "$T_TMP/crit.out"

# In a PID namespace: exactly our zombies. The script runs as its PID 1;
# everything in it dies when it ends.
cat >"$T_TMP/ns.sh" <<'NS'
zt=$1 helpers=$2 dir=$3
run() { # NAME ARGS...
	local name=$1
	shift
	"$zt" "$@" >"$dir/$name.out" 2>"$dir/$name.err"
	echo $? >"$dir/$name.rc"
}
run empty --check
"$helpers/zmaker" exit:1 exit:2 signal:9 >"$dir/zm.out" </dev/null &
for _ in $(seq 400); do [ -s "$dir/zm.out" ] && break; sleep 0.05; done
run ok --check --warn 5 --crit 10
run warn --check
run crit --check --crit 3
run young --check --max-age 3600
# --max-age can count a zombie only once its start time is old enough to
# allow the age: here 3 s, against a limit of 2 s.
sleep 3
run old --check --max-age 2
NS
if unshare --pid --fork --mount-proc true 2>/dev/null; then
	unshare --pid --fork --mount-proc bash "$T_TMP/ns.sh" "$ZT" "$HELPERS" "$T_TMP"
	read -r P _ <"$T_TMP/zm.out"
	rc() { cat "$T_TMP/$1.rc"; }
	l() { head -n 1 "$T_TMP/$1.out"; }
	assert "ns, no zombie: exit 0" test "$(rc empty)" = 0
	assert "ns, no zombie: OK line" test "$(l empty)" = "ZOMBIES OK - 0 zombies | zombies=0;1;20;0 zombies_total=0;;;0 leader_exited=0;;;0 zombie_parents=0;;;0"
	assert "ns, 3 zombies, --warn 5: exit 0" test "$(rc ok)" = 0
	assert "ns, 3 zombies, --warn 5: OK line" test "$(l ok)" = "ZOMBIES OK - 3 zombies, most under zmaker[$P]: 3 (no_handler) | zombies=3;5;10;0 zombies_total=3;;;0 leader_exited=0;;;0 zombie_parents=1;;;0"
	assert "ns, 3 zombies, defaults: exit 1" test "$(rc warn)" = 1
	assert "ns, defaults: WARNING line" test "$(l warn)" = "ZOMBIES WARNING - 3 zombies, most under zmaker[$P]: 3 (no_handler) | zombies=3;1;20;0 zombies_total=3;;;0 leader_exited=0;;;0 zombie_parents=1;;;0"
	assert "ns, 3 zombies, --crit 3: exit 2" test "$(rc crit)" = 2
	assert "ns, --crit 3: CRITICAL line" grep -q '^ZOMBIES CRITICAL - 3 zombies' "$T_TMP/crit.out"
	assert "ns, --max-age 3600: young zombies not counted, exit 0" test "$(rc young)" = 0
	assert "ns, --max-age 3600: says why" test "$(l young)" = "ZOMBIES OK - 0 zombies that may be older than 3600 s (3 younger, not counted) | zombies=0;1;20;0 zombies_total=3;;;0 leader_exited=0;;;0 zombie_parents=1;;;0"
	assert "ns, --max-age 2 on 3 s old zombies: counted, exit 1" test "$(rc old)" = 1
	assert "ns, --max-age 2: WARNING line" grep -q '^ZOMBIES WARNING - 3 zombies that may be older than 2 s (0 younger' "$T_TMP/old.out"
else
	skip "exact counts: unshare --pid --fork --mount-proc not permitted here"
fi
finish
