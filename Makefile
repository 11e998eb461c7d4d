# Debt Coach. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint install catalogs console bench clean

# Create the venv and install the project (with test tools) when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) catalogs

# Compile the gettext catalogs (.po -> .mo) for zh_CN and en.
catalogs: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d bot/i18n -D messages --statistics

# Poll Telegram when a token is configured; otherwise chat with the bot in this terminal.
run: install
	$(BIN)/debt-coach db upgrade
	$(BIN)/debt-coach run --console-if-no-token

console: install
	$(BIN)/debt-coach console

lint: install
	$(BIN)/ruff check bot handlers storage coach emulator tests scripts
	$(BIN)/mypy coach storage bot handlers emulator

test: install lint
	$(BIN)/pytest -q -rs

bench: install
	$(BIN)/python scripts/bench_planner.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	find bot/i18n -name '*.mo' -delete
