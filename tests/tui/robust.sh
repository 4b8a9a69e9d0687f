# SPDX-License-Identifier: GPL-2.0-or-later
# The view against a hostile terminal: no terminal on stdin (closed or
# /dev/null), TERM=dumb, an unknown TERM, no terminfo at all, a storm of
# resizes, and trees that are very deep or very wide. Each ends in a clear
# message and a usable shell, or in a view that still answers keys.
# ZT_DEEP (200) and ZT_WIDE (1000) size the trees (make stress: 2000 and
# 10000); see the comment below.
. tests/lib.sh
. tests/tmuxlib.sh

zmaker robust exit:7 || finish
tm_shell 100 30 || { fail "tmux shell did not start"; finish; }

# usable NAME: the shell is back on the primary screen with sane modes.
usable() {
	assert "$1: alternate screen off" test "$(alt_screen)" = 0
	run_line "clear; stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
	expect "$1: terminal modes sane" "^icanon echo ?$"
}

# refused NAME ERE ENV...: zombietop run with ENV (and stdin redirections
# in it) prints the message and exits 1 at once: no hang, no spin.
refused() {
	local name=$1 msg=$2
	shift 2
	run_line "clear; $* $ZT_ABS -p $ZPARENT; echo zt-exit=\$?"
	expect "$name: exits with status 1" "^zt-exit=1$" 20
	expect "$name: says why" "$msg" 5
	usable "$name"
}

refused "closed stdin" "needs a terminal \(try --once\)" "0<&-"
refused "stdin from /dev/null" "needs a terminal \(try --once\)" "</dev/null"
refused "TERM=dumb" "terminal type 'dumb': it cannot move the cursor \(try --once\)" "TERM=dumb"
refused "unknown TERM" "terminal type 'zt-no-such-term': no terminfo entry" "TERM=zt-no-such-term"
# No terminfo at all: empty directories mounted over the system's ones in
# a private mount namespace, TERMINFO and HOME pointing to an empty one.
mkdir -p "$T_TMP/terminfo"
cat >"$T_TMP/noterminfo.sh" <<'EOS'
for d in /etc/terminfo /lib/terminfo /usr/share/terminfo /usr/lib/terminfo; do
	[ -d "$d" ] && { mount -t tmpfs none "$d" || exit 99; }
done
exec "$@"
EOS
if unshare -m true 2>/dev/null; then
	refused "no terminfo entry" "zombietop: cannot use terminal type" \
		"TERMINFO=$T_TMP/terminfo HOME=$T_TMP unshare -m sh $T_TMP/noterminfo.sh"
else
	skip "no terminfo entry: no private mount namespace here"
fi

# A burst of SIGWINCH: tmux resizes the window as fast as it can, down to
# sizes below the minimum. The view must survive and draw the final size.
zt_start -p "$ZPARENT" || { fail "zombietop did not start"; finish; }
tm set-option -g window-size manual
for i in $(seq 60); do
	tm resize-window -x $((20 + i % 7 * 20)) -y $((5 + i % 5 * 6))
done
tm resize-window -x 100 -y 30
assert "resize storm: zombietop still runs" kill -0 "$ZT_PID"
expect "resize storm: the view is drawn again" "^Zombies: [0-9]+"
assert "resize storm: the header fills the final width" wait_for 20 sh -c \
	"tmux -L $T_TMUX capture-pane -p | head -1 | grep -qE '^.{92}[0-9]{2}:[0-9]{2}:[0-9]{2}$'"
tm send-keys F1
expect "resize storm: a key is still answered (help)" "zombietop keys"
tm send-keys q
tm send-keys q
expect "resize storm: quits cleanly" "^zt-exit=0$"
usable "resize storm"

# ztree_start KIND N: a tree made by the ztree helper; TOP and LAST set.
ztree_start() {
	rm -f "$T_TMP/ztree.out"
	(cd "$T_TMP" && exec "$OLDPWD/$HELPERS/ztree" "$1" "$2" >"$T_TMP/ztree.out" </dev/null) &
	track $!
	disown $!
	wait_for 300 test -s "$T_TMP/ztree.out" || return 1
	read -r TOP LAST <"$T_TMP/ztree.out"
}

# ztree_stop: kills the top; every level below dies with its parent.
ztree_stop() {
	kill -KILL "$TOP"
	assert "$1: the tree is gone" wait_for 300 sh -c "! kill -0 $LAST 2>/dev/null"
}

# tree_case NAME KIND N: the view of that tree starts, End reaches the
# last process (the deepest, or the last child), Home the top: keys are
# answered, nothing crashes.
tree_case() {
	ztree_start "$2" "$3" || { fail "$1: ztree did not start"; return; }
	zt_start -p "$TOP" || { fail "$1: zombietop did not start"; screen_dump "$1"; ztree_stop "$1"; return; }
	ok "$1: the view starts"
	tm send-keys End
	expect "$1: End reaches process $LAST" "^ *$LAST +root " 60
	tm send-keys Home
	expect "$1: Home goes back to the top" "^ PID $TOP " 60
	assert "$1: zombietop still runs" kill -0 "$ZT_PID"
	tm send-keys q
	expect "$1: quits cleanly" "^zt-exit=0$" 60
	ztree_stop "$1"
}

# make check keeps the trees small (a 200-deep chain, a 1,000-wide fan):
# they take the same code paths (scrolling, End and Home past a page, the
# deep indent) in seconds. make stress sets ZT_DEEP=2000 and ZT_WIDE=10000
# (ZT_DEEP=10000 for the full chain: minutes of kernel time on a shared
# 2-core machine). Under ASan every scan is several times slower: smaller.
case "$BUILD" in
*asan*) deep=${ZT_DEEP:-100} wide=${ZT_WIDE:-500} ;;
*) deep=${ZT_DEEP:-200} wide=${ZT_WIDE:-1000} ;;
esac
tree_case "deep tree ($deep levels)" chain "$deep"
tree_case "wide tree ($wide children)" fan "$wide"
finish
