# The two set-up commands of the README are `make demo` and `make test`; both install what is missing first.
.PHONY: deps build test demo bench bench-streams bench-digits flood kill-test format lint

deps:
	@scripts/install-deps

build: deps
	swift build -c release

# Warnings are errors here, as in `make lint` (the same build: `make lint test` compiles once).
# FILTER=… runs the matching tests only (e.g. `make test FILTER=SensitivityMeaningTests/table`).
test: deps
	swift test -Xswiftc -warnings-as-errors $(if $(FILTER),--filter $(FILTER))

demo: deps
	scripts/demo

# The anchors (river, Vowpal Wabbit) run in a venv of their own; blrd never needs Python.
.venv-bench/bin/python:
	python3 -m venv .venv-bench
	.venv-bench/bin/pip install --quiet numpy pandas river vowpalwabbit pyzmq scipy

bench: deps .venv-bench/bin/python
	mkdir -p bench-results
	swift build -c release
	.build/release/blr-bench inference --markdown bench-results/inference.md --csv bench-results/inference.csv
	.build/release/blr-bench e2e --markdown bench-results/e2e.md

# `make flood`: memory bounded in bytes — 60 s of 5 MB batches at full speed and a subscriber that never reads; blrd's
# peak RSS must stay under memory_limit + 100 MB.
flood: deps
	swift build -c release
	.build/release/blr-bench flood --seconds 60

# `make kill-test`: issue 8's acceptance test (bench/kill_test.py). blrd is SIGKILLed 30 times at random moments while
# blr-publish --control and the Python client stream into it; the final snapshot of every model must equal an
# uninterrupted run's byte for byte, with no gap and no rejection. KILL_SEED=N picks another kill schedule. Needs only
# numpy and pyzmq: the system python3 when it has them, else a small .venv-kill.
KILL_SEED ?= 1
kill-test: deps
	swift build -c release
	@py=python3; python3 -c "import numpy, zmq" 2>/dev/null || { py=.venv-kill/bin/python; [ -x $$py ] || \
		{ python3 -m venv .venv-kill && .venv-kill/bin/pip install --quiet numpy pyzmq; }; }; \
	echo "$$py bench/kill_test.py --seed $(KILL_SEED)"; $$py bench/kill_test.py --seed $(KILL_SEED)

# `make bench-streams`: each public stream of ../shared/streams replayed through a real blrd with blr-publish, scored
# with its metrics.py, beside river and VW re-run on the same data here: bench-results/streams.{md,csv}.
# Skipped (exit 0) when ../shared/streams is absent. A venv made before pyzmq and scipy were in its rule gets them.
bench-streams: deps .venv-bench/bin/python
	@if [ ! -f ../shared/streams/metrics.py ]; then \
		echo "bench-streams: ../shared/streams not found; nothing to benchmark, skipped."; \
	else \
		.venv-bench/bin/python -c "import zmq, scipy" 2>/dev/null || .venv-bench/bin/pip install --quiet pyzmq scipy; \
		swift build -c release && .venv-bench/bin/python bench/streams.py --out bench-results; \
	fi

# `make bench-digits`: the digits-like 10-class stream of bench/digits.py (stationary and with a concept swap) through a
# real blrd, beside river's SoftmaxRegression and VW --oaa, scored with ../shared/streams/metrics.py.
bench-digits: deps .venv-bench/bin/python
	@if [ ! -f ../shared/streams/metrics.py ]; then \
		echo "bench-digits: ../shared/streams/metrics.py not found; nothing to score with, skipped."; \
	else \
		.venv-bench/bin/python -c "import zmq, scipy" 2>/dev/null || .venv-bench/bin/pip install --quiet pyzmq scipy; \
		swift build -c release && .venv-bench/bin/python bench/digits.py bench-results/digits-stream \
			&& .venv-bench/bin/python bench/streams.py --streams bench-results/digits-stream --only digits digits_swap \
				--out bench-results/digits; \
	fi

format:
	swift format --in-place --recursive Sources Tests Package.swift

# `make lint`: scripts/check-style, as CI runs it: swift format lint --strict, and a build with warnings as errors.
lint: deps
	scripts/check-style
