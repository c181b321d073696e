#!/usr/bin/env python3
"""Independent verdict on a redacted scan (PDF, TIFF, PNG or JPEG).

    python3 tests/scan/check_scan_redacted.py --truth DIR/truth.json --original DIR/x.pdf \\
        --redacted OUT/x.pdf [--min-keep 0.9] [--json]
    python3 tests/scan/check_scan_redacted.py --truth DIR/truth.json --original DIR --redacted OUTDIR
    python3 tests/scan/check_scan_redacted.py --truth DIR/truth.json --self-test [--work W]

Never uses the project's own code: Pillow, poppler-utils (pdftoppm, pdftotext, pdfinfo,
pdfimages), qpdf and tesseract only.  The ground truth comes from
``samples/scan/gen_scan_samples.py``: per file the PII values with their pixel boxes
(``[page, x0, y0, x1, y1]`` in the page image at the file's ``dpi``), the ``keep``
phrases, and the file's format/codec.

Checks (each printed as PASS/FAIL/INFO, then ``N passed, M failed``; exit 1 on FAIL):

 (i)   the output opens: ``qpdf --check`` exits 0 for a PDF (warnings fail), Pillow
       decodes every frame of an image file; same format, same page count, and every
       page has the original's pixel size (PDF pages rendered at the file's dpi).
 (ii)  pixels: for every truth box, shrunk by 5 % of its size on each side (at least
       2 px), on the output rendered at the file's dpi (or the image itself):
         solid   = dark fill: pixels < 110 that belong to a solid k x k dark area
                   (morphological opening, k = dpi/20 rounded to odd: 15 px at 300 dpi)
         covered = |solid| / |box|
         left    = pixels dark in the original (< 128) that are still dark in the
                   output (< 160) and are not part of the solid fill; plus, when there
                   are many, original ink pixels that turned light inside a mostly dark
                   area (an inverted / XOR burn shows the value white on black)
       A box passes when left == 0, or (printed values only) covered >= 0.95.
       Hand-filled values (``"hand": true``) must keep NONE of their original ink.
 (iii) OCR: ``tesseract -l jpn`` with ``--psm 4`` and ``--psm 6`` on a 300 dpi rendering
       of every page (image files are resampled to 300 dpi) reads none of the PII
       values.  Solid dark fills (>= 12 px square) are painted white before OCR, on the
       original and the output alike: a black box hides nothing but disturbs tesseract's
       line finding (it lost keep phrases on lines without any PII); ink left around a
       box stays visible to the OCR.  Every value is also searched as its letters and
       digits (a date 平成11年11月19日 has 6 digits, but 年/月 split the digit run).  Comparison after NFKC with everything but letters and digits removed;
       values with >= 6 digits are compared as digit runs (separators between digits
       dropped from the OCR text).  Values of >= 6 letters/digits also count as read
       with one edit per 6 characters (OCR drops or swaps a character: 1975年8月26日
       read as 1975年8月26目 is still a leak).
 (iv)  text channels: ``pdftotext`` (-layout and -raw), ``pdfinfo`` and ``pdfinfo -meta``
       of a PDF, or the metadata of an image file (PNG text chunks, TIFF ASCII tags,
       JPEG comment/EXIF), contain no PII value of any channel; the image codec class is
       unchanged (``pdfimages -list`` encodings page by page for a PDF, TIFF compression
       per frame, PNG stays PNG, JPEG stays JPEG); output size <= 1.3 x input size.
 (v)   keep: of the keep phrases that the ORIGINAL yields (page OCR psm 4/6, pdftotext
       for a text layer, or OCR of the phrase's own box from ``keep_boxes`` as one line,
       psm 7), at least --min-keep are still read in the output the same ways.  The
       line-by-line OCR is only tried for phrases the page OCR misses: tesseract's layout
       analysis of a ruled form changes once value cells are empty and then drops
       labels whose pixels are untouched.  OCR matching
       allows one edit per 8 characters of a phrase (letters/digits only, NFKC), because
       tesseract changes single characters between two encodings of the same page.

--self-test runs the checker on every original of truth.json (it must FAIL, and every
single truth box must contain original ink), checks that two faulty burns (painting only
the left 60 % of every box; inverting the box pixels) fail the pixel check for every
value, then burns the truth boxes itself (black
rectangles with Pillow, re-encoded in the same codec class: G4 stays G4, JPEG q75,
PNG; a PDF page that is one full-page image is burned in that image's own pixels, other
pages are rendered at the file's dpi; the PDF is rebuilt with img2pdf, without any text
layer) and checks that copy
(it must PASS).  It also reports how many PII values tesseract reads on the originals.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageSequence, TiffImagePlugin
except ImportError:  # pyenv python in PATH: use Debian's python3-pil
    sys.path.append("/usr/lib/python3/dist-packages")
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageSequence, TiffImagePlugin

Image.MAX_IMAGE_PIXELS = 200_000_000

HYPHENS = "-‐‑‒–—―−ーｰ－﹣⁃"
_HY = re.compile("[" + re.escape(HYPHENS) + "]")
ORIG_INK, OUT_INK, FILL = 128, 160, 110
JOBS = max(1, os.cpu_count() or 1)


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def dehy(s: str) -> str:
    return _HY.sub("", s)


def wordchars(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isalnum()).lower()


def digit_runs(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(?<=\d)[\s" + re.escape(HYPHENS) + r"一.．:：()（）,、]+(?=\d)", "", s)
    return re.findall(r"\d+", s)


def digits_of(s: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))


def run(cmd, timeout=600, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        return p.returncode, p.stdout, p.stderr
    except FileNotFoundError:
        return 127, b"", f"{cmd[0]}: not installed".encode()
    except subprocess.TimeoutExpired:
        return 124, b"", b"timeout"


class Result:
    def __init__(self, name, ok, details=None):
        self.name, self.ok, self.details = name, ok, details or []


def is_pdf(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(5) == b"%PDF-"


def sha(path: str) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for b in iter(lambda: fh.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


# =============================================================================
# Pages as gray images
# =============================================================================

def render_pdf(path: str, dpi: int, tmp: str, tag: str) -> list[Image.Image]:
    d = tempfile.mkdtemp(prefix=tag, dir=tmp)
    rc, _, err = run(["pdftoppm", "-r", str(dpi), "-gray", path, os.path.join(d, "p")])
    if rc != 0:
        raise RuntimeError("pdftoppm failed: " + err.decode(errors="replace")[-200:])
    out = []
    for f in sorted(glob.glob(os.path.join(d, "p*.pgm")), key=lambda p: int(re.findall(r"(\d+)\.pgm$", p)[0])):
        im = Image.open(f)
        im.load()
        out.append(im)
    shutil.rmtree(d, ignore_errors=True)
    return out


def image_frames(path: str) -> tuple[list[Image.Image], dict]:
    im = Image.open(path)
    meta = {"format": im.format, "frames": [], "text": []}
    frames = []
    for fr in ImageSequence.Iterator(im):
        fr.load()
        meta["frames"].append({"mode": fr.mode, "size": fr.size, "compression": fr.info.get("compression")})
        meta["text"] += image_text_meta(fr)
        frames.append(fr.convert("L"))
    return frames, meta


def image_text_meta(im) -> list[str]:
    out = []
    for k, v in (im.info or {}).items():
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        if isinstance(v, str):
            out.append(f"{k}={v}")
    if getattr(im, "text", None):
        out += [f"{k}={v}" for k, v in im.text.items()]
    tags = getattr(im, "tag_v2", None)
    if tags:
        for k, v in tags.items():
            if isinstance(v, bytes):
                v = v.decode("utf-8", "replace")
            if isinstance(v, str):
                out.append(f"tag{k}={v}")
    try:
        ex = im.getexif()
        for k, v in ex.items():
            if isinstance(v, bytes):
                v = v.decode("utf-8", "replace")
            if isinstance(v, str):
                out.append(f"exif{k}={v}")
    except Exception:  # noqa: BLE001
        pass
    return out


class Doc:
    """One file: pages (gray, at the truth dpi), plus what the text tools say."""

    def __init__(self, path: str, dpi: int, tmp: str):
        self.path, self.dpi, self.tmp = path, dpi, tmp
        self.pdf = is_pdf(path)
        self.meta = {}
        self.error = None
        try:
            if self.pdf:
                self.pages = render_pdf(path, dpi, tmp, "r")
            else:
                self.pages, self.meta = image_frames(path)
        except Exception as ex:  # noqa: BLE001
            self.pages, self.error = [], f"{type(ex).__name__}: {ex}"

    def pages300(self) -> list[Image.Image]:
        if not hasattr(self, "_p300"):
            if self.pdf and self.dpi != 300:
                self._p300 = render_pdf(self.path, 300, self.tmp, "o")
            elif self.pdf:
                self._p300 = self.pages
            else:
                self._p300 = [im if self.dpi == 300 else
                              im.resize((round(im.width * 300 / self.dpi), round(im.height * 300 / self.dpi)),
                                        Image.LANCZOS) for im in self.pages]
        return self._p300

    def ocr_images(self) -> list[str]:
        """Paths of every page at 300 dpi, as PGM (tesseract reads PNM; PNG encoding of a
        noisy page costs more than the OCR)."""
        d = tempfile.mkdtemp(prefix="ocr", dir=self.tmp)
        out = []
        for i, im in enumerate(self.pages300()):
            p = os.path.join(d, f"p{i + 1}.pgm")
            unfill(im).save(p, "PPM")
            out.append(p)
        return out


def unfill(im: Image.Image) -> Image.Image:
    """The page with solid dark fills (>= 12 px square at 300 dpi) painted white.

    A black redaction box hides nothing, but it upsets tesseract's line finding and can
    cost readable text elsewhere on the page; white boxes do not.  The ink a redactor
    left around a box stays, so this makes the PII search stronger, not weaker."""
    im = im.convert("L")
    small = im.reduce(4)
    dark = small.point(lambda v: 255 if v < 60 else 0)
    solid = dark.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    if not solid.getbbox():
        return im
    solid = solid.filter(ImageFilter.MaxFilter(3)).resize(im.size, Image.NEAREST)
    out = im.copy()
    out.paste(255, (0, 0), solid)
    return out


# =============================================================================
# OCR (memoised per file content)
# =============================================================================

_OCR_MEMO: dict[str, list[str]] = {}


def tesseract(img: str, psm: int) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    rc, out, err = run(["tesseract", img, "stdout", "-l", "jpn", "--psm", str(psm)], env=env)
    if rc != 0:
        raise RuntimeError(f"tesseract failed (psm {psm}): " + err.decode(errors="replace")[-200:])
    return out.decode("utf-8", "replace")


def ocr_doc(doc: Doc) -> list[str]:
    """Per page: psm 4 text + '\\n' + psm 6 text."""
    key = sha(doc.path)
    if key in _OCR_MEMO:
        return _OCR_MEMO[key]
    imgs = doc.ocr_images()
    jobs = [(i, psm) for i in range(len(imgs)) for psm in (4, 6)]
    with cf.ThreadPoolExecutor(JOBS) as ex:
        res = dict(zip(jobs, ex.map(lambda j: tesseract(imgs[j[0]], j[1]), jobs)))
    texts = [res[(i, 4)] + "\n" + res[(i, 6)] for i in range(len(imgs))]
    for p in imgs:
        os.remove(p)
    _OCR_MEMO[key] = texts
    return texts


def ocr_finds(value: str, ocr_all: str, runs: list[str], ocr_wc: str) -> bool:
    """Values with >= 6 digits: as a digit run (separators between digits dropped); every
    value also as its letters and digits (a date 平成11年11月19日 has 6 digits but 年/月
    break the run)."""
    dg = digits_of(value)
    if len(dg) >= 6 and any(dg in r for r in runs):
        return True
    w = wordchars(value)
    if len(w) < 2:
        return False
    return w in ocr_wc or (len(w) >= 6 and approx_in(w, ocr_wc, len(w) // 6))


# =============================================================================
# Text channels
# =============================================================================

def pdf_text(path: str) -> str:
    out = []
    for mode in ("-layout", "-raw"):
        rc, o, _ = run(["pdftotext", mode, "-enc", "UTF-8", path, "-"])
        out.append(o.decode("utf-8", "replace"))
    return "\n".join(out)


def pdf_meta(path: str) -> str:
    out = []
    for args in (["pdfinfo", "-enc", "UTF-8"], ["pdfinfo", "-meta"]):
        rc, o, _ = run(args + [path])
        out.append(o.decode("utf-8", "replace"))
    return "\n".join(out)


def pdf_image_list(path: str) -> dict[int, list[tuple[str, int, int]]] | None:
    """page -> [(encoding, width, height)] from pdfimages -list."""
    rc, o, _ = run(["pdfimages", "-list", path])
    if rc != 0:
        return None
    pages: dict[int, list] = {}
    for ln in o.decode("utf-8", "replace").splitlines()[2:]:
        f = ln.split()
        if len(f) >= 9 and f[0].isdigit():
            pages.setdefault(int(f[0]), []).append((f[8], int(f[3]), int(f[4])))
    return pages


def pdf_image_codecs(path: str) -> list[list[str]] | None:
    pages = pdf_image_list(path)
    if pages is None:
        return None
    return [sorted({e for e, _, _ in pages[k]}) for k in sorted(pages)]


def pdf_pages(path: str) -> int | None:
    rc, o, _ = run(["qpdf", "--show-npages", path])
    return int(o) if rc == 0 and o.strip().isdigit() else None


def text_has(text: str, value: str) -> bool:
    t, v = norm(text).lower(), norm(value).lower()
    if not v:
        return False
    if v in t or (dehy(v) and dehy(v) in dehy(t)):
        return True
    dg = digits_of(value)
    return len(dg) >= 6 and any(dg in r for r in digit_runs(text))


# =============================================================================
# Pixel check
# =============================================================================

def odd(n: int) -> int:
    n = max(3, int(round(n)))
    return n if n % 2 else n + 1


def box_verdict(orig: Image.Image, out: Image.Image, box, dpi: int) -> tuple[float, int, int]:
    """(covered, left, orig_ink) for one box [x0, y0, x1, y1]."""
    x0, y0, x1, y1 = box
    mx = max(2, int(0.05 * (x1 - x0)))
    my = max(2, int(0.05 * (y1 - y0)))
    x0, y0, x1, y1 = x0 + mx, y0 + my, x1 - mx, y1 - my
    W, H = out.size
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(W, x1), min(H, y1)
    if x1 <= x0 or y1 <= y0:
        return 1.0, 0, 0
    k = odd(dpi / 20)
    m = k
    cx0, cy0, cx1, cy1 = max(0, x0 - m), max(0, y0 - m), min(W, x1 + m), min(H, y1 + m)
    fill = out.crop((cx0, cy0, cx1, cy1)).point(lambda v: 255 if v < FILL else 0)
    solid = fill.filter(ImageFilter.MinFilter(k)).filter(ImageFilter.MaxFilter(k))
    inner = (x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0)
    solid = solid.crop(inner)
    area = (x1 - x0) * (y1 - y0)
    covered = solid.histogram()[255] / area
    oi = orig.crop((x0, y0, x1, y1)).point(lambda v: 255 if v < ORIG_INK else 0)
    oo = out.crop((x0, y0, x1, y1)).point(lambda v: 255 if v < OUT_INK else 0)
    left = ImageChops.darker(ImageChops.darker(oi, oo), ImageChops.invert(solid))
    # inverted ink: original ink that turned light inside a mostly dark area (a burn that
    # XORs or inverts pixels leaves the value readable as white on black)
    dense = fill.filter(ImageFilter.BoxBlur(k)).crop(inner).point(lambda v: 255 if v >= 160 else 0)
    light = out.crop((x0, y0, x1, y1)).point(lambda v: 255 if v >= OUT_INK else 0)
    ghost = ImageChops.darker(ImageChops.darker(oi, light), dense).histogram()[255]
    n_ink = oi.histogram()[255]
    if n_ink and ghost > max(20, 0.1 * n_ink):
        left = ImageChops.lighter(left, ImageChops.darker(ImageChops.darker(oi, light), dense))
    return covered, left.histogram()[255], n_ink


# =============================================================================
# The check
# =============================================================================

def load_truth(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def find_entry(truth: dict, name: str) -> dict:
    for e in truth["files"]:
        if e["file"] == name:
            return e
    raise SystemExit(f"{name}: not in truth.json")


def approx_in(pat: str, text: str, errors: int) -> bool:
    """Is `pat` a substring of `text` with at most `errors` edits (Sellers' algorithm)?"""
    if pat in text:
        return True
    if errors <= 0 or not pat:
        return False
    m = len(pat)
    prev = list(range(m + 1))
    for ch in text:
        cur = [0]
        for j in range(1, m + 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pat[j - 1] != ch)))
        if cur[m] <= errors:
            return True
        prev = cur
    return False


