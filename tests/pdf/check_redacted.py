#!/usr/bin/env python3
"""Independent verdict on a redacted PDF, using only poppler-utils, qpdf and tesseract.

    python3 tests/pdf/check_redacted.py --truth DIR/truth.json --original DIR/x.pdf \\
        --redacted OUT/x.pdf [--ocr] [--min-keep 0.95] [--json]

Never uses the project's own code.  The ground truth comes from
``samples/pdf/gen_pdf_samples.py`` (``truth.json``: per file the PII values with
category/page/channel, and the ``keep`` phrases that must stay readable).

Checks (each printed as PASS/FAIL, then ``N passed, M failed``; exit 1 on any FAIL):

 1. ``qpdf --check`` passes on the output (exit 0; warnings count as failure).
 2. single revision: exactly one ``%%EOF`` and no ``/Prev`` in any trailer or xref
    stream dictionary (an incremental update keeps the old revision's bytes).
 3. PII not in ``pdftotext -layout`` / ``-raw`` output.  Comparison after NFKC and
    removal of all white space, once as is and once with every hyphen/dash/long-vowel
    mark removed from both sides.
 4. PII not in the ``qpdf --qdf --object-streams=disable`` expansion, searched as
    bytes: UTF-8 (as written, NFKC, without spaces), UTF-16BE, UTF-16BE as hex text
    (upper/lower case, the form of ``<FEFF...>`` strings), UTF-16LE, Shift_JIS, EUC-JP.
 5. PII not in any decoded PDF string (``qpdf --json``: every string of every object,
    literal or hex, PDFDocEncoding/UTF-16/UTF-8) nor in any decoded stream's text.
 6. PII not spelled by glyph codes: every text-showing string operand of every stream
    that looks like a content stream is concatenated (kerning numbers and operators
    dropped) and matched against the value, each character being any code that a
    ToUnicode CMap of the ORIGINAL or the output maps to it (so a redactor that keeps
    the codes but rewrites or drops the ToUnicode map is still caught; a space glyph
    may sit between characters).  CMaps and content streams are taken from qpdf's view
    AND from a raw scan of both files, so earlier revisions and unreferenced objects
    are covered.
 7. PII not in the raw output bytes, including every Flate stream found by scanning
    the file (this sees unreferenced objects and earlier revisions, which qpdf drops).
 8. PII not in ``pdfinfo`` (Title/Author/Subject/Keywords ...) nor ``pdfinfo -meta`` (XMP).
 9. ``pdfdetach -list`` lists no attachment at all.
10. Orphan glyphs (kept simple on purpose): for each font of the output that has a
    ToUnicode map, the codes actually shown by the remaining text (pages, form
    XObjects, appearance streams, followed through resources) are collected.  A PII
    value FAILS when every one of its characters is still mapped by that font AND none
    of those characters' codes is shown anywhere any more: the subset then still
    carries glyphs that only served to spell the removed value (re-subset the font or
    drop the glyphs and map entries).  Values with some characters orphaned are only
    reported (characters shared with kept text are not evidence).
11. with ``--ocr``: ``pdftoppm -r 300 -gray`` per page, ``tesseract -l jpn --psm 4``
    (plus ``--psm 6`` when psm 4 finds little); no PII value in the OCR text
    (NFKC, only letters/digits kept on both sides, since OCR adds stray punctuation);
    values with >= 6 digits compare as digit sequences (separators between digits are
    dropped from the OCR text).  OCR is a lower bound: it misses digits in printed boxes
    and small kana, so a PASS here never replaces checks 3-7.
12. at least ``--min-keep`` of the ``keep`` phrases are in the output's pdftotext text.

Values shorter than 2 characters after normalization are not searched (noted).
With directories (``--original DIR --redacted OUTDIR``) every file of truth.json is
checked and one line per file is printed (a missing output counts as a failure).
The file's truth entry is found by the original's file name (``--name`` overrides).
``--json`` prints a machine-readable result instead (used by check_original.py).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zlib

HYPHENS = "-‐‑‒–—―−ーｰ－﹣⁃"
_HY = re.compile("[" + re.escape(HYPHENS) + "]")


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def dehy(s: str) -> str:
    return _HY.sub("", s)


def run(cmd, timeout=300, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        return p.returncode, p.stdout, p.stderr
    except FileNotFoundError:
        return 127, b"", f"{cmd[0]}: not installed".encode()
    except subprocess.TimeoutExpired:
        return 124, b"", b"timeout"


def text_has(text_norm: str, text_dehy: str, value: str) -> bool:
    v = norm(value)
    return v in text_norm or (dehy(v) != "" and dehy(v) in text_dehy)


# =============================================================================
# PDF lexing (strings, dictionaries, content streams)
# =============================================================================

WS = b" \t\r\n\f\x00"
DELIM = b"()<>[]{}/%"


def lit_string(data: bytes, i: int) -> tuple[bytes, int]:
    """data[i] == '(' ; returns (decoded bytes, index after ')')."""
    out = bytearray()
    depth = 1
    i += 1
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= n:
                break
            e = data[i]
            m = {0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12}
            if e in m:
                out.append(m[e])
                i += 1
            elif 0x30 <= e <= 0x37:
                j = i
                while j < n and j < i + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF)
                i = j
            elif e in (10, 13):
                i += 1
                if e == 13 and i < n and data[i] == 10:
                    i += 1
            else:
                out.append(e)
                i += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), i


def hex_string(data: bytes, i: int) -> tuple[bytes, int]:
    j = data.find(b">", i)
    if j < 0:
        j = len(data)
    h = re.sub(rb"[^0-9A-Fa-f]", b"", data[i + 1:j])
    if len(h) % 2:
        h += b"0"
    return bytes.fromhex(h.decode()), j + 1


def tokens(data: bytes):
    """Content-stream tokens: ('num'|'name'|'str'|'op'|'['|']'|'<<'|'>>', value)."""
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c in WS:
            i += 1
        elif c == 0x25:  # %
            j = data.find(b"\n", i)
            i = n if j < 0 else j + 1
        elif c == 0x28:
            s, i = lit_string(data, i)
            yield "str", s
        elif c == 0x3C:
            if data[i:i + 2] == b"<<":
                yield "<<", None
                i += 2
            else:
                s, i = hex_string(data, i)
                yield "str", s
        elif c == 0x3E:
            if data[i:i + 2] == b">>":
                yield ">>", None
                i += 2
            else:
                i += 1
        elif c in b"[]":
            yield chr(c), None
            i += 1
        elif c in b"{}":
            i += 1
        elif c == 0x2F:
            j = i + 1
            while j < n and data[j] not in WS and data[j] not in DELIM:
                j += 1
            yield "name", data[i + 1:j].decode("latin-1")
            i = j
        else:
            j = i
            while j < n and data[j] not in WS and data[j] not in DELIM:
                j += 1
            if j == i:
                i += 1
                continue
            w = data[i:j]
            i = j
            if re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", w):
                yield "num", float(w)
            else:
                op = w.decode("latin-1")
                yield "op", op
                if op == "ID":  # inline image data: skip to EI
                    m = re.compile(rb"[\s]EI[\s]").search(data, i)
                    i = m.end() if m else n


def shown_strings(data: bytes):
    """(font resource name, string bytes) for every text-showing operand, in order."""
    font = None
    operands = []
    in_array = None
    for typ, val in tokens(data):
        if typ == "[":
            in_array = []
        elif typ == "]":
            operands.append(("arr", in_array or []))
            in_array = None
        elif in_array is not None:
            if typ == "str":
                in_array.append(val)
        elif typ == "op":
            if val == "Tf" and len(operands) >= 2 and operands[-2][0] == "name":
                font = operands[-2][1]
            elif val in ("Tj", "'", '"') and operands and operands[-1][0] == "str":
                yield font, operands[-1][1]
            elif val == "TJ" and operands and operands[-1][0] == "arr":
                for s in operands[-1][1]:
                    yield font, s
            operands = []
        else:
            operands.append((typ, val))


def decode_text_bytes(b: bytes) -> list[str]:
    out = []
    if b[:2] == b"\xfe\xff":
        out.append(b[2:].decode("utf-16-be", "replace"))
    elif b[:2] == b"\xff\xfe":
        out.append(b[2:].decode("utf-16-le", "replace"))
    elif b[:3] == b"\xef\xbb\xbf":
        out.append(b[3:].decode("utf-8", "replace"))
    else:
        for enc in ("utf-8", "shift_jis", "euc_jp"):
            try:
                out.append(b.decode(enc))
            except UnicodeDecodeError:
                pass
        out.append(b.decode("latin-1"))
    return out


def parse_cmap(data: bytes) -> dict[bytes, str]:
    """ToUnicode CMap -> {code bytes: unicode string}."""
    m: dict[bytes, str] = {}
    txt = data

    def u(h: bytes) -> str:
        try:
            return h.decode("utf-16-be")
        except UnicodeDecodeError:
            return ""

    for blk in re.finditer(rb"beginbfchar(.*?)endbfchar", txt, re.S):
        strs = [v for typ, v in tokens(blk.group(1)) if typ == "str"]
        for k in range(0, len(strs) - 1, 2):
            m[strs[k]] = u(strs[k + 1])
    for blk in re.finditer(rb"beginbfrange(.*?)endbfrange", txt, re.S):
        toks = list(tokens(blk.group(1)))
        k = 0
        while k + 2 < len(toks):
            (t1, lo), (t2, hi) = toks[k], toks[k + 1]
            if t1 != "str" or t2 != "str":
                k += 1
                continue
            nb = len(lo)
            a, b = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
            if toks[k + 2][0] == "[":
                j = k + 3
                arr = []
                while j < len(toks) and toks[j][0] != "]":
                    if toks[j][0] == "str":
                        arr.append(toks[j][1])
                    j += 1
                for off, dst in enumerate(arr):
                    if a + off <= b:
                        m[(a + off).to_bytes(nb, "big")] = u(dst)
                k = j + 1
            else:
                dst = toks[k + 2][1]
                if a <= b and b - a < 65536 and isinstance(dst, bytes) and dst:
                    base = int.from_bytes(dst, "big")
                    for off in range(b - a + 1):
                        d = (base + off).to_bytes(len(dst), "big")
                        m[(a + off).to_bytes(nb, "big")] = u(d)
                k += 3
    return m


# =============================================================================
# qpdf --json view of a file
# =============================================================================


class PdfJson:
    def __init__(self, path: str):
        rc, out, err = run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized",
                            path, "-"])
        self.ok = rc in (0, 3)
        self.error = err.decode(errors="replace")[-300:]
        self.objs: dict[str, dict] = {}
        self.top: dict = {}
        if self.ok:
            j = json.loads(out)
            self.top = j
            self.objs = j["qpdf"][1]

    # -- values ------------------------------------------------------------------------
    def get(self, ref):
        """Resolve 'N 0 R' to the object's value (dict/list/scalar) or stream dict."""
        for _ in range(32):
            if isinstance(ref, str) and re.fullmatch(r"\d+ \d+ R", ref):
                o = self.objs.get("obj:" + ref)
                if o is None:
                    return None
                ref = o["value"] if "value" in o else o["stream"]["dict"]
            else:
                return ref
        return None

    def stream_data(self, ref) -> bytes | None:
        if not isinstance(ref, str):
            return None
        o = self.objs.get("obj:" + ref)
        if not o or "stream" not in o or "data" not in o["stream"]:
            return None
        return base64.b64decode(o["stream"]["data"])

    def streams(self):
        for k, o in self.objs.items():
            if k.startswith("obj:") and "stream" in o and "data" in o["stream"]:
                yield k[4:], o["stream"]["dict"], base64.b64decode(o["stream"]["data"])

    def all_strings(self):
        """Every string value of every object, as bytes."""
        def walk(v):
            if isinstance(v, str):
                if v.startswith("u:"):
                    yield v[2:].encode("utf-8"), v[2:]
                elif v.startswith("b:"):
                    try:
                        yield bytes.fromhex(v[2:]), None
                    except ValueError:
                        pass
            elif isinstance(v, list):
                for x in v:
                    yield from walk(x)
            elif isinstance(v, dict):
                for x in v.values():
                    yield from walk(x)
        for k, o in self.objs.items():
            yield from walk(o.get("value") if "value" in o else o.get("stream", {}).get("dict"))

    # -- fonts ---------------------------------------------------------------------------
    def font_maps(self) -> dict[str, dict[bytes, str]]:
        """font object ref -> ToUnicode map (only fonts that have one)."""
        out = {}
        for k, o in self.objs.items():
            v = o.get("value")
            if isinstance(v, dict) and v.get("/Type") == "/Font" and "/ToUnicode" in v:
                data = self.stream_data(v["/ToUnicode"])
                if data:
                    out[k[4:]] = parse_cmap(data)
        return out

    def used_codes(self) -> dict[str, set[bytes]]:
        """font ref -> codes shown by reachable content (pages, forms, appearance streams)."""
        used: dict[str, set[bytes]] = {}
        seen: set[str] = set()

        def code_len(fref) -> int:
            f = self.get(fref) or {}
            return 2 if f.get("/Subtype") == "/Type0" else 1

        def do_content(data: bytes, res: dict, depth=0):
            res = self.get(res) or {}
            fonts = self.get(res.get("/Font")) or {}
            xobjs = self.get(res.get("/XObject")) or {}
            for fname, s in shown_strings(data):
                fref = fonts.get("/" + fname) if fname else None
                if isinstance(fref, str):
                    n = code_len(fref)
                    used.setdefault(fref, set()).update(s[i:i + n] for i in range(0, len(s) - n + 1, n))
            for name in set(re.findall(rb"/([^\s/<>\[\]()]+)\s+Do\b", data)):
                xr = xobjs.get("/" + name.decode("latin-1"))
                do_xobject(xr, res, depth)

        def do_xobject(xr, parent_res, depth):
            if not isinstance(xr, str) or xr in seen or depth > 20:
                return
            seen.add(xr)
            d = self.get(xr) or {}
            if d.get("/Subtype") != "/Form":
                return
            data = self.stream_data(xr) or b""
            do_content(data, d.get("/Resources", parent_res), depth + 1)

        for k, o in self.objs.items():
            v = o.get("value")
            if not (isinstance(v, dict) and v.get("/Type") == "/Page"):
                continue
            res = v.get("/Resources")
            p = v
            while res is None and isinstance(p, dict) and "/Parent" in p:
                p = self.get(p["/Parent"])
                res = p.get("/Resources") if isinstance(p, dict) else None
            contents = v.get("/Contents")
            contents = self.get(contents) if isinstance(contents, str) and \
                isinstance(self.get(contents), list) else contents
            refs = contents if isinstance(contents, list) else [contents]
            data = b"\n".join(self.stream_data(r) or b"" for r in refs)
            do_content(data, res or {})
            for ar in self.get(v.get("/Annots")) or []:
                a = self.get(ar) or {}
                ap = self.get(a.get("/AP")) or {}
                for key in ("/N", "/R", "/D"):
                    st = ap.get(key)
                    if isinstance(st, str):
                        do_xobject(st, {}, 0)
                    elif isinstance(st, dict):
                        for sub in st.values():
                            do_xobject(sub, {}, 0)
        return used


