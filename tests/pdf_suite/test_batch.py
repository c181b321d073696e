#!/usr/bin/env python3
"""Folder mode, from outside: mirrored tree, failures as reason files (never copies), a
JSONL report without PII, exit codes, originals untouched, --resume after SIGKILL loses and
redoes nothing, and --shard K/N covers every file exactly once."""
import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

results = []


def check(ok, what):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + what)


def digest_tree(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            out[os.path.relpath(p, root)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redact", required=True)
    ap.add_argument("--samples", required=True)
    a = ap.parse_args()
    truth = json.load(open(os.path.join(a.samples, "truth.json"), encoding="utf-8"))
    pdfs = [e["file"] for e in truth["files"]]
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        for i, name in enumerate(pdfs):
            sub = os.path.join(src, "kakari" if i % 2 else "ka", "2024")
            os.makedirs(sub, exist_ok=True)
            shutil.copy(os.path.join(a.samples, name), sub)
        open(os.path.join(src, "ka", "broken.pdf"), "wb").write(b"%PDF-1.7\n1 0 obj\n<<")
        subprocess.run(["qpdf", "--encrypt", "u", "o", "256", "--", os.path.join(a.samples, pdfs[0]),
                        os.path.join(src, "ka", "locked.pdf")], check=True)
        open(os.path.join(src, "notes.txt"), "w").write("not a document")
        before = digest_tree(src)
        out = os.path.join(tmp, "out")
        report = os.path.join(tmp, "report.jsonl")
        r = subprocess.run([a.redact, src, "-o", out, "--report", report, "-j", "2"], capture_output=True)
        check(r.returncode == 1, f"some failed → exit 1 (got {r.returncode})")
        check(digest_tree(src) == before, "originals untouched")
        outs = {os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs}
        expected = {os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs
                    if f.endswith(".pdf") and f not in ("broken.pdf", "locked.pdf")}
        check(expected <= outs, "every good file has its output in the mirrored tree")
        check(os.path.join("ka", "broken.pdf") not in outs and os.path.join("ka", "locked.pdf") not in outs,
              "no output for failed files")
        reasons = [os.path.join(out, "_failed", "ka", n + ".reason.txt") for n in ("broken.pdf", "locked.pdf")]
        check(all(os.path.exists(p) for p in reasons), "a reason file per failure")
        check(all(os.path.getsize(p) < 400 for p in reasons), "reason files are reasons, not copies")
        check("encrypted" in open(reasons[1]).read(), "the encrypted file says so")
        lines = [json.loads(l) for l in open(report, encoding="utf-8")]
        check(len(lines) == len(expected) + 2, f"one report line per file ({len(lines)})")
        text = open(report, encoding="utf-8").read()
        values = {p["value"] for e in truth["files"] for p in e["pii"] if len(p["value"]) >= 3}
        check(not [v for v in values if v in text], "report holds no PII value")
        check(not any(f.endswith(".txt") and "notes" in f for f in outs), "non-documents are ignored")

        # Kill -9 in the middle, then --resume: nothing lost, nothing redone.
        big = os.path.join(tmp, "big")
        for k in range(6):
            for name in pdfs:
                os.makedirs(os.path.join(big, str(k)), exist_ok=True)
                shutil.copy(os.path.join(a.samples, name), os.path.join(big, str(k), name))
        out2 = os.path.join(tmp, "out2")
        p = subprocess.Popen([a.redact, big, "-o", out2, "-j", "1"], stderr=subprocess.PIPE)
        time.sleep(0.4)
        p.send_signal(signal.SIGKILL)
        p.wait()
        state = os.path.join(out2, ".redact-state.jsonl")
        done_before = len(open(state).readlines()) if os.path.exists(state) else 0
        r = subprocess.run([a.redact, big, "-o", out2, "--resume", "-j", "2"], capture_output=True, text=True)
        total = 6 * len(pdfs)
        check(r.returncode == 0, "resumed run succeeds")
        summary = r.stderr.strip().splitlines()[-1]
        check(f"{done_before} already done" in summary and f"{total - done_before} redacted" in summary,
              f"resume skips the {done_before} done before the kill and does the rest: {summary}")
        outs2 = [f for d, _, fs in os.walk(out2) for f in fs if f.endswith(".pdf")]
        check(len(outs2) == total and not [f for d, _, fs in os.walk(out2) for f in fs if ".partial-" in f],
              "every file has its output, no partial files left")

        # Shards cover each file exactly once.
        seen = []
        for k in range(3):
            o = os.path.join(tmp, f"shard{k}")
            subprocess.run([a.redact, big, "-o", o, "--shard", f"{k}/3"], capture_output=True)
            seen += [os.path.relpath(os.path.join(d, f), o) for d, _, fs in os.walk(o) for f in fs if f.endswith(".pdf")]
        check(len(seen) == total and len(set(seen)) == total, "3 shards cover every file exactly once")
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
