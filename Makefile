# zombietop: plain make, no autotools. `make run` and `make check` first make
# sure the Debian packages are present (see the deps target).

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
BUILD ?= build

WARN = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wwrite-strings
ZT_CPPFLAGS = -std=c11 -D_GNU_SOURCE -DZT_VERSION='"$(VERSION)"' $(CORE_INC) \
	      -MMD -MP
ALL_CFLAGS = $(ZT_CPPFLAGS) $(WARN) $(SANFLAGS) $(CFLAGS)

# Recursive (=) so pkg-config runs only when a recipe needs it: after deps.
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags libproc2 jansson)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs libproc2 jansson) -pthread
UI_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw)
UI_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

DEB_PKGS = libncurses-dev libproc2-dev libjansson-dev libcmocka-dev \
	   pkg-config tmux jq prometheus-node-exporter
PC_MODULES = ncursesw libproc2 jansson cmocka

# The core's folders name the steps of the data flow (HACKING.md); each is
# on the include path, so a header is included by its name alone.
CORE_SRC = $(sort $(wildcard src/*.c src/*/*.c))
UI_SRC = $(sort $(wildcard ui/*.c ui/*/*.c))
CORE_INC = $(patsubst %/,-I%,$(sort $(dir $(wildcard src/*/*.h src/*.h))))
UI_INC = $(patsubst %/,-I%,$(sort $(dir $(wildcard ui/*.h ui/*/*.h))))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
HELPER_SRC = $(sort $(wildcard tests/helpers/*.c))
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ = $(UI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_BIN = $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/helpers/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
REPLAY_BIN = $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
BENCH_SRC = $(sort $(wildcard tests/bench/*.c))
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
LIB = $(BUILD)/libzombietop.a
BIN = $(BUILD)/zombietop
FMT_FILES = $(wildcard src/*.[ch] src/*/*.[ch] ui/*.[ch] ui/*/*.[ch] \
	tests/*/*.[ch])

.PHONY: all run check test deps install uninstall clean format format-check \
	asan bench bench-deps fuzz screenshots stress

all: zombietop

zombietop: $(BIN)
	cp $(BIN) $@

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(UI_CFLAGS) $(UI_INC) -c -o $@ $<

$(LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(UI_OBJ) $(LIB)
	$(CC) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(UI_OBJ) $(LIB) \
		$(CORE_LIBS) $(UI_LIBS)

# Unit tests link the core library only: a curses call there is a link error.
$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(LIB) $(CORE_LIBS) $(TEST_LIBS)

$(BUILD)/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -lpthread

# The corpus replayed by make check with the normal compiler.
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< \
		tests/fuzz/standalone.c $(LIB) $(CORE_LIBS)

# libFuzzer runs (clang), FUZZ_SECONDS each, seeded by the committed
# corpus; new inputs and crashes land in $(BUILD)/fuzz/ to be merged by hand.
fuzz:
	@mkdir -p $(BUILD)/fuzz
	@for n in $(FUZZ_NAMES); do \
		clang -std=c11 -D_GNU_SOURCE -g -O1 $(CORE_INC) \
		    -fsanitize=fuzzer,address,undefined \
		    -o $(BUILD)/fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c \
		    src/proc/kparse.c src/out/escape.c || exit 1; \
		echo "fuzz_$$n: $(FUZZ_SECONDS) s"; \
		mkdir -p $(BUILD)/fuzz/new_$$n; \
		$(BUILD)/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
		    -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/ \
		    $(BUILD)/fuzz/new_$$n tests/fuzz/corpus/$$n 2>&1 | \
		    grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' \
		    || exit 1; \
	done

$(BUILD)/bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

# libproc2 alone, through the adapter.
$(BUILD)/bench/lp2floor: tests/bench/lp2floor.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(CORE_LIBS)

# Shell, after a check that set $$missing: installs the packages $(1) as
# root with apt-get (package lists first: a fresh machine has none), else
# says what needs them, $(2), with the line to run, and stops.
install_or_ask = [ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "$@: installing $(1)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq $(1) >/dev/null || exit 1; \
	else \
		echo "$(2). Run:" >&2; \
		echo "  sudo apt-get install $(1)" >&2; \
		exit 1; \
	fi

deps:
	@missing=""; \
	for m in $(PC_MODULES); do \
		$(PKG_CONFIG) --exists $$m 2>/dev/null || missing=yes; \
	done; \
	for c in tmux jq prometheus-node-exporter; do \
		command -v $$c >/dev/null || missing=yes; \
	done; \
	$(call install_or_ask,$(DEB_PKGS),zombietop needs some packages)

# What make bench compares against: htop, and pstree (psmisc).
BENCH_PKGS = htop psmisc
bench-deps:
	@missing=""; \
	for c in htop pstree; do command -v $$c >/dev/null || missing=yes; done; \
	$(call install_or_ask,$(BENCH_PKGS),make bench compares with htop and pstree)

run: deps
	@$(MAKE) --no-print-directory all
	./zombietop

check: deps
	@$(MAKE) --no-print-directory test

test: $(BIN) $(UNIT_BIN) $(HELPER_BIN) $(REPLAY_BIN)
	BUILD=$(BUILD) $(BUILD)/helpers/subreaper tests/run.sh

# The churn test for STRESS_SECONDS (default 60) instead of check's 6 s.
STRESS_SECONDS ?= 60
stress: $(BIN) $(UNIT_BIN) $(HELPER_BIN)
	STRESS_SECONDS=$(STRESS_SECONDS) ZT_TESTS="churn" ZT_VALGRIND=0 \
		BUILD=$(BUILD) $(BUILD)/helpers/subreaper tests/run.sh

# Side-by-side ratios against the floor, ps, pstree, top and htop;
# BENCH_SCALE=50000 for the large case. See tests/bench/bench.sh.
bench: deps bench-deps
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_BIN) \
		$(BUILD)/helpers/subreaper
	$(BUILD)/helpers/subreaper tests/bench/bench.sh

# The whole suite again with AddressSanitizer and UBSan, in its own build dir.
ASAN_CFLAGS ?= -O1 -g
asan: deps
	@$(MAKE) --no-print-directory test BUILD=build-asan CFLAGS="$(ASAN_CFLAGS)" \
		SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all"

# Regenerates screenshots/ (PNG and plain text) from the real program on
# the classroom lab in tmux; installs aha and chromium when missing (root).
screenshots: deps
	@$(MAKE) --no-print-directory $(BIN)
	ZT=$(BIN) screenshots/shoot.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 zombietop $(DESTDIR)$(BINDIR)/zombietop
	install -m 644 man/zombietop.1 $(DESTDIR)$(MANDIR)/man1/zombietop.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zombietop $(DESTDIR)$(MANDIR)/man1/zombietop.1

format:
	clang-format -i $(FMT_FILES)

format-check:
	clang-format --dry-run --Werror $(FMT_FILES)

clean:
	rm -rf build build-* zombietop

-include $(CORE_OBJ:.o=.d) $(UI_OBJ:.o=.d)
