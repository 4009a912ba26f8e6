# Hnízdo — `make run` to try it, `make test` to prove it. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO        ?= go
BIN       := bin/hnizdo
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.buildVersion=$(VERSION)
DEV_DIR   := .data/dev
TEST_DIR  := .data/test
BENCH_DIR := .data/bench
# The benchmark cluster is tuned like a small production server (the 2-core machine has 24 GB).
BENCH_PG  := -c shared_buffers=1GB -c effective_cache_size=4GB -c work_mem=16MB
BENCH_NOTES ?= 100000
BENCH_URL  = $(shell deploy/pg.sh url $(BENCH_DIR) scale_$(1))
# The private clusters; DATABASE_URL, when set, wins for `make run`.
DEV_URL    = $(shell deploy/pg.sh url $(DEV_DIR) hnizdo)
TEST_URL   = $(shell deploy/pg.sh url $(TEST_DIR) postgres)

.PHONY: help run build generate assets deps test check lint bench bench-data bench-scaling bench-go db-stop db-reset

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

deps: ## install what the build needs (Node packages from package-lock.json)
	@deploy/deps.sh node

assets: deps ## copy the design system's CSS, fonts and icons into web/static/vendor
	@deploy/assets.sh

build: assets ## build bin/hnizdo
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/hnizdo

run: build ## start a private Postgres (unless DATABASE_URL is set), migrate, seed the demo, serve on :8080
ifeq ($(strip $(DATABASE_URL)),)
	@deploy/pg.sh start $(DEV_DIR)
	@deploy/pg.sh createdb $(DEV_DIR) hnizdo
	DATABASE_URL='$(DEV_URL)' $(BIN) migrate up
	DATABASE_URL='$(DEV_URL)' $(BIN) seed-demo
	DATABASE_URL='$(DEV_URL)' HNIZDO_MAIL_DIR="$${HNIZDO_MAIL_DIR-.data/mail}" $(BIN) serve
else
	$(BIN) migrate up
	$(BIN) seed-demo
	$(BIN) serve
endif

generate: ## regenerate the templ views (*_templ.go)
	$(GO) tool templ generate -path web

check: ## gofmt, go vet and the stale-templ check
	@unformatted=$$(gofmt -l cmd internal web migrations); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	@tmp=$$(mktemp -d) && cp -r web "$$tmp/" && $(GO) tool templ generate -path "$$tmp/web" >/dev/null 2>&1 && \
	  if ! diff -r -q web "$$tmp/web" >/dev/null; then \
	    echo "generated templ files are stale: run make generate and commit"; diff -r -q web "$$tmp/web"; rm -rf "$$tmp"; exit 1; fi; \
	  rm -rf "$$tmp"
	$(GO) vet ./...

lint: check ## alias of check

test: assets ## the whole suite against a private test cluster, browser tests included
	@deploy/deps.sh chromium
	@deploy/pg.sh start $(TEST_DIR) --fast
	@$(MAKE) --no-print-directory check
	HNIZDO_TEST_DATABASE_URL='$(TEST_URL)' $(GO) test -count=1 ./...

bench-data: build ## fill a separate database with national volume ×10 (BENCH_NOTES=100000 notes), once
	@HNIZDO_PG_OPTS="$(BENCH_PG)" deploy/pg.sh start $(BENCH_DIR)
	@deploy/pg.sh createdb $(BENCH_DIR) scale_$(BENCH_NOTES)
	DATABASE_URL='$(call BENCH_URL,$(BENCH_NOTES))' $(BIN) seed-scale -once -notes $(BENCH_NOTES)

bench: bench-data ## the load benchmark: every main page against the static ceiling (tables in bench/results/)
	DATABASE_URL='$(call BENCH_URL,$(BENCH_NOTES))' $(BIN) bench

bench-scaling: build ## search and list latency at 10k, 100k and 1M notes (the 1M load takes ~10 min once)
	@for n in 10000 100000 1000000; do $(MAKE) --no-print-directory bench-data BENCH_NOTES=$$n || exit 1; done
	$(BIN) bench -scaling '10k=$(call BENCH_URL,10000),100k=$(call BENCH_URL,100000),1M=$(call BENCH_URL,1000000)'

bench-go: assets ## Go benchmarks of every page on the demo data (go test -bench)
	@deploy/pg.sh start $(TEST_DIR) --fast
	HNIZDO_TEST_DATABASE_URL='$(TEST_URL)' $(GO) test -run '^$$' -bench . -benchmem ./...

db-stop: ## stop the private Postgres clusters
	@deploy/pg.sh stop $(DEV_DIR)
	@deploy/pg.sh stop $(TEST_DIR)
	@deploy/pg.sh stop $(BENCH_DIR)

db-reset: ## delete the private clusters and their data (the demo is seeded again on the next run)
	@deploy/pg.sh reset $(DEV_DIR)
	@deploy/pg.sh reset $(TEST_DIR)
	@deploy/pg.sh reset $(BENCH_DIR)
