#!/usr/bin/env python3
"""Fault injection for `redact` (issue #8): the disk fills while writing (RLIMIT_FSIZE),
OCR cannot start (no tessdata), one file runs out of memory (RLIMIT_AS, set from outside or by
--max-memory-mb), one file runs past --max-seconds. In every case the
files that can be redacted are, the others fail with a reason, the run goes on, and no output
file exists that was not verified: no partial or temporary file is left in the output tree.
(A worker killed with SIGKILL and --resume are covered by tests/pdf_suite/test_batch.py.)

  test_faults.py --redact BIN --cases HOSTILE_DIR --samples PDF_SAMPLES --scan-samples SCANS --work DIR
"""
import argparse
import json
import os
import pathlib
import re
import resource
import shutil
import signal
import subprocess
import sys
import zlib
import struct

failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures.append(what)


def limited(fsize=None, vmem=None):
    def pre():
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if vmem is not None:
            resource.setrlimit(resource.RLIMIT_AS, (vmem, vmem))
    return pre


def run(cmd, env=None, pre=None, timeout=600):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run(cmd, capture_output=True, env=e, preexec_fn=pre, timeout=timeout)
    return r.returncode, r.stderr.decode("utf-8", "replace")


def stray_files(out_dir):
    """Files in the output tree that are neither a final output nor the run's bookkeeping."""
    bad = []
    for p in pathlib.Path(out_dir).rglob("*"):
        if p.is_file() and (".partial-" in p.name or re.fullmatch(r"\.redact-[A-Za-z0-9]{6}", p.name)):
            bad.append(p.name)
    return bad


def report_lines(path):
    return {json.loads(l)["file"]: json.loads(l) for l in open(path, encoding="utf-8") if l.strip()}


