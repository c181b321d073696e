#!/usr/bin/env python3
"""Runs `redact IN -o OUT` on every case gen_hostile.py wrote and checks the expected outcome
(cases.json). For every case: exit 0 or 1 (never a signal, a sanitizer report or a hang),
stderr one line that quotes none of the PII. Refusals: exit 1, the expected reason substring,
no output file. Redactions: an output that qpdf --check accepts (PDFs), in one revision,
where pdftotext and the raw and decompressed bytes hold none of the PII strings, and the
kept line still reads."""
import argparse
import json
import os
import pathlib
import subprocess
import sys


def pdf_problems(out, pii, keep):
    problems = []
    chk = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    if chk.returncode != 0:
        problems.append("qpdf --check: " + (chk.stdout + chk.stderr).strip().splitlines()[-1])
    raw = out.read_bytes()
    if raw.count(b"startxref") != 1:
        problems.append(f"{raw.count(b'startxref')} revisions in the output")
    qdf = out.with_suffix(".qdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress",
                    str(out), str(qdf)], capture_output=True)
    plain = qdf.read_bytes() if qdf.exists() else b""
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True).stdout.decode(
        "utf-8", "replace")
    for v in pii:
        for where, blob in (("raw bytes", raw), ("decompressed bytes", plain)):
            if v.encode() in blob:
                problems.append(f"a PII string is in the {where}")
        if v in text:
            problems.append("pdftotext reads a PII string")
    if keep and keep not in text:
        problems.append("the kept line is gone")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--redact", required=True)
    ap.add_argument("--cases", required=True, help="folder written by gen_hostile.py")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=120)
    a = ap.parse_args()
    spec = json.loads((pathlib.Path(a.cases) / "cases.json").read_text())
    pii, keep = spec["pii"], spec["keep"]
    out_dir = pathlib.Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, case in sorted(spec["cases"].items()):
        src = pathlib.Path(a.cases) / name
        dst = out_dir / name
        if dst.exists():
            dst.unlink()
        problems = []
        try:
            r = subprocess.run([a.redact, str(src), "-o", str(dst)], capture_output=True,
                               timeout=a.timeout)
            rc, err = r.returncode, r.stderr.decode("utf-8", "replace").strip()
        except subprocess.TimeoutExpired:
            rc, err = None, ""
            problems.append(f"no answer within {a.timeout} s")
        lines = [l for l in err.splitlines() if l.strip()]
        if rc is not None and rc not in (0, 1):
            problems.append(f"exit {rc} (crash or signal): " + " | ".join(lines[-5:]))
        if len(lines) > 1:
            problems.append(f"stderr has {len(lines)} lines, not one: " + " | ".join(lines[:3]))
        if any(v in err for v in pii):
            problems.append("stderr quotes personal data")
        if case["expect"] == "refuse":
            if rc == 0:
                problems.append("redacted, but must be refused")
            if dst.exists():
                problems.append("an output file was left")
            if case["reason"] and case["reason"] not in err:
                problems.append(f"reason does not say '{case['reason']}': {err}")
        elif rc == 0 and dst.exists():
            if dst.suffix == ".pdf":
                problems += pdf_problems(dst, pii, keep if case.get("keep", True) else None)
            elif b"%PDF" in dst.read_bytes() or any(v.encode() in dst.read_bytes() for v in pii):
                problems.append("the appended PDF was copied into the image output")
        elif rc is not None:
            problems.append(f"refused, but must redact: {err}")
        status = "ok  " if not problems else "FAIL"
        failed += bool(problems)
        detail = err if case["expect"] == "refuse" else "redacted"
        print(f"{status} {name:40s} {detail if not problems else '; '.join(problems)}", flush=True)
    total = len(spec["cases"])
    print(f"{total - failed}/{total} hostile cases as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
