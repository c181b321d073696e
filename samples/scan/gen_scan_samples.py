#!/usr/bin/env python3
"""Scanned and faxed samples with pixel-level ground truth, for the libredact image path.

    python3 samples/scan/gen_scan_samples.py --out /tmp/scans [--seed 20240401]

Writes synthetic Japanese municipal documents as scans, faxes and photos (PDF with a
JPEG or CCITT G4 page image, multi-page G4 TIFF, PNG, JPEG, a searchable PDF with an
invisible text layer, a mixed born-digital + scanned page, a vertical-writing letter)
plus ``truth.json``.  Every page is drawn with PIL on a 300 dpi A4 canvas (2480 x 3508):
ruled forms with printed labels (IPAex Gothic/Mincho), values filled in a printed font
or by "hand" (setofont, kiloji: per-character size/angle/baseline jitter, pen ink),
letters and minutes with names in running text.  The canvas then goes through a
scanner or fax model (skew, blur, uneven paper, grain, speckles; 1-bit threshold for
fax) and is encoded.

Every PII value is recorded with the pixel boxes where it was drawn, mapped through the
same skew/scale as the page, in the output image's own pixel grid
(``"boxes": [[page, x0, y0, x1, y1], ...]``, origin top-left, x1/y1 exclusive).  Long
values are split into segments of at most ~320 canvas pixels so that skew does not
inflate the boxes; digits written one per printed box get one box per cell interior.
Before writing, the generator checks every box against a PII-free copy of the page: no
other ink (labels, ruling, neighbouring text) may fall inside a box.

Deterministic: the same --seed gives byte-identical files.  A different seed changes
people, values, skew, noise and the handwriting jitter; layouts come from three form
templates, two letters, minutes, a fax cover and a proxy form.

Needs Python 3.11 with Pillow, img2pdf and fontTools (Debian python3-pil, img2pdf,
python3-fonttools; a pyenv python falls back to /usr/lib/python3/dist-packages), the
IPAex fonts, fonts-seto and fonts-kiloji.  All people are synthetic
(samples/gen_detect_corpus.py via samples/pdf/gen_pdf_samples.py).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import random
import re
import statistics
import sys
import time
import unicodedata

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, TiffImagePlugin
    from PIL.PngImagePlugin import PngInfo
    import img2pdf
except ImportError:  # pyenv python in PATH: use Debian's python3-pil / img2pdf
    sys.path.append("/usr/lib/python3/dist-packages")
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, TiffImagePlugin
    from PIL.PngImagePlugin import PngInfo
    import img2pdf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "pdf"))
import gen_pdf_samples as GP  # noqa: E402  (PDF writer, fonts, synthetic values)

G = GP.G  # samples/gen_detect_corpus.py: names, addresses, check digits

GOTHIC, MINCHO = GP.GOTHIC, GP.MINCHO
SETO = "/usr/share/fonts/truetype/seto/setofont.ttf"
KILOJI = "/usr/share/fonts/truetype/kiloji/kiloji.ttf"
FONT_PATHS = {"G": GOTHIC, "M": MINCHO, "seto": SETO, "kiloji": KILOJI}
DEFAULT_SEED = GP.DEFAULT_SEED

DPI = 300
PT = DPI / 72.0                 # canvas pixels per point
CW, CH = 2480, 3508             # A4 at 300 dpi
PAGE_PT = (CW * 72 / DPI, CH * 72 / DPI)   # 595.2 x 841.92, as img2pdf writes it
SEG = 320                       # max segment length (canvas px) of one truth box
PAD = 3                         # canvas px around the ink of a segment
BLACK = (0, 0, 0)

CITY, OFFICES, OFFICE_ADDR = GP.CITY, GP.OFFICES, GP.OFFICE_ADDR
OFFICE_FAX = {"joho": "0463-21-1112", "kaigo": "0463-21-1302", "shimin": "0463-21-1124"}
ALLOWLIST = GP.ALLOWLIST + list(OFFICE_FAX.values())


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def wordchars(s: str) -> str:
    return "".join(c for c in nfkc(s) if c.isalnum())


def digits_of(s: str) -> str:
    return re.sub(r"\D", "", nfkc(s))


# =============================================================================
# Fonts
# =============================================================================

_FONTS: dict = {}
_MASKS: dict = {}


def font(key: str, px: float, raqm=False) -> ImageFont.FreeTypeFont:
    px = max(6, int(round(px)))
    k = (key, px, raqm)
    if k not in _FONTS:
        eng = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
        _FONTS[k] = ImageFont.truetype(FONT_PATHS[key], px, layout_engine=eng)
    return _FONTS[k]


def glyph_mask(key: str, px: float, ch: str, vertical=False, cache=True):
    """(mask, origin) of one character; origin = pen position (left baseline, or top-left
    of the em box for vertical text) inside the mask."""
    k = (key, int(round(px)), ch, vertical)
    if not cache:
        _MASKS.pop(k, None)
    if k not in _MASKS:
        f = font(key, px, raqm=vertical)
        s = f.size
        m = Image.new("L", (s * 2, s * 2), 0)
        d = ImageDraw.Draw(m)
        if vertical:
            org = (s // 2, s // 2)
            d.text(org, ch, font=f, fill=255, direction="ttb", features=["vert"])
        else:
            org = (s // 2, int(s * 1.5))
            d.text(org, ch, font=f, fill=255, anchor="ls")
        _MASKS[k] = (m, org)
    return _MASKS[k] if cache else _MASKS.pop(k)


class Cov:
    """Coverage test for Values (only .has is used)."""

    def __init__(self, path):
        from fontTools.ttLib import TTFont  # imported by gen_pdf_samples already
        self.cmap = TTFont(path, lazy=True).getBestCmap()

    def has(self, text: str) -> bool:
        return all(ord(c) in self.cmap for c in text)


# =============================================================================
# The page canvas: drawing with PII bookkeeping
# =============================================================================

def runs_of(x):
    """'text' | ('text', cat) | [parts] -> [(text, cat|None)]"""
    if isinstance(x, str):
        return [(x, None)]
    if isinstance(x, tuple):
        return [x]
    out = []
    for p in x:
        out += runs_of(p)
    return out


def P(cat, v):
    return (v, cat)


class Canvas:
    def __init__(self, doc: "Doc", color=False):
        self.doc = doc
        self.img = Image.new("RGB", (CW, CH), (255, 255, 255))
        self.d = ImageDraw.Draw(self.img)
        self.piim = Image.new("L", (CW, CH), 0)      # where PII ink was pasted
        self.runs = []        # text layer: dict(text, x, base, w, size) canvas px
        self.plain = []       # non-PII text drawn (collision checks)
        self.pii = {}         # (cat, value, hand, where) -> [segment boxes, canvas px]
        self.cells = []       # (cat, value, hand, where) -> cell boxes (already exact)
        self.ink = doc.ink
        self.pen = doc.pen
        self.hand_font = doc.hand_font
        self.rng = doc.rng
        self.color = color

    # -- primitives (coordinates in pt, y down) --------------------------------
    def line(self, x1, y1, x2, y2, w=0.7, color=None):
        self.d.line([(x1 * PT, y1 * PT), (x2 * PT, y2 * PT)], fill=color or self.ink, width=max(1, round(w * PT)))

    def rect(self, x0, y0, x1, y1, w=0.7, fill=None, outline=True, color=None):
        if fill is not None:
            self.d.rectangle([x0 * PT, y0 * PT, x1 * PT, y1 * PT], fill=fill)
        if outline:
            self.d.rectangle([x0 * PT, y0 * PT, x1 * PT, y1 * PT], outline=color or self.ink,
                             width=max(1, round(w * PT)))

    def width(self, text, key="M", size=10.5, track=0.0) -> float:
        f = font(key, size * PT)
        return f.getlength(text) / PT + track * max(0, len(text) - 1)

    def _reg(self, cat, value, hand, where, boxes, vertical=False):
        k = (cat, value, hand, where)
        self.pii.setdefault(k, []).extend(segments(boxes, vertical))

    def _paste(self, mask, X, Y, color, pii: bool):
        self.img.paste(color, (X, Y), mask)
        if pii:
            self.piim.paste(255, (X, Y), mask)
        bb = mask.getbbox()
        return None if bb is None else (X + bb[0], Y + bb[1], X + bb[2], Y + bb[3])

    # -- printed text -----------------------------------------------------------
    def text(self, x, base, parts, key="M", size=10.5, align="l", color=None, track=0.0,
             keep=False, layer=True, where="image"):
        """Printed runs on one line; returns the right end (pt)."""
        runs = runs_of(parts)
        color = color or self.ink
        total = sum(self.width(t, key, size) for t, _ in runs) + track * max(0, sum(len(t) for t, _ in runs) - 1)
        if align == "c":
            x -= total / 2
        elif align == "r":
            x -= total
        f = font(key, size * PT)
        for t, cat in runs:
            w = self.width(t, key, size, track)
            if layer:
                self.runs.append(dict(text=t, x=x * PT, base=base * PT, w=w * PT, size=size * PT,
                                      key=key, track=track * PT, printed=True))
            if cat is None:
                self.plain.append(t)
                if track:
                    xx = x
                    for ch in t:
                        self.d.text((xx * PT, base * PT), ch, font=f, fill=color, anchor="ls")
                        xx += f.getlength(ch) / PT + track
                else:
                    self.d.text((x * PT, base * PT), t, font=f, fill=color, anchor="ls")
            else:
                boxes = []
                for i, ch in enumerate(t):
                    if ch.isspace():
                        continue
                    cx = x + f.getlength(t[:i]) / PT + track * i
                    m, org = glyph_mask(key, size * PT, ch)
                    bb = self._paste(m, round(cx * PT - org[0]), round(base * PT - org[1]), color, True)
                    if bb:
                        boxes.append(bb)
                self._reg(cat, t, False, where, boxes)
            x += w + (track if track else 0)
        if keep:
            self.doc.add_keep("".join(t for t, _ in runs))
        return x

    def spread(self, x0, x1, base, label, key="G", size=10.0):
        """A label spread evenly over [x0, x1] (均等割り)."""
        n = len(label)
        f = font(key, size * PT)
        ws = [f.getlength(c) / PT for c in label]
        gap = (x1 - x0 - sum(ws)) / (n - 1) if n > 1 else 0
        if n == 1:
            x0 = (x0 + x1 - ws[0]) / 2
        x = x0
        for c, w in zip(label, ws):
            self.d.text((x * PT, base * PT), c, font=f, fill=self.ink, anchor="ls")
            x += w + gap
        self.plain.append(label)
        self.runs.append(dict(text=label, x=x0 * PT, base=base * PT, w=(x1 - x0) * PT, size=size * PT,
                              key=key, track=gap * PT, printed=True))

    def para(self, x, top, width, parts, key="M", size=10.5, leading=None, indent=0.0, keep=()):
        """Wrapped paragraph; PII runs never break.  Returns the y below the last line."""
        leading = leading or size * 1.7
        toks = []
        for t, cat in runs_of(parts):
            if cat is None:
                toks += [(c, None) for c in t]
            else:
                toks.append((t, cat))
        lines, cur, cw = [], [], indent
        for t, cat in toks:
            w = self.width(t, key, size)
            if cur and cw + w > width and not (cat is None and t in GP.KINSOKU):
                lines.append(cur)
                cur, cw = [], 0.0
            cur.append((t, cat))
            cw += w
        if cur:
            lines.append(cur)
        y = top + size
        for i, ln in enumerate(lines):
            merged = []
            for t, cat in ln:
                if merged and cat is None and merged[-1][1] is None:
                    merged[-1] = (merged[-1][0] + t, None)
                else:
                    merged.append((t, cat))
            self.text(x + (indent if i == 0 else 0), y, merged, key, size)
            y += leading
        for k in keep:
            self.doc.add_keep(k)
        return y - leading + size * 0.6

    # -- handwriting --------------------------------------------------------------
    def hand(self, x, base, parts, size=15.0, key=None, color=None, max_w=None, align="l",
             where="image", jitter=1.0):
        """Hand-filled runs: per character size, angle and baseline jitter, pen ink."""
        key = key or self.hand_font
        color = color or self.pen
        rng = self.rng
        runs = runs_of(parts)
        chars = []
        for t, cat in runs:
            for ch in t:
                s = size * (1 + rng.uniform(-0.07, 0.07) * jitter)
                chars.append(dict(ch=ch, cat=cat, run=t, s=s, rot=rng.uniform(-4, 4) * jitter,
                                  dy=rng.uniform(-0.06, 0.06) * size * jitter,
                                  adv=rng.uniform(0.93, 1.05)))
        def adv(c):
            if c["ch"] == " ":
                return c["s"] * 0.4
            if c["ch"] == "\u3000":
                return c["s"] * 0.8
            return font(key, c["s"] * PT).getlength(c["ch"]) / PT * c["adv"]
        total = sum(adv(c) for c in chars)
        scale = 1.0
        if max_w and total > max_w:
            scale = max_w / total
            for c in chars:
                c["s"] *= scale
            total = sum(adv(c) for c in chars)
        if align == "c":
            x -= total / 2
        elif align == "r":
            x -= total
        i = 0
        for t, cat in runs:
            x_run = x
            boxes = []
            for _ in t:
                c = chars[i]
                i += 1
                a = adv(c)
                if not c["ch"].isspace():
                    m, org = glyph_mask(key, c["s"] * PT, c["ch"], cache=False)   # jittered sizes
                    if c["rot"]:
                        m = m.rotate(c["rot"], resample=Image.BICUBIC, center=(org[0] + a * PT / 2, org[1] - c["s"] * PT * 0.4))
                    m = m.filter(ImageFilter.MaxFilter(3))   # ball-point pen weight
                    bb = self._paste(m, round(x * PT - org[0]), round((base + c["dy"]) * PT - org[1]),
                                     color, cat is not None)
                    if bb and cat is not None:
                        boxes.append(bb)
                x += a
            self.runs.append(dict(text=t, x=x_run * PT, base=base * PT, w=(x - x_run) * PT, size=size * scale * PT))
            if cat is None:
                self.plain.append(t)
            else:
                self._reg(cat, t, True, where, boxes)
        return x

    def hand_lines(self, x, top, width, text, size=13.0, leading=None):
        """Non-PII hand text wrapped to width (e.g. a document name)."""
        leading = leading or size * 1.6
        line, y = "", top + size
        for ch in text:
            if line and self.width(line + ch, self.hand_font, size) > width * 0.97:
                self.hand(x, y, line, size)
                line, y = "", y + leading
            line += ch
        if line:
            self.hand(x, y, line, size)
        return y

    def hand_mark(self, x, y, kind="check", size=10.0, ry=None):
        """A hand tick, or an ellipse around (x, y) with radii size x ry (pt)."""
        rng = self.rng
        w = max(3, round(0.55 * PT))
        if kind == "check":
            pts = [(x - size * 0.5, y - size * 0.1), (x - size * 0.1, y + size * 0.4), (x + size * 0.6, y - size * 0.7)]
            self.d.line([(px * PT + rng.uniform(-3, 3), py * PT + rng.uniform(-3, 3)) for px, py in pts],
                        fill=self.pen, width=w, joint="curve")
        else:
            rx, ry = size * rng.uniform(0.95, 1.1), (ry or size) * rng.uniform(0.75, 0.9)
            self.d.arc([(x - rx) * PT, (y - ry) * PT, (x + rx) * PT, (y + ry) * PT],
                       start=rng.uniform(-60, -20), end=rng.uniform(300, 340), fill=self.pen, width=w)

    def digit_cells(self, x, top, digits, cw=20.0, ch=26.0, group=4, gap=5.0, hand=True, cat="my_number",
                    size=None, where="image"):
        """Printed cells, one digit per cell (hand or printed); one truth box per cell interior."""
        xs = []
        xx = x
        for i in range(len(digits)):
            if i and group and i % group == 0:
                xx += gap
            xs.append(xx)
            xx += cw
        for cx in xs:
            self.rect(cx, top, cx + cw, top + ch, w=0.8)
        boxes = []
        size = size or ch * 0.62
        for cx, dg in zip(xs, digits):
            base = top + ch / 2 + size * 0.36
            if hand:
                self.hand(cx + cw / 2, base, dg, size=size, align="c", jitter=0.6)
                self.runs.pop()
                self.plain.pop()
            else:
                self.text(cx + cw / 2, base, dg, "M", size, align="c", layer=False)
                self.plain.pop()
            ins = 0.8 * PT + 4
            boxes.append((math.ceil(cx * PT + ins), math.ceil(top * PT + ins),
                          math.floor((cx + cw) * PT - ins), math.floor((top + ch) * PT - ins)))
        # mark the digits as PII ink: everything inside the cell interiors
        for b in boxes:
            reg = self.img.crop(b).convert("L").point(lambda v: 255 if v < 200 else 0)
            self.piim.paste(255, b[:2], reg)
        self.cells.append(((cat, digits, hand, where), boxes))
        self.runs.append(dict(text=digits, x=xs[0] * PT, base=(top + ch / 2 + size * 0.36) * PT,
                              w=(xs[-1] + cw - xs[0]) * PT, size=size * PT))
        return xx

    def seal(self, cx, cy, r, name, color=(200, 40, 40), where="seal"):
        """A round personal seal (認印) with the surname written vertically: PII ink."""
        S = round(r * 2 * PT) + 8
        m = Image.new("L", (S, S), 0)
        d = ImageDraw.Draw(m)
        d.ellipse([4, 4, S - 5, S - 5], outline=255, width=max(3, round(1.1 * PT)))
        n = len(name)
        fs = min(r * 1.5 / max(n, 1), r * 1.1) * PT
        f = font("M", fs)
        y0 = S / 2 - n * fs / 2
        for i, c in enumerate(name):
            d.text((S / 2, y0 + i * fs), c, font=f, fill=255, anchor="mt", stroke_width=1, stroke_fill=255)
        m = m.rotate(self.rng.uniform(-12, 12), resample=Image.BICUBIC)
        X, Y = round(cx * PT - S / 2), round(cy * PT - S / 2)
        bb = self._paste(m, X, Y, color, True)
        self.pii.setdefault(("person", name, True, where), []).append(pad(bb))

    def stamp_date(self, cx, cy, r, lines, color=(200, 40, 40)):
        """A round receipt stamp (non-PII)."""
        self.d.ellipse([(cx - r) * PT, (cy - r) * PT, (cx + r) * PT, (cy + r) * PT], outline=color, width=round(0.9 * PT))
        self.d.line([((cx - r * 0.85) * PT, (cy - r * 0.3) * PT), ((cx + r * 0.85) * PT, (cy - r * 0.3) * PT)], fill=color, width=3)
        self.d.line([((cx - r * 0.85) * PT, (cy + r * 0.3) * PT), ((cx + r * 0.85) * PT, (cy + r * 0.3) * PT)], fill=color, width=3)
        for dy, t in zip((-0.55, 0.0, 0.55), lines):
            fs = r * 0.38 if dy else r * 0.42
            self.d.text((cx * PT, (cy + dy * r) * PT), t, font=font("G", fs * PT), fill=color, anchor="mm")
        self.plain.extend(lines)

    # -- vertical text ------------------------------------------------------------
    def vcolumn(self, x, top, parts, key="M", size=12.0, track=0.0, where="image"):
        """One vertical column whose em boxes start at x (left edge, pt); returns the bottom y."""
        y = top
        for t, cat in runs_of(parts):
            boxes = []
            for ch in t:
                if ch.isspace():
                    y += size * (0.5 if ch == " " else 1.0)
                    continue
                m, org = glyph_mask(key, size * PT, ch, vertical=True)
                bb = self._paste(m, round(x * PT - org[0]), round(y * PT - org[1]), self.ink, cat is not None)
                if bb and cat is not None:
                    boxes.append(bb)
                y += size + track
            if cat is None:
                self.plain.append(t)
            else:
                self._reg(cat, t, False, where, boxes, vertical=True)
        return y

    def vpara(self, x_right, top, height, parts, key="M", size=12.0, colgap=None, indent=1):
        """Vertical paragraph, columns right to left; PII runs never break.  Returns the
        left edge x of the last column."""
        colgap = colgap or size * 0.9
        toks = []
        for t, cat in runs_of(parts):
            toks += [(c, None) for c in t] if cat is None else [(t, cat)]
        cols, cur, ch = [], [], indent
        for t, cat in toks:
            n = len(t)
            if cur and ch + n > height // size and not (cat is None and t in GP.KINSOKU):
                cols.append(cur)
                cur, ch = [], 0
            cur.append((t, cat))
            ch += n
        if cur:
            cols.append(cur)
        x = x_right - size
        for i, col in enumerate(cols):
            self.vcolumn(x, top + (indent * size if i == 0 else 0), col, key, size)
            x -= size + colgap
        return x + size + colgap


def pad(b, p=PAD):
    return (b[0] - p, b[1] - p, b[2] + p, b[3] + p)


def segments(boxes, vertical=False):
    """Group consecutive character boxes into segments no longer than SEG px."""
    out = []
    cur = None
    for b in boxes:
        if cur is None:
            cur = list(b)
            continue
        u = [min(cur[0], b[0]), min(cur[1], b[1]), max(cur[2], b[2]), max(cur[3], b[3])]
        span = (u[3] - u[1]) if vertical else (u[2] - u[0])
        jump = (b[1] - cur[3] > 40) if vertical else (b[0] - cur[2] > 60 or abs(b[1] - cur[1]) > 80)
        if span > SEG or jump:
            out.append(pad(cur))
            cur = list(b)
        else:
            cur = u
    if cur is not None:
        out.append(pad(cur))
    return out


# =============================================================================
# Geometry: canvas -> output image
# =============================================================================

class Geo:
    """Rotation about the (cropped) canvas centre, then scale, then offset."""

    def __init__(self, angle=0.0, size=(CW, CH), out=(CW, CH), crop=(0, 0), offset=(0, 0)):
        self.a = math.radians(angle)
        self.angle = angle
        self.w, self.h = size
        self.cx, self.cy = size[0] / 2, size[1] / 2
        self.sx, self.sy = out[0] / size[0], out[1] / size[1]
        self.out = out
        self.crop, self.offset = crop, offset

    def pt(self, x, y):
        x -= self.crop[0]
        y -= self.crop[1]
        dx, dy = x - self.cx, y - self.cy
        c, s = math.cos(self.a), math.sin(self.a)
        xr = self.cx + dx * c + dy * s
        yr = self.cy - dx * s + dy * c
        return xr * self.sx + self.offset[0], yr * self.sy + self.offset[1]

    def box(self, b, limit):
        xs, ys = [], []
        for x, y in ((b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])):
            X, Y = self.pt(x, y)
            xs.append(X)
            ys.append(Y)
        return [max(0, math.floor(min(xs))), max(0, math.floor(min(ys))),
                min(limit[0], math.ceil(max(xs))), min(limit[1], math.ceil(max(ys)))]

    def growth(self, b):
        s = abs(math.sin(self.a))
        return math.ceil((b[3] - b[1]) * s) + 2, math.ceil((b[2] - b[0]) * s) + 2


# =============================================================================
# Scanner and fax models
# =============================================================================

def noise_table(sigma: float) -> list[int]:
    nd = statistics.NormalDist(0, sigma)
    return [max(0, min(255, 128 + round(nd.inv_cdf((i + 0.5) / 256)))) for i in range(256)]


def grain(rng, size, sigma) -> Image.Image:
    raw = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return raw.point(noise_table(sigma))


def paper(rng, size, lo, hi, tint=None) -> Image.Image:
    g = Image.frombytes("L", (5, 7), bytes(rng.randint(lo, hi) for _ in range(35)))
    g = g.resize(size, Image.BICUBIC)
    if tint is None:
        return g
    return Image.merge("RGB", [g.point(lambda v, t=t: round(v * t / 255)) for t in tint])


def speckles(rng, im, n, boxes, color=0, rmax=2.5):
    d = ImageDraw.Draw(im)
    W, H = im.size
    for _ in range(n):
        x, y = rng.uniform(0, W), rng.uniform(0, H)
        r = rng.uniform(0.6, rmax)
        if any(b[0] - 6 <= x <= b[2] + 6 and b[1] - 6 <= y <= b[3] + 6 for b in boxes):
            continue
        d.ellipse([x - r, y - r, x + r, y + r], fill=color)


def scan_gray(rng, img: Image.Image, geo: Geo, boxes, *, color=False, blur=0.5, sigma=3.0,
              bg=(226, 250), n_speck=160, tint=None, white_clip=None, post_blur=0.5):
    """Scanner model for 8-bit gray (or RGB) output."""
    im = img if color else img.convert("L")
    fill = (255, 255, 255) if color else 255
    im = im.rotate(geo.angle, resample=Image.BICUBIC, fillcolor=fill)
    if geo.out != im.size:
        im = im.resize(geo.out, Image.LANCZOS)
    im = im.filter(ImageFilter.GaussianBlur(blur))
    pp = paper(rng, im.size, bg[0], bg[1], tint if color else None)
    im = ImageChops.multiply(im, pp)
    n = grain(rng, im.size, sigma)
    if color:
        n = Image.merge("RGB", [n, n, n])
    im = ImageChops.add(im, n, 1.0, -128)
    if post_blur:
        im = im.filter(ImageFilter.GaussianBlur(post_blur))   # sensor noise is not white
    speckles(rng, im, n_speck, boxes, color=(60, 60, 60) if color else 60)
    if white_clip:
        im = im.point(lambda v: 255 if v > white_clip else v)
    return im


def scan_bw(rng, img: Image.Image, geo: Geo, boxes, *, sigma=22.0, thresh=150, n_pepper=260):
    """Fax / bitonal scanner model: 1-bit, fixed threshold (no dithering)."""
    im = img.convert("L").rotate(geo.angle, resample=Image.BICUBIC, fillcolor=255)
    if geo.out != im.size:
        im = im.resize(geo.out, Image.LANCZOS)
    im = ImageChops.add(im, grain(rng, im.size, sigma), 1.0, -128)
    speckles(rng, im, n_pepper, boxes, color=0, rmax=1.6)
    return im.point(lambda v: 255 if v > thresh else 0, "1")


# =============================================================================
# Encoders
# =============================================================================

def jpeg_bytes(im, dpi, q=75) -> bytes:
    b = io.BytesIO()
    im.save(b, "JPEG", quality=q, dpi=(dpi, dpi), optimize=True)
    return b.getvalue()


def g4_bytes(im1, dpi, single_strip=True) -> bytes:
    b = io.BytesIO()
    old = TiffImagePlugin.STRIP_SIZE
    if single_strip:
        TiffImagePlugin.STRIP_SIZE = 1 << 24
    try:
        im1.save(b, "TIFF", compression="group4", dpi=(dpi, dpi))
    finally:
        TiffImagePlugin.STRIP_SIZE = old
    return b.getvalue()


def g4_multipage(frames, dpi, artist=None) -> bytes:
    b = io.BytesIO()
    info = {305: "libredact sample scanner"}
    if artist:
        info[315] = artist
    frames[0].save(b, "TIFF", compression="group4", dpi=(dpi, dpi), save_all=True,
                   append_images=frames[1:], tiffinfo=info)
    return b.getvalue()


def pdf_from_images(blobs: list[bytes], author=None) -> bytes:
    kw = {"nodate": True, "engine": img2pdf.Engine.internal}   # pikepdf writes a random /ID
    if author:
        kw["author"] = author
    return img2pdf.convert(blobs, **kw)


# =============================================================================
# Documents
# =============================================================================

class Doc:
    """One output file: pages (canvases), values, truth."""

    def __init__(self, fname, kind, rng, hand_font="seto", pen=(45, 45, 50), ink=BLACK):
        self.fname, self.kind, self.rng = fname, kind, rng
        self.hand_font, self.pen, self.ink = hand_font, pen, ink
        self.pages: list[Canvas] = []
        self.keep: list[str] = []
        self.features: list[str] = []
        self.extra_pii: list[dict] = []   # non-page channels (metadata)

    def page(self, color=False) -> Canvas:
        c = Canvas(self, color)
        self.pages.append(c)
        return c

    def add_keep(self, *ks):
        for k in ks:
            if k not in self.keep:
                self.keep.append(k)

    def feature(self, *fs):
        for f in fs:
            if f not in self.features:
                self.features.append(f)


# -- shared layout pieces -----------------------------------------------------------

LABEL_FILL = (226, 226, 226)


def table(pg: Canvas, x0, x1, top, rows, lw=110.0, label_size=10.0, shade=LABEL_FILL):
    """Ruled two-column table; rows = [(label, height, fn(x, top, w, h) | None)]."""
    total = sum(h for _, h, _ in rows)
    pg.rect(x0, top, x0 + lw, top + total, fill=shade, outline=False)
    y = top
    for label, h, fn in rows:
        if label:
            label_in(pg, x0, y, lw, h, label, label_size)
        if fn:
            fn(x0 + lw + 8, y, x1 - x0 - lw - 14, h)
        y += h
        if y < top + total - 0.1:
            pg.line(x0, y, x1, y, 0.6)
    pg.rect(x0, top, x1, y, w=1.2)
    pg.line(x0 + lw, top, x0 + lw, y, 0.7)
    pg.doc.feature("ruled_table")
    return y


def label_in(pg: Canvas, x, top, w, h, label, size=10.0):
    if pg.width(label, "G", size) > w - 14:
        # two lines
        k = (len(label) + 1) // 2
        pg.text(x + w / 2, top + h / 2 - 2, label[:k], "G", size, align="c")
        pg.text(x + w / 2, top + h / 2 + size + 1, label[k:], "G", size, align="c")
        pg.plain.append(label)
    elif len(label) <= 4:
        span = {1: 0, 2: 3.2, 3: 4.0, 4: 4.6}[len(label)] * size
        if span:
            pg.spread(x + w / 2 - span / 2, x + w / 2 + span / 2, top + h / 2 + size * 0.36, label, "G", size)
        else:
            pg.text(x + w / 2, top + h / 2 + size * 0.36, label, "G", size, align="c")
    else:
        pg.text(x + w / 2, top + h / 2 + size * 0.36, label, "G", size, align="c")


def mid(top, h, size):
    return top + h / 2 + size * 0.36


def blank_date(pg: Canvas, x_right, base, date_parts, size=10.5, hand=True):
    """Printed 令和　　年　　月　　日 with the numbers filled in by hand."""
    tpl = "令和　　年　　月　　日"
    x0 = x_right - pg.width(tpl, "M", size)
    pg.text(x0, base, tpl, "M", size)
    em = size
    for k, val in zip((2, 5, 8), date_parts):
        cx = x0 + pg.width(tpl[:k], "M", size) + em
        if hand:
            pg.hand(cx, base, str(val), size=size * 1.2, align="c")
        else:
            pg.text(cx, base, str(val), "M", size, align="c")


def footer(pg: Canvas, office, y=812.0, size=9.5):
    name, tel = OFFICES[office]
    pg.text(297.6, y, [name, "　電話 ", tel], "G", size, align="c")
    pg.doc.add_keep(name)


def checkbox_row(pg: Canvas, x, base, items, chosen, size=10.5, mark="check"):
    """Printed □ items; the chosen one ticked by hand.  Returns the right end."""
    for i, it in enumerate(items):
        bx = x
        x = pg.text(x, base, "□" + it, "M", size) + size
        if i == chosen:
            if mark == "check":
                pg.hand_mark(bx + size * 0.5, base - size * 0.4, "check", size * 0.9)
            else:
                pg.hand_mark(bx + pg.width("□" + it, "M", size) / 2, base - size * 0.35, "circle",
                             pg.width("□" + it, "M", size) * 0.55, ry=size * 1.05)
    return x


def era_digits(s: str):
    """('令和', 6, 5, 13) style numbers from a docdate string."""
    return [int(x) for x in re.findall(r"\d+", nfkc(s))]


# -- T1: 行政文書開示請求書 ------------------------------------------------------------

def t1_disclosure(pg: Canvas, v: dict, hand=True, region=False):
    """Disclosure request form; `hand`: values hand-filled (else printed by PC)."""
    a = v["a"]
    doc = pg.doc
    H = (lambda x, b, parts, size=15.0, **k: pg.hand(x, b, parts, size, **k)) if hand else \
        (lambda x, b, parts, size=15.0, **k: pg.text(x, b, parts, "M", size * 0.75,
                                                      **{kk: vv for kk, vv in k.items() if kk == "align"}))
    blank_date(pg, 545, 62, era_digits(v["date"]), hand=hand)
    pg.text(50, 84, "（あて先）東雲市長", "M", 10.5)
    pg.text(297.6, 122, "行政文書開示請求書", "G", 19, align="c", track=2.0, keep=True)
    pg.para(50, 142, 495, "東雲市情報公開条例第６条の規定により、次のとおり行政文書の開示を請求します。",
            "M", 10.5, indent=10.5, keep=("行政文書の開示を請求します",))
    y0 = 186

    def kana(x, t, w, h):
        H(x + 4, mid(t, h, 10), P("person", a["kana"]), 11 if hand else 12)

    def name(x, t, w, h):
        H(x + 6, mid(t, h, 17), P("person", a["name"]), 21, max_w=w - 90)
        if v.get("seal"):
            pg.seal(x + w - 26, t + h / 2, 16, a["sur"])
            doc.feature("seal_with_surname")

    def birth(x, t, w, h):
        H(x + 6, mid(t, h, 12), P("birth_date", a["birth"]), 15)

    def addr(x, t, w, h):
        pg.text(x, t + 16, "〒", "M", 10.5)
        H(x + 14, t + 17, P("postal_code", a["postal"]), 13)
        H(x + 6, t + h - 12, P("address", a["address"]), 16, max_w=w - 10)

    def phone(x, t, w, h):
        H(x + 6, mid(t, h, 12), P("phone", a["phone"]), 15)
        pg.text(x + w - 4, mid(t, h, 9), "（日中連絡のつく番号）", "M", 9.5, align="r")
        doc.add_keep("日中連絡のつく番号")

    def mynum(x, t, w, h):
        pg.digit_cells(x + 4, t + 5, a["mynum"], 21, h - 10, hand=hand)
        doc.feature("my_number_boxes")

    def docname(x, t, w, h):
        if hand:
            pg.hand_lines(x + 2, t + 4, w - 4, v["docname"], 12.5)
        else:
            pg.para(x + 2, t + 8, w - 4, v["docname"], "M", 10.5)

    def method(x, t, w, h):
        checkbox_row(pg, x, mid(t, h, 10.5), ["閲覧", "写しの交付", "電子データの提供"], v["method"])

    def idcheck(x, t, w, h):
        checkbox_row(pg, x, mid(t, h, 10.5), ["運転免許証", "個人番号カード", "旅券", "その他"], v["idcheck"])

    rows = [("フリガナ", 24, kana), ("氏名", 50, name), ("生年月日", 32, birth), ("住所", 62, addr),
            ("電話番号", 32, phone), ("個人番号", 36, mynum), ("請求する行政文書の名称", 74, docname),
            ("開示の実施の方法", 30, method), ("本人確認書類", 30, idcheck)]
    if region:
        rows = rows[:6]
    y = table(pg, 50, 545, y0, rows, lw=112)
    doc.add_keep("開示の実施の方法", "本人確認書類", "写しの交付", "電子データの提供")
    if region:
        return y
    pg.text(56, y + 18, "※個人番号の記載は任意です。記載した場合は本人確認書類の提示が必要です。", "M", 9.5)
    doc.add_keep("個人番号の記載は任意です", "受付欄", "受付番号")
    pg.text(50, y + 48, "※ 以下は記入しないでください（受付欄）", "G", 9.5)
    doc.add_keep("記入しないでください")
    rows2 = [("受付番号", 24, lambda x, t, w, h: pg.text(x, mid(t, h, 10), v["receipt"], "M", 10)),
             ("受付日", 24, lambda x, t, w, h: pg.text(x, mid(t, h, 10), v["date"], "M", 10)),
             ("担当", 24, lambda x, t, w, h: pg.text(x, mid(t, h, 10), "情報公開課", "M", 10))]
    table(pg, 50, 330, y + 56, rows2, lw=80)
    pg.stamp_date(430, y + 92, 30, ["東雲市", v["stamp"], "受付"])
    footer(pg, "joho")
    doc.feature("two_fonts", "receipt_stamp")
    return y


# -- T2: 住民票の写し等交付請求書 ------------------------------------------------------

def t2_juminhyo(pg: Canvas, v: dict, hand_fields: set):
    a, fams = v["a"], v["fams"]
    doc = pg.doc

    def F(field, x, b, parts, size=14.0, **k):
        if field in hand_fields:
            return pg.hand(x, b, parts, size, **k)
        k.pop("max_w", None)
        return pg.text(x, b, parts, "M", size * 0.78, **k)

    pg.text(297.6, 64, "住民票の写し等交付請求書", "G", 18, align="c", keep=True)
    pg.text(50, 96, "東雲市長　あて", "M", 10.5)
    blank_date(pg, 545, 96, era_digits(v["date"]), hand="date" in hand_fields)
    # section 1: the requester
    pg.rect(50, 108, 545, 126, fill=LABEL_FILL, outline=True, w=0.8)
    pg.text(58, 122, "窓口に来た方（請求者）", "G", 10.5, keep=True)
    top = 126
    X = [50, 130, 330, 410, 545]
    hs = [58, 24, 46, 34]
    ys = [top]
    for h in hs:
        ys.append(ys[-1] + h)
    pg.rect(X[0], top, X[1], ys[-1], fill=LABEL_FILL, outline=False)
    pg.rect(X[2], ys[2], X[3], ys[4], fill=LABEL_FILL, outline=False)
    for yy in ys[1:-1]:
        pg.line(50, yy, 545, yy, 0.6)
    pg.line(X[1], top, X[1], ys[-1], 0.7)
    pg.line(X[2], ys[2], X[2], ys[4], 0.7)
    pg.line(X[3], ys[2], X[3], ys[4], 0.7)
    pg.rect(50, top, 545, ys[-1], w=1.2)
    label_in(pg, X[0], ys[0], 80, hs[0], "住所")
    label_in(pg, X[0], ys[1], 80, hs[1], "フリガナ")
    label_in(pg, X[0], ys[2], 80, hs[2], "氏名")
    label_in(pg, X[0], ys[3], 80, hs[3], "電話番号")
    label_in(pg, X[2], ys[2], 80, hs[2], "生年月日")
    label_in(pg, X[2], ys[3], 80, hs[3], "本人との関係")
    pg.text(X[1] + 6, ys[0] + 17, "〒", "M", 10.5)
    F("postal", X[1] + 20, ys[0] + 18, P("postal_code", a["postal"]), 13)
    F("address", X[1] + 8, ys[0] + 48, P("address", a["address"]), 15.5, max_w=X[4] - X[1] - 16)
    F("kana", X[1] + 8, mid(ys[1], hs[1], 9), P("person", a["kana"]), 11.5)
    F("name", X[1] + 8, mid(ys[2], hs[2], 16), P("person", a["name"]), 20, max_w=X[2] - X[1] - 16)
    F("birth", X[3] + 6, mid(ys[2], hs[2], 10), P("birth_date", a["birth"]), 12.5, max_w=X[4] - X[3] - 10)
    F("phone", X[1] + 8, mid(ys[3], hs[3], 12), P("phone", a["phone"]), 15, max_w=X[2] - X[1] - 16)
    rx = X[3] + 6
    for i, it in enumerate(["本人", "同一世帯", "代理人"]):
        bx = rx
        rx = pg.text(rx, mid(ys[3], hs[3], 9.5), it, "M", 9.5) + 6
        if i == v["rel_choice"]:
            pg.hand_mark((bx + rx - 6) / 2, mid(ys[3], hs[3], 9.5) - 3.5, "circle", (rx - bx) * 0.5, ry=10.5)
    # section 2: whose certificate
    t2 = ys[-1] + 16
    pg.rect(50, t2, 545, t2 + 18, fill=LABEL_FILL, w=0.8)
    pg.text(58, t2 + 14, "必要な方（請求者と異なる場合に記入）", "G", 10.5)
    doc.add_keep("必要な方")
    cols = [50, 250, 330, 470, 545]
    hdr = ["氏名", "続柄", "生年月日", "通数"]
    t3 = t2 + 18
    rh = 38
    nrows = 3
    for i in range(4):
        pg.text((cols[i] + cols[i + 1]) / 2, t3 + 14, hdr[i], "G", 10, align="c")
    pg.line(50, t3 + 20, 545, t3 + 20, 0.6)
    for r in range(1, nrows):
        pg.line(50, t3 + 20 + r * rh, 545, t3 + 20 + r * rh, 0.6)
    for c in cols[1:-1]:
        pg.line(c, t3, c, t3 + 20 + nrows * rh, 0.7)
    pg.rect(50, t3, 545, t3 + 20 + nrows * rh, w=1.2)
    for r, fm in enumerate(fams):
        yy = t3 + 20 + r * rh
        F("fam", cols[0] + 8, mid(yy, rh, 14), P("person", fm["name"]), 17, max_w=cols[1] - cols[0] - 14)
        F("fam", (cols[1] + cols[2]) / 2, mid(yy, rh, 12), fm["rel"], 14, align="c")
        F("fam", cols[2] + 6, mid(yy, rh, 10), P("birth_date", fm["birth"]), 12, max_w=cols[3] - cols[2] - 10)
        F("fam", (cols[3] + cols[4]) / 2, mid(yy, rh, 12), str(fm["n"]), 14, align="c")
    # section 3: what / why
    t4 = t3 + 20 + nrows * rh + 22
    pg.text(50, t4, "必要なもの（該当するものにレ印）", "G", 10.5)
    doc.add_keep("必要なもの")
    items = ["住民票の写し（世帯全員）", "住民票の写し（一部）", "住民票記載事項証明書"]
    for i, it in enumerate(items):
        base = t4 + 22 + i * 20
        pg.text(62, base, "□" + it, "M", 10.5)
        pg.text(330, base, "通", "M", 10.5)
        pg.line(300, base + 3, 326, base + 3, 0.5)
        if i == v["what"]:
            pg.hand_mark(62 + 5, base - 4, "check", 9.5)
            F("date", 313, base - 1, str(v["copies"]), 13, align="c")
    doc.add_keep("住民票記載事項証明書")
    t5 = t4 + 22 + 3 * 20 + 16
    pg.text(50, t5, "使用目的", "G", 10.5, keep=True)
    checkbox_row(pg, 120, t5, ["年金手続き", "就職", "相続", "その他"], v["purpose"], 10.5, mark="circle")
    # section 4: office use
    t6 = t5 + 28
    pg.text(50, t6, "※ 以下は窓口で記入します", "G", 10)
    doc.add_keep("窓口で記入します", "請求者と異なる場合に記入", "該当するものにレ印")
    rows = [("本人確認書類", 26, lambda x, t, w, h: pg.text(x, mid(t, h, 10),
                                                     "運転免許証・個人番号カード・旅券・その他（　　　　）", "M", 10)),
            ("受付者", 26, None)]
    table(pg, 50, 420, t6 + 8, rows, lw=96)
    pg.stamp_date(480, t6 + 34, 28, ["東雲市", v["stamp"], "市民課"])
    doc.add_keep("本人確認書類")
    footer(pg, "shimin")
    doc.feature("two_column_grid", "household_table")


# -- T3: 介護保険 要介護認定申請書 -----------------------------------------------------

def t3_kaigo(pg: Canvas, v: dict, hand=True):
    a, doctor, rel = v["a"], v["doctor"], v["rel"]
    doc = pg.doc

    def H(x, b, parts, size=15.0, **k):
        if hand:
            return pg.hand(x, b, parts, size, **k)
        k.pop("max_w", None)
        return pg.text(x, b, parts, "M", size * 0.75, **k)

    pg.text(297.6, 70, "介護保険　要介護認定・要支援認定申請書", "G", 15.5, align="c")
    doc.add_keep("要介護認定・要支援認定申請書")
    pg.text(50, 100, "東雲市長　あて", "M", 10.5)
    blank_date(pg, 545, 100, era_digits(v["date"]), hand=hand)
    pg.text(50, 122, "次のとおり申請します。", "M", 10.5, keep=True)

    def hihoken(x, t, w, h):
        pg.digit_cells(x + 4, t + 5, v["hihoken"], 21, h - 10, group=0, hand=hand, cat="insurance_number")
        doc.feature("insured_number_boxes")

    def mynum(x, t, w, h):
        pg.digit_cells(x + 4, t + 5, a["mynum"], 21, h - 10, hand=hand)
        doc.feature("my_number_boxes")

    def birth(x, t, w, h):
        H(x + 6, mid(t, h, 12), P("birth_date", a["birth"]), 14.5)
        sx = x + w - 70
        pg.text(sx, mid(t, h, 10.5), "性別　男・女", "M", 10.5)
        cx = sx + pg.width("性別　", "M", 10.5) + (0 if v["sex"] == "男" else pg.width("男・", "M", 10.5)) + 5.25
        pg.hand_mark(cx, mid(t, h, 10.5) - 3.8, "circle", 8)

    def addr(x, t, w, h):
        pg.text(x, t + 16, "〒", "M", 10.5)
        H(x + 14, t + 17, P("postal_code", a["postal"]), 13)
        H(x + 6, t + h - 12, P("address", a["address"]), 15.5, max_w=w - 10)

    def doctor_(x, t, w, h):
        H(x + 6, mid(t, h, 12), P("person", doctor["name"]), 16, max_w=w / 2 - 20)
        pg.text(x + w / 2 + 10, mid(t, h, 10), "医療機関名", "G", 10)
        H(x + w / 2 + 70, mid(t, h, 11), v["hospital"], 13, max_w=w / 2 - 74)

    def applicant(x, t, w, h):
        H(x + 6, mid(t, h, 12), P("person", rel["name"]), 16, max_w=w - 120)
        pg.text(x + w - 100, mid(t, h, 10.5), "続柄（", "M", 10.5)
        H(x + w - 48, mid(t, h, 11), v["relname"], 13, align="c")
        pg.text(x + w - 4, mid(t, h, 10.5), "）", "M", 10.5, align="r")

    rows = [("被保険者番号", 34, hihoken), ("個人番号", 34, mynum),
            ("フリガナ", 24, lambda x, t, w, h: H(x + 6, mid(t, h, 10), P("person", a["kana"]), 11.5)),
            ("被保険者氏名", 46, lambda x, t, w, h: H(x + 6, mid(t, h, 16), P("person", a["name"]), 20, max_w=w - 20)),
            ("生年月日", 32, birth), ("住所", 60, addr),
            ("電話番号", 32, lambda x, t, w, h: H(x + 6, mid(t, h, 12), P("phone", a["phone"]), 15)),
            ("主治医の氏名", 34, doctor_), ("申請者（家族）", 34, applicant)]
    y = table(pg, 50, 545, 136, rows, lw=112)
    doc.add_keep("被保険者番号", "主治医の氏名", "医療機関名")
    y = pg.para(50, y + 16, 495, "主治医意見書の作成に当たり、東雲市が主治医に対して意見を求めることに同意します。"
                "また、認定調査の結果及び主治医意見書の内容を介護サービス計画の作成のために居宅介護支援事業者等へ"
                "提示することに同意します。", "M", 10, leading=17, keep=("主治医意見書の作成", "居宅介護支援事業者"))
    pg.text(300, y + 28, "申請者署名", "M", 10.5)
    doc.add_keep("申請者署名", "東雲市長　あて")
    pg.line(360, y + 36, 545, y + 36, 0.6)
    if hand:
        pg.hand(368, y + 28, P("person", rel["name"]), 17, max_w=170)
    footer(pg, "kaigo")
    doc.feature("two_fonts")


# -- letters -------------------------------------------------------------------------

def letter_decision(pg: Canvas, v: dict):
    """行政文書開示決定通知書 (printed)."""
    a, doc = v["a"], pg.doc
    pg.text(545, 64, v["docno"], "M", 10.5, align="r")
    pg.text(545, 82, v["date"], "M", 10.5, align="r")
    pg.text(62, 108, ["〒", P("postal_code", a["postal"])], "M", 10.5)
    pg.text(62, 126, P("address", a["address"]), "M", 10.5)
    pg.text(74, 156, [P("person", a["name"]), "　様"], "M", 15)
    pg.text(545, 190, "東雲市長", "M", 12, align="r")
    pg.rect(500, 196, 540, 236, w=1.6, color=(205, 60, 50))
    for i, t in enumerate(("東雲市", "長之印")):
        pg.text(520, 212 + i * 15, t, "M", 10, align="c", color=(205, 60, 50), layer=False)
    pg.text(297.6, 268, "行政文書開示決定通知書", "G", 16, align="c", keep=True)
    y = pg.para(50, 292, 495, [v["reqdate"], "付けで", P("person", a["name"]),
                               "様から請求のありました行政文書の開示について、東雲市情報公開条例第１１条第１項の規定により、"
                               "次のとおり開示することに決定したので通知します。"], "M", 10.5, leading=18, indent=10.5)
    rows = [("開示請求に係る行政文書の名称", 58, lambda x, t, w, h: pg.para(x, t + 8, w - 4, v["docname"], "M", 10.5, leading=17)),
            ("開示の日時", 30, lambda x, t, w, h: pg.text(x, mid(t, h, 10.5), v["when"], "M", 10.5)),
            ("開示の場所", 30, lambda x, t, w, h: pg.text(x, mid(t, h, 10.5), "東雲市役所本庁舎３階　情報公開コーナー", "M", 10.5)),
            ("開示の実施の方法", 30, lambda x, t, w, h: pg.text(x, mid(t, h, 10.5), v["how"], "M", 10.5))]
    y = table(pg, 50, 545, y + 14, rows, lw=140)
    doc.add_keep("開示の日時", "開示の場所", "情報公開コーナー", "開示することに決定したので通知します",
                 "行政文書の開示について", "本庁舎３階")
    y = pg.para(50, y + 22, 495, "（教示）この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して"
                "３か月以内に、東雲市長に対して審査請求をすることができます。", "M", 9.5, leading=16,
                keep=("審査請求をすることができます",))
    pg.rect(300, y + 30, 545, y + 100, w=0.7)
    name, tel = OFFICES["joho"]
    pg.text(308, y + 48, ["担当　", name], "M", 9.5)
    pg.text(308, y + 66, ["電話　", tel, "（直通）"], "M", 9.5)
    pg.text(308, y + 84, ["担当者　", P("person", v["staff"]["name"])], "M", 9.5)
    doc.add_keep(name, tel)
    doc.feature("addressee_block", "name_in_running_text", "official_seal")


def fax_cover(pg: Canvas, v: dict):
    s, doc = v["sender"], pg.doc
    pg.text(297.6, 90, "ＦＡＸ送信票", "G", 26, align="c", track=6, keep=True)
    pg.text(545, 124, v["date"], "M", 11, align="r")
    rows = [("宛先", 44, lambda x, t, w, h: pg.text(x, mid(t, h, 13), [OFFICES["kaigo"][0], "　御中"], "M", 13)),
            ("ＦＡＸ番号", 32, lambda x, t, w, h: pg.text(x, mid(t, h, 12), OFFICE_FAX["kaigo"], "M", 12)),
            ("送信者", 48, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 15), P("person", s["name"]), 20, max_w=w - 20)),
            ("電話番号", 36, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 12), P("phone", s["phone"]), 16)),
            ("件名", 36, lambda x, t, w, h: pg.text(x, mid(t, h, 11), "要介護認定申請書の送付について", "M", 11)),
            ("送信枚数", 32, lambda x, t, w, h: (pg.hand(x + 6, mid(t, h, 12), "2", 15),
                                              pg.text(x + 30, mid(t, h, 11), "枚（本票を含む）", "M", 11)))]
    y = table(pg, 60, 535, 150, rows, lw=110, label_size=11)
    doc.add_keep(OFFICES["kaigo"][0], OFFICE_FAX["kaigo"], "要介護認定申請書の送付について", "本票を含む")
    pg.text(60, y + 40, "通信欄", "G", 11, keep=True)
    pg.rect(60, y + 48, 535, y + 260, w=1.0)
    yy = y + 80
    yy = pg.hand(72, yy, ["いつもお世話になっております。"], 15) and y + 80
    pg.hand(72, yy + 30, ["母", P("person", v["a"]["name"]), "の申請書を送ります。"], 15, max_w=450)
    pg.hand(72, yy + 60, ["原本は後日郵送します。よろしくお願いします。"], 15)
    pg.text(297.6, y + 300, "※ 受信後、お手数ですが電話にてご連絡ください。", "M", 10.5, align="c")
    doc.add_keep("電話にてご連絡ください", "通信欄")
    doc.feature("fax_cover", "hand_running_text")


def proxy_letter(pg: Canvas, v: dict):
    """委任状 (printed template, hand fill)."""
    p, a, doc = v["proxy"], v["a"], pg.doc
    pg.text(297.6, 100, "委　任　状", "G", 22, align="c", keep=False)
    doc.add_keep("委任状")
    pg.text(50, 140, "東雲市長　あて", "M", 11)
    pg.text(80, 182, "（代理人）", "G", 11)
    rows = [("住所", 52, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 12), P("address", p["address"]), 15.5, max_w=w - 12)),
            ("氏名", 44, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 15), P("person", p["name"]), 19, max_w=w - 20)),
            ("電話番号", 34, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 12), P("phone", p["phone"]), 15))]
    y = table(pg, 50, 545, 192, rows, lw=90)
    y = pg.para(50, y + 22, 495, ["私は、上記の者を代理人と定め、住民票の写しの請求及び受領に関する権限を委任します。"
                                  "なお、代理人の", P("person", p["name"]), "は私の", v["prel"], "です。"],
                "M", 11, leading=19, indent=11, keep=("代理人と定め", "受領に関する権限を委任します"))
    doc.add_keep("委任者本人が自署してください", "（代理人）", "（委任者）")
    blank_date(pg, 545, y + 30, era_digits(v["date"]))
    pg.text(80, y + 66, "（委任者）", "G", 11)
    rows = [("住所", 52, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 12), P("address", a["address"]), 15.5, max_w=w - 12)),
            ("氏名", 48, lambda x, t, w, h: (pg.hand(x + 6, mid(t, h, 15), P("person", a["name"]), 19, max_w=w - 90),
                                            pg.seal(x + w - 26, t + h / 2, 16, a["sur"]))),
            ("生年月日", 34, lambda x, t, w, h: pg.hand(x + 6, mid(t, h, 12), P("birth_date", a["birth"]), 14.5))]
    y = table(pg, 50, 545, y + 76, rows, lw=90)
    pg.para(50, y + 22, 495, "※委任者本人が自署してください。代理人の本人確認書類が必要です。", "M", 10)
    footer(pg, "shimin")
    doc.feature("proxy_form", "seal_with_surname", "name_in_running_text")


# -- minutes ----------------------------------------------------------------------------

def minutes_pages(doc: Doc, v: dict):
    mem, st, req = v["members"], v["staff"], v["req"]
    chair = mem[0]
    pages = []
    pg = doc.page()
    pages.append(pg)
    title = f"第{v['n']}回東雲市情報公開・個人情報保護審査会　会議録"
    pg.text(297.6, 70, title, "G", 14, align="c")
    doc.add_keep("東雲市情報公開", "個人情報保護審査会")
    rows = [("日時", 28, lambda x, t, w, h: pg.text(x, mid(t, h, 10.5), v["when"], "M", 10.5)),
            ("場所", 28, lambda x, t, w, h: pg.text(x, mid(t, h, 10.5), "東雲市役所本庁舎５階　第２会議室", "M", 10.5)),
            ("出席委員", 48, lambda x, t, w, h: pg.para(x, t + 7, w - 8,
                                                     [P("person", mem[0]["name"]), "（会長）、", P("person", mem[1]["name"]), "、",
                                                      P("person", mem[2]["name"]), "、", P("person", mem[3]["name"])],
                                                     "M", 10.5, leading=17)),
            ("事務局", 28, lambda x, t, w, h: pg.text(x, mid(t, h, 10.5), ["総務部情報公開課　", P("person", st["name"]), "　主査"], "M", 10.5))]
    y = table(pg, 50, 545, 90, rows, lw=90)
    doc.add_keep("第２会議室")
    y += 30
    pg.text(50, y, "１　開会", "G", 11.5)
    y += 10

    def speech(pg, y, who, body):
        return pg.para(50, y, 495, ["○"] + runs_of(who) + ["　"] + runs_of(body), "M", 10.5, leading=18) + 8

    y = speech(pg, y, ["会長（", P("person", chair["name"]), "）"],
               f"ただいまから、第{v['n']}回東雲市情報公開・個人情報保護審査会を開会いたします。本日は委員４名全員の出席があり、会議は成立しております。")
    y = speech(pg, y, [P("person", mem[1]["sur"]), "委員"],
               ["資料２の諮問案件について伺います。審査請求人である", P("person", req["name"]),
                "氏は、部分開示とされた箇所のうち、職員の氏名について開示を求めています。事務局の見解を伺います。"])
    y = speech(pg, y, ["事務局（", P("person", st["sur"]), "）"],
               "お答えします。本件で不開示とした職員の氏名は、非常勤職員のものであり、慣行として公にされている情報には当たらないと判断しております。")
    y = speech(pg, y, [P("person", mem[2]["sur"]), "委員"],
               ["先ほど", P("person", mem[1]["sur"]), "委員から御指摘のあった点に関連して、他の自治体の答申例も確認すべきではないでしょうか。"])
    pg.text(50, y + 14, "２　議事", "G", 11.5)
    y += 24
    y = speech(pg, y, ["会長（", P("person", chair["name"]), "）"],
               "それでは、諮問第２４号について審議します。事務局から資料の説明をお願いします。")
    pg.text(297.6, 810, "－１－", "M", 10, align="c")
    doc.add_keep("諮問第２４号について審議します", "会議は成立しております", "他の自治体の答申例", "事務局の見解を伺います")

    pg = doc.page()
    pages.append(pg)
    y = 70
    y = speech(pg, y, ["事務局（", P("person", st["sur"]), "）"],
               ["資料３を御覧ください。審査請求人は、令和６年２月に、自身に関する生活相談記録の開示を請求しました。"
                "実施機関は、相談に対応した職員", P("person", v["clerk"]["name"]),
                "の所見欄の一部を不開示としております。不開示の理由は、記載内容が今後の相談業務の適正な遂行に支障を及ぼすおそれがあるためです。"])
    y = speech(pg, y, [P("person", mem[3]["sur"]), "委員"],
               "所見欄の記載のうち、事実に関する部分と評価に関する部分を区別して検討する必要があると考えます。事実の部分まで不開示とするのは広すぎるのではないでしょうか。")
    y = speech(pg, y, ["会長（", P("person", chair["name"]), "）"],
               ["ほかに御意見はありませんか。", P("person", mem[2]["sur"]), "委員、いかがですか。"])
    y = speech(pg, y, [P("person", mem[2]["sur"]), "委員"],
               "私も同様の意見です。評価に関する部分は不開示が妥当ですが、日時や相談の経過といった事実の部分は開示すべきと考えます。")
    y = speech(pg, y, ["会長（", P("person", chair["name"]), "）"],
               "それでは、本件については、事実に関する部分を開示すべきとする方向で答申案を作成することとします。答申案は次回の審査会でお諮りします。")
    pg.text(297.6, 810, "－２－", "M", 10, align="c")
    doc.add_keep("答申案を作成することとします", "生活相談記録の開示を請求しました", "事実に関する部分",
                 "次回の審査会でお諮りします")

    pg = doc.page()
    pages.append(pg)
    y = 70
    pg.text(50, y + 10, "３　その他", "G", 11.5)
    y += 22
    y = speech(pg, y, ["事務局（", P("person", st["sur"]), "）"],
               ["次回の審査会は", v["next"], "に開催を予定しております。なお、本日の会議録の確認は、",
                P("person", mem[1]["sur"]), "委員にお願いしたいと存じます。"])
    y = speech(pg, y, ["会長（", P("person", chair["name"]), "）"],
               "以上をもちまして、本日の審査会を閉会いたします。ありがとうございました。")
    y += 30
    pg.text(320, y, "会議録署名委員", "G", 10.5)
    pg.hand(420, y + 2, P("person", mem[1]["name"]), 16, max_w=120)
    pg.line(415, y + 6, 545, y + 6, 0.5)
    pg.text(297.6, 810, "－３－", "M", 10, align="c")
    doc.add_keep("本日の審査会を閉会いたします", "会議録署名委員")
    doc.feature("minutes", "surname_only_reference", "name_in_running_text", "multi_page", "signature")
    return pages


# -- vertical letter -------------------------------------------------------------------

def kanji_digits(s: str) -> str:
    s = re.sub(r"[0-9０-９]+", lambda m: G.kanji_num(int(nfkc(m.group()))), s)
    return re.sub(r"[-‐−–—―ｰ－]", "ー", s)


def letter_vertical(pg: Canvas, v: dict):
    a, doc = v["a"], pg.doc
    pg.d.rectangle([40 * PT, 40 * PT, 555 * PT, 800 * PT], outline=(120, 120, 120), width=2)
    x = 530.0
    top = 70.0
    sz = 14.0
    pg.vcolumn(x - sz, top + sz * 3, "寄附金受領証明書の送付について", "G", 16)
    x -= 16 + sz * 2.2
    x = pg.vpara(x, top, 690, [
        "拝啓　新緑の候、", P("person", a["name"]), "様にはますますご清祥のこととお喜び申し上げます。"
        "このたびは、東雲市のまちづくりのために温かいご寄附を賜り、誠にありがとうございました。"], "M", sz)
    x = pg.vpara(x - sz * 0.9, top, 690, [
        "お寄せいただいた寄附金は、東雲市子ども未来基金に積み立て、子どもたちの学習環境の充実のために"
        "大切に活用させていただきます。"], "M", sz)
    x = pg.vpara(x - sz * 0.9, top, 690, [
        "つきましては、寄附金受領証明書を同封いたしますので、ご査収くださいますようお願い申し上げます。"
        "今後とも市政に一層のご理解とご協力を賜りますようお願い申し上げます。"], "M", sz)
    pg.vcolumn(x - sz * 1.9, top + 640 - sz * 2, "敬具", "M", sz)
    x -= sz * 3.8
    pg.vcolumn(x - sz, top + sz * 2, v["vdate"], "M", sz)
    x -= sz * 2.2
    pg.vcolumn(x - sz, top + 640 - sz * 7, "東雲市長", "M", sz * 1.2, track=sz * 0.4)
    x -= sz * 3.0
    pg.vcolumn(x - sz, top + sz, P("address", v["vaddr"]), "M", 12)
    x -= sz * 2.4
    pg.vcolumn(x - sz * 1.2, top + sz * 2, [P("person", a["name"]), "　様"], "M", 18)
    doc.add_keep("寄附金受領証明書", "子ども未来基金", "東雲市長", "まちづくりのために", "学習環境の充実",
                 "ご査収くださいますよう")
    doc.feature("vertical_writing", "name_in_running_text", "kanji_numerals")


# =============================================================================
# Values
# =============================================================================

class Values(GP.Values):
    def address(self, maxlen=24) -> str:
        return super().address(maxlen)

    def hand_address(self) -> str:
        while True:
            s = self.address(22)
            if " " not in s:
                return s


def v_common(vals: Values, rng) -> dict:
    a = vals.applicant()
    a["address"] = vals.hand_address()
    dn, _ = rng.choice(GP.DOCNAMES)
    v = dict(a=a, date=vals.docdate(fw=False), method=rng.randrange(3), idcheck=rng.randrange(4),
                docname=dn, receipt=f"第{rng.randint(100, 999)}号",
                seal=True)
    d = era_digits(v["date"])
    v["stamp"] = f"{d[0]}.{d[1]}.{d[2]}"
    return v


def v_juminhyo(vals: Values, rng) -> dict:
    v = v_common(vals, rng)
    a = v["a"]
    fams = []
    for rel in rng.sample(["妻", "長男", "長女", "母"], 2):
        while True:
            g, _ = rng.choice(G.GIVEN_FEMALE if rel in ("妻", "長女", "母") else G.GIVEN_MALE)
            nm = a["sur"] + rng.choice(["\u3000", ""]) + g
            if vals.ok(nm) and a["sur"] + g not in vals.used_names and a["sur"] != a["name"]:
                vals.used_names.add(a["sur"] + g)
                break
        lo, hi = (1935, 1960) if rel == "母" else ((1960, 1995) if rel == "妻" else (1995, 2015))
        fams.append(dict(name=nm, rel=rel, birth=vals.birth(lo, hi), n=rng.randint(1, 2)))
    proxy = vals.applicant()
    proxy["address"] = vals.hand_address()
    v.update(fams=fams, rel_choice=rng.randrange(3), what=rng.randrange(3), copies=rng.randint(1, 3),
             purpose=rng.randrange(4), proxy=proxy, prel=rng.choice(["長男", "長女", "弟", "妹", "友人"]))
    return v


def v_kaigo(vals: Values, rng) -> dict:
    v = v_common(vals, rng)
    v["a"]["birth"] = vals.birth(1930, 1955)
    v.update(doctor=vals.person(), rel=vals.person(), relname=rng.choice(["長女", "長男", "妻", "夫"]),
             sex=rng.choice(["男", "女"]), hihoken=G.rdigits(rng, 10),
             hospital=rng.choice(["東雲中央病院", "東雲市民病院", "しののめ内科クリニック"]))
    s = vals.person()
    s["phone"] = vals.phone()
    v["sender"] = s
    return v


def v_letter(vals: Values, rng) -> dict:
    v = v_common(vals, rng)
    v["a"]["address"] = vals.address(26)
    v.update(docno=f"東総情第{rng.randint(100, 999)}号",
             reqdate=f"令和6年{rng.randint(1, 3)}月{rng.randint(1, 28)}日",
             when=f"令和6年4月{rng.randint(10, 28)}日　午前{rng.randint(9, 11)}時",
             how=rng.choice(["写しの交付（窓口）", "写しの交付（郵送）", "閲覧"]), staff=vals.person())
    return v


def v_minutes(vals: Values, rng) -> dict:
    return dict(members=[vals.person() for _ in range(4)], staff=vals.person(), req=vals.person(),
                clerk=vals.person(), n=rng.randint(2, 9),
                when=f"令和6年5月{rng.randint(7, 24)}日　午後2時から午後3時30分まで",
                next=f"令和６年７月{rng.randint(1, 28)}日")


def v_vertical(vals: Values, rng) -> dict:
    v = v_common(vals, rng)
    while True:
        ad = kanji_digits(vals.address(24))
        if len(ad) <= 30 and " " not in ad and "\u3000" not in ad:
            break
    v["vaddr"] = ad
    v["vdate"] = f"令和六年{G.kanji_num(rng.randint(4, 6))}月{G.kanji_num(rng.randint(1, 28))}日"
    return v


# =============================================================================
# The files
# =============================================================================

class Built:
    """A finished page: final image(s) plus boxes in output pixels."""

    def __init__(self):
        self.pii: dict = {}      # (cat, value, hand, where) -> [[page, x0, y0, x1, y1]]
        self.runs: list = []     # per page: [(text, x_pt, y_pt, w_pt, size_pt, angle)]
        self.sizes: list = []
        self.skews: list = []
        self.keep_boxes: dict = {}   # phrase -> [[page, x0, y0, x1, y1]]


def finish_boxes(pg: Canvas, geo: Geo, limit) -> dict:
    """All boxes of a canvas mapped to output pixels."""
    out = {}
    for k, bs in pg.pii.items():
        out.setdefault(k, []).extend(geo.box(b, limit) for b in bs)
    for k, bs in pg.cells:
        out.setdefault(k, []).extend(geo.box(b, limit) for b in bs)
    return out


def check_tight(pg: Canvas, geo: Geo) -> list[str]:
    """No non-PII ink may fall in a truth box (checked on the canvas, box grown by skew,
    less the margin that tests/scan/check_scan_redacted.py ignores)."""
    L = pg.img.convert("L")
    bad = []
    pm = pg.piim.point(lambda v: 255 if v else 0)
    allb = [(k, b) for k, bs in pg.pii.items() for b in bs] + [(k, b) for k, bs in pg.cells for b in bs]
    for k, b in allb:
        gx, gy = geo.growth(b)
        g = (b[0] - gx, b[1] - gy, b[2] + gx, b[3] + gy)
        # the checker ignores the outer 5 % of a box on each side (at least 2 px): keep 4 %
        mx = max(2, math.floor(0.04 * (g[2] - g[0])))
        my = max(2, math.floor(0.04 * (g[3] - g[1])))
        r = (max(0, g[0] + mx), max(0, g[1] + my), min(CW, g[2] - mx), min(CH, g[3] - my))
        dark = L.crop(r).point(lambda v: 255 if v < 170 else 0)
        other = ImageChops.subtract(dark, pm.crop(r))
        n = other.histogram()[255]
        if n:
            bad.append(f"{k[0]} {k[1]!r}: {n} px of other ink in box {b}")
    return bad


def collisions(doc: Doc) -> list[str]:
    plain = wordchars("".join(t for pg in doc.pages for t in pg.plain))
    keep = [wordchars(k) for k in doc.keep]
    digit_plain = re.findall(r"\d+", re.sub(r"(?<=\d)\D(?=\d)", "", nfkc("".join(
        t for pg in doc.pages for t in pg.plain))))
    bad = []
    vals = {k[1] for pg in doc.pages for k in list(pg.pii) + [c[0] for c in pg.cells]}
    for v in vals:
        w = wordchars(v)
        dg = digits_of(v)
        if len(dg) >= 6:
            if any(dg in r for r in digit_plain):
                bad.append(v)
        elif w and (w in plain or any(w in k for k in keep)):
            bad.append(v)
    return bad


def entry_of(doc: Doc, built: Built, fmt: str, codec: str, dpi: int, text_layer=False) -> dict:
    pii = []
    for (cat, val, hand, where), boxes in built.pii.items():
        pages = sorted({b[0] for b in boxes})
        for p in pages:
            pii.append({"category": cat, "value": val, "page": p, "channel": "page", "where": where,
                        "hand": hand, "boxes": [b for b in boxes if b[0] == p]})
    pii.sort(key=lambda e: (e["page"], e["boxes"][0][2], e["boxes"][0][1]))
    pii += doc.extra_pii
    return {"file": doc.fname, "kind": doc.kind, "format": fmt, "codec": codec, "dpi": dpi,
            "pages": len(built.sizes), "page_size_px": built.sizes, "skew_deg": built.skews,
            "text_layer": text_layer, "hand_font": doc.hand_font,
            "pii": pii, "keep": list(doc.keep),
            "keep_boxes": {k: built.keep_boxes[k] for k in doc.keep if k in built.keep_boxes},
            "features": list(doc.features)}


def scan_pages(doc: Doc, srng, mode: str, dpi: int, angles, **kw):
    """Runs every canvas through the scanner/fax model. Returns (images, Built, problems)."""
    built = Built()
    imgs = []
    problems = []
    for i, pg in enumerate(doc.pages):
        out = (round(CW * dpi / DPI), round(CH * dpi / DPI))
        geo = Geo(angles[i], out=out)
        problems += [f"p{i + 1}: {p}" for p in check_tight(pg, geo)]
        boxes = finish_boxes(pg, geo, out)
        flat = [b for bs in boxes.values() for b in bs]
        if mode == "gray":
            im = scan_gray(srng, pg.img, geo, flat, **kw)
        elif mode == "color":
            im = scan_gray(srng, pg.img, geo, flat, color=True, **kw)
        else:
            im = scan_bw(srng, pg.img, geo, flat, **kw)
        for k, bs in boxes.items():
            built.pii.setdefault(k, []).extend([i + 1] + b for b in bs)
        built.sizes.append(list(out))
        built.skews.append(round(angles[i], 3))
        built.runs.append(layer_runs(pg, geo, dpi))
        for ph, bs in keep_boxes(pg, doc.keep, geo, out).items():
            built.keep_boxes.setdefault(ph, []).extend([i + 1] + bb for bb in bs)
        imgs.append(im)
        pg.img = pg.piim = pg.d = None      # the canvas is done: free ~35 MB per page
    return imgs, built, problems


def layer_runs(pg: Canvas, geo: Geo, dpi: int):
    """Text runs in PDF user space of a page image placed at `dpi` (for the OCR layer)."""
    out = []
    Hpt = geo.out[1] * 72 / dpi
    for r in pg.runs:
        x, y = geo.pt(r["x"], r["base"])
        out.append((r["text"], x * 72 / dpi, Hpt - y * 72 / dpi, r["w"] * geo.sx * 72 / dpi,
                    r["size"] * geo.sy * 72 / dpi, geo.angle))
    return out


def keep_boxes(pg: Canvas, phrases, geo: Geo, limit) -> dict[str, list]:
    """Pixel boxes (output grid) of every occurrence of each keep phrase in the printed runs
    of a page; a phrase broken over two lines gets one box per line."""
    chars = []          # (char, run, index in run)
    for r in pg.runs:
        if r.get("printed"):
            for i, c in enumerate(r["text"]):
                if not c.isspace():
                    chars.append((c, r, i))
    text = "".join(c for c, _, _ in chars)
    out: dict[str, list] = {}
    for ph in phrases:
        start = 0
        ph_ = re.sub(r"\s", "", ph)
        while ph_:
            j = text.find(ph_, start)
            if j < 0:
                break
            start = j + 1
            parts: dict[int, list] = {}
            for c, r, i in chars[j:j + len(ph_)]:
                parts.setdefault(id(r), [r, i, i])[2] = i
            for r, i0, i1 in parts.values():
                f = font(r["key"], r["size"])
                xa = r["x"] + f.getlength(r["text"][:i0]) + r["track"] * i0
                xb = r["x"] + f.getlength(r["text"][:i1 + 1]) + r["track"] * i1
                b = (xa - 4, r["base"] - r["size"] * 0.92, xb + 4, r["base"] + r["size"] * 0.2)
                out.setdefault(ph, []).append(geo.box(b, limit))
    return out


def pick_angles(srng, n, lo, hi):
    return [srng.choice([-1, 1]) * srng.uniform(lo, hi) for _ in range(n)]


# -- PDF writing for the searchable and the mixed file (own writer, gen_pdf_samples') ----

class PdfOut:
    def __init__(self, srcs):
        self.pdf = GP.PdfFile()
        self.catalog = self.pdf.ref()
        self.pages_ref = self.pdf.ref()
        self.kids = []
        self.fonts = {"F1": (self.pdf.ref(), GP.DocFont(srcs["gothic"])),
                      "F2": (self.pdf.ref(), GP.DocFont(srcs["mincho"]))}

    def image(self, jpeg: bytes, w, h) -> GP.Ref:
        return self.pdf.add(GP.Stream({"Type": GP.N("XObject"), "Subtype": GP.N("Image"), "Width": w,
                                       "Height": h, "ColorSpace": GP.N("DeviceGray"), "BitsPerComponent": 8,
                                       "Filter": GP.N("DCTDecode")}, jpeg, compress=False))

    def text_op(self, fkey, text, x, y, size, tz=100.0, angle=0.0, mode=0) -> str:
        df = self.fonts[fkey][1]
        c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        hexs = GP.ser(GP.Hex(df.codes(text))).decode("latin-1")
        return (f"BT /{fkey} {GP.fmt(size)} Tf {mode} Tr {GP.fmt(tz)} Tz "
                f"{GP.fmt(c)} {GP.fmt(s)} {GP.fmt(-s)} {GP.fmt(c)} {GP.fmt(x)} {GP.fmt(y)} Tm {hexs} Tj ET")

    def natural(self, fkey, text, size) -> float:
        return sum(self.fonts[fkey][1].widths(text)) * size / 1000

    def page(self, ops: list[str], xobjects: dict):
        res = {"Font": {k: r for k, (r, _) in self.fonts.items()}, "XObject": xobjects}
        cont = self.pdf.add(GP.Stream({}, ("\n".join(ops) + "\n").encode("latin-1")))
        self.kids.append(self.pdf.add({"Type": GP.N("Page"), "Parent": self.pages_ref,
                                       "MediaBox": [0, 0, PAGE_PT[0], PAGE_PT[1]], "Resources": res,
                                       "Contents": cont}))

    def write(self, seed_text: str, fname: str) -> bytes:
        for i, (k, (ref, df)) in enumerate(self.fonts.items()):
            if not df.used:
                df.gids("　")
            dg = hashlib.md5(f"{seed_text}:{k}".encode()).digest()
            GP.font_objects(self.pdf, ref, df, "".join(chr(65 + b % 26) for b in dg[:6]))
        self.pdf.put(self.pages_ref, {"Type": GP.N("Pages"), "Kids": self.kids, "Count": len(self.kids)})
        self.pdf.put(self.catalog, {"Type": GP.N("Catalog"), "Pages": self.pages_ref})
        info = self.pdf.add({"Producer": "libredact gen_scan_samples", "Title": fname})
        h = hashlib.md5(fname.encode()).digest()
        return self.pdf.write({"Root": self.catalog, "Info": info, "ID": [GP.Hex(h), GP.Hex(h)]})


def ocr_like(text: str) -> str:
    """Text as an OCR engine writes it: NFKC digits/ASCII, no ideographic spaces."""
    return "".join(nfkc(c) if c.isascii() or unicodedata.category(c) == "Nd" or c in "－（）：" else c
                   for c in text).replace("\u3000", " ").strip()


# -- the plan ------------------------------------------------------------------------------

def build_file(name: str, seed: int, cov, srcs, attempt: int):
    holder = []
    e, files, pr = _build(name, seed, cov, srcs, attempt, holder)
    return e, files, pr, holder[0]


def _build(name: str, seed: int, cov, srcs, attempt: int, holder: list):
    """Returns (entry, {filename: bytes}, problems, doc)."""
    rng = random.Random(f"{seed}:{name}:{attempt}")
    srng = random.Random(f"{seed}:{name}:{attempt}:scan")
    vals = Values(rng, cov)
    files = {}
    doc = None

    if name == "scan_kaiji_01.pdf":
        doc = Doc(name, "disclosure_request_form", rng, "seto")
        holder.append(doc)
        v = v_common(vals, rng)
        t1_disclosure(doc.page(), v, hand=True)
        imgs, b, pr = scan_pages(doc, srng, "gray", 300, pick_angles(srng, 1, 0.5, 1.5))
        clerk = vals.person()
        files[name] = pdf_from_images([jpeg_bytes(im, 300) for im in imgs], author=clerk["name"])
        doc.extra_pii.append({"category": "person", "value": clerk["name"], "page": 0, "channel": "info",
                              "where": "Info/Author (scanning clerk)", "hand": False, "boxes": []})
        doc.feature("jpeg_gray_300dpi", "skew", "scanner_noise", "handwriting", "info_author")
        return entry_of(doc, b, "pdf", "jpeg", 300), files, pr

    if name == "scan_juminhyo_02.pdf":
        doc = Doc(name, "residence_certificate_request", rng, "kiloji")
        holder.append(doc)
        v = v_juminhyo(vals, rng)
        t2_juminhyo(doc.page(), v, hand_fields={"fam", "date"})
        proxy_letter(doc.page(), v)
        imgs, b, pr = scan_pages(doc, srng, "gray", 300, pick_angles(srng, 2, 0.5, 1.5))
        files[name] = pdf_from_images([jpeg_bytes(im, 300) for im in imgs])
        doc.feature("jpeg_gray_300dpi", "skew", "scanner_noise", "printed_and_handwritten", "multi_page")
        return entry_of(doc, b, "pdf", "jpeg", 300), files, pr

    if name == "fax_kaigo_03.pdf":
        doc = Doc(name, "care_insurance_application", rng, "kiloji")
        holder.append(doc)
        v = v_kaigo(vals, rng)
        fax_cover(doc.page(), v)
        t3_kaigo(doc.page(), v, hand=True)
        imgs, b, pr = scan_pages(doc, srng, "bw", 200, pick_angles(srng, 2, 0.2, 0.8))
        fax_header(doc, b, imgs, v["sender"]["phone"], v["date"], OFFICE_FAX["kaigo"], srng)
        files[name] = pdf_from_images([g4_bytes(im, 200) for im in imgs])
        doc.feature("ccitt_g4_200dpi", "fax_header", "handwriting", "multi_page")
        return entry_of(doc, b, "pdf", "ccitt", 200), files, pr

    if name == "fax_kaiji_04.tif":
        doc = Doc(name, "disclosure_request_form", rng, "kiloji")
        holder.append(doc)
        v = v_common(vals, rng)
        v["seal"] = False
        t1_disclosure(doc.page(), v, hand=True)
        pg = doc.page()
        pg.text(50, 80, "（別紙）請求の内容についての補足", "G", 14, keep=True)
        third = vals.person()
        y = pg.para(50, 100, 495, ["令和５年７月１２日に東雲市立東雲中学校で発生した事故に関し、",
                                   P("person", third["name"]), "（当時２年生）の保護者として、学校が作成した事故報告書の開示を求めます。"],
                    "M", 11, leading=20, indent=11, keep=("事故報告書の開示を求めます",))
        pg.hand(60, y + 40, ["連絡は", P("phone", v["a"]["phone"]), "まで（平日夕方）"], 15, max_w=470)
        pg.text(50, y + 90, "以上", "M", 11)
        doc.feature("name_in_running_text", "hand_running_text")
        imgs, b, pr = scan_pages(doc, srng, "bw", 200, pick_angles(srng, 2, 0.2, 0.8))
        fax_header(doc, b, imgs, v["a"]["phone"], v["date"], OFFICE_FAX["joho"], srng)
        latin = v["a"]["latin"]
        files[name] = g4_multipage(imgs, 200, artist=latin)
        doc.extra_pii.append({"category": "person", "value": latin, "page": 0, "channel": "metadata",
                              "where": "TIFF tag 315 Artist", "hand": False, "boxes": []})
        doc.feature("tiff_multipage", "ccitt_g4_200dpi", "multi_strip", "tiff_artist_tag", "fax_header")
        return entry_of(doc, b, "tiff", "ccitt", 200), files, pr

    if name == "tiff_minutes_05.tif":
        doc = Doc(name, "minutes", rng, "seto")
        holder.append(doc)
        v = v_minutes(vals, rng)
        minutes_pages(doc, v)
        imgs, b, pr = scan_pages(doc, srng, "bw", 300, pick_angles(srng, 3, 0.1, 0.5), sigma=16, thresh=140, n_pepper=120)
        files[name] = g4_multipage(imgs, 300)
        doc.feature("tiff_multipage", "ccitt_g4_300dpi")
        return entry_of(doc, b, "tiff", "ccitt", 300), files, pr

    if name == "scan_tsuchi_06.png":
        doc = Doc(name, "decision_letter", rng, "seto")
        holder.append(doc)
        v = v_letter(vals, rng)
        letter_decision(doc.page(), v)
        imgs, b, pr = scan_pages(doc, srng, "gray", 200, pick_angles(srng, 1, 0.3, 1.0), sigma=2.5, white_clip=222,
                                 n_speck=60)
        info = PngInfo()
        info.add_itxt("Author", v["staff"]["name"])
        info.add_text("Software", "libredact sample scanner")
        bio = io.BytesIO()
        imgs[0].save(bio, "PNG", dpi=(200, 200), pnginfo=info, optimize=True)
        files[name] = bio.getvalue()
        doc.extra_pii.append({"category": "person", "value": v["staff"]["name"], "page": 0, "channel": "metadata",
                              "where": "PNG iTXt Author", "hand": False, "boxes": []})
        doc.feature("png_gray_200dpi", "background_removed", "png_itxt_author")
        return entry_of(doc, b, "png", "png", 200), files, pr

    if name == "photo_juminhyo_07.jpg":
        doc = Doc(name, "residence_certificate_request", rng, "kiloji", pen=(30, 45, 150), ink=(20, 90, 60))
        holder.append(doc)
        v = v_juminhyo(vals, rng)
        t2_juminhyo(doc.page(color=True), v, hand_fields={"postal", "address", "kana", "name", "birth", "phone",
                                                           "fam", "date"})
        imgs, b, pr = scan_pages(doc, srng, "color", 300, pick_angles(srng, 1, 0.5, 1.5),
                                 tint=(255, 246, 228))
        files[name] = jpeg_bytes(imgs[0], 300)
        doc.feature("jpeg_rgb_300dpi", "green_form_blue_ink", "handwriting")
        return entry_of(doc, b, "jpeg", "jpeg", 300), files, pr

    if name == "ocr_kettei_08.pdf":
        doc = Doc(name, "decision_letter", rng, "seto")
        holder.append(doc)
        v = v_letter(vals, rng)
        v.update(v_kaigo(vals, rng) | {"a": v["a"]})
        v["a"]["birth"] = vals.birth(1930, 1955)
        letter_decision(doc.page(), v)
        t3_kaigo(doc.page(), v, hand=True)
        imgs, b, pr = scan_pages(doc, srng, "gray", 300, pick_angles(srng, 2, 0.5, 1.5))
        out = PdfOut(srcs)
        for i, im in enumerate(imgs):
            jp = jpeg_bytes(im, 300)
            ref = out.image(jp, *im.size)
            ops = [f"q {GP.fmt(PAGE_PT[0])} 0 0 {GP.fmt(PAGE_PT[1])} 0 0 cm /Im0 Do Q"]
            for text, x, y, w, size, ang in b.runs[i]:
                t = ocr_like(text)
                if not t:
                    continue
                nat = out.natural("F1", t, size)
                tz = 100.0 * w / nat if nat > 0 else 100.0
                ops.append(out.text_op("F1", t, x, y, size, tz=max(20.0, min(300.0, tz)), angle=ang, mode=3))
            out.page(ops, {"Im0": ref})
        files[name] = out.write(f"{seed}:{name}", name)
        for k in list(b.pii):
            b.pii[(k[0], k[1], k[2], "image+ocr_layer")] = b.pii.pop(k)
        doc.feature("searchable_pdf", "invisible_text_layer_3Tr", "rotated_Tm", "Tz_fit", "jpeg_gray_300dpi",
                    "handwriting", "multi_page")
        return entry_of(doc, b, "pdf", "jpeg", 300, text_layer=True), files, pr

    if name == "mixed_uketsuke_09.pdf":
        doc = Doc(name, "disclosure_receipt_mixed", rng, "kiloji")
        holder.append(doc)
        v = v_common(vals, rng)
        v["seal"] = False
        scan = doc.page()
        ybot = t1_disclosure(scan, v, hand=True, region=True)
        doc.pages = []
        doc.keep = []
        # the scanned region: the filled table, cropped from the canvas
        crop = (round(40 * PT), round(176 * PT), round(555 * PT), round((ybot + 10) * PT))
        cw, chh = crop[2] - crop[0], crop[3] - crop[1]
        ang = pick_angles(srng, 1, 0.3, 0.9)[0]
        place = (round(40 * PT), round(300 * PT))     # where the image sits on the page (px at 300 dpi)
        geo = Geo(ang, size=(cw, chh), out=(cw, chh), crop=crop[:2], offset=place)
        geo_local = Geo(ang, size=(cw, chh), out=(cw, chh), crop=crop[:2])
        pr = check_tight(scan, geo)
        sub = Canvas(doc)
        sub.img = scan.img.crop(crop)
        boxes_local = finish_boxes(scan, geo_local, (cw, chh))
        im = scan_gray(srng, sub.img, Geo(ang, size=(cw, chh), out=(cw, chh)),
                       [b for bs in boxes_local.values() for b in bs], n_speck=60)
        b = Built()
        for k, bs in finish_boxes(scan, geo, (CW, CH)).items():
            b.pii.setdefault(k, []).extend([1] + bb for bb in bs)
        # born-digital part: header text
        out = PdfOut(srcs)
        ops = []
        hdr = Canvas(doc)   # only to collect plain text / keep
        doc.pages = [hdr]
        Hpt = PAGE_PT[1]

        def T(fkey, x, y_top_pt, parts, size, keep=False):
            xx = x
            base = y_top_pt + size * 0.88
            for t, cat in runs_of(parts):
                ops.append(out.text_op(fkey, t, xx, Hpt - base, size))
                w = out.natural(fkey, t, size)
                hdr.runs.append(dict(text=t, x=xx * PT, base=base * PT, w=w * PT, size=size * PT,
                                     key={"F1": "G", "F2": "M"}[fkey], track=0.0, printed=cat is None))
                if cat is None:
                    hdr.plain.append(t)
                else:
                    box = [math.floor(xx * PT) - 2, math.floor((base - size * 0.90) * PT) - 2,
                           math.ceil((xx + w) * PT) + 2, math.ceil((base + size * 0.14) * PT) + 2]
                    b.pii.setdefault((cat, t, False, "text"), []).append([1] + box)
                xx += w
            if keep:
                doc.add_keep("".join(t for t, _ in runs_of(parts)))

        T("F1", 50, 50, "行政文書開示請求受付票", 18, keep=True)
        T("F2", 50, 90, ["受付番号　", v["receipt"], "　　受付日　", v["date"]], 11)
        T("F2", 50, 112, ["請求者氏名　", P("person", v["a"]["name"]), "　様"], 12)
        T("F2", 50, 134, ["連絡先　", P("phone", v["a"]["phone"])], 11)
        T("F2", 50, 156, ["担当　", OFFICES["joho"][0], "　電話 ", OFFICES["joho"][1]], 11)
        doc.add_keep(OFFICES["joho"][0])
        T("F2", 50, 190, "以下は請求書の該当部分の写し（スキャン画像）です。", 10.5, keep=True)
        T("F2", 50, 212, "本票は受付処理のための内部資料です。外部への提供はできません。", 10.5)
        doc.add_keep("外部への提供はできません", "受付処理のための内部資料", "請求書の該当部分の写し", "請求者氏名",
                     "受付番号", OFFICES["joho"][1], "日中連絡のつく番号")
        iw, ih = im.size
        x_pt, y_pt = place[0] * 72 / DPI, place[1] * 72 / DPI
        ref = out.image(jpeg_bytes(im, 300), iw, ih)
        ops.insert(0, f"q {GP.fmt(iw * 72 / DPI)} 0 0 {GP.fmt(ih * 72 / DPI)} {GP.fmt(x_pt)} "
                      f"{GP.fmt(Hpt - y_pt - ih * 72 / DPI)} cm /Im0 Do Q")
        hdr.plain += scan.plain
        for k in list(scan.pii) + [c[0] for c in scan.cells]:
            hdr.pii.setdefault(k, [])
        out.page(ops, {"Im0": ref})
        files[name] = out.write(f"{seed}:{name}", name)
        b.sizes = [[CW, CH]]
        b.skews = [round(ang, 3)]
        class _Runs:   # the scan canvas' runs inside the cropped region only
            runs = [r for r in scan.runs if crop[1] <= r["base"] <= crop[3]]
        for pgx, gx in ((hdr, Geo()), (_Runs, geo)):
            for ph, bs in keep_boxes(pgx, doc.keep, gx, (CW, CH)).items():
                b.keep_boxes.setdefault(ph, []).extend([1] + bb for bb in bs)
        for kk in ("開示の実施の方法", "本人確認書類", "写しの交付", "電子データの提供"):
            if kk in doc.keep:
                doc.keep.remove(kk)
        doc.feature("mixed_text_and_image", "text_pii_born_digital", "embedded_scan_region", "handwriting")
        e = entry_of(doc, b, "pdf", "jpeg", 300)
        e["images"] = [{"page": 1, "x": place[0], "y": place[1], "w": iw, "h": ih, "dpi": 300}]
        return e, files, pr

    if name == "scan_tate_10.pdf":
        doc = Doc(name, "thank_you_letter_vertical", rng, "seto")
        holder.append(doc)
        v = v_vertical(vals, rng)
        letter_vertical(doc.page(), v)
        imgs, b, pr = scan_pages(doc, srng, "gray", 300, pick_angles(srng, 1, 0.5, 1.5))
        files[name] = pdf_from_images([jpeg_bytes(im, 300) for im in imgs])
        doc.feature("jpeg_gray_300dpi", "skew")
        return entry_of(doc, b, "pdf", "jpeg", 300), files, pr

    raise KeyError(name)


def fax_header(doc: Doc, b: Built, imgs, phone, date, to_fax, srng):
    """The sending machine's header line, drawn on the 1-bit pages after skew (not skewed)."""
    n = len(imgs)
    d8 = era_digits(date)
    stamp = f"2024/{d8[1]:02d}/{d8[2]:02d} {srng.randint(9, 17):02d}:{srng.randint(0, 59):02d}"
    f = ImageFont.truetype(GOTHIC, 22)
    for i, im in enumerate(imgs):
        d = ImageDraw.Draw(im)
        x, base = 60, 40
        parts = [(stamp + "    FROM: ", None), (phone, "phone"), (f"    TO: {to_fax}    P.{i + 1:03d}/{n:03d}", None)]
        for t, cat in parts:
            d.text((x, base), t, font=f, fill=0, anchor="ls")
            if cat:
                bb = d.textbbox((x, base), t, font=f, anchor="ls")
                b.pii.setdefault((cat, t, False, "fax_header"), []).append(
                    [i + 1, math.floor(bb[0]) - 2, math.floor(bb[1]) - 2, math.ceil(bb[2]) + 2, math.ceil(bb[3]) + 2])
            x += f.getlength(t)
        doc.pages[i].plain.append(stamp)
    doc.feature("fax_header_line")


