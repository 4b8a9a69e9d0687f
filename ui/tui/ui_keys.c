/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key table and its handlers. A handler changes the view model and
 * returns reaction bits; it never draws. The reaping actions live in
 * ui_action; k is its signal menu as in htop, so j and the arrows move. */
#define NCURSES_WIDECHAR 1
#include "ui_keys.h"
#include "ui_nav.h"
#include "ui_screen_state.h"
#include "ui_action.h"
#include "ui_help.h"
#include "view_lab.h"
#include "ui_layer.h"
#include "ui_setup.h"
#include "ui_detail.h"
#include "ui_prompt.h"
#include "ui_userpick.h"
#include "ui_nice.h"
#include "ui_inspect.h"
#include "ui_strace.h"
#include "ui_threads.h"
#include "ui_rec.h"
#include "ui_replay.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define FN(k) (UI_KEY_FN | (k))
#define CTRL(c) ((c)&0x1f)
#define ESC_KEY 27

struct ui_key {
	int code;
	const char *name; /* NULL: an alias of the row above, not listed */
	const char *desc;
	unsigned (*fn)(struct view *v);
};

int
ui_keys_encode(int ch, bool function_key)
{
	return function_key ? FN(ch) : ch;
}

static unsigned
rebuilt(struct view *v)
{
	if (view_rebuild(v) < 0)
		view_message(v, "out of memory");
	return UI_REDRAW;
}

static unsigned
key_expand(struct view *v)
{
	view_set_collapsed(v, false);
	return rebuilt(v);
}

static unsigned
key_collapse(struct view *v)
{
	if (view_set_collapsed(v, true) < 0) {
		view_message(v, "that process is gone");
		return UI_REDRAW;
	}
	return rebuilt(v);
}

static unsigned
key_expand_all(struct view *v)
{
	view_expand_all(v);
	return rebuilt(v);
}

static unsigned
key_panel(struct view *v)
{
	v->panel = !v->panel;
	return UI_REDRAW;
}

static unsigned
key_search(struct view *v)
{
	return ui_prompt_open(v, UI_PROMPT_SEARCH);
}

static unsigned
find_again(struct view *v, int dir)
{
	size_t n = v->nrows ? v->nrows : 1;

	if (!v->search[0])
		view_message(v, "no search yet: press / first");
	else if (!view_find(v, v->search, (v->cur + n + dir) % n, dir))
		view_message(v, "no match");
	return UI_REDRAW;
}

/* In the lab, n on a lab process is the lesson's key: its parent forks
 * another child. Elsewhere, and outside --demo, the next match. */
static unsigned
key_next(struct view *v)
{
	unsigned r = view_lab_key_fork(v);

	return r ? r : find_again(v, 1);
}

static unsigned
key_prev(struct view *v)
{
	return find_again(v, -1);
}

static unsigned
key_filter(struct view *v)
{
	return ui_prompt_open(v, UI_PROMPT_FILTER);
}

static unsigned
key_clear(struct view *v)
{
	v->search[0] = '\0';
	v->filter[0] = '\0';
	return rebuilt(v);
}

static unsigned
key_zombies(struct view *v)
{
	v->opts.zombies_only = !v->opts.zombies_only;
	return rebuilt(v);
}

static unsigned
key_next_zombie(struct view *v)
{
	size_t young;
	char m[96];

	if (!view_next_zombie(v, &young)) {
		snprintf(m, sizeof(m),
		    young ? "no other zombie older than one refresh (%zu "
		            "younger)"
		          : "no zombie in view",
		    young);
		view_message(v, m);
	}
	return UI_REDRAW;
}

static unsigned
key_follow(struct view *v)
{
	v->follow = !v->follow && v->has_sel;
	view_message(
	    v, v->follow ? "following the selected process" : "not following");
	return UI_REDRAW;
}

static unsigned
key_pause(struct view *v)
{
	v->paused = !v->paused;
	return v->paused ? UI_REDRAW : UI_REDRAW | UI_RESCAN;
}

