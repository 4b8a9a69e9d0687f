# SPDX-License-Identifier: GPL-2.0-or-later
# The whole-machine view at 100x30: incremental search and filter find a
# process by name, follow reports when it exits and the cursor lands on a
# neighbour, list mode puts zombies first, and names holding terminal
# escape sequences are shown escaped without touching the terminal.
. tests/lib.sh
. tests/tmuxlib.sh

zmaker search exit:4 || finish
NEEDLE_NAME=zt-needle-$$
(exec -a "$NEEDLE_NAME" sleep 600) &
NEEDLE=$!
track "$NEEDLE"
disown "$NEEDLE"
EVIL=$'\e]2;PWNED\a'
(exec -a "$EVIL"$'\e[2J\e[31mRED' "$HELPERS/evilname" "$EVIL" >"$T_TMP/evil.out") &
track $!
disown $!
wait_for 10 test -s "$T_TMP/evil.out" || { fail "evilname did not start"; finish; }
read -r EP EK <"$T_TMP/evil.out"
track "$EP"

tm_shell 100 30 || { fail "tmux shell did not start"; finish; }
tm select-pane -T zt-title
zt_start || { fail "zombietop did not start"; finish; }

tm send-keys /
expect "/ opens the search prompt" "^Search:"
tm send-keys -l "$NEEDLE_NAME"
expect "incremental search selects the process" "^ PID $NEEDLE +sleep"
expect "its row is on screen" "^ *$NEEDLE +root +S .*zt-needle"
expect "the panel shows its command line" "^Command: +$NEEDLE_NAME"
tm send-keys Enter
expect_not "Enter closes the prompt" "^Search:"

tm send-keys '\'
tm send-keys -l "$NEEDLE_NAME"
expect "filter is shown in the header" "\[filter: $NEEDLE_NAME\]"
expect_not "filter hides other processes" "^ *$ZPARENT "
expect "filter keeps the match" "^ *$NEEDLE +root "
tm send-keys Enter Escape
expect "Esc clears the filter" "^ *$ZPARENT +root "

tm send-keys /
tm send-keys -l "$EK"
tm send-keys Enter
expect "search by PID finds the zombie with an escape in its name" "^ PID $EK "
expect "the zombie's row shows its name escaped" "^ *$EK +root +Z .*\\\\x1b\\]"
expect "the panel shows the zombie's name escaped" "^Command: +\\\\x1b\\]2;PWNED\\\\x07$"
expect "the panel shows the parent's command line escaped" "^Parent: $EP .*holding 1 zombie +\\\\x1b\\]2;PWNED\\\\x07\\\\x1b\\[2J\\\\x1b\\[31mRED"
assert "the pane title was not changed" test "$(tm display-message -p '#{pane_title}')" = zt-title
expect "the screen was not cleared: header intact" "^zombietop "
sleep 2 # two refreshes: a raw escape would have to be redrawn by now
assert "the pane title is still unchanged" test "$(tm display-message -p '#{pane_title}')" = zt-title

tm send-keys /
tm send-keys -l "$NEEDLE_NAME"
tm send-keys Enter F
expect "F follows the selected process" "\[follow\]"
kill "$NEEDLE"
expect "follow reports the exit" "followed process $NEEDLE has exited" 30
expect_not "the exited process is no longer selected" "^ PID $NEEDLE "
expect "the cursor is on a neighbour" "^ PID [0-9]+ "

SPIN_NAME=zt-spin-$$
(exec -a "$SPIN_NAME" bash -c 'while :; do :; done') &
SPIN=$!
track "$SPIN"
disown "$SPIN"
tm send-keys /
tm send-keys -l "$SPIN_NAME"
tm send-keys Enter
# It may appear only at the next refresh: n searches again.
find_spin() { tm send-keys n && sleep 0.2 && screen_has "^ PID $SPIN "; }
assert "search finds the busy process once it appears" wait_for 20 find_spin
# cpu_above N: its CPU% column (fields: PID USER S THR CPU% MEM) is > N.
cpu_above() {
	screen | awk -v pid="$SPIN" -v min="$1" '$1 == pid && $5 + 0 > min { f = 1 } END { exit !f }'
}
assert "CPU% of a busy process, from tick deltas between refreshes" wait_for 20 cpu_above 5
kill "$SPIN"

zmaker late exit:6 || finish
LATE=${ZKIDS[0]}
tm send-keys /
tm send-keys -l "$LATE"
tm send-keys Enter
find_late() { tm send-keys n && sleep 0.2 && screen_has "^ PID $LATE "; }
assert "search finds a zombie made after the view started" wait_for 30 find_late
expect "its AGE is exact (no lower-bound mark)" "^ *$LATE +root +Z +6 +[0-9]+s "
expect "panel: a zombie for N seconds" "^Zombie: exit 6 \(wait status 1536\); a zombie for [0-9]+ s"

tm send-keys F6
expect "F6 switches to list mode" "\[list\]"
tm send-keys Home
# first_row_is_zombie: the row under the column titles is in state Z.
first_row_is_zombie() {
	screen | grep -A1 -E '^ +PID USER' | tail -1 | grep -qE '^ *[0-9]+ +[^ ]+ +Z '
}
assert "list mode puts a zombie first" wait_for 20 first_row_is_zombie
tm send-keys q
expect "q quits" "^zt-exit=0"
finish
