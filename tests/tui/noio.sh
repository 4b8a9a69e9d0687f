# SPDX-License-Identifier: GPL-2.0-or-later
# The view's own thread opens no file while it draws and takes the keys
# that move around (issue 16 item 3): every /proc read of a refresh, the
# diagnoses included, happens on the scanner's thread. strace -f names the
# thread of each openat (/proc is read relative to a directory fd, so a
# path may be "PID/status"); the main thread's TID is zombietop's PID. The
# trace must also show the scanner's reads, or it proves nothing.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
command -v strace >/dev/null || { fail "strace not installed (make check installs it)"; finish; }

zmaker zm exit:3 exit:4 || finish
P=$ZPARENT

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
TR=$T_TMP/trace
run_line "strace -f -qq -e trace=openat,open -o $TR $ZT_ABS -p $P -d 3; echo zt-exit=\$?"
wait_screen '^Zombies: [0-9]+' || { fail "zombietop did not start"; screen_dump start; finish; }
# The traced command's first line is its main thread's: TID = PID.
ZPID=$(awk 'NR == 1 { print $1 }' "$TR")
assert "zombietop's pid is known ($ZPID)" test -n "$ZPID"
# Start-up reads (capabilities, mountinfo) are before this line.
wait_for 10 sh -c "grep -q '\"$P/status\"' '$TR'"
from=$(wc -l <"$TR")

for k in Down Down Up End Home Enter j j '?' Escape Z Z L Escape Enter; do
	tm send-keys "$k"
	sleep 0.2
done
tm send-keys / && tm send-keys -l "$P" && tm send-keys Enter
expect "the search finds the parent" "^ PID $P "
# A few refreshes more, with the panel of a zombie parent shown.
status() { grep -c "\"$P/status\"" "$TR"; }
n0=$(status)
assert "refreshes go on" wait_for 20 sh -c "[ \$(grep -c '\"$P/status\"' '$TR') -ge $((n0 + 3)) ]"
tail -n +"$((from + 1))" "$TR" | grep -E 'open(at)?\(' >"$T_TMP/opens"
main=$(awk -v t="$ZPID" '$1 == t' "$T_TMP/opens" | head -3)
assert "the main thread opened no file (${main:-none})" test -z "$main"
others=$(awk -v t="$ZPID" '$1 != t' "$T_TMP/opens" | wc -l)
assert "the scanner's thread did ($others opens)" test "$others" -gt 0
assert "the diagnoses are read there too" grep -q "\"$P/status\"" "$T_TMP/opens"
tm send-keys q
wait_screen "zt-exit=0" 10
finish