# Stream dictionaries of binary font programs and images: a short name's UTF-16 bytes occur
# in them by chance (two kanji are four bytes), so the byte-form checks skip their bodies.
BINARY_STREAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(Image|CIDFontType0C|Type1C|OpenType)\b")


def is_binary_stream(data: bytes, stream_kw: int) -> bool:
    head = data[max(0, stream_kw - 600):stream_kw]
    dict_start = head.rfind(b"obj")
    return bool(BINARY_STREAM.search(head[dict_start if dict_start >= 0 else 0:]))


def strip_binary_streams(data: bytes) -> bytes:
    """The file with the bodies of font-program and image streams removed."""
    out, pos = [], 0
    for m in re.finditer(rb"stream\r?\n", data):
        if m.start() < pos or not is_binary_stream(data, m.start()):
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        out.append(data[pos:m.end()])
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def raw_streams(data: bytes, skip_binary: bool = False) -> list[bytes]:
    """Every stream body found by scanning the raw file, Flate-decoded where possible."""
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        if skip_binary and is_binary_stream(data, m.start()):
            continue
        body = data[start:end]
        try:
            d = zlib.decompressobj()
            out.append(d.decompress(body) + d.flush())
        except zlib.error:
            out.append(body)
    return out


def value_byte_forms(value: str) -> set[bytes]:
    forms = set()
    for v in {value, unicodedata.normalize("NFKC", value), re.sub(r"\s+", "", value),
              norm(value)}:
        if not v:
            continue
        for enc in ("utf-8", "utf-16-be", "utf-16-le", "shift_jis", "euc_jp"):
            try:
                forms.add(v.encode(enc))
            except UnicodeEncodeError:
                pass
        h = v.encode("utf-16-be").hex()
        forms.add(h.encode())
        forms.add(h.upper().encode())
    return {f for f in forms if len(f) >= 4}


