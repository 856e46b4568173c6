#!/usr/bin/env bash
# Convert a folder of reports with .truth.json files beside them and score
# the output against the truth with the development corpus's scorer.
#   scripts/score.sh DIR [score.py options, e.g. --per-table]
set -euo pipefail
dir=${1:?usage: scripts/score.sh DIR [--per-table]}
shift
here=$(cd "$(dirname "$0")/.." && pwd)
scorer=${SCORER:-$here/../shared/score.py}
[ -f "$scorer" ] || { echo "no scorer at $scorer (set SCORER=path/to/score.py)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet --release --manifest-path "$here/Cargo.toml" -- convert "$dir" --out "$out" --quiet || true
python3 "$scorer" --truth "$dir" --out "$out" "$@"
