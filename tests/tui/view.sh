# SPDX-License-Identifier: GPL-2.0-or-later
# The interactive view under tmux, 100x30 then 40x10, against real zombies
# made by zmaker: rows, badges, header counts, the zombies-only view, help,
# resize, and a clean terminal after quitting.
. tests/lib.sh
. tests/tmuxlib.sh

zmaker view exit:3 signal:9 exit:0 run || finish
P=$ZPARENT Z3=${ZKIDS[0]} ZK=${ZKIDS[1]} Z0=${ZKIDS[2]} LIVE=${ZKIDS[3]}

tm_shell 100 30 || { fail "tmux shell did not start"; finish; }
zt_start -p "$P" || { fail "zombietop did not start"; screen_dump start; finish; }
ok "the view starts"
assert "alternate screen while running" test "$(alt_screen)" = 1

expect "zombie row shows Z and exit 3" "^ *$Z3 +root +Z +3 .*<zombie: exit 3>"
expect "zombie row shows SIGKILL" "^ *$ZK +root +Z +SIGKILL .*<zombie: killed by SIGKILL>"
expect "zombie row shows exit 0" "^ *$Z0 +root +Z +0 .*<zombie: exit 0>"
expect "parent badge counts its 3 zombies" "^ *$P +root +S .*\[3 zombies\]"
expect "live child is shown" "^ *$LIVE +root +[RS] "
n=$(screen | sed -n 's/^Zombies: \([0-9]*\).*/\1/p')
assert "header counts the zombies ($n >= 3)" test "${n:-0}" -ge 3
expect "header counts the zombie parents" "^Zombies: [0-9]+ +parents: [1-9]"
expect "the cursor starts on the first zombie" "^ PID $Z3 "
expect "panel: the zombie's exit status in words" "^Zombie: exit 3 \(wait status 768\)"
expect "panel: its parent, state, wchan and zombie count" "^Parent: $P +state S +wchan [^ ]+ +holding 3 zombies "
expect "panel: the diagnosis says why" "^Why: .+"
expect "panel: the parent's SIGCHLD disposition" "^SIGCHLD in the parent: default"

tm send-keys z
expect "z: zombies-only mode is shown" "\[zombies only\]"
expect_not "z: the live child is gone" "^ *$LIVE "
expect "z: the zombies stay" "^ *$ZK +root +Z "
expect "z: their parent stays" "^ *$P +root +S "
tm send-keys z
expect "z again: the live child is back" "^ *$LIVE +root +[RS] "

tm send-keys Z
expect "Z jumps to the next zombie" "^ PID $ZK "

# age_at_least N: the AGE column of the first zombie reads N seconds or more
# (a lower bound, ">N", counts in tens of seconds).
age_at_least() {
	local a
	a=$(screen | sed -nE "s/^ *$Z3 +root +Z +3 +>?([0-9]+)s .*/\1/p")
	[ -n "$a" ] && [ "$a" -ge "$1" ]
}
assert "AGE of a zombie older than the view grows in steps of 10 s" wait_for 30 age_at_least 10
expect "AGE of a zombie older than the view is a lower bound" "^ *$Z3 +root +Z +3 +>[0-9]+s "
expect "panel: a zombie older than the view says so" "^Zombie: .*; age unknown, over [0-9]+ s"
# The lower bound steps by 10 s from 10 s on, as the AGE column's.
expect "panel: the lower bound steps by 10 s" "^Zombie: .*; age unknown, over ([1-9][0-9]*0|[0-9]) s"

tm send-keys Left
expect "Left goes to the parent" "^ PID $P "
tm send-keys -- -
expect "- collapses the parent's subtree" "^ *$P +root +S +.*\+ /.*\[3 zombies\]"
expect_not "- hides its children" "^ *$Z3 "
# clock_changed: the header's clock differs from $clock (a refresh).
clock_changed() { [ "$(screen | head -1 | grep -oE '[0-9:]{8}$')" != "$clock" ]; }
clock=$(screen | head -1 | grep -oE '[0-9:]{8}$')
wait_for 20 clock_changed
clock=$(screen | head -1 | grep -oE '[0-9:]{8}$')
wait_for 20 clock_changed
assert "the collapsed subtree stays collapsed across refreshes" screen_lacks "^ *$Z3 "
tm send-keys +
expect "+ expands it again" "^ *$Z3 +root +Z "

tm send-keys p
expect "p pauses" "\[paused\]"
tm send-keys p
expect_not "p resumes" "\[paused\]"

tm send-keys '?'
expect "help opens" "zombietop keys"
# The help is longer than the screen: every page of it, scrolled down a
# few lines at a time (each step waits for the screen to move) until its
# last line shows.
screen >"$T_TMP/help.txt"
screen >"$T_TMP/help.page"
moved() { ! screen | cmp -s - "$T_TMP/help.page"; }
for _ in $(seq 60); do
	screen_has '^ *q, F10 +quit' && break
	tm send-keys Down Down Down Down Down
	wait_for 5 moved || break
	screen >"$T_TMP/help.page"
	cat "$T_TMP/help.page" >>"$T_TMP/help.txt"
done
missing=""
while IFS=$'\t' read -r name desc; do
	grep -qF -- "$desc" "$T_TMP/help.txt" || missing="$missing $name"
done < <("$ZT" --list-keys)
assert "help lists every key of the table${missing:+ (missing:$missing)}" test -z "$missing"
tm send-keys x
expect_not "any key closes the help" "zombietop keys"

y=$(line_of "^ *$LIVE +root")
if [ -n "$y" ]; then
	click 3 "$y"
	expect "mouse: a click selects the row" "^ PID $LIVE "
else
	fail "mouse: the live child's row is not on screen"
fi
click 1 29
expect "mouse: a click on F1 in the footer opens the help" "zombietop keys"
tm send-keys x
expect_not "the help closes again" "zombietop keys"

tm resize-window -x 40 -y 10
expect "40x10: PID, S and COMMAND titles stay" "^ +PID S .*COMMAND"
expect "40x10: the zombie row keeps PID, Z and its status" "^ *$Z3 Z 3 .*<Z"
expect "40x10: the header's zombie count stays" "^Zombies: [0-9]+"
tm resize-window -x 30 -y 8
expect "30x8: terminal too small" "^terminal too small"
tm resize-window -x 100 -y 30
expect "back to 100x30" "^ *$Z3 +root +Z +3 "

tm send-keys q
expect "q quits with status 0" "^zt-exit=0"
expect "the shell prompt is back" '^zt-prompt\$ ?$'
assert "no alternate screen after quitting" test "$(alt_screen)" = 0
expect "the screen before zombietop is restored" "^before-zt"
expect_not "no leftovers of the view on the screen" "^Zombies: |<zombie: "
run_line "stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
expect "terminal modes restored (icanon echo)" "^icanon echo ?$"
finish
