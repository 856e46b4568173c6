#!/usr/bin/env python3
"""Regenerate the PDFs under tests/fixtures/robust/ that tests/pdf_robust.rs reads.

    python3 scripts/make_robust_fixtures.py

Each is a small file that once cost the reader unbounded time or memory,
or that a mature reader repairs. Most are tests/fixtures/pdf/report_stsong.pdf
(a two-page 决算 table) rewritten with one defect:
- count_2147483647.pdf, count_1e12.pdf: the page tree claims that many pages;
- looping_tree.pdf: a /Kids entry points back to its parent;
- damaged_header.pdf: the `%PDF-` header overwritten, the rest intact;
- wrong_length.pdf: the content streams' /Length too short and too long;
- broken_xref.pdf: every cross-reference offset wrong;
and the rest are built from scratch:
- same_glyphs.pdf: one line of 200,000 identical glyphs on a wide page;
- content_array.pdf: one content-stream array of 3 million numbers;
- objstm_array.pdf: an object stream inflating past the load limit;
- fake_bold.pdf: every glyph drawn twice, 0.4 pt apart.
"""
import os
import re
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "robust")
SOURCE = os.path.join(HERE, "..", "tests", "fixtures", "pdf", "report_stsong.pdf")


def write_pdf(objects, root, extra_trailer=b""):
    """A PDF of `objects` ({number: body bytes}) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n \n" % offsets[num]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (size, root, extra_trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dict_entries, data, compress=True):
    if compress:
        data = zlib.compress(data, 9)
        dict_entries += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n" % (dict_entries, len(data)) + data + b"\nendstream"


def report_objects():
    data = open(SOURCE, "rb").read()
    objects = {}
    for m in re.finditer(rb"(\d+) 0 obj\n(.*?)\nendobj", data, re.S):
        objects[int(m.group(1))] = m.group(2)
    root = int(re.search(rb"/Root (\d+) 0 R", data).group(1))
    return objects, root


def page_tree_node(objects):
    return next(n for n, body in objects.items() if b"/Type /Pages" in body)


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def claimed_count(count):
    objects, root = report_objects()
    node = page_tree_node(objects)
    objects[node] = re.sub(rb"/Count \d+", b"/Count %d" % count, objects[node])
    return write_pdf(objects, root)


def looping_tree():
    objects, root = report_objects()
    node = page_tree_node(objects)
    kids = re.search(rb"/Kids \[([^\]]*)\]", objects[node]).group(1)
    middle = max(objects) + 1
    objects[node] = b"<< /Type /Pages /Kids [ %d 0 R ] /Count 2 >>" % middle
    objects[middle] = b"<< /Type /Pages /Parent %d 0 R /Kids [%s %d 0 R ] /Count 2 >>" % (
        node, kids, node)
    return write_pdf(objects, root)


def damaged_header():
    data = bytearray(open(SOURCE, "rb").read())
    data[0:8] = b"\x00\x13\x88\x07PDX1"
    return bytes(data)


def wrong_length():
    objects, root = report_objects()
    lengths = iter([b"/Length 40", b"/Length 90000"])
    for num, body in objects.items():
        if b"stream\n" in body and b"/Length" in body:
            objects[num] = re.sub(rb"/Length \d+", next(lengths, b"/Length 40"), body, count=1)
    return write_pdf(objects, root)


def broken_xref():
    data = open(SOURCE, "rb").read()
    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page(content, media=b"[0 0 595 842]", extra=None):
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>" % media,
        4: FONT,
        5: stream(b"", content),
    }
    objects.update(extra or {})
    return write_pdf(objects, 1)


def same_glyphs():
    n = 200_000
    content = b"BT /F1 10 Tf 5 50 Td (" + b"0" * n + b") Tj ET"
    return one_page(content, media=b"[0 0 %d 100]" % (n * 6 + 10))


def content_array():
    content = b"BT /F1 10 Tf 50 700 Td [" + b"0 " * 3_000_000 + b"] TJ ET"
    return one_page(content)


def objstm_array():
    # Object 6, in an object stream, is an array of 3 million numbers:
    # 6 MB once inflated, past the limit of one object stream (and 30
    # times what the largest seen in real reports needs).
    body = b"[" + b"0 " * 3_000_000 + b"]"
    header = b"6 0 "
    objstm = stream(b"/Type /ObjStm /N 1 /First %d" % len(header), header + body)
    content = b"BT /F1 10 Tf 50 700 Td (hello) Tj ET"
    return one_page(content, extra={7: objstm})


def fake_bold():
    content = (b"BT /F1 10 Tf 50 700 Td (Bold total 1,234.56) Tj ET "
               b"BT /F1 10 Tf 50.4 700 Td (Bold total 1,234.56) Tj ET "
               b"BT /F1 10 Tf 50 680 Td (plain) Tj ET")
    return one_page(content)


def main():
    os.makedirs(OUT, exist_ok=True)
    save("count_2147483647.pdf", claimed_count(2147483647))
    save("count_1e12.pdf", claimed_count(10**12))
    save("looping_tree.pdf", looping_tree())
    save("damaged_header.pdf", damaged_header())
    save("wrong_length.pdf", wrong_length())
    save("broken_xref.pdf", broken_xref())
    save("same_glyphs.pdf", same_glyphs())
    save("content_array.pdf", content_array())
    save("objstm_array.pdf", objstm_array())
    save("fake_bold.pdf", fake_bold())


if __name__ == "__main__":
    main()
