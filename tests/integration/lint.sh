# SPDX-License-Identifier: GPL-2.0-or-later
# The man page against the program: it renders without a warning, its
# SYNOPSIS has one line per form, its footer names zombietop and the
# release, no quote is doubled, the lab's time bounds are the code's, and
# every long option of the option table has its entry. Static analysis
# (cppcheck, clang-tidy) is `make lint`, outside make check.
. tests/lib.sh

MAN=man/zombietop.1
if ! command -v groff >/dev/null; then
	fail "groff not installed (make check installs groff-base)"
	finish
fi
groff -mandoc -ww -z "$MAN" >"$T_TMP/groff" 2>&1
assert "man page: no mdoc warnings (groff -ww -mandoc)" test ! -s "$T_TMP/groff"
cat "$T_TMP/groff"
# Plain text: no overstriking, no bold or underline.
groff -mandoc -Tutf8 -P-cbu "$MAN" >"$T_TMP/man.txt" 2>/dev/null

# In the SYNOPSIS, an option that is not in brackets (a mode: --once,
# --watch, --check...) follows .Nm or another such option: one missing
# .Nm would merge two forms into one line.
merged=$(awk '/^\.Sh /{ syn = ($2 == "SYNOPSIS"); prev = ""; next }
	syn && /^\.Fl / && prev != ".Nm" && prev !~ /^\.Fl / { print $2 }
	syn { prev = $0 }' "$MAN" | tr '\n' ' ')
assert "man page: each SYNOPSIS form starts with .Nm (merged: ${merged:-none})" test -z "$merged"

# The footer: .Os names zombietop and the release of the Makefile.
rel=$(sed -n 's/^BASE_VERSION = //p' Makefile)
foot=$(grep -v '^$' "$T_TMP/man.txt" | tail -1)
assert "man page: the footer names zombietop $rel ($foot)" \
	grep -qE "^zombietop ${rel//./\\.} " <<<"$foot"

# Enclosure macros (Ql, Dq, Sq) take the rest of the line: two on one
# line nest, and the quotes come out doubled.
assert "man page: no doubled quotes" sh -c "! grep -nE \"’’|‘‘|””|““|''|\\\"\\\"\" '$T_TMP/man.txt'"

# The lab's bounds: the view waits LAB_SETTLE_SECONDS for the scenarios
# to settle, --demo --once DEMO_SETTLE_SECONDS.
for d in LAB_SETTLE_SECONDS DEMO_SETTLE_SECONDS; do
	v=$(grep -rhE "^#define $d [0-9]+" src ui | awk '{ print $3 }')
	assert "man page: $d (${v:-not found}) is the lab's \"at most $v seconds\"" \
		grep -q "at most ${v:-X} seconds" "$MAN"
done

# Every long option of the option table is in the man page's options.
undocumented=""
for o in $(grep -o '{{"[a-z-]*"' ui/cli.c | tr -d '{"'); do
	grep -qF "Fl \\-$(echo "$o" | sed 's/-/\\-/g')" "$MAN" ||
		undocumented="$undocumented $o"
done
assert "man page: every long option of ui/cli.c is there (missing:${undocumented:- none})" \
	test -z "$undocumented"
# Every source file says its licence (LICENSE: GPL-2.0-or-later).
nospdx=$(git ls-files '*.c' '*.h' '*.sh' Makefile man/zombietop.1 2>/dev/null |
	grep -v '^tests/fuzz/corpus/' | xargs -r grep -L 'SPDX-License-Identifier: GPL-2.0-or-later' | head -5)
assert "every source file has an SPDX line (missing: ${nospdx:-none})" test -z "$nospdx"

finish
