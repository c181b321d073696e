#!/usr/bin/env python3
"""Seed corpora for the fuzz programs, cut from the generated samples.

  make_seeds.py --pdf-samples DIR --scan-samples DIR [--detect-corpus FILE] --out SEEDS

writes SEEDS/<target>/<name> for every target in tests/fuzz: whole PDFs (pdf), decoded
content streams (content), ToUnicode/CMap programs (cmap), Flate streams with their
predictor parameters (flate), CCITT and JBIG2 image streams with their parameters in the
header the fuzz programs read (ccitt, jbig2; see fuzz_header.hpp), TIFF/PNG/JPEG files
(image_file) and detector texts (detect). Streams are read with qpdf --json, an independent
parser. Fails when a target ends up with no seed (a generator change must not silently
leave a fuzzer without a corpus).
"""
import argparse
import base64
import hashlib
import json
import pathlib
import struct
import subprocess
import sys

TARGETS = ["pdf", "content", "cmap", "flate", "ccitt", "jbig2", "image_file", "detect", "mime"]
PREDICTOR_INDEX = {1: 0, 2: 1, 10: 2, 11: 3, 12: 4, 13: 5, 14: 6, 15: 7}
BITS_INDEX = {1: 0, 2: 1, 4: 2, 8: 3, 16: 4}
MAX_SEED = 512 * 1024


def qpdf_objects(path, decode):
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                          f"--decode-level={decode}", str(path)],
                         capture_output=True, check=False)
    if out.returncode not in (0, 3):  # 3: warnings
        return {}
    return json.loads(out.stdout)["qpdf"][1]


def ref(v):
    return f"obj:{v}" if isinstance(v, str) and v.endswith(" R") else None


def val(v):
    return v[0] if isinstance(v, list) and v else v


class Seeds:
    def __init__(self, out):
        self.out = pathlib.Path(out)
        self.count = {t: 0 for t in TARGETS}
        for t in TARGETS:
            (self.out / t).mkdir(parents=True, exist_ok=True)

    def add(self, target, data):
        if not data or len(data) > MAX_SEED:
            return
        name = hashlib.sha1(data).hexdigest()[:16]
        p = self.out / target / name
        if not p.exists():
            p.write_bytes(data)
            self.count[target] += 1


def jbig2_segment(number, seg_type, data, page=1):
    return struct.pack(">IBBBI", number, seg_type, 0, page, len(data)) + data