_REGION_MEMO: dict = {}


def region_text(doc: Doc, boxes) -> str:
    """tesseract --psm 7 (one line) on each box of a phrase (output grid at the file's dpi),
    cropped from the 300 dpi page with solid fills painted white; texts joined."""
    key = (sha(doc.path), json.dumps(boxes))
    if key in _REGION_MEMO:
        return _REGION_MEMO[key]
    f = 300 / doc.dpi
    pages = doc.pages300()
    paths = []
    d = tempfile.mkdtemp(prefix="kr", dir=doc.tmp)
    for n, b in enumerate(boxes):
        if b[0] > len(pages):
            continue
        im = pages[b[0] - 1]
        x0, y0, x1, y1 = (round(v * f) for v in b[1:])
        m = 12
        crop = unfill(im.crop((max(0, x0 - m), max(0, y0 - m), min(im.width, x1 + m), min(im.height, y1 + m))))
        p = os.path.join(d, f"k{n}.pgm")
        crop.save(p, "PPM")
        paths.append(p)
    with cf.ThreadPoolExecutor(JOBS) as ex:
        texts = list(ex.map(lambda p: tesseract(p, 7), paths))
    shutil.rmtree(d, ignore_errors=True)
    _REGION_MEMO[key] = "".join(texts)
    return _REGION_MEMO[key]


