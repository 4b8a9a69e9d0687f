# SPDX-License-Identifier: GPL-2.0-or-later
# The key table is the one source of truth: the man page's KEYS section
# must list exactly the keys that zombietop --list-keys prints from it, and
# the action keys of the reaping issues are bound.
. tests/lib.sh

"$ZT" --list-keys >"$T_TMP/table" || fail "--list-keys failed"
cut -f1 "$T_TMP/table" | sort >"$T_TMP/table.keys"
assert "the key table is not empty" test -s "$T_TMP/table.keys"
assert "every key has a description" sh -c "! awk -F'\t' 'NF < 2 || \$2 == \"\"' '$T_TMP/table' | grep -q ."
assert "no key is listed twice" test -z "$(uniq -d "$T_TMP/table.keys")"

# Names from the .It lines of the KEYS section: ".It Ic /, Ic F3".
sed -n '/^\.Sh KEYS/,/^\.Sh /p' man/zombietop.1 |
	sed -n 's/^\.It //p' |
	sed -e 's/ , /\n/g' |
	sed -e 's/^Ic //' -e 's/\\&//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' |
	sort >"$T_TMP/man.keys"
if diff -u "$T_TMP/table.keys" "$T_TMP/man.keys" >"$T_TMP/keys.diff"; then
	ok "man page KEYS lists exactly the keys of the table"
else
	fail "man page KEYS differs from the key table"
	sed 's/^/# /' "$T_TMP/keys.diff"
fi

"$ZT" </dev/null >/dev/null 2>"$T_TMP/err"
assert "without a terminal the view exits 1" test $? = 1
assert "and says to use --once" grep -q -- "--once" "$T_TMP/err"

missing=""
for k in c t K C k F9 Space L R; do
	grep -qx -- "$k" "$T_TMP/table.keys" || missing="$missing $k"
done
assert "the action keys are bound${missing:+ (missing:$missing)}" test -z "$missing"
assert "k is the signal menu, not a move" grep -qx 'k	signal menu.*' "$T_TMP/table"
finish
