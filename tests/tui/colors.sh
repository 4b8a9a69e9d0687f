# SPDX-License-Identifier: GPL-2.0-or-later
# Presentation: colours by meaning, the monochrome scheme (-C, --no-color,
# NO_COLOR) that keeps the markers through attributes (read back with
# capture-pane -e, which shows the cells' attributes as SGR sequences), and
# Unicode or ASCII tree lines.
. tests/lib.sh
. tests/tmuxlib.sh

zmaker colors exit:3 signal:9 || finish
P=$ZPARENT Z3=${ZKIDS[0]} ZK=${ZKIDS[1]}
# The last child in the tree (children go by PID, which can wrap).
LAST=$(printf '%s\n' "$Z3" "$ZK" | sort -n | tail -1)
tm_shell 100 30 || { fail "tmux shell did not start"; finish; }

sgr() { tm capture-pane -p -e; }
# row_sgr PID: the screen line of that PID's row, with its SGR sequences.
row_sgr() { sgr | grep -aP "^(?:\x1b\[[0-9;]*m)* *$1 +root"; }
COLOR_RE='\x1b\[(?:[0-9]*;)*(?:3[0-7]|4[0-7]|38;5;\d+|48;5;\d+)(?:;\d+)*m'
has_color() { grep -aqP "$COLOR_RE"; }
# has_attr N: some SGR sequence of the input sets attribute N (1 bold,
# 4 underline, 7 reverse).
has_attr() { grep -aqP "\x1b\[(?:\d+;)*$1(?:;\d+)*m"; }

zt_start -p "$P" || { fail "zombietop did not start"; finish; }
expect "rows are drawn" "<zombie: killed by SIGKILL>"
assert "colour: the zombie row is coloured" has_color < <(row_sgr "$ZK")
assert "colour: the parent row is coloured" has_color < <(row_sgr "$P")
assert "colour: zombie and parent differ" test "$(row_sgr "$ZK" | grep -aoP "$COLOR_RE" | head -1)" != "$(row_sgr "$P" | grep -aoP "$COLOR_RE" | head -1)"
tm send-keys q
expect "quit" "^zt-exit=0"

mono_checks() {
	local what=$1
	expect "$what: rows are drawn" "<zombie: killed by SIGKILL>"
	assert "$what: no colour anywhere" sh -c "! tmux -L $T_TMUX capture-pane -p -e | grep -aqP '$COLOR_RE'"
	assert "$what: zombie row bold" has_attr 1 < <(row_sgr "$ZK")
	assert "$what: zombie row underlined" has_attr 4 < <(row_sgr "$ZK")
	assert "$what: parent row bold" has_attr 1 < <(row_sgr "$P")
	assert "$what: selected row in reverse video" has_attr 7 < <(row_sgr "$Z3")
	expect "$what: the Z badge is there" "^ *$ZK +root +Z .*<zombie: killed by SIGKILL>"
	tm send-keys q
	expect "$what: quit" "^zt-exit=0"
}

zt_start -p "$P" || { fail "zombietop did not start"; finish; }
expect "UTF-8 locale: Unicode tree lines" "^ *$LAST +root +Z .*└─ "
tm send-keys q
expect "quit" "^zt-exit=0"
zt_start --ascii -p "$P" || { fail "zombietop --ascii did not start"; finish; }
expect "--ascii: ASCII tree lines" "^ *$LAST +root +Z .*\`- "
assert "--ascii: no line drawing characters" screen_lacks "[└├│]"
tm send-keys q
expect "quit" "^zt-exit=0"
run_line "export LC_ALL=C"
zt_start -p "$P" || { fail "zombietop in the C locale did not start"; finish; }
expect "C locale: ASCII tree lines" "^ *$LAST +root +Z .*\`- "
assert "C locale: no line drawing characters" screen_lacks "[└├│]"
tm send-keys q
expect "quit" "^zt-exit=0"
run_line "export LC_ALL=C.UTF-8"

zt_start -C -p "$P" || { fail "zombietop -C did not start"; finish; }
mono_checks "-C"
zt_start --no-color -p "$P" || { fail "zombietop --no-color did not start"; finish; }
mono_checks "--no-color"
run_line "export NO_COLOR=1"
zt_start -p "$P" || { fail "zombietop with NO_COLOR did not start"; finish; }
mono_checks "NO_COLOR"
finish
