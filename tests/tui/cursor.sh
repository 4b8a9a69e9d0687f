# SPDX-License-Identifier: GPL-2.0-or-later
# Where the cursor goes (issue 14, item 17): when the selected process
# vanishes, to its nearest neighbour in the tree (here: its dead parent's
# next sibling), not to whatever row now has its index; and Z skips a
# zombie younger than one refresh, then stops on it once it is older.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

ZM=$PWD/$HELPERS/zmaker
specs() { local i s=""; for i in $(seq 1 "$2"); do s="$s exit:$1"; done; echo "$s"; }

# A holder with two zombie makers of 40 zombies each, one after the other.
(cd "$T_TMP" && exec sh -c "\"$ZM\" $(specs 1 40) >a.out & \"$ZM\" $(specs 2 40) >b.out & wait" </dev/null) &
H=$!
track $H
disown $H
wait_for 20 sh -c "test -s '$T_TMP/a.out' && test -s '$T_TMP/b.out'" || { fail "the makers did not start"; finish; }
read -r A AK <"$T_TMP/a.out"
read -r B BK <"$T_TMP/b.out"
track "$A" "$B"
# The first in the tree (the lower PID) is the one to kill.
[ "$A" -gt "$B" ] && { t=$A; A=$B; B=$t; t=$AK; AK=$BK; BK=$t; }
read -r -a AZ <<<"$AK"
MID=${AZ[20]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$H" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }
assert "17: a zombie in the middle of the first maker's is selected" goto "$MID"
kill -KILL "$A"
expect_not "17: the selected zombie is gone from the view" "^ *$MID +root " 30
sleep 0.3
assert "17: the cursor is on the dead parent's next sibling" screen_has "^ PID $B "
tm send-keys q
expect "quit" "^zt-exit=0$"
kill -KILL "$B" 2>/dev/null

# Z and young zombies: OLD is there before the view, NEW appears while it
# runs, refreshing every 20 s. NEW is made 12 s after a refresh (the
# header's clock moves only then), so it shows up at most 8 s old with 12 s
# of youth left: a slow machine has that long to deliver the Z.
(cd "$T_TMP" && exec sh -c "\"$ZM\" exit:4 >old.out & while [ ! -e go ]; do sleep 0.1; done; \"$ZM\" exit:5 >new.out & wait" </dev/null) &
H2=$!
track $H2
disown $H2
wait_for 10 test -s "$T_TMP/old.out" || { fail "the old maker did not start"; finish; }
read -r OP OLD <"$T_TMP/old.out"
track "$OP"
zt_start -p "$H2" -d 200 || { fail "zombietop did not start"; finish; }
expect "17: the cursor starts on the old zombie" "^ PID $OLD "
clock_now() { screen | head -1 | grep -oE '[0-9:]{8}$'; }
clock_changed() { [ "$(clock_now)" != "$clock" ]; }
clock=$(clock_now)
wait_for 30 clock_changed || fail "17: no refresh seen"
sleep 12
touch "$T_TMP/go"
t0=$(date +%s)
wait_for 10 test -s "$T_TMP/new.out" || { fail "the new maker did not start"; finish; }
read -r NP NEW <"$T_TMP/new.out"
track "$NP"
expect "17: the new zombie shows up" "^ *$NEW +root +Z " 30
tm send-keys Z
sleep 0.5
if [ $(($(date +%s) - t0)) -lt 19 ]; then
	assert "17: Z skips a zombie younger than one refresh" screen_has "^ PID $OLD "
else
	skip "17: Z and a young zombie: the machine took $(($(date +%s) - t0)) s to show it, past its 20 s of youth"
fi
# older_z: once a refresh old, Z stops on it.
older_z() { tm send-keys Z && sleep 0.3 && screen_has "^ PID $NEW "; }
assert "17: Z stops on it once it is a refresh old" wait_for 60 older_z
tm send-keys q
expect "q quits" "^zt-exit=0$"
kill -KILL "$OP" "$NP" 2>/dev/null
finish
