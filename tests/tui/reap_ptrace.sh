# SPDX-License-Identifier: GPL-2.0-or-later
# zombietop --reap Z --via ptrace on a terminal asks first: the question
# names the parent and the hazards; "n" touches nothing (exit 3), "y"
# injects and the zombie is reaped by its parent.
. tests/lib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
[ "$(uname -m)" = x86_64 ] || { skip "ptrace injection is tested on x86_64 only"; finish; }
T_TMUX=zt-ptrace-$$
ZTA=$PWD/$ZT

pane() { tmux -L "$T_TMUX" capture-pane -p -t "$1" -J; }
shows() { pane "$1" | grep -qF -- "$2"; }
untraced() { grep -q '^TracerPid:[[:space:]]*0$' "/proc/$1/status"; }

(exec "$HELPERS/zblock" sleep 120 >"$T_TMP/zb.out" 2>&1 </dev/null) &
track $!
disown $!
wait_for 10 grep -q '^READY' "$T_TMP/zb.out" || { fail "zblock did not start"; finish; }
read -r _ P Z <"$T_TMP/zb.out"

tmux -L "$T_TMUX" -f /dev/null new -d -s no -x 200 -y 30 \
	"$ZTA --reap $Z --via ptrace; echo rc=\$?; sleep 60"
assert "question shown" wait_for 20 shows no "Make $P ("
assert "question names the user and the injection" shows no "user root) reap its zombie $Z itself, by injecting wait4 with ptrace? Hazards:"
assert "hazard: ECHILD" shows no "The parent's own wait for this child will fail with ECHILD."
assert "hazard: the exit status is lost" shows no "The parent loses the child's exit status"
assert "hazard: EINTR" shows no "returns EINTR."
assert "hazard: the parent is held" shows no "The parent is stopped for about a millisecond"
assert "no seccomp hazard for a parent without a filter" sh -c "! tmux -L $T_TMUX capture-pane -p -t no -J | grep -q seccomp"
assert "asks" shows no "Inject? [y/N]"
tmux -L "$T_TMUX" send-keys -t no n Enter
assert "n: exit 3" wait_for 20 shows no "rc=3"
assert "n: nothing sent" shows no "nothing sent"
assert "n: still a zombie" is_zombie "$Z"
assert "n: the parent is not traced" untraced "$P"

tmux -L "$T_TMUX" new -d -s yes -x 200 -y 30 \
	"$ZTA --reap $Z --via ptrace; echo rc=\$?; sleep 60"
assert "question shown again" wait_for 20 shows yes "Inject? [y/N]"
tmux -L "$T_TMUX" send-keys -t yes y Enter
wait_for 30 shows yes "rc="
if shows yes "ptrace not permitted"; then
	skip "ptrace is not permitted here"
	finish
fi
assert "y: exit 0" shows yes "rc=0"
assert "y: injected" shows yes "injected wait4 into $P (zblock)"
assert "y: reaped by its parent" shows yes "zombie $Z reaped by its parent $P (zblock)"
assert "y: the zombie is gone" sh -c "! [ \"\$(sed 's/.*) //' /proc/$Z/stat 2>/dev/null | cut -c1)\" = Z ]"
assert "y: the parent still sleeps" sh -c "! grep -q '^sleep' '$T_TMP/zb.out'"
finish
