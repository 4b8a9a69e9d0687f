# SPDX-License-Identifier: GPL-2.0-or-later
# The filter keys (z, and a user picked with u) change the view's options
# while the scanner's thread builds the next tree: it reads a copy taken
# as its scan starts, never the options themselves, and a scan started
# under the old filter does not bring the old rows back. A refresh every
# 0.1 s while the keys are pressed; built with -fsanitize=thread (as make
# tsan builds) a race makes zombietop stop with a report in the log.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }

(exec sleep 100000 </dev/null >/dev/null 2>&1) &
B=$!
track $B
zmaker frace exit:1 || finish
P=$ZPARENT Z=${ZKIDS[0]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
run_line "export TSAN_OPTIONS='halt_on_error=1 log_path=$T_TMP/tsan'"
zt_start -p "$P,$B" -d 1 || { fail "zombietop did not start"; screen_dump start; finish; }
expect "the sleeper shows" "^ *$B .*sleep 100000"
for _ in $(seq 1 25); do
	tm send-keys z
	sleep 0.05
	tm send-keys u Down Enter
	sleep 0.05
	tm send-keys u Up Enter
	sleep 0.05
done
# 25 z: zombies only now; the sleeper, no zombie under it, is gone.
expect "z: zombies only, the zombie shows" "^ *$Z .* Z "
expect_not "z: the sleeper is not shown" "^ *$B .*sleep 100000" 10
# A few refreshes more must not bring it back.
for _ in $(seq 1 10); do
	screen_has "^ *$B .*sleep 100000" && break
	sleep 0.1
done
assert "refreshes keep the filter" screen_lacks "^ *$B .*sleep 100000"
tm send-keys z
expect "z again: the sleeper is back" "^ *$B .*sleep 100000" 10
tm send-keys q
expect "zombietop exits cleanly" "^zt-exit=0$" 10
assert "no race report" sh -c "! cat $T_TMP/tsan.* 2>/dev/null | grep -q ThreadSanitizer"
cat "$T_TMP"/tsan.* 2>/dev/null | head -40 | sed 's/^/# /'
finish
