#!/usr/bin/env python3
"""Compare gongkai's PDF reader with `pdftotext -layout`, per document.

For every PDF given (files or directories): pages, glyph count, the
fraction of pdftotext's non-space characters (and of its CJK characters)
that our glyphs contain (multiset, per page, both sides NFKC-normalised),
and wall time per page of both tools (best of --runs).

    cargo build --release --example pdfglyphs
    python3 scripts/measure_pdf.py ../shared/corpus ../shared/realdocs
"""
import argparse
import collections
import os
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GLYPHS = os.path.join(HERE, "..", "target", "release", "examples", "pdfglyphs")


def is_cjk(c):
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def norm(text):
    return [c for c in unicodedata.normalize("NFKC", text) if not c.isspace()]


def ours(path):
    out = subprocess.run([GLYPHS, path], capture_output=True, text=True).stdout
    pages, summary, error = [], {}, None
    for line in out.splitlines():
        if line.startswith("#page\t"):
            pages.append([])
        elif line.startswith("#summary"):
            summary = dict(kv.split("=", 1) for kv in line.split("\t")[2:])
        elif line.startswith("#error"):
            error = line.split("\t", 2)[2]
        elif pages:
            pages[-1].append(line[17:])
    return ["\n".join(p) for p in pages], summary, error


def theirs(path):
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
                         capture_output=True, text=True)
    return out.stdout.split("\f") if out.returncode == 0 else None


def best_time(cmd, runs):
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def coverage(our_pages, their_pages):
    found = total = cjk_found = cjk_total = 0
    for i, theirs_text in enumerate(their_pages):
        want = collections.Counter(norm(theirs_text))
        have = collections.Counter(norm(our_pages[i])) if i < len(our_pages) else collections.Counter()
        for c, n in want.items():
            hit = min(n, have[c])
            found += hit
            total += n
            if is_cjk(c):
                cjk_found += hit
                cjk_total += n
    frac = lambda a, b: a / b if b else float("nan")
    return frac(found, total), frac(cjk_found, cjk_total), total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".pdf"))
        else:
            files.append(p)
    print("| file | pages | glyphs | segments | chars found | CJK found | pdftotext chars | ours ms/page | pdftotext ms/page |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    tot_ours = tot_theirs = tot_pages = 0
    for path in files:
        name = os.path.basename(path)
        our_pages, summary, error = ours(path)
        if error:
            print(f"| {name} | error: {error} |||||||")
            continue
        their_pages = theirs(path) or []
        all_, cjk, total = coverage(our_pages, their_pages)
        pages = int(summary.get("pages", 0)) or 1
        t_ours = best_time([GLYPHS, "--summary", path], args.runs)
        t_theirs = best_time(["pdftotext", "-layout", path, "/dev/null"], args.runs)
        tot_ours += t_ours
        tot_theirs += t_theirs
        tot_pages += pages
        print(f"| {name} | {pages} | {summary.get('glyphs')} | {summary.get('segments')} | "
              f"{all_:.4f} | {cjk:.4f} | {total} | {t_ours / pages * 1000:.2f} | {t_theirs / pages * 1000:.2f} |")
    if tot_pages:
        print(f"\nall: {tot_pages} pages; ours {tot_ours:.2f} s ({tot_ours / tot_pages * 1000:.2f} ms/page), "
              f"pdftotext -layout {tot_theirs:.2f} s ({tot_theirs / tot_pages * 1000:.2f} ms/page)")


if __name__ == "__main__":
    sys.exit(main())
