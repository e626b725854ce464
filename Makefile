# Makefile — Exercise Buddy: install dependencies, build, run and test (GNU make, Debian 12)

CC	 = gcc
WARN	 = -Wall -Wextra -Werror -Wshadow -Wredundant-decls -Wmissing-prototypes \
	   -Wstrict-prototypes -Wformat=2 -Wvla
CFLAGS	?= -std=c17 -O2 -g $(WARN)
CPPFLAGS += -D_GNU_SOURCE -I/usr/include/postgresql
LDLIBS	 = -pthread -lfcgi -lpq -lsodium -lcrack -lm
SANFLAGS = -std=c17 -O1 -g $(WARN) -fno-omit-frame-pointer \
	   -fsanitize=address,undefined -fno-sanitize-recover=all

PORT	?= 8080
VAR	?= var

# Debian packages: to build and run, and in addition to test.
RUN_PKGS  = gcc make libc6-dev libfcgi-dev libpq-dev libsodium-dev \
	    nginx-light postgresql curl ca-certificates \
	    libcrack2-dev cracklib-runtime
TEST_PKGS = libcmocka-dev postgresql-15-pgtap perl tidy valgrind clang openssl \
	    libclang-rt-14-dev libxml2-utils cppcheck wrk chromium w3m lynx \
	    systemd pgbouncer
# Node.js and npm for the browser tests (tests/browser): Debian's, unless a
# node and npm are already there (a nodejs package of another origin that
# bundles npm conflicts with Debian's npm).
NODE_PKGS = nodejs npm
# The browser tests' npm packages (playwright-core, axe-core), as locked in
# tests/browser/package-lock.json; never a browser download: they drive
# Debian's /usr/bin/chromium.
BROWSER_DEPS = tests/browser/node_modules/.package-lock.json

SRC	 = $(wildcard cgi/*.c)
HDR	 = $(wildcard cgi/*.h)
OBJ	 = $(SRC:.c=.o)
LIBOBJ	 = $(filter-out cgi/main.o,$(OBJ))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT	 = $(UNIT_SRC:tests/unit/%.c=build/unit/%)
UNIT_ASAN = $(UNIT_SRC:tests/unit/%.c=build/asan/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ	 = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

.PHONY: all deps deps-run run stop install uninstall test test-pgbouncer test-faults soak bench bench-quick bench-rss unit \
	fuzz lint browser-deps check-asan check-valgrind clean
.DELETE_ON_ERROR:

all: cgi/exbuddy

cgi/exbuddy: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

cgi/%.o: cgi/%.c $(HDR)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

cgi/libexbuddy.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# Unit tests: plain (run under valgrind too) and with ASan/UBSan.
build/unit/%: tests/unit/%.c cgi/libexbuddy.a $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -iquote cgi -o $@ $< cgi/libexbuddy.a -lcmocka $(LDLIBS)

build/asan/%: tests/unit/%.c $(SRC) $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SANFLAGS) -iquote cgi -o $@ $< $(filter-out cgi/main.c,$(SRC)) \
		-lcmocka $(LDLIBS)

# The server itself with ASan/UBSan, for make check-asan; every arena
# allocation a malloc of its own (cgi/mem.c), so ASan sees each one.
build/asan/exbuddy: $(SRC) $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DARENA_MALLOC $(SANFLAGS) -o $@ $(SRC) $(LDLIBS)

# libFuzzer targets beside the parsers (clang).
build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(SRC) $(HDR)
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -iquote cgi -o $@ $< \
		$(filter-out cgi/main.c,$(SRC)) $(LDLIBS)

# Installs what is missing; `apt-get update` only when something is.
deps:
	@./deploy/deps $(RUN_PKGS) $(TEST_PKGS)
	@command -v node >/dev/null && command -v npm >/dev/null || ./deploy/deps $(NODE_PKGS)
deps-run: ; @./deploy/deps $(RUN_PKGS)

$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(BROWSER_DEPS)

run: deps-run
	@$(MAKE) --no-print-directory all
	@./deploy/stack start $(VAR) $(PORT)
	@echo "Exercise Buddy is running at http://127.0.0.1:$(PORT)/  (logs in $(VAR)/log, stop with: make stop)"

stop:
	@./deploy/stack stop $(VAR)

# A real server's install (DEPLOY.md): deploy/install says what goes
# where. PREFIX (/usr/local), DESTDIR, SYSCONFDIR (/etc), UNITDIR,
# PGCONFDIR and ACMEDIR (certbot's webroot) may be set.
PREFIX	?= /usr/local
SYSCONFDIR ?= /etc
INSTALL_VARS = DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" SYSCONFDIR="$(SYSCONFDIR)" \
	$(if $(UNITDIR),UNITDIR="$(UNITDIR)") $(if $(PGCONFDIR),PGCONFDIR="$(PGCONFDIR)") \
	$(if $(ACMEDIR),ACMEDIR="$(ACMEDIR)")

install: all
	@$(INSTALL_VARS) ./deploy/install

uninstall:
	@$(INSTALL_VARS) ./deploy/install --uninstall

unit: $(UNIT) $(UNIT_ASAN)

fuzz: $(FUZZ)
	@for f in $(FUZZ); do n=$${f##*/fuzz_}; mkdir -p build/corpus/$$n; \
		echo "fuzzing $$n for $${FUZZ_SECONDS:-60}s"; \
		$$f -max_total_time=$${FUZZ_SECONDS:-60} -print_final_stats=1 \
		build/corpus/$$n tests/fuzz/corpus/$$n 2>&1 | tail -n 3 || exit 1; done

