# The README's two commands, and a few more. Everything real lives in CMake
# (CMakePresets.json); this file only strings the steps together.
#
#   make run    install missing packages, build Release, run the seed study, the tasks and the comparisons into reports/
#   make test   install missing packages, build Release, run every test
#   make fuzz   build a libFuzzer target (FUZZ_TARGET=scenario|runs|compare) with clang, run it FUZZ_SECONDS
#   make bench-check   throughput benchmarks + seed study, compared with reports/baselines/ (docs/benchmarks.md)
#   make baseline      refresh reports/baselines/ on this machine
#   make throughput    the throughput report (reports/throughput/); then make side-by-side
#   make side-by-side  lrbench and PyTorch side by side, and the README's speed figures (needs python3-torch)

PRESET  ?= release
BUILD   := build/$(PRESET)
LRBENCH := $(BUILD)/bin/lrbench
JOBS    ?= $(shell nproc)

.PHONY: run test test-asan deps configure build clean fuzz

run: build
	$(LRBENCH) run scenarios/seed/*.yaml --out reports/seed
	$(LRBENCH) run scenarios/tasks/*.yaml --out reports/tasks
	$(LRBENCH) run scenarios/compare/*.yaml --out reports/compare
	$(LRBENCH) report reports
	@echo
	@echo "Reports: reports/README.md"

test: build
	ctest --preset $(PRESET)

test-asan:
	$(MAKE) test PRESET=asan

deps:
	@scripts/install-deps.sh

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake --preset $(PRESET)

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

clean:
	rm -rf build

# libFuzzer targets (tests/fuzz/), with AddressSanitizer and
# UndefinedBehaviorSanitizer, in their own clang build folder:
#   FUZZ_TARGET=scenario  the scenario loader (the default)
#   FUZZ_TARGET=runs      the runs.jsonl reader and the report built from it
#   FUZZ_TARGET=compare   compare's JSON inputs (Google Benchmark, summary.json)
# New inputs go to build/fuzz/corpus-<target>; the committed seeds are listed
# below. Crashes are written as build/fuzz/crash-*. Skipped without clang.
FUZZ_SECONDS ?= 60
FUZZ_TARGET  ?= scenario
FUZZ_RSS_MB  ?= 2048
FUZZ_BUILD   := build/fuzz
FUZZ_FLAGS   := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_SEEDS_scenario := $(CURDIR)/tests/fuzz/corpus $(CURDIR)/scenarios/seed $(CURDIR)/tests/data/scenarios \
  $(CURDIR)/tests/data/bad-scenarios
FUZZ_DICT_scenario  := $(CURDIR)/tests/fuzz/scenario.dict
FUZZ_SEEDS_runs     := $(CURDIR)/tests/fuzz/corpus-runs
FUZZ_DICT_runs      := $(CURDIR)/tests/fuzz/json.dict
FUZZ_SEEDS_compare  := $(CURDIR)/tests/fuzz/corpus-compare $(CURDIR)/tests/data/compare
FUZZ_DICT_compare   := $(CURDIR)/tests/fuzz/json.dict

fuzz:
	@if ! command -v clang++ >/dev/null 2>&1; then \
	  echo "make fuzz: clang++ not found; skipping (install clang and libclang-rt-dev for libFuzzer)"; \
	else \
	  set -e; \
	  test -f $(FUZZ_BUILD)/CMakeCache.txt || CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLRBENCH_FUZZ=ON -DCMAKE_CXX_FLAGS="$(FUZZ_FLAGS)"; \
	  cmake --build $(FUZZ_BUILD) --target $(FUZZ_TARGET)_fuzzer -j $(JOBS); \
	  mkdir -p $(FUZZ_BUILD)/corpus-$(FUZZ_TARGET); \
	  cd $(FUZZ_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    bin/$(FUZZ_TARGET)_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 -rss_limit_mb=$(FUZZ_RSS_MB) \
	    -dict=$(FUZZ_DICT_$(FUZZ_TARGET)) corpus-$(FUZZ_TARGET) $(FUZZ_SEEDS_$(FUZZ_TARGET)); \
	fi

# Throughput and convergence gating (docs/benchmarks.md). BENCH_FILTER picks a
# fast subset (about a minute at 9 repetitions); BENCH_FILTER=. runs them all.
# 9 repetitions: the Mann-Whitney test needs at least 5 per side at alpha 0.01.
BENCH_FILTER ?= ^(optimizer/(sgd|adam)/(1000|100000)|boundary/adam/.*/1000|schedule/(constant|cosine|one_cycle)|model/(study|large|fmnist)/(forward|train)|run/seed-study)$$
BENCH_REPS   ?= 9
BENCH_ARGS   = --benchmark_filter='$(BENCH_FILTER)' --benchmark_repetitions=$(BENCH_REPS) \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=0.1
BASELINES    := reports/baselines

.PHONY: baseline bench-check

baseline: build
	$(LRBENCH) bench $(BENCH_ARGS) --benchmark_out=$(BASELINES)/throughput.json \
	  --benchmark_out_format=json --markdown $(BASELINES)/throughput.md
	rm -rf $(BASELINES)/seed
	$(LRBENCH) -q run scenarios/seed/*.yaml --out $(BASELINES)/seed

bench-check: build
	rm -rf build/bench-check && mkdir -p build/bench-check
	$(LRBENCH) bench $(BENCH_ARGS) --benchmark_out=build/bench-check/throughput.json \
	  --benchmark_out_format=json --markdown build/bench-check/throughput.md
	$(LRBENCH) -q run scenarios/seed/*.yaml --out build/bench-check/seed
	# Exit with the most serious outcome: 1 a regression, 2 unusable input,
	# 3 not enough repetitions to decide, 0 no regression.
	s1=0; $(LRBENCH) compare $(BASELINES)/throughput.json build/bench-check/throughput.json \
	  --markdown build/bench-check/compare-throughput.md || s1=$$?; \
	s2=0; $(LRBENCH) compare $(BASELINES)/seed build/bench-check/seed \
	  --markdown build/bench-check/compare-seed.md || s2=$$?; \
	for s in 1 2 3; do if [ $$s1 = $$s ] || [ $$s2 = $$s ]; then exit $$s; fi; done; exit 0

# The committed throughput report: every benchmark, 3 repetitions (about ten
# minutes), rendered with the side-by-side comparison when
# reports/throughput/side-by-side.json exists. Then `make side-by-side`
# measures PyTorch and lrbench side by side and rewrites the report and the
# README's speed figures from both files (tests/bench checks that they agree).
THROUGHPUT := reports/throughput

.PHONY: throughput side-by-side

throughput: build
	$(LRBENCH) bench --benchmark_repetitions=3 --benchmark_enable_random_interleaving=true \
	  --benchmark_out=$(THROUGHPUT)/results.json --benchmark_out_format=json --markdown $(THROUGHPUT)/README.md

# PyTorch 1.13 (Debian's python3-torch, one thread) and lrbench in the same
# run: writes reports/throughput/side-by-side.json, then re-renders the
# throughput report and the README's figures from it.
side-by-side: build
	@LRBENCH_PYTORCH_DEPS=1 scripts/install-deps.sh
	/usr/bin/python3 scripts/bench/side_by_side.py --lrbench $(LRBENCH) --out $(THROUGHPUT)/side-by-side.json
	$(LRBENCH) bench --markdown-from $(THROUGHPUT)/results.json --markdown $(THROUGHPUT)/README.md
	$(LRBENCH) bench --markdown-from $(THROUGHPUT)/results.json --readme README.md
