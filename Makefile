# The two commands of the README. Both create the virtual environment on a
# fresh machine (Python 3.11) and install the pinned dependencies first.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install clean

$(BIN)/redflags: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(BIN)/redflags

install: $(BIN)/redflags

demo: install  ## generate the demo landing zone (~1M transactions) and build the warehouse
	$(BIN)/redflags demo

test: install  ## every test: pytest drives generation, dbt build (data and unit tests) and checks
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data target logs
