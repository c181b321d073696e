#!/usr/bin/env python3
"""Self-test of tests/pdf/check_redacted.py: proves that the checker can fail, and can pass.

    python3 tests/pdf/check_original.py [--samples DIR] [--ocr] [--only a.pdf,b.pdf]

Without ``--samples`` it first generates the sample set with
``samples/pdf/gen_pdf_samples.py`` into a temporary directory (originals plus the
three twin kinds).  With ``--samples DIR`` it expects ``DIR/`` (originals +
truth.json) and ``DIR/../twins_clean``, ``../twins_leaky``, ``../twins_orphan``
only if they exist (missing twin kinds are generated).

For every sample file:

A. the ORIGINAL, handed to the checker as if it were the redacted output:
   - ``qpdf --check`` PASSES and the keep-phrase check PASSES;
   - every PII value of the truth is found by at least one check, and by the check
     that must see its channel: page / invisible / ocg values by the glyph-code check
     (text in content streams, whatever its visibility), page values by pdftotext too
     unless hidden, info by pdfinfo, xmp by pdfinfo -meta, annotation / form / outline /
     javascript / structure / attachment values by the decoded-string or raw check,
     earlier-revision values by the raw-file scan or the glyph-code check over raw
     streams, never by the qdf expansion (qpdf itself drops old revisions);
   - the single-revision check FAILS exactly for incrementally updated files and the
     attachment check FAILS exactly for files with an embedded file.
B. the CLEAN twin (same document drawn without PII, PII-bearing objects left out):
   every check PASSES (so the checker has no false alarm on a good redaction).
C. the LEAKY-FONTS twin (clean, but the subsets keep the removed glyphs): only the
   orphan-glyph check may fail, and it must fail for most files.
D. the ORPHAN twin (clean plus an unreferenced Flate object holding the values):
   the raw-file check FAILS while the qdf check PASSES (qpdf drops unreferenced
   objects, which is why the raw scan exists).
E. with ``--ocr``: OCR of two originals finds most page values; OCR of their clean
   twins finds none.

Prints one line per assertion group and ``N passed, M failed``; exit 1 on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import check_redacted as C  # noqa: E402

GEN = os.path.join(ROOT, "samples", "pdf", "gen_pdf_samples.py")

NEED = {  # channel -> checks of which at least one must see the value on the original
    "page": ("glyph codes",),
    "invisible": ("glyph codes",),
    "ocg": ("glyph codes",),
    "info": ("pdfinfo", "decoded strings"),  # Page/PieceInfo is not shown by pdfinfo
    "xmp": ("pdfinfo -meta",),
    "annotation": ("decoded strings", "glyph codes"),
    "form": ("decoded strings",),
    "outline": ("decoded strings",),
    "javascript": ("decoded strings", "raw file"),
    "structure": ("decoded strings",),
    "attachment": ("raw file", "decoded strings"),
    "revision": ("raw file", "glyph codes"),
}


def by_name(results, prefix):
    for r in results:
        if r.name.startswith(prefix):
            return r
    raise KeyError(prefix)


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def report(self, ok: bool, what: str, details=()):
        print(("PASS  " if ok else "FAIL  ") + what)
        if not ok:
            for d in list(details)[:10]:
                print("        " + str(d))
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def generate(out, kinds: dict[str, str]):
    cmd = [sys.executable, GEN, "--out", out, "--no-verify"]
    for flag, d in kinds.items():
        cmd += [flag, d]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("generator failed:\n" + p.stdout[-2000:] + p.stderr[-2000:])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Prove that check_redacted.py can fail and can pass.")
    ap.add_argument("--samples", help="directory with originals + truth.json (default: generate)")
    ap.add_argument("--ocr", action="store_true", help="also run the OCR assertions (slow)")
    ap.add_argument("--only", help="comma-separated file names")
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    if args.samples:
        orig = args.samples
        base = os.path.dirname(os.path.abspath(orig))
        twins = {k: os.path.join(base, f"twins_{k}") for k in ("clean", "leaky", "orphan")}
        missing = {f: d for f, (k, d) in zip(("--twins", "--leaky-twins", "--orphan-twins"), twins.items())
                   if not os.path.isdir(d)}
        if missing:
            twins = {k: os.path.join(tmp.name, k) for k in ("clean", "leaky", "orphan")}
            generate(os.path.join(tmp.name, "orig"), {"--twins": twins["clean"], "--leaky-twins": twins["leaky"],
                                                      "--orphan-twins": twins["orphan"]})
    else:
        orig = os.path.join(tmp.name, "orig")
        twins = {k: os.path.join(tmp.name, k) for k in ("clean", "leaky", "orphan")}
        generate(orig, {"--twins": twins["clean"], "--leaky-twins": twins["leaky"],
                        "--orphan-twins": twins["orphan"]})
    with open(os.path.join(orig, "truth.json"), encoding="utf-8") as fh:
        truth = json.load(fh)
    files = truth["files"]
    if args.only:
        want = set(args.only.split(","))
        files = [e for e in files if e["file"] in want]
    t = Tally()
    leaky_fail = 0
    for e in files:
        name = e["file"]
        o = os.path.join(orig, name)
        print(f"--- {name}")
        # A. original as "redacted"
        res, hits = C.check(e, o, o)
        t.report(by_name(res, "qpdf --check").ok is True, f"{name}: qpdf --check passes on the original")
        t.report(by_name(res, "keep phrases").ok is True, f"{name}: keep phrases readable on the original",
                 by_name(res, "keep phrases").details)
        incr = "incremental_update" in e["features"]
        r = by_name(res, "single revision")
        t.report(r.ok is (not incr), f"{name}: single-revision check {'fails' if incr else 'passes'}")
        att = "embedded_file" in e["features"]
        r = by_name(res, "no attachments")
        t.report(r.ok is (not att), f"{name}: attachment check {'fails' if att else 'passes'}")
        missed = []
        for p in e["pii"]:
            key = (p["category"], p["value"])
            if key not in hits:
                continue  # too short to search
            found_by = " | ".join(hits[key])
            if not hits[key]:
                missed.append(f"{p['channel']} {key}: found by nothing")
                continue
            need = NEED[p["channel"]]
            if not any(n in found_by for n in need):
                missed.append(f"{p['channel']} {key}: found only by {found_by}, expected {need}")
            if p["channel"] == "page" and "pdftotext" not in found_by:
                missed.append(f"page {key}: not found by pdftotext")
            if p["channel"] == "revision" and "qdf bytes" in found_by:
                missed.append(f"revision {key}: unexpectedly in the qdf expansion")
        t.report(not missed, f"{name}: every PII value ({len(hits)}) is detected on the original, "
                             f"by the check for its channel", missed)
        # B. clean twin
        res, _ = C.check(e, o, os.path.join(twins["clean"], name))
        bad = [f"{r.name}: {r.details[:3]}" for r in res if r.ok is False]
        t.report(not bad, f"{name}: clean twin passes every check", bad)
        # C. leaky fonts
        res, _ = C.check(e, o, os.path.join(twins["leaky"], name))
        bad = [r.name for r in res if r.ok is False and not r.name.startswith("no subset font")]
        t.report(not bad, f"{name}: leaky-fonts twin fails nothing but the orphan-glyph check", bad)
        leaky_fail += by_name(res, "no subset font").ok is False
        # D. orphan object
        res, _ = C.check(e, o, os.path.join(twins["orphan"], name))
        ok = by_name(res, "no PII in raw file").ok is False and by_name(res, "no PII bytes in qpdf --qdf").ok is True \
            and by_name(res, "no PII in pdftotext").ok is True
        t.report(ok, f"{name}: orphan twin fails the raw-file check, passes the qdf and text checks")
    t.report(leaky_fail >= max(1, len(files) * 2 // 3),
             f"leaky-fonts twins fail the orphan-glyph check in {leaky_fail}/{len(files)} files (need >= 2/3)")
    if args.ocr:
        for name in [f for f in ("form_kaiji_01.pdf", "letter_kettei_05.pdf") if any(e["file"] == f for e in files)]:
            e = next(x for x in files if x["file"] == name)
            page_vals = {(p["category"], p["value"]) for p in e["pii"] if p["channel"] == "page"}
            res, hits = C.check(e, os.path.join(orig, name), os.path.join(orig, name), ocr=True)
            seen = [k for k in page_vals if k in hits and any("OCR" in h for h in hits[k])]
            frac = len(seen) / max(1, len(page_vals))
            t.report(frac >= 0.6, f"{name}: OCR of the original finds {len(seen)}/{len(page_vals)} page values "
                                  f"(need >= 60%)", sorted(page_vals - set(seen)))
            res, _ = C.check(e, os.path.join(orig, name), os.path.join(twins["clean"], name), ocr=True)
            r = by_name(res, "no PII in OCR")
            t.report(r.ok is True, f"{name}: OCR of the clean twin finds no PII", r.details)
    print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
