#!/usr/bin/env python3
"""Build the large hostile PDFs that tests/pdf_robust.rs covers in small,
convert each with a gongkai binary, and report its status, wall time and
peak memory: every file must end with a status row, in bounded time and
memory.

    python3 scripts/robust_stress.py [target/release/gongkai] [--timeout S]

The files are written to a temporary folder and removed afterwards:
- count_2147483647.pdf: a 1-page file whose page tree claims 2^31-1 pages;
- glyphs_200k.pdf, glyphs_1900k.pdf: one line of that many identical glyphs;
- pages_1e6.pdf: a million pages (past the page limit);
- pages_90k.pdf: 90,000 pages of text, to see the time limit hold;
- content_array_120m.pdf: one content-stream array of 120 million numbers;
- objstm_array_120m.pdf: the same array inside an object stream;
- forms_250mb.pdf: Form XObjects inflating to 250 MB each.
"""
import os
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_robust_fixtures import write_pdf  # noqa: E402  (one PDF writer for both scripts)


def stream(entries, data):
    z = zlib.compress(data, 9)
    return b"<< %s /Filter /FlateDecode /Length %d >>\nstream\n" % (entries, len(z)) + z + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page(content, media=b"[0 0 595 842]", resources=b"/Font << /F1 4 0 R >>", extra=None, count=1):
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << %s >> /Contents 5 0 R >>" % (media, resources),
        4: FONT,
        5: stream(b"", content),
    }
    objects.update(extra or {})
    return write_pdf(objects, 1)


def glyphs(n):
    return one_page(b"BT /F1 10 Tf 5 50 Td (" + b"0" * n + b") Tj ET", media=b"[0 0 %d 100]" % (n * 6 + 10))


def pages(n, text=b""):
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 4: FONT}
    content = b"BT /F1 10 Tf 50 700 Td (" + text + b") Tj ET" if text else b""
    objects[5] = stream(b"", content)
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(n))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    for i in range(n):
        objects[10 + i] = page
    return write_pdf(objects, 1)


def big_array(n):
    return b"[" + b"0 " * n + b"]"


def content_array(n):
    return one_page(b"BT /F1 10 Tf 50 700 Td " + big_array(n) + b" TJ ET")


def objstm_array(n):
    header = b"6 0 "
    objstm = stream(b"/Type /ObjStm /N 1 /First %d" % len(header), header + big_array(n))
    return one_page(b"BT /F1 10 Tf 50 700 Td (hello) Tj ET", extra={7: objstm})


def forms(count, size):
    body = b"0 0 m 1 1 l S\n" * (size // 14)
    extra = {}
    names = []
    for i in range(count):
        extra[10 + i] = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]", body)
        names.append(b"/X%d %d 0 R" % (i, 10 + i))
    resources = b"/Font << /F1 4 0 R >> /XObject << %s >>" % b" ".join(names)
    content = b"".join(b"/X%d Do " % i for i in range(count)) + b"BT /F1 10 Tf 50 700 Td (hello) Tj ET"
    return one_page(content, resources=resources, extra=extra)


CASES = [
    ("count_2147483647.pdf", lambda: one_page(b"BT /F1 10 Tf 50 700 Td (hello) Tj ET", count=2147483647)),
    ("glyphs_200k.pdf", lambda: glyphs(200_000)),
    ("glyphs_1900k.pdf", lambda: glyphs(1_900_000)),
    ("pages_1e6.pdf", lambda: pages(1_000_000)),
    ("pages_90k.pdf", lambda: pages(90_000, b"hello " * 200)),
    ("content_array_120m.pdf", lambda: content_array(120_000_000)),
    ("objstm_array_120m.pdf", lambda: objstm_array(120_000_000)),
    ("forms_250mb.pdf", lambda: forms(4, 250_000_000)),
]


def main():
    args = sys.argv[1:]
    timeout = "60"
    if "--timeout" in args:
        i = args.index("--timeout")
        timeout = args[i + 1]
        del args[i:i + 2]
    gongkai = args[0] if args else "target/release/gongkai"
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in CASES:
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(build())
            out = os.path.join(tmp, "out-" + name)
            start = time.perf_counter()
            # /usr/bin/time measures the converter alone (a child forked
            # from this script would count the script's memory too).
            rss = os.path.join(tmp, "rss")
            p = subprocess.Popen(["/usr/bin/time", "-o", rss, "-f", "%M", gongkai, "convert", path,
                                  "--out", out, "--quiet", "--timeout", timeout],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            err = p.stderr.read().decode(errors="replace")
            status = p.wait()
            secs = time.perf_counter() - start
            peak = int(open(rss).read().split()[-1]) / 1024 if os.path.exists(rss) else float("nan")
            row = "(no documents.csv)"
            docs = os.path.join(out, "documents.csv")
            if os.path.exists(docs):
                row = open(docs, encoding="utf-8").read().splitlines()[-1].split(",", 10)[-1]
            code = status
            print(f"{name:24} {os.path.getsize(path):>10} B  exit {code:>3}  {secs:6.1f} s  "
                  f"peak {peak:7.0f} MB  {row}")
            if code < 0:
                print("   killed by signal:", err.strip()[-300:])
            os.remove(path)


if __name__ == "__main__":
    main()
