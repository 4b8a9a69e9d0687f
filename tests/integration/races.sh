# SPDX-License-Identifier: GPL-2.0-or-later
# Races: parents with zombies are killed (their zombies go to the suite's
# subreaper, which reaps them) and new ones started while --once --json runs
# in a loop. Every document must be valid, and every zombie listed must have
# its parent in the same document: the parent that made it, or (once that
# one died) its new parent, never a dead one.
. tests/lib.sh

ROUNDS=${RACE_ROUNDS:-40}
declare -A made # zombie pid -> the zmaker that made it
parents=()
start_one() {
	zmaker "r$1" exit:1 exit:2 exit:3 signal:9 || return 1
	parents+=("$ZPARENT")
	for z in "${ZKIDS[@]}"; do made[$z]=$ZPARENT; done
}
for i in 1 2 3 4; do start_one "$i" || finish; done

bad=0 badpar=0 seen=0 killed=0
for i in $(seq "$ROUNDS"); do
	# Kill the oldest parent in the background, racing with the scan.
	victim=${parents[0]}
	parents=("${parents[@]:1}")
	kill -KILL "$victim" &
	killed=$((killed + 1))
	if ! "$ZT" --once --json >"$T_TMP/once.json" 2>"$T_TMP/err" ||
		! jq -e . "$T_TMP/once.json" >/dev/null 2>&1; then
		bad=$((bad + 1))
		continue
	fi
	# Our zombies: the parent listed must be in the document, and be
	# either the maker or not one of our makers (the new parent).
	while read -r z pp inout; do
		[ -n "${made[$z]:-}" ] || continue
		seen=$((seen + 1))
		if [ "$inout" != true ]; then
			badpar=$((badpar + 1))
			echo "# zombie $z listed under $pp, which is not in the output"
		elif [ "$pp" != "${made[$z]}" ] && [[ " ${!made[*]} ${made[*]} " == *" $pp "* ]]; then
			badpar=$((badpar + 1))
			echo "# zombie $z listed under $pp, not its maker ${made[$z]}"
		fi
	done < <(jq -r '(.processes | map(.pid) | INDEX(tostring)) as $all |
		.processes[] | select(.state == "Z") |
		"\(.pid) \(.ppid) \($all[.ppid | tostring] != null)"' "$T_TMP/once.json")
	wait
	start_one "n$i" || break
done
echo "# races: $ROUNDS rounds, $killed parents killed during scans, $seen zombie listings checked"
assert "--once --json: valid in all $ROUNDS racing runs" test $bad = 0
assert "no zombie listed under a parent missing from the output or a wrong one ($seen listings)" test $badpar = 0
assert "zombies were listed while their parents died" test $seen -gt 0
finish
