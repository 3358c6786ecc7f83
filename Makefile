# kgbuild — developer and user entry points. Everything runs in .venv, created on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out/taraz-2021
DEMO_COLUMNS := name,capacity,organization,document
CODE   := kgbuild tests $(wildcard bench)

.PHONY: help install demo serve test lint typecheck unit generate check-generated diagram bench vendor clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(STAMP)  ## Create .venv and install kgbuild with its development tools

demo: install  ## Build the Taraz example, validate it and print who spoke in which capacity
	$(BIN)/kgbuild build examples/taraz-2021 -o $(OUT) --no-curated
	$(BIN)/kgbuild validate $(OUT)
	$(BIN)/kgbuild query who-spoke --data $(OUT) --columns $(DEMO_COLUMNS) --max-width 60

serve: install  ## Build the Taraz example for http://127.0.0.1:8000/ and serve it there
	$(BIN)/kgbuild build examples/taraz-2021 -o out/taraz-site --no-curated --base http://127.0.0.1:8000/
	$(BIN)/kgbuild serve out/taraz-site --port 8000

test: install lint typecheck check-generated unit  ## Lint, type-check and run the whole test suite

lint: install  ## ruff
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: install  ## mypy (strict)
	$(BIN)/mypy

check-generated: install  ## Generated files are up to date with ontology/
	$(BIN)/python -m kgbuild.ontology.codegen --check
	$(BIN)/python -m kgbuild.ontology.diagram --check

unit: install  ## pytest
	$(BIN)/pytest

generate: install  ## Regenerate kgbuild/ontology/namespace.py and docs/ontology.* from ontology/
	$(BIN)/python -m kgbuild.ontology.codegen
	$(BIN)/python -m kgbuild.ontology.diagram

diagram: generate  ## Alias of generate

CYTOSCAPE ?= 3.34.4
vendor:  ## Refresh the vendored cytoscape.js from the npm registry (CYTOSCAPE=version)
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent cytoscape@$(CYTOSCAPE) >/dev/null && tar xzf cytoscape-*.tgz && \
	cp package/dist/cytoscape.min.js $(CURDIR)/kgbuild/web/static/vendor/ && \
	cp package/LICENSE $(CURDIR)/kgbuild/web/static/vendor/cytoscape.LICENSE && rm -rf $$tmp

clean:  ## Remove .venv, build outputs and caches
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
