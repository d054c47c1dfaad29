# gleaner — build, run and test. Every target that needs system packages installs them first.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
CONFIG ?= Config/gleaner.toml
# Release builds link the Swift runtime and Foundation statically: the installed binary needs no
# Swift toolchain on the host.
RELEASE := -c release --static-swift-stdlib

# Debian packages the build and the tests need.
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libidn2-dev libsqlite3-dev pkg-config python3 jq zlib1g-dev libbrotli-dev nghttp2-server openssl
# systemd-analyze, for the offline checks of the unit file (check-systemd); man, which it runs
# for the unit's Documentation=man:gleaner(1); strip, for `make install`.
APT_PACKAGES += systemd man-db binutils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release test run demo bench bench-longrun bench-recrawl-steady check install clean fuzz bench-fetch bench-parse bench-store check-systemd check-release bench-parse-callgrind man completions check-install check-readme schema

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
	$(SWIFT) build $(RELEASE) --product gleaner

## test: everything CI runs
test: deps
	$(SWIFT) build --build-tests
	# One test at a time: several suites time what a loopback server saw, and a 2-core CI machine
	# running them all at once can stall any of them for longer than the delays being checked.
	$(SWIFT) test --skip-build --no-parallel
	$(MAKE) --no-print-directory check-systemd
	$(MAKE) --no-print-directory check-readme
	$(MAKE) --no-print-directory check-release
	$(MAKE) --no-print-directory check-install

## test-libxml2: the test suite against a libxml2 installed under LIBXML2_PREFIX (configure
## --prefix=...; make install), built in .build-libxml2 and run with that library (rpath)
.PHONY: test-libxml2
LIBXML2_LIBDIR ?= $(LIBXML2_PREFIX)/lib
test-libxml2: deps
	@[ -n "$(LIBXML2_PREFIX)" ] && [ -f "$(LIBXML2_LIBDIR)/pkgconfig/libxml-2.0.pc" ] || \
	  { echo "usage: make test-libxml2 LIBXML2_PREFIX=DIR (DIR/lib/pkgconfig/libxml-2.0.pc; else set LIBXML2_LIBDIR)"; exit 1; }
	@# SwiftPM puts zlib's and libcurl's -L/usr/lib/<arch> ahead of libxml2's -L, so -lxml2 would link
	@# the system's: use their .pc files without -L (the linker searches the system directory anyway).
	@mkdir -p .build-libxml2/pkgconfig; for p in zlib libcurl; do \
	  sed 's/-L\$${libdir} *//; s/-L\$${sharedlibdir} *//' "$$(pkg-config --variable=pcfiledir $$p)/$$p.pc" > .build-libxml2/pkgconfig/$$p.pc; done
	PKG_CONFIG_PATH="$(LIBXML2_LIBDIR)/pkgconfig:$(CURDIR)/.build-libxml2/pkgconfig" $(SWIFT) build --build-tests --scratch-path .build-libxml2 \
	  -Xlinker -rpath -Xlinker "$(LIBXML2_LIBDIR)"
	@ldd .build-libxml2/debug/gleanerPackageTests.xctest | grep "libxml2" | grep -qF "$(LIBXML2_LIBDIR)/" || \
	  { echo "the tests would not run on $(LIBXML2_LIBDIR)'s libxml2:"; ldd .build-libxml2/debug/gleanerPackageTests.xctest | grep libxml2; exit 1; }
	$(SWIFT) test --skip-build --scratch-path .build-libxml2 --no-parallel

