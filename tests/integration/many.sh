# SPDX-License-Identifier: GPL-2.0-or-later
# Thousands of zombies under the common limit of 1,024 open files: --reap
# with each --via on a parent of 1,500 zombies, with the soft limit at 1,024
# (zombietop raises it) and with the hard limit at 1,024 too (zombietop
# holds a capped number of pidfds and follows the rest by pid and start
# time). Every zombie is counted, none as "already gone", and no "Too many
# open files". --reap ZOMBIE --via term follows all the parent's zombies.
. tests/lib.sh

N=1500

# many NAME [reap]: a parent of N zombies (reaping on SIGCHLD with "reap");
# sets MP (the parent), MFIRST and MLAST (two of its zombies).
many() {
	local out=$T_TMP/$1.out
	("$HELPERS/zmany" $N $2 >"$out" </dev/null) &
	track $!
	disown $!
	wait_for 60 test -s "$out" || { fail "$1: zmany did not start"; return 1; }
	read -r MP MFIRST MLAST <"$out"
	track "$MP"
}

# zt_limited HARD ARGS...: zombietop with the soft limit at 1,024, and the
# hard one too when HARD is "hard"; output in $T_TMP/out, status in RC.
zt_limited() {
	local hard=$1
	shift
	(
		ulimit -Sn 1024 || exit 99
		if [ "$hard" = hard ]; then ulimit -Hn 1024 || exit 99; fi
		exec "$ZT" "$@"
	) >"$T_TMP/out" 2>&1
	RC=$?
}

# verdict NAME: the checks common to every case.
verdict() {
	local n
	assert "$1: exit status 0 (got $RC)" test "$RC" = 0
	assert "$1: $N of $N zombies reaped" grep -q "^$N of $N zombies reaped in " "$T_TMP/out"
	n=$(grep -cE '^  zombie [0-9]+ reaped ' "$T_TMP/out")
	assert "$1: a reap line for each zombie ($n)" test "$n" = $N
	assert "$1: none counted as already gone" sh -c "! grep -q 'already gone' '$T_TMP/out'"
	assert "$1: no 'Too many open files'" sh -c "! grep -qi 'too many open files' '$T_TMP/out'"
	assert "$1: the zombies are really gone" sh -c "! { $(declare -f is_zombie); is_zombie $MFIRST || is_zombie $MLAST; }"
	[ "$T_FAILED" = 0 ] || sed -n '1,5p' "$T_TMP/out" | sed 's/^/# /'
}

# SIGCHLD to a parent that reaps on it, hard limit 1024 (the soft limit
# alone is raised by zombietop: tests/tui/many.sh reads it back).
many chld reap || finish
zt_limited hard --reap "$MP" --via sigchld --yes --timeout 20
verdict "sigchld, hard limit 1024"
kill -KILL "$MP" 2>/dev/null

# SIGTERM named by one zombie: the whole family is handed over and
# followed (14.5), to the test's subreaper which reaps them.
many term || finish
zt_limited soft --reap "$MFIRST" --via term --yes --timeout 20
verdict "term by a zombie's PID"
assert "term: says it follows all $N zombies" \
    grep -q "watching all $N zombies of $MP (not only $MFIRST)" "$T_TMP/out"

# SIGKILL under a hard limit of 1024.
many kill || finish
zt_limited hard --reap "$MP" --via kill --yes --timeout 20
verdict "kill, hard limit 1024"

# ptrace: the parent made to reap each zombie, fds enough to inject.
many ptrace || finish
zt_limited hard --reap "$MP" --via ptrace --yes --timeout 20
if [ "$RC" = 3 ] && grep -qE 'not permitted|Yama|CAP_SYS_PTRACE' "$T_TMP/out"; then
	skip "ptrace is not permitted here: $(head -1 "$T_TMP/out")"
else
	verdict "ptrace, hard limit 1024"
	assert "ptrace: no 'no thread of the parent is usable'" \
	    sh -c "! grep -q 'no thread of the parent is usable' '$T_TMP/out'"
	n=$(grep -c '^injected wait4 into ' "$T_TMP/out")
	assert "ptrace: one injection per zombie ($n)" test "$n" = $N
fi
kill -KILL "$MP" 2>/dev/null

finish
