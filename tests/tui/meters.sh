# SPDX-License-Identifier: GPL-2.0-or-later
# The header meters (issue 20 item 1) read back from the screen: one bar
# per CPU of this machine with a whole percent, Mem and Swp side by side
# with used/total, at 120x40 and 80x24; none at 40x10 (the rows need the
# lines) nor with --no-meters; the monochrome scheme tells segments apart
# by character and draws no colour.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

zmaker meters exit:1 || finish
P=$ZPARENT
NCPU=$(getconf _NPROCESSORS_ONLN)
# The label of the last CPU bar: htop counts from 1; one bar in total
# when the cores do not fit in two lines of 80 columns.
if [ "$NCPU" -le 8 ]; then LAST="$NCPU\\["; else LAST="CPU\\["; fi
MEM='^Mem\[[|#*@ ]*[0-9.]+[KMGT]/[0-9.]+[KMGT]\] Swp\[[|#*@ ]*[0-9.]+[KMGT]/[0-9.]+[KMGT]\]$'

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$P" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }
expect "120x40: Mem and Swp with used/total" "$MEM"
expect "120x40: a bar per CPU up to the last ($NCPU)" "(^| )$LAST[|# ]*[0-9]+%\]"
assert "120x40: the meters sit under the zombie counts" \
	sh -c "tmux -L $T_TMUX capture-pane -p | sed -n 4,6p | grep -qE '^Mem\['"
expect "120x40: the table title follows" "^ +PID +USER +S +EXIT"

resize 80 24
expect "80x24: Mem and Swp" "$MEM"
expect "80x24: the CPU bars" "(^| )$LAST[|# ]*[0-9]+%\]"

resize 40 10
expect_not "40x10: no meters" "^Mem\["
expect "40x10: the table keeps its rows" "^ *$P "
tm send-keys q
expect "quit" "^zt-exit=0$"

resize 120 40
zt_start -p "$P" -d 5 --no-meters || { fail "zombietop did not start"; finish; }
expect "--no-meters: the table title under the counts" "^ +PID +USER +S +EXIT"
assert "--no-meters: no meters" screen_lacks "^Mem\[|Swp\["
tm send-keys q
expect "quit" "^zt-exit=0$"

# Monochrome: no SGR colour in the meters' lines, Mem still drawn.
zt_start -p "$P" -d 5 -C || { fail "zombietop did not start"; finish; }
expect "-C: Mem drawn" "$MEM"
# capture-pane -e puts SGRs between "Mem" and "[": the line by "Swp".
tm capture-pane -p -e | grep -a 'Swp' | head -1 >"$T_TMP/mem.sgr"
assert "-C: the Mem line was captured" grep -q 'Mem' "$T_TMP/mem.sgr"
assert "-C: the Mem line has no colour" sh -c "! grep -qaE '\[(3[0-7]|9[0-7]|38;5;[0-9]+)(;|m)' '$T_TMP/mem.sgr'"
tm send-keys q
expect "quit" "^zt-exit=0$"
finish
