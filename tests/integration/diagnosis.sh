# SPDX-License-Identifier: GPL-2.0-or-later
# The zombie diagnosis against real parents made by tests/helpers/zparent,
# one scenario per reason: each asserts the reason, the counts and
# `reapable` from --once --json, and where a prediction can be checked
# (SIGCHLD reaps one more, SIGTERM hands the zombies on) it is acted out.
. tests/lib.sh

# zp NAME ARGS...: starts zparent ARGS (behind the command in ZP_WRAP, if
# any); waits for its line; sets ZP (first PID), ZK (the rest), ZL (the PID
# of what was started).
zp() {
	local out=$T_TMP/$1.out
	shift
	# shellcheck disable=SC2086
	(exec $ZP_WRAP "$HELPERS/zparent" "$@" >"$out" </dev/null 2>"$out.err") &
	ZL=$!
	track $ZL
	disown $ZL
	wait_for 20 test -s "$out" || { fail "zparent $* did not start: $(cat "$out.err")"; return 1; }
	read -r ZP rest <"$out"
	read -r -a ZK <<<"$rest"
	# Inside a PID namespace these are the namespace's PIDs: never ours
	# to kill (the caller tracks the host PID).
	[ -z "$ZP_WRAP" ] && track "$ZP" "${ZK[@]}"
	return 0
}

pobj() { echo ".processes[] | select(.pid == $1)"; }
diag() { echo "$(pobj "$1") | .diagnosis"; }
state_is() { [ "$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null)" = "$2" ]; }
gone() { for p in "$@"; do [ -e "/proc/$p" ] && return 1; done; return 0; }
children_are() { json_once && jqt "$(pobj "$1") | .zombie_children == $2"; }

# Every zombie of parent $1 is reapable, of kind zombie, without an age
# (one snapshot never sees a zombie appear); there are $2 of them.
zombies_of() {
	jqt "[.processes[] | select(.ppid == $1 and .state == \"Z\")] | length == $2 and all(.zombie.reapable and .zombie.kind == \"zombie\" and .zombie.age_s == null)"
}
# reason R, count N of parent P: diagnosis and the counts agree.
expect() {
	local name=$1 p=$2 reason=$3 n=$4
	assert "$name: reason $reason" jqt "$(diag "$p") | .reason == \"$reason\""
	assert "$name: $n zombies counted" jqt "$(pobj "$p") | .zombie_children == $n and .diagnosis.zombies == $n"
	assert "$name: zombies reapable" zombies_of "$p" "$n"
}

# --- no_handler: default disposition; SIGTERM hands the zombies on -------
zp default default 2 || finish
P=$ZP K=("${ZK[@]}")
json_once
expect default "$P" no_handler 2
assert "default: masks" jqt "$(diag "$P") | .sigchld == \"default\" and (.sigchld_blocked | not) and (.sigchld_pending | not) and .parent_state == \"S\" and (.namespace_init | not) and (.host_init | not)"
assert "default: text and predictions" jqt "$(diag "$P") | (.text | test(\"default disposition\")) and (.predictions | keys == [\"kill\",\"ptrace\",\"sigchld\",\"term\"]) and (.predictions.term.text | test(\"subreaper\"))"
assert "diagnosis keys" jqt "$(diag "$P") | keys == [\"error\",\"host_init\",\"namespace_init\",\"oldest_age_s\",\"parent_state\",\"predictions\",\"reaping\",\"reason\",\"sigchld\",\"sigchld_blocked\",\"sigchld_pending\",\"text\",\"tracer\",\"wchan\",\"zombies\"]"
assert "diagnosis: reaping unknown from one scan" jqt "$(diag "$P") | .reaping == \"unknown\""
assert "no diagnosis without zombies" jqt "[.processes[] | select(.zombie_children == 0 and .diagnosis != null)] | length == 0"
"$ZT" --once --ascii --pid "$P" >"$T_TMP/text"
assert "text: parent count and reason" grep -Eq "^ *$P .*\[2 zombies\] \(no_handler\)$" "$T_TMP/text"
assert "text: zombie reason" grep -Eq "^ *${K[0]} .*<zombie: exit 1> \(no_handler\)$" "$T_TMP/text"
assert "text: no explanation without --explain" sh -c "! grep -q 'why:' '$T_TMP/text'"
"$ZT" --once --ascii --explain --pid "$P" >"$T_TMP/explain"
assert "--explain: sentence under the parent" sh -c "grep -A1 -E '^ *$P ' '$T_TMP/explain' | grep -q 'why: *The parent neither catches nor ignores SIGCHLD'"
assert "--explain: three predictions" sh -c "grep -A4 -E '^ *$P ' '$T_TMP/explain' | grep -c -E '^ +(SIGCHLD|SIGTERM|SIGKILL): +[A-Z]' | grep -qx 3"
assert "--explain: zombies follow" grep -Eq "^ *${K[1]} .*<zombie: exit 2> \(no_handler\)$" "$T_TMP/explain"
kill -TERM "$P"
assert "SIGTERM: parent exits, zombies reaped by the subreaper" wait_for 20 gone "$P" "${K[@]}"

