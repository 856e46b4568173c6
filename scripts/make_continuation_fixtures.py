#!/usr/bin/env python3
"""Regenerate the small PDFs under tests/fixtures/continuations/ that
tests/continuations.rs reads: a 支出总表 (公开03表) that goes on over pages.

No dependencies: the PDFs are written by hand with the non-embedded
STSong-Light font (UniGB-UCS2-H), the way many reports print.

    python3 scripts/make_continuation_fixtures.py

- running_heads.pdf: three ruled pages, each under the same running head
  and over a `第 N 页 共 3 页` foot; the table's rows go on bare (no
  title, no header) at the top of pages 2 and 3, and a note ends it;
- unruled_blank.pdf: the same table drawn without rulings over two pages
  (page 2 under its repeated title and header); no row of page 2 has a
  基本支出 value, and on page 1 some rows leave it blank too, so only
  the position of a value tells its column;
- fewer_rulings.pdf: ruled; page 2 repeats the title (marked 续) and the
  header, and draws no ruling between 基本支出 and 项目支出 in the rows
  where 基本支出 is blank.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_robust_fixtures import write_pdf  # noqa: E402  (one PDF writer for the fixture scripts)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "continuations")

HEAD = "某市某局（本级）2026年度单位预算公开"
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
# (code, name, basic, project) in 万元; totals are computed.
ROWS = [
    ("201", "一般公共服务支出", None, None),
    ("20103", "政府办公厅（室）及相关机构事务", None, None),
    ("2010301", "行政运行", "120.50", None),
    ("2010302", "一般行政管理事务", None, "35.20"),
    ("2010350", "事业运行", "48.30", "6.00"),
    ("208", "社会保障和就业支出", None, None),
    ("20805", "行政事业单位养老支出", None, None),
    ("2080501", "行政单位离退休", "12.40", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "18.60", None),
    ("2080506", "机关事业单位职业年金缴费支出", "9.30", None),
    ("210", "卫生健康支出", None, None),
    ("21011", "行政事业单位医疗", None, None),
    ("2101101", "行政单位医疗", "7.70", None),
    ("214", "交通运输支出", None, None),
    ("21401", "公路水路运输", None, None),
    ("2140101", "行政运行", None, "15.00"),
    ("2140106", "公路养护", None, "250.00"),
    ("2140112", "公路运输管理", None, "42.10"),
    ("221", "住房保障支出", None, None),
    ("22102", "住房改革支出", None, None),
    ("2210201", "住房公积金", "14.90", None),
]


def cents(v):
    return 0 if v is None else round(float(v) * 100)


def fmt(c):
    return "" if c == 0 else "%d.%02d" % divmod(c, 100)


def table_rows():
    """Every row with its 合计, parents summed from their children."""
    leaves = {code: (cents(b), cents(p)) for code, _, b, p in ROWS if len(code) == 7}
    out = []
    for code, name, _, _ in ROWS:
        b = sum(v[0] for k, v in leaves.items() if k.startswith(code))
        p = sum(v[1] for k, v in leaves.items() if k.startswith(code))
        out.append([code, name, fmt(b + p), fmt(b), fmt(p)])
    b = sum(v[0] for v in leaves.values())
    p = sum(v[1] for v in leaves.values())
    return [["", "合计", fmt(b + p), fmt(b), fmt(p)]] + out


class Doc:
    """Pages of text and lines in PDF user space (points, y up)."""

    def __init__(self):
        self.pages = []

    def page(self):
        self.pages.append([])

    def text(self, x, y, s, size=9, align="L"):
        w = sum(size * (0.5 if ord(ch) < 128 else 1.0) for ch in s)
        x = {"L": x, "R": x - w, "C": x - w / 2}[align]
        hexed = s.encode("utf-16-be").hex().encode()
        self.pages[-1].append(b"BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET" % (size, x, y, hexed))

    def line(self, x0, y0, x1, y1):
        self.pages[-1].append(b"%.2f %.2f m %.2f %.2f l S" % (x0, y0, x1, y1))

    def save(self, name):
        n = len(self.pages)
        font = 3 + 2 * n
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] >>"
            % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n),
        ]
        for i, ops in enumerate(self.pages):
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (font, 4 + 2 * i)
            )
            data = b"0.5 w\n" + b"\n".join(ops)
            objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        objects += [
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>"
            % (font + 1),
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [1 95 500] >>",
        ]
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(write_pdf(dict(enumerate(objects, start=1)), 1))


# Column boundaries of the table and where each column's text goes.
XS = [40, 110, 330, 410, 480, 555]
ROW_H = 20


def cell_text(d, row, y, skip_blank_rule=False):
    for c, s in enumerate(row):
        if not s:
            continue
        if c >= 2:
            d.text(XS[c + 1] - 4, y + 6, s, align="R")
        else:
            d.text(XS[c] + 4, y + 6, s)


def ruled(d, rows, top, sub_columns=True):
    """Rows drawn from `top` down (y up), one ruling under each; with
    `sub_columns` false, no vertical ruling between the last two columns
    in rows whose 基本支出 is blank."""
    y = top
    d.line(XS[0], y, XS[-1], y)
    for row in rows:
        y0 = y - ROW_H
        cell_text(d, row, y0)
        for k, x in enumerate(XS):
            if k == 4 and not sub_columns and not row[3]:
                continue
            d.line(x, y0, x, y)
        d.line(XS[0], y0, XS[-1], y0)
        y = y0
    return y


def preamble(d, title="支出总表"):
    d.text(297, 770, "公开03表", 10, "C")
    d.text(297, 750, title, 14, "C")
    d.text(40, 730, "部门：某市某局")
    d.text(555, 730, "单位：万元", align="R")


def running_heads():
    rows = table_rows()
    parts = [rows[:10], rows[10:18], rows[18:]]
    d = Doc()
    for n, part in enumerate(parts, start=1):
        d.page()
        d.text(297, 812, HEAD, 9, "C")
        d.text(297, 30, "第 %d 页 共 %d 页" % (n, len(parts)), 9, "C")
        top = 800 if n > 1 else 720
        if n == 1:
            preamble(d)
            top = ruled(d, [HEADER], top)
        y = ruled(d, part, top)
        if n == len(parts):
            d.text(40, y - 20, "注：本表反映部门本年度各项支出。")
        # Rows fill the page down to the foot: the table runs to it.
    d.save("running_heads.pdf")


def unruled_blank():
    rows = table_rows()
    # Page 2 holds rows without any 基本支出 value.
    second = [r for r in rows if r[0].startswith("214")]
    first = [r for r in rows if r not in second]
    d = Doc()
    for n, part in enumerate([first, second], start=1):
        d.page()
        preamble(d, "支出总表" if n == 1 else "支出总表（续）")
        y = 700
        for row in [HEADER] + part:
            if row is HEADER:
                for c, s in enumerate(row):
                    d.text((XS[c] + XS[c + 1]) / 2, y, s, align="C")
            else:
                cell_text(d, row, y - 6)
            y -= 16
    d.save("unruled_blank.pdf")


def fewer_rulings():
    rows = table_rows()
    d = Doc()
    for n, part in enumerate([rows[:12], rows[12:]], start=1):
        d.page()
        preamble(d, "支出总表" if n == 1 else "支出总表（续）")
        top = ruled(d, [HEADER], 720)
        ruled(d, part, top, sub_columns=n == 1)
    d.save("fewer_rulings.pdf")


def main():
    os.makedirs(OUT, exist_ok=True)
    running_heads()
    unruled_blank()
    fewer_rulings()


if __name__ == "__main__":
    main()
