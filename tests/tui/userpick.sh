# SPDX-License-Identifier: GPL-2.0-or-later
# u (issue 20): the list of users that own processes, with "all users";
# picking nobody hides root's process of the test and shows nobody's (as
# -u nobody), "all users" brings it back, Esc keeps the view; at 120x40,
# 80x24 and 40x10.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip "userpick: needs root and setpriv for a process of nobody"
	finish
fi

(exec sleep 1001 </dev/null >/dev/null 2>&1) &
R=$!
track $R
(exec setpriv --reuid=65534 --regid=65534 --clear-groups sleep 1002 </dev/null >/dev/null 2>&1) &
N=$!
track $N
wait_for 10 sh -c "[ \"\$(stat -c %u /proc/$N)\" = 65534 ]" || fail "nobody's sleep did not start"

# pick_user NAME: moves the list's cursor from "all users" to NAME's line.
pick_user() {
	local a b i
	a=$(line_of '^ all users') b=$(line_of "^ $1 +uid ")
	[ -n "$a" ] && [ -n "$b" ] || return 1
	for ((i = a; i < b; i++)); do tm send-keys Down; done
	tm send-keys Enter
}

check_size() {
	local w=$1 h=$2
	resize "$w" "$h"
	tm send-keys C-l
	# 40 columns have no USER column.
	expect "$w x $h: root's sleep shown" "^ *$R .*sleep 1001"
	tm send-keys u
	expect "$w x $h: u opens the list" "^Show the processes of"
	expect "$w x $h: all users first" "^ all users"
	if [ "$h" -ge 24 ]; then
		expect "$w x $h: nobody is listed with its processes" "^ nobody +uid 65534 +[0-9]+ process"
		expect "$w x $h: root is listed" "^ root +uid 0 +[0-9]+ process"
		assert "$w x $h: nobody picked" pick_user nobody
		expect "$w x $h: the message says so" "showing only the processes of user nobody"
		expect_not "$w x $h: root's sleep is hidden" "^ *$R +root "
		expect "$w x $h: nobody's sleep stays" "^ *$N +nobody .*sleep 1002"
		tm send-keys u
		expect "$w x $h: the list again" "^Show the processes of"
		tm send-keys Home Enter
		expect "$w x $h: all users again" "showing the processes of all users"
		expect "$w x $h: root's sleep is back" "^ *$R +root .*sleep 1001"
	else
		tm send-keys Escape
		expect_not "$w x $h: Esc closes the list" "^Show the processes of"
		expect "$w x $h: the view unchanged" "^ *$R .*sleep 1001"
	fi
}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
zt_start -d 10 -p "$$" || { fail "zombietop did not start"; screen_dump start; finish; }
check_size 120 40
check_size 80 24
check_size 40 10
tm send-keys q
expect "q quits" "^zt-exit=0"
finish
