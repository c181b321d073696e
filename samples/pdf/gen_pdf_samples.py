#!/usr/bin/env python3
"""Born-digital PDF samples with ground truth, for the libredact PDF redaction path.

Writes a directory of synthetic Japanese municipal PDFs (disclosure request forms,
application forms, notification letters, minutes) plus ``truth.json``::

    python3 samples/pdf/gen_pdf_samples.py --out /tmp/pdfs --seed 20240401

Every byte of every PDF is written by this script (a small PDF writer below:
objects, xref table, trailer, Flate streams), so each file exercises exactly the
features it claims.  Text is set in the IPAex fonts, embedded as Type0 /
CIDFontType2 subsets with ``Identity-H`` (``Identity-V`` for vertical writing),
``CIDToGIDMap /Identity`` (subset with retained glyph ids, so CID = GID), ``/W``
widths from ``hmtx`` and a ToUnicode CMap (``bfchar`` + ``bfrange``).

truth.json::

    {"generator": "...", "seed": N, "allowlist": ["東雲市", "0463-21-1111", ...],
     "files": [{"file": "form_kaiji_01.pdf", "pages": 2,
                "pii": [{"category": "person", "value": "佐藤　健一", "page": 1,
                         "channel": "page", "where": "content"}, ...],
                "keep": ["行政文書開示請求書", ...],
                "features": ["ruled_table", "my_number_boxes", ...]}, ...]}

``channel`` is one of page, info, xmp, annotation, form, outline, attachment,
javascript, structure, ocg, invisible, and ``revision`` (a value that only lives in
an earlier revision of an incrementally updated file).  ``page`` is 0 for
document-level channels.  ``where`` says precisely where the value sits
(``Info/Author``, ``Annot/Text/Contents``, ``Page/PieceInfo``, ``3 Tr`` ...).
``allowlist`` holds the fictional city's own office names, phone numbers and
address: they appear in ``keep`` and must survive (an engine should be configured
to allow them).

``--twins DIR`` also writes "perfectly redacted" twins: the same documents drawn
without any PII run and without the PII-bearing hidden objects, single revision.
They are the positive control for ``tests/pdf/check_redacted.py``.

By default the script verifies its own output with qpdf --check, pdftotext and
pdffonts (``--no-verify`` skips that).

Needs Python 3.11 with fontTools (Debian ``python3-fonttools``), the IPAex fonts
(``fonts-ipaexfont``), and for verification poppler-utils and qpdf.
All people are synthetic (see ``samples/gen_detect_corpus.py``).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata
import zlib

try:
    from fontTools.ttLib import TTFont
    from fontTools import subset as ft_subset
except ImportError:  # pyenv python in PATH: fall back to Debian's python3-fonttools
    sys.path.append("/usr/lib/python3/dist-packages")
    from fontTools.ttLib import TTFont
    from fontTools import subset as ft_subset

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import gen_detect_corpus as G  # noqa: E402  (names, addresses, check digits)

GOTHIC = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
MINCHO = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
DEFAULT_SEED = 20240401
A4 = (595, 842)
CHANNELS = ("page", "info", "xmp", "annotation", "form", "outline", "attachment",
            "javascript", "structure", "ocg", "invisible", "revision")

# =============================================================================
# PDF objects and serialization
# =============================================================================


class Name:
    __slots__ = ("n",)

    def __init__(self, n: str):
        self.n = n

    def __eq__(self, o):
        return isinstance(o, Name) and o.n == self.n

    def __hash__(self):
        return hash(("Name", self.n))


class Ref:
    __slots__ = ("num",)

    def __init__(self, num: int):
        self.num = num


class Hex(bytes):
    """A string written as <hex>."""


class Lit(bytes):
    """A string written as (literal) with escapes."""


class Raw(str):
    """Emitted verbatim."""


class Stream:
    def __init__(self, d: dict, data: bytes, compress: bool = True):
        self.d, self.data, self.compress = d, data, compress


def N(n: str) -> Name:
    return Name(n)


_REGULAR = set(b"!\"$&'*+,-.0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~")


def ser_name(n: str) -> bytes:
    out = bytearray(b"/")
    for b in n.encode("utf-8"):
        out += bytes([b]) if b in _REGULAR else b"#%02X" % b
    return bytes(out)


def lit_escape(b: bytes) -> bytes:
    out = bytearray()
    for c in b:
        if c in b"()\\":
            out += b"\\" + bytes([c])
        elif 32 <= c < 127:
            out.append(c)
        else:
            out += b"\\%03o" % c
    return bytes(out)


def fmt(x) -> str:
    if isinstance(x, int):
        return str(x)
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def text_string(s: str, form: str = "auto") -> bytes:
    """A PDF text string: PDFDocEncoding-compatible ASCII, else UTF-16BE with BOM."""
    if all(32 <= ord(c) < 127 for c in s) and form != "utf16":
        return Lit(s.encode("ascii"))
    b = b"\xfe\xff" + s.encode("utf-16-be")
    return Lit(b) if form == "lit" else Hex(b)


def ser(o) -> bytes:
    if o is None:
        return b"null"
    if o is True:
        return b"true"
    if o is False:
        return b"false"
    if isinstance(o, (int, float)):
        return fmt(o).encode()
    if isinstance(o, Name):
        return ser_name(o.n)
    if isinstance(o, Ref):
        return b"%d 0 R" % o.num
    if isinstance(o, Raw):
        return o.encode("latin-1")
    if isinstance(o, Hex):
        return b"<" + bytes(o).hex().upper().encode() + b">"
    if isinstance(o, Lit):
        return b"(" + lit_escape(bytes(o)) + b")"
    if isinstance(o, str):
        return ser(text_string(o))
    if isinstance(o, (list, tuple)):
        return b"[" + b" ".join(ser(x) for x in o) + b"]"
    if isinstance(o, dict):
        return b"<< " + b" ".join(ser_name(k) + b" " + ser(v) for k, v in o.items()) + b" >>"
    raise TypeError(type(o))


def ser_obj(num: int, o) -> bytes:
    head = b"%d 0 obj\n" % num
    if isinstance(o, Stream):
        data = zlib.compress(o.data, 9) if o.compress else o.data
        d = dict(o.d)
        if o.compress:
            d["Filter"] = N("FlateDecode")
        d["Length"] = len(data)
        return head + ser(d) + b"\nstream\n" + data + b"\nendstream\nendobj\n"
    return head + ser(o) + b"\nendobj\n"


class PdfFile:
    def __init__(self):
        self.objs: dict[int, object] = {}
        self.next = 1

    def ref(self) -> Ref:
        r = Ref(self.next)
        self.next += 1
        return r

    def put(self, ref: Ref, o) -> Ref:
        self.objs[ref.num] = o
        return ref

    def add(self, o) -> Ref:
        return self.put(self.ref(), o)

    def serialized(self) -> dict[int, bytes]:
        return {n: ser_obj(n, o) for n, o in sorted(self.objs.items())}

    @staticmethod
    def _xref(entries: dict[int, int], full: bool) -> bytes:
        out = [b"xref\n"]
        nums = sorted(entries)
        if full:
            out.append(b"0 %d\n" % (nums[-1] + 1))
            out.append(b"0000000000 65535 f \n")
            for n in range(1, nums[-1] + 1):
                out.append(b"%010d 00000 n \n" % entries[n])
            return b"".join(out)
        groups, start = [], None
        for n in nums:
            if start is not None and n == groups[-1][-1] + 1:
                groups[-1].append(n)
            else:
                groups.append([n])
                start = n
        for g in groups:
            out.append(b"%d %d\n" % (g[0], len(g)))
            for n in g:
                out.append(b"%010d 00000 n \n" % entries[n])
        return b"".join(out)

    def write(self, trailer: dict, objs: dict[int, bytes] | None = None) -> bytes:
        objs = objs if objs is not None else self.serialized()
        buf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offs = {}
        for n, b in objs.items():
            offs[n] = len(buf)
            buf += b
        assert sorted(offs) == list(range(1, len(offs) + 1)), "object numbers must be dense"
        sx = len(buf)
        buf += self._xref(offs, True)
        t = dict(trailer)
        t["Size"] = len(offs) + 1
        buf += b"trailer\n" + ser(t) + b"\nstartxref\n%d\n%%%%EOF\n" % sx
        return bytes(buf)

    @staticmethod
    def append_update(base: bytes, changed: dict[int, bytes], size: int, trailer: dict) -> bytes:
        prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
        buf = bytearray(base)
        offs = {}
        for n, b in sorted(changed.items()):
            offs[n] = len(buf)
            buf += b
        sx = len(buf)
        buf += PdfFile._xref(offs, False)
        t = dict(trailer)
        t["Size"] = size
        t["Prev"] = prev
        buf += b"trailer\n" + ser(t) + b"\nstartxref\n%d\n%%%%EOF\n" % sx
        return bytes(buf)


# =============================================================================
# Fonts: IPAex as Type0 / CIDFontType2, Identity-H / Identity-V
# =============================================================================


class FontSrc:
    def __init__(self, path: str, psname: str):
        self.path, self.psname = path, psname
        with open(path, "rb") as fh:
            self.data = fh.read()
        tt = TTFont(io.BytesIO(self.data))
        self.upem = tt["head"].unitsPerEm
        self.cmap = tt.getBestCmap()
        order = tt.getGlyphOrder()
        self.gid_by_name = {n: i for i, n in enumerate(order)}
        hm = tt["hmtx"].metrics
        self.hadv = [hm[n][0] for n in order]
        vm = tt["vmtx"].metrics
        self.vadv = [vm[n][0] for n in order]
        h = tt["head"]
        sc = 1000 / self.upem
        self.bbox = [round(h.xMin * sc), round(h.yMin * sc), round(h.xMax * sc), round(h.yMax * sc)]
        os2 = tt["OS/2"]
        self.ascent = round(os2.sTypoAscender * sc)
        self.descent = round(os2.sTypoDescender * sc)
        self.cap = round(getattr(os2, "sCapHeight", os2.sTypoAscender) * sc)
        # vertical alternates (GSUB 'vert' single substitutions) for Identity-V text
        self.vert: dict[int, int] = {}
        gsub = tt["GSUB"].table
        idx = set()
        for fr in gsub.FeatureList.FeatureRecord:
            if fr.FeatureTag == "vert":
                idx.update(fr.Feature.LookupListIndex)
        for i in sorted(idx):
            lk = gsub.LookupList.Lookup[i]
            for st in lk.SubTable:
                if hasattr(st, "ExtSubTable"):
                    st = st.ExtSubTable
                for a, b in getattr(st, "mapping", {}).items():
                    self.vert[self.gid_by_name[a]] = self.gid_by_name[b]

    def has(self, text: str) -> bool:
        return all(ord(c) in self.cmap for c in text)

    def gid(self, ch: str) -> int:
        return self.gid_by_name[self.cmap[ord(ch)]]

    def width(self, gid: int) -> int:
        return round(self.hadv[gid] * 1000 / self.upem)


class DocFont:
    """One font resource of one document: records the glyphs it shows."""

    def __init__(self, src: FontSrc, vertical: bool = False):
        self.src, self.vertical = src, vertical
        self.used: dict[int, str] = {}

    def gids(self, text: str) -> list[int]:
        out = []
        for ch in text:
            g = self.src.gid(ch)
            if self.vertical:
                g = self.src.vert.get(g, g)
            self.used.setdefault(g, ch)
            out.append(g)
        return out

    def codes(self, text: str) -> bytes:
        return b"".join(g.to_bytes(2, "big") for g in self.gids(text))

    def widths(self, text: str) -> list[int]:
        if self.vertical:
            return [1000] * len(text)
        return [self.src.width(self.src.gid(ch)) for ch in text]


def tounicode_cmap(used: dict[int, str]) -> bytes:
    def u16(s: str) -> str:
        return s.encode("utf-16-be").hex().upper()

    items = sorted(used.items())
    ranges, singles = [], []
    i = 0
    while i < len(items):
        g, ch = items[i]
        j = i
        if len(ch) == 1 and ord(ch) < 0x10000:
            while (j + 1 < len(items) and items[j + 1][0] == items[j][0] + 1
                   and len(items[j + 1][1]) == 1 and ord(items[j + 1][1]) == ord(items[j][1]) + 1
                   and (items[j + 1][0] >> 8) == (g >> 8) and (ord(items[j + 1][1]) >> 8) == (ord(ch) >> 8)):
                j += 1
        if j > i:
            ranges.append((g, items[j][0], ch))
        else:
            singles.append((g, ch))
        i = j + 1
    out = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
           "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
           "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for k in range(0, len(singles), 100):
        chunk = singles[k:k + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out += [f"<{g:04X}> <{u16(ch)}>" for g, ch in chunk]
        out.append("endbfchar")
    for k in range(0, len(ranges), 100):
        chunk = ranges[k:k + 100]
        out.append(f"{len(chunk)} beginbfrange")
        out += [f"<{a:04X}> <{b:04X}> <{u16(ch)}>" for a, b, ch in chunk]
        out.append("endbfrange")
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(out) + "\n").encode("ascii")


def subset_ttf(src: FontSrc, gids) -> bytes:
    tt = TTFont(io.BytesIO(src.data), recalcTimestamp=False)  # deterministic output
    o = ft_subset.Options()
    o.retain_gids = True
    o.notdef_outline = True
    o.layout_features = []
    o.name_IDs = ["*"]
    o.name_languages = ["*"]
    o.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE"]
    s = ft_subset.Subsetter(o)
    s.populate(gids=sorted(set(gids) | {0}))
    s.subset(tt)
    b = io.BytesIO()
    tt.save(b)
    return b.getvalue()


def font_objects(pdf: PdfFile, ref: Ref, df: DocFont, tag: str):
    src = df.src
    gids = sorted(df.used)
    ttf = subset_ttf(src, gids)
    ff = pdf.add(Stream({"Length1": len(ttf)}, ttf))
    base = tag + "+" + src.psname
    fd = pdf.add({"Type": N("FontDescriptor"), "FontName": N(base), "Flags": 4,
                  "FontBBox": src.bbox, "ItalicAngle": 0, "Ascent": src.ascent,
                  "Descent": src.descent, "CapHeight": src.cap, "StemV": 80, "FontFile2": ff})
    W = []
    run: list[int] = []
    for g in gids:
        if run and g == run[-1] + 1:
            run.append(g)
        else:
            if run:
                W += [run[0], [src.width(x) for x in run]]
            run = [g]
    if run:
        W += [run[0], [src.width(x) for x in run]]
    cid = {"Type": N("Font"), "Subtype": N("CIDFontType2"), "BaseFont": N(base),
           "CIDSystemInfo": {"Registry": Lit(b"Adobe"), "Ordering": Lit(b"Identity"), "Supplement": 0},
           "FontDescriptor": fd, "DW": 1000, "W": W, "CIDToGIDMap": N("Identity")}
    if df.vertical:
        cid["DW2"] = [880, -1000]
        W2 = []
        for g in gids:
            vy = -round(src.vadv[g] * 1000 / src.upem)
            if vy != -1000:
                W2 += [g, g, vy, round(src.width(g) / 2), 880]
        if W2:
            cid["W2"] = W2
    cidref = pdf.add(cid)
    tu = pdf.add(Stream({}, tounicode_cmap(df.used)))
    pdf.put(ref, {"Type": N("Font"), "Subtype": N("Type0"), "BaseFont": N(base),
                  "Encoding": N("Identity-V" if df.vertical else "Identity-H"),
                  "DescendantFonts": [cidref], "ToUnicode": tu})


# =============================================================================
# Content streams: pages and form XObjects
# =============================================================================

FONT_KEYS = {"G": ("gothic", False), "M": ("mincho", False), "GV": ("gothic", True), "MV": ("mincho", True)}
KINSOKU = set("、。，．）」』】〕・ー？！々ゃゅょっャュョッァィゥェォ")


def runs_of(x) -> list[tuple[str, str | None]]:
    """'text' | ('text', cat) | [parts] -> [(text, cat|None)]"""
    if isinstance(x, str):
        return [(x, None)]
    if isinstance(x, tuple):
        return [x]
    out = []
    for p in x:
        out += runs_of(p)
    return [r for r in out if r[0]]


def nrm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


class Content:
    def __init__(self, doc: "Doc", page_no: int, names: dict[str, str] | None = None):
        self.doc, self.page_no = doc, page_no
        self.ops: list[str] = []
        self.names = names or {"G": "F1", "M": "F2", "GV": "F3", "MV": "F4"}
        self.fontres: dict[str, str] = {}
        self.xobj: dict[str, "XObject"] = {}
        self.props: dict[str, str] = {}  # resource name -> OCG id
        self.ts = {"tc": 0.0, "tz": 100.0, "tw": 0.0, "tl": 0.0, "tr": 0}
        self.stack: list[dict] = []
        self.mcid = 0
        self.where = "content"

    # -- plumbing ----------------------------------------------------------------
    def op(self, *lines: str):
        self.ops.extend(lines)

    def q(self):
        self.op("q")
        self.stack.append(dict(self.ts))

    def Q(self):
        self.op("Q")
        self.ts = self.stack.pop()

    def cm(self, *m):
        self.op(" ".join(fmt(v) for v in m) + " cm")

    def fname(self, key: str) -> str:
        n = self.names[key]
        self.fontres[n] = key
        return n

    def s(self, codes: bytes) -> str:
        if self.doc.literal:
            return "(" + lit_escape(codes).decode("latin-1") + ")"
        return "<" + codes.hex().upper() + ">"

    def state(self, tc=None, tz=None, tr=None, tw=None):
        for k, v, opn in (("tc", tc, "Tc"), ("tz", tz, "Tz"), ("tr", tr, "Tr"), ("tw", tw, "Tw")):
            if v is not None and v != self.ts[k]:
                self.ts[k] = v
                self.op(f"{fmt(v)} {opn}")

    # -- geometry ----------------------------------------------------------------
    def glyph_advs(self, key, text, size) -> list[float]:
        tc, tz = self.ts["tc"], self.ts["tz"] / 100
        return [(w / 1000 * size + tc) * tz for w in self.doc.font(key).widths(text)]

    def width(self, key, text, size, kern=0.0, first=True) -> float:
        a = self.glyph_advs(key, text, size)
        gaps = max(0, len(a) - 1) + (0 if first else 1)
        return sum(a) - gaps * kern / 1000 * size * self.ts["tz"] / 100

    def runs_width(self, key, runs, size, kern=0.0) -> float:
        return sum(self.width(key, t, size, kern, i == 0) for i, (t, _) in enumerate(runs))

    # -- graphics ----------------------------------------------------------------
    def line(self, x1, y1, x2, y2, w=0.6):
        self.op(f"{fmt(w)} w {fmt(x1)} {fmt(y1)} m {fmt(x2)} {fmt(y2)} l S")

    def rect(self, x, y, w, h, lw=0.6, fill=None, stroke=True):
        if fill is not None:
            self.op(f"{fmt(fill)} g {fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)} re f 0 g")
        if stroke:
            self.op(f"{fmt(lw)} w {fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)} re S")

    def circle(self, cx, cy, r, lw=1.0, rgb="0.8 0 0"):
        k = 0.5523 * r
        self.op(f"{rgb} RG {fmt(lw)} w {fmt(cx + r)} {fmt(cy)} m "
                f"{fmt(cx + r)} {fmt(cy + k)} {fmt(cx + k)} {fmt(cy + r)} {fmt(cx)} {fmt(cy + r)} c "
                f"{fmt(cx - k)} {fmt(cy + r)} {fmt(cx - r)} {fmt(cy + k)} {fmt(cx - r)} {fmt(cy)} c "
                f"{fmt(cx - r)} {fmt(cy - k)} {fmt(cx - k)} {fmt(cy - r)} {fmt(cx)} {fmt(cy - r)} c "
                f"{fmt(cx + k)} {fmt(cy - r)} {fmt(cx + r)} {fmt(cy - k)} {fmt(cx + r)} {fmt(cy)} c S 0 G")

    # -- text --------------------------------------------------------------------
    def _show(self, key, runs, size, kern, channel, where, tj_style="Tj"):
        """Emit the runs of one line at the current line start.  Returns the Td offset
        left in the line matrix (twin mode moves the line origin past skipped runs)."""
        doc = self.doc
        df = doc.font(key)
        where = where or self.where
        pos = shifted = 0.0
        move = False
        first = True
        for text, cat in runs:
            w = self.width(key, text, size, kern, first)
            if cat and doc.twin:
                pos += w
                move = True
                doc.skipped(key, text)
                continue
            if move:
                self.op(f"{fmt(pos - shifted)} 0 Td")
                shifted, move, first = pos, False, True
                w = self.width(key, text, size, kern, True)
            if kern:
                parts = [] if first else [fmt(kern)]
                for i, g in enumerate(df.gids(text)):
                    if i:
                        parts.append(fmt(kern))
                    parts.append(self.s(g.to_bytes(2, "big")))
                self.op("[" + " ".join(parts) + "] TJ")
            elif tj_style == "TJ1":
                self.op(f"[{self.s(df.codes(text))}] TJ")
            elif tj_style.endswith('"'):
                aw, ac, _ = tj_style.split()
                self.op(f"{aw} {ac} {self.s(df.codes(text))} \"")
                tj_style = "Tj"
            else:
                self.op(f"{self.s(df.codes(text))} {tj_style}")
                tj_style = "Tj"
            pos += w
            first = False
            if cat:
                doc.add_pii(cat, text, self.page_no, channel, where)
        doc.lines.append(runs)
        return shifted

    def text(self, x, y, runs, key="M", size=10.5, *, tc=0.0, tz=100.0, tr=0, color=None,
             kern=0.0, channel="page", where=None, align="left", tm=None):
        """One line of text.  tc/tz None: keep the current text state (carry-over)."""
        runs = runs_of(runs)
        if color:
            self.q()
        self.op("BT", f"/{self.fname(key)} {fmt(size)} Tf")
        self.state(tc=tc, tz=tz, tr=tr)
        total = self.runs_width(key, runs, size, kern)
        if align == "right":
            x -= total
        elif align == "center":
            x -= total / 2
        if color:
            self.op(f"{color} rg")
        a, b, c, d = tm or (1, 0, 0, 1)
        self.op(f"{fmt(a)} {fmt(b)} {fmt(c)} {fmt(d)} {fmt(x)} {fmt(y)} Tm")
        self._show(key, runs, size, kern, channel, where)
        self.op("ET")
        if color:
            self.Q()
        return x + total

    def wrap(self, maxw, runs, key, size, indent=0.0) -> list[list[tuple[str, str | None]]]:
        atoms: list[tuple[str, str | None]] = []
        for t, cat in runs_of(runs):
            if cat:
                atoms.append((t, cat))
            else:
                for ch in t:
                    if ch in KINSOKU and atoms and not atoms[-1][1]:
                        atoms[-1] = (atoms[-1][0] + ch, None)
                    else:
                        atoms.append((ch, None))
        lines, cur, w = [], [], indent
        for t, cat in atoms:
            aw = self.width(key, t, size)
            if cur and w + aw > maxw:
                lines.append(cur)
                cur, w = [], 0.0
            cur.append((t, cat))
            w += aw
        if cur:
            lines.append(cur)
        out = []
        for ln in lines:  # merge plain atoms
            m: list[tuple[str, str | None]] = []
            for t, cat in ln:
                if m and not cat and not m[-1][1]:
                    m[-1] = (m[-1][0] + t, None)
                else:
                    m.append((t, cat))
            out.append(m)
        return out

    def para(self, x, y, maxw, runs, key="M", size=10.5, leading=None, style="Td", indent=0.0,
             channel="page", where=None, tw=None):
        """A wrapped paragraph.  style: Td | TL (T*, ', ") | justify (TJ with kerning)."""
        leading = leading or size * 1.7
        if self.doc.twin and style == "TL":
            style = "Td"
        self.op("BT", f"/{self.fname(key)} {fmt(size)} Tf")
        self.state(tc=0.0, tz=100.0, tw=tw, tr=0)
        lines = self.wrap(maxw, runs, key, size, indent)
        if style == "TL" and self.ts["tl"] != leading:
            self.ts["tl"] = leading
            self.op(f"{fmt(leading)} TL")
        self.op(f"1 0 0 1 {fmt(x + indent)} {fmt(y)} Tm")
        origin = indent  # x offset of the line matrix from x
        for i, ln in enumerate(lines):
            tjs = "Tj"
            if i:
                if style == "TL" and origin == 0:
                    if i % 3 == 1:
                        self.op("T*")
                    elif i % 3 == 2:
                        tjs = "'"
                    else:
                        aw = self.ts["tw"] or 2
                        tjs = f'{fmt(aw)} 0 "'
                        self.ts["tw"], self.ts["tc"] = aw, 0.0
                else:
                    self.op(f"{fmt(-origin)} {fmt(-leading)} Td")
                origin = 0.0
            kern = 0.0
            if style == "justify" and i < len(lines) - 1:
                nat = self.runs_width(key, ln, size)
                n = sum(len(t) for t, _ in ln) - 1
                if n > 0 and maxw - (indent if i == 0 else 0) - nat > 0.5:
                    kern = -round((maxw - (indent if i == 0 else 0) - nat) / n / size * 1000, 1)
            origin += self._show(key, ln, size, kern, channel, where, tj_style=tjs)
        self.op("ET")
        return y - leading * len(lines)

    def vpara(self, x, y, height, runs, key="MV", size=12, colgap=None, channel="page", where=None):
        """Vertical writing (Identity-V): columns from right to left, glyphs downward."""
        colgap = colgap or size * 1.8
        per = int(height // size)
        atoms = []
        for t, cat in runs_of(runs):
            atoms += [(t, cat)] if cat else [(ch, None) for ch in t]
        cols, cur, n = [], [], 0
        for t, cat in atoms:
            if cur and n + len(t) > per:
                cols.append(cur)
                cur, n = [], 0
            cur.append((t, cat))
            n += len(t)
        if cur:
            cols.append(cur)
        self.op("BT", f"/{self.fname(key)} {fmt(size)} Tf")
        for i, col in enumerate(cols):
            m = []
            for t, cat in col:
                if m and not cat and not m[-1][1]:
                    m[-1] = (m[-1][0] + t, None)
                else:
                    m.append((t, cat))
            self.op(f"1 0 0 1 {fmt(x - i * colgap)} {fmt(y)} Tm")
            df = self.doc.font(key)
            off = 0.0
            moved = False
            for t, cat in m:
                if cat and self.doc.twin:
                    off += len(t) * size
                    moved = True
                    self.doc.skipped(key, t)
                    continue
                if moved:
                    self.op(f"1 0 0 1 {fmt(x - i * colgap)} {fmt(y - off)} Tm")
                    moved = False
                self.op(f"{self.s(df.codes(t))} Tj")
                off += len(t) * size
                if cat:
                    self.doc.add_pii(cat, t, self.page_no, channel, where or self.where + ", vertical")
            self.doc.lines.append(m)
        self.op("ET")
        return x - len(cols) * colgap

    def boxed_digits(self, x, y, digits, cat="my_number", key="M", size=12, bw=18, bh=20, group=4):
        """One digit per printed box, each shown by its own Tj at its own position."""
        for i in range(len(digits)):
            self.rect(x + i * bw, y, bw, bh, lw=1.0 if i % group == 0 else 0.5)
        self.line(x + len(digits) * bw, y, x + len(digits) * bw, y + bh, 1.0)
        self.op("BT", f"/{self.fname(key)} {fmt(size)} Tf")
        self.state(tc=0.0, tz=100.0)
        df = self.doc.font(key)
        if not self.doc.twin:
            for i, d in enumerate(digits):
                w = df.widths(d)[0] / 1000 * size
                self.op(f"1 0 0 1 {fmt(x + i * bw + (bw - w) / 2)} {fmt(y + (bh - size * 0.72) / 2)} Tm",
                        f"{self.s(df.codes(d))} Tj")
            self.doc.add_pii(cat, digits, self.page_no, "page", "content, one Tj per box")
        else:
            self.doc.skipped(key, digits)
        self.doc.lines.append([(digits, cat)])
        self.op("ET")

    # -- marked content ------------------------------------------------------------
    def bmc(self, tag: str, props: str | None = None):
        self.op(f"/{tag} {props} BDC" if props else f"/{tag} BMC")

    def emc(self):
        self.op("EMC")

    def xobject(self, xo: "XObject", name: str, matrix=(1, 0, 0, 1, 0, 0)):
        self.xobj[name] = xo
        self.q()
        self.cm(*matrix)
        self.op(f"/{name} Do")
        self.Q()


class XObject(Content):
    def __init__(self, doc, page_no, bbox, names=None):
        super().__init__(doc, page_no, names)
        self.bbox = bbox
        self.where = "form XObject"


class Page(Content):
    def __init__(self, doc, page_no, rotate=0, cropbox=None):
        super().__init__(doc, page_no)
        self.rotate, self.cropbox = rotate, cropbox
        self.annots: list[dict] = []
        self.thumb = False
        self.pieceinfo: list | None = None
        self.split_at: int | None = None  # split /Contents into two streams before op index

    # -- annotations (PII registered now, objects written by Doc.build) ------------
    def annot_text(self, rect, contents, author, channel="annotation"):
        c, a = runs_of(contents), runs_of(author)
        self._reg(c, "Annot/Text/Contents")
        self._reg(a, "Annot/Text/T (author)")
        self.annots.append({"kind": "text", "rect": rect, "contents": c, "author": a})
        self.doc.feature("annot_text_popup")

    def annot_freetext(self, rect, contents, size=9):
        c = runs_of(contents)
        self._reg(c, "Annot/FreeText/Contents+AP")
        self.annots.append({"kind": "freetext", "rect": rect, "contents": c, "size": size})
        self.doc.feature("annot_freetext")

    def annot_link(self, rect, email):
        self.doc.add_pii("email", email, self.page_no, "annotation", "Annot/Link/A/URI mailto:")
        self.annots.append({"kind": "link", "rect": rect, "uri": "mailto:" + email,
                            "pii": True})
        self.doc.feature("annot_link_mailto")

    def form_field(self, rect, fname, label, value, cat, size=10.5):
        self.doc.add_pii(cat, value, self.page_no, "form", "AcroForm /V + /AP")
        self.annots.append({"kind": "widget", "rect": rect, "name": fname, "label": label,
                            "value": value, "size": size})
        self.doc.feature("acroform_field_V_AP")

    def _reg(self, runs, where):
        for t, cat in runs:
            if cat:
                self.doc.add_pii(cat, t, self.page_no, "annotation", where)


# =============================================================================
# Documents
# =============================================================================


def join_runs(runs) -> str:
    return "".join(t for t, _ in runs)


def has_pii(runs) -> bool:
    return any(cat for _, cat in runs)


class Doc:
    def __init__(self, fname: str, kind: str, srcs: dict[str, FontSrc], variant=None, literal=False,
                 date="D:20240415093000+09'00'"):
        """variant: None (the original) or a twin: "clean" (perfectly redacted),
        "leaky_fonts" (clean, but the font subsets still hold the removed glyphs) or
        "orphan" (clean, plus an unreferenced Flate object that still holds the PII)."""
        self.fname, self.kind, self.literal = fname, kind, literal
        self.variant, self.twin = variant, variant is not None
        self.removed: list[str] = []
        self.srcs = srcs
        self.dfonts: dict[str, DocFont] = {}
        self.pages: list[Page] = []
        self.pii: list[dict] = []
        self._seen: set = set()
        self.keep: list[str] = []
        self.features: list[str] = []
        self.lines: list = []
        self.info: dict[str, list] = {}
        self.xmp: dict[str, list] | None = None
        self.outlines: list[tuple[list, int]] = []
        self.attachments: list[tuple[str, str, list]] = []
        self.js_named: list[tuple[str, list]] = []
        self.js_open: list | None = None
        self.struct: list[dict] = []
        self.ocgs: list[str] = []
        self.date = date

    def font(self, key: str) -> DocFont:
        if key not in self.dfonts:
            src, vert = FONT_KEYS[key]
            self.dfonts[key] = DocFont(self.srcs[src], vert)
        return self.dfonts[key]

    def skipped(self, key: str, text: str):
        """A PII run left out of a twin: the leaky_fonts variant keeps its glyphs anyway."""
        self.removed.append(text)
        if self.variant == "leaky_fonts":
            self.font(key).gids(text)

    def feature(self, *names):
        for n in names:
            if n not in self.features:
                self.features.append(n)

    def add_pii(self, cat, value, page, channel, where):
        assert channel in CHANNELS, channel
        k = (cat, value, page, channel)
        if k not in self._seen:
            self._seen.add(k)
            self.pii.append({"category": cat, "value": value, "page": page, "channel": channel,
                             "where": where})

    def add_keep(self, *phrases):
        for p in phrases:
            assert 4 <= len(p) <= 15, p
            if p not in self.keep:
                self.keep.append(p)

    def new_page(self, rotate=0, cropbox=None) -> Page:
        p = Page(self, len(self.pages) + 1, rotate, cropbox)
        self.pages.append(p)
        return p

    # -- hidden channels ------------------------------------------------------------
    def set_info(self, **fields):
        for k, v in fields.items():
            r = runs_of(v)
            self.info[k] = r
            for t, cat in r:
                if cat:
                    self.add_pii(cat, t, 0, "info", f"Info/{k}")
        self.feature("info_dict")

    def set_xmp(self, **fields):
        self.xmp = {k: runs_of(v) for k, v in fields.items()}
        for k, r in self.xmp.items():
            for t, cat in r:
                if cat:
                    self.add_pii(cat, t, 0, "xmp", f"XMP {k}")
        self.feature("xmp_metadata")

    def add_outline(self, title, page):
        r = runs_of(title)
        self.outlines.append((r, page))
        for t, cat in r:
            if cat:
                self.add_pii(cat, t, 0, "outline", "Outlines/Title")
        self.feature("outlines")

    def attach(self, fname, desc, body):
        r = runs_of(body)
        self.attachments.append((fname, desc, r))
        for t, cat in r:
            if cat:
                self.add_pii(cat, t, 0, "attachment", f"EmbeddedFiles/{fname}")
        self.feature("embedded_file")

    def add_js(self, name, body):
        r = runs_of(body)
        self.js_named.append((name, r))
        for t, cat in r:
            if cat:
                self.add_pii(cat, t, 0, "javascript", "Names/JavaScript stream")
        self.feature("javascript_names")

    def set_openaction_js(self, body):
        self.js_open = runs_of(body)
        for t, cat in self.js_open:
            if cat:
                self.add_pii(cat, t, 0, "javascript", "OpenAction/JS")
        self.feature("openaction_js")

    def struct_elem(self, page: Page, tag: str, alt=None, actual=None) -> int:
        """Begin marked content for a structure element; returns the MCID. Close with emc()."""
        mcid = page.mcid
        page.mcid += 1
        e = {"page": page, "tag": tag, "mcid": mcid, "alt": runs_of(alt) if alt else None,
             "actual": runs_of(actual) if actual else None}
        self.struct.append(e)
        for key in ("alt", "actual"):
            for t, cat in e[key] or []:
                if cat:
                    self.add_pii(cat, t, page.page_no, "structure",
                                 "StructElem /Alt" if key == "alt" else "StructElem /ActualText")
        page.bmc(tag, f"<< /MCID {mcid} >>")
        self.feature("struct_tree")
        return mcid

    # -- checks -------------------------------------------------------------------------
    def collisions(self) -> list[str]:
        """PII values that also occur in non-PII text (would make the truth ambiguous)."""
        vals = {nrm(p["value"]) for p in self.pii if len(nrm(p["value"])) >= 2}
        texts = ["".join("\x00" if cat else t for t, cat in ln) for ln in self.lines]
        texts += self.keep
        texts += [join_runs(r) for r in self.info.values() if not has_pii(r)]
        bad = []
        for s in texts:
            s = nrm(s)
            for v in vals:
                if v in s:
                    bad.append(v)
        return bad

    # -- writing ------------------------------------------------------------------------
    def _tag(self, key: str) -> str:
        h = hashlib.sha256((self.fname + key).encode()).digest()
        return "".join(chr(65 + b % 26) for b in h[:6])

    def build(self) -> tuple[bytes, dict[int, bytes], dict]:
        pdf = PdfFile()
        twin = self.twin
        cat_ref, pages_ref = pdf.ref(), pdf.ref()
        page_refs = [pdf.ref() for _ in self.pages]
        font_refs: dict[str, Ref] = {}

        def fref(key):
            if key not in font_refs:
                font_refs[key] = pdf.ref()
            return font_refs[key]

        ocg_refs = {name: pdf.ref() for name in self.ocgs}

        def resources(c: Content) -> dict:
            res: dict = {}
            if c.fontres:
                res["Font"] = {n: fref(k) for n, k in sorted(c.fontres.items())}
            if c.xobj:
                res["XObject"] = {n: xo_ref(xo) for n, xo in sorted(c.xobj.items())}
            if c.props:
                res["Properties"] = {n: ocg_refs[o] for n, o in sorted(c.props.items())}
            return res

        xo_done: dict[int, Ref] = {}

        def xo_ref(xo: XObject) -> Ref:
            if id(xo) not in xo_done:
                r = pdf.ref()
                xo_done[id(xo)] = r
                pdf.put(r, Stream({"Type": N("XObject"), "Subtype": N("Form"), "BBox": xo.bbox,
                                   "Resources": resources(xo)}, ("\n".join(xo.ops) + "\n").encode()))
            return xo_done[id(xo)]

        acro_fields: list[Ref] = []
        struct_parents: dict[int, list] = {}
        for i, pg in enumerate(self.pages):
            ops = pg.ops
            if pg.split_at is not None and not twin:
                parts = [ops[:pg.split_at], ops[pg.split_at:]]
            else:
                parts = [ops]
            crefs = [pdf.add(Stream({}, ("\n".join(p) + "\n").encode())) for p in parts]
            d = {"Type": N("Page"), "Parent": pages_ref, "MediaBox": [0, 0, *A4],
                 "Resources": resources(pg),
                 "Contents": crefs[0] if len(crefs) == 1 else crefs}
            if pg.cropbox:
                d["CropBox"] = pg.cropbox
            if pg.rotate:
                d["Rotate"] = pg.rotate
            annots = []
            for a in pg.annots:
                if twin and a["kind"] != "link":
                    continue
                if twin and a.get("pii"):
                    continue
                annots.append(self._annot(pdf, a, page_refs[i], fref, acro_fields))
            if annots:
                d["Annots"] = annots
            if pg.thumb:
                g = bytes((200 + (x * 7 + y * 3) % 40) for y in range(42) for x in range(30))
                d["Thumb"] = pdf.add(Stream({"Width": 30, "Height": 42, "ColorSpace": N("DeviceGray"),
                                             "BitsPerComponent": 8}, g))
            if pg.pieceinfo and not twin:
                d["PieceInfo"] = {"JpMunicipalForms": {"LastModified": Lit(self.date.encode()),
                                                       "Private": {"Editor": join_runs(pg.pieceinfo),
                                                                   "Revision": 3}}}
                d["LastModified"] = Lit(self.date.encode())
            if any(e["page"] is pg for e in self.struct):
                d["StructParents"] = i
                struct_parents[i] = []
            pdf.put(page_refs[i], d)

        pdf.put(pages_ref, {"Type": N("Pages"), "Kids": page_refs, "Count": len(page_refs)})
        cat: dict = {"Type": N("Catalog"), "Pages": pages_ref, "Lang": Lit(b"ja-JP")}

        # outlines
        outl = [(t, p) for t, p in self.outlines if not (twin and has_pii(t))]
        if outl:
            oroot = pdf.ref()
            items = [pdf.ref() for _ in outl]
            for k, (t, p) in enumerate(outl):
                od = {"Title": join_runs(t), "Parent": oroot,
                      "Dest": [page_refs[p - 1], N("XYZ"), None, None, None]}
                if k:
                    od["Prev"] = items[k - 1]
                if k + 1 < len(items):
                    od["Next"] = items[k + 1]
                pdf.put(items[k], od)
            pdf.put(oroot, {"Type": N("Outlines"), "First": items[0], "Last": items[-1], "Count": len(items)})
            cat["Outlines"] = oroot
            cat["PageMode"] = N("UseOutlines")

        names: dict = {}
        att = [a for a in self.attachments if not (twin and has_pii(a[2]))]
        if att:
            arr = []
            for fn, desc, body in att:
                data = join_runs(body).encode("utf-8")
                ef = pdf.add(Stream({"Type": N("EmbeddedFile"), "Subtype": N("text/plain"),
                                     "Params": {"Size": len(data), "ModDate": Lit(self.date.encode())}}, data))
                fs = pdf.add({"Type": N("Filespec"), "F": Lit(fn.encode()), "UF": fn, "Desc": desc,
                              "EF": {"F": ef}})
                arr += [Lit(fn.encode()), fs]
            names["EmbeddedFiles"] = {"Names": arr}
        js = [j for j in self.js_named if not (twin and has_pii(j[1]))]
        if js:
            arr = []
            for nm, body in js:
                s = pdf.add(Stream({}, b"\xfe\xff" + join_runs(body).encode("utf-16-be")))
                arr += [Lit(nm.encode()), pdf.add({"S": N("JavaScript"), "JS": s})]
            names["JavaScript"] = {"Names": arr}
        if names:
            cat["Names"] = names
        if self.js_open and not (twin and has_pii(self.js_open)):
            cat["OpenAction"] = {"S": N("JavaScript"), "JS": join_runs(self.js_open)}
        if acro_fields:
            cat["AcroForm"] = {"Fields": acro_fields, "DA": Lit(b"/F1 10.5 Tf 0 g"),
                               "DR": {"Font": {"F1": fref("M")}}}
        if self.ocgs:
            cat["OCProperties"] = {"OCGs": [ocg_refs[n] for n in self.ocgs],
                                   "D": {"Name": "既定", "Order": [ocg_refs[n] for n in self.ocgs],
                                         "OFF": [ocg_refs[n] for n in self.ocgs]}}
            for n in self.ocgs:
                pdf.put(ocg_refs[n], {"Type": N("OCG"), "Name": n})
        if self.struct:
            root = pdf.ref()
            docel = pdf.ref()
            kids = []
            for e in self.struct:
                pi = self.pages.index(e["page"])
                ed = {"Type": N("StructElem"), "S": N(e["tag"]), "P": docel, "Pg": page_refs[pi],
                      "K": e["mcid"]}
                if e["alt"] and not (twin and has_pii(e["alt"])):
                    ed["Alt"] = join_runs(e["alt"])
                if e["actual"] and not (twin and has_pii(e["actual"])):
                    ed["ActualText"] = join_runs(e["actual"])
                r = pdf.add(ed)
                kids.append(r)
                lst = struct_parents[pi]
                while len(lst) <= e["mcid"]:
                    lst.append(None)
                lst[e["mcid"]] = r
            pdf.put(docel, {"Type": N("StructElem"), "S": N("Document"), "P": root, "K": kids})
            nums = []
            for pi, lst in sorted(struct_parents.items()):
                nums += [pi, pdf.add(lst)]
            pdf.put(root, {"Type": N("StructTreeRoot"), "K": docel,
                           "ParentTree": pdf.add({"Nums": nums}), "ParentTreeNextKey": len(self.pages)})
            cat["StructTreeRoot"] = root
            cat["MarkInfo"] = {"Marked": True}
        if self.xmp is not None:
            xmp = {k: v for k, v in self.xmp.items() if not (twin and has_pii(v))}
            cat["Metadata"] = pdf.add(Stream({"Type": N("Metadata"), "Subtype": N("XML")},
                                             self._xmp_packet(xmp), compress=False))
        info = {"Producer": "libredact sample generator", "Creator": "東雲市 文書作成システム",
                "CreationDate": Lit(self.date.encode()), "ModDate": Lit(self.date.encode())}
        for k, v in self.info.items():
            if twin and has_pii(v):
                continue
            info[k] = Lit(text_string(join_runs(v))) if k == "Author" else join_runs(v)
        info_ref = pdf.add(info)
        if self.variant == "orphan":
            stale = "\n".join(sorted({p["value"] for p in self.pii} | set(self.removed)))
            pdf.add(Stream({"Type": N("Metadata"), "Subtype": N("XML")}, stale.encode("utf-8")))
        for key in list(font_refs):
            font_objects(pdf, font_refs[key], self.font(key), self._tag(key))
        pdf.put(cat_ref, cat)
        idh = hashlib.md5(self.fname.encode()).digest()
        trailer = {"Root": cat_ref, "Info": info_ref, "ID": [Hex(idh), Hex(idh)]}
        objs = pdf.serialized()
        return pdf.write(trailer, objs), objs, trailer

    def _ap(self, pdf, fref, w, h, runs, size, key="M", color="0 g", border=None) -> Ref:
        df = self.font(key)
        ops = ["/Tx BMC", "q"]
        if border:
            ops += [f"{border} RG 0.8 w 0.5 0.5 {fmt(w - 1)} {fmt(h - 1)} re S"]
        ops += ["BT", f"/F1 {fmt(size)} Tf", color, f"2 {fmt((h - size * 0.8) / 2)} Td",
                f"<{df.codes(join_runs(runs)).hex().upper()}> Tj", "ET", "Q", "EMC"]
        return pdf.add(Stream({"Type": N("XObject"), "Subtype": N("Form"), "BBox": [0, 0, w, h],
                               "Resources": {"Font": {"F1": fref(key)}}}, ("\n".join(ops) + "\n").encode()))

    def _annot(self, pdf, a, pref, fref, acro_fields) -> Ref:
        x0, y0, x1, y1 = a["rect"]
        base = {"Type": N("Annot"), "Rect": [x0, y0, x1, y1], "P": pref, "F": 4,
                "M": Lit(self.date.encode())}
        if a["kind"] == "text":
            r = pdf.ref()
            pop = pdf.add({"Type": N("Annot"), "Subtype": N("Popup"), "Parent": r, "Open": False,
                           "Rect": [x1, y1 - 80, x1 + 160, y1]})
            pdf.put(r, {**base, "Subtype": N("Text"), "Name": N("Comment"),
                        "Contents": join_runs(a["contents"]), "T": join_runs(a["author"]),
                        "C": [1, 0.9, 0.2], "Popup": pop, "Open": False})
            return r
        if a["kind"] == "freetext":
            ap = self._ap(pdf, fref, x1 - x0, y1 - y0, a["contents"], a["size"], "G", "0 0 0.6 rg", "0 0 0.6")
            return pdf.add({**base, "Subtype": N("FreeText"), "Contents": join_runs(a["contents"]),
                            "DA": Lit(b"/F1 9 Tf 0 0 0.6 rg"), "AP": {"N": ap}})
        if a["kind"] == "link":
            return pdf.add({**base, "Subtype": N("Link"), "Border": [0, 0, 0],
                            "A": {"S": N("URI"), "URI": Lit(a["uri"].encode())}})
        if a["kind"] == "widget":
            ap = self._ap(pdf, fref, x1 - x0, y1 - y0, [(a["value"], None)], a["size"], "M")
            r = pdf.add({**base, "Subtype": N("Widget"), "FT": N("Tx"), "T": Lit(a["name"].encode()),
                         "TU": a["label"], "V": text_string(a["value"], "utf16"),
                         "DA": Lit(b"/F1 10.5 Tf 0 g"), "AP": {"N": ap}, "MK": {"BC": [0.6]}})
            acro_fields.append(r)
            return r
        raise ValueError(a["kind"])

    def _xmp_packet(self, xmp: dict[str, list]) -> bytes:
        def esc(s):
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body = []
        if "creator" in xmp:
            body.append("<dc:creator><rdf:Seq><rdf:li>" + esc(join_runs(xmp["creator"])) +
                        "</rdf:li></rdf:Seq></dc:creator>")
        if "title" in xmp:
            body.append("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(join_runs(xmp["title"])) +
                        "</rdf:li></rdf:Alt></dc:title>")
        if "description" in xmp:
            body.append("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" +
                        esc(join_runs(xmp["description"])) + "</rdf:li></rdf:Alt></dc:description>")
        s = ("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
             "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
             "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
             "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
             "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
             + "\n".join(body) +
             "\n<xmp:CreatorTool>東雲市 文書作成システム</xmp:CreatorTool>"
             "\n<pdf:Producer>libredact sample generator</pdf:Producer>"
             "\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n" + " " * 200 + "\n<?xpacket end=\"w\"?>")
        return s.encode("utf-8")


# =============================================================================
# Synthetic values
# =============================================================================

CITY = "東雲市"  # fictional
OFFICES = {
    "joho": ("東雲市総務部情報公開課", "0463-21-1111"),
    "shimin": ("東雲市市民部市民課", "0463-21-1123"),
    "kaigo": ("東雲市福祉部介護保険課", "0463-21-1301"),
    "kodomo": ("東雲市子育て支援課", "0463-21-1280"),
    "gikai": ("東雲市議会事務局", "0463-21-1450"),
}
OFFICE_ADDR = "東雲市中央一丁目1番1号"
OFFICE_POSTAL = "259-1299"
OFFICE_MAIL = "johokoukai@city.shinonome.example.lg.jp"
ALLOWLIST = [CITY, "東雲市長", OFFICE_ADDR, OFFICE_POSTAL, OFFICE_MAIL] + \
    [n for n, _ in OFFICES.values()] + [t for _, t in OFFICES.values()]


class Values:
    """Draws synthetic personal values; everything is checked against the fonts' coverage."""

    def __init__(self, rng: random.Random, srcs: dict[str, FontSrc]):
        self.rng, self.srcs = rng, srcs
        self.used_names: set[str] = set()

    def ok(self, s: str) -> bool:
        return all(src.has(s) for src in self.srcs.values())

    def person(self, foreign=False, female=None) -> dict:
        rng = self.rng
        while True:
            p = G.Person(rng, foreign=foreign, female=female)
            if foreign and p.vietnamese:
                continue
            if not self.ok(p.full() + p.sur_kana + p.given_kana) or p.full() in self.used_names:
                continue
            if len(p.sur) < 2 and not foreign:
                continue  # surname alone is used as a PII value: keep it >= 2 characters
            self.used_names.add(p.full())
            if foreign:
                name, kana = p.given + "・" + p.sur, p.given_kana + "・" + p.sur_kana
            else:
                sep = rng.choice(["\u3000", "\u3000", "", " "])
                name, kana = p.sur + sep + p.given, p.sur_kana + ("\u3000" if sep else "") + p.given_kana
            return {"p": p, "name": name, "kana": kana, "sur": p.sur, "given": p.given,
                    "latin": p.latin()}

    def postal(self, fw=False) -> str:
        s = G.rdigits(self.rng, 3) + "-" + G.rdigits(self.rng, 4)
        return G.fw_digits(s) if fw else s

    def address(self, maxlen=30) -> str:
        while True:
            a = G.gen_address(self.rng)
            if len(a) <= maxlen and self.ok(a) and not re.search(r"[0-9０-９]一[0-9０-９]", a) \
                    and not a.startswith(CITY):
                return a

    def phone(self, kind=None, fw=False) -> str:
        rng = self.rng
        kind = kind or rng.choice(["mobile", "fixed", "fixed", "mobile"])
        if kind == "mobile":
            s = f"{rng.choice(['090', '080', '070'])}-{G.rdigits(rng, 4, '123456789')}-{G.rdigits(rng, 4)}"
        else:
            area = rng.choice(G.AREA_CODES[:14])
            s = f"{area}-{G.rdigits(rng, 6 - len(area), '23456789')}-{G.rdigits(rng, 4)}"
        return G.fw_digits(s) if fw else s

    def email(self, person) -> str:
        while True:
            e = G.gen_email(self.rng, person["p"])
            if self.ok(e) and "＠" not in e and len(e) <= 34 and e.isascii():
                return e

    def birth(self, lo=1940, hi=2004, fw=False) -> str:
        rng = self.rng
        d = G.rand_date(rng, G.datetime.date(lo, 1, 1), G.datetime.date(hi, 12, 28))
        era, _, ey = G.era_of(d)
        form = rng.randrange(3)
        if form == 0:
            s = f"{era}{'元' if ey == 1 else ey}年{d.month}月{d.day}日"
        elif form == 1:
            s = f"{d.year}年{d.month}月{d.day}日"
        else:
            s = f"{era}{ey}年{d.month:2d}月{d.day:2d}日".replace(" ", "\u3000")
        return G.fw_digits(s) if fw else s

    def mynum(self) -> str:
        return G.valid_my_number(self.rng)

    def docdate(self, fw=None) -> str:
        rng = self.rng
        s = f"令和6年{rng.randint(4, 12)}月{rng.randint(1, 28)}日"
        if fw is None:
            fw = rng.random() < 0.4
        return G.fw_digits(s) if fw else s

    def applicant(self, foreign=False, fw=False) -> dict:
        a = self.person(foreign=foreign)
        a.update(postal=self.postal(fw), address=self.address(), phone=self.phone(fw=fw),
                 email=self.email(a), birth=self.birth(fw=fw), mynum=self.mynum())
        return a


def non_pii_mynumber_like(rng) -> str:
    """A 12-digit 整理番号 whose last digit happens to pass the My Number checksum."""
    while True:
        d = "2024" + G.rdigits(rng, 7)
        d += str(G.my_number_check(d))
        if d[-1] != "0":
            return d


# =============================================================================
# Layout helpers
# =============================================================================


def mid(yt, h, size):
    return yt - h / 2 - size * 0.36


def label_cell(pg: Content, x, yt, w, h, label, size=10.0):
    n = len(label)
    sz = min(size, (w - 12) / n)
    kern = 0.0
    if 1 < n <= 4:
        target = (4 if n == 2 else 5) * sz
        kern = -round((target - n * sz) / (n - 1) / sz * 1000)
        pg.doc.feature("tj_kerning")
    pg.text(x + w / 2, mid(yt, h, sz), label, "G", sz, kern=kern, align="center")


def V(runs, size=11.0, key="M", dy=0.0, tz=None):
    """A value cell: one line, horizontally compressed with Tz when it does not fit."""
    def fill(pg: Content, x, yt, w, h):
        r = runs_of(runs)
        nat = sum(sum(pg.doc.font(key).widths(t)) for t, _ in r) * size / 1000
        if tz:
            pg.doc.feature("Tz")
            pg.text(x, mid(yt, h, size) + dy, r, key, size, tz=tz)
            return
        tzz = 100.0
        if nat > w:
            tzz = float(int(w / nat * 100))
            pg.doc.feature("Tz")
        pg.text(x, mid(yt, h, size) + dy, r, key, size, tz=tzz)
    return fill


def V2(runs1, runs2, size1=9.5, size2=11.0, tz2=None):
    def fill(pg, x, yt, w, h):
        V(runs1, size1, dy=h / 4.4)(pg, x, yt, w, h)
        V(runs2, size2, dy=-h / 5, tz=tz2)(pg, x, yt, w, h)
    return fill


def boxes(digits, cat="my_number", key="M"):
    def fill(pg: Content, x, yt, w, h):
        pg.boxed_digits(x, yt - h / 2 - 10, digits, cat, key)
        pg.doc.feature("my_number_boxes" if cat == "my_number" else "digit_boxes")
    return fill


def ruled_table(pg: Content, x0, x1, yt, rows, lw=120.0, shade=0.9):
    total = sum(h for _, h, _ in rows)
    pg.rect(x0, yt - total, lw, total, fill=shade, stroke=False)
    y = yt
    for label, h, fn in rows:
        if label:
            label_cell(pg, x0, y, lw, h, label)
        if fn:
            fn(pg, x0 + lw + 8, y, x1 - x0 - lw - 14, h)
        y -= h
        if y > yt - total + 0.1:
            pg.line(x0, y, x1, y, 0.5)
    pg.rect(x0, y, x1 - x0, yt - y, lw=1.2)
    pg.line(x0 + lw, y, x0 + lw, yt, 0.6)
    pg.doc.feature("ruled_table")
    return y


def P(cat, v):
    return (v, cat)


def checkboxes(items, chosen):
    return "　".join(("■" if i == chosen else "□") + t for i, t in enumerate(items))


def sender_block(pg: Content, office, y, doc: "Doc", person_in_charge=None):
    name, tel = OFFICES[office]
    pg.rect(320, y - 52, 225, 62, lw=0.6)
    pg.text(328, y - 6, ["担当　", name], "M", 9.5)
    pg.text(328, y - 22, "〒" + OFFICE_POSTAL + "　" + OFFICE_ADDR, "M", 9)
    pg.text(328, y - 38, ["電話　", tel, "（直通）"], "M", 9.5)
    if person_in_charge:
        pg.text(328, y - 50, ["担当者　", person_in_charge], "M", 8.5)
    doc.add_keep(name, tel)


# =============================================================================
# Documents
# =============================================================================

OFFICE_STAFF_TITLE = ["主任", "主事", "主査", "係長"]


def doc_disclosure_form(doc: Doc, v: dict, opt: dict):
    """行政文書開示請求書 (1-2 pages)."""
    a = v["a"]
    pg = doc.new_page()
    pg.text(545, 800, v["date"], "M", 10.5, align="right")
    pg.text(50, 778, "（あて先）東雲市長", "M", 10.5)
    pg.text(297.5, 742, "行政文書開示請求書", "G", 18, tc=opt.get("title_tc", 0.0), align="center")
    if opt.get("title_tc"):
        doc.feature("Tc")
    pg.para(50, 708, 495, "東雲市情報公開条例第６条の規定により、次のとおり行政文書の開示を請求します。",
            "M", 10.5, indent=10.5)
    email_cell = V(P("email", a["email"]), 10.5)
    if opt.get("email_field"):
        def email_cell(pg, x, yt, w, h):
            pg.form_field((x - 2, yt - h + 3, x + 230, yt - 3), "applicant_email", "メールアドレス",
                          a["email"], "email")
    rows = [
        ("フリガナ", 20, V(P("person", a["kana"]), 9)),
        ("氏名", 36, V([P("person", a["name"])], 15)),
        ("生年月日", 24, V(P("birth_date", a["birth"]))),
        ("住所", 44, V2(["〒", P("postal_code", a["postal"])], P("address", a["address"]),
                        size2=13 if opt.get("condensed_address") else 11.0,
                        tz2=80 if opt.get("condensed_address") else None)),
        ("電話番号", 24, V(P("phone", a["phone"]))),
        ("メールアドレス", 24, email_cell),
        ("個人番号", 30, boxes(a["mynum"])),
        ("請求する行政文書の名称", 56, None),
        ("開示の実施の方法", 26, V(checkboxes(["閲覧", "写しの交付", "電子データの提供"], v["method"]), 10.5)),
        ("本人確認書類", 26, V(checkboxes(["運転免許証", "個人番号カード", "旅券", "その他"], v["idcheck"]), 10.5)),
    ]
    y = ruled_table(pg, 50, 545, 690, rows, lw=126)
    ytab = 690 - sum(h for _, h, _ in rows[:7])
    pg.para(184, ytab - 16, 350, v["docname"], "M", 10.5, leading=16,
            style="justify" if opt.get("justify") else "Td")
    pg.text(56, y - 18, "※個人番号の記載は任意です。記載した場合は本人確認書類の提示が必要です。", "M", 8.5)
    # receipt box
    pg.text(50, y - 44, "※ 以下は記入しないでください（受付欄）", "G", 9)
    ry = y - 52
    rows2 = [("受付番号", 22, V(v["receipt"], 10)),
             ("受付日", 22, V(v["date"], 10)),
             ("整理番号", 22, V(v["seiri"], 10))]
    ruled_table(pg, 50, 330, ry, rows2, lw=80, shade=0.95)
    doc.add_keep("行政文書開示請求書", "行政文書の開示を請求します", "請求する行政文書の名称",
                 "開示の実施の方法", "本人確認書類", "記入しないでください", "メールアドレス",
                 "写しの交付", "東雲市情報公開条例第６条")
    doc.add_keep(*v["docname_keep"])
    if v.get("seiri_keep"):
        doc.add_keep(v["seiri"])
        doc.feature("checksum_valid_non_pii_number")
    doc.feature("two_fonts")
    if opt.get("page2"):
        pg2 = doc.new_page()
        pg2.text(50, 790, "（別紙）請求の内容についての補足", "G", 13)
        t = v["third"]
        y = pg2.para(50, 760, 495, [
            "令和５年７月１２日に東雲市立東雲中学校で発生した事故に関し、",
            P("person", t["name"]), "（当時２年生）の保護者として、学校が作成した事故報告書、",
            "関係する教職員の聞き取り記録及び教育委員会への報告文書の開示を求めます。",
            "なお、", P("person", t["sur"]), "さんの氏名は請求者が既に知っている情報です。"],
            "M", 10.5, leading=18, style="TL", indent=10.5, tw=2.5)
        doc.feature("TL_Tstar", "quote_op", "dquote_op", "Tw", "name_in_running_text", "surname_only_reference")
        y = pg2.para(50, y - 10, 495, [
            "開示の実施について連絡を希望する場合は、平日の午前９時から午後５時までの間に ",
            P("phone", v["phone2"]), " までご連絡ください。"], "M", 10.5, leading=18, style="TL", indent=10.5)
        pg2.text(50, y - 30, "添付書類　本人確認書類の写し　１部", "M", 10.5)
        pg2.text(50, y - 52, "以上", "M", 10.5)
        sender_block(pg2, "joho", 200, doc)
        doc.add_keep("請求の内容についての補足", "事故報告書")
        doc.feature("multi_page")


def doc_juminhyo_form(doc: Doc, v: dict, opt: dict):
    """住民票の写し等交付請求書: printed template in a form XObject, values on the page."""
    a, fam, proxy = v["a"], v["fam"], v["proxy"]
    pg = doc.new_page()
    tpl = XObject(doc, 1, [0, 0, 595, 842], names={"G": "F2", "M": "F1"})  # names swapped on purpose
    tpl.text(297.5, 780, "住民票の写し等交付請求書", "G", 17, align="center")
    tpl.text(50, 750, "（あて先）東雲市長", "M", 10.5)
    tpl.text(545, 750, "東雲市市民部市民課", "M", 10.5, align="right")
    labels = [("請求者氏名", 34), ("フリガナ", 20), ("住所", 40), ("生年月日", 24), ("電話番号", 24),
              ("必要な方の氏名", 34), ("続柄", 24), ("使用目的", 26), ("本人確認", 26)]
    rows = [(lb, h, None) for lb, h in labels]
    ruled_table(tpl, 50, 545, 730, rows, lw=120)
    tpl.text(50, 730 - sum(h for _, h in labels) - 40, "代理人が請求する場合は、下欄に記入し委任状を添付してください。", "M", 9.5)
    prow = [("代理人氏名", 30, None), ("代理人住所", 30, None)]
    py = 730 - sum(h for _, h in labels) - 50
    ruled_table(tpl, 50, 545, py, prow, lw=120)
    tpl.text(50, 120, "※ 請求書の記載事項に虚偽があった場合は処罰されることがあります。", "G", 9)
    mat = (0.96, 0, 0, 0.96, 12, 18)
    pg.xobject(tpl, "Tpl0", mat)
    doc.feature("form_xobject_text", "xobject_font_rename", "cm_transform")
    # values, drawn in the same transformed space
    pg.q()
    pg.cm(*mat)
    vals = [V(P("person", a["name"]), 14), V(P("person", a["kana"]), 9),
            V2(["〒", P("postal_code", a["postal"])], P("address", a["address"])), V(P("birth_date", a["birth"])),
            V(P("phone", a["phone"])), V([P("person", fam["name"]), "　（", "ほか１名", "）"], 13),
            V(v["rel"]), V(checkboxes(["年金手続き", "就職", "相続", "その他"], v["purpose"]), 10.5),
            V(["運転免許証　番号 ", P("drivers_license", v["license"])], 10.5)]
    y = 730
    for (lb, h), fn in zip(labels, vals):
        fn(pg, 50 + 128, y, 545 - 50 - 134, h)
        y -= h
    V(P("person", proxy["name"]), 12)(pg, 178, py, 360, 30)
    V(P("address", proxy["address"]), 10.5)(pg, 178, py - 30, 360, 30)
    pg.Q()
    pg.text(60, 60, [v["date"], "　受付"], "M", 9)
    doc.add_keep("住民票の写し等交付請求書", "東雲市市民部市民課", "必要な方の氏名", "使用目的",
                 "年金手続き", "委任状を添付してください", "処罰されることがあります", "代理人住所")
    doc.feature("two_fonts", "drivers_license")


def doc_kaigo_form(doc: Doc, v: dict, opt: dict):
    """介護保険 要介護認定申請書 with insured number boxes and full-width My Number boxes."""
    a, doctor, rel = v["a"], v["doctor"], v["rel"]
    pg = doc.new_page()
    pg.text(297.5, 790, "介護保険　要介護認定・要支援認定申請書", "G", 15, align="center")
    pg.text(50, 760, "東雲市長　あて", "M", 10.5)
    pg.text(545, 760, v["date"], "M", 10.5, align="right")
    pg.text(50, 740, "次のとおり申請します。", "M", 10.5)
    rows = [
        ("被保険者番号", 30, boxes(v["hihoken"], "insurance_number")),
        ("個人番号", 30, boxes(G.fw_digits(a["mynum"]))),
        ("フリガナ", 20, V(P("person", a["kana"]), 9)),
        ("被保険者氏名", 34, V(P("person", a["name"]), 14)),
        ("生年月日", 24, V([P("birth_date", a["birth"]), "　性別　", v["sex"]])),
        ("住所", 44, V2(["〒", P("postal_code", a["postal"])], P("address", a["address"]))),
        ("電話番号", 24, V(P("phone", a["phone"]))),
        ("メールアドレス", 24, V(P("email", a["email"]), 10.5)),
        ("主治医の氏名", 26, V([P("person", doctor["name"]), "　医師"], 11)),
        ("医療機関名", 26, V("東雲中央病院　内科", 11)),
        ("申請者（家族）", 26, V([P("person", rel["name"]), "（", v["relname"], "）"], 11)),
    ]
    y = ruled_table(pg, 50, 545, 725, rows, lw=120)
    ey = 725 - sum(h for _, h, _ in rows[:7]) - 24 / 2
    w = sum(doc.font("M").widths(a["email"])) * 10.5 / 1000
    pg.annot_link((178, ey - 8, 178 + w, ey + 10), a["email"])
    pg.para(50, y - 24, 495, "主治医意見書の作成に当たり、東雲市が主治医に対して意見を求めることに同意します。"
            "また、認定調査の結果及び主治医意見書の内容を介護サービス計画の作成のために居宅介護支援事業者等へ提示することに同意します。",
            "M", 10, leading=16, style="justify")
    doc.feature("tj_kerning")
    pg.text(297.5, 90, "東雲市福祉部介護保険課", "G", 10, align="center")
    doc.add_keep("要介護認定・要支援認定申請書", "被保険者番号", "主治医の氏名", "東雲中央病院",
                 "医療機関名", "主治医意見書の作成", "居宅介護支援事業者", "東雲市福祉部介護保険課")
    doc.feature("two_fonts", "fullwidth_digits", "foreign_name")


def letter_head(pg: Page, doc: Doc, v: dict, title: str, addressee_xobject=False, struct=False):
    a = v["a"]
    pg.text(545, 800, v["docno"], "M", 10.5, align="right")
    pg.text(545, 784, v["date"], "M", 10.5, align="right")
    runs = [[("〒", None), P("postal_code", a["postal"])], [P("address", a["address"])],
            [P("person", a["name"]), ("　様", None)]]
    if addressee_xobject:
        lab = XObject(doc, pg.page_no, [0, 0, 260, 80], names={"M": "L1", "G": "L2"})
        lab.text(4, 62, runs[0], "M", 10.5)
        lab.text(4, 44, runs[1], "M", 10.5)
        lab.text(14, 14, runs[2], "M", 15)
        pg.xobject(lab, "Addr", (1.08, 0, 0, 1.08, 60, 690))
        doc.feature("form_xobject_text", "cm_transform", "pii_inside_form_xobject")
    else:
        pg.text(60, 760, runs[0], "M", 10.5)
        pg.text(60, 742, runs[1], "M", 10.5)
        if struct:
            doc.struct_elem(pg, "Span", actual=runs[2])
            pg.text(70, 712, runs[2], "M", 15)
            pg.emc()
        else:
            pg.text(70, 712, runs[2], "M", 15)
    pg.text(545, 670, "東雲市長", "M", 12, align="right")
    pg.text(545, 654, "（公印省略）", "M", 9, align="right")
    pg.text(297.5, 620, title, "G", 15, align="center")
    doc.add_keep(title)


def doc_decision_letter(doc: Doc, v: dict, opt: dict):
    """行政文書開示決定通知書."""
    a = v["a"]
    pg = doc.new_page()
    letter_head(pg, doc, v, "行政文書開示決定通知書", opt.get("addr_xobject", False), opt.get("struct", False))
    y = pg.para(50, 585, 495, [v["reqdate"], "付けで", P("person", a["name"]), "様から請求のありました行政文書の開示について、"
                "東雲市情報公開条例第１１条第１項の規定により、下記のとおり開示することに決定しましたので通知します。"],
                "M", 10.5, leading=18, style="justify" if opt.get("justify", True) else "Td", indent=10.5)
    doc.feature("name_in_running_text")
    pg.text(297.5, y - 8, "記", "M", 10.5, align="center")
    rows = [("開示請求者", 26, V([P("person", a["name"]), "　様"])),
            ("行政文書の名称", 44, None),
            ("開示の日時", 26, V(v["when"], 10.5)),
            ("開示の場所", 26, V("東雲市役所本庁舎２階　情報公開コーナー", 10.5)),
            ("開示の実施の方法", 26, V(v["how"], 10.5))]
    if v.get("contact"):
        rows.append(("請求者の連絡先", 26, V(["電話　", P("phone", a["phone"])], 10.5)))
    ty = y - 24
    yb = ruled_table(pg, 50, 545, ty, rows, lw=118)
    pg.para(176, ty - 26 - 17, 360, v["docname"], "M", 10.5, leading=15)
    yb = pg.para(50, yb - 22, 495, "この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して３か月以内に、"
                 "東雲市長に対して審査請求をすることができます。", "M", 9.5, leading=15, style="justify", indent=9.5)
    doc.feature("tj_kerning")
    if opt.get("struct"):
        doc.struct_elem(pg, "Figure", alt=["カスタマバーコード（", P("postal_code", a["postal"]), " ",
                                           P("address", a["address"]), "）"])
        for i in range(30):
            hgt = 9 if i % 3 else 5
            pg.op(f"{fmt(200 + i * 4.2)} {fmt(769 - hgt)} 2.2 {fmt(hgt)} re f")
        pg.emc()
        doc.feature("alt_text", "actualtext")
    sender_block(pg, "joho", 150, doc, v.get("staff_line"))
    doc.add_keep("開示することに決定しました", "開示の実施の方法", "情報公開コーナー",
                 "審査請求をすることができます", "東雲市長")
    doc.add_keep(*v["docname_keep"])
    doc.feature("two_fonts")
    if opt.get("rotated_page"):
        doc_rotated_list(doc, v)


def doc_rotated_list(doc: Doc, v: dict):
    """A landscape table on a portrait page with /Rotate 90 (content drawn rotated by cm)."""
    pg = doc.new_page(rotate=90)
    pg.q()
    pg.cm(0, 1, -1, 0, 595, 0)  # landscape (842 x 595) user space
    pg.text(421, 550, "（別表）開示する相談記録の一覧", "G", 14, align="center")
    cols = [("番号", 40), ("相談日", 110), ("相談者", 130), ("対応職員", 120), ("内容の要旨", 250), ("開示区分", 92)]
    x0, y0 = 40, 520
    rh = 26
    pg.rect(x0, y0 - rh, sum(w for _, w in cols), rh, fill=0.9, stroke=False)
    x = x0
    for name, w in cols:
        pg.text(x + w / 2, y0 - 17, name, "G", 10, align="center")
        x += w
    rows = v["rows"]
    for i, r in enumerate(rows):
        yy = y0 - rh * (i + 1) - 17
        x = x0
        cells = [str(i + 1), r["date"], P("person", r["who"]), P("person", r["staff"]), r["what"], r["kubun"]]
        for (name, w), c in zip(cols, cells):
            pg.text(x + 6, yy, c, "M", 10)
            x += w
    tot_w = sum(w for _, w in cols)
    for i in range(len(rows) + 2):
        pg.line(x0, y0 - rh * i, x0 + tot_w, y0 - rh * i, 0.6)
    x = x0
    for _, w in cols + [("", 0)]:
        pg.line(x, y0, x, y0 - rh * (len(rows) + 1), 0.6)
        x += w
    pg.text(40, y0 - rh * (len(rows) + 1) - 24, "※ 第三者に関する情報は部分開示とします。", "M", 9.5)
    pg.Q()
    doc.add_keep("開示する相談記録の一覧", "内容の要旨", "部分開示とします")
    doc.feature("rotate_90", "cm_transform", "multi_page")


def doc_premium_letter(doc: Doc, v: dict, opt: dict):
    """介護保険料額決定通知書: addressee label in a scaled form XObject, structure tree."""
    a = v["a"]
    pg = doc.new_page()
    letter_head(pg, doc, v, "介護保険料額決定通知書", addressee_xobject=True)
    y = pg.para(50, 585, 495, ["令和６年度の介護保険料額を下記のとおり決定しましたので通知します。"
                               "保険料は、同封の納付書により各納期限までに納めてください。"], "M", 10.5, leading=18, indent=10.5)
    doc.struct_elem(pg, "Table")
    rows = [("被保険者番号", 26, V(P("insurance_number", v["hihoken"]))),
            ("被保険者氏名", 26, V(P("person", a["name"]))),
            ("生年月日", 26, V(P("birth_date", a["birth"]))),
            ("所得段階", 26, V("第５段階（基準額）")),
            ("年間保険料額", 26, V("７４，４００円")),
            ("納付方法", 26, V("普通徴収（納付書）"))]
    yb = ruled_table(pg, 50, 545, y - 14, rows, lw=118)
    pg.emc()
    doc.struct_elem(pg, "Figure", alt=[P("person", a["name"]), "様の口座振替依頼書の控え"])
    pg.rect(60, yb - 80, 150, 50, lw=0.8)
    pg.text(70, yb - 60, "口座振替依頼書（控）", "G", 9)
    pg.emc()
    doc.feature("struct_tree", "alt_text")
    pg.para(50, yb - 110, 495, "保険料の額に不服がある場合は、この通知を受け取った日の翌日から起算して３か月以内に、"
            "神奈川県介護保険審査会に審査請求をすることができます。", "M", 9.5, leading=15, style="justify", indent=9.5)
    sender_block(pg, "kaigo", 150, doc)
    pg.thumb = True
    pg.pieceinfo = [P("person", v["clerk"]["name"])]
    doc.add_pii("person", v["clerk"]["name"], 1, "info", "Page/PieceInfo/Private/Editor")
    doc.feature("thumbnail", "pieceinfo", "pii_inside_form_xobject")
    doc.add_keep("介護保険料額決定通知書", "年間保険料額", "第５段階（基準額）", "普通徴収（納付書）",
                 "口座振替依頼書（控）", "介護保険審査会")


def doc_vertical_letter(doc: Doc, v: dict, opt: dict):
    """A horizontal notice and a vertical (縦書き) letter of thanks."""
    a = v["a"]
    pg = doc.new_page()
    letter_head(pg, doc, v, "寄贈資料受領通知書")
    y = pg.para(50, 585, 495, [P("person", a["name"]), "様からご寄贈いただいた下記の資料を受領しましたので通知します。"
                               "受領した資料は東雲市立中央図書館の郷土資料室で保存し、閲覧に供します。"], "M", 10.5, leading=18, indent=10.5)
    rows = [("寄贈者", 26, V([P("person", a["name"]), "　様"])),
            ("資料名", 26, V("東雲村役場文書（明治期）ほか")),
            ("数量", 26, V("３２点")),
            ("受領日", 26, V(v["date"]))]
    ruled_table(pg, 50, 545, y - 14, rows, lw=118)
    sender_block(pg, "shimin", 150, doc)
    pg2 = doc.new_page()
    x = pg2.vpara(520, 780, 640, ["拝啓　新緑の候、ますますご清祥のこととお喜び申し上げます。"
                                  "このたびは", P("person", a["name"]), "様より、本市の中央図書館へ貴重な郷土資料を"
                                  "ご寄贈いただき、誠にありがとうございました。"
                                  "いただいた資料は大切に保存し、市民の皆様の学習に役立ててまいります。"
                                  "今後とも本市の図書館行政にご理解とご協力を賜りますようお願い申し上げます。"], "MV", 14)
    x = pg2.vpara(x - 20, 300, 160, "敬具", "MV", 14)
    x = pg2.vpara(x - 10, 760, 600, v["date"], "MV", 13)
    x = pg2.vpara(x - 10, 500, 360, "東雲市長", "MV", 14)
    pg2.vpara(x - 30, 760, 600, [P("person", a["name"]), "様"], "MV", 16)
    doc.feature("vertical_text", "Identity-V", "W2", "multi_page", "name_in_running_text")
    doc.add_keep("寄贈資料受領通知書", "郷土資料室", "東雲村役場文書", "新緑の候", "貴重な郷土資料",
                 "誠にありがとうございました")


def minutes_header(pg: Page, doc: Doc, v: dict, title: str):
    pg.text(297.5, 790, title, "G", 15, align="center")
    mem = v["members"]
    att = []
    for i, m in enumerate(mem):
        if i:
            att.append("、")
        att.append(P("person", m["name"]))
    rows = [("日時", 24, V(v["when"], 10.5)),
            ("場所", 24, V("東雲市役所本庁舎５階　第２会議室", 10.5)),
            ("出席委員", 40, None),
            ("事務局", 24, V([v["office"], "　", P("person", v["staff"]["name"]), "　", v["staff_title"]], 10.5))]
    yb = ruled_table(pg, 50, 545, 770, rows, lw=90)
    pg.para(148, 770 - 48 - 16, 390, att + ["（", v["chair_title"], "）"], "M", 10.5, leading=15)
    doc.add_keep(title[:15] if len(title) <= 15 else title[-10:], "第２会議室")
    return yb


def speech(pg: Page, y, who_runs, body, style="TL", size=10.5):
    return pg.para(50, y, 495, ["○"] + runs_of(who_runs) + ["　"] + runs_of(body), "M", size,
                   leading=size * 1.75, style=style) - 6


def doc_minutes(doc: Doc, v: dict, opt: dict):
    """会議録: speakers' names followed by their words, 2-3 pages."""
    mem, chair, st = v["members"], v["members"][0], v["staff"]
    pg = doc.new_page()
    title = f"第{v['n']}回東雲市情報公開審査会会議録"
    y = minutes_header(pg, doc, v, title)
    style = opt.get("style", "TL")
    y -= 24
    pg.text(50, y, "１　開会", "G", 11)
    y -= 22
    y = speech(pg, y, [v["chair_title"], "（", P("person", chair["name"]), "）"],
               f"ただいまから、第{v['n']}回東雲市情報公開審査会を開会いたします。本日は委員５名中４名の出席があり、"
               "会議は成立しております。", style)
    if opt.get("split") and not doc.twin:
        # split /Contents into two streams inside the text object, right before the name
        shown = pg.s(doc.font("M").codes(chair["name"]))
        pg.split_at = max(i for i, o in enumerate(pg.ops) if o.startswith(shown))
        doc.feature("contents_array_split_inside_BT")
    y = speech(pg, y, [P("person", mem[1]["sur"]), "委員"],
               ["資料２の諮問案件について伺います。請求者の", P("person", v["req"]["name"]), "氏は、"
                "部分開示とされた箇所のうち、職員の氏名について開示を求めています。事務局の見解を伺います。"], style)
    y = speech(pg, y, ["事務局（", P("person", st["sur"]), "）"],
               ["お答えします。本件で不開示とした職員の氏名は、非常勤職員のものであり、慣行として公にされている情報には当たらないと判断しております。"], style)
    y = speech(pg, y, [P("person", mem[2]["sur"]), "委員"],
               ["先ほど", P("person", mem[1]["sur"]), "委員から御指摘のあった点に関連して、他の自治体の答申例も確認すべきではないでしょうか。"], style)
    doc.feature("name_in_running_text", "surname_only_reference", "TL_Tstar", "quote_op", "dquote_op")
    pg.text(50, y - 10, "２　議事", "G", 11)
    y -= 32
    y = speech(pg, y, [v["chair_title"], "（", P("person", chair["name"]), "）"],
               "それでは、諮問第２４号について審議します。事務局から資料の説明をお願いします。", style)
    pg2 = doc.new_page(cropbox=opt.get("cropbox"))
    y = 790
    y = speech(pg2, y, ["事務局（", P("person", st["sur"]), "）"],
               ["資料３をご覧ください。請求者である", P("person", v["req"]["name"]), "氏の住所は",
                P("address", v["req"]["address"]), "であり、本件の相談記録は同氏本人に関するものです。"], style)
    y = speech(pg2, y, [P("person", mem[3]["sur"]), "委員"],
               "相談記録には第三者の発言も含まれています。その部分は不開示とすべきだと考えます。", style)
    y = speech(pg2, y, [v["chair_title"], "（", P("person", chair["name"]), "）"],
               "ほかに御意見がなければ、本件は原処分を妥当とする答申案を事務局で作成することといたします。", style)
    pg2.text(50, y - 10, "３　閉会", "G", 11)
    y = speech(pg2, y - 32, [v["chair_title"], "（", P("person", chair["name"]), "）"],
               "以上をもちまして、本日の審査会を閉会いたします。", style)
    pg2.text(300, y - 40, ["会議録署名委員　", P("person", mem[2]["name"])], "M", 10.5)
    doc.add_keep("情報公開審査会を開会いたします", "原処分を妥当とする", "答申案を事務局で作成", "閉会いたします",
                 "他の自治体の答申例", "諮問第２４号", "会議録署名委員", "非常勤職員")
    doc.feature("multi_page")
    if opt.get("hidden_text"):
        # invisible (3 Tr) OCR-like line, white text, text outside the CropBox, hidden OCG
        pg2.text(50, 120, ["備考　請求者連絡先 ", P("phone", v["req"]["phone"])], "M", 9, tr=3,
                 channel="invisible", where="3 Tr (invisible)")
        pg2.text(50, 104, ["記録作成者 ", P("person", v["clerk"]["name"])], "M", 9, color="1 1 1",
                 channel="invisible", where="white text 1 1 1 rg")
        pg2.text(50, 830, ["校正担当 ", P("person", v["proof"]["name"])], "M", 9,
                 channel="invisible", where="outside CropBox")
        doc.ocgs.append("事務局メモ")
        pg2.props["OC0"] = "事務局メモ"
        pg2.bmc("OC", "/OC0")
        pg2.text(50, 150, ["事務局メモ：請求者 ", P("person", v["req"]["name"]), " 生年月日 ",
                           P("birth_date", v["req"]["birth"])], "G", 9, color="0.8 0 0",
                 channel="ocg", where="OCG hidden by default")
        pg2.emc()
        doc.feature("invisible_text_3Tr", "white_text", "outside_cropbox", "ocg_hidden")


def doc_minutes_plain(doc: Doc, v: dict, opt: dict):
    """A second minutes layout: justified paragraphs, Tc carried over between BT blocks."""
    mem, chair = v["members"], v["members"][0]
    pg = doc.new_page()
    title = f"第{v['n']}回東雲市個人情報保護審議会会議録"
    y = minutes_header(pg, doc, v, title) - 24
    # Tc set in one text object and left in place: the next text objects inherit it
    pg.text(50, y, "１　議題", "G", 11, tc=1.5)
    pg.text(70, y - 18, "マイナンバー利用事務の特定個人情報保護評価について", "M", 10.5, tc=None)
    doc.feature("Tc", "text_state_carryover")
    y -= 44
    for k in range(2):
        who = mem[1 + k]
        y = speech(pg, y, [P("person", who["sur"]), "委員"],
                   ["評価書の記載について、", P("person", mem[3 - k]["sur"]), "委員の意見と同じく、"
                    "委託先の監督方法をより具体的に記載するよう求めます。再委託の有無と、その場合の安全管理措置の確認方法を明記してください。"],
                   "justify")
    y = speech(pg, y, ["会長（", P("person", chair["name"]), "）"],
               "ただいまの御意見を踏まえ、評価書を修正の上、次回の審議会で改めて報告を受けることとします。", "justify")
    doc.feature("tj_kerning", "surname_only_reference")
    pg2 = doc.new_page()
    y = speech(pg2, 790, ["事務局（", P("person", v["staff"]["sur"]), "）"],
               ["次回の審議会は", v["next"], "に開催を予定しております。なお、傍聴を希望された",
                P("person", v["req"]["name"]), "様から、", P("phone", v["req"]["phone"]),
                "に連絡をいただいており、会議資料の写しを送付する予定です。"], "justify")
    pg2.text(300, y - 40, ["会議録署名委員　", P("person", mem[1]["name"])], "M", 10.5)
    doc.add_keep("個人情報保護審議会", "特定個人情報保護評価", "委託先の監督方法", "安全管理措置",
                 "評価書を修正の上", "会議資料の写し", "会議録署名委員", "第２会議室")
    doc.feature("multi_page")


def doc_child_form(doc: Doc, v: dict, opt: dict):
    """児童手当 認定請求書: several people, two My Numbers, children, bank account."""
    a, sp = v["a"], v["spouse"]
    pg = doc.new_page()
    pg.text(297.5, 800, "児童手当・特例給付　認定請求書", "G", 15, align="center")
    pg.text(50, 772, "東雲市長　あて", "M", 10.5)
    pg.text(545, 772, v["date"], "M", 10.5, align="right")
    rows = [("フリガナ", 20, V(P("person", a["kana"]), 9)),
            ("請求者氏名", 32, V(P("person", a["name"]), 14)),
            ("生年月日", 24, V(P("birth_date", a["birth"]))),
            ("個人番号", 30, boxes(a["mynum"])),
            ("住所", 44, V2(["〒", P("postal_code", a["postal"])], P("address", a["address"]))),
            ("電話番号", 24, V(P("phone", a["phone"]))),
            ("配偶者氏名", 28, V(P("person", sp["name"]), 12)),
            ("配偶者の個人番号", 30, boxes(sp["mynum"]))]
    y = ruled_table(pg, 50, 545, 755, rows, lw=120)
    pg.text(50, y - 20, "支給要件児童", "G", 11)
    cols = [("児童の氏名", 200), ("生年月日", 160), ("続柄", 60), ("同居・別居", 75)]
    x, ty = 50, y - 30
    pg.rect(50, ty - 22, 495, 22, fill=0.9, stroke=False)
    for n, w in cols:
        pg.text(x + w / 2, ty - 15, n, "G", 9.5, align="center")
        x += w
    for i, c in enumerate(v["children"]):
        yy = ty - 22 * (i + 1) - 15
        cells = [P("person", c["name"]), P("birth_date", c["birth"]), c["rel"], "同居"]
        x = 50
        for (n, w), cell in zip(cols, cells):
            pg.text(x + 6, yy, cell, "M", 10.5)
            x += w
    nrow = len(v["children"]) + 1
    for i in range(nrow + 1):
        pg.line(50, ty - 22 * i, 545, ty - 22 * i, 0.6)
    x = 50
    for _, w in cols + [("", 0)]:
        pg.line(x, ty, x, ty - 22 * nrow, 0.6)
        x += w
    y = ty - 22 * nrow - 26
    pg.text(50, y, "振込先口座", "G", 11)
    rows = [("金融機関", 24, V([v["bank"], "　", v["branch"]])),
            ("口座番号", 24, V(["普通　", P("bank_account", v["acct"])])),
            ("口座名義（カナ）", 24, V(P("person", a["kana"].replace("\u3000", " ")), 10.5))]
    y = ruled_table(pg, 50, 545, y - 10, rows, lw=120)
    pg.text(50, y - 22, ["整理番号　", v["seiri"]], "M", 9.5)
    doc.add_keep("認定請求書", "支給要件児童", "振込先口座", "配偶者の個人番号", "同居・別居",
                 "口座名義（カナ）", "金融機関", v["seiri"], "児童手当・特例給付")
    doc.feature("two_fonts", "fullwidth_digits", "checksum_valid_non_pii_number", "bank_account")


# =============================================================================
# The sample set
# =============================================================================

DOCNAMES = [
    ("令和５年度東雲市道路補修工事の契約関係書類一式（入札調書、契約書及び仕様書）", ["道路補修工事"]),
    ("令和４年度及び令和５年度の市長交際費の支出に関する書類（支出負担行為決議書を含む）", ["市長交際費の支出"]),
    ("令和５年度東雲市情報システム更新業務委託の仕様書及び見積書", ["情報システム更新業務"]),
    ("東雲市立東雲中学校における令和５年７月の事故に関する事故報告書及び関係記録", ["東雲市立東雲中学校"]),
]


def v_disclosure(vals: Values, rng, foreign=False, fw=False) -> dict:
    dn, dk = rng.choice(DOCNAMES)
    return dict(a=vals.applicant(foreign=foreign, fw=fw), date=vals.docdate(), method=rng.randrange(3),
                idcheck=rng.randrange(4), docname=dn, docname_keep=dk,
                receipt=f"第{rng.randint(100, 999)}号", seiri=non_pii_mynumber_like(rng),
                third=vals.person(), phone2=vals.phone(), clerk=vals.person())


def v_letter(vals: Values, rng) -> dict:
    dn, dk = rng.choice(DOCNAMES)
    staff = vals.person()
    return dict(a=vals.applicant(), docno=f"東総情第{rng.randint(100, 999)}号", date=vals.docdate(),
                reqdate=f"令和6年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", docname=dn, docname_keep=dk,
                when=f"令和6年4月{rng.randint(10, 28)}日　午前{rng.randint(9, 11)}時",
                how=rng.choice(["写しの交付（窓口）", "写しの交付（郵送）", "閲覧"]),
                hihoken=G.gen_kaigo_10(rng), clerk=vals.person(), staff=staff,
                staff_line=[P("person", staff["name"])],
                rows=[dict(date=f"令和5年{m}月{rng.randint(1, 28)}日", who=None, staff=None,
                           what=w, kubun=k) for m, w, k in
                      ((6, "生活相談（就労支援）", "開示"), (8, "生活相談（住居）", "部分開示"),
                       (11, "家計相談", "開示"))])


def v_minutes(vals: Values, rng) -> dict:
    members = [vals.person() for _ in range(5)]
    req = vals.applicant()
    return dict(members=members, staff=vals.person(), req=req, clerk=vals.person(), proof=vals.person(),
                n=rng.randint(2, 9), when=f"令和6年5月{rng.randint(7, 24)}日　午後2時から午後3時30分まで",
                office="総務部情報公開課", staff_title="主査", chair_title="会長",
                next=f"令和６年７月{rng.randint(1, 28)}日")


def v_child(vals: Values, rng) -> dict:
    a = vals.applicant(fw=True)
    while True:
        g, _ = rng.choice(G.GIVEN_FEMALE)
        if vals.ok(g) and a["sur"] + g not in vals.used_names:
            break
    sp = {"name": a["sur"] + "\u3000" + g, "mynum": vals.mynum()}
    vals.used_names.add(a["sur"] + g)
    kids = []
    for rel in ("長男", "長女")[:rng.randint(1, 2)]:
        while True:
            g, _ = rng.choice(G.GIVEN_FEMALE if rel == "長女" else G.GIVEN_MALE)
            name = a["sur"] + "\u3000" + g
            if vals.ok(name) and name not in vals.used_names:
                vals.used_names.add(name)
                break
        kids.append(dict(name=name, birth=vals.birth(2008, 2022), rel=rel))
    return dict(a=a, spouse=sp, children=kids, date=vals.docdate(), bank=rng.choice(G.BANKS[:6]),
                branch=rng.choice(G.BRANCHES[:5]), acct=G.rdigits(rng, 7), seiri=non_pii_mynumber_like(rng))


# -- hidden channels per file ---------------------------------------------------------


def h_info_xmp(doc: Doc, v):
    a = v["a"]
    doc.set_info(Title=["行政文書開示請求書（", P("person", a["name"]), "）"],
                 Author=P("person", a["name"]), Subject="行政文書開示請求",
                 Keywords=["開示請求, ", P("person", a["sur"] + a["given"]), ", 総務部情報公開課"])
    doc.set_xmp(creator=["総務部情報公開課　", P("person", v["clerk"]["name"])],
                title=["行政文書開示請求書（", P("person", a["name"]), "）"])


def h_annots(doc: Doc, v):
    a, pg = v["a"], doc.pages[0]
    pg.annot_text((520, 690, 540, 710), ["本人確認済み（運転免許証）。", P("person", a["name"]),
                                         "様の請求。窓口で受付。"], ["市民課 ", P("person", v["clerk"]["name"])])
    pg.annot_freetext((330, 40, 545, 70), [P("person", a["name"]), "様　電話確認済 ", P("phone", a["phone"])])


def h_outlines(doc: Doc, v):
    doc.add_outline(["介護保険申請書（", P("person", v["a"]["name"]), "）"], 1)
    doc.add_outline(["主治医：", P("person", v["doctor"]["name"]), "医師"], 1)


def h_attach_js(doc: Doc, v):
    a = v["a"]
    doc.attach("受付メモ.txt", "受付時のメモ", ["受付日 令和6年3月21日\n請求者 ", P("person", a["name"]),
                                              "\n連絡先 ", P("phone", a["phone"]), "\n備考 窓口で本人確認済み\n"])
    doc.add_js("init", ["var applicant = \"", P("person", a["name"]), "\";\nvar note = \"開示決定通知\";\n"])
    doc.set_openaction_js(["this.info.contact = \"", P("email", a["email"]), "\";"])


def h_minutes_info(doc: Doc, v):
    doc.set_info(Title="個人情報保護審議会会議録", Author=P("person", v["clerk"]["name"]))
    doc.add_outline(["議題１　発言者 ", P("person", v["members"][1]["name"])], 1)
    doc.add_outline(["議題２　傍聴希望 ", P("person", v["req"]["name"])], 2)


def h_kitchen_sink(doc: Doc, v):
    a = v["a"]
    h_info_xmp(doc, v)
    doc.pages[0].annot_text((520, 640, 540, 660), ["要確認：", P("person", v["third"]["name"]),
                                                   "さんの件と同一世帯か"], P("person", v["clerk"]["name"]))
    doc.add_outline(["請求者 ", P("person", a["name"])], 1)
    doc.attach("本人確認書類.txt", "本人確認の記録", ["運転免許証で確認\n氏名 ", P("person", a["name"]),
                                                    "\n生年月日 ", P("birth_date", a["birth"]), "\n"])
    doc.add_js("check", ["// ", P("person", a["name"]), "\napp.alert(\"受付済\");\n"])
    doc.set_openaction_js(["this.info.applicant_mail = \"", P("email", a["email"]), "\";"])


class Spec:
    def __init__(self, fname, kind, builder, values, opt=None, hidden=None, update=None):
        self.fname, self.kind, self.builder, self.values = fname, kind, builder, values
        self.opt, self.hidden, self.update = opt or {}, hidden, update


def upd_moved(v, vals: Values, rng):
    w = copy.deepcopy(v)
    w["a"]["address"] = vals.address()
    w["a"]["postal"] = vals.postal()
    return w


def upd_name_phone(v, vals: Values, rng):
    """The first revision had the given name wrong and an old phone number."""
    w = copy.deepcopy(v)
    old = copy.deepcopy(v)
    a = old["a"]
    while True:
        g, _ = rng.choice(G.GIVEN_NAMES)
        if g != a["given"] and vals.ok(g) and len(g) == len(a["given"]):
            break
    sep = a["name"][len(a["sur"]):len(a["name"]) - len(a["given"])]
    a["name"] = a["sur"] + sep + g
    a["given"] = g
    a["phone"] = vals.phone()
    old["staff_line"] = w["staff_line"]
    return old, w


def plan() -> list[Spec]:
    return [
        Spec("form_kaiji_01.pdf", "disclosure_request_form", doc_disclosure_form, v_disclosure,
             {"title_tc": 6.0}, h_info_xmp),
        Spec("form_kaiji_02.pdf", "disclosure_request_form", doc_disclosure_form,
             lambda vals, rng: v_disclosure(vals, rng, fw=True),
             {"email_field": True, "page2": True, "literal": True, "justify": True, "condensed_address": True}),
        Spec("form_juminhyo_03.pdf", "application_form", doc_juminhyo_form,
             lambda vals, rng: dict(a=vals.applicant(), fam=vals.person(), proxy=vals.applicant(),
                                    rel=rng.choice(["世帯主の長男", "世帯主の妻", "世帯主の母"]),
                                    purpose=rng.randrange(4), license=G.rdigits(rng, 12),
                                    date=vals.docdate(), clerk=vals.person()),
             {}, h_annots),
        Spec("form_kaigo_04.pdf", "application_form", doc_kaigo_form,
             lambda vals, rng: dict(a=vals.applicant(foreign=True), doctor=vals.person(), rel=vals.person(),
                                    relname=rng.choice(["長女", "長男", "配偶者"]),
                                    sex=rng.choice(["男", "女"]), hihoken=G.gen_kaigo_10(rng),
                                    date=vals.docdate()),
             {}, h_outlines),
        Spec("letter_kettei_05.pdf", "decision_letter", doc_decision_letter, v_letter, {}, h_attach_js),
        Spec("letter_hokenryo_06.pdf", "notice_letter", doc_premium_letter, v_letter, {}),
        Spec("letter_kettei_rot_07.pdf", "decision_letter", doc_decision_letter, v_letter,
             {"rotated_page": True, "struct": True}),
        Spec("letter_kizo_tate_08.pdf", "notice_letter", doc_vertical_letter, v_letter, {}),
        Spec("minutes_shinsakai_09.pdf", "minutes", doc_minutes, v_minutes,
             {"hidden_text": True, "split": True, "cropbox": [20, 20, 575, 822]}),
        Spec("minutes_shingikai_10.pdf", "minutes", doc_minutes_plain, v_minutes, {}, h_minutes_info),
        Spec("letter_incr_moved_11.pdf", "decision_letter", doc_decision_letter, v_letter, {}, None,
             update=lambda v, vals, rng: (v, upd_moved(v, vals, rng))),
        Spec("letter_incr_fix_12.pdf", "decision_letter", doc_decision_letter,
             lambda vals, rng: dict(v_letter(vals, rng), contact=True), {"justify": False}, None,
             update=upd_name_phone),
        Spec("form_kaiji_all_13.pdf", "disclosure_request_form", doc_disclosure_form, v_disclosure,
             {"page2": True}, h_kitchen_sink),
        Spec("form_jidouteate_14.pdf", "application_form", doc_child_form, v_child, {}),
    ]


def render(spec: Spec, v: dict, srcs, variant, date: str) -> Doc:
    doc = Doc(spec.fname, spec.kind, srcs, variant=variant, literal=spec.opt.get("literal", False), date=date)
    if spec.opt.get("literal"):
        doc.feature("literal_cid_strings")
    spec.builder(doc, v, spec.opt)
    if spec.hidden:
        spec.hidden(doc, v)
    return doc


def make(spec: Spec, srcs, seed: int, variant=None):
    """Returns (truth entry, pdf bytes).  variant: None for the original, else a twin kind."""
    twin = variant
    for attempt in range(100):
        rng = random.Random(f"{seed}:{spec.fname}:{attempt}")
        vals = Values(rng, srcs)
        v = spec.values(vals, rng)
        if "rows" in v and "a" in v:
            for r in v["rows"]:
                r["who"], r["staff"] = v["a"]["name"], v["staff"]["name"]
        if spec.update is None:
            doc = render(spec, v, srcs, twin, "D:20240415093000+09'00'")
            if doc.collisions():
                continue
            data, _, _ = doc.build()
            return entry(doc), data
        old, new = spec.update(v, vals, rng)
        docA = render(spec, old, srcs, twin, "D:20240415093000+09'00'")
        docB = render(spec, new, srcs, twin, "D:20240422161500+09'00'")
        if docA.collisions() or docB.collisions():
            continue
        dataA, objsA, _ = docA.build()
        dataB, objsB, trB = docB.build()
        if twin:
            return entry(docB), dataB
        assert set(objsA) == set(objsB), "revisions must have the same object layout"
        changed = {n: b for n, b in objsB.items() if objsA[n] != b}
        tr = dict(trB)
        tr["ID"] = [tr["ID"][0], Hex(hashlib.md5((spec.fname + ":rev2").encode()).digest())]
        data = PdfFile.append_update(dataA, changed, max(objsB) + 1, tr)
        e = entry(docB)
        now = {(p["category"], p["value"]) for p in docB.pii}
        seen = set()
        for p in docA.pii:
            k = (p["category"], p["value"])
            if k not in now and k not in seen:
                seen.add(k)
                e["pii"].append({"category": p["category"], "value": p["value"], "page": p["page"],
                                 "channel": "revision", "where": "earlier revision (incremental update): "
                                 + p["channel"]})
        if any(k in now for k in seen):
            continue
        e["features"].append("incremental_update")
        e["revisions"] = 2
        return e, data
    raise RuntimeError(f"{spec.fname}: could not draw values without collisions")


def entry(doc: Doc) -> dict:
    return {"file": doc.fname, "kind": doc.kind, "pages": len(doc.pages), "pii": list(doc.pii),
            "keep": list(doc.keep), "features": list(doc.features)}


# =============================================================================
# Self-verification with independent tools
# =============================================================================


def run(cmd) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True)


def dehyphen(s: str) -> str:
    return re.sub(r"[-‐‑‒–—―−ーｰ－]", "", s)


def verify(out: str, truth: dict, twins: str | None) -> int:
    bad = 0
    for e in truth["files"]:
        path = os.path.join(out, e["file"])
        problems = []
        r = run(["qpdf", "--check", path])
        if r.returncode != 0:
            problems.append("qpdf --check: " + (r.stdout + r.stderr).decode(errors="replace")[-300:])
        txt = ""
        for mode in ("-layout", "-raw"):
            r = run(["pdftotext", mode, "-enc", "UTF-8", path, "-"])
            txt += nrm(r.stdout.decode("utf-8", "replace"))
        for p in e["pii"]:
            if p["channel"] != "page":
                continue
            v = nrm(p["value"])
            if v not in txt and dehyphen(v) not in dehyphen(txt):
                problems.append(f"pdftotext misses page PII {p['category']} {p['value']!r} (p{p['page']})")
        for k in e["keep"]:
            if nrm(k) not in txt:
                problems.append(f"pdftotext misses keep phrase {k!r}")
        r = run(["pdffonts", path])
        rows = r.stdout.decode("utf-8", "replace").splitlines()[2:]
        for row in rows:
            if "CID TrueType" not in row or "Identity-" not in row or " yes yes " not in row:
                problems.append("pdffonts: " + row)
        if not rows:
            problems.append("pdffonts: no fonts")
        if twins:
            r = run(["qpdf", "--check", os.path.join(twins, e["file"])])
            if r.returncode != 0:
                problems.append("twin: qpdf --check failed")
        status = "ok" if not problems else "PROBLEMS"
        print(f"  verify {e['file']:28s} {status}  ({len(rows)} fonts, {len(e['pii'])} PII, "
              f"{len(e['keep'])} keep)")
        for pr in problems:
            print("      " + pr)
        bad += bool(problems)
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--twins", help="also write perfectly redacted twins into this directory")
    ap.add_argument("--leaky-twins", help="twins whose font subsets keep the removed glyphs (known bad)")
    ap.add_argument("--orphan-twins", help="twins with an unreferenced object holding the PII (known bad)")
    ap.add_argument("--only", help="comma-separated file names to generate")
    ap.add_argument("--no-verify", action="store_true", help="skip qpdf/pdftotext/pdffonts checks")
    args = ap.parse_args(argv)
    t0 = time.time()
    G._self_check()
    srcs = {"gothic": FontSrc(GOTHIC, "IPAexGothic"), "mincho": FontSrc(MINCHO, "IPAexMincho")}
    os.makedirs(args.out, exist_ok=True)
    variants = [(d, k) for d, k in ((args.twins, "clean"), (args.leaky_twins, "leaky_fonts"),
                                    (args.orphan_twins, "orphan")) if d]
    for d, _ in variants:
        os.makedirs(d, exist_ok=True)
    specs = plan()
    if args.only:
        want = set(args.only.split(","))
        specs = [s for s in specs if s.fname in want]
    files = []
    for spec in specs:
        e, data = make(spec, srcs, args.seed)
        with open(os.path.join(args.out, spec.fname), "wb") as fh:
            fh.write(data)
        for d, kind in variants:
            _, tdata = make(spec, srcs, args.seed, kind)
            with open(os.path.join(d, spec.fname), "wb") as fh:
                fh.write(tdata)
        files.append(e)
        chans = sorted({p["channel"] for p in e["pii"]})
        print(f"{spec.fname:28s} {e['pages']} p  {len(data) // 1024:4d} KB  {len(e['pii']):3d} PII  "
              f"{len(e['keep']):2d} keep  channels: {','.join(chans)}")
    truth = {"generator": "samples/pdf/gen_pdf_samples.py", "seed": args.seed,
             "channels": list(CHANNELS), "allowlist": ALLOWLIST, "files": files}
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"generated {len(files)} files in {time.time() - t0:.1f} s -> {args.out}")
    if args.no_verify:
        return 0
    bad = verify(args.out, truth, args.twins)
    print(f"verified in {time.time() - t0:.1f} s total: {len(files) - bad} ok, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