def trailer_dicts(data: bytes) -> list[bytes]:
    """Trailer dictionaries and cross-reference stream dictionaries."""
    out = []

    def dict_at(i):
        depth, j = 0, i
        while j < len(data) - 1:
            if data[j:j + 2] == b"<<":
                depth += 1
                j += 2
            elif data[j:j + 2] == b">>":
                depth -= 1
                j += 2
                if depth == 0:
                    return data[i:j]
            elif data[j] == 0x28:
                _, j = lit_string(data, j)
            else:
                j += 1
        return data[i:]

    for m in re.finditer(rb"trailer\s*<<", data):
        out.append(dict_at(m.end() - 2))
    for m in re.finditer(rb"\d+\s+\d+\s+obj\s*<<", data):
        d = dict_at(m.end() - 2)
        if re.search(rb"/Type\s*/XRef\b", d):
            out.append(d)
    return out


# =============================================================================
# The checks
# =============================================================================


class Result:
    def __init__(self, name, ok, details=None):
        self.name, self.ok, self.details = name, ok, details or []


def load_entry(truth_path: str, name: str) -> dict:
    with open(truth_path, encoding="utf-8") as fh:
        t = json.load(fh)
    files = t["files"] if isinstance(t, dict) else t
    for e in files:
        if e["file"] == name:
            return e
    raise SystemExit(f"{name}: not in {truth_path}")


