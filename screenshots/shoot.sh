#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make screenshots: runs the real zombietop on the classroom lab in tmux
# (120x36, and 40x10 for the small terminal), and a lesson recorded with
# --demo --record replayed with --replay, captures each screen with
# its colours (capture-pane -e) and writes screenshots/NAME.txt (plain
# text) and screenshots/NAME.png (aha to HTML, then headless chromium).
# Needs aha and chromium: installed here with apt-get when run as root.
set -u

ZT=${ZT:-build/zombietop}
OUT=${OUT:-screenshots}
SOCK=zt-shots-$$
TMP=$(mktemp -d /tmp/zt-shots.XXXXXX)
FONT_PX=15
CHAR_W=9.04 # DejaVu Sans Mono advance at 15 px
LINE_PX=18
PAD=12

tm() { tmux -L "$SOCK" "$@"; }

cleanup() {
	tm kill-server 2>/dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

need_tools() {
	local missing=""
	for c in aha chromium tmux; do
		command -v "$c" >/dev/null || missing="$missing $c"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "screenshots: installing$missing"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq aha chromium tmux >/dev/null ||
			return 1
	else
		echo "make screenshots needs:$missing. Run:" >&2
		echo "  sudo apt-get install aha chromium tmux" >&2
		return 1
	fi
}

# wait_screen ERE [SECONDS]: polls the pane for a line matching ERE.
wait_screen() {
	local end=$((SECONDS + ${2:-30}))
	until tm capture-pane -p -t shot 2>/dev/null | grep -qE -- "$1"; do
		if [ $SECONDS -ge $end ] || ! tm has-session -t shot 2>/dev/null; then
			echo "screenshots: no /$1/ on the screen:" >&2
			tm capture-pane -p -t shot | sed 's/^/  /' >&2
			exit 1
		fi
		sleep 0.1
	done
}

# wait_gone ERE: polls until no line matches.
wait_gone() {
	local end=$((SECONDS + ${2:-30}))
	while tm capture-pane -p -t shot | grep -qE -- "$1"; do
		[ $SECONDS -ge $end ] && { echo "screenshots: /$1/ stays" >&2; exit 1; }
		sleep 0.1
	done
}

keys() { tm send-keys -t shot "$@"; }

# run W H ARGS...: zombietop ARGS in a fresh W x H session named shot.
run() {
	local w=$1 h=$2
	shift 2
	tm kill-session -t shot 2>/dev/null
	tm new-session -d -s shot -x "$w" -y "$h" \
		-e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
		"exec env -u NO_COLOR PATH='$BIN_DIR':\"\$PATH\" zombietop $*"
	COLS=$w ROWS=$h
	wait_screen '^Zombies: [0-9]+' 60
}

# quit: q, then wait for zombietop (and the session) to end.
quit() {
	keys q
	local end=$((SECONDS + 30))
	while tm has-session -t shot 2>/dev/null; do
		[ $SECONDS -ge $end ] && { echo "screenshots: zombietop did not quit" >&2; exit 1; }
		sleep 0.1
	done
}

# shot NAME: the pane as NAME.txt and NAME.png.
shot() {
	local name=$1 w h
	sleep 0.3 # let a last partial frame finish
	tm capture-pane -p -t shot >"$OUT/$name.txt"
	tm capture-pane -e -N -p -t shot >"$TMP/$name.ansi"
	{
		printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
		printf 'html,body{margin:0;background:#000;}'
		printf 'pre{margin:0;padding:%dpx;font-family:"DejaVu Sans Mono",monospace;' "$PAD"
		printf 'font-size:%dpx;line-height:%dpx;color:#d0d0d0;background:#000;}' "$FONT_PX" "$LINE_PX"
		printf '</style></head><body><pre>'
		# tmux writes "attributes, fg, bg"; aha 0.5 forgets a reverse
		# when colours follow it: defaults right after a reset are
		# no-ops and go, colours after a lone reverse go before it.
		perl -pe '1 while s/(\e\[0[0-9;]*m(?:\e\[[0-9;]*m)*?)\e\[[34]9m/$1/;
			s/(\e\[7m)((?:\e\[[34][0-9;]*m)+)/$2$1/g' \
			"$TMP/$name.ansi" | aha --black --no-header
		printf '</pre></body></html>\n'
	} >"$TMP/$name.html"
	w=$(awk -v c="$COLS" -v cw="$CHAR_W" -v p="$PAD" 'BEGIN {printf "%d", c * cw + 2 * p + 1}')
	h=$((ROWS * LINE_PX + 2 * PAD))
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$TMP/chromium" --window-size="$w,$h" \
		--screenshot="$PWD/$OUT/$name.png" "file://$TMP/$name.html" \
		>"$TMP/chromium.log" 2>&1 ||
		{ cat "$TMP/chromium.log" >&2; exit 1; }
	echo "screenshots: $OUT/$name.png ($COLS x $ROWS)"
}

need_tools || exit 1
[ -x "$ZT" ] || { echo "screenshots: build $ZT first" >&2; exit 1; }
mkdir -p "$OUT"
# From PATH, so the command line on the screen reads "zombietop --demo".
BIN_DIR=$(cd "$(dirname "$ZT")" && pwd)
[ "$(basename "$ZT")" = zombietop ] || { echo "screenshots: ZT must be named zombietop" >&2; exit 1; }
# A server with no status line and a 256-colour terminal for the panes.
tm -f /dev/null new-session -d -s hold "sleep 3600" \; \
	set -g status off \; set -g default-terminal screen-256color

run 120 36 --demo
keys Enter # the docked panel off: the whole lab in view
wait_gone '^Command:'
wait_screen '─ lab-orphaned'
shot tree

keys Enter / && keys -l lab-one-per-sig && keys Enter Down
wait_screen '^Lesson: \[one-per-signal\]'
wait_screen '^Why: '
shot zombie-detail

keys / && keys -l lab-negligent && keys Enter Down
wait_screen '^Lesson: \[negligent\]'
keys t
wait_screen 'y/Enter: send'
shot confirm

keys y
wait_screen '^SIGTERM to [0-9]+: '
shot outcome

keys '?'
wait_screen 'zombietop keys'
shot help
keys Escape # closes the help
wait_gone 'zombietop keys'
quit

run 120 36 --demo -C
wait_screen '^Why: '
shot monochrome
quit

run 40 10 --demo
wait_screen 'lab-'
shot small-40x10
quit

# A lesson recorded with --demo --record (from PATH, in TMP, so its row
# reads "zombietop --demo --record lesson.ztr"), replayed in the view on
# its last zombie event, the lab's subtree only (-p the recorder).
refreshes() {
	"$ZT" --replay "$1" --once --json 2>/dev/null |
		sed -n 's/^ *"refreshes": \([0-9]*\).*/\1/p'
}
(cd "$TMP" && PATH="$BIN_DIR:$PATH" exec zombietop --demo --record lesson.ztr \
	-d 5 >/dev/null 2>&1) &
REC=$!
end=$((SECONDS + 60))
until [ "$(refreshes "$TMP/lesson.ztr")" -ge 10 ] 2>/dev/null; do
	[ $SECONDS -ge $end ] && { echo "screenshots: no lesson recorded" >&2; kill -INT $REC; exit 1; }
	sleep 0.2
done
kill -INT $REC
wait $REC
run 120 36 --replay "$TMP/lesson.ztr" -p $REC
keys g && keys -l -- -0 && keys Enter
wait_screen ' refresh ([0-9]+)/\1$'
keys '('
wait_screen '^Why: '
shot replay
quit
