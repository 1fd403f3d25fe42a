# The two commands of the README. Both create the virtual environment on a
# fresh machine (Python 3.11) and install the pinned dependencies first.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# The BI client (Apache Superset) lives in its own virtualenv: its pins never
# touch the warehouse's.
BI_VENV ?= .venv-bi
BI_BIN := $(BI_VENV)/bin

.PHONY: demo test install spark-install java bi bi-install browser clean

$(BIN)/redflags: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(BIN)/redflags

install: $(BIN)/redflags

# Apache Spark, the second engine (optional; the engines-agree test needs it):
# the spark extra into the same .venv, and Java 17 from Debian when missing.
$(VENV)/.spark-installed: $(BIN)/redflags pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,spark]"
	touch $@

spark-install: $(VENV)/.spark-installed java

java:
	@command -v java >/dev/null || { \
	  echo "installing Debian's openjdk-17-jre-headless for Spark (apt-get; needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

$(BI_BIN)/superset: bi/requirements.txt bi/constraints.txt
	$(PYTHON) -m venv $(BI_VENV)
	$(BI_BIN)/python -m pip install --quiet --upgrade pip
	$(BI_BIN)/python -m pip install --quiet -r bi/requirements.txt -c bi/constraints.txt
	touch $(BI_BIN)/superset

bi-install: $(BI_BIN)/superset

# Debian's Chromium for the dashboard's browser test (CI runs as root on Debian).
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium (apt-get; needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: install  ## generate the demo landing zone (~1M transactions) and build the warehouse
	$(BIN)/redflags demo

bi: install bi-install  ## Superset on http://127.0.0.1:8088 over the published marts (run make demo first)
	$(BI_BIN)/python bi/superset_local.py up

test: install spark-install bi-install browser  ## every test: pytest drives generation, dbt build (data and unit tests), checks, the same build on Spark, and the dashboard in Chromium
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(BI_VENV) data target logs
