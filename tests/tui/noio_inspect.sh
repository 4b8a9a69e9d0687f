# SPDX-License-Identifier: GPL-2.0-or-later
# As noio.sh, for the keys of issue 20 that look at another process: s
# (strace's checks: the rules of every action, the tracer, Yama) and u
# (the user list) open no file on the view's own thread. s is pressed on
# zombietop's own shell, an ancestor, so it is refused after its checks
# and nothing is traced; e and l are there as the model (a worker thread).
# The trace must show the checks' reads on another thread, or it proves
# nothing.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
command -v strace >/dev/null || { fail "strace not installed (make check installs it)"; finish; }

zmaker zm exit:3 || finish
P=$ZPARENT

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
SH=$(tm display-message -p '#{pane_pid}')
TR=$T_TMP/trace
run_line "strace -f -qq -e trace=openat,open -o $TR $ZT_ABS -p $P,$SH -d 3; echo zt-exit=\$?"
wait_screen '^Zombies: [0-9]+' || { fail "zombietop did not start"; screen_dump start; finish; }
ZPID=$(awk 'NR == 1 { print $1 }' "$TR")
assert "zombietop's pid is known ($ZPID)" test -n "$ZPID"
wait_for 10 sh -c "grep -q '\"$P/status\"' '$TR'"

assert "zombietop's shell is selected" goto "$SH"
from=$(wc -l <"$TR")
tm send-keys s
expect "s on an ancestor: refused after the checks" "s refused: .*$SH"
tm send-keys u
expect "u: the user list" "^Show the processes of"
tm send-keys Enter
expect "u: all users picked" "showing the processes of all users"
tail -n +"$((from + 1))" "$TR" | grep -E 'open(at)?\(' >"$T_TMP/opens"
main=$(awk -v t="$ZPID" '$1 == t' "$T_TMP/opens" | head -3)
assert "the main thread opened no file (${main:-none})" test -z "$main"
awk -v t="$ZPID" '$1 != t' "$T_TMP/opens" >"$T_TMP/others"
assert "s's checks read Yama's setting on another thread" \
	grep -q 'yama/ptrace_scope' "$T_TMP/others"
tm send-keys q
wait_screen "zt-exit=0" 10
finish
