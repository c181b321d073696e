#!/usr/bin/env python3
"""Copies some generated samples and their truth.json entries into another folder, so a
slow run (the sanitizer tree's scan suite) covers each codec once instead of every file.

  subset_samples.py --samples DIR --out DIR --files a.pdf,b.tif,...

Fails when a named file is not among the samples (a renamed sample must not silently
shrink the run)."""
import argparse
import json
import pathlib
import shutil
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--files", required=True)
    a = ap.parse_args()
    src, out = pathlib.Path(a.samples), pathlib.Path(a.out)
    truth = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    want = a.files.split(",")
    entries = [e for e in truth["files"] if e["file"] in want]
    missing = sorted(set(want) - {e["file"] for e in entries})
    if missing:
        print("not among the samples: " + ", ".join(missing), file=sys.stderr)
        return 1
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for e in entries:
        shutil.copy(src / e["file"], out / e["file"])
    truth["files"] = entries
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    print(f"{len(entries)} samples in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
