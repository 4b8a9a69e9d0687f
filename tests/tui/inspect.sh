# SPDX-License-Identifier: GPL-2.0-or-later
# e and l (issue 20): the environment and the open files of a process of
# the test whose environment and file name hold terminal escapes (an OSC
# title, a colour, a clear screen): the page shows their escaped form and
# nothing reaches the terminal (the pane's title is unchanged); on a
# zombie they show its parent with a line saying so. At 120x40, 80x24 and
# 40x10.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

EVIL_FILE=$T_TMP/$(printf 'evil\033[2J\033]2;fdpwned\007name')
# The parent (evilname) holds fd 3 on the file and an environment with
# escapes; its child is a zombie.
(exec env "ZT_EVIL=$(printf 'x\033]2;envpwned\007\033[31mred')" \
	bash -c 'exec 3>"$1"; exec "$2" zt-inspect' _ "$EVIL_FILE" "$HELPERS/evilname" \
	>"$T_TMP/evil.out" 2>"$T_TMP/evil.err" </dev/null) &
track $!
wait_for 10 test -s "$T_TMP/evil.out" || { fail "evilname did not start"; finish; }
read -r P Z <"$T_TMP/evil.out"

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
tm set -g set-titles off
zt_start -d 10 -p "$P" || { fail "zombietop did not start"; screen_dump start; finish; }
title0=$(tm display-message -p '#{pane_title}')

no_title_change() {
	local t
	t=$(tm display-message -p '#{pane_title}')
	[ "$t" = "$title0" ] && ! grep -q pwned <<<"$t"
}

assert "the parent is selected" goto "$P"
for size in "120 40" "80 24" "40 10"; do
	resize $size
	tm send-keys C-l
	tm send-keys e
	expect "$size: e opens the environment page" "^Environment of $P"
	expect "$size: the hostile variable, escaped" 'ZT_EVIL=x\\(e|x1b|033)\]2;envpwned'
	assert "$size: no escape reached the terminal (title)" no_title_change
	tm send-keys q
	expect_not "$size: q closes it" "^Environment of "
	tm send-keys l
	expect "$size: l opens the open files page" "^Open files of $P"
	# 40 columns: Right scrolls the long lines sideways.
	[ "${size%% *}" -lt 80 ] && tm send-keys Right Right Right Right
	expect "$size: the hostile file name, escaped" 'evil\\(e|x1b|033)\[2J'
	assert "$size: no escape reached the terminal (title)" no_title_change
	tm send-keys Escape
	expect_not "$size: Esc closes it" "^Open files of "
done

resize 120 40
assert "the zombie is selected" goto "$Z"
tm send-keys e
expect "e on a zombie: the line saying so" "zombie $Z has no environment: showing its parent $P \("
expect "e on a zombie: the parent's environment" 'ZT_EVIL=x\\'
tm send-keys q
tm send-keys l
expect "l on a zombie: the line saying so" "zombie $Z has no open files: showing its parent $P \("
expect "l on a zombie: the parent's file" 'evil\\(e|x1b|033)\[2J'
tm send-keys q
expect_not "l: closed" "^Open files of "
tm send-keys q
expect "q quits" "^zt-exit=0"
finish
