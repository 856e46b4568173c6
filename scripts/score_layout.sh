#!/usr/bin/env bash
# Score the layout stage end to end on PDFs read by pdfplumber: dump each
# PDF's pages (scripts/dump_pages.py, cached under target/layout-dumps),
# convert the dumps with the layout_convert example, score with score.py.
#   scripts/score_layout.sh DIR [score.py options, e.g. --per-table]
# DIR holds PDFs with their .truth.json files beside them.
set -euo pipefail
dir=${1:?usage: scripts/score_layout.sh DIR [--per-table]}
shift
here=$(cd "$(dirname "$0")/.." && pwd)
scorer=${SCORER:-$here/../shared/score.py}
dumps=$here/target/layout-dumps
mkdir -p "$dumps"
for pdf in "$dir"/*.pdf; do
  out=$dumps/$(basename "$pdf").json
  if [ ! -s "$out" ] || [ "$pdf" -nt "$out" ]; then
    python3 "$here/scripts/dump_pages.py" "$pdf" "$out" 2>/dev/null
  fi
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=()
for pdf in "$dir"/*.pdf; do files+=("$dumps/$(basename "$pdf").json"); done
cargo run --quiet --release --manifest-path "$here/Cargo.toml" --example layout_convert -- --out "$out" "${files[@]}"
python3 "$scorer" --truth "$dir" --out "$out" "$@"
