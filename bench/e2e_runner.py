#!/usr/bin/env python3
"""End-to-end throughput: a mixed corpus from samples/ (born-digital PDFs, scanned PDFs,
faxes, TIFF/PNG/JPEG pages), redacted by `redact DIR -o OUT` with all cores, next to a
baseline measured in the same run: plain `tesseract IMG OUT -l jpn`, two at a time, over the
same scanned page images. Prints pages/s per kind, the ratio to the baseline, and peak RSS.

    python3 bench/e2e_runner.py --redact build/bin/redact [--copies 3] [--jobs 2]

Scaling (how time and memory grow with the corpus): corpora of about N pages of each kind,
each run with all workers and again with one worker (its peak RSS is one worker's):

    python3 bench/e2e_runner.py --redact build/bin/redact --scaling 10,100,1000 --scan-scaling 10,40
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


def build_corpus(root, src, files, want_pages):
    """Copies of the sample files until the corpus holds at least want_pages pages."""
    pages, c = 0, 0
    while pages < want_pages:
        d = os.path.join(root, str(c))
        os.makedirs(d, exist_ok=True)
        for e in files:
            if pages >= want_pages:
                break
            shutil.copy(os.path.join(src, e["file"]), os.path.join(d, e["file"]))
            pages += e["pages"]
        c += 1
    return pages


def scaling(a, tmp, kinds):
    print(f"scaling, --jobs {a.jobs} (and one worker for its peak RSS)")
    for kind, sizes in (("born-digital", a.scaling), ("scanned", a.scan_scaling)):
        src, files = kinds[kind]
        for n in [int(x) for x in sizes.split(",") if x]:
            corpus = os.path.join(tmp, f"scale-{kind}-{n}")
            pages = build_corpus(corpus, src, files, n)
            secs, rc, rss = run_timed([a.redact, corpus, "-o", corpus + "-out", "-j", str(a.jobs)])
            secs1, rc1, rss1 = run_timed([a.redact, corpus, "-o", corpus + "-out1", "-j", "1"])
            print(f"{kind:13s} {pages:5d} pages: {secs:7.1f} s = {pages / secs:7.2f} pages/s ({a.jobs} workers, "
                  f"peak RSS {rss / 1024:.0f} MB, exit {rc}); one worker {secs1:7.1f} s, peak RSS {rss1 / 1024:.0f} MB, "
                  f"exit {rc1}")
            shutil.rmtree(corpus + "-out", ignore_errors=True)
            shutil.rmtree(corpus + "-out1", ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redact", required=True)
    ap.add_argument("--copies", type=int, default=3, help="copies of each sample in the corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--scaling", default="", help="born-digital corpus sizes in pages, e.g. 10,100,1000")
    ap.add_argument("--scan-scaling", default="", help="scanned corpus sizes in pages, e.g. 10,40")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf_dir, scan_dir = os.path.join(tmp, "pdf"), os.path.join(tmp, "scan")
        subprocess.run([sys.executable, os.path.join(ROOT, "samples/pdf/gen_pdf_samples.py"), "--out", pdf_dir],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "samples/scan/gen_scan_samples.py"), "--out", scan_dir],
                       check=True, capture_output=True)
        kinds = {"born-digital": (pdf_dir, json.load(open(os.path.join(pdf_dir, "truth.json")))["files"]),
                 "scanned": (scan_dir, json.load(open(os.path.join(scan_dir, "truth.json")))["files"])}
        if a.scaling or a.scan_scaling:
            scaling(a, tmp, kinds)
            return
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
