# SPDX-License-Identifier: GPL-2.0-or-later
# The t and K dialogs heed the prediction as --reap does: on the init of a
# PID namespace that does not catch SIGTERM, t is predicted to do nothing,
# so y sends nothing and only o sends it (issue 14 item 1, in the view).
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
unshare --pid --fork --kill-child true 2>/dev/null ||
	{ skip "PID namespaces cannot be made here"; finish; }

state_of() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }
has_child() { grep -q . "/proc/$1/task/$1/children" 2>/dev/null; }
zombie_kid() {
	KID=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	KID=${KID%% }
	[ -n "$KID" ] && [ "$(state_of "$KID")" = Z ]
}

(exec unshare --pid --fork --kill-child sh -c 'sleep 0.2 & exec sleep 3000' \
	</dev/null >/dev/null 2>&1) &
U=$!
track $U
disown $U
wait_for 20 has_child "$U" || { fail "namespace init did not start"; finish; }
read -r P _ <"/proc/$U/task/$U/children"
track "$P"
wait_for 20 zombie_kid "$P" || { fail "the init holds no zombie"; finish; }
Z=$KID

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -p "$U" -d 5 || { fail "zombietop did not start"; screen_dump start; finish; }
tm send-keys / && tm send-keys -l "$P" && tm send-keys Enter
expect "the init is selected" "^ PID $P "
tm send-keys t
expect "t: the dialog asks" "Send SIGTERM to 1 process"
expect "t: the prediction says nothing happens" "Prediction: Nothing"
expect "t: it is not sent on y" "Not sent: predicted to do nothing"
expect "t: o is offered" "o: override and send"
tm send-keys y
assert "y: the dialog stays open" wait_screen "Send SIGTERM to 1 process" 2
tm send-keys Escape
expect "Esc: nothing sent" "nothing sent"
assert "the init still runs" test "$(state_of "$P")" = S
assert "its zombie is still there" test "$(state_of "$Z")" = Z
tm send-keys t
expect "t again: the dialog asks" "Send SIGTERM to 1 process"
tm send-keys o
expect "o: SIGTERM is sent" "SIGTERM to $P"
assert "o: the init ignores it (the kernel drops it)" sh -c "sleep 1; test \"\$(sed 's/.*) //' /proc/$P/stat | cut -c1)\" = S"
tm send-keys q
wait_screen "zt-exit=0" 10
finish
