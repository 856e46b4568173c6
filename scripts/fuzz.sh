#!/usr/bin/env bash
# Fuzz the whole per-file pipeline on stable Rust for a time budget.
#
#   scripts/fuzz.sh [-b SECONDS] [-s SEED] [-o DIR] [SEED_PATH...]
#
# Seeds: the given files and folders (their .pdf, .txt and .text files),
# by default samples/ and tests/fixtures/. The release example
# `examples/fuzz` mutates them and converts each mutant in-process (read,
# layout, document, normalize, validate, output rows); a panic caught by
# the library counts as a crash. Inputs are rebuilt from (seed, iteration):
# when the process dies (an abort, a stack overflow), the input it was on
# is written out and the run goes on with the next iteration.
#
# Crashing and timed-out inputs are saved under DIR (default fuzz-out/);
# a summary line ends the run. Runs at nice 10 so that it can share a
# machine. With nightly Rust, `cargo fuzz run pipeline` runs the same
# pipeline under libFuzzer (see fuzz/).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
budget=600 seed=1 out=fuzz-out timeout=5
while getopts "b:s:o:t:" opt; do
  case $opt in
    b) budget=$OPTARG ;;
    s) seed=$OPTARG ;;
    o) out=$OPTARG ;;
    t) timeout=$OPTARG ;;
    *) echo "usage: scripts/fuzz.sh [-b SECONDS] [-s SEED] [-o DIR] [-t FILE_TIMEOUT] [SEED_PATH...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then set -- "$here/samples" "$here/tests/fixtures"; fi
# A copy of the seeds, so that (seed, iteration) names the same input for
# the whole run even if the seed folders change meanwhile.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
n=0
for path in "$@"; do
  n=$(( n + 1 ))
  mkdir -p "$seeds/$n"
  cp -r "$path" "$seeds/$n/"
done
cargo build --release --quiet --example fuzz --manifest-path "$here/Cargo.toml"
# A copy of the harness too: a rebuild meanwhile must not change how an
# iteration is replayed.
cp "$here/target/release/examples/fuzz" "$seeds/fuzz"
fuzz="$seeds/fuzz"
mkdir -p "$out"
log="$out/log-$seed.txt"
: > "$log"
progress="$seeds/progress"

start=0 runs=0 deaths=0
began=$(date +%s)
while :; do
  left=$(( budget - ($(date +%s) - began) ))
  [ "$left" -gt 0 ] || break
  set +e
  line=$(nice -n 10 "$fuzz" "$seeds" --seed "$seed" --start "$start" --budget "$left" \
           --timeout "$timeout" --progress "$progress" --save "$out" | tee -a "$log" | tail -n 1)
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -le 1 ] && [[ $line == runs=* ]]; then
    # A whole pass: its summary line counts its runs.
    for kv in $line; do
      case $kv in runs=*) runs=$(( runs + ${kv#runs=} )) ;; esac
    done
    break
  fi
  # The process died: save the input it was on, go on after it.
  at=$(( 10#$(tr -d '[:space:]' < "$progress") ))
  deaths=$(( deaths + 1 )) runs=$(( runs + at - start + 1 ))
  ext=txt
  "$fuzz" "$seeds" --seed "$seed" --start "$at" --write "$out/died-$seed-$at.bin"
  if head -c 1024 "$out/died-$seed-$at.bin" | grep -qa '%PDF-'; then ext=pdf; fi
  mv "$out/died-$seed-$at.bin" "$out/died-$seed-$at.$ext"
  echo "died seed=$seed iteration=$at (exit $status): saved $out/died-$seed-$at.$ext" | tee -a "$log"
  start=$(( at + 1 ))
done
caught=$(grep -c '^crash ' "$log" || true)
slow=$(grep -c '^slow ' "$log" || true)
crashes=$(( caught + deaths ))
echo "fuzz: seed $seed, $runs runs, $crashes crashes ($caught caught, $deaths killed the process), $slow timed out, $(( $(date +%s) - began )) s; inputs in $out/, log in $log"
[ "$crashes" -eq 0 ]
