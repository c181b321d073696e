#!/usr/bin/env python3
"""Load runner for redact-milter: a private Postfix on loopback, one milter, N messages sent at
once (one SMTP client thread each), each carrying a generated born-digital PDF.

    python3 bench/milter_load.py --milter build/bin/redact-milter \\
        --data-dir build/share/libredact --samples build/samples/pdf --messages 50

Prints p50/p99 of the SMTP latency (connect to "250 queued": the milter's redaction runs
inside it) and of the end-to-end latency (to arrival at the SMTP sink behind Postfix).
Exit 1 when a message is lost, rejected, held, or arrives without a redacted attachment
(pdftotext still reading a PII value of truth.json). --scan-samples/--scan-messages K make K
of the messages carry a scanned document (OCR: seconds each), to see the slot limit hold
memory down.
"""
import argparse
import json
import math
import os
import re
import shutil
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import email
import email.policy
from concurrent.futures import ThreadPoolExecutor
from email import encoders
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "mail"))
import mailenv  # noqa: E402


def pct(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--milter", required=True)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--samples", required=True, help="gen_pdf_samples.py output (with truth.json)")
    ap.add_argument("--messages", type=int, default=50)
    ap.add_argument("--scan-samples", help="gen_scan_samples.py output: adds scanned documents")
    ap.add_argument("--scan-messages", type=int, default=0,
                    help="how many of the messages carry a scanned document instead")
    ap.add_argument("--slots", type=int, default=2, help="max_concurrent_redactions")
    ap.add_argument("--work", default=None)
    ap.add_argument("--deadline", type=int, default=600, help="seconds before giving up")
    args = ap.parse_args()
    mailenv.install_watchdog(args.deadline)
    work = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="milter-load-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    truth = json.load(open(os.path.join(args.samples, "truth.json"), encoding="utf-8"))
    files = [e for e in truth["files"]]
    policy = os.path.join(work, "policy.json")
    json.dump({"allow": {"exact": truth.get("allowlist", [])}}, open(policy, "w", encoding="utf-8"),
              ensure_ascii=False)

    scans = []
    if args.scan_messages:
        st = json.load(open(os.path.join(args.scan_samples, "truth.json"), encoding="utf-8"))
        scans = st["files"]
    types = {".pdf": ("application", "pdf"), ".tif": ("image", "tiff"), ".tiff": ("image", "tiff"),
             ".png": ("image", "png"), ".jpg": ("image", "jpeg"), ".jpeg": ("image", "jpeg")}
    msgs = []
    for i in range(args.messages):
        scan = i < args.scan_messages
        entry = scans[i % len(scans)] if scan else files[i % len(files)]
        folder = args.scan_samples if scan else args.samples
        m = MIMEMultipart("mixed")
        m["From"] = "kaiji@shinonome.lg.jp"
        m["To"] = "clerk@other-city.lg.jp"
        m["Subject"] = f"load {i}"
        m["Message-ID"] = f"<load-{i}.{os.getpid()}@shinonome.lg.jp>"
        m["X-Test-Case"] = f"load-{i}"
        m.attach(MIMEText("開示決定通知書を添付します。", "plain", "utf-8"))
        part = MIMEBase(*types[os.path.splitext(entry["file"])[1].lower()])
        part.set_payload(open(os.path.join(folder, entry["file"]), "rb").read())
        encoders.encode_base64(part)
        part.add_header("Content-Disposition", "attachment", filename=entry["file"])
        m.attach(part)
        msgs.append((f"load-{i}", entry, m.as_bytes()))

    sink = mailenv.SmtpSink(os.path.join(work, "Maildir")).start()
    port, mport = mailenv.free_port(), mailenv.free_port()
    cfg = mailenv.write_milter_config(
        os.path.join(work, "milter.json"), mport, max_concurrent_redactions=args.slots,
        message_timeout_seconds=120,
        routes=[{"recipient_domains": ["*"], "on_failure": "hold", "policy": policy}])
    milter = mailenv.Milter(args.milter, cfg, os.path.join(work, "milter.log"))
    pf = mailenv.Postfix({"load": (port, mport)}, sink.port,
                         keep_log=os.path.join(work, "postfix-maillog"))
    failures = []
    peak_mb, wall, delivered, queue, leaks = None, 0.0, {}, [], 0
    sent_at, smtp_ms, arrived_ms = {}, {}, {}
    try:
        milter.start(mport, args.data_dir)
        pf.start()
        start = threading.Barrier(len(msgs))

        def send(item):
            case, _, data = item
            try:
                start.wait(30)
                t = time.monotonic()
                sent_at[case] = t
                with smtplib.SMTP("127.0.0.1", port, timeout=300) as s:
                    s.sendmail("kaiji@shinonome.lg.jp", ["clerk@other-city.lg.jp"], data)
                smtp_ms[case] = (time.monotonic() - t) * 1000
            except Exception as e:  # noqa: BLE001 — every failure is reported and counted
                failures.append(f"{case}: {type(e).__name__}: {str(e)[:160]}")

        t_all = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(msgs)) as pool:
            futures = [pool.submit(send, item) for item in msgs]
            # Watch the sink while the clients run, to time each arrival.
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                for raw in sink.messages():
                    mm = re.search(rb"^X-Test-Case: (\S+)", raw, re.M)
                    if mm and mm.group(1).decode() not in arrived_ms:
                        c = mm.group(1).decode()
                        arrived_ms[c] = (time.monotonic() - sent_at.get(c, t_all)) * 1000
                if len(arrived_ms) + len(failures) >= len(msgs) and all(f.done() for f in futures):
                    break
                time.sleep(0.1)
        wall = time.monotonic() - t_all
        queue = pf.queue_entries()

        for raw in sink.messages():
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            delivered.setdefault(str(msg["X-Test-Case"]), []).append(msg)
        for case, entry, _ in msgs:
            got = delivered.get(case, [])
            if len(got) != 1:
                failures.append(f"{case}: delivered {len(got)} times")
                continue
            msg = got[0]
            if not str(msg.get("X-Redact", "")).startswith("redacted=1"):
                failures.append(f"{case}: X-Redact is {msg.get('X-Redact')!r}")
            docs = [p.get_payload(decode=True) for p in msg.walk()
                    if not p.is_multipart() and p.get_content_maintype() != "text"]
            if len(docs) != 1:
                failures.append(f"{case}: {len(docs)} attachments")
                continue
            if docs[0][:5] != b"%PDF-":
                continue  # image files: the scan suite judges their pixels
            text = subprocess.run(["pdftotext", "-", "-"], input=docs[0], capture_output=True).stdout
            text = norm(text.decode("utf-8", "replace"))
            left = [p for p in entry["pii"] if p["channel"] == "page" and norm(p["value"]) in text]
            if left:
                leaks += 1
                failures.append(f"{case}: {len(left)} PII values readable in the delivered PDF")
        if queue:
            failures.append(f"{len(queue)} messages still queued: "
                            f"{sorted({e['queue_name'] for e in queue})}")
        peak_mb = milter.peak_rss_mb()
        if milter.proc.poll() is not None:
            failures.append(f"the milter exited with {milter.proc.returncode}")
    finally:
        pf.stop()
        milter.stop()
        sink.stop()

    n = len(msgs)
    print(f"messages: {n} sent at once, {len(smtp_ms)} accepted (250), {len(delivered)} delivered, "
          f"{len(queue)} queued/held, {leaks} with PII left; {args.slots} redaction slots; "
          f"{args.scan_messages} with a scanned document")
    if smtp_ms:
        v = list(smtp_ms.values())
        print(f"SMTP latency (send to 250, redaction included): p50 {pct(v, 50):.0f} ms, "
              f"p99 {pct(v, 99):.0f} ms, max {max(v):.0f} ms")
    if arrived_ms:
        v = list(arrived_ms.values())
        print(f"end to end (send to arrival behind Postfix): p50 {pct(v, 50):.0f} ms, "
              f"p99 {pct(v, 99):.0f} ms")
    print(f"wall time {wall:.1f} s: {n / max(wall, 1e-9):.1f} messages/s; milter peak RSS {peak_mb or 0:.0f} MB")
    for f in failures[:20]:
        print("FAIL " + f)
    return 1 if failures or len(delivered) != n else 0


if __name__ == "__main__":
    sys.exit(main())
