# SPDX-License-Identifier: GPL-2.0-or-later
# The ptrace reap lands only where the user confirmed, and every action
# path of the view applies the same safety rule:
#   1. --reap Z --via ptrace on a terminal: the parent P is killed while
#      the question waits (Z goes to S, a subreaper that never reaps); y
#      then injects nothing into S and exits 3.
#   2. R in the view, same race: nothing is injected, the status line says
#      the zombie changed parent.
#   3. zombietop started by a zombie's parent (zguard ancestor): R on that
#      zombie is refused with an override offered, like t; c, C, t, K, F9
#      and a tagged c refuse PID 1, zombietop itself and that ancestor.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
[ "$(uname -m)" = x86_64 ] || { skip "ptrace injection is tested on x86_64 only"; finish; }

ppid_of() { sed 's/.*) . //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1; }
untraced() { grep -q '^TracerPid:[[:space:]]*0$' "/proc/$1/status"; }
# goto PID: the exact-PID search (Home for PID 1, the first row), until
# the panel names it.
goto() {
	local end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		if [ "$1" = 1 ]; then
			tm send-keys Home
		else
			tm send-keys / && tm send-keys -l "$1" && tm send-keys Enter
		fi
		wait_screen "^ PID $1 " 2 && return 0
	done
	return 1
}
# chain NAME: S (subreaper, never reaps) > P > Z; sets S P Z.
chain() {
	(exec "$HELPERS/zguard" chain >"$T_TMP/$1.out" 2>&1 </dev/null) &
	track $!
	disown $!
	wait_for 10 grep -q '^READY' "$T_TMP/$1.out" || {
		fail "zguard chain did not start"
		return 1
	}
	read -r _ S P Z <"$T_TMP/$1.out"
	track "$P"
}
# reparent: kills P, waits until Z is S's.
reparent() {
	kill -KILL "$P"
	wait_for 10 sh -c "[ \"\$(sed 's/.*) . //' /proc/$Z/stat | cut -d' ' -f1)\" = $S ]"
}

tm_shell 200 45 || { fail "tmux shell did not start"; finish; }

# 1. The command line.
chain cli || finish
run_line "clear; $ZT_ABS --reap $Z --via ptrace; echo rc=\$?"
expect "cli: the question names P" "Make $P \\(.*reap its zombie $Z"
expect "cli: asks" "Inject\\? \\[y/N\\]"
assert "cli: Z re-parented to S" reparent
tm send-keys y Enter
expect "cli: exit 3" "^rc=3"
expect "cli: says so, naming P" "cannot make $P reap $Z: the zombie changed parent; nothing was done \\(its parent is now $S\\)"
assert "cli: nothing injected into S (Z still its zombie)" is_zombie "$Z"
assert "cli: Z is S's" test "$(ppid_of "$Z")" = "$S"
assert "cli: S not traced" untraced "$S"
run_line "clear"

# 2. R in the view.
chain view || finish
zt_start -d 1 || { fail "zombietop did not start"; screen_dump start; finish; }
assert "R: the zombie is selected" goto "$Z"
tm send-keys R
expect "R: the dialog names P" "Parent: $P "
assert "R: Z re-parented to S" reparent
tm send-keys y
expect "R: nothing done" "ptrace: zombie $Z not reaped by $P: the zombie changed parent; nothing was done"
assert "R: nothing injected into S (Z still its zombie)" is_zombie "$Z"
assert "R: S not traced" untraced "$S"

# 2b. R on a parent whose filter traps wait4: y refuses after reading
# it, o goes ahead and the SIGSYS of our call never reaches the parent.
(exec "$HELPERS/zguard" filter trap 60 >"$T_TMP/trap.out" 2>&1 </dev/null) &
track $!
disown $!
wait_for 10 grep -q '^READY' "$T_TMP/trap.out" || fail "zguard filter did not start"
read -r _ FP FZ <"$T_TMP/trap.out"
assert "R filter: the zombie is selected" goto "$FZ"
tm send-keys R
expect "R filter: the dialog names the filter" "SAFETY: a seccomp filter: y reaps only if it lets wait4 through"
expect "R filter: o is offered" "o: override the filter"
tm send-keys y
expect "R filter: y refused" "ptrace: zombie $FZ not reaped by $FP: the parent runs under a seccomp filter that does not let wait4 through"
tm send-keys R
wait_screen "o: override the filter" 10
tm send-keys o
expect "R filter: o tried, SIGSYS suppressed" "ptrace: zombie $FZ not reaped by $FP: the parent's seccomp filter refused wait4: nothing was reaped, the SIGSYS it raised was suppressed"
assert "R filter: still a zombie" is_zombie "$FZ"
assert "R filter: no SIGSYS reached the parent" sh -c "kill -0 $FP && ! grep -q sigsys=[1-9] '$T_TMP/trap.out'"
assert "R filter: not traced" untraced "$FP"
tm send-keys q
wait_screen "zt-exit=" 20

# 3. Started by a zombie's parent.
rm -f "$T_TMP/zt.pid"
run_line "clear; $HELPERS/zguard ancestor sh -c 'echo \$\$ >$T_TMP/zt.pid; exec $ZT_ABS -d 1' 2>$T_TMP/anc.out; echo zt-exit=\$?"
wait_for 20 test -s "$T_TMP/zt.pid" || { fail "zombietop did not start"; finish; }
ZT_PID=$(cat "$T_TMP/zt.pid")
wait_screen '^Zombies: [0-9]+' || { fail "no view"; finish; }
read -r _ AP AZ <"$T_TMP/anc.out"
assert "ancestor: zombietop's parent is the zombie's parent" test "$(ppid_of "$ZT_PID")" = "$AP"
assert "R ancestor: the zombie is selected" goto "$AZ"
tm send-keys R
expect "R ancestor: the rule is named" "SAFETY: the parent is an ancestor of zombietop \\(override: --force, or o"
expect "R ancestor: an override is offered" "o: override the safety rule"
tm send-keys y
tm send-keys n
expect "R ancestor: y did nothing, n cancels" "nothing sent"
assert "R ancestor: still a zombie" is_zombie "$AZ"
assert "R ancestor: not traced" untraced "$AP"

# Every signal path against each protected process.
for who in 1 "$ZT_PID" "$AP"; do
	case $who in
	1) why="is PID 1, the init of the system" ;;
	"$ZT_PID") why="is zombietop itself" ;;
	*) why="is an ancestor of zombietop" ;;
	esac
	assert "$who: selected" goto "$who" || continue
	for key in c C; do
		tm send-keys $key
		expect "$who $key: refused" "refused: $who \\(.*$why"
		tm send-keys Escape
	done
	for key in t K F9; do
		tm send-keys $key
		[ $key = F9 ] && { wait_screen "Up/Down choose" 10; tm send-keys Enter; }
		expect "$who $key: the dialog refuses" "SAFETY: refused: $who \\(.*$why"
		tm send-keys n
		expect "$who $key: nothing sent" "nothing sent"
	done
	tm send-keys Space
	goto "$who" >/dev/null
	tm send-keys c
	expect "$who tagged c: refused" "refused: $who \\(.*$why"
done
assert "ancestor: still alive" kill -0 "$AP"
assert "ancestor: its zombie is still there" is_zombie "$AZ"
tm send-keys q
finish
