# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run bytecode test lint unit integration gui e2e web screenshots bench sysdeps clean

$(STAMP): pyproject.toml
	@bash packaging/install-system-deps.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

sysdeps:
	@bash packaging/install-system-deps.sh

# The program's modules are compiled to bytecode before it starts, as pip does when it installs
# a wheel: an editable install leaves that to the first import, and where PYTHONDONTWRITEBYTECODE
# is set (this machine) every start compiled all 250 modules again (0.2 s of a 1.4 s start).
bytecode: $(STAMP)
	@$(PY) -m compileall -q desk_client

run: bytecode
	$(VENV)/bin/desk-client $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check desk_client tests bench
	$(VENV)/bin/ruff format --check desk_client tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# One worker per core (pytest-xdist): the suite is CPU-bound Python, and every test owns its
# hall, files and scratch databases, so workers never share state. worksteal: an idle worker
# takes tests queued for the other. The tests marked slow (the 200-window storms, the crash
# cycles) saturate both cores and the database servers, so they run after the others, on
# their own (on a slow machine this did not shorten the whole run measurably).
test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -n auto --dist worksteal -m "not slow" tests
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -n auto --dist worksteal -m slow tests

unit integration gui e2e web: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest tests/$@

screenshots: $(STAMP)
	xvfb-run -a $(PY) -m desk_client.ui.screenshots docs/screenshots
	$(PY) bench/rating_screenshots.py docs/screenshots

bench: bytecode
	$(PY) bench/claims.py
	$(PY) bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
