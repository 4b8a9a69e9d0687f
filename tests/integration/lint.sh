# Static analysis: cppcheck and clang-tidy (bugprone-*, cert-*) must be
# clean on src/ and ui/. Exceptions are explained where they are made:
# cert-err33-c (unchecked fprintf/snprintf results) is off because output
# errors are caught once by fflush/ferror at the end of each writer;
# bugprone-easily-swappable-parameters is a style opinion, not a bug.
. tests/lib.sh

if command -v cppcheck >/dev/null; then
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 -D_GNU_SOURCE $(for d in src/*/ ui/ ui/*/; do printf " -I%s" "$d"; done) src ui >"$T_TMP/cppcheck" 2>&1
	check "cppcheck clean" test $? = 0
	cat "$T_TMP/cppcheck"
else
	skip "cppcheck not installed"
fi
if command -v clang-tidy >/dev/null; then
	# shellcheck disable=SC2046
	clang-tidy --quiet \
		-checks='-*,bugprone-*,cert-*,-cert-err33-c,-bugprone-easily-swappable-parameters' \
		--warnings-as-errors='*' src/*/*.c ui/*.c ui/*/*.c -- -std=c11 -D_GNU_SOURCE \
		-DZT_VERSION='"lint"' $(for d in src/*/ ui/ ui/*/; do printf ' -I%s' "$d"; done) $(pkg-config --cflags libproc2 jansson ncursesw) \
		>"$T_TMP/tidy" 2>&1
	check "clang-tidy clean" test $? = 0
	grep -E 'warning:|error:' "$T_TMP/tidy"
else
	skip "clang-tidy not installed"
fi
if command -v groff >/dev/null; then
	groff -mdoc -ww -z man/zombietop.1 >"$T_TMP/groff" 2>&1
	check "man page: no mdoc warnings" test ! -s "$T_TMP/groff"
	cat "$T_TMP/groff"
else
	skip "groff not installed"
fi
# Every long option of the option table is in the man page's options.
undocumented=""
for o in $(grep -o '{{"[a-z-]*"' ui/cli.c | tr -d '{"'); do
	grep -qF "Fl \\-$(echo "$o" | sed 's/-/\\-/g')" man/zombietop.1 ||
		undocumented="$undocumented $o"
done
check "man page: every long option of ui/cli.c is there (missing:${undocumented:- none})" \
	test -z "$undocumented"
finish
