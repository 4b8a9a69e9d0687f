# SPDX-License-Identifier: GPL-2.0-or-later
# The terminal is restored whatever ends the view: SIGTERM, Ctrl-C
# (SIGINT), SIGHUP, a crash (SIGSEGV, SIGABRT), and it comes back after
# Ctrl-Z and fg. Read back through tmux: the prompt, the exit status, no
# alternate screen, no leftovers of the view, terminal modes sane.
. tests/lib.sh
. tests/tmuxlib.sh

zmaker sig exit:5 || finish
tm_shell 100 30 || { fail "tmux shell did not start"; finish; }

# restored NAME STATUS: the shell shows zt-exit=STATUS, the prompt and the
# primary screen, with canonical mode and echo back on. With no STATUS
# (a job resumed by fg, whose status the shell already printed), only
# that the process is gone.
restored() {
	if [ -n "$2" ]; then
		expect "$1: exit status $2" "^zt-exit=$2$"
	else
		assert "$1: zombietop ended" wait_for 20 sh -c "! kill -0 $ZT_PID 2>/dev/null"
	fi
	expect "$1: primary screen with its old content" "^before-zt"
	assert "$1: alternate screen off" test "$(alt_screen)" = 0
	expect_not "$1: no leftovers of the view" "^Zombies: "
	run_line "clear; stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
	expect "$1: terminal modes restored" "^icanon echo ?$"
}

for s in TERM HUP; do
	zt_start -p "$ZPARENT" || { fail "zombietop did not start"; finish; }
	kill -"$s" "$ZT_PID"
	case $s in TERM) st=143 ;; HUP) st=129 ;; esac
	restored "SIG$s" "$st"
done

zt_start -p "$ZPARENT" || { fail "zombietop did not start"; finish; }
tm send-keys C-c
restored "Ctrl-C" 130

zt_start -p "$ZPARENT" || { fail "zombietop did not start"; finish; }
tm send-keys C-z
expect "Ctrl-Z: the shell reports the stopped job" "Stopped"
assert "Ctrl-Z: alternate screen off while stopped" test "$(alt_screen)" = 0
expect "Ctrl-Z: the prompt is back" '^zt-prompt\$ ?$'
run_line "fg"
expect "fg: the view is back" "^Zombies: [0-9]+"
assert "fg: alternate screen on again" test "$(alt_screen)" = 1
expect "fg: the rows are drawn again" "<zombie: exit 5>"
tm send-keys q
restored "quit after fg" ""

zt_start -p "$ZPARENT" || { fail "zombietop did not start"; finish; }
kill -STOP "$ZT_PID"
expect "SIGSTOP: the shell reports the stopped job" "Stopped"
run_line "fg"
expect "fg after SIGSTOP: the view is back" "<zombie: exit 5>"
tm send-keys z
expect "fg after SIGSTOP: single keys work again" "\[zombies only\]"
tm send-keys q
restored "quit after SIGSTOP and fg" ""

for s in SEGV ABRT; do
	zt_start -p "$ZPARENT" || { fail "zombietop did not start"; finish; }
	kill -"$s" "$ZT_PID"
	case $s in SEGV) st=139 ;; ABRT) st=134 ;; esac
	restored "crash by SIG$s" "$st"
done
finish
