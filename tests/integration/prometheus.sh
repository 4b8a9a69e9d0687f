# SPDX-License-Identifier: GPL-2.0-or-later
# --prometheus against the real node_exporter (Debian's
# prometheus-node-exporter, installed by `make deps`): its textfile
# collector reads what zombietop wrote, curl scrapes /metrics, and the
# values must be those of the zombies this test made. Exact values come
# from a PID namespace of our own; the --interval daemon runs on the host.
. tests/lib.sh

NE=$(command -v prometheus-node-exporter || command -v node_exporter)
if [ -z "$NE" ]; then
	skip "prometheus: node_exporter not installed (make deps installs prometheus-node-exporter)"
	finish
fi
if ! command -v curl >/dev/null; then
	skip "prometheus: curl not installed, cannot scrape"
	finish
fi
TXT=$T_TMP/textfile
mkdir -p "$TXT"

# Starts node_exporter on 127.0.0.1 and a free port: a port taken by
# someone else makes it exit, and the next one is tried.
start_ne() {
	local try port
	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + (RANDOM * 7 + $$ + try * 97) % 40000))
		"$NE" --web.listen-address="127.0.0.1:$port" \
		    --collector.disable-defaults --collector.textfile \
		    --collector.textfile.directory="$TXT" \
		    >"$T_TMP/ne.log" 2>&1 </dev/null &
		NE_PID=$!
		track $NE_PID
		disown $NE_PID
		if wait_for 20 sh -c "curl -sf http://127.0.0.1:$port/metrics >/dev/null || ! kill -0 $NE_PID" &&
		    kill -0 $NE_PID 2>/dev/null; then
			NE_URL=http://127.0.0.1:$port/metrics
			return 0
		fi
		kill -KILL $NE_PID 2>/dev/null
	done
	return 1
}
scrape() { curl -sf "$NE_URL" >"$T_TMP/scrape.txt"; }
# value SERIES: the scraped value of one series, as node_exporter prints it
# (through ENVIRON: awk -v would interpret the backslashes).
value() { S=$1 awk '$1 == ENVIRON["S"] { print $2 }' "$T_TMP/scrape.txt"; }
# is SERIES VALUE
is() {
	local v
	v=$(value "$1")
	if [ "$v" = "$2" ]; then ok "scraped $1 = $2"; else fail "scraped $1 = $2 (was '$v')"; fi
}

if ! start_ne; then
	fail "node_exporter did not start"; cat "$T_TMP/ne.log"; finish
fi
ok "node_exporter listening ($NE_URL), pid $NE_PID"

# The hostile parent name: quote, backslash, newline, then '}'.
HOSTILE=$(printf 'h"\\\nz}' | od -An -tx1 -v | tr -d ' \n')
cat >"$T_TMP/ns.sh" <<'NS'
zt=$1 helpers=$2 dir=$3 hostile=$4
"$helpers/zmaker" exit:1 exit:2 signal:9 >"$dir/zm.out" </dev/null &
"$helpers/zname" "$hostile" >"$dir/zn.out" </dev/null &
sleep 1000 </dev/null &
kill -STOP $!
for _ in $(seq 400); do
	[ -s "$dir/zm.out" ] && [ -s "$dir/zn.out" ] && break
	sleep 0.05
