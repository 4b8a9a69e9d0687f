# SPDX-License-Identifier: GPL-2.0-or-later
# s (issue 20): strace -p on a child of the test that makes system calls:
# strace's lines on the screen, Ctrl-C back to the view (the child lives
# on, untraced); on a zombie its parent, said so; refused on zombietop's
# own shell (an ancestor) and on a process already traced; without strace
# in PATH the message. At 120x40, 80x24 and 40x10.
. tests/lib.sh
. tests/tmuxlib.sh

command -v tmux >/dev/null || { skip "tmux is not installed"; finish; }
command -v strace >/dev/null || { fail "strace is not installed (a CHECK_DEPS package)"; finish; }

tracer_of() { awk '/^TracerPid:/ {print $2}' "/proc/$1/status"; }
untraced() { [ "$(tracer_of "$1")" = 0 ]; }

(exec sh -c 'while :; do sleep 0.2; done' </dev/null >/dev/null 2>&1) &
B=$!
track $B
zmaker sz exit:3 || finish
P=$ZPARENT Z=${ZKIDS[0]}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
SH=$(tm display-message -p '#{pane_pid}')
zt_start -d 10 -p "$$,$SH" || { fail "zombietop did not start"; screen_dump start; finish; }

# trace_and_back SIZE PID PATTERN: s, strace's lines, Ctrl-C, the view.
trace_and_back() {
	tm send-keys s
	expect "$1: strace attaches to $2" "Process $2 attached"
	expect "$1: strace's lines on the screen" "$3"
	tm send-keys C-c
	expect "$1: Ctrl-C: the view is back" "^Zombies: [0-9]+"
	expect "$1: and says strace ended" "strace -p $2 ended"
	assert "$1: $2 is no longer traced" wait_for 10 untraced "$2"
	assert "$1: zombietop still runs" kill -0 "$ZT_PID"
}

assert "the looping shell is selected" goto "$B"
# Not at 40x10: strace's first line scrolls off a 10-line pane at once.
for size in "120 40" "80 24"; do
	resize $size
	tm send-keys C-l
	trace_and_back "$size" "$B" "wait4\(|SIGCHLD"
done
resize 120 40
assert "the zombie is selected" goto "$Z"
tm send-keys s
expect "s on a zombie: its parent, said so" "zombie $Z makes no system calls: tracing its parent $P \("
expect "s on a zombie: strace attaches to the parent" "Process $P attached"
tm send-keys C-c
expect "s on a zombie: the view is back" "^Zombies: [0-9]+"

assert "zombietop's shell is selected" goto "$SH"
tm send-keys s
expect "s on an ancestor: refused" "s refused: .*$SH"
assert "s on an ancestor: nothing traced" untraced "$SH"

start tr "$HELPERS/ztracer" "$B" || finish
assert "the traced shell is selected" goto "$B"
tm send-keys s
expect "s on a traced process: refused" "s refused: $B is already traced by [0-9]+"
tm send-keys q
expect "q quits" "^zt-exit=0"

# Without strace in PATH: the message.
run_line "clear; PATH=/nonexistent $ZT_ABS -d 10 -p $$; echo zt-exit=\$?"
expect "no strace: the view starts" "^Zombies: [0-9]+"
for size in "120 40" "80 24" "40 10"; do
	resize $size
	tm send-keys s
	if [ "${size%% *}" -ge 80 ]; then
		expect "$size: no strace: the message" "s needs strace \(apt-get install strace\)"
	else
		expect "$size: no strace: the message" "s needs strace"
	fi
done
tm send-keys q
expect "no strace: q quits" "^zt-exit=0"
finish
