# SPDX-License-Identifier: GPL-2.0-or-later
# The mouse can be turned off (issue 20): in F2 (saved as mouse = no), in
# the file, and with --no-mouse, which wins over the file and is not
# written to it. Off, the view asks the terminal for no mouse reports,
# which tmux's pane flags show, so the terminal's own selection works.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

zmaker mouse exit:1 || finish
P=$ZPARENT
CFG=$T_TMP/cfg
RC=$CFG/zombietop/zombietoprc

# The pane's mouse modes that an application turned on (1000, 1002, 1003).
mouse_on() {
	[ "$(tm display-message -p '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}')" != 000 ]
}
mouse_off() { ! mouse_on; }

tm_shell 100 30 || { fail "tmux shell did not start"; finish; }
run_line "export XDG_CONFIG_HOME=$CFG"
assert "the shell asks for no mouse reports" mouse_off
zt_start -p "$P" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }
assert "by default the view asks for mouse reports" wait_for 10 mouse_on
tm send-keys F2
expect "F2: the mouse row" "^  Mouse +on"
for _ in 1 2 3 4 5 6; do tm send-keys Down; done
tm send-keys Space
expect "Space turns the mouse off" "^  Mouse +off"
assert "the terminal gets no mouse reports" wait_for 10 mouse_off
assert "the file says mouse = no" wait_for 10 grep -qx 'mouse = no' "$RC"
tm send-keys Space
assert "on again: the reports come back" wait_for 10 mouse_on
tm send-keys Space
assert "and off" wait_for 10 mouse_off
tm send-keys Escape q
wait_screen "zt-exit=0" 10

zt_start -p "$P" -d 5 || { fail "zombietop did not restart"; finish; }
assert "restarted: the file's mouse = no holds" mouse_off
tm send-keys F2
expect "and F2 says so" "^  Mouse +off"
tm send-keys Escape q
wait_screen "zt-exit=0" 10

sed -i 's/^mouse = no$/mouse = yes/' "$RC"
zt_start -p "$P" -d 5 --no-mouse || { fail "zombietop --no-mouse did not start"; finish; }
assert "--no-mouse wins over mouse = yes" mouse_off
tm send-keys F2
expect "F2 shows it off" "^  Mouse +off"
tm send-keys Down Down Down Down Down Space
expect "a change of another row is saved" "setup saved to"
assert "but --no-mouse is not written" grep -qx 'mouse = yes' "$RC"
tm send-keys Escape q
wait_screen "zt-exit=0" 10
finish