done
"$zt" --prometheus "$dir/textfile/zombietop.prom"
echo $? >"$dir/prom.rc"
NS
if unshare --pid --fork --mount-proc true 2>/dev/null; then
	unshare --pid --fork --mount-proc bash "$T_TMP/ns.sh" "$ZT" \
	    "$HELPERS" "$T_TMP" "$HOSTILE"
	assert "--prometheus exits 0" test "$(cat "$T_TMP/prom.rc")" = 0
	assert "no FILE.tmp left behind" test ! -e "$TXT/zombietop.prom.tmp"
	assert "file is mode 0644" test "$(stat -c %a "$TXT/zombietop.prom")" = 644
	wait_for 10 sh -c "curl -sf '$NE_URL' | grep -q '^zombietop_zombies '"
	scrape
	is node_textfile_scrape_error 0
	is zombietop_zombies 4
	is zombietop_zombie_parents 2
	is zombietop_leader_exited 0
	is 'zombietop_processes{state="Z"}' 4
	is 'zombietop_processes{state="T"}' 1
	is 'zombietop_processes{state="D"}' 0
	is 'zombietop_processes{state="t"}' 0
	is 'zombietop_processes{state="I"}' 0
	# bash, zmaker and zname sleep and zombietop runs; on a busy machine
	# one of the sleepers may be read while it runs (seen once in CI:
	# S 2, R 2), so the pair is checked as a sum, with zombietop's own R.
	s=$(value 'zombietop_processes{state="S"}')
	r=$(value 'zombietop_processes{state="R"}')
	assert "scraped S + R = 4 (S '$s', R '$r')" test "$((${s:-0} + ${r:-0}))" = 4
	assert "scraped R >= 1 (zombietop itself)" test "${r:-0}" -ge 1
	is zombietop_oldest_zombie_age_seconds 0
	is 'zombietop_zombies_by_parent{parent_comm="zmaker",reason="no_handler"}' 3
	# escape_buf made h"\\\nz} of the raw bytes; the format escapes the
	# quote and the three backslashes, and node_exporter read it back.
	is 'zombietop_zombies_by_parent{parent_comm="h\"\\\\\\nz}",reason="no_handler"}' 1
	assert "no line starts with the hostile tail" sh -c "! grep -q '^z}' '$T_TMP/scrape.txt'"
	assert "file HELP as fixed" grep -qxF '# HELP zombietop_zombies Reapable zombie processes.' "$TXT/zombietop.prom"
	assert "scraped TYPE gauge" grep -qxF '# TYPE zombietop_zombies gauge' "$T_TMP/scrape.txt"
	now=$(date +%s)
	ts=$(value zombietop_last_success_timestamp_seconds)
	assert "last success within a minute" awk -v t="$ts" -v n="$now" 'BEGIN { exit !(t > n - 60 && t <= n + 1) }'
	d=$(value zombietop_scrape_duration_seconds)
	assert "scrape duration is a number > 0" awk -v d="$d" 'BEGIN { exit !(d + 0 > 0) }'
	if command -v promtool >/dev/null; then
		assert "promtool check metrics" sh -c "promtool check metrics <'$TXT/zombietop.prom'"
	else
		# Not a skip: make check does not install the prometheus package
		# (96 MB and a server) for this lint; node_exporter parsed the
		# file with Prometheus's own parser above (scrape_error 0).
		echo "# promtool not installed (package prometheus): no extra lint"
	fi
	# Two files with the same series would be rejected as duplicates.
	rm -f "$TXT/zombietop.prom"

	# Ages with --interval: zombies that appear while the daemon runs are
	# aged from the scan that first showed them, never more.
	cat >"$T_TMP/ages.sh" <<'NS'
zt=$1 helpers=$2 dir=$3 f=$3/textfile/ages.prom
age() { awk '$1 == "zombietop_oldest_zombie_age_seconds" { print $2 }' "$f"; }
"$zt" --prometheus "$f" --interval 1 2>"$dir/ages.err" &
daemon=$!
for _ in $(seq 400); do [ -s "$f" ] && break; sleep 0.05; done
age >"$dir/age0"
# From here this shell (PID 1 of the namespace) forks nothing: a child
# that has exited but is not reaped yet is a zombie too, and the daemon's
# last scan would count it with zmaker's two. Builtins only: the age is
# read with read, the pause is a read timing out on an idle FIFO.
mkfifo "$dir/idle"
exec 9<>"$dir/idle"
aged3() {
	local k v
	while read -r k v; do
		[ "$k" = zombietop_oldest_zombie_age_seconds ] && [ "${v%%.*}" -ge 3 ] && return 0
	done <"$f"
	return 1
}
date +%s.%N >"$dir/zm3.start"
"$helpers/zmaker" exit:5 exit:6 >"$dir/zm3.out" </dev/null &
for ((i = 0; i < 600; i++)); do
	aged3 && break
	read -r -t 0.05 -u 9
