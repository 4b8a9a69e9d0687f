# SPDX-License-Identifier: GPL-2.0-or-later
# zombietop: plain make, no autotools. `make run` and `make check` first make
# sure the Debian packages are present (see the deps targets); only make
# itself must be there before.

# The version: `git describe` in a git checkout (tags vMAJOR.MINOR.PATCH;
# before the first tag, the last release and the commit), else the
# .version file that make dist puts in the tarball.
BASE_VERSION = 0.1.0
ifneq ($(wildcard .git),)
VERSION := $(shell v=$$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null) && \
	echo "$$v" | sed "s/^v//" || { h=$$(git describe --always --dirty 2>/dev/null) && \
	echo "$(BASE_VERSION)-g$$h" || echo "$(BASE_VERSION)"; })
else ifneq ($(wildcard .version),)
VERSION := $(shell cat .version)
else
VERSION := $(BASE_VERSION)-unknown
endif
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
# CPPFLAGS, CFLAGS, LDFLAGS and LDLIBS are the user's (distributions pass
# hardening flags there); ours come first so theirs win.
ALL_CFLAGS = $(ZT_CPPFLAGS) $(CPPFLAGS) $(WARN) $(SANFLAGS) $(CFLAGS)

# Recursive (=) so pkg-config runs only when a recipe needs it: after deps.
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags libproc2 jansson inih libzstd)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs libproc2 jansson inih libzstd) -pthread
UI_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw)
UI_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

# Debian packages, each with the probe tools/deps.sh uses where dpkg
# does not know it. make run: what building and running needs.
RUN_DEPS = gcc=cmd:$(firstword $(CC)) libc6-dev=file:/usr/include/stdio.h \
	pkg-config=cmd:$(PKG_CONFIG) libncurses-dev=pc:ncursesw \
	libproc2-dev=pc:libproc2 libjansson-dev=pc:jansson \
	libinih-dev=pc:inih libzstd-dev=pc:libzstd
# make check adds what the tests use: a test skips only for what the
# machine cannot do, never for a package missing here.
CHECK_DEPS = $(RUN_DEPS) libcmocka-dev=pc:cmocka tmux=cmd:tmux jq=cmd:jq \
	procps=cmd:ps strace=cmd:strace curl=cmd:curl groff-base=cmd:groff \
	valgrind=cmd:valgrind \
	prometheus-node-exporter=cmd:prometheus-node-exporter
LINT_DEPS = cppcheck=cmd:cppcheck clang-tidy=cmd:clang-tidy
BENCH_DEPS = htop=cmd:htop psmisc=cmd:pstree tmux=cmd:tmux procps=cmd:top \
	strace=cmd:strace \
	atop=cmd:atop
FUZZ_DEPS = clang=cmd:clang

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

.PHONY: all run check test unit deps check-deps lint-deps bench-deps \
	fuzz-deps install uninstall clean format format-check asan tsan lint \
	bench fuzz screenshots stress dist distcheck freshcheck version

all: zombietop

zombietop: $(BIN)
	cp $(BIN) $@

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(UI_CFLAGS) $(UI_INC) -c -o $@ $<

# The version is compiled into main.o only: it is rebuilt when the
# version changes (a commit, a tag), nothing else is.
$(BUILD)/ui/main.o: $(BUILD)/version
$(BUILD)/version: FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(VERSION)" ] || echo "$(VERSION)" >$@
FORCE:

version:
	@echo $(VERSION)