def jbig2_page(w, h):
    info = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    mmr = b"\xff" * ((h + 7) // 8)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + b"\x01" + mmr
    return (jbig2_segment(0, 48, info) + jbig2_segment(1, 38, region) +
            jbig2_segment(2, 49, b""))


def mime_messages(pdfs, scan_dir):
    from email.message import EmailMessage
    from email.policy import SMTP
    body = "申請者 山田太郎 様\n電話 090-1234-5678\nメール taro.yamada@example.jp\n"
    out = []
    m = EmailMessage(policy=SMTP)
    m["From"], m["To"], m["Subject"] = "kaiji@city.example.jp", "a@example.jp", "開示決定 山田太郎"
    m.set_content(body)
    out.append(m.as_bytes())
    m = EmailMessage(policy=SMTP)
    m["From"], m["To"], m["Subject"] = "kaiji@city.example.jp", "a@example.jp", "=?UTF-8?B?6ZaL56S6?="
    m.set_content(body, cte="quoted-printable")
    m.add_alternative("<p>" + body + "</p>", subtype="html")
    small = min(pdfs, key=lambda p: p.stat().st_size, default=None)
    if small is not None and small.stat().st_size < 200_000:
        m.add_attachment(small.read_bytes(), maintype="application", subtype="pdf",
                         filename="山田太郎_申請書.pdf")
    out.append(m.as_bytes())
    return out


def streams_of(pdf, seeds):
    decoded = qpdf_objects(pdf, "generalized")
    raw = qpdf_objects(pdf, "none")
    for key, obj in decoded.items():
        s = obj.get("stream") if isinstance(obj, dict) else None
        if not s or "data" not in s:
            continue
        d = s["dict"]
        data = base64.b64decode(s["data"])
        filt = val(d.get("/Filter"))
        parms = val(d.get("/DecodeParms")) or {}
        if isinstance(parms, str) and ref(parms):
            parms = decoded.get(ref(parms), {}).get("value", {})
        if d.get("/Subtype") == "/Image":
            w, h = int(d.get("/Width", 0)), int(d.get("/Height", 0))
            if filt == "/CCITTFaxDecode":
                k = int(parms.get("/K", 0))
                cols = int(parms.get("/Columns", 1728))
                align = 1 if parms.get("/EncodedByteAlign") else 0
                seeds.add("ccitt", struct.pack("<bHHB", max(-128, min(127, k)), cols % 4097, h % 4097, align) + data)
            elif filt == "/JBIG2Decode":
                g = b""
                gref = ref(parms.get("/JBIG2Globals"))
                if gref and "stream" in decoded.get(gref, {}):
                    g = base64.b64decode(decoded[gref]["stream"]["data"])
                seeds.add("jbig2", struct.pack("<HHH", w % 4097, h % 4097, len(g) % 65536) + g + data)
            continue
        if b"begincmap" in data or b"begincodespacerange" in data:
            seeds.add("cmap", data)
        elif d.get("/Subtype") == "/Form" or (filt is None and (b" Tj" in data or b"TJ" in data or b" re" in data)):
            seeds.add("content", data)
        rawobj = raw.get(key, {}).get("stream")
        if rawobj and val(rawobj["dict"].get("/Filter")) == "/FlateDecode":
            rawdata = base64.b64decode(rawobj["data"])
            rp = val(rawobj["dict"].get("/DecodeParms")) or {}
            if not isinstance(rp, dict):
                rp = {}
            pred = PREDICTOR_INDEX.get(int(rp.get("/Predictor", 1)), 0)
            colors = int(rp.get("/Colors", 1))
            bits = BITS_INDEX.get(int(rp.get("/BitsPerComponent", 8)), 3)
            cols = int(rp.get("/Columns", 1))
            seeds.add("flate", struct.pack("<BBBBH", 0, pred, colors, bits, cols % 65536) + rawdata)
    # Page content streams (the loop above sees them only when qpdf decoded them).
    for key, obj in decoded.items():
        v = obj.get("value") if isinstance(obj, dict) else None
        if isinstance(v, dict) and v.get("/Type") == "/Page":
            c = v.get("/Contents")
            for r in (c if isinstance(c, list) else [c]):
                s = decoded.get(ref(r) or "", {}).get("stream")
                if s and "data" in s:
                    seeds.add("content", base64.b64decode(s["data"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdf-samples", required=True)
    ap.add_argument("--scan-samples", required=True)
    ap.add_argument("--detect-corpus", help="JSONL with a 'text' field per line")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    seeds = Seeds(a.out)
    pdfs = sorted(pathlib.Path(a.pdf_samples).rglob("*.pdf")) + sorted(pathlib.Path(a.scan_samples).rglob("*.pdf"))
    for pdf in pdfs:
        seeds.add("pdf", pdf.read_bytes())
        streams_of(pdf, seeds)
    for img in sorted(pathlib.Path(a.scan_samples).rglob("*")):
        if img.suffix.lower() in (".tif", ".tiff", ".png", ".jpg", ".jpeg"):
            seeds.add("image_file", img.read_bytes())
    texts = []
    if a.detect_corpus:
        for line in pathlib.Path(a.detect_corpus).read_text(encoding="utf-8").splitlines()[:400]:
            texts.append(json.loads(line)["text"])
    truth = pathlib.Path(a.pdf_samples) / "truth.json"
    if truth.exists():
        texts.append(truth.read_text(encoding="utf-8")[:20000])
    for t in texts:
        seeds.add("detect", t.encode("utf-8"))
    # The samples hold no JBIG2 image (no encoder in Debian): a hand-assembled embedded
    # stream — page information, an immediate generic region coded MMR (T.6, all white:
    # one V0 code per row), end of page — so the decoder's segment parser starts reachable.
    for w, h in ((64, 64), (200, 9)):
        seeds.add("jbig2", struct.pack("<HHH", w, h, 0) + jbig2_page(w, h))
    # Mail messages for the gateway's MIME handling: text, quoted-printable, nested
    # multipart, a small sample PDF attached, an RFC 2047 subject. (No scanned image: one
    # OCR run would take most of a smoke run; images are fuzzed by fuzz_image_file.)
    for m in mime_messages(pdfs, a.scan_samples):
        seeds.add("mime", m)
    # Parameters alone for the other filters, so each branch of fuzz_flate starts reachable.
    for f in range(1, 6):
        seeds.add("flate", struct.pack("<BBBBH", f, 0, 1, 3, 8) + b"0123456789abcdef~>")
    print("seeds: " + ", ".join(f"{t} {n}" for t, n in seeds.count.items()))
    existing = {t: sum(1 for _ in (seeds.out / t).iterdir()) for t in TARGETS}
    empty = [t for t, n in existing.items() if n == 0]
    if empty:
        print("no seeds for: " + ", ".join(empty), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