static unsigned
key_mode(struct view *v)
{
	v->list_mode = !v->list_mode;
	return rebuilt(v);
}

static unsigned
sort_step(struct view *v, int step)
{
	char m[64];

	if (v->list_mode)
		v->sort = (enum ui_sort)(
		    (v->sort + UI_SORT_COUNT + step) % UI_SORT_COUNT);
	v->list_mode = true;
	snprintf(m, sizeof(m), "list sorted by %s", view_sort_name(v->sort));
	view_message(v, m);
	return rebuilt(v);
}

static unsigned
key_sort_next(struct view *v)
{
	return sort_step(v, 1);
}

static unsigned
key_sort_prev(struct view *v)
{
	return sort_step(v, -1);
}

/* W: parents that reap late first, in list mode, as htop's capital
 * letters pick a sort column. */
static unsigned
key_worst_reapers(struct view *v)
{
	v->list_mode = true;
	v->sort = UI_SORT_REAP;
	v->sort_desc = false;
	view_message(v, "list sorted by REAP: worst reapers first (reap "
	                "latency p99, then waits over 1 s)");
	return rebuilt(v);
}

static unsigned
key_invert(struct view *v)
{
	v->sort_desc = !v->sort_desc;
	return rebuilt(v);
}

/* R: in the lab, a lab process that is not a zombie respawns its
 * scenario (zombietop's own row: the whole lab); otherwise, and on every
 * zombie, the ptrace reap of the actions. */
static unsigned
key_reap_or_respawn(struct view *v)
{
	unsigned r = view_lab_key_respawn(v);

	return r ? r : ui_action_ptrace(v);
}

static unsigned
key_help(struct view *v)
{
	return ui_help_open(v);
}

static unsigned
key_repaint(struct view *v)
{
	(void)v;
	return UI_REDRAW | UI_REPAINT;
}

static unsigned
key_quit(struct view *v)
{
	(void)v;
	return UI_QUIT;
}

