#!/usr/bin/env bash
# Throughput of `gongkai convert` against `pdftotext -layout` over the same
# PDFs in the same run, both using every core, median of 3 runs each, and
# gongkai's peak memory.
#   scripts/bench.sh DIR [DIR…]      (pdftotext: apt-get install poppler-utils)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/bench.sh DIR [DIR...]" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install poppler-utils" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
exec python3 - "$here/target/release/gongkai" "$@" <<'PY'
import os, statistics, subprocess, sys, tempfile, time

gongkai, dirs = sys.argv[1], sys.argv[2:]
cores = os.cpu_count()
pdfs = sorted(os.path.join(root, f) for d in dirs for root, _, files in os.walk(d)
              for f in files if f.lower().endswith(".pdf"))
def has_pdf_magic(p):
    with open(p, "rb") as f:
        return b"%PDF-" in f.read(1024)
pdfs = [p for p in pdfs if has_pdf_magic(p)]
if not pdfs:
    sys.exit("no PDF files under " + " ".join(dirs))

def run(cmd, stdin=None):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin else None,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin:
        p.stdin.write(stdin.encode()); p.stdin.close()
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, err

listing = "\0".join(pdfs) + "\0"
with tempfile.TemporaryDirectory() as tmp:
    # Pages, as gongkai counts them.
    run([gongkai, "convert", *pdfs, "--out", tmp, "--fresh", "--quiet"])
    import csv
    pages = sum(int(r["pages"] or 0) for r in csv.DictReader(open(os.path.join(tmp, "documents.csv"), encoding="utf-8")))
    ours, theirs, rss = [], [], []
    for _ in range(3):
        secs, peak, _ = run([gongkai, "convert", *pdfs, "--out", tmp, "--fresh", "--quiet"])
        ours.append(secs); rss.append(peak)
        secs, _, _ = run(["xargs", "-0", "-P", str(cores), "-I{}", "pdftotext", "-layout", "{}", "/dev/null"], stdin=listing)
        theirs.append(secs)
g, p = statistics.median(ours), statistics.median(theirs)
print(f"{len(pdfs)} PDFs, {pages} pages, {cores} cores")
print(f"gongkai convert       {g:7.2f} s  {pages / g:8.1f} pages/s  peak RSS {max(rss):.0f} MB")
print(f"pdftotext -layout     {p:7.2f} s  {pages / p:8.1f} pages/s")
print(f"ratio (gongkai / pdftotext throughput): {p / g:.2f}x")
PY
