# dtr — build, test and run. `make run` and `make test` set up everything on
# a fresh Debian 12 machine.

BUILD_DIR ?= build
BUILD_TYPE ?= Release
BIN := $(BUILD_DIR)/bin

.PHONY: all deps configure build test run demo up bench fmt clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure

run: build
	tools/run-stack.sh

demo: build
	tools/run-stack.sh --demo

up: build
	tools/run-stack.sh --monitoring

bench: build
	bench/run-benchmarks.sh

fmt:
	clang-format -i --style=file $$(git ls-files '*.cc' '*.h' '*.proto')

clean:
	rm -rf $(BUILD_DIR) out
