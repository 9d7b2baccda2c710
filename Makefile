# Lectern: `make run` to use it, `make test` to check it. Both install what they need.
GO      ?= go
# The toolchain go.mod names, fetched through the module proxy when the machine has an older
# one: its standard library has the security fixes govulncheck asks for.
export GOTOOLCHAIN := $(shell sed -n 's/^toolchain //p' go.mod)
TAGS    := sqlite_fts5
GOFLAGS := -tags=$(TAGS)
BIN     := bin/lectern
# The version `lectern --version` and Help → About show: the nearest tag, or the commit.
ifeq ($(origin VERSION),undefined)
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
endif
LDFLAGS := -X lectern/app/version.Version=$(VERSION)
# make install: PREFIX (~/.local unless given), and DESTDIR for packagers.
PREFIX  ?= $(HOME)/.local
DESTDIR ?=
ARCH    := $(shell $(GO) env GOARCH 2>/dev/null || uname -m)
STAGE   := build/stage/lectern-$(VERSION)

# Debian packages: to build (cgo for SQLite, GL and X11/Wayland headers for the window) and
# to run the real-window test (a virtual display, screenshots, simulated typing).
BUILD_DEBS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols
TEST_DEBS  := xvfb xauth imagemagick xdotool libgl1-mesa-dri tesseract-ocr python3 curl \
	desktop-file-utils appstream


.PHONY: all build run test unit lint window-test screenshots bench bench-search fuzz deps test-deps clean \
	install uninstall dist install-test

all: build

## deps: install the missing Debian packages needed to build
deps:
	@scripts/apt-install.sh $(BUILD_DEBS)

## test-deps: install the missing Debian packages needed to test
test-deps: deps
	@scripts/apt-install.sh $(TEST_DEBS)

## build: compile the binary to bin/lectern
build: deps
	$(GO) build $(GOFLAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

## run: build, then open the window on the default database
run: build
	./$(BIN)

## test: formatting, vet, unit tests with the race detector, the real-window test, and an install
test: test-deps lint unit window-test install-test

# Static checkers at pinned versions, installed into build/tools. govulncheck reads a copy of
# the Go vulnerability database built from the golang.org/x/vulndb module at VULNDB (a
# snapshot the module proxy serves, so the check runs without vuln.go.dev); move VULNDB
# forward to check against newer reports.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB      := v0.0.0-20261105234957-e22db6528018
TOOLS       := $(CURDIR)/build/tools

lint:
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './build/*' -not -path './bin/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(GOFLAGS) ./...
	GOBIN=$(TOOLS) $(GO) install $(STATICCHECK)
	$(TOOLS)/staticcheck $(GOFLAGS) ./...
	GOBIN=$(TOOLS) $(GO) install $(GOVULNCHECK)
	GOBIN=$(TOOLS) $(GO) install golang.org/x/vulndb/cmd/indexdb@$(VULNDB)
	@if [ ! -f build/vulndb-$(VULNDB)/index/db.json ]; then \
	  osv=$$($(GO) mod download -json golang.org/x/vulndb@$(VULNDB) | sed -n 's/^\t"Dir": "\(.*\)",$$/\1/p')/data/osv; \
	  rm -rf build/vulndb-$(VULNDB) && $(TOOLS)/indexdb -vulns "$$osv" -out build/vulndb-$(VULNDB); \
	fi
	$(TOOLS)/govulncheck -db file://$(CURDIR)/build/vulndb-$(VULNDB) $(GOFLAGS) ./...

unit:
	$(GO) test $(GOFLAGS) -race -timeout 20m ./...

## window-test: start bin/lectern under Xvfb, screenshot it, type a note, quit, check it was saved;
## then the reader's test: a served page imported, read offline, scrolled, highlighted (OCR);
## then the daily review's: Ctrl+R, a card read back by OCR, 3 grades it, the summary, the stats
window-test: build
	scripts/window-test.sh $(BIN)
	scripts/reader-test.sh $(BIN)
	scripts/review-test.sh $(BIN)
	scripts/notes-test.sh $(BIN)

## install: the binary, desktop file, AppStream metainfo and icons into PREFIX (~/.local)
install: build
	packaging/stage.sh "$(VERSION)" $(BIN) $(STAGE)
	DESTDIR="$(DESTDIR)" $(STAGE)/install.sh "$(PREFIX)"

## uninstall: remove what install put in PREFIX (the archive stays)
uninstall:
	DESTDIR="$(DESTDIR)" packaging/install.sh --uninstall "$(PREFIX)"

## dist: a release tarball in build/: the binary, the same files, README, LICENSE, install.sh
dist: build
	packaging/stage.sh "$(VERSION)" $(BIN) $(STAGE)
	tar -C $(dir $(STAGE)) --owner=0 --group=0 --numeric-owner -czf build/lectern-$(VERSION)-linux-$(ARCH).tar.gz $(notdir $(STAGE))
	@echo build/lectern-$(VERSION)-linux-$(ARCH).tar.gz

## install-test: install into a temporary prefix, validate the desktop file and metainfo, uninstall
install-test: build
	packaging/check-install.sh

## screenshots: the README's pictures of the real window (docs/*.png)
screenshots: build
	scripts/screenshots.sh $(BIN)

## bench: performance benchmarks (see docs/PERFORMANCE.md)
bench: build
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchmem ./...

## bench-search: the search benchmark of docs/PERFORMANCE.md on the full-size generated archive
## (10,000 articles, 50,000 notes, 20,000 highlights; generated once into BENCH_DIR, about a
## minute), then `lectern search WORD` beside `rg -i -l -F WORD` over the same texts as files,
## in one run (apt-get install ripgrep hyperfine) for common, rare and absent words
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/lecternbench
BENCH_WORDS ?= people realize emscripten gouvernement zqxvbnm
bench-search: build
	$(GO) build $(GOFLAGS) -o build/lecternbench ./cmd/lecternbench
	nice build/lecternbench -articles 10000 -notes 50000 -highlights 20000 -dir $(BENCH_DIR) -sessions 300
	@for w in $(BENCH_WORDS); do \
	  nice hyperfine -N -i --warmup 2 --runs 10 "$(BIN) search --db $(BENCH_DIR)/lectern.db $$w" \
	    "rg -i -l -F $$w $(BENCH_DIR)/text" || exit 1; \
	done

## fuzz: run each fuzz target for a while (FUZZTIME=30s)
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list $(GOFLAGS) ./...); do \
	  for f in $$($(GO) test $(GOFLAGS) -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $(GOFLAGS) -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin build
