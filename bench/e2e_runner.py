#!/usr/bin/env python3
"""End-to-end throughput: a mixed corpus from samples/ (born-digital PDFs, scanned PDFs,
faxes, TIFF/PNG/JPEG pages), redacted by `redact DIR -o OUT` with all cores, next to a
baseline measured in the same run: plain `tesseract IMG OUT -l jpn`, two at a time, over the
same scanned page images. Prints pages/s per kind, the ratio to the baseline, and peak RSS.

    python3 bench/e2e_runner.py --redact build/bin/redact [--copies 3] [--jobs 2]
"""
import argparse
import concurrent.futures
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_timed(cmd):
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True)
    rss_kb = int(r.stderr.decode().strip().splitlines()[-1]) if r.stderr else 0
    return time.monotonic() - t0, r.returncode, rss_kb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redact", required=True)
    ap.add_argument("--copies", type=int, default=3, help="copies of each sample in the corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf_dir, scan_dir = os.path.join(tmp, "pdf"), os.path.join(tmp, "scan")
        subprocess.run([sys.executable, os.path.join(ROOT, "samples/pdf/gen_pdf_samples.py"), "--out", pdf_dir],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "samples/scan/gen_scan_samples.py"), "--out", scan_dir],
                       check=True, capture_output=True)
        kinds = {"born-digital": (pdf_dir, json.load(open(os.path.join(pdf_dir, "truth.json")))["files"]),
                 "scanned": (scan_dir, json.load(open(os.path.join(scan_dir, "truth.json")))["files"])}
        results = {}
        for kind, (src, files) in kinds.items():
            corpus = os.path.join(tmp, "corpus-" + kind)
            pages = 0
            for c in range(a.copies):
                os.makedirs(os.path.join(corpus, str(c)), exist_ok=True)
                for e in files:
                    shutil.copy(os.path.join(src, e["file"]), os.path.join(corpus, str(c), e["file"]))
                    pages += e["pages"]
            out = os.path.join(tmp, "out-" + kind)
            secs, rc, rss = run_timed([a.redact, corpus, "-o", out, "-j", str(a.jobs)])
            results[kind] = (pages, secs, rc, rss)
        # Baseline: plain tesseract on the same scanned page images, two at a time.
        images = []
        img_dir = os.path.join(tmp, "baseline")
        os.makedirs(img_dir)
        for e in kinds["scanned"][1]:
            path = os.path.join(scan_dir, e["file"])
            stem = os.path.join(img_dir, os.path.splitext(e["file"])[0])
            if path.endswith(".pdf"):
                subprocess.run(["pdfimages", "-png", path, stem], check=True)
            elif path.endswith((".tif", ".tiff")):
                n = e["pages"]
                for p in range(n):
                    out = f"{stem}-{p}.tif"
                    subprocess.run([sys.executable, "-c",
                                    "import sys;sys.path.append('/usr/lib/python3/dist-packages');"
                                    "from PIL import Image;im=Image.open(sys.argv[1]);im.seek(int(sys.argv[2]));"
                                    "im.save(sys.argv[3],compression='group4' if im.mode=='1' else None)",
                                    path, str(p), out], check=True)
            else:
                shutil.copy(path, stem + os.path.splitext(path)[1])
        images = sorted(os.path.join(img_dir, f) for f in os.listdir(img_dir))
        images = images * a.copies

        def ocr(img):
            subprocess.run(["tesseract", img, img + ".out", "-l", "jpn"], capture_output=True,
                           env=dict(os.environ, OMP_THREAD_LIMIT="1"))
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            list(ex.map(ocr, images))
        base_secs = time.monotonic() - t0
        base_rate = len(images) / base_secs
        print(f"corpus: {a.copies} copies of each sample, --jobs {a.jobs}")
        for kind, (pages, secs, rc, rss) in results.items():
            rate = pages / secs
            line = f"{kind:13s} {pages:4d} pages in {secs:6.1f} s = {rate:6.2f} pages/s, exit {rc}, peak RSS {rss / 1024:.0f} MB"
            if kind == "scanned":
                line += f", ratio to plain tesseract {rate / base_rate:.2f}"
            print(line)
        print(f"{'tesseract':13s} {len(images):4d} page images in {base_secs:6.1f} s = {base_rate:6.2f} pages/s "
              f"(tesseract IMG OUT -l jpn, two at a time)")


if __name__ == "__main__":
    main()
