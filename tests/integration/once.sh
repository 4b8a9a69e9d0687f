# SPDX-License-Identifier: GPL-2.0-or-later
# zombietop --once and --once --json against real zombies with known
# statuses, made by zmaker under the suite's subreaper.
. tests/lib.sh

zmaker statuses exit:0 exit:3 exit:255 signal:9 signal:11 core:11 run || finish
P=$ZPARENT
json_once
assert "json is valid" jqt .

zobj() { echo ".processes[] | select(.pid == $1) | .zombie"; }
assert "exit 0" jqt "$(zobj "${ZKIDS[0]}") | .exited and .exit_status == 0 and .status_raw == 0"
assert "exit 3" jqt "$(zobj "${ZKIDS[1]}") | .exited and .exit_status == 3 and .status_raw == 768"
assert "exit 255" jqt "$(zobj "${ZKIDS[2]}") | .exit_status == 255"
assert "SIGKILL" jqt "$(zobj "${ZKIDS[3]}") | (.exited | not) and .signal == 9 and .signal_name == \"SIGKILL\" and (.core_dumped | not)"
assert "SIGSEGV without core" jqt "$(zobj "${ZKIDS[4]}") | .signal_name == \"SIGSEGV\" and (.core_dumped | not)"
assert "SIGSEGV with core" jqt "$(zobj "${ZKIDS[5]}") | .signal_name == \"SIGSEGV\" and .core_dumped and .status_raw == 139"
assert "live child is not a zombie" jqt ".processes[] | select(.pid == ${ZKIDS[6]}) | .zombie == null and .state != \"Z\""
assert "zombies have the right parent" jqt "[.processes[] | select(.ppid == $P and .state == \"Z\")] | length == 6"
assert "parent counts its zombies" jqt ".processes[] | select(.pid == $P) | .zombie_children == 6"
assert "summary counts them" jqt ".summary.zombies >= 6 and .summary.zombie_parents >= 1"
assert "schema keys" jqt '(keys == ["events","events_reason","generated_at","hidepid","processes","summary","version"]) and .version == 2 and .events == false'
assert "process keys" jqt ".processes[] | select(.pid == $P) | keys == [\"cmdline\",\"comm\",\"diagnosis\",\"pid\",\"ppid\",\"start_time\",\"state\",\"threads\",\"uid\",\"user\",\"zombie\",\"zombie_children\"]"
assert "zombie keys" jqt "$(zobj "${ZKIDS[1]}") | keys == [\"age_exact\",\"age_s\",\"core_dumped\",\"exit_status\",\"exited\",\"kind\",\"reapable\",\"signal\",\"signal_name\",\"status_raw\"]"
assert "summary keys" jqt '.summary | keys == ["disk_sleep","leader_exited","processes","running","sleeping","stopped","zombie_parents","zombies"]'
assert "zombie has no cmdline" jqt "$(zobj "${ZKIDS[1]}" | sed 's/ | .zombie//') | .cmdline == \"\" and .comm == \"zmaker\""

"$ZT" --once --ascii >"$T_TMP/once.txt"
assert "text: exit 3" sh -c "grep -E '^ *${ZKIDS[1]} ' '$T_TMP/once.txt' | grep -q '<zombie: exit 3>'"
assert "text: SIGKILL" sh -c "grep -E '^ *${ZKIDS[3]} ' '$T_TMP/once.txt' | grep -q '<zombie: killed by SIGKILL>'"
assert "text: core" sh -c "grep -E '^ *${ZKIDS[5]} ' '$T_TMP/once.txt' | grep -q 'killed by SIGSEGV (core dumped)'"
assert "text: parent badge" sh -c "grep -E '^ *$P ' '$T_TMP/once.txt' | grep -q '\[6 zombies\]'"
# ASCII tree: P's last child (by PID, which wraps on a busy machine, so
# not always the last made) is drawn with "`- ", the six others "|- ".
kid_marks() {
	local k
	for k in "${ZKIDS[@]}"; do
		grep -E "^ *$k " "$T_TMP/once.txt" | grep -oE '[|`]- ' | head -1
	done | sort | uniq -c | tr -s ' ' | tr '\n' ';'
}
assert "text: ascii tree ($(kid_marks))" test "$(kid_marks)" = " 1 \`- ; 6 |- ;"
assert "text: no colour when piped" sh -c "! grep -q \$'\\033' '$T_TMP/once.txt'"

"$ZT" --once --pid "$P" >"$T_TMP/pid.txt"
assert "--pid shows the subtree" test "$(grep -c . "$T_TMP/pid.txt")" = 9
json_once --zombies
assert "--zombies: only zombies and ancestors" jqt " ([.processes[] | select(.pid == ${ZKIDS[6]})] | length == 0) and ([.processes[] | select(.pid == $P)] | length == 1)"

# Unprivileged: another user's zombie has status "not permitted", never 0.
if id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$ZT" --once --json >"$T_TMP/once.json"
	assert "unprivileged: exit 0 is not permitted" jqt "$(zobj "${ZKIDS[0]}") | .status_raw == null and .exit_status == null"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$ZT" --once >"$T_TMP/np.txt"
	assert "unprivileged text" sh -c "grep -E '^ *${ZKIDS[0]} ' '$T_TMP/np.txt' | grep -q 'status not permitted'"
else
	skip "unprivileged run needs root and the user nobody"
fi

"$ZT" --bogus 2>"$T_TMP/err"
assert "unknown option exits 2" test $? = 2
assert "unknown option message" grep -q "unknown option" "$T_TMP/err"
"$ZT" -d x 2>/dev/null
assert "bad delay exits 2" test $? = 2
"$ZT" --json 2>/dev/null
assert "--json without --once exits 2" test $? = 2
finish
