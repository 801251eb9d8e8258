# Everything runs inside .venv, created on first use from the pinned constraints.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
SERVICES := $(patsubst spec/%/service.yaml,%,$(wildcard spec/*/service.yaml))

.PHONY: all spec generate golden test contract contract-mutants accuracy check format spec-check \
	clean lock bench bench-smoke fuzz

all: generate

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# What a service's spec is built from ($$service in the loops below): its pages, service file
# and overlay, and the spec to write.
SERVICE_SOURCES = spec/$$service/pages/* \
	--service-file spec/$$service/service.yaml \
	$$( [ -f spec/$$service/overlay.yaml ] && echo --overlay spec/$$service/overlay.yaml ) \
	-o spec/$$service/openapi.yaml

# spec/<service>/openapi.yaml from its pages, service file and overlay.
spec: $(STAMP)
	@for service in $(SERVICES); do \
		$(PY) -m generator transcribe $(SERVICE_SOURCES) || exit $$?; \
	done

# Every service's spec and its client package in generated/<service>_client/: one process per
# service (`generate` renders the spec it has just built, without reading it back). A service
# that fails keeps its previous spec and package.
generate: $(STAMP)
	@for service in $(SERVICES); do \
		$(PY) -m generator generate $(SERVICE_SOURCES) \
			--package-dir generated/$${service}_client || exit $$?; \
	done

# The generator's golden record: the kitchen-sink test spec rendered and committed for review.
golden: $(STAMP)
	$(PY) -m generator render tests/specs/kitchen_sink.yaml -o tests/golden/sink_client

test: $(STAMP)
	$(PY) -m pytest

# The contract suite alone: the generated packages against their specs.
contract: $(STAMP)
	$(PY) -m pytest tests/contract

# Every service's transcription (tests/accuracy/services.py: ELB, HSS, VPC) checked against its pages
# and Huawei's SDK: writes docs/accuracy.md, one section per service.
accuracy: $(STAMP)
	$(PY) -m tests.accuracy.report

# Deliberate bugs in copies of the packages: the contract suite must catch every one.
contract-mutants: $(STAMP)
	$(PY) -m tests.contract.mutants

# Benchmarks against what users would pick instead (openapi-python-client,
# datamodel-code-generator, the official SDK): writes bench/results.md and bench/generation.png.
# A full run takes several minutes; it is not part of `make test`.
bench: $(STAMP)
	$(PY) -m bench.run

# Every benchmark once, on tiny inputs, into a temporary directory: checks that `make bench` works.
bench-smoke: $(STAMP)
	$(PY) -m bench.run --smoke

# Hostile input at full scale: every test in tests/fuzz reads FUZZ_SCALE=full (over 10,000
# fuzzed pages, the spec fuzzing alongside); `make test` runs the same tests at a small scale.
# Seeded: FUZZ_SEED=N make fuzz repeats a run exactly. Takes about 10 minutes.
FUZZ_SEED ?= 20261125
fuzz: $(STAMP)
	@echo "fuzz: FUZZ_SCALE=full FUZZ_SEED=$(FUZZ_SEED)"
	FUZZ_SCALE=full FUZZ_SEED=$(FUZZ_SEED) $(PY) -m pytest tests/fuzz -q -s

check: $(STAMP)
	$(BIN)/ruff check generator tests generated bench
	$(BIN)/ruff format --check generator tests generated bench
	# Generated code also passes ruff's default rules, as a user's own project would run them.
	$(BIN)/ruff check --isolated --target-version py310 generated tests/golden/sink_client
	$(BIN)/mypy generator tests
	$(BIN)/mypy --strict bench
	cd generated && ../$(BIN)/mypy --strict $(patsubst %,%_client,$(SERVICES))
	cd tests/golden && ../../$(BIN)/mypy --strict sink_client

# Fails when the committed spec/ or generated/ differs from what the sources produce.
spec-check: generate
	$(MAKE) golden
	git diff --exit-code -- spec generated tests/golden
	@test -z "$$(git status --porcelain -- spec generated tests/golden)" || (git status --porcelain -- spec generated tests/golden; echo "untracked generated output"; exit 1)

format: $(STAMP)
	$(BIN)/ruff format generator tests
	$(BIN)/ruff check --fix generator tests

# Re-resolve the pins: install the ranges from pyproject.toml fresh and freeze the result.
lock:
	rm -rf /tmp/lock-venv && $(PYTHON) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet --upgrade pip
	/tmp/lock-venv/bin/pip install --quiet '.[dev]'
	/tmp/lock-venv/bin/pip check
	/tmp/lock-venv/bin/pip freeze --exclude-editable | grep -v '^huawei-page-generator' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
