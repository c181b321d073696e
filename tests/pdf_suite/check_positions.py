#!/usr/bin/env python3
"""Text that stays keeps its place: every word pdftotext finds in the redacted file sits
where the same characters were in the original (its left or right edge on an original word
of the same line that contains it). A removal that shifted the following text — or left a
kerning residue that moves it — shows here. Independent of the project: pdftotext -bbox only.
"""
import argparse
import html
import re
import subprocess
import sys

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r"<page ")


def words(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, check=True).stdout
    pages, cur = [], None
    for line in out.decode("utf-8", "replace").splitlines():
        if PAGE.search(line):
            cur = []
            pages.append(cur)
        m = WORD.search(line)
        if m and cur is not None:
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            cur.append((x0, y0, x1, y1, html.unescape(m.group(5))))
    return pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("original")
    ap.add_argument("redacted")
    ap.add_argument("--tolerance", type=float, default=0.6, help="points")
    a = ap.parse_args()
    orig, red = words(a.original), words(a.redacted)
    moved = checked = revealed = 0
    if len(orig) != len(red):
        print(f"FAIL page count {len(orig)} != {len(red)}")
        print("0 passed, 1 failed")
        sys.exit(1)
    tol = a.tolerance
    for p, (ow, rw) in enumerate(zip(orig, red), 1):
        for (x0, y0, x1, y1, t) in rw:
            if not any(t in ot for *_, ot in ow):
                # Not in the original's text at all: content of an optional-content layer that
                # was hidden there (the sanitizer removes /OCProperties, so it shows, redacted).
                revealed += 1
                continue
            checked += 1
            ok = False
            for (ox0, oy0, ox1, oy1, ot) in ow:
                if t not in ot or abs(oy1 - y1) > tol and abs(ox1 - x1) > tol and abs(ox0 - x0) > tol:
                    continue
                same_line = abs(oy1 - y1) <= tol or abs(ox0 - x0) <= tol or abs(ox1 - x1) <= tol
                if not same_line:
                    continue
                if (abs(ox0 - x0) <= tol and ot.startswith(t)) or (abs(ox1 - x1) <= tol and ot.endswith(t)) \
                        or (abs(ox0 - x0) <= tol and abs(ox1 - x1) <= tol) or t == ot and abs(ox0 - x0) <= tol:
                    ok = True
                    break
                # A word between two removals: its characters sit inside the original word.
                if ox0 - tol <= x0 and x1 <= ox1 + tol and abs(oy1 - y1) <= tol:
                    # Expected x if characters had equal advances along the original word, for
                    # every place the characters occur in it.
                    step = (ox1 - ox0) / max(len(ot), 1)
                    i = ot.find(t)
                    while i >= 0 and not ok:
                        ok = abs((ox0 + i * step) - x0) <= max(tol, step * 0.6)
                        i = ot.find(t, i + 1)
                    if ok:
                        break
            if not ok:
                moved += 1
                print(f"FAIL page {p}: a word of {len(t)} characters moved or is new at x={x0:.1f} y={y1:.1f}")
    print(f"{'PASS' if not moved else 'FAIL'} {checked - moved} of {checked} words in place"
          f" ({revealed} newly visible words not compared)")
    print(f"{1 if not moved else 0} passed, {1 if moved else 0} failed")
    sys.exit(1 if moved else 0)


if __name__ == "__main__":
    main()