$(LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The layering rule is part of the build: only ui/tui/ sees curses
# (tests/integration/layout.sh says which file broke it).
LAYOUT_FILES = $(wildcard src/*.[ch] src/*/*.[ch] ui/*.[ch] ui/*/*.[ch])
$(BUILD)/layout.ok: $(LAYOUT_FILES) tests/integration/layout.sh
	@mkdir -p $(@D)
	@bash tests/integration/layout.sh >$@.log 2>&1 || \
		{ grep -v '^ok' $@.log >&2; exit 1; }
	@touch $@

$(BIN): $(UI_OBJ) $(LIB) $(BUILD)/layout.ok
	$(CC) $(SANFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(UI_OBJ) $(LIB) \
		$(CORE_LIBS) $(UI_LIBS) $(LDLIBS)

# Unit tests link the core library only: a curses call there is a link error.
$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(LIB) $(CORE_LIBS) $(TEST_LIBS) $(LDLIBS)

# Helpers are the situations the tests look at (thread counts, seccomp,
# vfork): never with ThreadSanitizer, whose runtime adds a thread.
# The helpers are fixtures, built without sanitizers: a sanitizer's
# runtime changes the calls a fixture makes (TSan adds a thread, ASan's
# leak check at exit calls wait4 and ptrace), and the sanitizers are there
# for zombietop itself.
$(BUILD)/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(ZT_CPPFLAGS) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		-lpthread $(LDLIBS)

# The corpus replayed by make check with the normal compiler. The driver
# is an object of its own so that each file gets its own .d.
$(BUILD)/fuzz/standalone.o: tests/fuzz/standalone.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c $(BUILD)/fuzz/standalone.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/fuzz/standalone.o $(LIB) $(CORE_LIBS) $(LDLIBS)

# libFuzzer runs (clang), FUZZ_SECONDS each, seeded by the committed
# corpus; new inputs and crashes land in $(BUILD)/fuzz/ to be merged by hand.
# fuzz_rec reads whole recordings and writes them with the --once writers:
# it is built with the whole core.
fuzz: fuzz-deps
	@mkdir -p $(BUILD)/fuzz
	@for n in $(FUZZ_NAMES); do \
		srcs="src/proc/kparse.c src/proc/pevents.c src/out/escape.c src/proc/meters.c src/proc/pinspect.c src/proc/procfs.c"; \
		libs=; \
		if [ $$n = rec ]; then srcs="$(CORE_SRC)"; libs="$(CORE_LIBS)"; fi; \
		clang -std=c11 -D_GNU_SOURCE -DZT_VERSION='"fuzz"' -g -O1 \
		    $(CORE_INC) $(CORE_CFLAGS) \
		    -fsanitize=fuzzer,address,undefined \
		    -o $(BUILD)/fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c \
		    $$srcs $$libs || exit 1; \
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
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# A long recording made at once, and the time to open it and seek to its
# end (make bench).
$(BUILD)/bench/recgen: tests/bench/recgen.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(CORE_LIBS) \
		$(LDLIBS)

# libproc2 alone, through the adapter.
$(BUILD)/bench/lp2floor: tests/bench/lp2floor.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(CORE_LIBS) \
		$(LDLIBS)

# Each installs only what is missing (as root), or prints the apt-get
# line to run and stops: see tools/deps.sh.
deps:
	@tools/deps.sh run $(RUN_DEPS)
check-deps:
	@tools/deps.sh check $(CHECK_DEPS)
lint-deps:
	@tools/deps.sh lint $(LINT_DEPS)
# What make bench compares against (htop, pstree, top) and drives them
# with (tmux).
bench-deps:
	@tools/deps.sh bench $(BENCH_DEPS)
fuzz-deps:
	@tools/deps.sh fuzz $(FUZZ_DEPS)

run: deps
	@$(MAKE) --no-print-directory all
	./zombietop

check: check-deps
	@$(MAKE) --no-print-directory test

test: $(BIN) $(UNIT_BIN) $(HELPER_BIN) $(REPLAY_BIN)
	BUILD=$(BUILD) $(BUILD)/helpers/subreaper tests/run.sh

# The unit tests and the fuzz corpus only (no scripts): make distcheck.
unit: $(UNIT_BIN) $(REPLAY_BIN) $(HELPER_BIN)
	BUILD=$(BUILD) $(BUILD)/helpers/subreaper tests/run.sh --unit

# The sizes make check leaves out: churn for STRESS_SECONDS (default 60)
# instead of 6 s, and the view of a 2,000-deep chain and a 10,000-wide fan
# (ZT_DEEP=10000 for the full chain).
STRESS_SECONDS ?= 60
ZT_DEEP ?= 2000
ZT_WIDE ?= 10000
stress: check-deps
	@$(MAKE) --no-print-directory $(BIN) $(HELPER_BIN)
	STRESS_SECONDS=$(STRESS_SECONDS) ZT_DEEP=$(ZT_DEEP) ZT_WIDE=$(ZT_WIDE) \
		ZT_TESTS="churn robust" ZT_UNIT=0 ZT_TIMEOUT=1800 \
		BUILD=$(BUILD) $(BUILD)/helpers/subreaper tests/run.sh

# Side-by-side ratios against the floor, ps, pstree, top and htop, the
# recorder against htop and atop (tests/bench/bench_rec.sh), and the
# process table's memory; BENCH_SCALE=50000 for the large case,
# BENCH_ONLY=table for the table's memory alone. See tests/bench/bench.sh.
bench: deps bench-deps
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_BIN) \
		$(BUILD)/helpers/subreaper
	$(BUILD)/helpers/subreaper tests/bench/bench.sh

# The whole suite again with AddressSanitizer and UBSan, in its own build dir.
ASAN_CFLAGS ?= -O1 -g
asan: check-deps
	@$(MAKE) --no-print-directory test BUILD=build-asan CFLAGS="$(ASAN_CFLAGS)" \
		SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all"

# ThreadSanitizer (the scanner is a thread of its own): the unit tests and
# the view's scripts (record_key: the scanner thread writes the w key's
# recording; filter_race: z and u while it scans), in build-tsan. Outside
# make check. Four unit tests
# are left out: test_zombie_live, test_renice and test_snap_threads count
# the threads of a process of theirs (TSan's runtime adds one), and
# test_ptreap's forked child that must
# become a zombie did not within 20 s under TSan (not a race report).
TSAN_CFLAGS ?= -O1 -g
TSAN_TESTS ?= view keys search signals record_key filter_race
tsan: check-deps
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 $$TSAN_OPTIONS" \
		$(MAKE) --no-print-directory test BUILD=build-tsan \
		CFLAGS="$(TSAN_CFLAGS)" SANFLAGS="-fsanitize=thread" \
		ZT_VALGRIND=0 ZT_TESTS="$(TSAN_TESTS)" \
		ZT_UNIT_SKIP="test_zombie_live test_ptreap test_renice test_snap_threads" \
		ZT_UNIT_SKIP_WHY="not under ThreadSanitizer (see make tsan)"

# Static analysis, outside make check so that a newer cppcheck or
# clang-tidy cannot break it. Exceptions: cert-err33-c (unchecked
# fprintf/snprintf results) is off because output errors are caught once by
# fflush/ferror at the end of each writer;
# bugprone-easily-swappable-parameters is a style opinion, not a bug.
TIDY_CHECKS = -*,bugprone-*,cert-*,-cert-err33-c,-bugprone-easily-swappable-parameters
lint: deps lint-deps
	cppcheck --quiet --error-exitcode=1 \
		--enable=warning,portability,performance --std=c11 \
		-D_GNU_SOURCE $(CORE_INC) $(UI_INC) $(CORE_SRC) $(UI_SRC)
	@mkdir -p $(BUILD)
	clang-tidy --quiet --checks='$(TIDY_CHECKS)' --warnings-as-errors='*' \
		$(CORE_SRC) $(UI_SRC) -- -std=c11 -D_GNU_SOURCE \
		-DZT_VERSION='"lint"' $(CORE_INC) $(UI_INC) $(CORE_CFLAGS) $(UI_CFLAGS) \
		>$(BUILD)/clang-tidy.log 2>&1 || \
		{ grep -E -A3 'warning:|error:' $(BUILD)/clang-tidy.log; exit 1; }
	@echo "lint: cppcheck and clang-tidy clean"

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

# zombietop-VERSION.tar.gz: the files git tracks (as they are in the
# working tree) and .version, so that a build from it knows its version.
DIST = zombietop-$(VERSION)
dist:
	@[ -e .git ] || { echo "make dist needs a git checkout" >&2; exit 1; }
	rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist/$(DIST)
	git ls-files -z | xargs -0 cp --parents -t $(BUILD)/dist/$(DIST)
	echo "$(VERSION)" >$(BUILD)/dist/$(DIST)/.version
	tar -C $(BUILD)/dist --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime=@$$(git log -1 --format=%ct) -czf $(DIST).tar.gz $(DIST)
	rm -rf $(BUILD)/dist
	@echo "dist: $(DIST).tar.gz"

# The tarball unpacked outside any checkout: it builds, knows its version,
# passes its unit tests and installs.
distcheck: dist check-deps
	@set -e; d=$$(mktemp -d /tmp/zt-distcheck.XXXXXX); \
	trap 'rm -rf "$$d"' EXIT; \
	tar -C "$$d" -xzf $(DIST).tar.gz; cd "$$d/$(DIST)"; \
	$(MAKE) --no-print-directory all unit ZT_VALGRIND=0; \
	v=$$(./zombietop --version); \
	[ "$$v" = "zombietop $(VERSION)" ] || \
		{ echo "distcheck: --version says '$$v'" >&2; exit 1; }; \
	$(MAKE) --no-print-directory install DESTDIR="$$d/inst" PREFIX=/usr; \
	[ -x "$$d/inst/usr/bin/zombietop" ]; \
	[ -f "$$d/inst/usr/share/man/man1/zombietop.1" ]; \
	$(MAKE) --no-print-directory clean; [ ! -e build ] && [ ! -e zombietop ]; \
	echo "distcheck: $(DIST).tar.gz builds, passes its unit tests, installs"

# make check inside a fresh Debian 12 minbase root that has only make
# (root, debootstrap, minutes): tests/fresh/fresh.sh.
freshcheck:
	BUILD=$(BUILD) tests/fresh/fresh.sh

clean:
	rm -rf $(BUILD) build build-* zombietop zombietop-*.tar.gz

# Every generated dependency file: objects, unit tests, helpers, the fuzz
# replays and benchmarks (a header change rebuilds what includes it).
-include $(CORE_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(UNIT_BIN:=.d) \
	$(HELPER_BIN:=.d) $(REPLAY_BIN:=.d) $(BUILD)/fuzz/standalone.d \
	$(BENCH_BIN:=.d)