static const struct ui_key key_table[] = {
    {FN(KEY_UP), "Up", "move the selection up", ui_nav_up},
    {FN(KEY_DOWN), "Down", "move the selection down", ui_nav_down},
    {'j', "j", "move the selection down", ui_nav_down},
    {FN(KEY_PPAGE), "PgUp", "one page up", ui_nav_pgup},
    {FN(KEY_NPAGE), "PgDn", "one page down", ui_nav_pgdn},
    {FN(KEY_HOME), "Home", "first process", ui_nav_home},
    {FN(KEY_END), "End", "last process", ui_nav_end},
    {FN(KEY_LEFT), "Left", "go to the parent process", ui_nav_parent},
    {']', "]", "scroll the command lines right", ui_nav_right},
    {FN(KEY_RIGHT), "Right", "scroll the command lines right", ui_nav_right},
    {FN(KEY_SRIGHT), "Shift-Right", "scroll the command lines right",
        ui_nav_right},
    {'[', "[", "scroll the command lines back left", ui_nav_left},
    {FN(KEY_SLEFT), "Shift-Left", "scroll the command lines back left",
        ui_nav_left},
    {'+', "+", "expand the selected subtree", key_expand},
    {'-', "-", "collapse the selected subtree", key_collapse},
    {'*', "*", "expand every subtree", key_expand_all},
    {'\n', "Enter", "show or hide the detail panel", key_panel},
    {'\r', NULL, NULL, key_panel},
    {FN(KEY_ENTER), NULL, NULL, key_panel},
    {'}', "}", "scroll the detail panel down (when it shows more)",
        ui_nav_panel_down},
    {'{', "{", "scroll the detail panel up", ui_nav_panel_up},
    {'/', "/", "search (incremental)", key_search},
    {FN(KEY_F(3)), "F3", "search (incremental)", key_search},
    {'n', "n", "next match; --demo, on a lab process: its parent forks a child",
        key_next},
    {'N', "N", "previous match", key_prev},
    {'\\', "\\", "filter: keep matching rows and their ancestors", key_filter},
    {FN(KEY_F(4)), "F4", "filter: keep matching rows and their ancestors",
        key_filter},
    {ESC_KEY, "Esc", "clear the search and the filter", key_clear},
    {'z', "z", "zombies only: zombies and their ancestors", key_zombies},
    {'Z', "Z", "jump to the next zombie", key_next_zombie},
    {'F', "F", "follow the selected process across refreshes", key_follow},
    {'f', "f", "follow the selected process across refreshes", key_follow},
    {'p', "p", "pause or resume refreshing (--replay: play or pause)",
        key_pause},
    {FN(KEY_F(5)), "F5", "tree or list mode", key_mode},
    {FN(KEY_F(6)), "F6", "list mode, sort by the next column", key_sort_next},
    {'>', ">", "list mode, sort by the next column", key_sort_next},
    {'<', "<", "list mode, sort by the previous column", key_sort_prev},
    {'I', "I", "invert the sort order", key_invert},
    {'W', "W", "list mode, worst reapers first (reap latency p99)",
        key_worst_reapers},
    {'c', "c", "SIGCHLD to the zombie's parent (or the selected parent)",
        ui_action_sigchld},
    {'t', "t", "SIGTERM to the zombie's parent, after a confirmation",
        ui_action_term},
    {'K', "K", "SIGKILL to the zombie's parent, after a confirmation",
        ui_action_kill},
    {'C', "C", "SIGCONT to the zombie's parent (a stopped parent)",
        ui_action_cont},
    {FN(KEY_F(9)), "F9",
        "signal menu for any process (as in htop: j and the arrows move)",
        ui_action_menu},
    {'k', "k",
        "signal menu for any process (as in htop: j and the arrows move)",
        ui_action_menu},
    {' ', "Space", "tag or untag a row: an action covers every tagged row",
        ui_action_tag},
    {'R', "R",
        "reap a zombie by ptrace (confirmed); --demo, lab process: "
        "respawn",
        key_reap_or_respawn},
    {'L', "L", "event log: zombies appeared and reaped, actions",
        ui_action_log},
    /* A user, nice, looking inside a process, threads. */
    {'u', "u", "show the processes of one user (a list), or of all",
        ui_userpick_open},
    {FN(KEY_F(7)), "F7", "nice -1: higher priority of the selected process",
        ui_nice_lower},
    {FN(KEY_F(8)), "F8", "nice +1: lower priority of the selected process",
        ui_nice_raise},
    {'e', "e", "environment of the selected process (a zombie's parent's)",
        ui_inspect_env},
    {'l', "l", "open files of the selected process (a zombie's parent's)",
        ui_inspect_files},
    {'s', "s",
        "strace -p the selected process (a zombie's parent), if installed",
        ui_strace},
    {'H', "H", "show or hide user threads (marked {thread})",
        ui_threads_toggle},
    /* Recording (issue 19). */
    {'w', "w", "start recording the view to a file (asks its name), or stop",
        ui_rec_key},
    /* The time cursor of --replay (t is SIGTERM: atop's t/T are . ,). */
    {'.', ".", "--replay: one refresh forward", ui_replay_forward},
    {',', ",", "--replay: one refresh back", ui_replay_back},
    {')', ")", "--replay: the next zombie event (appeared, reaped)",
        ui_replay_next_event},
    {'(', "(", "--replay: the previous zombie event", ui_replay_prev_event},
    {'g', "g", "--replay: go to a time (ISO 8601, +SECONDS, -SECONDS)",
        ui_replay_goto},
    {FN(KEY_F(2)), "F2",
        "setup: meters, colours, refresh, mode, sort, columns (saved)",
        ui_setup_open},
    {FN(KEY_F(1)), "F1", "this help", key_help},
    {'?', "?", "this help", key_help},
    {CTRL('l'), "Ctrl-L", "redraw the whole screen", key_repaint},
    {'q', "q", "quit", key_quit},
    {FN(KEY_F(10)), "F10", "quit", key_quit},
};

#define NKEYS (sizeof(key_table) / sizeof(key_table[0]))