# Static analysis: any finding fails. cppcheck's variableScope is the house
# style (declarations at the top of a block, as in style(9)).
LINT	 = $(SRC:cgi/%.c=build/lint/%.ok)

build/lint/%.ok: cgi/%.c $(HDR)
	@mkdir -p $(@D)
	@clang --analyze $(CPPFLAGS) -std=c17 -Xanalyzer -analyzer-werror \
		-o /dev/null $< && touch $@

lint: $(LINT)
	@cppcheck --std=c11 --enable=style,warning,portability,performance \
		--suppress=variableScope --suppress=missingIncludeSystem \
		--inline-suppr --error-exitcode=1 -q -D_GNU_SOURCE -I cgi $(SRC)
	@echo "lint: clang --analyze and cppcheck: no findings"

test: deps
	@$(MAKE) --no-print-directory all unit $(FUZZ) $(BROWSER_DEPS)
	@$(MAKE) --no-print-directory -j"$$(nproc)" lint
	@tests/run

# The end-to-end tests with PgBouncer in transaction pooling between
# exbuddy and PostgreSQL (deploy/stack's EXBUDDY_PGBOUNCER; SCALING.md).
test-pgbouncer: deps
	@$(MAKE) --no-print-directory all build/unit/test_history_sql
	@EXBUDDY_PGBOUNCER=$${EXBUDDY_PGBOUNCER:-transaction} \
		EXBUDDY_TESTS="$${EXBUDDY_TESTS:-^tests/e2e/}" tests/run

# The fault-injection tests (tests/faults/) in their full forms; make test
# runs the short ones: 10,000 workouts through worker SIGKILLs and 5
# PostgreSQL restarts, 60 s of load with wrk, a hung and a stopped database.
test-faults: deps
	@$(MAKE) --no-print-directory all
	@EXBUDDY_FAULTS=full EXBUDDY_TESTS='^tests/faults/' tests/run

# 10 minutes of load (EXBUDDY_SOAK_SECONDS): every worker's memory and open
# descriptors stay flat. Workers are not recycled meanwhile, so that a leak
# shows. Not in make test.
soak: deps
	@$(MAKE) --no-print-directory all
	@EXBUDDY_SOAK=1 EXBUDDY_MAX_REQUESTS=1000000000 \
		EXBUDDY_TESTS='^tests/faults/90_soak' tests/run

# The benchmark (bench/run; it reports, asserts nothing, and is not in make
# test): a stack of its own on a free port of 19100-19199, the data of
# bench/generate.sql, wrk through nginx on each page at 1, 8 and 32
# connections beside two ceilings, nginx serving a static file and pgbench
# running the page's SQL; one table into bench/results/. bench-quick: 200
# users × 500 workouts, 2 s a run, under 3 minutes; bench: 10,000 × 1,000
# (10 million workouts), 15 s a run; bench-rss: 1,000,000 requests at the
# dashboard, every worker's memory every 100,000. README, "Performance".
bench: deps
	@$(MAKE) --no-print-directory all
	@bench/run full

bench-quick: deps
	@$(MAKE) --no-print-directory all
	@bench/run quick

bench-rss: deps
	@$(MAKE) --no-print-directory all
	@bench/run rss

# The whole suite against build/asan/exbuddy. Workers end with _exit, so no
# leak check at exit. A report (asan.PID in the stack's log/check/) fails the run.
ASAN_SERVER = abort_on_error=1:detect_leaks=0:detect_stack_use_after_return=1:log_path=@VAR@/log/check/asan
check-asan: deps
	@$(MAKE) --no-print-directory all unit $(FUZZ) $(BROWSER_DEPS) build/asan/exbuddy
	@EXBUDDY_BINARY=$(CURDIR)/build/asan/exbuddy EXBUDDY_WRAPPER="env \
		ASAN_OPTIONS=$(ASAN_SERVER) \
		UBSAN_OPTIONS=print_stacktrace=1:log_path=@VAR@/log/check/asan" tests/run

# The end-to-end tests (a Perl pattern of their paths; all of them pass
# under valgrind in about 5 minutes) against cgi/exbuddy under valgrind. An
# error or a definite leak at a process's exit (log/check/valgrind.PID) fails.
VALGRIND_TESTS ?= ^tests/e2e/
check-valgrind: deps
	@$(MAKE) --no-print-directory all
	@EXBUDDY_TESTS='$(VALGRIND_TESTS)' EXBUDDY_WRAPPER="valgrind -q --vgdb=no \
		--error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
		--errors-for-leak-kinds=definite --log-file=@VAR@/log/check/valgrind.%p" \
		tests/run

clean:
	rm -rf cgi/*.o cgi/exbuddy cgi/libexbuddy.a build
