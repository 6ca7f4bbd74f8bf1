# Two commands matter: `make test` and `make demo`. Both install what they need on first use.
SHELL := /bin/bash
SYSTEM_PYTHON ?= /usr/bin/python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8765
PYTEST_ARGS ?=

.PHONY: test test-matrix clean-matrix lint format sandbox demo screenshots bench package translations system-deps venv clean

## System packages (QGIS, PyQGIS, GDAL, Xvfb, lrelease) — installed only when missing.
system-deps:
	@$(SYSTEM_PYTHON) -c "import qgis.core, osgeo.gdal" 2>/dev/null && command -v xvfb-run >/dev/null \
		&& test -x /usr/lib/qt5/bin/lrelease || scripts/install-system-deps.sh

## Virtual environment on top of the system Python so that `qgis` imports; pinned tools inside.
## stac-api-validator gets a venv of its own in it: it needs newer requests/urllib3 than Debian's.
$(VENV)/.installed: requirements-test.txt requirements-sandbox.txt requirements-validator.txt | system-deps
	$(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(SYSTEM_PYTHON) -m venv $(VENV)/validator
	$(VENV)/validator/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-validator.txt
	touch $@

venv: $(VENV)/.installed

lint: venv
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

format: venv
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

test: lint
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest $(PYTEST_ARGS)

## The same pytest run on QGIS 3.40 (Debian 13 trixie) and 3.44 (Debian sid), each in a debootstrap chroot
## under .matrix/ built on first use (root; rebuilt when its package list changes). MATRIX_SUITES picks some.
MATRIX_SUITES ?= trixie sid
test-matrix:
	PYTEST_ARGS="$(PYTEST_ARGS)" scripts/test-matrix.sh $(MATRIX_SUITES)

## Unmounts what a killed matrix run may have left mounted, then removes .matrix/ (about 5 GB).
clean-matrix:
	scripts/test-matrix.sh --clean

## The local constellr-compatible API in the foreground (prints the demo API key).
sandbox: venv
	$(PYTHON) -m sandbox --host $(HOST) --port $(PORT)

## The translations: i18n/*.ts brought in step with the code's tr() texts, compiled to the .qm files QGIS
## loads from i18n/ (edit the .ts files with Qt Linguist; see plugin/i18n.py).
translations: venv
	$(PYTHON) scripts/update_translations.py
	$(PYTHON) scripts/update_translations.py --compile i18n

## QGIS with the plugin against the sandbox, with the demo project (quitting QGIS stops the sandbox).
demo: venv
	$(PYTHON) scripts/update_translations.py --compile i18n
	PYTHON=$(PYTHON) HOST=$(HOST) PORT=$(PORT) scripts/demo.sh

## The README's screenshots: the real QGIS window under Xvfb, driven by scripts/take_screenshots.py.
screenshots: venv
	PYTHON=$(PYTHON) HOST=$(HOST) PORT=$(PORT) xvfb-run -a -s "-screen 0 1366x768x24" \
		scripts/demo.sh --code scripts/take_screenshots.py

bench: venv
	@for script in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(PYTHON) $$script; done

## The plugin as QGIS installs it: a zip holding one folder named constellr (committed files only; the user
## guide help/user-guide.html is rendered from docs/user-guide.md by scripts/build_help.py; the translations
## are compiled from i18n/*.ts).
package:
	rm -rf build/package && mkdir -p build/package/constellr
	git archive --format=tar HEAD -- metadata.txt __init__.py main.py LICENSE README.md plugin ui resources \
		help/user-guide.html 'docs/screenshot-*.png' | tar -x -C build/package/constellr
	$(SYSTEM_PYTHON) scripts/update_translations.py --compile build/package/constellr/i18n
	cd build/package && rm -f ../constellr.zip && $(SYSTEM_PYTHON) -m zipfile -c ../constellr.zip constellr
	@echo "build/constellr.zip"

clean:
	rm -rf $(VENV) build .qgis-settings .pytest_cache .ruff_cache