def gray_png(w, h):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    row = b"\0" + b"\xff" * w
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", data) + chunk(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--redact", required=True)
    ap.add_argument("--cases", required=True, help="gen_hostile.py output (baseline.pdf)")
    ap.add_argument("--samples", required=True, help="gen_pdf_samples.py output")
    ap.add_argument("--scan-samples", required=True, help="gen_scan_samples.py output")
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    work = pathlib.Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    small = pathlib.Path(a.cases) / "baseline.pdf"
    large = pathlib.Path(a.samples) / "minutes_shingikai_10.pdf"

    # 1. Disk full, one file: the output is larger than the files this process may write.
    out = work / "single" / "out.pdf"
    out.parent.mkdir()
    rc, err = run([a.redact, str(large), "-o", str(out)], pre=limited(fsize=16 * 1024))
    check(rc == 1 and not out.exists(), f"disk full (one file): exit 1, no output [{err.strip()}]")
    check("write" in err and len(err.strip().splitlines()) == 1, "disk full (one file): one-line reason")
    check(not stray_files(out.parent), "disk full (one file): no temporary file left")

    # 2. Disk full in a folder run: small files fit, the large one does not; the run goes on.
    src = work / "in_disk"
    src.mkdir()
    for i in range(3):
        shutil.copy(small, src / f"small_{i}.pdf")
    shutil.copy(large, src / "large.pdf")
    dst = work / "out_disk"
    rep = work / "disk.jsonl"
    rc, err = run([a.redact, str(src), "-o", str(dst), "--report", str(rep), "-j", "2"],
                  pre=limited(fsize=16 * 1024))
    lines = report_lines(rep) if rep.exists() else {}
    check(rc == 1, f"disk full (folder): exit 1 (got {rc})")
    check(all((dst / f"small_{i}.pdf").exists() for i in range(3)), "disk full (folder): the small files were written")
    check(not (dst / "large.pdf").exists() and lines.get("large.pdf", {}).get("status") == "failed",
          "disk full (folder): the large file failed with a report line")
    check((dst / "_failed" / "large.pdf.reason.txt").exists(), "disk full (folder): a reason file")
    check(not stray_files(dst), "disk full (folder): no partial file left")

    # 3. OCR cannot start: scanned input fails with a reason, born-digital input still works.
    src = work / "in_ocr"
    src.mkdir()
    shutil.copy(small, src / "text.pdf")
    (src / "scan.png").write_bytes(gray_png(400, 300))
    empty = work / "no_tessdata"
    empty.mkdir()
    dst = work / "out_ocr"
    rep = work / "ocr.jsonl"
    rc, err = run([a.redact, str(src), "-o", str(dst), "--report", str(rep)],
                  env={"TESSDATA_PREFIX": str(empty)})
    lines = report_lines(rep) if rep.exists() else {}
    check(rc == 1 and (dst / "text.pdf").exists(), f"OCR failure: the text PDF is redacted, exit 1 (got {rc})")
    check(not (dst / "scan.png").exists() and lines.get("scan.png", {}).get("status") == "failed",
          f"OCR failure: the scan failed [{lines.get('scan.png', {}).get('reason', '')}]")
    check(not stray_files(dst), "OCR failure: no partial file left")

    # 4. Out of memory in one file: a 14000x14000 page image (under the pixel limit) with an
    #    800 MB address-space limit on the process; the other files are redacted and the run
    #    ends normally (no signal). Decoding or OCR reports the failed allocation.
    if "ASAN_OPTIONS" in os.environ:
        print("skip  out of memory: address-space limits do not apply to ASan builds")
    else:
        src = work / "in_oom"
        src.mkdir()
        shutil.copy(small, src / "a.pdf")
        (src / "huge.png").write_bytes(gray_png(14000, 14000))
        shutil.copy(small, src / "z.pdf")
        dst = work / "out_oom"
        rep = work / "oom.jsonl"
        rc, err = run([a.redact, str(src), "-o", str(dst), "--report", str(rep), "-j", "1"],
                      pre=limited(vmem=800 << 20))
        lines = report_lines(rep) if rep.exists() else {}
        check(rc == 1, f"out of memory: exit 1, not a crash (got {rc}) [{err.strip().splitlines()[-1:] }]")
        check((dst / "a.pdf").exists() and (dst / "z.pdf").exists(), "out of memory: the other files were redacted")
        check(not (dst / "huge.png").exists() and lines.get("huge.png", {}).get("status") == "failed",
              f"out of memory: the huge file failed [{lines.get('huge.png', {}).get('reason', '')}]")
        check(not stray_files(dst), "out of memory: no partial file left")

    # 5. The same through the CLI's own limit: --max-memory-mb per worker. A real one-page scan
    #    fits (it needs ~130 MB beyond the process's base), the huge image does not.
    scan = pathlib.Path(a.scan_samples) / "scan_kaiji_01.pdf"
    if "ASAN_OPTIONS" in os.environ:
        rc, err = run([a.redact, str(work), "-o", str(work / "never"), "--max-memory-mb", "256"])
        check(rc == 2 and "AddressSanitizer" in err, f"--max-memory-mb refused in an ASan build (got {rc})")
    else:
        src = work / "in_mem"
        src.mkdir()
        shutil.copy(small, src / "a.pdf")
        shutil.copy(scan, src / "scan.pdf")
        (src / "huge.png").write_bytes(gray_png(14000, 14000))
        dst = work / "out_mem"
        rep = work / "mem.jsonl"
        rc, err = run([a.redact, str(src), "-o", str(dst), "--report", str(rep), "-j", "1",
                       "--max-memory-mb", "256"])
        lines = report_lines(rep) if rep.exists() else {}
        check(rc == 1, f"--max-memory-mb: exit 1, not a crash (got {rc}) [{err.strip().splitlines()[-1:]}]")
        check((dst / "a.pdf").exists() and (dst / "scan.pdf").exists(),
              f"--max-memory-mb: the PDF and the scan were redacted [{lines.get('scan.pdf', {}).get('reason', '')}]")
        reason = lines.get("huge.png", {}).get("reason", "")
        check(not (dst / "huge.png").exists() and "memory" in reason,
              f"--max-memory-mb: the huge file failed for memory [{reason}]")
        check(not stray_files(dst), "--max-memory-mb: no partial file left")

    # 6. Per-file time limit: a two-page scan (about 2 s of OCR) under --max-seconds 0.3 fails
    #    with a time-limit reason while its first page is read (Tesseract's monitor stops it);
    #    the born-digital file beside it is redacted.
    src = work / "in_time"
    src.mkdir()
    shutil.copy(small, src / "a.pdf")
    shutil.copy(pathlib.Path(a.scan_samples) / "scan_juminhyo_02.pdf", src / "two_pages.pdf")
    dst = work / "out_time"
    rep = work / "time.jsonl"
    rc, err = run([a.redact, str(src), "-o", str(dst), "--report", str(rep), "-j", "1", "--max-seconds", "0.3"])
    lines = report_lines(rep) if rep.exists() else {}
    slow = lines.get("two_pages.pdf", {})
    check(rc == 1 and (dst / "a.pdf").exists(), f"--max-seconds: exit 1, the PDF redacted (got {rc})")
    check(not (dst / "two_pages.pdf").exists() and "time limit" in slow.get("reason", ""),
          f"--max-seconds: the scan failed for time [{slow.get('reason', '')}]")
    check(slow.get("seconds", 99) < 1.5, f"--max-seconds: stopped on the first page ({slow.get('seconds')} s)")
    check(not stray_files(dst), "--max-seconds: no partial file left")

    print(f"{len(failures)} fault-injection check(s) failed" if failures else "all fault-injection checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