## check-release: the binary `make run` and `make install` use (release, static runtime)
## parses the fixtures into the expected records and crawls the bundled replica over loopback
check-release: release
	@for f in Parsers/tvseoul/expected/*.jsonl; do \
	  n=$$(basename "$$f" .jsonl); \
	  .build/release/gleaner parse --parser tvseoul "Parsers/tvseoul/fixtures/$$n.html" 2>/dev/null | cmp -s - "$$f" || \
	    { echo "release build: gleaner parse of fixtures/$$n.html differs from $$f"; exit 1; }; \
	done
	@mkdir -p var; GLEANER=.build/release/gleaner scripts/demo.sh > var/check-release.log 2>&1 || \
	  { cat var/check-release.log; echo "release build: the demo crawl failed"; exit 1; }
	@n=$$(cat var/demo/out/article/*.jsonl | wc -l); [ "$$n" -ge 3 ] || \
	  { cat var/check-release.log; echo "release build: the demo crawl wrote $$n articles, expected 3"; exit 1; }
	@echo "release build: fixtures parse to the expected records, the demo crawl wrote its articles"

## run: build in release mode and run the daemon in the foreground (state and output under ./var)
run: release
	mkdir -p var
	.build/release/gleaner run --config $(CONFIG) --state-dir var/state --output-dir var/out --parser-dir Parsers

## demo: serve the bundled replica of TV서울 on 127.0.0.1, crawl it once, show the records
## (the release build that `make run` and `make install` use)
demo: release
	GLEANER=.build/release/gleaner scripts/demo.sh

# Install layout. systemd searches $(PREFIX)/lib/systemd/system and $(PREFIX)/lib/sysusers.d
# for /usr and /usr/local alike.
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/gleaner
DOCDIR ?= $(PREFIX)/share/doc/gleaner
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
# The binary man, completions and install take (the release build).
GLEANER_BIN ?= .build/release/gleaner
# ArgumentParser's generate-manual tool, built from the package's own checkout (no network).
GENERATE_MANUAL := .build/generate-manual/release/generate-manual

## man: .build/man/gleaner.1, generated from the commands' help by ArgumentParser's generate-manual
man: release
	$(SWIFT) build --package-path .build/checkouts/swift-argument-parser --scratch-path .build/generate-manual \
	  -c release --product generate-manual
	mkdir -p .build/man
	$(GENERATE_MANUAL) $(GLEANER_BIN) --output-directory .build/man \
	  --date $$(git log -1 --format=%cs 2>/dev/null || date -u +%F)

## schema: docs/schema/<type>.schema.json for the shipped record types, from their declarations
schema: build
	.build/debug/gleaner schema --out docs/schema

## completions: bash, zsh and fish completion scripts under .build/completions
completions: release
	mkdir -p .build/completions
	$(GLEANER_BIN) --generate-completion-script bash > .build/completions/gleaner.bash
	$(GLEANER_BIN) --generate-completion-script zsh > .build/completions/_gleaner
	$(GLEANER_BIN) --generate-completion-script fish > .build/completions/gleaner.fish

## install: stripped binary, man page, completions, unit, sysusers file, config (kept if present),
## parsers and record schemas (PREFIX, DESTDIR; layout in docs/operations.md)
install: release man completions install-unit
	install -Dm755 -s $(GLEANER_BIN) $(DESTDIR)$(BINDIR)/gleaner
	install -Dm644 .build/man/gleaner.1 $(DESTDIR)$(MANDIR)/man1/gleaner.1
	install -Dm644 .build/completions/gleaner.bash $(DESTDIR)$(BASHCOMPDIR)/gleaner
	install -Dm644 .build/completions/_gleaner $(DESTDIR)$(ZSHCOMPDIR)/_gleaner
	install -Dm644 .build/completions/gleaner.fish $(DESTDIR)$(FISHCOMPDIR)/gleaner.fish
	install -d $(DESTDIR)$(DATADIR)/parsers $(DESTDIR)$(DATADIR)/schema $(DESTDIR)$(DOCDIR)
	cp -R Parsers/. $(DESTDIR)$(DATADIR)/parsers/
	install -m644 docs/schema/*.json $(DESTDIR)$(DATADIR)/schema/
	@# /etc/gleaner/parsers.d is the operator's, created when a local parser is added.
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/gleaner/gleaner.toml ]; then \
	  echo "keeping existing $(DESTDIR)$(SYSCONFDIR)/gleaner/gleaner.toml"; \
	else \
	  install -d $(DESTDIR)$(SYSCONFDIR)/gleaner && \
	  sed -e 's|/usr/local/share/gleaner/parsers|$(DATADIR)/parsers|' -e 's|/etc/gleaner/|$(SYSCONFDIR)/gleaner/|g' \
	    Config/gleaner.toml > $(DESTDIR)$(SYSCONFDIR)/gleaner/gleaner.toml && \
	  chmod 644 $(DESTDIR)$(SYSCONFDIR)/gleaner/gleaner.toml; \
	fi
	install -m644 docs/*.md $(DESTDIR)$(DOCDIR)/
	@echo "installed; next: systemd-sysusers && systemctl daemon-reload && systemctl enable --now gleaner"

## install-unit: the systemd unit and sysusers file alone, with the install's paths filled in
install-unit:
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@UNITDIR@|$(UNITDIR)|g' -e 's|@SYSUSERSDIR@|$(SYSUSERSDIR)|g' \
	  -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	  systemd/gleaner.service > $(DESTDIR)$(UNITDIR)/gleaner.service
	sed -e 's|@SYSUSERSDIR@|$(SYSUSERSDIR)|g' systemd/gleaner.sysusers > $(DESTDIR)$(SYSUSERSDIR)/gleaner.conf
	chmod 644 $(DESTDIR)$(UNITDIR)/gleaner.service $(DESTDIR)$(SYSUSERSDIR)/gleaner.conf

## check-install: `make install` into temporary folders (a DESTDIR, and a PREFIX): the layout, a
## stripped binary, and the installed binary's `check --config` on the installed config prints ok
check-install: release
	scripts/check-install.sh

## check-readme: the README's examples marked runnable, run as written against the replica on loopback
check-readme: build
	python3 scripts/check-readme.py

## check-systemd: the unit as `make install` writes it (into a temporary PREFIX, the binary at its
## ExecStart path) passes `systemd-analyze verify` silently, by path, and rates <= 2.0 in `security`.
## (The man page Documentation= names is checked by check-install, which installs it.)
check-systemd: build
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	$(MAKE) --no-print-directory -s install-unit PREFIX=$$dir/usr/local SYSCONFDIR=$$dir/etc >/dev/null && \
	install -Dm755 .build/debug/gleaner $$dir/usr/local/bin/gleaner && \
	unit=$$dir/usr/local/lib/systemd/system/gleaner.service && \
	err=$$(systemd-analyze verify --man=no $$unit 2>&1 >/dev/null) ; \
	if [ -n "$$err" ]; then echo "systemd-analyze verify complained:"; echo "$$err"; exit 1; fi && \
	level=$$(systemd-analyze security --offline=yes $$unit 2>/dev/null | sed -n 's/.*Overall exposure level for gleaner.service: \([0-9.]*\).*/\1/p') && \
	if [ -z "$$level" ]; then echo "systemd-analyze security gave no exposure level"; exit 1; fi && \
	awk -v l="$$level" 'BEGIN { exit !(l <= 2.0) }' || { echo "exposure level $$level is above 2.0"; exit 1; } ; \
	echo "systemd unit: verify clean, exposure level $$level (<= 2.0)"

