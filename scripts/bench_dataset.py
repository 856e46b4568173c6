#!/usr/bin/env python3
"""Measure a dataset-sized run: first run, unchanged re-run, re-run with
one changed file, and peak memory at two corpus sizes.

    scripts/bench_dataset.py [--files 3000] [--formats csv,parquet]

Builds the release binary, makes FILES reports from the samples (each copy
given a line of its own, so that no two files have the same bytes), and
prints the figures the README quotes.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "gongkai")


def make_corpus(folder, n):
    samples = sorted(f for f in os.listdir(os.path.join(ROOT, "samples")) if f.endswith(".txt"))
    texts = [open(os.path.join(ROOT, "samples", f), "rb").read() for f in samples]
    os.makedirs(folder)
    for i in range(n):
        k = i % len(texts)
        # Keep each file in its own encoding: append ASCII only where it is
        # safe (UTF-8 and GB18030); UTF-16 files get the line in UTF-16.
        text = texts[k]
        extra = ("\n%d\n" % i).encode("ascii")
        if text[:2] in (b"\xff\xfe", b"\xfe\xff"):
            extra = ("\n%d\n" % i).encode("utf-16-le" if text[:2] == b"\xff\xfe" else "utf-16-be")
        with open(os.path.join(folder, "r%05d_%s" % (i, samples[k])), "wb") as f:
            f.write(text + extra)


def run(args):
    """Run gongkai; (seconds, its peak RSS in MB, its summary line)."""
    start = time.perf_counter()
    p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - start
    if status != 0:
        sys.exit("gongkai failed: " + err)
    return secs, usage.ru_maxrss / 1024, err.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--formats", default="csv,parquet")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
    try:
        small, big = os.path.join(tmp, "small"), os.path.join(tmp, "big")
        make_corpus(small, 200)
        make_corpus(big, a.files)
        fmt = ["--format", a.formats]
        s_secs, s_rss, _ = run(["convert", small, "--out", os.path.join(tmp, "out-small")] + fmt)
        first, b_rss, line1 = run(["convert", big, "--out", os.path.join(tmp, "out")] + fmt)
        again, _, line2 = run(["convert", big, "--out", os.path.join(tmp, "out")] + fmt)
        victim = sorted(os.listdir(big))[0]
        with open(os.path.join(big, victim), "ab") as f:
            f.write(b"\n")
        one, _, line3 = run(["convert", big, "--out", os.path.join(tmp, "out")] + fmt)
        print("machine: %d cores, %s" % (os.cpu_count(), a.formats))
        print("first run, %d files:            %7.2f s   (%s)" % (a.files, first, line1))
        print("unchanged re-run:                %7.2f s   = %.1f %% of the first   (%s)" % (again, 100 * again / first, line2))
        print("re-run, one file changed:        %7.2f s   = %.1f %% of the first   (%s)" % (one, 100 * one / first, line3))
        print("peak RSS, 200 files:             %7.1f MB" % s_rss)
        print("peak RSS, %d files:            %7.1f MB" % (a.files, b_rss))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
