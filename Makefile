# Front door. `make run` and `make test` are the two commands a new machine needs.
BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)

.PHONY: all deps build run shell test unit sqltest difftest bench soak clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The PostgreSQL wire-protocol server on ./upsertdb-data, port 5432:
#   psql -h 127.0.0.1 -U postgres
run: build
	@$(BUILD_DIR)/upsertdb serve --data ./upsertdb-data

# The interactive shell on an in-memory database.
shell: build
	@$(BUILD_DIR)/upsertdb shell

test: build
	@bash scripts/run-tests.sh $(BUILD_DIR)

# Issue 7's suite against SQLite and PostgreSQL 15 (about 40 minutes; `make bench
# BENCH_MODE=quick` runs everything briefly). Results in bench/results/latest.md.
BENCH_MODE ?= full
bench: build
	@bash scripts/install-deps.sh bench
	@bash bench/run.sh $(BUILD_DIR) $(BENCH_MODE)

# Long crash-recovery soak: 50 kill -9 / restart cycles under load (not in `make test`).
soak: build
	@/usr/bin/python3 tests/crash/crash_test.py $(BUILD_DIR) 50

clean:
	rm -rf build
