# The two commands a newcomer needs: `make serve` and `make test`. Each sets up what it needs.
PYTHON := .venv/bin/python
export NO_MKDOCS_2_WARNING := 1
SITE_DIR := site

.PHONY: setup serve build test lint typecheck bench screenshots lock clean

setup:
	@scripts/setup.sh all

serve: setup
	$(PYTHON) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(PYTHON) -m mkdocs build --strict --site-dir $(SITE_DIR)

lint: setup
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy

test: build lint
	$(PYTHON) -m pytest

bench: build
	$(PYTHON) -m scripts.bench
	$(PYTHON) -m scripts.bench_runner

# The quiz's result at 390 and 1366 px, light and dark, strong and close, into screenshots/.
screenshots: build
	$(PYTHON) -m scripts.screenshots

# Re-pin every Python package from the groups in pyproject.toml (needs the index).
lock:
	rm -rf .lock-venv
	$$(scripts/setup.sh python >/dev/null; readlink -f .venv/bin/python) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet --group dev
	.lock-venv/bin/pip freeze --all --exclude pip > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(SITE_DIR) .cache .venv node_modules
