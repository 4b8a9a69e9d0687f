# SPDX-License-Identifier: GPL-2.0-or-later
# zombietop --reap --via term on a terminal asks first: the question names
# the target and what it hands over; "n" sends nothing (exit 3), "y" acts.
. tests/lib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
T_TMUX=zt-reap-$$
ZTA=$PWD/$ZT

pane() { tmux -L "$T_TMUX" capture-pane -p -t "$1" -J; }
shows() { pane "$1" | grep -qF -- "$2"; }

zmaker confirm exit:1 run || finish
P=$ZPARENT Z=${ZKIDS[0]}

tmux -L "$T_TMUX" -f /dev/null new -d -s no -x 160 -y 30 \
	"$ZTA --reap $Z --via term; echo rc=\$?; sleep 60"
assert "question shown" wait_for 20 shows no "Send SIGTERM to $P ("
assert "question names user and counts" shows no "user root)? Its 1 zombie(s) and 1 live child(ren) will go to a new parent. [y/N]"
tmux -L "$T_TMUX" send-keys -t no n Enter
assert "n: exit 3" wait_for 20 shows no "rc=3"
assert "n: nothing sent" shows no "nothing sent"
assert "n: still a zombie" is_zombie "$Z"
assert "n: parent alive" kill -0 "$P"

tmux -L "$T_TMUX" new -d -s yes -x 160 -y 30 \
	"$ZTA --reap $Z --via term --timeout 20; echo rc=\$?; sleep 60"
assert "question shown again" wait_for 20 shows yes "[y/N]"
tmux -L "$T_TMUX" send-keys -t yes y Enter
assert "y: exit 0" wait_for 30 shows yes "rc=0"
assert "y: reaped" shows yes "1 of 1 zombie reaped"
assert "y: the zombie is gone" sh -c "! [ \"\$(sed 's/.*) //' /proc/$Z/stat 2>/dev/null | cut -c1)\" = Z ]"
finish
