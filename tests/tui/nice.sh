# SPDX-License-Identifier: GPL-2.0-or-later
# F7 / F8 (issue 20): the nice value of the selected process, read back
# from /proc/PID/stat field 19; a zombie refused; as nobody, raising works
# and lowering is refused with the message and changes nothing. At
# 120x40, 80x24 and 40x10.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

nice_of() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $17}'; }
nice_is() { [ "$(nice_of "$1")" = "$2" ]; }

(exec sleep 1003 </dev/null >/dev/null 2>&1) &
S=$!
track $S
zmaker nz exit:3 || finish
Z=${ZKIDS[0]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -d 10 -p "$$" || { fail "zombietop did not start"; screen_dump start; finish; }

step=0
assert "the sleep is selected" goto "$S"
for size in "120 40" "80 24" "40 10"; do
	resize $size
	tm send-keys C-l
	tm send-keys F8
	assert "$size: F8 raises nice to $((step + 1))" wait_for 10 nice_is "$S" $((step + 1))
	[ "${size%% *}" -ge 80 ] &&
		expect "$size: F8 says so" "nice of $S .*: $step -> $((step + 1))"
	step=$((step + 1))
done
tm send-keys F7
assert "F7 lowers nice to $((step - 1)) (root may)" wait_for 10 nice_is "$S" $((step - 1))
expect "F7 says so" "nice of $S .*: $step -> $((step - 1))"
resize 120 40
assert "the zombie is selected" goto "$Z"
tm send-keys F8
expect "F8 on a zombie is refused" "refused: .*$Z.* is a zombie"
tm send-keys q
expect "q quits" "^zt-exit=0"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip "nice as nobody: needs root and setpriv"
	finish
fi
cp "$ZT" "$T_TMP/zt"
chmod 755 "$T_TMP/zt"
chmod 755 "$T_TMP"
(exec setpriv --reuid=65534 --regid=65534 --clear-groups sleep 1004 </dev/null >/dev/null 2>&1) &
U=$!
track $U
wait_for 10 sh -c "[ \"\$(stat -c %u /proc/$U)\" = 65534 ]" || fail "nobody's sleep did not start"
run_line "clear; setpriv --reuid=65534 --regid=65534 --clear-groups $T_TMP/zt -d 10 -p $U; echo zt-exit=\$?"
expect "as nobody: the view starts" "^Zombies: [0-9]+"
assert "as nobody: its sleep is selected" goto "$U"
tm send-keys F8
assert "as nobody: F8 raises nice to 1" wait_for 10 nice_is "$U" 1
tm send-keys F7
expect "as nobody: F7 is not permitted" "not permitted: lowering nice \(1 -> 0\) needs CAP_SYS_NICE"
assert "as nobody: nice stays 1" nice_is "$U" 1
tm send-keys q
expect "as nobody: q quits" "^zt-exit=0"
finish