/* The keys that act on live processes (signals, ptrace, nice, strace,
 * looking inside) or record: --replay refuses them. */
static unsigned (*const live_only[])(struct view *) = {ui_action_sigchld,
    ui_action_term, ui_action_kill, ui_action_cont, ui_action_menu,
    key_reap_or_respawn, ui_nice_lower, ui_nice_raise, ui_inspect_env,
    ui_inspect_files, ui_strace, ui_rec_key};

/* The keys that step --replay's time: the event log passes them on. */
static unsigned (*const replay_time[])(struct view *) = {ui_replay_forward,
    ui_replay_back, ui_replay_next_event, ui_replay_prev_event, ui_replay_goto,
    key_pause};

typedef unsigned (*key_fn)(struct view *);

static bool
has_fn(const key_fn *list, size_t n, key_fn fn)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == fn)
			return true;
	return false;
}

#define HAS_FN(list, fn) has_fn(list, sizeof(list) / sizeof(list[0]), fn)

static unsigned
run(struct view *v, key_fn fn)
{
	if (v->replay && HAS_FN(live_only, fn) && ui_replay_refuse(v))
		return UI_REDRAW;
	return fn(v);
}

bool
ui_keys_replay_time(int key)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (key_table[k].code == key)
			return HAS_FN(replay_time, key_table[k].fn);
	return false;
}

/* The footer in display order, F1..F9 as htop, the letters, F10 last.
 * rank: which hints a narrow footer keeps (1 first; the highest rank is
 * dropped first): 40 columns keep ranks 1-5, 80 keep 1-10. */
static const struct ui_keys_hint hint_table[] = {
    {"Help", FN(KEY_F(1)), 1},
    {"Setup", FN(KEY_F(2)), 5},
    {"Search", FN(KEY_F(3)), 6},
    {"Filter", FN(KEY_F(4)), 10},
    {"Tree", FN(KEY_F(5)), 8},
    {"Sort", FN(KEY_F(6)), 9},
    {"Nice-", FN(KEY_F(7)), 12},
    {"Nice+", FN(KEY_F(8)), 13},
    {"Kill", FN(KEY_F(9)), 4}, /* htop's label: the signal menu */
    {"Zombies", 'z', 3},
    {"Next-Z", 'Z', 7},
    {"User", 'u', 14},
    {"Threads", 'H', 15},
    {"Log", 'L', 11},
    {"Env", 'e', 16},
    {"Files", 'l', 17},
    {"Strace", 's', 18},
    {"Quit", FN(KEY_F(10)), 2},
};

const struct ui_keys_hint *
ui_keys_hints(size_t *n)
{
	*n = sizeof(hint_table) / sizeof(hint_table[0]);
	return hint_table;
}

const char *
ui_keys_name_of(int code)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (key_table[k].code == code && key_table[k].name)
			return key_table[k].name;
	return "?";
}

static const struct ui_key *
named(size_t i)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (key_table[k].name && i-- == 0)
			return &key_table[k];
	return NULL;
}

size_t
ui_keys_count(void)
{
	size_t n = 0;

	for (size_t k = 0; k < NKEYS; k++)
		n += key_table[k].name != NULL;
	return n;
}

const char *
ui_keys_name(size_t i)
{
	const struct ui_key *k = named(i);

	return k ? k->name : NULL;
}

const char *
ui_keys_desc(size_t i)
{
	const struct ui_key *k = named(i);

	return k ? k->desc : NULL;
}

int
ui_keys_print(FILE *f)
{
	for (size_t i = 0; i < ui_keys_count(); i++)
		fprintf(f, "%s\t%s\n", ui_keys_name(i), ui_keys_desc(i));
	return 0;
}

unsigned
ui_keys_dispatch(struct view *v, int key)
{
	unsigned r = ui_layer_key(v->screen->layers, v, key);

	if (r != UI_LAYER_PASS)
		return r;
	for (size_t k = 0; k < NKEYS; k++)
		if (key_table[k].code == key)
			return run(v, key_table[k].fn);
	return 0;
}
