# tongban - build, run and test.
#
#   make run        install what is missing, build, seed the demo city, serve
#   make test       the whole suite (unit, store, API on both stores, browser)
#   make test-asan  the same suite under AddressSanitizer + UBSan
#   make bench      the benchmarks in bench/ (not part of make test)
#   make fuzz       the libFuzzer targets in fuzz/, $(FUZZ_SECONDS) each (clang)
#
# Objects go to $(BUILD) (build/ or build-asan/), so both builds live side
# by side.  Sources are found by wildcard: a new module needs no edit here.

BUILD	?= build
PKGS	 = libmicrohttpd jansson sqlite3 libpq libsodium libqrencode
CC	?= cc
CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wno-unused-parameter -Werror=format-security
HARDEN	 = -fstack-protector-strong -fPIE
ifeq ($(findstring -fsanitize,$(CFLAGS)),)
HARDEN	+= -D_FORTIFY_SOURCE=2
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) \
	   $(shell pkg-config --cflags $(PKGS)) -Isrc -MMD -MP
# libharu (PDF guides) ships no pkg-config file in Debian 12: named here.
LDLIBS	 = $(shell pkg-config --libs $(PKGS)) -lhpdf -lm -lpthread
# Our allocations pass through src/alloc.c (failures noticed, and made
# on purpose by the fault tests): ld redirects our calls to __wrap_*.
WRAP	 = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup \
	   -Wl,--wrap=strndup,--wrap=asprintf,--wrap=vasprintf \
	   -Wl,--wrap=__asprintf_chk,--wrap=__vasprintf_chk
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(WRAP) $(LDFLAGS)

LIB_SRC	 = $(filter-out src/main.c,$(wildcard src/*.c src/store/*.c))
LIB_OBJ	 = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)

# make fuzz: the library built with clang for libFuzzer, ASan and UBSan
# into build-fuzz/, one binary per fuzz/*.c, each run by fuzz/run.
FUZZ_SECONDS ?= 30
FUZZ_CC	?= clang-14
FUZZ_SRC = $(wildcard fuzz/*.c)
FUZZ_BIN = $(FUZZ_SRC:%.c=$(BUILD)/%)
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
# The project's warnings, -Werror included, hold for clang 14 as they are.

DB	?= sqlite:tongban.db
LISTEN	?= 127.0.0.1:8080

.PHONY: all run test test-asan bench fuzz fuzz-build deps clean
all: $(BUILD)/tongban $(BUILD)/unit_tests

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tongban: $(BUILD)/src/main.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/unit_tests: $(UNIT_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@scripts/deps

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo $(BUILD)/tongban '$(DB)' '$(LISTEN)'

test: deps
	@$(MAKE) --no-print-directory all
	@tests/run $(BUILD)

test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    tests/run build-asan

bench: deps all
	@bench/run

fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
	    CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)' \
	    LDFLAGS='-fsanitize=fuzzer $(FUZZ_SAN)' fuzz-build
	@fuzz/run build-fuzz $(FUZZ_SECONDS)

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BIN): $(BUILD)/fuzz/%: $(BUILD)/fuzz/%.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(BUILD)/src/main.d \
	$(FUZZ_SRC:%.c=$(BUILD)/%.d)
