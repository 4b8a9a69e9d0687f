# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile process names and command lines: escape sequences (CSI, OSC 52,
# title), C0/C1 controls, invalid UTF-8, overlong forms, bidi overrides,
# zero-width and wide characters, a 4 KiB+ argument, newlines and ')' in a
# 15-byte comm. Nothing may reach the output unescaped; JSON stays valid and
# carries the bytes in escaped form.
. tests/lib.sh

hex() { od -An -tx1 -v | tr -d ' \n'; }
start() { # NAME COMM-BYTES ARG-BYTES...: starts zname with these bytes
	local name=$1 comm args=() a
	comm=$(printf '%b' "$2" | hex)
	shift 2
	for a in "$@"; do args+=("$(printf '%b' "$a" | hex)"); done
	"$HELPERS/zname" "$comm" "${args[@]}" >"$T_TMP/$name.out" </dev/null &
	track $!
	disown $!
	wait_for 10 test -s "$T_TMP/$name.out" || fail "$name did not start"
}

long=$(head -c 5000 /dev/zero | tr '\0' 'A')
start csi 'a\033[2Jb)c' '\033[31mred\033]0;title\007' '\033]52;c;aGVsbG8=\007'
start c1 'x\302\233y\302\205z' '\302\2331m' '\001\002\177'
start utf 'bad\377\300\200' '\340\200\200' '\355\240\200' '\364\220\200\200' '\342\202'
start bidi 'abc\342\200\256def' 'zw\342\200\213j' '\357\273\277bom' '中文 😀 e\314\201'
start nl 'a\nb)c) S 1 (' 'x\ny' "$long"
start empty '' ''

"$ZT" --once >"$T_TMP/once.txt"
no_bytes() { ! LC_ALL=C grep -q "$1" "$2"; }
assert "--once has no ESC byte" no_bytes $'\033' "$T_TMP/once.txt"
# Bytes left after deleting newlines, printable ASCII and 0x80-0xff: C0/DEL.
ctl_bytes() { LC_ALL=C tr -d '\n\040-\176\200-\377' <"$1" | wc -c; }
assert "--once has no BEL, DEL or other C0 byte" test "$(ctl_bytes "$T_TMP/once.txt")" = 0
assert "--once has no C1 control" no_bytes $'\302[\200-\237]' "$T_TMP/once.txt"
assert "--once has no RLO" no_bytes $'\342\200\256' "$T_TMP/once.txt"
assert "--once is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$T_TMP/once.txt" -o /dev/null
assert "--once: newlines in names do not break lines" sh -c "tail -n +2 '$T_TMP/once.txt' | grep -vcE '^ *[0-9]+ ' | grep -qx 0"
read -r P K <"$T_TMP/csi.out"
assert "--once escapes CSI in comm of the zombie" sh -c "grep -E '^ *$K ' '$T_TMP/once.txt' | grep -qF 'a\\x1b[2Jb)c  <zombie: exit 7>'"
assert "--once keeps wide characters" grep -q '中文 😀' "$T_TMP/once.txt"
"$ZT" --once --ascii >"$T_TMP/ascii.txt"
assert "--ascii output is pure ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$T_TMP/ascii.txt'"

json_once
assert "--json is valid JSON" jqt .
comm() { jq -r ".processes[] | select(.pid == $1) | .comm" "$T_TMP/once.json"; }
cmdl() { jq -r ".processes[] | select(.pid == $1) | .cmdline" "$T_TMP/once.json"; }
read -r P K <"$T_TMP/csi.out"
assert "json comm CSI escaped" test "$(comm "$P")" = 'a\x1b[2Jb)c'
assert "json cmdline OSC escaped" sh -c "jq -r '.processes[] | select(.pid == $P) | .cmdline' '$T_TMP/once.json' | grep -qF '\\x1b]52;c;aGVsbG8=\\x07'"
read -r P K <"$T_TMP/c1.out"
assert "json comm C1 escaped" test "$(comm "$P")" = 'x\xc2\x9by\xc2\x85z'
read -r P K <"$T_TMP/utf.out"
assert "json comm invalid UTF-8 escaped" test "$(comm "$P")" = 'bad\xff\xc0\x80'
assert "json cmdline overlong and surrogates escaped" sh -c "jq -r '.processes[] | select(.pid == $P) | .cmdline' '$T_TMP/once.json' | grep -qF '\\xe0\\x80\\x80 \\xed\\xa0\\x80 \\xf4\\x90\\x80\\x80 \\xe2\\x82'"
read -r P K <"$T_TMP/bidi.out"
assert "json comm RLO escaped" test "$(comm "$P")" = 'abc\xe2\x80\xaedef'
cmdl "$P" >"$T_TMP/bidi.cmdline"
assert "json keeps wide and combining characters" grep -qF -- $'中文 😀 e\314\201' "$T_TMP/bidi.cmdline"
read -r P K <"$T_TMP/nl.out"
assert "json comm newline and parens" test "$(comm "$P")" = 'a\nb)c) S 1 ('
assert "json zombie comm newline and parens" test "$(comm "$K")" = 'a\nb)c) S 1 ('
assert "json 4 KiB+ cmdline complete" test "$(cmdl "$P" | wc -c)" -gt 5000
assert "zombie with hostile comm keeps its parent" jqt ".processes[] | select(.pid == $K) | .ppid == $P and .zombie.exit_status == 7"
read -r P K <"$T_TMP/empty.out"
assert "json empty comm" test "$(comm "$P")" = ''
finish
