#!/usr/bin/env python3
"""Checks report.html as a browser rendered it (Python 3 standard library only).

    check_report_html.py DOM_HTML SCREENSHOT_PNG OUT_DIR EXPECTED_OUTLETS_CSV

DOM_HTML is Chromium's `--dump-dom` of OUT_DIR/report.html, SCREENSHOT_PNG its `--screenshot`.
The checks: the page has every section; it names the outlets and agencies that
EXPECTED_OUTLETS_CSV says carry wire copy; it shows the run's counts from OUT_DIR/summary.json;
every top pair links to a passages block that exists and has highlighted passages on both sides;
no element loads anything from the network; the screenshot is a real picture (not blank: many
colours, a fair share of non-white pixels, the report's credited/uncredited colours present).

Prints one line per check and a closing `N passed, M failed`; exits 1 if any check failed.
"""

import csv
import json
import struct
import sys
import zlib
from html.parser import HTMLParser

SECTIONS = ["summary", "outlets", "reach", "clusters", "pairs", "passages"]
CREDITED = (0x25, 0x63, 0xA8)
UNCREDITED = (0xE0, 0x7B, 0x24)


class Dom(HTMLParser):
    """The rendered DOM, flattened: element ids, links, resource attributes, text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = {}
        self.hrefs = []
        self.resources = []
        self.text = []
        self.stack = []
        self.marks = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a.get("id")))
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        for k in ("src", "href", "srcset", "data", "poster", "action"):
            if k in a and a[k] is not None:
                self.resources.append((tag, k, a[k]))
        if tag == "mark":
            self.marks.append(a.get("id") or "")

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        self.text.append(data)


def decode_png(path):
    """Returns (width, height, rows) with rows as lists of RGB tuples (8-bit RGB/RGBA only)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def main(argv):
    dom_path, png_path, out_dir, expected_path = argv[1:5]
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))

    dom = Dom()
    dom.feed(open(dom_path, encoding="utf-8").read())
    text = " ".join(" ".join(dom.text).split())
    summary = json.load(open(f"{out_dir}/summary.json", encoding="utf-8"))

    for s in SECTIONS:
        check(f"section #{s}", dom.ids.get(s) == "section", f"ids: {sorted(dom.ids)[:20]}")

    with open(expected_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    carrying = sorted({r["outlet"] for r in rows if r["agency"] and int(r["reusing"]) > 0})
    agencies = sorted({r["agency"] for r in rows if r["agency"]})
    missing = [o for o in carrying if o not in text]
    check(f"names the {len(carrying)} outlets carrying wire copy", not missing, f"missing {missing}")
    missing = [a for a in agencies if a not in text]
    check(f"names the agencies {', '.join(agencies)}", not missing, f"missing {missing}")

    c = summary["counts"]
    for key, label in [("pairs", "pairs sharing copy"), ("clusters", "story clusters")]:
        want = f"{c[key]} {label}"
        check(f"shows '{want}'", want in text, "not in the page text")

    pair_links = [h[1:] for h in dom.hrefs if h.startswith("#pair-")]
    check("top pairs link to their passages", len(pair_links) > 0, "no #pair- link")
    dangling = [p for p in pair_links if p not in dom.ids]
    check("every pair link has its passages block", not dangling, f"dangling {dangling[:5]}")
    want_pairs = min(50, c["pairs"])
    check(f"{want_pairs} top pairs listed", len(set(pair_links)) == want_pairs, f"{len(set(pair_links))}")
    if pair_links:
        first = pair_links[0]
        n = first.split("-", 1)[1]
        a = [m for m in dom.marks if m.startswith(f"p{n}a-")]
        b = [m for m in dom.marks if m.startswith(f"p{n}b-")]
        check(f"pair {n} has highlighted passages on both sides", a and b and len(a) == len(b), f"{a} {b}")
        links = [h for h in dom.hrefs if h.startswith(f"#p{n}a-") or h.startswith(f"#p{n}b-")]
        check(f"pair {n} links to each of its passages", sorted(h[1:] for h in links) == sorted(a + b), f"{links}")

    net = [r for r in dom.resources if not r[2].startswith("#")]
    check("no resource or link leaves the page", not net, f"{net[:5]}")
    check("the timelines are drawn", text.count("origin") >= 1 and "cluster-" in " ".join(dom.ids), "no cluster block")

    width, height, pixels = decode_png(png_path)
    check("screenshot is 1280 wide", width == 1280, f"{width}x{height}")
    colours = set()
    non_white = 0
    total = 0
    for y in range(0, height, 2):
        for x in range(0, width, 2):
            p = pixels[y][x]
            colours.add(p)
            total += 1
            if p[0] < 240 or p[1] < 240 or p[2] < 240:
                non_white += 1
    check("screenshot is not blank (>= 50 colours)", len(colours) >= 50, f"{len(colours)} colours")
    share = non_white / max(total, 1)
    check("screenshot has content (>= 5 % non-white)", share >= 0.05, f"{share:.1%}")
    check("screenshot shows credited and uncredited bars", CREDITED in colours and UNCREDITED in colours, "colours missing")

    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
