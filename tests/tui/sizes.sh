# SPDX-License-Identifier: GPL-2.0-or-later
# The view at real terminal sizes (issue 14, items 11-13, 15, 16, 18, 23),
# against a zmaker parent of this test with a long command line: tree
# lines kept at 60 columns, the command line scrolled with ] and [, the
# detail panel and the K dialog scrolled at 80x24 and 40x10 (y refused
# while the dialog cannot be seen), the header's shown and machine counts,
# the sort column marked, one age in the panel, and a growing lower bound
# for zombies older than the view.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

# Eleven zombies, the last with a status found only at the end of the
# parent's command line.
zmaker sizes exit:1 exit:2 exit:3 exit:4 exit:5 exit:6 exit:7 exit:8 exit:9 exit:10 exit:77 || finish
P=$ZPARENT Z1=${ZKIDS[0]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$P" -d 10 || { fail "zombietop did not start"; screen_dump start; finish; }

# 16: -p shows a part of the machine: the header says both counts.
expect "16: the header counts the shown zombies" "^Zombies: 11 +parents: 1 "
expect "16: and the machine's" "^Zombies: 11 .*\[machine: [0-9]+ zombies?, [0-9]+ parents?\]"

# 23: zombies older than the view: a lower bound that grows from the
# view's start, not >0s for ten seconds.
expect "23: AGE is a growing lower bound" "^ *$Z1 +root +Z +1 +>[1-9]s " 8

# 18: list mode marks its sort column in the header.
tm send-keys F6
expect "18: list mode" "\[list\]"
expect "18: the ZOMBIE order marks the state column" "^ +PID +USER +S▼ *EXIT"
tm send-keys F6
expect "18: sorted by PID: PID is marked" "^ +PID▼ +USER +S +EXIT"
tm send-keys I
expect "18: inverted: the arrow turns" "^ +PID▲ +USER"
tm send-keys I F5
expect_not "18: tree mode: no marker" "▼|▲"

# 13: ] scrolls the command lines, the tree stays; [ scrolls back.
resize 80 24
expect "13: 80 columns: the parent row" "^ *$P .*\[11 zombies\]"
assert "13: exit:77 is not in view yet" screen_lacks "^ *$P .*exit:77"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	screen_has "^ *$P .*exit:77" && break
	tm send-keys ]
	sleep 0.1
done
expect "13: ] brings the end of the command line into view" "^ *$P .*«.*exit:77"
expect "13: the tree lines stay while scrolled" "^ *$Z1 .*(├─|└─) «"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do tm send-keys [; done
expect_not "13: [ scrolls back" "«"
tm send-keys ?
expect "13: help lists the scroll keys" "\], Right, Shift-Right +scroll the command lines right"
tm send-keys q
expect_not "13: help closed" "^zombietop keys"

# 12: at 60 columns every child row keeps its tree lines.
resize 60 24
expect "12: 60 columns: the zombie rows" "^ *$Z1 +"
rows=$(screen | grep -cE "^ *[0-9]+ .* Z ")
tree=$(screen | grep -cE "^ *[0-9]+ .* Z .*(├─|└─)")
assert "12: 60 columns: every zombie row keeps its tree lines ($tree of $rows)" test "$rows" -gt 0 -a "$rows" = "$tree"

# 15: at 80x24 the panel (Enter) scrolls to its SIGTERM and SIGKILL lines.
resize 80 24
tm send-keys Enter
assert "15: the zombie is selected" goto "$Z1"
expect "15: 80x24: the panel says lines are hidden" "^-- [0-9]+ more lines? \(\{ \} scroll\) --"
for _ in 1 2 3 4 5 6 7 8; do
	screen_has "^If SIGKILL" && break
	tm send-keys '}'
	sleep 0.1
done
expect "15: } reaches the SIGTERM line" "^If SIGTERM"
expect "15: } reaches the SIGKILL line" "^If SIGKILL"
tm send-keys '{' '{' '{' '{' '{' '{' '{' '{'
expect "15: { scrolls back" "^-- [0-9]+ more lines? "

# 15: at 40x10 the K dialog shows the signal, the target and a "more"
# marker, scrolls to the prediction, and refuses y while it cannot be seen.
resize 40 10
tm send-keys K
expect "15: 40x10: the dialog names the signal" "Send SIGKILL to 1 process"
expect "15: 40x10: the dialog names the target" "Target: $P "
expect "15: 40x10: the dialog says more lines are hidden" "-- more: [0-9]+ lines? \(Up/Down\) --"
for _ in $(seq 1 30); do
	screen_has "Prediction:" && break
	tm send-keys Down
	sleep 0.1
done
expect "15: 40x10: Down scrolls to the prediction" "Prediction:"
resize 40 8
expect "15: 40x8: too small" "terminal too small"
tm send-keys y
sleep 0.5
assert "15: y on a hidden dialog sends nothing" kill -0 "$P"
assert "15: the zombie is still there" is_zombie "$Z1"
resize 40 10
expect "15: the dialog is back" "Send SIGKILL to 1 process"
tm send-keys n
expect "15: n: nothing sent" "nothing sent"
assert "15: the parent lives" kill -0 "$P"

# 11: one age, one wording: the zombie's line and the diagnosis's
# "oldest" say the same. The parent (a holder that becomes zmaker by exec,
# same PID) makes its zombie only once the view runs, so its age is known.
tm send-keys q
expect "11: quit" "^zt-exit=0$"
resize 120 40
(cd "$T_TMP" && exec sh -c 'while [ ! -e go ]; do sleep 0.1; done; exec "$0" exit:9' "$OLDPWD/$HELPERS/zmaker" >late.out </dev/null) &
H=$!
track $H
disown $H
zt_start -p "$H" -d 10 || { fail "zombietop did not start"; finish; }
touch "$T_TMP/go"
wait_for 10 test -s "$T_TMP/late.out" || fail "11: the late zombie was not made"
read -r _ LZ <"$T_TMP/late.out"
assert "11: the late zombie is selected" goto "$LZ"
expect "11: the panel's zombie line" "^Zombie: exit 9 \(wait status 2304\); a zombie for [0-9]+ s"
# one_age: in one frame, the zombie's age and the oldest's are the same.
one_age() {
	local flat a o
	flat=$(screen | tr -s ' \n' '  ')
	a=$(sed -nE 's/.*; a zombie for ([0-9]+ (s|min)).*/\1/p' <<<"$flat")
	o=$(sed -nE 's/.*The oldest has been a zombie for ([0-9]+ (s|min))\..*/\1/p' <<<"$flat")
	[ -n "$a" ] && [ "$a" = "$o" ]
}
assert "11: one age, one wording in the panel" wait_for 10 one_age
one_age || screen_dump age

tm send-keys q
expect "q quits" "^zt-exit=0$"
kill "$P" "$H" 2>/dev/null
finish
