# SPDX-License-Identifier: GPL-2.0-or-later
# The setup (F2) and its file (issue 20 item 2), with XDG_CONFIG_HOME in
# the test's own directory: a change in F2 is applied and saved at once,
# a restart shows the same setup; an option wins over the file and is not
# written to it; a file that does not parse gives one message and the
# defaults, and is never overwritten.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

zmaker setup exit:1 || finish
P=$ZPARENT
CFG=$T_TMP/cfg
RC=$CFG/zombietop/zombietoprc
DEFAULT_T='^ +PID +USER +S +EXIT +AGE +NLWP +CPU% +MEM +COMMAND'
SAVED_T='^ +PID +USER +S +EXIT +AGE +NLWP +CPU% +MEM +PPID +COMMAND'

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
run_line "export XDG_CONFIG_HOME=$CFG"
zt_start -p "$P" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }
expect "no file: the default columns" "$DEFAULT_T"
expect "no file: the meters" "^Mem\["
tm send-keys F2
expect "F2 opens the setup" "^Setup \(F2\)"
expect "meters are on" "^  Meters +on"
tm send-keys Space
expect "Space turns them off" "^  Meters +off"
expect "and saves the file" "setup saved to $RC"
for _ in 1 2 3 4 5 6 7 8; do tm send-keys Down; done
tm send-keys Space
expect "PPID shown, last" "^  Column PPID +shown, place 9"
tm send-keys [
expect "[ moves it one place earlier" "^  Column PPID +shown, place 8"
tm send-keys ]
expect "] one place later" "^  Column PPID +shown, place 9"
tm send-keys Escape
expect "Esc closes: PPID is the last column" "$SAVED_T"
expect_not "the meters are gone" "^Mem\["
assert "the file says meters = no" grep -qx 'meters = no' "$RC"
assert "the file has the delay of the file, not -d 5" grep -qx 'delay = 15' "$RC"
tm send-keys q
expect "quit" "^zt-exit=0$"

run_line clear
zt_start -p "$P" || { fail "zombietop did not restart"; finish; }
expect "restart: the saved columns" "$SAVED_T"
assert "restart: no meters" screen_lacks "^Mem\["
tm send-keys q
expect "quit" "^zt-exit=0$"

# An option wins and is not saved by a later change.
run_line clear
zt_start -p "$P" --columns PID,USER || { fail "zombietop did not start"; finish; }
expect "--columns wins over the file" "^ +PID +USER +COMMAND"
tm send-keys F2
expect "setup open" "^Setup \(F2\)"
for _ in 1 2 3 4; do tm send-keys Down; done
tm send-keys Space
expect "ASCII on" "^  ASCII lines +on"
tm send-keys Escape
wait_for 10 grep -qx 'ascii = yes' "$RC"
assert "the change is saved" grep -qx 'ascii = yes' "$RC"
assert "the option's columns are not" grep -q '^columns = .*PPID' "$RC"
tm send-keys q
expect "quit" "^zt-exit=0$"

# A broken file: one message, the defaults, never written.
printf 'meters = no\nthis line is not INI\n' >"$RC"
cp "$RC" "$T_TMP/broken.copy"
run_line clear
zt_start -p "$P" || { fail "zombietop did not start"; finish; }
expect "broken: the message names the file and line" "zombietoprc line 2: .*using the defaults"
expect "broken: the default columns" "$DEFAULT_T"
expect "broken: the meters (the default)" "^Mem\["
tm send-keys F2
expect "setup open" "^Setup \(F2\)"
tm send-keys Space
expect "a change is not saved" "does not parse: not saved"
tm send-keys Escape
tm send-keys q
expect "quit" "^zt-exit=0$"
assert "broken: the file is unchanged" cmp -s "$RC" "$T_TMP/broken.copy"

# The light scheme: the header's labels in a dark blue (256 colours: 25,
# 8 colours: blue) instead of the default's light blue (75, or cyan).
printf 'color_scheme = light\n' >"$RC"
run_line clear
zt_start -p "$P" || { fail "zombietop did not start"; finish; }
expect "light: setup read" "^Zombies: "
assert "light: dark blue labels" sh -c "tmux -L $T_TMUX capture-pane -p -e | grep -a 'Tasks: ' | grep -qE '\[(38;5;25|34)m'"
tm send-keys F2 Down
expect "light: the setup says so" "^  Colours +light"
tm send-keys Left
expect "Left: the scheme before" "^  Colours +monochrome"
tm send-keys Right Right
expect "Right twice: default (after light)" "^  Colours +default"
tm send-keys Escape
wait_for 10 sh -c "tmux -L $T_TMUX capture-pane -p -e | grep -a 'Tasks: ' | grep -qE '\[(38;5;75|36)m'"
assert "default: the light blue labels" sh -c "tmux -L $T_TMUX capture-pane -p -e | grep -a 'Tasks: ' | grep -qE '\[(38;5;75|36)m'"
assert "saved: color_scheme = default" grep -qx 'color_scheme = default' "$RC"
tm send-keys q
expect "quit" "^zt-exit=0$"
finish
