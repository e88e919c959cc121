# dtr — build, test and run. `make run` and `make test` set up everything on
# a fresh Debian 12 machine.

BUILD_DIR ?= build
BUILD_TYPE ?= Release
BIN := $(BUILD_DIR)/bin

.PHONY: all deps configure build test test-sanitize thread-safety fuzz run demo up bench soak fmt clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR)

# Two at a time: most tests wait on the processes they start.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

# Every test again, on binaries built with ASan and UBSan (build-sanitize/).
SANITIZE_DIR ?= build-sanitize
test-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DDTR_SANITIZE=ON
	cmake --build $(SANITIZE_DIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j2

# Everything built with clang, whose -Wthread-safety checks the locking
# annotations; any finding is an error (build-clang/).
CLANG_DIR ?= build-clang
thread-safety: deps
	cmake -S . -B $(CLANG_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_COMPILER=clang++
	cmake --build $(CLANG_DIR)

# The libFuzzer targets (clang, build-fuzz/), each run for a short while on
# its seed corpus.
FUZZ_DIR ?= build-fuzz
fuzz: deps
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DDTR_FUZZ=ON
	cmake --build $(FUZZ_DIR)
	tests/fuzz/run-fuzzers.sh $(FUZZ_DIR)

run: build
	tools/run-stack.sh

demo: build
	tools/run-stack.sh --demo

up: build
	tools/run-stack.sh --monitoring

bench: build
	bench/run-benchmarks.sh

# Faults under load for DTR_SOAK_MINUTES (10) on SQLite and PostgreSQL, and
# the crash trials DTR_CRASH_TRIALS (25) times per service.
soak: build
	tests/soak/run-soak.sh $(BUILD_DIR)

fmt:
	clang-format -i --style=file $$(git ls-files '*.cc' '*.h' '*.proto')

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(CLANG_DIR) $(FUZZ_DIR) out
