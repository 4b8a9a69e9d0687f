# SPDX-License-Identifier: GPL-2.0-or-later
# H (issue 20): user threads shown under their process, marked {thread},
# for a 3-thread child and for a leader-exited one (state Z, a live
# thread: expanded to it); H again hides them. At 120x40, 80x24 and 40x10.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
command -v python3 >/dev/null || { skip "python3 is not installed"; finish; }

(exec python3 -c 'import threading, time
for _ in range(2):
    threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
time.sleep(1000)' </dev/null >/dev/null 2>&1) &
T=$!
track $T
wait_for 20 sh -c "[ \$(ls /proc/$T/task | wc -l) = 3 ]" || { fail "3-thread child did not start"; finish; }
read -r -a TT <<<"$(ls /proc/$T/task | grep -vx "$T" | tr '\n' ' ')"

start leader "$HELPERS/zparent" leader || finish
L=$ZPARENT
track "$L"
wait_for 20 sh -c "[ \"\$(sed 's/.*) //' /proc/$L/stat | cut -c1)\" = Z ]" || fail "leader did not become Z"
LT=$(ls /proc/$L/task | grep -vx "$L" | head -1)

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -d 10 -p "$$" || { fail "zombietop did not start"; screen_dump start; finish; }

expect "the leader-exited process is shown" "^ *$L .*<leader exited, 1 thread alive>"
assert "no thread row before H" screen_lacks "^ *${TT[0]} "
tm send-keys H
expect "H: says so" "showing user threads"
expect "H: first thread of the 3-thread child, marked" "^ *${TT[0]} .*\{thread\}"
expect "H: second thread, marked" "^ *${TT[1]} .*\{thread\}"
expect "H: the leader-exited process expanded to its live thread" "^ *$LT .*\{thread\}"
under_leader() { [ "$(line_of "^ *$LT ")" = "$(($(line_of "^ *$L ") + 1))" ]; }
assert "H: the thread is the row under its leader" under_leader
resize 80 24
tm send-keys C-l
expect "80x24: threads marked" "^ *${TT[0]} .*\{thread\}"
resize 40 10
tm send-keys C-l
expect "40x10: the short thread mark" "\{t\}"
resize 120 40
tm send-keys H
expect "H again: says so" "user threads hidden"
expect_not "H again: thread rows gone" "^ *${TT[0]} "
expect_not "H again: the leader's thread gone" "^ *$LT "
tm send-keys q
expect "q quits" "^zt-exit=0"
finish
