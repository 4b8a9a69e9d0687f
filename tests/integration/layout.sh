# SPDX-License-Identifier: GPL-2.0-or-later
# The layering rule (HACKING.md): only ui/tui/ includes curses or a header
# of ui/tui/ (main.c includes tui.h, its one door); src/ includes nothing
# of ui/. The build runs this before linking, and make check reports it.
. tests/lib.sh

tui_hdrs=$(cd ui/tui && ls -- *.h | grep -vx tui.h | tr '\n' '|')
ui_hdrs=$(cd ui && ls -- *.h */*.h | sed 's#.*/##' | tr '\n' '|')
outside=$(find src ui -name '*.[ch]' ! -path 'ui/tui/*' | sort)

bad=$(grep -lE '#include *[<"](n?curses|ncursesw/|term\.h)' $outside)
assert "no curses outside ui/tui/ (${bad:-none})" test -z "$bad"
bad=$(grep -lE "#include *\"(${tui_hdrs%|})\"" $outside)
assert "no header of ui/tui/ outside it (${bad:-none})" test -z "$bad"
bad=$(grep -lE '#include *"tui\.h"' $outside | grep -vx ui/main.c)
assert "only main.c opens the view through tui.h (${bad:-none})" test -z "$bad"
bad=$(grep -lE "#include *\"(${ui_hdrs%|})\"" $(echo "$outside" | grep '^src/'))
assert "src/ includes nothing of ui/ (${bad:-none})" test -z "$bad"
finish
