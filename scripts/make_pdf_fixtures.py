#!/usr/bin/env python3
"""Regenerate the small PDFs under tests/fixtures/pdf/ that tests/pdf_reader.rs reads.

Needs: pip install reportlab fpdf2; apt-get install qpdf fonts-wqy-zenhei.

    python3 scripts/make_pdf_fixtures.py

Each fixture exercises one way real reports encode text or draw tables:
- tounicode_table.pdf: fpdf2, embedded TrueType subset, Identity-H with a
  ToUnicode map, a table with stroked cell borders;
- identity_no_tounicode.pdf: the same with the ToUnicode maps removed, so
  text must come from the embedded font's own cmap;
- stsong_ucs2.pdf: reportlab's non-embedded STSong-Light (UniGB-UCS2-H, no
  ToUnicode), ruled with stroked lines and thin filled rectangles;
- gbk_form.pdf: hand-written, a GBK-EUC-H font shown inside a Form XObject
  drawn twice under different matrices;
- vertical.pdf: hand-written, UniGB-UCS2-V text running down the page;
- simple_font.pdf: Helvetica with WinAnsiEncoding;
- rotated_90.pdf: a /Rotate 90 page whose text reads upright when shown;
- rc4_40.pdf, rc4_128.pdf, aes_128.pdf, aes_256.pdf: tounicode_table.pdf
  encrypted with an empty user password; user_password.pdf: one that
  needs the password "secret";
- truncated.pdf: the first half of tounicode_table.pdf.
"""
import os
import re
import subprocess
import tempfile

from fpdf import FPDF
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "pdf")
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

ROWS = [
    ("201", "一般公共服务支出", "1,234.56"),
    ("20101", "人大事务", "217.46"),
    ("208", "社会保障和就业支出", "-3.00"),
]


def path(name):
    return os.path.join(OUT, name)


def tounicode_table():
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_compression(True)
    pdf.add_page()
    pdf.add_font("zh", "", FONT, collection_font_number=0)
    pdf.set_font("zh", size=16)
    pdf.set_xy(150, 60)
    pdf.cell(300, 24, "收入支出决算总表", align="C")
    pdf.set_font("zh", size=10)
    pdf.set_xy(60, 100)
    pdf.cell(300, 16, "单位：万元")
    y = 130
    for code, name, value in [("科目编码", "科目名称", "本年支出")] + ROWS:
        pdf.set_xy(60, y)
        pdf.cell(80, 20, code, border=1)
        pdf.cell(200, 20, name, border=1)
        pdf.cell(100, 20, value, border=1, align="R")
        y += 20
    pdf.output(path("tounicode_table.pdf"))


def strip_tounicode(src, dst):
    """Blank out every /ToUnicode entry in an uncompressed copy (same
    length, so offsets stay valid), then let qpdf rewrite it."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, qdf], check=True)
        data = open(qdf, "rb").read()
        data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), data)
        open(qdf, "wb").write(data)
        subprocess.run(["qpdf", "--compress-streams=y", "--object-streams=generate", qdf, dst], check=True)


def stsong_ucs2():
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(path("stsong_ucs2.pdf"), pagesize=A4)
    w, h = A4
    c.setFont("STSong-Light", 16)
    c.drawString(180, h - 80, "财政拨款收入支出决算总表")
    # A grid: stroked horizontal lines, vertical borders as thin fills.
    top, left, right = h - 120, 60, 460
    c.setLineWidth(0.5)
    for i in range(len(ROWS) + 1):
        c.line(left, top - 22 * i, right, top - 22 * i)
    bottom = top - 22 * len(ROWS)
    for x in (left, 140, 340, right):
        c.rect(x - 0.25, bottom, 0.5, top - bottom, stroke=0, fill=1)
    c.setFont("STSong-Light", 10)
    for i, (code, name, value) in enumerate(ROWS):
        y = top - 22 * i - 15
        c.drawString(left + 4, y, code)
        c.drawString(144, y, name)
        c.drawRightString(right - 4, y, value)
    c.showPage()
    c.save()


def simple_font():
    c = canvas.Canvas(path("simple_font.pdf"), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Total expenditure")
    c.drawRightString(400, 760, "1,234.56")
    c.showPage()
    c.save()


def rotated_90():
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(path("rotated_90.pdf"), pagesize=A4)
    c.setPageRotation(90)
    # Shown rotated 90° clockwise, so text drawn running up the page
    # reads left to right on screen.
    c.rotate(90)
    c.setFont("STSong-Light", 14)
    c.drawString(100, -100, "一般公共预算财政拨款支出表")
    c.drawString(100, -130, "合计")
    c.drawString(500, -130, "88.50")
    c.showPage()
    c.save()


def raw_pdf(objects):
    """A PDF from object bodies (1-based ids; object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(dict_body, data):
    return b"<< " + dict_body + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def gbk_form():
    text = "项目支出".encode("gbk") + b"12.5"
    form = b"BT /F1 10 Tf 0 0 Td <" + text.hex().encode() + b"> Tj ET 0 -4 m 80 -4 l S"
    page = b"q 1 0 0 1 100 700 cm /X1 Do Q q 2 0 0 2 100 500 cm /X1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"", page),
        stream(b"/Type /XObject /Subtype /Form /BBox [0 -10 200 20] /Resources << /Font << /F1 6 0 R >> >>", form),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /GBK-EUC-H /DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 /W [814 939 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    open(path("gbk_form.pdf"), "wb").write(raw_pdf(objects))


def vertical():
    """UniGB-UCS2-V: 合计 written top to bottom."""
    text = "合计".encode("utf-16-be")
    page = b"BT /F1 12 Tf 1 0 0 1 300 700 Tm <" + text.hex().encode() + b"> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"", page),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-V /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>",
    ]
    open(path("vertical.pdf"), "wb").write(raw_pdf(objects))


def encrypted():
    src = path("tounicode_table.pdf")
    variants = {
        "rc4_40.pdf": ["40", "--"],
        "rc4_128.pdf": ["128", "--use-aes=n", "--"],
        "aes_128.pdf": ["128", "--use-aes=y", "--"],
        "aes_256.pdf": ["256", "--"],
    }
    for name, args in variants.items():
        subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", "", "owner", *args, src, path(name)], check=True)
    # One that needs a real password, which the reader must refuse.
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", path("simple_font.pdf"), path("user_password.pdf")], check=True)


def truncated():
    data = open(path("tounicode_table.pdf"), "rb").read()
    open(path("truncated.pdf"), "wb").write(data[: len(data) // 2])


def main():
    os.makedirs(OUT, exist_ok=True)
    tounicode_table()
    strip_tounicode(path("tounicode_table.pdf"), path("identity_no_tounicode.pdf"))
    stsong_ucs2()
    simple_font()
    rotated_90()
    gbk_form()
    vertical()
    encrypted()
    truncated()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(path(name)):>8}  {name}")


if __name__ == "__main__":
    main()
