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

and for tests/pdf_convert.rs, a two-page 决算 report (公开05表 一般公共预算
财政拨款支出决算表: two-level header, 栏次 and 合计 rows, a name wrapped
in its cell, the header repeated on page 2), whose records are written down
by hand in report.truth.json:
- report.pdf: fpdf2, embedded TrueType subset, ruled;
- report_unruled.pdf: the same without any ruling line;
- report_stsong.pdf: reportlab's STSong-Light (UniGB-UCS2-H), ruled;
- report_rotated.pdf: the same on /Rotate 90 pages drawn turned, so they
  show upright;
- report_rc4_40.pdf, report_rc4_128.pdf, report_aes_128.pdf,
  report_aes_256.pdf: report.pdf encrypted with an empty user password;
  report_password.pdf: with the user password "secret";
- report_truncated.pdf: the first half of report.pdf;
- scan.pdf: one page holding nothing but an image;
- report_scan_page.pdf: page 1 of report_stsong.pdf, then scan.pdf's page;
- blank_pages.pdf: two pages with a frame drawn, no text, no image;
- html_page.pdf: an HTML error page under a .pdf name;
- zero_bytes.pdf: an empty file.
"""
import datetime
import os
import re
import subprocess
import tempfile

from fpdf import FPDF
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from make_robust_fixtures import stream as robust_stream, write_pdf  # one PDF writer for the fixture scripts

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


# --- A small 决算 report: 公开05表 over two pages -------------------------
#
# report.pdf and its variants draw the same table; the records it gives are
# written down by hand in tests/fixtures/pdf/report.truth.json.

REPORT_ROWS = [
    # code, name (a list: one string per printed line), 小计, 基本支出, 项目支出
    ("201", ["一般公共服务支出"], "1,523.40", "1,023.40", "500.00"),
    ("20101", ["人大事务"], "1,523.40", "1,023.40", "500.00"),
    ("2010101", ["行政运行"], "1,023.40", "1,023.40", "0.00"),
    ("2010199", ["其他人大事务支出（人大代表履职能", "力提升及代表活动经费）"], "500.00", "", "500.00"),
    ("208", ["社会保障和就业支出"], "236.18", "236.18", "0.00"),
    ("20805", ["行政事业单位养老支出"], "236.18", "236.18", "0.00"),
    ("2080505", ["机关事业单位基本养老保险缴费支出"], "157.45", "157.45", "0.00"),
    ("2080506", ["机关事业单位职业年金缴费支出"], "78.73", "78.73", "0.00"),
    # page 2
    ("210", ["卫生健康支出"], "92.06", "92.06", "0.00"),
    ("21011", ["行政事业单位医疗"], "92.06", "92.06", "0.00"),
    ("2101101", ["行政单位医疗"], "92.06", "92.06", "0.00"),
    ("213", ["农林水支出"], "12,480.25", "0.00", "12,480.25"),
    ("21301", ["农业农村"], "12,480.25", "0.00", "12,480.25"),
    ("2130153", ["农田建设"], "12,480.25", "0.00", "12,480.25"),
    ("221", ["住房保障支出"], "118.11", "118.11", "0.00"),
    ("22102", ["住房改革支出"], "118.11", "118.11", "0.00"),
    ("2210201", ["住房公积金"], "118.11", "118.11", "0.00"),
]
REPORT_TOTAL = ("14,450.00", "1,469.75", "12,980.25")
REPORT_PAGE_BREAK = 8  # rows of REPORT_ROWS on page 1

# Column edges (points from the left) and row heights of the table.
COLS = [50, 120, 325, 405, 485, 565]
ROW_H = 20
LINE_H = 12  # extra height of each further line of a wrapped name


class FpdfPainter:
    """fpdf2 with WenQuanYi Zen Hei embedded as a TrueType subset
    (Identity-H with a ToUnicode map); y is measured from the page top."""

    def __init__(self):
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_compression(True)
        self.pdf.set_creation_date(datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc))
        self.pdf.add_font("zh", "", FONT, collection_font_number=0)

    def page(self):
        self.pdf.add_page()

    def text(self, x, y, s, size, align="L"):
        self.pdf.set_font("zh", size=size)
        w = self.pdf.get_string_width(s)
        x = {"L": x, "C": x - w / 2, "R": x - w}[align]
        self.pdf.text(x, y, s)

    def line(self, x0, y0, x1, y1):
        self.pdf.set_line_width(0.5)
        self.pdf.line(x0, y0, x1, y1)

    def save(self, name):
        self.pdf.output(path(name))


class ReportlabPainter:
    """reportlab's non-embedded STSong-Light (UniGB-UCS2-H, no ToUnicode).
    With rotated=True the page's MediaBox is landscape, /Rotate is 90 and
    everything is drawn turned a quarter anticlockwise, so it shows upright
    on a portrait page."""

    def __init__(self, name, rotated=False):
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        self.h = A4[1]
        self.rotated = rotated
        # With /Rotate 90 reportlab writes the MediaBox landscape itself.
        self.c = canvas.Canvas(path(name), pagesize=A4, invariant=1)
        self.started = False

    def _begin(self):
        if self.rotated:
            self.c.setPageRotation(90)
            self.c.translate(self.h, 0)
            self.c.rotate(90)
        self.c.setLineWidth(0.5)

    def page(self):
        if self.started:
            self.c.showPage()
        self.started = True
        self._begin()

    def text(self, x, y, s, size, align="L"):
        self.c.setFont("STSong-Light", size)
        draw = {"L": self.c.drawString, "C": self.c.drawCentredString, "R": self.c.drawRightString}[align]
        draw(x, self.h - y, s)

    def line(self, x0, y0, x1, y1):
        self.c.line(x0, self.h - y0, x1, self.h - y1)

    def save(self, name):
        self.c.showPage()
        self.c.save()


def draw_report(p, ruled=True):
    """Draw the two pages of the report with painter p."""
    left, right = COLS[0], COLS[-1]

    def hline(y, x0=left, x1=right):
        if ruled:
            p.line(x0, y, x1, y)

    def vline(x, y0, y1):
        if ruled:
            p.line(x, y0, x, y1)

    def header(top):
        """项目 | 本年支出 over 科目编码 科目名称 | 小计 基本支出 项目支出, then 栏次."""
        mid, bottom = top + ROW_H, top + 2 * ROW_H
        p.text((COLS[0] + COLS[2]) / 2, top + 14, "项目", 10, "C")
        p.text((COLS[2] + COLS[5]) / 2, top + 14, "本年支出", 10, "C")
        for i, label in enumerate(["科目编码", "科目名称", "小计", "基本支出", "项目支出"]):
            p.text((COLS[i] + COLS[i + 1]) / 2, mid + 14, label, 10, "C")
        p.text((COLS[0] + COLS[2]) / 2, bottom + 14, "栏次", 10, "C")
        for i in range(3):
            p.text((COLS[i + 2] + COLS[i + 3]) / 2, bottom + 14, str(i + 1), 10, "C")
        for y in (top, mid, bottom, bottom + ROW_H):
            hline(y)
        # 项目 spans two columns in its row only, 本年支出 the three value
        # columns, 栏次 (and 合计 below it) the code and name columns.
        vline(COLS[0], top, bottom + ROW_H)
        vline(COLS[2], top, bottom + ROW_H)
        vline(COLS[5], top, bottom + ROW_H)
        for x in (COLS[1],):
            vline(x, mid, bottom)
        for x in (COLS[3], COLS[4]):
            vline(x, mid, bottom + ROW_H)
        return bottom + ROW_H

    def body(top, rows, total=None):
        y = top
        if total:
            p.text((COLS[0] + COLS[2]) / 2, y + 14, "合计", 10, "C")
            for i, v in enumerate(total):
                p.text(COLS[i + 3] - 4, y + 14, v, 10, "R")
            vline(COLS[0], y, y + ROW_H)
            for x in COLS[2:]:
                vline(x, y, y + ROW_H)
            y += ROW_H
            hline(y)
        for code, name, *values in rows:
            h = ROW_H + LINE_H * (len(name) - 1)
            middle = y + h / 2 + 4
            p.text(COLS[0] + 4, middle, code, 10)
            for k, part in enumerate(name):
                first = middle - LINE_H * (len(name) - 1) / 2
                p.text(COLS[1] + 4, first + LINE_H * k, part, 10)
            for i, v in enumerate(values):
                if v:
                    p.text(COLS[i + 3] - 4, middle, v, 10, "R")
            for x in COLS:
                vline(x, y, y + h)
            y += h
            hline(y)
        return y

    # Page 1: part heading, label, title, unit, year, amount unit, table.
    p.page()
    p.text(297, 60, "第二部分 2023年度部门决算表", 16, "C")
    p.text(right, 100, "公开05表", 10, "R")
    p.text(297, 124, "一般公共预算财政拨款支出决算表", 15, "C")
    p.text(left, 152, "单位：某某局", 10)
    p.text(297, 152, "2023年度", 10, "C")
    p.text(right, 152, "单位：万元", 10, "R")
    y = header(162)
    body(y, REPORT_ROWS[:REPORT_PAGE_BREAK], REPORT_TOTAL)
    p.text(297, 800, "- 1 -", 9, "C")
    # Page 2: the header again, the rest of the rows, a note.
    p.page()
    y = header(60)
    y = body(y, REPORT_ROWS[REPORT_PAGE_BREAK:])
    p.text(left, y + 20, "注：本表反映本年度一般公共预算财政拨款实际支出情况。", 9)
    p.text(297, 800, "- 2 -", 9, "C")


def report_fpdf(name, ruled):
    p = FpdfPainter()
    draw_report(p, ruled)
    p.save(name)


def report_reportlab(name, rotated):
    p = ReportlabPainter(name, rotated)
    draw_report(p)
    p.save(name)


def report_variants():
    report_fpdf("report.pdf", ruled=True)
    report_fpdf("report_unruled.pdf", ruled=False)
    report_reportlab("report_stsong.pdf", rotated=False)
    report_reportlab("report_rotated.pdf", rotated=True)


def report_statuses():
    """The report in every state convert must recognise."""
    src = path("report.pdf")
    variants = {
        "report_rc4_40.pdf": ["40", "--"],
        "report_rc4_128.pdf": ["128", "--use-aes=n", "--"],
        "report_aes_128.pdf": ["128", "--use-aes=y", "--"],
        "report_aes_256.pdf": ["256", "--"],
    }
    for name, args in variants.items():
        subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", "", "owner", *args, src, path(name)], check=True)
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", src, path("report_password.pdf")], check=True)
    data = open(src, "rb").read()
    open(path("report_truncated.pdf"), "wb").write(data[: len(data) // 2])
    # A scanned page: one 8x8 grey image filling the page, no text.
    pixels = bytes((x * 32 + y * 4) % 256 for y in range(8) for x in range(8))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream(b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8", pixels),
    ]
    open(path("scan.pdf"), "wb").write(raw_pdf(objects))
    # Page 1 of the report (text), then the scanned page.
    subprocess.run(["qpdf", "--empty", "--pages", path("report_stsong.pdf"), "1", path("scan.pdf"), "1", "--", path("report_scan_page.pdf")], check=True)
    # Two pages with a frame drawn on each but neither text nor image.
    frame = stream(b"", b"0.5 w 50 50 495 742 re S")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        frame,
    ]
    open(path("blank_pages.pdf"), "wb").write(raw_pdf(objects))
    open(path("html_page.pdf"), "wb").write(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>\n"
        "<body><h1>404</h1><p>您访问的页面不存在。</p></body></html>\n".encode()
    )
    open(path("zero_bytes.pdf"), "wb").close()


def raw_pdf(objects):
    """A PDF from object bodies (1-based ids; object 1 is the catalog)."""
    return write_pdf(dict(enumerate(objects, start=1)), 1)


def stream(dict_body, data):
    return robust_stream(dict_body, data, compress=False)


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
    report_variants()
    report_statuses()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(path(name)):>8}  {name}")


if __name__ == "__main__":
    main()
