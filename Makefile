# The two set-up commands of the README are `make demo` and `make test`; both install what is missing first.
.PHONY: deps build test demo bench format

deps:
	@scripts/install-deps

build: deps
	swift build -c release

test: deps
	swift test

demo: deps
	swift build -c release --product blr-bench
	.build/release/blr-bench demo

bench: deps
	swift build -c release --product blr-bench
	.build/release/blr-bench inference --markdown bench-results/inference.md --csv bench-results/inference.csv

format:
	swift format --in-place --recursive Sources Tests Package.swift
