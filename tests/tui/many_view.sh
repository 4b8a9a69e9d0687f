# SPDX-License-Identifier: GPL-2.0-or-later
# The view's c and t on a parent row with 1,500 zombies, zombietop started
# under a limit of 1,024 open files: the soft limit is raised to the hard
# one at start (read back from /proc/PID/limits), and with the hard limit
# at 1,024 too the outcome still follows every zombie (a capped number of
# pidfds, the rest by pid and start time): all counted, none "already
# gone", no "Too many open files".
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
N=1500

# many NAME [reap]: a parent of N zombies; sets MP, MFIRST, MLAST.
many() {
	local out=$T_TMP/$1.out
	("$HELPERS/zmany" $N $2 >"$out" </dev/null) &
	track $!
	disown $!
	wait_for 60 test -s "$out" || { fail "$1: zmany did not start"; return 1; }
	read -r MP MFIRST MLAST <"$out"
	track "$MP"
}
both_gone() { ! is_zombie "$1" && ! is_zombie "$2"; }
# soft_nofile PID: the soft "Max open files" of a process.
soft_nofile() { awk '/^Max open files/ { print $4 }' "/proc/$1/limits"; }
hard_nofile() { awk '/^Max open files/ { print $5 }' "/proc/$1/limits"; }

many chld reap || finish
C_P=$MP C_FIRST=$MFIRST C_LAST=$MLAST
many term || finish
T_P=$MP T_FIRST=$MFIRST T_LAST=$MLAST

tm_shell 220 45 || { fail "tmux shell did not start"; finish; }

# 1. Soft limit 1024: raised at start; c on the parent row.
run_line "ulimit -Sn 1024"
zt_start -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }
soft=$(soft_nofile "$ZT_PID") hard=$(hard_nofile "$ZT_PID")
assert "soft limit raised to the hard one ($soft, hard $hard)" \
    sh -c "test '$soft' = '$hard' && test '$soft' != 1024"
assert "c: the parent row is selected" goto "$C_P"
tm send-keys c
expect "c: every zombie reaped by its parent" \
    "SIGCHLD to $C_P: $N of $N zombies reaped in [0-9.]+ s; zombie [0-9]+ reaped by its parent $C_P \(zmany\)"
assert "c: the zombies are gone" wait_for 20 both_gone "$C_FIRST" "$C_LAST"
screen_lacks "already gone|Too many open files" ||
	fail "c: a zombie counted as gone, or EMFILE"
tm send-keys q
expect "q quits" "^zt-exit=0$"

# 2. Hard limit 1024 too: t on the parent row, confirmed.
run_line "clear; ulimit -Hn 1024; ulimit -Hn"
zt_start -d 5 || { fail "zombietop did not start (hard limit)"; screen_dump start; finish; }
assert "hard limit 1024 in force ($(hard_nofile "$ZT_PID"))" test "$(hard_nofile "$ZT_PID")" = 1024
assert "t: the parent row is selected" goto "$T_P"
tm send-keys t
expect "t: the dialog counts the zombies" "its $N zombies"
tm send-keys y
expect "t: every zombie followed and reaped" \
    "SIGTERM to $T_P: $N of $N zombies reaped in [0-9.]+ s"
assert "t: the zombies are gone" wait_for 20 both_gone "$T_FIRST" "$T_LAST"
screen_lacks "already gone|Too many open files" ||
	fail "t: a zombie counted as gone, or EMFILE"
tm send-keys q
expect "q quits (hard limit)" "^zt-exit=0$"

kill -KILL "$C_P" "$T_P" 2>/dev/null
finish
