# The README's two commands, and a few more. Everything real lives in CMake
# (CMakePresets.json); this file only strings the steps together.
#
#   make run    install missing packages, build Release, run the seed study into reports/
#   make test   install missing packages, build Release, run every test

PRESET  ?= release
BUILD   := build/$(PRESET)
LRBENCH := $(BUILD)/bin/lrbench
JOBS    ?= $(shell nproc)

.PHONY: run test test-asan deps configure build clean

run: build
	$(LRBENCH) run scenarios/seed/*.yaml --out reports/seed
	@echo
	@echo "Report: reports/seed/README.md"

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
