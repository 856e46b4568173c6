#!/usr/bin/env python3
"""Dump a PDF's pages as gongkai's `pdf::Page` JSON, read with pdfplumber.

    scripts/dump_pages.py IN.pdf OUT.json

Writes a JSON list of pages: number, width, height, glyphs (text, x0, y0,
x1, y1, size; in content-stream order), segments (x0, y0, x1, y1; ruling
lines: stroked lines, thin rectangles as one line, other rectangles as
their four sides, axis-aligned pieces of curves) and images. Coordinates
are points, origin top-left, y down. Used to develop and score the layout
stage before the Rust PDF reader exists; keep the dumps out of git.
"""
import json
import sys

import pdfplumber

THIN = 2.0  # a rectangle thinner than this is a ruling line


def r(v):
    return round(float(v), 3)


def seg(x0, y0, x1, y1):
    return {"x0": r(min(x0, x1)), "y0": r(min(y0, y1)),
            "x1": r(max(x0, x1)), "y1": r(max(y0, y1))}


def segments(page):
    out = []
    for ln in page.lines:
        pts = ln.get("pts") or [(ln["x0"], ln["top"]), (ln["x1"], ln["bottom"])]
        out.extend(polyline(pts))
    for rc in page.rects:
        x0, x1, top, bottom = rc["x0"], rc["x1"], rc["top"], rc["bottom"]
        if x1 - x0 <= THIN or bottom - top <= THIN:
            if x1 - x0 <= THIN and bottom - top <= THIN:
                continue
            if x1 - x0 <= THIN:
                xm = (x0 + x1) / 2
                out.append(seg(xm, top, xm, bottom))
            else:
                ym = (top + bottom) / 2
                out.append(seg(x0, ym, x1, ym))
        else:
            out += [seg(x0, top, x1, top), seg(x0, bottom, x1, bottom),
                    seg(x0, top, x0, bottom), seg(x1, top, x1, bottom)]
    for cv in page.curves:
        out.extend(polyline(cv.get("pts") or []))
    return out


def polyline(pts):
    out = []
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if abs(ax - bx) < 0.5 or abs(ay - by) < 0.5:
            if abs(ax - bx) < 0.5 and abs(ay - by) < 0.5:
                continue
            out.append(seg(ax, ay, bx, by))
    return out


def dump(path, password=""):
    pages = []
    with pdfplumber.open(path, password=password) as pdf:
        for i, page in enumerate(pdf.pages, 1):
            glyphs = [{"text": c["text"], "x0": r(c["x0"]), "y0": r(c["top"]),
                       "x1": r(c["x1"]), "y1": r(c["bottom"]), "size": r(c["size"])}
                      for c in page.chars]
            pages.append({"number": i, "width": r(page.width), "height": r(page.height),
                          "glyphs": glyphs, "segments": segments(page),
                          "images": len(page.images)})
            page.flush_cache()
    return pages


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: dump_pages.py IN.pdf OUT.json")
    pages = dump(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(pages, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
