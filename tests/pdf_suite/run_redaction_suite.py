#!/usr/bin/env python3
"""Born-digital redaction, end to end: runs `redact IN -o OUT --report R` on every generated
sample and judges each output with tests/pdf/check_redacted.py (independent tools only:
qpdf, pdftotext, pdfinfo, pdfdetach, tesseract on a pdftoppm render). Also checks the
contract: exit 0 with an output, a report without PII values, the original untouched."""
import argparse
import hashlib
import json
import os
import subprocess
import sys


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redact", required=True)
    ap.add_argument("--samples", required=True, help="folder with the PDFs and truth.json")
    ap.add_argument("--out", required=True)
    ap.add_argument("--checker", required=True)
    ap.add_argument("--ocr", action="store_true", help="also OCR every output page")
    ap.add_argument("--min-keep", default="0.95")
    args = ap.parse_args()

    truth = json.load(open(os.path.join(args.samples, "truth.json"), encoding="utf-8"))
    entries = truth["files"] if isinstance(truth, dict) else truth
    os.makedirs(args.out, exist_ok=True)
    # The office's own letterhead (name, address, phones, mailbox) is allowlisted, as a
    # municipality would configure it; everything else is redacted by the default policy.
    policy = os.path.join(args.out, "policy.json")
    allow = truth.get("allowlist", []) if isinstance(truth, dict) else []
    json.dump({"allow": {"exact": allow}}, open(policy, "w", encoding="utf-8"), ensure_ascii=False)
    passed = failed = 0
    for entry in entries:
        name = entry["file"]
        src = os.path.join(args.samples, name)
        dst = os.path.join(args.out, name)
        rep = dst + ".report.json"
        for p in (dst, rep):
            if os.path.exists(p):
                os.remove(p)
        before = sha(src)
        r = subprocess.run([args.redact, src, "-o", dst, "--report", rep, "--policy", policy],
                           capture_output=True, timeout=300)
        problems = []
        if r.returncode != 0 or not os.path.exists(dst):
            problems.append(f"redact exited {r.returncode}: {r.stderr.decode('utf-8', 'replace').strip()}")
        if sha(src) != before:
            problems.append("the original was modified")
        if os.path.exists(rep):
            report = open(rep, encoding="utf-8").read()
            leaked = [p["value"] for p in entry.get("pii", []) if p["value"] and p["value"] in report]
            if leaked:
                problems.append(f"report contains {len(leaked)} PII value(s)")
        if not problems:
            cmd = [sys.executable, args.checker, "--truth", os.path.join(args.samples, "truth.json"),
                   "--original", src, "--redacted", dst, "--min-keep", args.min_keep]
            if args.ocr:
                cmd.append("--ocr")
            c = subprocess.run(cmd, capture_output=True, timeout=900)
            if c.returncode != 0:
                out = c.stdout.decode("utf-8", "replace")
                problems.append("checker: " + " | ".join(l for l in out.splitlines() if "FAIL" in l)[:2000])
            # Kept text stays where it was: no shift, no kerning residue after a removal.
            pos = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "check_positions.py"),
                                  src, dst], capture_output=True, timeout=120)
            if pos.returncode != 0:
                out = pos.stdout.decode("utf-8", "replace")
                problems.append("positions: " + " | ".join(l for l in out.splitlines() if "FAIL" in l)[:1000])
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"PASS {name}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