def keep_read(entry, texts_ocr: list[str], pdftext: str, doc: Doc | None = None,
              only: set | None = None) -> tuple[set[str], set[str]]:
    """(phrases read by page OCR or pdftotext, phrases read only by region OCR).
    Region OCR (psm 7 on the phrase's truth box) is tried for the phrases in `only`
    (default: all) that the page OCR missed."""
    page = keep_read_page(entry, texts_ocr, pdftext)
    region = set()
    if doc is not None:
        kb = entry.get("keep_boxes", {})
        for k in entry["keep"]:
            if k in page or k not in kb or (only is not None and k not in only):
                continue
            w = wordchars(k)
            if w and approx_in(w, wordchars(region_text(doc, kb[k])), len(w) // 8):
                region.add(k)
    return page, region


def keep_read_page(entry, texts_ocr: list[str], pdftext: str) -> set[str]:
    """Keep phrases found in the OCR text (one edit allowed per 8 characters: tesseract
    flips single characters between two renderings of the same line) or in pdftotext."""
    wc = wordchars("\n".join(texts_ocr))
    nt = norm(pdftext)
    out = set()
    for k in entry["keep"]:
        w = wordchars(k)
        if (nt and norm(k) in nt) or (w and approx_in(w, wc, len(w) // 8)):
            out.add(k)
    return out


def check(entry: dict, original: str, redacted: str, min_keep=0.9, tmp=None) -> tuple[list[Result], dict]:
    own_tmp = tmp is None
    tmp = tmp or tempfile.mkdtemp(prefix="scanchk")
    results: list[Result] = []
    info = {"ocr_found": [], "boxes_without_ink": []}
    dpi = entry["dpi"]
    try:
        # (i) opens, same format/page count/pixel size
        O = Doc(original, dpi, tmp)
        R = Doc(redacted, dpi, tmp)
        det = []
        ok = R.error is None and O.error is None
        if R.error:
            det.append("output: " + R.error)
        if O.error:
            det.append("original: " + O.error)
        if R.pdf != O.pdf:
            ok = False
            det.append("output is " + ("a PDF" if R.pdf else "not a PDF") + ", the original is not")
        if R.pdf and ok:
            rc, o, e = run(["qpdf", "--check", redacted])
            if rc != 0:
                ok = False
                det.append(f"qpdf --check exit {rc}: " + (o + e).decode(errors="replace").strip()[-200:])
        if not R.pdf and ok and R.meta.get("format") != O.meta.get("format"):
            ok = False
            det.append(f"format {R.meta.get('format')} != {O.meta.get('format')}")
        if ok and len(R.pages) != len(O.pages):
            ok = False
            det.append(f"{len(R.pages)} pages, original {len(O.pages)}")
        if ok and len(O.pages) != entry["pages"]:
            det.append(f"note: original has {len(O.pages)} pages, truth says {entry['pages']}")
        sizes_ok = ok
        if ok:
            for i, (a, b) in enumerate(zip(O.pages, R.pages)):
                if a.size != b.size:
                    sizes_ok = ok = False
                    det.append(f"page {i + 1}: {b.size[0]}x{b.size[1]} px, original {a.size[0]}x{a.size[1]}")
        results.append(Result(f"output opens; same format, page count and pixel size at {dpi} dpi", ok, det))

        # (ii) pixels
        values = [p for p in entry["pii"] if p.get("channel") == "page" and p.get("boxes")]
        if sizes_ok:
            bad = []
            nbox = 0
            for p in values:
                for b in p["boxes"]:
                    nbox += 1
                    pg = b[0] - 1
                    cov, left, oink = box_verdict(O.pages[pg], R.pages[pg], b[1:], dpi)
                    if oink == 0:
                        info["boxes_without_ink"].append((p["category"], p["value"], b))
                    passed = left == 0 or (not p.get("hand") and cov >= 0.95)
                    if not passed:
                        bad.append(f"p{b[0]} {p['category']} {p['value']!r} {'hand' if p.get('hand') else 'print'} "
                                   f"box {b[1:]}: covered {cov:.0%}, {left} px of original ink left")
            results.append(Result(f"pixels: no original ink left in the PII boxes ({nbox} boxes, "
                                  f"{len(values)} values)", not bad, bad))
        else:
            results.append(Result("pixels: no original ink left in the PII boxes", False,
                                  ["not checked: pages differ in count or size"]))

        # (iii) OCR
        try:
            texts = ocr_doc(R)
            allt = "\n".join(texts)
            runs_, wc = digit_runs(allt), wordchars(allt)
            found = [p for p in dict(((p["category"], p["value"]), p) for p in values).values()
                     if ocr_finds(p["value"], allt, runs_, wc)]
            info["ocr_found"] = [(p["category"], p["value"]) for p in found]
            results.append(Result(f"OCR (tesseract jpn, psm 4 + 6, 300 dpi) reads no PII value "
                                  f"({len(texts)} pages)", not found,
                                  [f"{p['category']} {p['value']!r}" for p in found]))
        except RuntimeError as ex:
            texts = []
            results.append(Result("OCR reads no PII value", False, [str(ex)]))

        # (iv) text channels, codec class, size
        allv = list(dict(((p["category"], p["value"]), p) for p in entry["pii"]).values())
        if R.pdf:
            tx = pdf_text(redacted)
            mt = pdf_meta(redacted)
            hits = [f"{p['category']} {p['value']!r} in pdftotext" for p in allv if text_has(tx, p["value"])]
            hits += [f"{p['category']} {p['value']!r} in pdfinfo/XMP" for p in allv if text_has(mt, p["value"])]
            results.append(Result("text channels: pdftotext, pdfinfo, XMP carry no PII", not hits, hits))
            ci, co = pdf_image_codecs(original), pdf_image_codecs(redacted)
            results.append(Result(f"image codec class kept (pdfimages: {fmt_codecs(ci)} -> {fmt_codecs(co)})",
                                  ci is not None and ci == co,
                                  [] if ci == co else [f"original {ci}", f"output {co}"]))
        else:
            tx = ""
            mt = "\n".join(R.meta.get("text", []))
            hits = [f"{p['category']} {p['value']!r} in image metadata" for p in allv if text_has(mt, p["value"])]
            results.append(Result("text channels: image metadata (PNG text, TIFF tags, EXIF, comment) carry no PII",
                                  not hits, hits))
            oc = [f.get("compression") for f in O.meta.get("frames", [])]
            rcm = [f.get("compression") for f in R.meta.get("frames", [])]
            same = R.meta.get("format") == O.meta.get("format") and oc == rcm
            results.append(Result(f"image codec class kept ({O.meta.get('format')} {sorted(set(map(str, oc)))} -> "
                                  f"{R.meta.get('format')} {sorted(set(map(str, rcm)))})", same))
        so, sr = os.path.getsize(original), os.path.getsize(redacted)
        results.append(Result(f"size {sr / 1024:.0f} KB <= 1.3 x {so / 1024:.0f} KB", sr <= 1.3 * so))

        # (v) keep phrases, relative to what the original yields
        try:
            otexts = ocr_doc(O)
            otx = pdf_text(original) if O.pdf else ""
            bp, br = keep_read(entry, otexts, otx, O)
            base = bp | br
            np_, nr = keep_read(entry, texts, tx, R, only=base)
            now = np_ | nr
            kept = base & now
            lost = sorted(base - now)
            if base:
                frac = len(kept) / len(base)
                results.append(Result(f"keep phrases still read >= {min_keep:.2f} ({len(kept)}/{len(base)} = {frac:.2f}, "
                                      f"{len(kept & nr)} of them only line by line; "
                                      f"{len(entry['keep']) - len(base)} of {len(entry['keep'])} unreadable in the original)",
                                      frac >= min_keep, [f"lost {k!r}" for k in lost]))
            else:
                results.append(Result(f"keep phrases: none of {len(entry['keep'])} is read in the original "
                                      f"(not checked)", None))
            info["keep_original"] = sorted(base)
            info["ocr_original_found"] = [(p["category"], p["value"]) for p in
                                          dict(((p["category"], p["value"]), p) for p in values).values()
                                          if ocr_finds(p["value"], "\n".join(otexts), digit_runs("\n".join(otexts)),
                                                       wordchars("\n".join(otexts)))]
        except RuntimeError as ex:
            results.append(Result("keep phrases", False, [str(ex)]))
    finally:
        if own_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return results, info


def fmt_codecs(c) -> str:
    if c is None:
        return "?"
    return ",".join("+".join(x) for x in c)


# =============================================================================
# Burning the truth boxes (positive control for --self-test)
# =============================================================================

def burn(entry: dict, original: str, out: str, tmp: str):
    dpi = entry["dpi"]
    boxes: dict[int, list] = {}
    for p in entry["pii"]:
        for b in p.get("boxes", []):
            boxes.setdefault(b[0], []).append(b[1:])

    def paint(im, page):
        d = ImageDraw.Draw(im)
        for b in boxes.get(page, []):
            d.rectangle([b[0], b[1], b[2] - 1, b[3] - 1], fill=0)
        return im

    if not is_pdf(original):
        src = Image.open(original)
        fmt = src.format
        frames = []
        for i, fr in enumerate(ImageSequence.Iterator(src)):
            fr.load()
            frames.append(paint(fr.copy(), i + 1))
        if fmt == "TIFF":
            comp = src.info.get("compression", "group4")
            frames[0].save(out, "TIFF", compression=comp, dpi=(dpi, dpi), save_all=True, append_images=frames[1:])
        elif fmt == "PNG":
            frames[0].save(out, "PNG", dpi=(dpi, dpi), optimize=True)
        elif fmt == "JPEG":
            frames[0].save(out, "JPEG", quality=75, dpi=(dpi, dpi), optimize=True)
        else:
            raise RuntimeError(f"cannot re-encode {fmt}")
        return
    try:
        import img2pdf
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        import img2pdf
    images = pdf_image_list(original) or {}
    pages = render_pdf(original, dpi, tmp, "b")
    blobs = []
    for i, im in enumerate(pages):
        lst = images.get(i + 1, [])
        enc = sorted({e for e, _, _ in lst}) or ["jpeg"]
        if len(lst) == 1 and abs(lst[0][1] - im.width) <= 2 and abs(lst[0][2] - im.height) <= 2:
            # one full-page image: take its own pixels (a rendering smooths 1-bit images)
            d = tempfile.mkdtemp(prefix="x", dir=tmp)
            run(["pdfimages", "-f", str(i + 1), "-l", str(i + 1), "-png", original, os.path.join(d, "i")])
            got = glob.glob(os.path.join(d, "i*.png"))
            if got:
                im = Image.open(got[0]).convert("L")
            shutil.rmtree(d, ignore_errors=True)
        paint(im, i + 1)
        b = io.BytesIO()
        if "ccitt" in enc:
            old = TiffImagePlugin.STRIP_SIZE
            TiffImagePlugin.STRIP_SIZE = 1 << 24
            try:
                im.point(lambda v: 255 if v >= 128 else 0, "1").save(b, "TIFF", compression="group4", dpi=(dpi, dpi))
            finally:
                TiffImagePlugin.STRIP_SIZE = old
        else:
            im.save(b, "JPEG", quality=75, dpi=(dpi, dpi), optimize=True)
        blobs.append(b.getvalue())
    with open(out, "wb") as fh:
        fh.write(img2pdf.convert(blobs, nodate=True, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))))


# =============================================================================
# CLI
# =============================================================================

def print_results(name, redacted, results):
    print(f"{name}: {redacted}")
    for r in results:
        tag = "PASS" if r.ok else ("FAIL" if r.ok is False else "INFO")
        print(f"{tag}  {r.name}")
        for d in r.details[:12]:
            print(f"        {d}")
        if len(r.details) > 12:
            print(f"        ... {len(r.details) - 12} more")


def counts(results):
    return sum(1 for r in results if r.ok is True), sum(1 for r in results if r.ok is False)


def main_one(args, truth) -> int:
    entry = find_entry(truth, args.name or os.path.basename(args.original))
    if not os.path.exists(args.redacted):
        print(f"FAIL  redacted file missing: {args.redacted}")
        print("0 passed, 1 failed")
        return 1
    results, info = check(entry, args.original, args.redacted, args.min_keep)
    passed, failed = counts(results)
    if args.json:
        print(json.dumps({"file": entry["file"], "passed": passed, "failed": failed,
                          "results": [{"name": r.name, "ok": r.ok, "details": r.details} for r in results],
                          "ocr_found": info["ocr_found"]}, ensure_ascii=False, indent=1))
    else:
        print_results(entry["file"], args.redacted, results)
        print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main_dir(args, truth) -> int:
    total_fail = 0
    for e in truth["files"]:
        red = os.path.join(args.redacted, e["file"])
        if not os.path.exists(red):
            print(f"FAIL  {e['file']}: no redacted output")
            total_fail += 1
            continue
        results, _ = check(e, os.path.join(args.original, e["file"]), red, args.min_keep)
        p, f = counts(results)
        print(f"{'PASS' if not f else 'FAIL'}  {e['file']}: {p} passed, {f} failed")
        for r in results:
            if r.ok is False:
                print(f"        {r.name}")
                for d in r.details[:4]:
                    print(f"            {d}")
        total_fail += bool(f)
    n = len(truth["files"])
    print(f"{n - total_fail} passed, {total_fail} failed")
    return 1 if total_fail else 0


def bad_burn_misses(entry: dict, original: str, tmp: str, how: str) -> list[str]:
    """Values whose boxes all still pass (ii) after a faulty burn: `partial` paints only
    the left 60 % of each box, `invert` inverts the box pixels."""
    doc = Doc(original, entry["dpi"], tmp)
    out = [im.copy() for im in doc.pages]
    vals = [p for p in entry["pii"] if p.get("channel") == "page" and p.get("boxes")]
    for p in vals:
        for b in p["boxes"]:
            x0, y0, x1, y1 = b[1:]
            im = out[b[0] - 1]
            if how == "partial":
                ImageDraw.Draw(im).rectangle([x0, y0, x0 + int(0.6 * (x1 - x0)), y1 - 1], fill=0)
            else:
                im.paste(ImageChops.invert(doc.pages[b[0] - 1].crop((x0, y0, x1, y1))), (x0, y0))
    miss = []
    for p in vals:
        verdicts = []
        for b in p["boxes"]:
            cov, left, _ = box_verdict(doc.pages[b[0] - 1], out[b[0] - 1], b[1:], entry["dpi"])
            verdicts.append(left == 0 or (not p.get("hand") and cov >= 0.95))
        if all(verdicts):
            miss.append(p["value"])
    return miss


def self_test(args, truth) -> int:
    d = os.path.dirname(os.path.abspath(args.truth))
    work = args.work or tempfile.mkdtemp(prefix="scan_selftest")
    os.makedirs(work, exist_ok=True)
    files = truth["files"]
    if args.only:
        want = set(args.only.split(","))
        files = [e for e in files if e["file"] in want]
    passed = failed = 0
    ocr_tot = ocr_read = 0
    t0 = time.time()

    def note(ok, msg):
        nonlocal passed, failed
        print(f"{'PASS' if ok else 'FAIL'}  {msg}")
        if ok:
            passed += 1
        else:
            failed += 1

    for e in files:
        t1 = time.time()
        orig = os.path.join(d, e["file"])
        res, info = check(e, orig, orig, args.min_keep)
        fails = [r.name for r in res if r.ok is False]
        note(bool(fails), f"{e['file']}: the unredacted original fails ({len(fails)} checks failed)")
        nbox = sum(len(p["boxes"]) for p in e["pii"] if p["channel"] == "page")
        note(not info["boxes_without_ink"], f"{e['file']}: every truth box holds original ink "
                                             f"({nbox - len(info['boxes_without_ink'])}/{nbox})")
        for c, v, b in info["boxes_without_ink"][:5]:
            print(f"        no ink: {c} {v!r} {b}")
        vals = {(p["category"], p["value"]) for p in e["pii"] if p["channel"] == "page"}
        ocr_tot += len(vals)
        ocr_read += len(info["ocr_original_found"])
        # negative controls: only the left 60 % of every box painted, or the boxes inverted
        # (XOR) -> (ii) must fail every value
        for how, label in (("partial", "a partial burn (left 60 % of each box)"),
                           ("invert", "an inverting burn (XOR of each box)")):
            miss = bad_burn_misses(e, orig, work, how)
            note(not miss, f"{e['file']}: {label} fails the pixel check for every value"
                           + (f" (not for {miss[:3]})" if miss else ""))
        burned = os.path.join(work, e["file"])
        burn(e, orig, burned, work)
        res2, info2 = check(e, orig, burned, args.min_keep)
        bad = [r for r in res2 if r.ok is False]
        note(not bad, f"{e['file']}: the copy with the truth boxes burned passes "
                      f"({counts(res2)[0]} passed, {len(bad)} failed)")
        for r in bad:
            print(f"        {r.name}")
            for x in r.details[:6]:
                print(f"            {x}")
        kp = len(info.get("keep_original", []))
        print(f"      original: OCR reads {len(info['ocr_original_found'])}/{len(vals)} PII values "
              f"{[v for _, v in info['ocr_original_found']]}; keep readable {kp}/{len(e['keep'])}  "
              f"[{time.time() - t1:.1f} s]")
    print(f"self-test: OCR read {ocr_read}/{ocr_tot} PII values on the originals; {time.time() - t0:.0f} s")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Independent verdict on a redacted scan.")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--original")
    ap.add_argument("--redacted")
    ap.add_argument("--name", help="file name in truth.json (default: the original's base name)")
    ap.add_argument("--min-keep", type=float, default=0.9)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--only", help="self-test: comma-separated file names")
    ap.add_argument("--work", help="self-test: keep the burned copies in this directory")
    args = ap.parse_args(argv)
    truth = load_truth(args.truth)
    if args.self_test:
        return self_test(args, truth)
    if not args.original or not args.redacted:
        ap.error("--original and --redacted are required (or --self-test)")
    if os.path.isdir(args.original):
        return main_dir(args, truth)
    return main_one(args, truth)


if __name__ == "__main__":
    sys.exit(main())
