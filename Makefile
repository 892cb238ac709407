# Gateway Doctor. The two set-up commands of the README:
#   make run    installs the build dependencies it lacks, builds, opens the app
#   make test   installs what the tests need, runs go vet and go test -race
SHELL := /bin/bash
GO ?= go
BIN := build/gateway-doctor
export CGO_ENABLED := 1

.PHONY: run build test vet crossvet bench deps-build deps-test

deps-build:
	packaging/deps.sh build

deps-test:
	packaging/deps.sh test

build: deps-build
	$(GO) build -o $(BIN) ./cmd/gateway-doctor

run: build
	./$(BIN) $(URL)

vet:
	$(GO) vet ./...

# The non-UI packages must compile for the other OSes without cgo.
crossvet:
	CGO_ENABLED=0 GOOS=windows $(GO) vet ./checks/... ./fixes/...
	CGO_ENABLED=0 GOOS=darwin $(GO) vet ./checks/... ./fixes/...

test: deps-test vet crossvet
	$(GO) test -race -count=1 -timeout 30m ./...

bench: deps-test
	$(GO) test -run '^$$' -bench . -benchtime 3x ./checks/...
