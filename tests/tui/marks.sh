# SPDX-License-Identifier: GPL-2.0-or-later
# The view's marks live in the process table (issue 17, item 1): a tagged
# process and a collapsed subtree stay so over refreshes, a process that
# goes away takes its tag with it (the table's sweep), and * unfolds all.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

(exec sleep 600) &
S=$!
track "$S"
(exec sleep 600) &
X=$! # a canary: its row leaving the screen proves a refresh went by
track "$X"
zmaker idle exit:1 || finish
P=$ZPARENT Z=${ZKIDS[0]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$S,$X,$P" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }

assert "the sleeper is selected" goto "$S"
tm send-keys Space
expect "Space tags it" "^\* *$S "
assert "the zombie's parent is selected" goto "$P"
expect "its zombie is shown" "^ *$Z "
tm send-keys -- -
expect_not "- folds its zombie away" "^ *$Z "
expect "and marks the parent folded" "^ *$P .*\+ "

# A refresh after the keys: the canary's row goes.
kill "$X"
assert "the canary is gone" wait_for 10 sh -c "! test -e /proc/$X"
expect_not "a refresh went by (the canary's row left)" "^[* ] *$X "
assert "the tag stayed over the refresh" screen_has "^\* *$S "
assert "the fold stayed over the refresh" screen_lacks "^ *$Z "

# The tagged process goes: its tag goes with its record.
kill "$S"
assert "the tagged sleeper is gone" wait_for 10 sh -c "! test -e /proc/$S"
expect_not "its row left" "^[* ] *$S "
assert "the zombie's parent again" goto "$P"
tm send-keys k
expect "k: a menu for the selected process, no tag left" "Signal for $P \("
expect_not "and no tagged process counted" "tagged processes" 2
tm send-keys Escape
wait_gone "Signal for $P \(" 10
tm send-keys '*'
expect "* unfolds every subtree" "^ *$Z "

tm send-keys q
wait_screen "^zt-exit=0" 10 || fail "zombietop did not quit cleanly"
finish