done
# Stop the daemon while zmaker still lives: when this namespace's init
# exits, every process in it dies, and a scan racing that teardown would
# write other counts over the file the test reads.
kill -TERM "$daemon"
wait "$daemon"
NS
	unshare --pid --fork --mount-proc bash "$T_TMP/ages.sh" "$ZT" \
	    "$HELPERS" "$T_TMP"
	# The daemon is gone now: its last age is at most this old.
	el=$(awk -v e="$(date +%s.%N)" -v s="$(cat "$T_TMP/zm3.start")" 'BEGIN { print e - s }')
	scrape
	a=$(value zombietop_oldest_zombie_age_seconds)
	assert "--interval: no zombie yet, age 0" test "$(cat "$T_TMP/age0")" = 0.000
	assert "--interval: zombies seen appearing get an age (>= 3 s)" awk -v a="$a" 'BEGIN { exit !(a >= 3) }'
	assert "--interval: the age never exceeds the time since they were made" awk -v a="$a" -v e="$el" 'BEGIN { exit !(a <= e + 0.001) }'
	is zombietop_zombies 2
	rm -f "$TXT/ages.prom"
else
	skip "exact values: unshare --pid --fork --mount-proc not permitted here"
fi

# The daemon: --interval rewrites the file until SIGTERM. Our zmaker runs
# under a name of its own so its series can be told from anyone else's.
ZNAME=zp$$
case $HELPERS in
/*) ln -s "$HELPERS/zmaker" "$T_TMP/$ZNAME" ;;
*) ln -s "$PWD/$HELPERS/zmaker" "$T_TMP/$ZNAME" ;;
esac
(cd "$T_TMP" && exec "./$ZNAME" exit:3 exit:4 >"$T_TMP/zd.out" </dev/null) &
ZD=$!
track $ZD
disown $ZD
wait_for 10 test -s "$T_TMP/zd.out" || fail "zmaker $ZNAME did not start"
SERIES="zombietop_zombies_by_parent{parent_comm=\"$ZNAME\",reason=\"no_handler\"}"
"$ZT" --prometheus "$TXT/host.prom" --interval 1 2>"$T_TMP/daemon.err" &
ZTD=$!
track $ZTD
has() { curl -sf "$NE_URL" | grep -qF "$1"; }
assert "--interval: our zombies scraped" wait_for 30 has "$SERIES 2"
first=$(curl -sf "$NE_URL" | awk '$1 == "zombietop_last_success_timestamp_seconds" { print $2 }')
kill -KILL $ZD # its zombies go to the subreaper, which reaps them
assert "--interval: the series goes when the zombies are reaped" wait_for 30 sh -c "! curl -sf '$NE_URL' | grep -qF '$SERIES'"
later=$(curl -sf "$NE_URL" | awk '$1 == "zombietop_last_success_timestamp_seconds" { print $2 }')
assert "--interval: last success moves on" awk -v a="$first" -v b="$later" 'BEGIN { exit !(b > a) }'
kill -TERM $ZTD
assert "--interval: SIGTERM stops it" wait_for 20 sh -c "! kill -0 $ZTD 2>/dev/null"
wait $ZTD
assert "--interval: exit status 0 after SIGTERM" test $? = 0
assert "--interval: file kept, no FILE.tmp" test -s "$TXT/host.prom" -a ! -e "$TXT/host.prom.tmp"
"$ZT" --prometheus "$TXT/int.prom" --interval 30 &
ZTI=$!
track $ZTI
wait_for 20 test -s "$TXT/int.prom"
kill -INT $ZTI
assert "--interval 30: SIGINT ends the wait at once" wait_for 10 sh -c "! kill -0 $ZTI 2>/dev/null"
wait $ZTI
assert "--interval: exit status 0 after SIGINT" test $? = 0
assert "--interval needs --prometheus" sh -c "! '$ZT' --interval 5 2>/dev/null"

kill -TERM $NE_PID
assert "node_exporter stopped by its PID" wait_for 20 sh -c "! kill -0 $NE_PID 2>/dev/null"
finish
