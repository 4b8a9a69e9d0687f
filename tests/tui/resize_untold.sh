# SPDX-License-Identifier: GPL-2.0-or-later
# A resize that no SIGWINCH tells (the terminal resized before curses
# listens, as tmux may do just after a test's resize; here SIGWINCH is
# kept blocked by tests/helpers/nowinch): within a refresh the view is
# drawn again whole at the new size, header first and footer last, not
# left wrapped at the old width.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
NOWINCH=$(cd "$HELPERS" && pwd)/nowinch

first_is() { screen | head -1 | grep -qE "$1"; }
last_is() { screen | tail -1 | grep -qE "$1"; }

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
run_line "clear; $NOWINCH $ZT_ABS -d 10; echo zt-exit=\$?"
expect "120x40: the view" "^Zombies: [0-9]+"
for size in "70 20" "100 30"; do
	set -- $size
	resize "$1" "$2"
	assert "$1x$2: the header is the first line" wait_for 10 first_is "^zombietop "
	assert "$1x$2: the footer is the last" wait_for 10 last_is "^F1Help "
	first_is "^zombietop " && last_is "^F1Help " || screen_dump "untold-$1"
done
tm send-keys q
expect "quit" "^zt-exit=0$"
finish
