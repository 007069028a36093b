# veloc's build and test entry points. `make test` is what CI runs
# (.ci/run); every target works from a fresh clone with ../shared beside it.

GO       ?= go
FUZZTIME ?= 60s

# Packages whose tests import golden: the only ones that know -update.
GOLDEN_PKGS = $(shell $(GO) list -e -f '{{$$p := .ImportPath}}{{range .TestImports}}{{if eq . "github.com/velocsql/veloc/golden"}}{{$$p}} {{end}}{{end}}{{range .XTestImports}}{{if eq . "github.com/velocsql/veloc/golden"}}{{$$p}} {{end}}{{end}}' ./...)

.PHONY: all build install test vet fmtcheck lint bench fuzz golden clean

all: build

build:
	$(GO) build -o bin/veloc ./cmd/veloc

# The module download puts the runtime's dependencies in the module cache,
# where the programs veloc builds find them offline.
install:
	$(GO) mod download
	$(GO) install ./cmd/veloc
	@dir="$$($(GO) env GOBIN)"; [ -n "$$dir" ] || dir="$$($(GO) env GOPATH)/bin"; \
	echo "installed $$dir/veloc"; \
	case ":$$PATH:" in *":$$dir:"*) ;; *) echo "note: $$dir is not on PATH; add it to run veloc by name";; esac

# Everything: vet, formatting, unit + golden tests and the conformance suite.
test: vet fmtcheck
	$(GO) test ./...

vet:
	$(GO) vet ./...

# Fails when any Go file is not gofmt-clean, and names the files.
fmtcheck:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

lint: fmtcheck vet

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./parser

# Rewrites the golden files; review them with git diff before committing.
# Only packages whose tests use the golden helper get -update: other test
# binaries would reject the unknown flag.
golden:
	$(GO) test $(GOLDEN_PKGS) -update

clean:
	rm -rf bin
