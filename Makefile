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

test: deps-test vet crossvet staticcheck
	$(GO) test -race -count=1 -timeout 30m ./...

# make bench prints the table of issue 8 (ratios measured in one run);
# bench-go runs the raw Go benchmarks.
bench: bench-table

bench-go: deps-test
	$(GO) test -run '^$$' -bench . -benchtime 3x ./checks/... ./fixes/...

# --- Proof (issue 8): fuzzing, static checks, the vulnerability check and the
# benchmark table. For CI: fuzz-short, lint and vulncheck; vulncheck says plainly when its
# database is out of reach and never fails for that.
FUZZTIME ?= 30s
# staticcheck 2026.2.2: the release line that supports Go 1.26. Run from the Go
# module proxy, so nothing is installed by hand.
STATICCHECK_VERSION ?= v0.8.2

.PHONY: fuzz fuzz-short lint staticcheck vulncheck bench-table bench-go scenarios

fuzz:
	packaging/fuzz.sh $(FUZZTIME)

fuzz-short:
	packaging/fuzz.sh 10s

lint: vet staticcheck

staticcheck: deps-build
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

vulncheck:
	packaging/vulncheck.sh

# Only the real-server scenarios (root: network namespaces, nginx, HAProxy,
# Squid, dnsmasq); make test runs them too.
scenarios: deps-test
	$(GO) test -race -count=1 -v -run 'TestScenarios|TestSquidMakesTheFault' ./internal/netlab/scenarios/

# The table of issue 8 (docs/benchmarks.md); BENCH_RECORD=docs/benchmarks.md
# also rewrites that file with the date and the machine.
bench-table: deps-test deps-build
	$(GO) run ./packaging/benchtable $(if $(BENCH_RECORD),-record $(BENCH_RECORD))

# --- Installers (issue 7): dist/ gets the .deb, the .tar.xz, gateway-doctor.exe
# and GatewayDoctor-Setup.exe. PROFILE=acme.toml validates a helpdesk profile
# and puts it beside the executable in each; SIGN_PFX/SIGN_PASS (or SIGN_CERT/
# SIGN_KEY) sign the Windows files. dist-test builds them with a test profile
# and checks their contents. See README, "For helpdesks".
PROFILE ?=

.PHONY: dist dist-linux dist-windows dist-test deps-dist

deps-dist:
	packaging/deps.sh dist

dist: deps-dist
	PROFILE='$(PROFILE)' packaging/dist.sh

dist-linux: deps-dist
	PROFILE='$(PROFILE)' packaging/dist.sh linux

dist-windows: deps-dist
	PROFILE='$(PROFILE)' packaging/dist.sh windows

dist-test:
	packaging/dist-test.sh

# Photographs of every screen of the real app, under Xvfb in a network
# namespace with a loopback lab (never the internet); needs root.
.PHONY: screenshots
screenshots: deps-test build
	ui/internal/shotlab/shoot.sh build/screenshots
