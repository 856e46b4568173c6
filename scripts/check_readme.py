#!/usr/bin/env python3
"""Run every code example of the README's "Loading the records" section
against a convert output folder and check that each prints what the README
shows under it.

    check_readme.py OUT [--update]

OUT is the output of `gongkai convert samples --out OUT --format
csv,parquet`; the examples read it as `out/`. Each example is a fenced
block (python, sql or r) followed by a ```text block with what it prints.
Python blocks run with this interpreter (pandas, polars), sql blocks in
DuckDB, r blocks with Rscript (readr); without Rscript the r blocks are
skipped unless GONGKAI_REQUIRE_R is set. --update rewrites the text blocks
with what the examples print now (review the diff).
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SECTION = "## Loading the records"
BLOCK = re.compile(r"```(python|sql|r)\n(.*?)```\n\n```text\n(.*?)```", re.S)


def section(text):
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return start, (len(text) if end < 0 else end)


def run(lang, code, cwd):
    if lang == "python":
        cmd = [sys.executable, "-c", code]
    elif lang == "sql":
        script = (
            "import duckdb, sys\n"
            "for row in duckdb.sql(sys.argv[1]).fetchall():\n"
            "    print(*row, sep=' | ')\n"
        )
        cmd = [sys.executable, "-c", script, code]
    else:
        if not shutil.which("Rscript"):
            if os.environ.get("GONGKAI_REQUIRE_R"):
                sys.exit("Rscript not found (apt-get install r-base-core r-cran-readr)")
            print("skipped an R example: Rscript not found", file=sys.stderr)
            return None
        cmd = ["Rscript", "-e", code]
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"a {lang} example of the README failed:\n{code}\n{done.stderr}")
    return done.stdout


def norm(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1]).resolve()
    update = "--update" in sys.argv[2:]
    text = README.read_text(encoding="utf-8")
    start, end = section(text)
    part = text[start:end]
    blocks = list(BLOCK.finditer(part))
    if len(blocks) < 4:
        sys.exit(f"expected the pandas, polars, DuckDB and R examples, found {len(blocks)}")
    failures, pieces, last = [], [], 0
    with tempfile.TemporaryDirectory() as cwd:
        os.symlink(out, pathlib.Path(cwd) / "out")
        for m in blocks:
            lang, code, shown = m.group(1), m.group(2), m.group(3)
            printed = run(lang, code, cwd)
            pieces.append(part[last:m.start(3)])
            if printed is not None and norm(printed) != norm(shown):
                failures.append(f"{lang} example prints\n{printed}\nbut the README shows\n{shown}")
                pieces.append(norm(printed) + "\n")
            else:
                pieces.append(shown)
            last = m.end(3)
    pieces.append(part[last:])
    if update:
        README.write_text(text[:start] + "".join(pieces) + text[end:], encoding="utf-8")
        print(f"updated {len(failures)} example outputs")
    elif failures:
        sys.exit("\n\n".join(failures))
    else:
        print(f"{len(blocks)} README examples print what the README shows")


if __name__ == "__main__":
    main()
