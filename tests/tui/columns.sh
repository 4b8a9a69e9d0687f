# SPDX-License-Identifier: GPL-2.0-or-later
# The columns of issue 20 item 7 read back from the screen against a
# 3-thread child of the test's own shell (so it has the pane's terminal):
# --columns picks them in order; PPID, TTY (as ps names it), START (from
# its stat's start ticks and the boot time) and NLWP 3. A click on a
# column's title (an xterm mouse report typed into the pane) sorts the
# list by it, a second click inverts; a title that sorts nothing does not.
# IO_R and IO_W show the rates of a child that writes.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
run_line "$PWD/$HELPERS/zthreads 3 >$T_TMP/thr.out &"
wait_for 10 test -s "$T_TMP/thr.out" || { fail "zthreads did not start"; finish; }
C=$(cat "$T_TMP/thr.out")
track "$C"
SHELL_PID=$(awk '{ sub(/^.*\) /, ""); print $2 }' "/proc/$C/stat")
TTY=$(ps -o tty= -p "$C" | tr -d ' ')
START=$(awk -v hz="$(getconf CLK_TCK)" -v bt="$(awk '/^btime/ { print $2 }' /proc/stat)" \
	'{ sub(/^.*\) /, ""); print bt + int($20 / hz) }' "/proc/$C/stat")
START=$(date -d "@$START" +%H:%M)
assert "the child runs 3 threads" test "$(ls "/proc/$C/task" | wc -l)" -eq 3
assert "the child has a terminal ($TTY)" sh -c "case '$TTY' in pts/*) true;; *) false;; esac"

run_line clear
zt_start -p "$C" -d 5 --no-meters --columns PID,PPID,TTY,START,NLWP,USER,S ||
	{ fail "zombietop did not start"; screen_dump start; finish; }
expect "--columns: the titles in that order" "^ +PID +PPID +TTY +START +NLWP +USER +S +COMMAND"
expect "PPID, TTY, START and NLWP of the child" \
	"^ *$C +$SHELL_PID +$TTY +$START +3 +root +S +"
tm send-keys q
expect "quit" "^zt-exit=0$"

# The mouse: the title line's number and the column of NLWP and TTY.
zt_start -p "$C" -d 5 --no-meters --columns PID,TTY,NLWP,USER ||
	{ fail "zombietop did not start"; finish; }
expect "the default table" "^ +PID +TTY +NLWP +USER +COMMAND"
Y=$(screen | grep -nE '^ +PID +TTY +NLWP' | head -1 | cut -d: -f1)
Y=$((Y - 1))
title=$(screen | sed -n "$((Y + 1))p")
X_NLWP=$(awk -v s="$title" 'BEGIN { print index(s, "NLWP") - 1 }')
X_TTY=$(awk -v s="$title" 'BEGIN { print index(s, "TTY") - 1 }')
click "$X_TTY" "$Y"
sleep 0.5
assert "a click on TTY (it sorts nothing) keeps the tree" screen_lacks "\[list\]"
click "$X_NLWP" "$Y"
expect "a click on NLWP: list mode" "\[list\]"
expect "sorted by NLWP, marked" "^ +PID +TTY +NLWP▼ *USER"
click "$X_NLWP" "$Y"
expect "a second click inverts" "^ +PID +TTY +NLWP▲ *USER"
tm send-keys q
expect "quit" "^zt-exit=0$"

# IO_R and IO_W: a child that writes about 10 KB/s (bash's builtin
# printf, to /dev/null) against the idle 3-thread one.
bash -c 'while :; do printf "%01000d" 0; sleep 0.1; done' >/dev/null </dev/null &
W=$!
track "$W"
disown "$W"
run_line clear
zt_start -p "$W,$C" -d 10 --no-meters --columns PID,IO_R,IO_W,USER ||
	{ fail "zombietop did not start"; finish; }
expect "IO: the titles" "^ +PID +IO_R +IO_W +USER +COMMAND"
expect "IO_W: the writer writes kilobytes a second" "^ *$W +[0-9.]+K? +[0-9.]+K +root "
expect "IO_R, IO_W: the idle child does neither" "^ *$C +0 +0 +root "
tm send-keys q
expect "quit" "^zt-exit=0$"

assert "--columns refuses an unknown name" sh -c "! $ZT --columns PID,NOPE 2>/dev/null"
"$ZT" --columns PID,NOPE 2>"$T_TMP/err"
assert "and says which" grep -q "unknown column 'NOPE'" "$T_TMP/err"
finish