# --- parent_stopped: SIGTERM waits for SIGCONT -----------------------------
zp stopped default 1 || finish
P=$ZP K=("${ZK[@]}")
kill -STOP "$P"
wait_for 20 state_is "$P" T || fail "parent did not stop"
json_once
expect stopped "$P" parent_stopped 1
assert "stopped: state T" jqt "$(diag "$P") | .parent_state == \"T\" and (.predictions.term.text | test(\"SIGCONT\"))"
kill -TERM "$P"
assert "stopped: SIGTERM leaves it stopped" state_is "$P" T
kill -CONT "$P"
assert "stopped: SIGCONT lets SIGTERM act" wait_for 20 gone "$P" "${K[@]}"

# --- handler_missed: coalesced SIGCHLDs; each SIGCHLD reaps one more ------
zp missed missed 3 || finish
P=$ZP
assert "missed: the handler reaped one of three" test "${#ZK[@]}" = 2
json_once
expect missed "$P" handler_missed 2
assert "missed: caught, not blocked" jqt "$(diag "$P") | .sigchld == \"caught\" and (.sigchld_blocked | not) and (.sigchld_pending | not)"
kill -CHLD "$P"
assert "missed: SIGCHLD reaps one more" wait_for 20 children_are "$P" 1
kill -CHLD "$P"
assert "missed: and the last one" wait_for 20 children_are "$P" 0
assert "missed: no zombies, no diagnosis" jqt "$(pobj "$P") | .diagnosis == null"

# --- handler_blocked: caught, blocked, pending ----------------------------
zp blocked blocked 2 || finish
P=$ZP
json_once
expect blocked "$P" handler_blocked 2
assert "blocked: caught, blocked, pending" jqt "$(diag "$P") | .sigchld == \"caught\" and .sigchld_blocked and .sigchld_pending and (.text | test(\"Masks are hints\"))"

# --- ignored_late: SIG_IGN after the zombies exist -------------------------
zp ignore ignore-late 2 || finish
P=$ZP
json_once
expect ignored "$P" ignored_late 2
assert "ignored: disposition" jqt "$(diag "$P") | .sigchld == \"ignored\""

# --- parent_traced: PTRACE_ATTACH leaves it in state t ---------------------
zp traced default 1 || finish
P=$ZP
("$HELPERS/zparent" tracer "$P" >"$T_TMP/tracer.out" 2>&1 </dev/null) &
track $!
disown $!
if wait_for 20 test -s "$T_TMP/tracer.out" && grep -qx "$P" "$T_TMP/tracer.out" &&
	wait_for 20 state_is "$P" t; then
	json_once
	expect traced "$P" parent_traced 1
	assert "traced: state t" jqt "$(diag "$P") | .parent_state == \"t\""
	assert "traced: the tracer named" jqt "$(diag "$P") | .tracer.comm == \"zparent\" and .tracer.pid != $P and (.text | test(\"Its tracer is PID [0-9]+ \\\\(zparent\\\\)\"))"
else
	skip "traced parent: PTRACE_ATTACH not permitted here ($(cat "$T_TMP/tracer.out"))"
fi

