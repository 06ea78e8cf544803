# Set-up and everyday commands. `make app` and `make test` each do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2
# llama.cpp for any x86-64 CPU since 2013 (AVX2), not -march=native: on CPUs with AMX its native build
# crashes on the first multi-token decode, and a native build does not run on an older office PC.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON

.PHONY: setup system app test bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e '.[local,dev]'

# Debian packages for the browser test, CJK and emoji fonts for its screenshots, and LibreOffice headless for the
# test that checks a real report converted to .docx (skipped when present).
system:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=zh | grep -q . \
	  && fc-list | grep -qi 'color emoji' && command -v soffice >/dev/null && command -v pdftoppm >/dev/null \
	  || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk \
	      fonts-noto-color-emoji libreoffice-writer-nogui poppler-utils)

app: setup
	$(BIN)/assistant ingest corpus/
	$(BIN)/python app.py

test: setup system
	$(BIN)/python -m pytest

bench: setup
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done
