# SPDX-License-Identifier: GPL-2.0-or-later
# The view's w key at 120x40 and 80x24: a prompt for the file with a dated
# default, [REC] in the header while recording, a stop message with the
# refreshes written, nothing written after the stop; the file replays
# (--replay --once --json) with the test's own zombie and its parent's
# diagnosis. A file that cannot be created is refused with a message.
. tests/lib.sh
. tests/tmuxlib.sh

zmaker reckey exit:3 || finish
P=$ZPARENT Z=${ZKIDS[0]}

# lists_zombie FILE: the last refresh of the recording has the zombie;
# later_than FILE ISO: it has a refresh after ISO.
lists_zombie() {
	"$ZT" --replay "$1" --once --json 2>/dev/null |
		jq -e ".processes[] | select(.pid == $Z and .state == \"Z\")" >/dev/null
}
jqf() { jq -e "$1" "$2" >/dev/null; }
recorded_at() { "$ZT" --replay "$1" --once --json 2>/dev/null | jq -r .replay.recorded_at; }
later_than() { [[ "$(recorded_at "$1")" > "$2" ]]; }

record_once() { # W H FILE
	local f=$3 t1 size
	resize "$1" "$2"
	zt_start -d 3 -p "$P" || { fail "$1x$2: zombietop did not start"; screen_dump start; return; }
	expect "$1x$2: no [REC] before w" "^Tasks: " && screen_lacks '\[REC\]' ||
		fail "$1x$2: [REC] shown before recording"
	tm send-keys w
	expect "$1x$2: w asks for the file" "^Record to .*zombietop-[0-9]{8}-[0-9]{6}\.ztr"
	tm send-keys C-u
	tm send-keys -l "$f"
	tm send-keys Enter
	expect "$1x$2: the header says [REC]" "^Tasks: .*\[REC\]"
	assert "$1x$2: the recording lists the zombie" wait_for 20 lists_zombie "$f"
	t1=$(recorded_at "$f")
	assert "$1x$2: a second refresh is recorded" wait_for 20 later_than "$f" "$t1"
	tm send-keys w
	expect "$1x$2: w stops, with the refreshes written" "recording stopped: .*, [0-9]+ refreshes"
	expect_not "$1x$2: [REC] is gone" '\[REC\]'
	size=$(stat -c %s "$f")
	sleep 1 # three refreshes at -d 3: a write after the stop would show
	assert "$1x$2: nothing written after the stop" test "$(stat -c %s "$f")" = "$size"
	"$ZT" --replay "$f" --once --json -p "$P" >"$T_TMP/r.json"
	assert "$1x$2: replay: the zombie with exit 3" jqf \
		".processes[] | select(.pid == $Z) | .state == \"Z\" and .zombie.exit_status == 3" "$T_TMP/r.json"
	assert "$1x$2: replay: the parent's diagnosis" jqf \
		".processes[] | select(.pid == $P) | .diagnosis.reason | type == \"string\"" "$T_TMP/r.json"
	assert "$1x$2: replay: the recorded host" jqf \
		".replay.host == \"$(hostname)\"" "$T_TMP/r.json"
	tm send-keys w
	expect "$1x$2: w again opens the prompt" "^Record to "
	tm send-keys C-u
	tm send-keys -l "$T_TMP/no/such/dir/x.ztr"
	tm send-keys Enter
	expect "$1x$2: a file that cannot be created is refused" "cannot record to .*x\.ztr: No such file"
	screen_lacks '\[REC\]' && ok "$1x$2: not recording after the refusal" ||
		fail "$1x$2: [REC] after a refused file"
	tm send-keys q
	expect "$1x$2: zombietop quits" "^zt-exit=0"
}

tm_shell 120 40 || { fail "tmux shell did not start"; finish; }
record_once 120 40 "$T_TMP/k1.ztr"
record_once 80 24 "$T_TMP/k2.ztr"
finish