## bench: gleaner against Scrapy on a local synthetic TV서울 site (minutes; docs/benchmarks.md)
bench: deps
	bash bench/run.sh

## bench-longrun: the daemon for 1,000+ runs against a small local site (memory, idle CPU, 304s)
bench-longrun: deps
	bash bench/longrun.sh

## bench-recrawl-steady: the daemon's CPU per 304 request, 30 s samples (BINS="a b a b" to alternate)
bench-recrawl-steady: deps
	bash bench/recrawl-steady.sh $(or $(BINS),.build/release/gleaner)

## bench-fetch: fetch throughput and memory over 20,000 loopback fetches (installs nginx if missing)
bench-fetch: deps
	$(SWIFT) build $(RELEASE) --product bench-fetch
	bench/fetch/run.sh

## bench-parse: parse throughput on the seed article page (release build); docs/benchmarks.md
## PARSE_PAGES=DIR runs on a generated site's article pages (bench/gen_site.py ... --out X: X/site/a)
PARSE_PAGES ?= Parsers/tvseoul/fixtures/article_62031.html
bench-parse: deps
	$(SWIFT) build $(RELEASE) --product gleaner-bench-parse
	.build/release/gleaner-bench-parse "$(CURDIR)" $(PARSE_PAGES) 3

## bench-parse-callgrind: instructions per page under valgrind (repeatable on a loaded machine)
bench-parse-callgrind: deps
	@command -v valgrind >/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind
	$(SWIFT) build $(RELEASE) --product gleaner-bench-parse
	bench/callgrind-parse.sh $(PARSE_PAGES)

clean:
	rm -rf .build .build-libxml2 var

## fuzz: libFuzzer (with AddressSanitizer) on the page, charset, robots, URL, config and parser
## entry points (fuzz/Targets), FUZZ_SECONDS each (default 120), FUZZ_TARGETS to choose. Inputs that
## reach new code go to fuzz/runs/<target>/, crashers to fuzz/artifacts/<target>/; the ones worth
## keeping belong in Tests/FuzzCorpus/<target>/, which `make test` replays (FuzzCorpusTests).
## Pages parse on glibc's malloc (GLEANER_XML_ALLOCATOR=system) so that ASan sees libxml2's memory.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS ?= page charset robots url config parser
FUZZ_SANITIZERS ?= fuzzer,address
FUZZ_FLAGS := --scratch-path .build-fuzz -Xswiftc -use-ld=lld -Xswiftc -sanitize=$(FUZZ_SANITIZERS) -Xswiftc -DGLEANER_LIBFUZZER \
  -Xcc -fsanitize=$(subst fuzzer,fuzzer-no-link,$(FUZZ_SANITIZERS)) -Xcxx -fsanitize=$(subst fuzzer,fuzzer-no-link,$(FUZZ_SANITIZERS))
fuzz: deps
	$(SWIFT) build $(FUZZ_FLAGS) --product gleaner-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/runs/$$t fuzz/artifacts/$$t; \
	  echo "== $$t: $(FUZZ_SECONDS) s"; \
	  GLEANER_XML_ALLOCATOR=system GLEANER_FUZZ_PARSERS=Parsers ASAN_OPTIONS=detect_leaks=0 \
	    GLEANER_FUZZ_TARGET=$$t .build-fuzz/debug/gleaner-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$$t/ fuzz/runs/$$t Tests/FuzzCorpus/$$t \
	    > fuzz/runs/$$t.log 2>&1; status=$$?; \
	  grep -E '^stat::number_of_executed_units|^stat::new_units_added|^Done|ERROR|SUMMARY' fuzz/runs/$$t.log | sed "s/^/  /"; \
	  [ $$status = 0 ] || { echo "  $$t: libFuzzer found a problem: fuzz/runs/$$t.log, fuzz/artifacts/$$t/"; failed=1; }; \
	done; exit $${failed:-0}

## bench-store: output-stage throughput (dedup + sink + fsync + commit) and state size per URL
bench-store: deps
	$(SWIFT) build $(RELEASE) --product bench-store
	bench/store/run.sh .build/release/bench-store