def ocr_pages(path: str, tmp: str) -> list[str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    rc, _, err = run(["pdftoppm", "-r", "300", "-gray", path, os.path.join(tmp, "pg")], timeout=600)
    if rc != 0:
        raise RuntimeError("pdftoppm failed: " + err.decode(errors="replace")[-200:])
    texts = []
    for f in sorted(os.listdir(tmp)):
        if not f.startswith("pg"):
            continue
        img = os.path.join(tmp, f)
        rc, out, err = run(["tesseract", img, "stdout", "-l", "jpn", "--psm", "4"], timeout=600, env=env)
        t = out.decode("utf-8", "replace")
        if len(norm(t)) < 40:
            rc, out2, _ = run(["tesseract", img, "stdout", "-l", "jpn", "--psm", "6"], timeout=600, env=env)
            t += "\n" + out2.decode("utf-8", "replace")
        texts.append(t)
    return texts


def wordchars(s: str) -> str:
    """OCR comparison: NFKC, letters/digits/kana/kanji only (OCR sprinkles punctuation)."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isalnum())


def digit_runs(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(?<=\d)[\s" + re.escape(HYPHENS) + r"一.．:：()（）]+(?=\d)", "", s)
    return re.findall(r"\d+", s)


def check(entry: dict, original: str, redacted: str, ocr=False, min_keep=0.95) -> tuple[list[Result], dict]:
    results: list[Result] = []
    values = []
    skipped = []
    for p in entry["pii"]:
        key = (p["category"], p["value"])
        if len(norm(p["value"])) < 2:
            skipped.append(p["value"])
        elif key not in values:
            values.append(key)
    hits: dict[tuple, list[str]] = {k: [] for k in values}

    def found(key, check_name, where=""):
        hits[key].append(check_name + (f" [{where}]" if where else ""))

    def pii_result(name, keys_found, extra=None):
        det = [f"{c} {v!r}: {w}" for (c, v), w in keys_found]
        results.append(Result(name, not keys_found, det + (extra or [])))

    with open(redacted, "rb") as fh:
        raw = fh.read()

    # 1. qpdf --check
    rc, out, err = run(["qpdf", "--check", redacted])
    msg = (out + err).decode(errors="replace").strip().splitlines()
    results.append(Result("qpdf --check passes", rc == 0,
                          [] if rc == 0 else [f"exit {rc}"] + msg[-5:]))

    # 2. single revision
    neof = len(re.findall(rb"%%EOF", raw))
    prev = [d[:80] for d in trailer_dicts(raw) if re.search(rb"/Prev\b", d)]
    results.append(Result("single revision (one %%EOF, no /Prev in trailer)", neof == 1 and not prev,
                          [f"%%EOF x{neof}"] + [f"/Prev in {p!r}" for p in prev][:3]))

    # 3. pdftotext
    texts = {}
    kf = []
    for mode in ("-layout", "-raw"):
        rc, out, err = run(["pdftotext", mode, "-enc", "UTF-8", redacted, "-"])
        texts[mode] = out.decode("utf-8", "replace")
    tn = {m: norm(t) for m, t in texts.items()}
    for key in values:
        for mode in texts:
            if text_has(tn[mode], dehy(tn[mode]), key[1]):
                found(key, "pdftotext", mode)
                kf.append((key, "pdftotext " + mode))
                break
    pii_result("no PII in pdftotext -layout / -raw", kf)

    # 4. qdf expansion, byte forms
    kf = []
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "x.qdf")
        rc, _, err = run(["qpdf", "--qdf", "--object-streams=disable", redacted, qdf])
        qbytes = open(qdf, "rb").read() if os.path.exists(qdf) else b""
        qtext = strip_binary_streams(qbytes)
        for key in values:
            for f in value_byte_forms(key[1]):
                if f in qtext:
                    found(key, "qdf bytes", repr(f[:24]))
                    kf.append((key, f"qdf bytes {f[:24]!r}"))
                    break
        pii_result("no PII bytes in qpdf --qdf expansion (UTF-8/UTF-16/hex/SJIS/EUC)", kf,
                   [] if qbytes else ["qpdf --qdf failed: " + err.decode(errors="replace")[-200:]])
        if not qbytes:
            results[-1].ok = False

        # 5. decoded strings via qpdf --json
        pj = PdfJson(redacted)
        kf = []
        strings = []
        for b, u in pj.all_strings():
            strings += [u] if u is not None else decode_text_bytes(b)
        for _, d, data in pj.streams():
            if d.get("/Subtype") in ("/Image",) or "/Length1" in d:
                continue
            strings += decode_text_bytes(data)
            if re.search(rb"\b(Tj|TJ|BDC)\b", data):
                for typ, val in tokens(data):
                    if typ == "str":
                        strings += decode_text_bytes(val)
        sn = [norm(s) for s in strings]
        snd = [dehy(s) for s in sn]
        for key in values:
            for s, sd in zip(sn, snd):
                if text_has(s, sd, key[1]):
                    found(key, "decoded strings")
                    kf.append((key, "decoded PDF string / stream text"))
                    break
        pii_result("no PII in decoded PDF strings and stream text (qpdf --json)", kf,
                   [] if pj.ok else ["qpdf --json failed: " + pj.error])
        if not pj.ok:
            results[-1].ok = False

        # 6. glyph codes
        po = PdfJson(original)
        cmaps = list(po.font_maps().values()) + list(pj.font_maps().values())
        with open(original, "rb") as fh:
            raw_orig = fh.read()
        # CMaps of every revision and of unreferenced objects too (qpdf shows the last revision only)
        cmaps += [parse_cmap(b) for b in raw_streams(raw_orig) + raw_streams(raw)
                  if b"beginbfchar" in b or b"beginbfrange" in b]
        by_char: dict[str, set[bytes]] = {}
        space_codes: set[bytes] = set()
        for m in cmaps:
            for code, u in m.items():
                if not u:
                    continue
                k = unicodedata.normalize("NFKC", u)
                if not k.strip():
                    space_codes.add(code)
                    continue
                by_char.setdefault(k, set()).add(code)
        sp = b"(?:" + b"|".join(re.escape(c) for c in sorted(space_codes)) + b")*" if space_codes else b""
        pats = {}
        for key in values:
            chars = [unicodedata.normalize("NFKC", c) for c in key[1] if not c.isspace()]
            alts = []
            for c in chars:
                codes = by_char.get(c)
                if not codes:
                    alts = None
                    break
                alts.append(b"(?:" + b"|".join(re.escape(x) for x in sorted(codes)) + b")")
            if alts:
                pats[key] = re.compile(sp.join(alts), re.S)
        content_streams = [data for _, d, data in pj.streams()
                           if "/Length1" not in d and d.get("/Subtype") != "/Image"]
        content_streams += raw_streams(raw)
        kf = []
        shown = []
        for data in content_streams:
            if not re.search(rb"\b(Tj|TJ)\b|'|\"", data):
                continue
            try:
                shown.append(b"".join(s for _, s in shown_strings(data)))
            except Exception:  # noqa: BLE001 (a garbage stream must not stop the verdict)
                continue
        for key, pat in pats.items():
            for s in shown:
                if pat.search(s):
                    found(key, "glyph codes")
                    kf.append((key, "glyph codes shown in a content stream"))
                    break
        pii_result("no PII spelled by glyph codes in content streams (original + output ToUnicode)", kf,
                   [f"{len(pats)} of {len(values)} values spellable with the fonts' codes"])

        # 7. raw bytes and every Flate stream in the file (unreferenced objects, old revisions)
        kf = []
        blobs = [strip_binary_streams(raw)] + raw_streams(raw, skip_binary=True)
        for key in values:
            forms = value_byte_forms(key[1])
            hit = None
            for b in blobs:
                for f in forms:
                    if f in b:
                        hit = f
                        break
                if hit:
                    break
            if not hit:
                # strings inside raw streams/object streams, decoded
                for b in blobs[1:]:
                    if b.lstrip()[:1] in (b"<", b"[") or re.search(rb"\bobj\b|/Type", b[:200]):
                        for typ, val in tokens(b):
                            if typ == "str" and any(text_has(norm(x), dehy(norm(x)), key[1])
                                                    for x in decode_text_bytes(val)):
                                hit = b"string"
                                break
                    if hit:
                        break
            if hit:
                found(key, "raw file")
                kf.append((key, f"raw bytes / Flate stream {hit[:24]!r}"))
        pii_result("no PII in raw file bytes incl. all Flate streams (orphans, old revisions)", kf)

        # 8. pdfinfo
        rc, out, _ = run(["pdfinfo", "-enc", "UTF-8", redacted])
        info = out.decode("utf-8", "replace")
        rc2, out2, _ = run(["pdfinfo", "-meta", redacted])
        meta = out2.decode("utf-8", "replace")
        for label, txt in (("pdfinfo", info), ("pdfinfo -meta (XMP)", meta)):
            kf = []
            t = norm(txt)
            for key in values:
                if text_has(t, dehy(t), key[1]):
                    found(key, label)
                    kf.append((key, label))
            pii_result(f"no PII in {label}", kf)

        # 9. attachments
        rc, out, err = run(["pdfdetach", "-list", "-enc", "UTF-8", redacted])
        m = re.search(rb"(\d+) embedded files?", out)
        n = int(m.group(1)) if m else -1
        results.append(Result("no attachments (pdfdetach -list)", n == 0,
                              [out.decode("utf-8", "replace").strip()[:200] or err.decode(errors="replace")[-200:]]))

        # 10. orphan glyphs in subset fonts
        used = pj.used_codes() if pj.ok else {}
        kf, notes = [], []
        for fref, cmap in pj.font_maps().items():
            u = used.get(fref, set())
            by = {}
            for code, s in cmap.items():
                by.setdefault(unicodedata.normalize("NFKC", s), set()).add(code)
            for key in values:
                chars = {unicodedata.normalize("NFKC", c) for c in key[1] if not c.isspace()}
                mapped = [c for c in chars if c in by]
                orphan = [c for c in mapped if not (by[c] & u)]
                if chars and len(mapped) == len(chars) and len(orphan) == len(chars):
                    found(key, "orphan glyphs", fref)
                    kf.append((key, f"font {fref}: all characters mapped, none shown"))
                elif orphan and len(orphan) >= max(2, len(chars) // 2):
                    notes.append(f"note: font {fref} keeps unused glyphs for {len(orphan)}/{len(chars)} "
                                 f"characters of {key[0]} {key[1]!r}")
        pii_result("no subset font whose unused glyphs spell a PII value (ToUnicode)", kf, notes[:6])

        # 11. OCR
        if ocr:
            kf = []
            try:
                pages = ocr_pages(redacted, tmp)
                ot = wordchars("\n".join(pages))
                runs_ = digit_runs("\n".join(pages))
                for key in values:
                    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", key[1]))
                    if len(digits) >= 6:
                        if any(digits in r for r in runs_):
                            found(key, "OCR")
                            kf.append((key, "OCR digits"))
                    elif wordchars(key[1]) and wordchars(key[1]) in ot:
                        found(key, "OCR")
                        kf.append((key, "OCR text"))
                pii_result(f"no PII in OCR of the rendered pages ({len(pages)} pages)", kf)
            except RuntimeError as ex:
                results.append(Result("no PII in OCR of the rendered pages", False, [str(ex)]))

    # 12. keep phrases
    keep = entry.get("keep", [])
    alltext = tn["-layout"] + "\n" + tn["-raw"]
    missing = [k for k in keep if norm(k) not in alltext]
    frac = (len(keep) - len(missing)) / len(keep) if keep else 1.0
    results.append(Result(f"keep phrases readable >= {min_keep:.2f} ({len(keep) - len(missing)}/{len(keep)}"
                          f" = {frac:.2f})", frac >= min_keep, [f"missing {k!r}" for k in missing]))
    if skipped:
        results.append(Result("values too short to search (not checked)", None, [repr(s) for s in skipped]))
    return results, hits


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Independent verdict on a redacted PDF.")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--original", required=True)
    ap.add_argument("--redacted", required=True)
    ap.add_argument("--name", help="file name in truth.json (default: the original's base name)")
    ap.add_argument("--ocr", action="store_true")
    ap.add_argument("--min-keep", type=float, default=0.95)
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    args = ap.parse_args(argv)
    if os.path.isdir(args.original):
        return main_dir(args)
    entry = load_entry(args.truth, args.name or os.path.basename(args.original))
    if not os.path.exists(args.redacted):
        print(f"FAIL  redacted file missing: {args.redacted}")
        print("0 passed, 1 failed")
        return 1
    results, hits = check(entry, args.original, args.redacted, args.ocr, args.min_keep)
    passed = sum(1 for r in results if r.ok is True)
    failed = sum(1 for r in results if r.ok is False)
    if args.json:
        print(json.dumps({"file": entry["file"], "passed": passed, "failed": failed,
                          "results": [{"name": r.name, "ok": r.ok, "details": r.details} for r in results],
                          "hits": [{"category": c, "value": v, "found_by": h} for (c, v), h in hits.items()]},
                         ensure_ascii=False, indent=1))
    else:
        print(f"{entry['file']}: {args.redacted}")
        for r in results:
            tag = "PASS" if r.ok else ("FAIL" if r.ok is False else "INFO")
            print(f"{tag}  {r.name}")
            for d in r.details[:12]:
                print(f"        {d}")
            if len(r.details) > 12:
                print(f"        ... {len(r.details) - 12} more")
        print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main_dir(args) -> int:
    """--original DIR --redacted OUTDIR: every file of truth.json; one summary line each."""
    with open(args.truth, encoding="utf-8") as fh:
        t = json.load(fh)
    files = t["files"] if isinstance(t, dict) else t
    total_fail = 0
    for e in files:
        red = os.path.join(args.redacted, e["file"])
        if not os.path.exists(red):
            print(f"FAIL  {e['file']}: no redacted output")
            total_fail += 1
            continue
        results, _ = check(e, os.path.join(args.original, e["file"]), red, args.ocr, args.min_keep)
        bad = [r for r in results if r.ok is False]
        print(f"{'PASS' if not bad else 'FAIL'}  {e['file']}: "
              f"{sum(1 for r in results if r.ok)} passed, {len(bad)} failed")
        for r in bad:
            print(f"        {r.name}")
            for d in r.details[:4]:
                print(f"            {d}")
        total_fail += bool(bad)
    print(f"{len(files) - total_fail} passed, {total_fail} failed")
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
