# Two entry points for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/govaudit demo --out demo-output

# Test files run in parallel, one process per core; a file's tests stay together so its
# module-scoped fixtures (a served replica, one crawl) are built once.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) demo-output .pytest_cache
