# gleaner — build, run and test. Every target that needs system packages installs them first.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
CONFIG ?= Config/gleaner.toml

# Debian packages the build and the tests need.
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev pkg-config python3 jq zlib1g-dev libbrotli-dev nghttp2-server openssl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release test run demo bench check install clean bench-fetch bench-parse bench-store bench-parse-callgrind

all: build

## deps: install the Debian packages that are missing (idempotent; root or sudo)
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# The record-schema test validates with Python's jsonschema (JSON Schema 2020-12).
	@python3 -c "import jsonschema" 2>/dev/null || \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-jsonschema || \
	  pip install jsonschema || pip install --break-system-packages jsonschema

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## test: everything CI runs
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## run: build in release mode and run the daemon in the foreground (state and output under ./var)
run: release
	mkdir -p var
	.build/release/gleaner --help

## bench-fetch: fetch throughput and memory over 20,000 loopback fetches (installs nginx if missing)
bench-fetch: deps
	$(SWIFT) build -c release --product bench-fetch
	bench/fetch/run.sh

## bench-parse: parse throughput on the seed article page (release build); numbers in docs/benchmarks-parse.md
bench-parse: deps
	$(SWIFT) build -c release --product gleaner-bench-parse
	.build/release/gleaner-bench-parse "$(CURDIR)" Parsers/tvseoul/fixtures/article_62031.html 3

## bench-parse-callgrind: instructions per page under valgrind (repeatable on a loaded machine)
bench-parse-callgrind: deps
	@command -v valgrind >/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind
	$(SWIFT) build -c release --product gleaner-bench-parse
	bench/callgrind-parse.sh

clean:
	rm -rf .build var

## bench-store: output-stage throughput (dedup + sink + fsync + commit) and state size per URL
bench-store: deps
	$(SWIFT) build -c release --product bench-store
	bench/store/run.sh .build/release/bench-store
