# Hnízdo — `make run` to try it, `make test` to prove it. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO        ?= go
BIN       := bin/hnizdo
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.buildVersion=$(VERSION)
DEV_DIR   := .data/dev
TEST_DIR  := .data/test
# The private clusters; DATABASE_URL, when set, wins for `make run`.
DEV_URL    = $(shell deploy/pg.sh url $(DEV_DIR) hnizdo)
TEST_URL   = $(shell deploy/pg.sh url $(TEST_DIR) postgres)

.PHONY: help run build generate assets deps test check lint bench db-stop db-reset

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

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

bench: assets ## benchmarks (speed targets are checked here, never in timed tests)
	@deploy/pg.sh start $(TEST_DIR) --fast
	HNIZDO_TEST_DATABASE_URL='$(TEST_URL)' $(GO) test -run '^$$' -bench . -benchmem ./...

db-stop: ## stop the private Postgres clusters
	@deploy/pg.sh stop $(DEV_DIR)
	@deploy/pg.sh stop $(TEST_DIR)

db-reset: ## delete the private clusters and their data (the demo is seeded again on the next run)
	@deploy/pg.sh reset $(DEV_DIR)
	@deploy/pg.sh reset $(TEST_DIR)
