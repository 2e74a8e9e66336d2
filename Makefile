# tradeshock — top-level entry points. `make run` and `make test` install missing
# Debian packages first (scripts/setup.sh), then build with CMake into build/.
BUILD ?= build
JOBS  ?= 2
CMAKE_FLAGS ?=

.PHONY: all setup build run test asan fuzz bench clean

all: build

setup:
	@sh scripts/setup.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: setup $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

# The main job: the bundled default scenario (China's 2025 rare-earth curbs) on WIOD 2011,
# with report.html (charts, headline numbers, scenario and sources) in the results folder.
run: build
	./$(BUILD)/tradeshock run scenarios/rare-earths-2025.yaml -o results/rare-earths-2025 --report

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/.
asan: setup
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTS_SANITIZE=ON -DTS_WITH_MPI=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

# libFuzzer harnesses (fuzz/README.md) in build-fuzz/, each run FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
fuzz: setup
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	      -DTS_FUZZ=ON -DTS_WITH_OPENMP=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzzers
	sh fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	sh bench/run.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz
