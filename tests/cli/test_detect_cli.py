#!/usr/bin/env python3
"""`redact detect --jsonl` honours the DESIGN.md contract, checked from outside:
one JSON object per input line, code point offsets, the listed category names, text equal to
the slice of the line, exit codes and one-line errors."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

CATEGORIES = {"person", "address", "postal_code", "phone", "email", "birth_date", "my_number",
              "corporate_number", "bank_account", "drivers_license", "passport",
              "residence_card", "pension_number", "insurance_number"}
failures = []
passes = []


def check(cond, what):
    if cond:
        passes.append(what)
    else:
        failures.append(what)
        print("FAIL:", what)


def run(redact, args, stdin):
    return subprocess.run([redact] + args, input=stdin.encode("utf-8"), capture_output=True,
                          timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redact", required=True)
    redact = ap.parse_args().redact

    lines = ["申請者 山田太郎様（電話 ０９０－１２３４－５６７８）", "", "特記事項なし",
             "𠮷野家の前で 個人番号 6214 9832 0257 を提示", "E-mail: taro@example.jp\r"]
    p = run(redact, ["detect", "--jsonl"], "\n".join(lines) + "\n")
    check(p.returncode == 0, f"exit code 0 (got {p.returncode}: {p.stderr.decode()[:200]})")
    out = p.stdout.decode("utf-8").splitlines()
    check(len(out) == len(lines), f"one output line per input line ({len(out)} != {len(lines)})")
    for line, raw in zip(lines, out):
        line = line.rstrip("\r")
        obj = json.loads(raw)
        check(list(obj.keys()) == ["findings"], "object has exactly 'findings'")
        for f in obj["findings"]:
            check(set(f) == {"category", "start", "end", "text", "score"}, f"finding keys {set(f)}")
            check(f["category"] in CATEGORIES, f"category {f['category']}")
            check(0 <= f["start"] < f["end"] <= len(line), "offsets inside the line")
            check(line[f["start"]:f["end"]] == f["text"], "text is the code point slice")
            check(0 < f["score"] <= 1, "score in (0, 1]")
    cats = [[f["category"] for f in json.loads(r)["findings"]] for r in out]
    check(cats[0] == ["person", "phone"], f"line 1 categories {cats[0]}")
    check(cats[1] == [] and cats[2] == [], "empty and PII-free lines give no findings")
    # Code points, not UTF-16 units or bytes: 𠮷 is outside the BMP.
    f = json.loads(out[3])["findings"]
    check([x["category"] for x in f] == ["my_number"], f"line 4 categories {f}")
    if f:
        check(f[0]["start"] == lines[3].index("6214"), "offset counts code points")
    check([x["text"] for x in json.loads(out[4])["findings"]] == ["taro@example.jp"], "CRLF stripped")

    # A bad policy is a one-line error and a non-zero exit, with nothing on stdout.
    with tempfile.NamedTemporaryFile("w", suffix=".json") as pol:
        pol.write('{"categories": {"people": true}}')
        pol.flush()
        p = run(redact, ["detect", "--jsonl", "--policy", pol.name], "山田太郎\n")
        check(p.returncode != 0, "bad policy exits non-zero")
        check(p.stdout == b"", "bad policy prints nothing on stdout")
        check(len(p.stderr.decode().strip().splitlines()) == 1, "bad policy: one-line reason")

    # A broken PDF is refused (fail closed): non-zero, one line, no output file.
    with tempfile.TemporaryDirectory() as d:
        src = f"{d}/in.pdf"
        open(src, "wb").write(b"%PDF-1.4\n")
        p = run(redact, [src, "-o", f"{d}/out.pdf"], "")
        check(p.returncode != 0, "redact IN -o OUT refuses a broken PDF")
        check(len(p.stderr.decode().strip().splitlines()) == 1, "broken PDF: one-line reason")
        check(not os.path.exists(f"{d}/out.pdf"), "no output written on refusal")

    print(f"{len(passes)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
