#!/usr/bin/env python3
"""The C example redacts a sample through the C ABI; its output is checked with pdftotext
and qpdf, its report has no PII, and a broken input gives an error and no output."""
import json
import os
import subprocess
import sys
import tempfile

example, sample, truth_path = sys.argv[1:4]
truth = json.load(open(truth_path, encoding="utf-8"))
entry = next(e for e in truth["files"] if e["file"] == os.path.basename(sample))
results = []


def check(ok, what):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + what)


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out.pdf")
    r = subprocess.run([example, sample, out], capture_output=True, text=True)
    check(r.returncode == 0, f"example exits 0 ({r.stderr.strip()})")
    lines = r.stdout.strip().splitlines()
    report = json.loads(lines[0]) if lines else {}
    check(report.get("pages") == entry["pages"] and sum(report.get("counts", {}).values()) > 0,
          "report counts findings on the document's pages")
    check(not [p for p in entry["pii"] if p["value"] in r.stdout], "report holds no PII value")
    check(len(lines) > 1 and json.loads(lines[1])["findings"][0]["category"] == "phone",
          "redact_detect_text finds the phone number")
    check(subprocess.run(["qpdf", "--check", out], capture_output=True).returncode == 0, "qpdf --check")
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout.replace(" ", "")
    page_pii = [p["value"].replace(" ", "").replace("\u3000", "") for p in entry["pii"] if p["channel"] == "page"]
    check(page_pii and not [v for v in page_pii if v in text], "no page PII value in pdftotext")
    bad = os.path.join(tmp, "bad.pdf")
    open(bad, "wb").write(b"%PDF-1.4\ngarbage")
    r = subprocess.run([example, bad, os.path.join(tmp, "bad_out.pdf")], capture_output=True, text=True)
    check(r.returncode != 0 and not os.path.exists(os.path.join(tmp, "bad_out.pdf")),
          "a broken PDF is an error with no output")
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
