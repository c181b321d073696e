#!/usr/bin/env python3
"""check_positions.py can fail: shifting one text object of a sample by 3 pt (in a qpdf
--qdf copy) must be reported, and the unmodified copy must pass."""
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sample = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    qdf = os.path.join(tmp, "same.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sample, qdf], check=True)
    data = open(qdf, "rb").read()
    # Move the first absolutely positioned text (a Tm or Td) 3 pt to the right.
    m = re.search(rb"(-?[\d.]+) (-?[\d.]+) Td", data) or re.search(rb"(-?[\d.]+) (-?[\d.]+) Tm", data)
    assert m, "no Td/Tm in the sample"
    moved = data[:m.start(1)] + str(float(m.group(1)) + 3).encode() + data[m.end(1):]
    shifted = os.path.join(tmp, "shifted.pdf")
    open(shifted + ".qdf", "wb").write(moved)
    subprocess.run(["fix-qdf"], stdin=open(shifted + ".qdf", "rb"), stdout=open(shifted, "wb"), check=True)
    check = [sys.executable, os.path.join(here, "check_positions.py"), sample]
    same = subprocess.run(check + [qdf], capture_output=True)
    diff = subprocess.run(check + [shifted], capture_output=True)
    ok_same, ok_diff = same.returncode == 0, diff.returncode != 0
    print(("PASS" if ok_same else "FAIL") + " an identical copy passes")
    print(("PASS" if ok_diff else "FAIL") + " a copy with one text object moved 3 pt fails")
    print(f"{ok_same + ok_diff} passed, {2 - ok_same - ok_diff} failed")
    sys.exit(0 if ok_same and ok_diff else 1)
