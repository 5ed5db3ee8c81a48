# Threadline: the two commands a fresh machine needs (see README.md).
#   make demo   install, build the sample case, open the workspace on the embedded store
#   make test   install (with chromium and the local Neo4j), run the whole test suite
#   make shell  a shell with `threadline` on PATH and THREADLINE_STORE set to the demo case
SHELL := /bin/bash
.PHONY: demo test lint sample shell

SAMPLE_DB ?= sample_case.db
PORT ?= 8501
ADDRESS ?= 127.0.0.1

demo:
	tools/setup.sh
	@if [ ! -f "$(SAMPLE_DB)" ]; then $(MAKE) --no-print-directory sample; fi
	THREADLINE_STORE=sqlite:///$(SAMPLE_DB) .venv/bin/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

sample:
	.venv/bin/threadline ingest samples/sample_case --store sqlite:///$(SAMPLE_DB) --case "ACKEE TREE"
	.venv/bin/threadline calls samples/sample_case/calls.csv --store sqlite:///$(SAMPLE_DB)

shell:
	tools/setup.sh
	@if [ ! -f "$(SAMPLE_DB)" ]; then $(MAKE) --no-print-directory sample; fi
	@echo "threadline is on PATH and THREADLINE_STORE=sqlite:///$(SAMPLE_DB) (the demo case); 'exit' to leave."
	@PATH="$(CURDIR)/.venv/bin:$$PATH" THREADLINE_STORE="sqlite:///$(SAMPLE_DB)" bash -i

test:
	tools/setup.sh --test
	.venv/bin/ruff check .
	tools/unchanged env THREADLINE_REQUIRE_NEO4J=1 PYTHONDONTWRITEBYTECODE=1 .venv/bin/python -m pytest -q -p no:cacheprovider

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