# --- parent_disk_sleep: a parent stuck in vfork() --------------------------
zp vfork vfork 1 || finish
P=$ZP
wait_for 20 state_is "$P" D || fail "vfork parent not in state D"
json_once
expect vfork "$P" parent_disk_sleep 1
assert "vfork: state D" jqt "$(diag "$P") | .parent_state == \"D\""

# --- parent_zombie and leader_exited: pthread_exit with a live thread ------
zp zparent zombie-parent 2 || finish
P=$ZP
wait_for 20 state_is "$P" Z || fail "parent did not become Z"
json_once
expect "zombie parent" "$P" parent_zombie 2
assert "zombie parent: state Z" jqt "$(diag "$P") | .parent_state == \"Z\""
"$ZT" --once --ascii --pid "$P" >"$T_TMP/text"
assert "text: exited leader that holds zombies" grep -Eq "^ *$P .*<leader exited, 1 thread alive>  \[2 zombies\] \(parent_zombie\)$" "$T_TMP/text"
assert "zombie parent: itself an exited leader" jqt "$(pobj "$P") | .zombie.kind == \"leader_exited\" and (.zombie.reapable | not) and .threads == 2"

zp leader leader || finish
L=$ZP
wait_for 20 state_is "$L" Z || fail "leader did not become Z"
json_once
assert "leader: kind leader_exited, not reapable" jqt "$(pobj "$L") | .zombie.kind == \"leader_exited\" and (.zombie.reapable | not) and .zombie.age_s == null"
assert "leader: its parent is no zombie parent" jqt "$(pobj "$(awk '/^PPid:/ {print $2}' "/proc/$L/status")") | .zombie_children == 0 and .diagnosis == null"
assert "summary: zombies are the reapable ones only" jqt ".summary.zombies == ([.processes[] | select(.state == \"Z\" and .threads <= 1)] | length)"
assert "summary: leader_exited counted apart" jqt ".summary.leader_exited >= 2 and .summary.leader_exited == ([.processes[] | select(.state == \"Z\" and .threads > 1)] | length)"
"$ZT" --once --ascii --pid "$L" >"$T_TMP/text"
assert "text: leader marked, no reason" grep -Eq "^ *$L .*<leader exited, 1 thread alive>$" "$T_TMP/text"

# --- container_init: PID 1 of a PID namespace that never waits -------------
if unshare --pid --fork --kill-child true 2>/dev/null; then
	ZP_WRAP="unshare --pid --fork --kill-child" zp container default 2 || finish
	U=$ZL
	# (a /proc file has size 0: test -s would wait the whole 20 s)
	wait_for 20 grep -q . "/proc/$U/task/$U/children"
	read -r P _ <"/proc/$U/task/$U/children"
	track "$P"
	json_once
	expect container "$P" container_init 2
	assert "container: namespace_init" jqt "$(diag "$P") | .namespace_init and (.host_init | not) and (.text | test(\"tini\"))"
	kill -KILL "$P"
	assert "container: killing its init ends the namespace" wait_for 20 gone "$P" "$U"
else
	skip "container_init: unshare --pid not permitted here"
fi

# --- host_init: zombietop inside a PID namespace sees its PID 1 ------------
if unshare --pid --fork --kill-child --mount-proc true 2>/dev/null; then
	out=$T_TMP/ns.json
	ZP_WRAP="unshare --pid --fork --kill-child --mount-proc" zp hostinit default 1 -- \
		sh -c "'$ZT' --once --json >'$out.tmp' && mv '$out.tmp' '$out'" || finish
	U=$ZL
	wait_for 30 test -s "$out" || fail "zombietop did not run in the namespace"
	read -r P _ <"/proc/$U/task/$U/children"
	track "$P"
	cp "$out" "$T_TMP/once.json"
	expect "host init" 1 host_init 1
	assert "host init: flags" jqt "$(diag 1) | .host_init and (.namespace_init | not) and (.predictions.kill.text | test(\"Nothing\"))"
else
	skip "host_init: unshare --pid --mount-proc not permitted here"
fi

# unknown (a parent that cannot be read) needs a race or a hidepid mount
# that also hides the parent from the snapshot: tests/unit/test_zombie.c
# covers it through the same /proc read path.
finish
