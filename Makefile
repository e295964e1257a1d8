# The two set-up commands of the README are `make demo` and `make test`; both install what is missing first.
.PHONY: deps build test demo bench format

deps:
	@scripts/install-deps

build: deps
	swift build -c release

test: deps
	swift test

demo: deps
	scripts/demo

# The anchors (river, Vowpal Wabbit) run in a venv of their own; blrd never needs Python.
.venv-bench/bin/python:
	python3 -m venv .venv-bench
	.venv-bench/bin/pip install --quiet numpy pandas river vowpalwabbit

bench: deps .venv-bench/bin/python
	mkdir -p bench-results
	swift build -c release
	.build/release/blr-bench inference --markdown bench-results/inference.md --csv bench-results/inference.csv
	.build/release/blr-bench e2e --markdown bench-results/e2e.md

format:
	swift format --in-place --recursive Sources Tests Package.swift
