# gongkai — two commands for a fresh clone: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEBS := chromium fonts-noto-cjk poppler-utils tesseract-ocr tesseract-ocr-chi-sim libreoffice-writer-nogui libreoffice-calc-nogui
HOST ?= 127.0.0.1:8000

.PHONY: prod demo test test-sqlite test-postgres lint system-packages install clean

# Direct dependencies are pinned in pyproject.toml; everything installed is held to requirements.lock.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the PDF export (CJK fonts), the browser test (chromium), the
# render checks (pdftoppm), the reading of scanned reports (Tesseract with its simplified-Chinese
# model) and of .doc/.wps attachments (LibreOffice Writer, headless) need; installed only when missing.
system-packages:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing >/dev/null; \
	fi

# The demo runs with DEBUG on and the published development key (never in production: without
# GONGKAI_DEBUG=1 gongkai refuses to start unless GONGKAI_SECRET_KEY is set; see README).
demo: export GONGKAI_DEBUG ?= 1
demo: system-packages install
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai createcachetable
	$(BIN)/gongkai demo
	$(BIN)/gongkai runserver $(HOST)

# The production profile on this machine (docs/deploy.md): PostgreSQL and Redis on 127.0.0.1,
# gunicorn on GONGKAI_BIND (default 127.0.0.1:8080), Celery worker + beat. Ctrl-C stops it.
prod: system-packages install
	BIN=$(BIN) ./deploy/run-prod.sh

# What CI and the pre-commit hooks (.pre-commit-config.yaml) run, in the same order.
lint: install
	$(BIN)/ruff format --check src tests bench conftest.py
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy  # strict on the rules package ([tool.mypy] in pyproject.toml)
	PYTHONPATH=$(CURDIR)/src $(BIN)/lint-imports --no-cache  # architecture contracts ([tool.importlinter])
	$(BIN)/djlint src/gongkai --lint --quiet  # templates ([tool.djlint])

# The suite runs on every core (pytest-xdist: each worker has its own test database).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

test-sqlite: install
	$(BIN)/pytest -n $(JOBS)

test-postgres: install
	GONGKAI_DB=postgres $(BIN)/pytest -n $(JOBS)

test: system-packages install lint test-sqlite

clean:
	rm -rf $(VENV) var test-output