FILES = ["scan_kaiji_01.pdf", "scan_juminhyo_02.pdf", "fax_kaigo_03.pdf", "fax_kaiji_04.tif",
         "tiff_minutes_05.tif", "scan_tsuchi_06.png", "photo_juminhyo_07.jpg", "ocr_kettei_08.pdf",
         "mixed_uketsuke_09.pdf", "scan_tate_10.pdf"]


def make(name, seed, cov, srcs):
    last = None
    for attempt in range(40):
        e, files, problems, doc = build_file(name, seed, cov, srcs, attempt)
        col = collisions(doc)
        if not problems and not col:
            return e, files
        last = problems + [f"collision: {c!r}" for c in col]
        print(f"  {name}: attempt {attempt} rejected: {last[0]}", file=sys.stderr)
    raise RuntimeError(f"{name}: no clean draw in 40 attempts: {last[:5]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--only", help="comma-separated file names")
    args = ap.parse_args(argv)
    t0 = time.time()
    G._self_check()
    srcs = {"gothic": GP.FontSrc(GOTHIC, "IPAexGothic"), "mincho": GP.FontSrc(MINCHO, "IPAexMincho")}
    cov = {"gothic": srcs["gothic"], "mincho": srcs["mincho"], "seto": Cov(SETO), "kiloji": Cov(KILOJI)}
    os.makedirs(args.out, exist_ok=True)
    names = FILES if not args.only else [n for n in FILES if n in set(args.only.split(","))]
    entries = []
    for name in names:
        t1 = time.time()
        e, files = make(name, args.seed, cov, srcs)
        for fn, data in files.items():
            with open(os.path.join(args.out, fn), "wb") as fh:
                fh.write(data)
        entries.append(e)
        nbox = sum(len(p["boxes"]) for p in e["pii"])
        print(f"{name:24s} {e['pages']} p  {e['codec']:5s} {e['dpi']} dpi  {len(files[name]) // 1024:5d} KB  "
              f"{len(e['pii']):3d} PII ({sum(p['hand'] for p in e['pii'])} hand)  {nbox:3d} boxes  "
              f"{len(e['keep']):2d} keep  {time.time() - t1:.1f} s")
    truth = {"generator": "samples/scan/gen_scan_samples.py", "seed": args.seed,
             "box_format": "[page, x0, y0, x1, y1]: pixels of the page image at `dpi`, origin top-left, "
                           "x1/y1 exclusive; for PDFs the page rendered at `dpi`",
             "allowlist": ALLOWLIST, "files": entries}
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"generated {len(entries)} files in {time.time() - t0:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
