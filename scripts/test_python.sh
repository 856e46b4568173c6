#!/usr/bin/env bash
# Build the Python package from this checkout into a virtual environment
# and run its tests (pytest), the Spark test included.
#
# The environment lives in target/py-venv and is reused by later runs; set
# GONGKAI_SKIP_SPARK=1 to leave out the Spark test (it starts a JVM).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/py-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
# shellcheck disable=SC1091
source "$venv/bin/activate"
python -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
if [[ -z ${GONGKAI_SKIP_SPARK:-} ]] && ! command -v java >/dev/null; then
  echo "the Spark test needs Java: apt-get install openjdk-17-jre-headless" >&2
  exit 2
fi
(cd python && maturin develop --locked --quiet)
marks=()
[[ -n ${GONGKAI_SKIP_SPARK:-} ]] && marks=(-m "not spark")
python -m pytest -q python/tests "${marks[@]}"
