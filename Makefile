# `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := build/demo-store

.PHONY: install demo test lint bench lock clean system-deps

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: install
	rm -rf $(STORE)
	$(BIN)/kgraph build data/articles --store $(STORE)
	$(BIN)/kgraph stats --store $(STORE) | tee build/summary.txt
	$(BIN)/kgraph validate --store $(STORE)
	$(BIN)/kgraph export --store $(STORE) --format ttl -o build/graph.ttl
	$(BIN)/kgraph export --store $(STORE) --format html -o build/graph.html
	@echo "demo: wrote build/graph.ttl, build/graph.html and build/summary.txt"

# Debian packages the browser and triple-store tests need (Chromium, Virtuoso); needs root.
system-deps:
	@command -v chromium >/dev/null && command -v virtuoso-t >/dev/null || \
	  { if [ "$$(id -u)" = 0 ]; then \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver virtuoso-opensource >/dev/null \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver virtuoso-opensource >/dev/null; }; \
	    else echo "system-deps: install chromium and virtuoso-opensource with your package manager" >&2; fi; }

test: install system-deps
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check kgraph tests scripts

bench: install
	$(BIN)/python scripts/bench_extract.py

# Re-pin every dependency with hashes (needs uv); commit the result.
lock:
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" -o requirements.lock

clean:
	rm -rf $(VENV) build kgraph-store
