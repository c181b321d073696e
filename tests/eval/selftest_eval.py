#!/usr/bin/env python3
"""Self-test for eval_detect.py and samples/gen_detect_corpus.py (no C++ build needed).

    python3 tests/eval/selftest_eval.py

1. Runs the evaluator against fake_detector.py on a tiny inline corpus and asserts its
   verdicts: a perfect echo passes; a dropped / trimmed span fails recall; an extra
   finding fails precision; protocol violations and a crashing detector are errors.
2. Generates both corpus splits, checks that generation is deterministic, that the
   corpus is well-formed (offsets, categories, coverage counts, checksums) and that a
   perfect echo of it passes the evaluator at 100% recall and precision.

Exits 0 when every assertion holds, 1 otherwise.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EVAL = os.path.join(HERE, "eval_detect.py")
FAKE = os.path.join(HERE, "fake_detector.py")
GEN = os.path.join(ROOT, "samples", "gen_detect_corpus.py")
PY = sys.executable

sys.dont_write_bytecode = True  # keep samples/ free of __pycache__
sys.path.insert(0, os.path.join(ROOT, "samples"))
import gen_detect_corpus as gen  # noqa: E402

failures = []
passes = 0


def check(cond: bool, what: str, detail: str = "") -> None:
    global passes
    if cond:
        passes += 1
        print(f"ok    {what}")
    else:
        failures.append(what)
        print(f"FAIL  {what}" + (f"\n      {detail}" if detail else ""))


def write_jsonl(path, items):
    with open(path, "w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")


def span(cat, text, sub, nth=0):
    """Offsets of the nth occurrence of sub in text (only for the hand-written test corpus)."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(sub, pos + 1)
    return {"category": cat, "start": pos, "end": pos + len(sub)}


def tiny_corpus():
    items = []

    def add(text, *spans):
        items.append({"id": f"t{len(items) + 1:02d}", "split": "test", "text": text, "spans": list(spans)})

    t = "氏名：𠮷田 花子　様"  # non-BMP character: offsets must be code points
    add(t, span("person", t, "𠮷田 花子"))
    t = "氏名\t山田 一郎\t電話番号\t03-1234-5678"
    add(t, span("person", t, "山田 一郎"), span("phone", t, "03-1234-5678"))
    t = "個人番号：６２１４ ９８３２ ０２５７"
    add(t, span("my_number", t, "６２１４ ９８３２ ０２５７"))
    t = "受付番号 621498320257 の件について"
    add(t)
    t = "〒100-0001 東京都千代田区千代田1-1 メゾン桜202号室"
    add(t, span("postal_code", t, "100-0001"), span("address", t, "東京都千代田区千代田1-1 メゾン桜202号室"))
    t = "横浜市では来年度から新たな事業を実施する。"
    add(t)
    return items


def run_eval(corpus, mode, *extra):
    cmd = [PY, EVAL, "--corpus", corpus, "--detector", f"{PY} {FAKE} --corpus {corpus} --mode {mode}", *extra]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def last_line(s):
    lines = [ln for ln in s.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def test_evaluator(tmp):
    corpus = os.path.join(tmp, "tiny.jsonl")
    write_jsonl(corpus, tiny_corpus())
    strict = ["--min-recall", "default=1.0", "--min-precision", "1.0"]

    # Perfect echo, and variations that must still pass.
    for mode in ("echo", "split", "pad"):
        js = os.path.join(tmp, f"sum_{mode}.json")
        rc, out, err = run_eval(corpus, mode, *strict, "--min-category-precision", "default=1.0", "--json-out", js)
        check(rc == 0, f"{mode}: exit 0", f"rc={rc}\n{out}\n{err}")
        check(re.fullmatch(r"\d+ passed, 0 failed", last_line(out)) is not None, f"{mode}: final line 'N passed, 0 failed'", last_line(out))
        with open(js, encoding="utf-8") as fh:
            summ = json.load(fh)
        check(summ["overall"]["recall"] == 1.0 and summ["overall"]["precision"] == 1.0 and summ["failed"] == 0,
              f"{mode}: summary shows recall=precision=1", json.dumps(summ["overall"]))
        check(summ["categories"]["person"]["truth"] == 2 and summ["categories"]["person"]["recalled"] == 2,
              f"{mode}: person truth/recalled counted", json.dumps(summ["categories"].get("person")))

    # Dropped span: recall fails, naming the category.
    rc, out, _ = run_eval(corpus, "drop", *strict)
    check(rc == 1, "drop: exit 1", out)
    check("FAIL  recall[person]" in out and "FAILED: recall[person]" in out, "drop: names recall[person]", out)
    check(last_line(out).endswith(" 1 failed"), "drop: final line reports 1 failed", last_line(out))
    check("Misses (1):" in out and "t01" in out, "drop: lists the miss with its id", out)

    # Per-category threshold honoured: person=0.5 tolerates one dropped person of two.
    rc, out, _ = run_eval(corpus, "drop", "--min-recall", "person=0.5,default=1.0")
    check(rc == 0, "drop with person=0.5: exit 0", out)

    # Trimmed span (one code point short): not recalled.
    rc, out, _ = run_eval(corpus, "trim", *strict)
    check(rc == 1 and "recall[person]" in out, "trim: exit 1 (partial coverage is a miss)", out)

    # Extra finding: overall and per-category precision fail, recall fine.
    rc, out, _ = run_eval(corpus, "extra", *strict)
    check(rc == 1 and "FAIL  precision[overall]" in out, "extra: exit 1, precision[overall] fails", out)
    check("PASS  recall[person]" in out, "extra: recall still passes", out)
    check("False positives (1):" in out, "extra: lists one false positive", out)
    rc, out, _ = run_eval(corpus, "extra", "--min-category-precision", "person=0.9")
    check(rc == 1 and "FAIL  precision[person]" in out, "extra: per-category precision fails", out)
    rc, out, _ = run_eval(corpus, "extra", "--min-recall", "1.0")
    check(rc == 0, "extra without precision threshold: exit 0", out)

    # Finding mostly outside the truth: both a miss and a false positive.
    js = os.path.join(tmp, "sum_off.json")
    rc, out, _ = run_eval(corpus, "offcenter", *strict, "--json-out", js)
    with open(js, encoding="utf-8") as fh:
        summ = json.load(fh)
    check(rc == 1 and len(summ["misses"]) == 1 and len(summ["false_positives"]) == 1,
          "offcenter: one miss and one false positive", json.dumps(summ["overall"]))

    # Protocol violations and detector failure: exit 2.
    for mode in ("badjson", "wrongtext", "outofrange", "missing", "crash"):
        rc, out, err = run_eval(corpus, mode, *strict)
        check(rc == 2 and "error" in err, f"{mode}: exit 2 with an error message", f"rc={rc} err={err.strip()}")

    # Bad threshold spec.
    rc, _, err = run_eval(corpus, "echo", "--min-recall", "persn=0.9")
    check(rc == 2 and "unknown category" in err, "unknown category in threshold: exit 2", err)

    # Whitespace at the edge of a truth span need not be covered.
    ws = os.path.join(tmp, "ws.jsonl")
    t = "氏名：佐藤 一 "
    write_jsonl(ws, [{"id": "w1", "text": t, "spans": [{"category": "person", "start": 3, "end": len(t)}]}])
    rc, out, _ = run_eval(ws, "trim", *strict)
    check(rc == 0, "trailing whitespace of a truth span is not required", out)

    # No thresholds: report only, exit 0, "0 passed, 0 failed".
    rc, out, _ = run_eval(corpus, "drop")
    check(rc == 0 and last_line(out) == "0 passed, 0 failed", "no thresholds: exit 0", last_line(out))


# -----------------------------------------------------------------------------
# Generator
# -----------------------------------------------------------------------------

CONTEXT_MY_NUMBER = ("個人番号", "マイナンバー", "通知カード")


def digits(s):
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def validate_corpus(path, split):
    with open(path, encoding="utf-8") as fh:
        items = [json.loads(ln) for ln in fh]
    counts = {c: 0 for c in gen.CATEGORIES}
    problems = []
    ids = set()
    empty = 0
    damaged = 0
    for it in items:
        if set(it) != {"id", "split", "text", "spans"} or it["split"] != split or it["id"] in ids:
            problems.append(f"bad keys/split/id: {it.get('id')}")
        ids.add(it["id"])
        text = it["text"]
        if "\n" in text or "\r" in text or not text:
            problems.append(f"{it['id']}: bad text")
        if not it["spans"]:
            empty += 1
        prev_end = -1
        for sp in sorted(it["spans"], key=lambda s: s["start"]):
            c, s, e = sp["category"], sp["start"], sp["end"]
            seg = text[s:e] if 0 <= s < e <= len(text) else None
            if c not in gen.CATEGORIES or seg is None or seg != seg.strip() or s < prev_end:
                problems.append(f"{it['id']}: bad span {sp}")
                continue
            prev_end = e
            counts[c] += 1
            d = digits(seg)
            if c == "my_number":
                if len(d) != 12:
                    problems.append(f"{it['id']}: my_number with {len(d)} digits")
                elif not gen.is_valid_my_number(d):
                    damaged += 1
                    if "個人番号" not in text:
                        problems.append(f"{it['id']}: invalid My Number without 個人番号 label")
                if not any(w in text for w in CONTEXT_MY_NUMBER):
                    problems.append(f"{it['id']}: My Number without context")
            elif c == "corporate_number" and not gen.is_valid_corporate(d):
                problems.append(f"{it['id']}: invalid corporate number {seg}")
            elif c == "insurance_number" and text[max(0, s - 12):s].rstrip("：:\t 　【】［］（|■").endswith("保険者番号") \
                    and not text[max(0, s - 12):s].rstrip("：:\t 　【】［］（|■").endswith("被保険者番号"):
                if not gen.is_valid_insurer(d):
                    problems.append(f"{it['id']}: invalid insurer number {seg}")
            elif c == "passport" and not re.fullmatch(r"[A-Z]{2}\d{7}", unicodedata.normalize("NFKC", seg)):
                problems.append(f"{it['id']}: passport shape {seg}")
            elif c == "residence_card" and not re.fullmatch(r"[A-Z]{2}\d{8}[A-Z]{2}", unicodedata.normalize("NFKC", seg)):
                problems.append(f"{it['id']}: residence card shape {seg}")
            elif c == "pension_number" and len(d) != 10:
                problems.append(f"{it['id']}: pension number {seg}")
            elif c == "drivers_license" and len(d) != 12:
                problems.append(f"{it['id']}: driver's licence {seg}")
    check(not problems, f"{split}: corpus well-formed", "; ".join(problems[:10]))
    return items, counts, empty, damaged


def test_generator(tmp):
    check(gen.my_number_check("62149832025") == 7, "My Number check digit of 6214 9832 025 is 7")
    check(gen.is_valid_corporate("7000012050002"), "corporate checksum accepts 7000012050002")
    check(gen.is_valid_insurer("01130012"), "insurer checksum accepts 01130012")

    paths = {}
    for split in ("synthetic", "prose"):
        a, b, c = (os.path.join(tmp, f"{split}_{x}.jsonl") for x in "abc")
        for path, seed in ((a, None), (b, None), (c, 7)):
            cmd = [PY, GEN, "--split", split, "--out", path] + (["--seed", str(seed)] if seed is not None else [])
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            check(p.returncode == 0, f"{split}: generator runs (seed={seed})", p.stderr)
        with open(a, "rb") as fa, open(b, "rb") as fb, open(c, "rb") as fc:
            da, db, dc = fa.read(), fb.read(), fc.read()
        check(da == db, f"{split}: same seed gives identical output")
        check(da != dc, f"{split}: a different seed gives different output")
        paths[split] = a

    items, counts, empty, damaged = validate_corpus(paths["synthetic"], "synthetic")
    check(len(items) >= 400, f"synthetic: >= 400 items ({len(items)})")
    low = {c: n for c, n in counts.items() if n < 20}
    check(not low, "synthetic: every category >= 20 spans", str(low))
    check(empty >= 80, f"synthetic: >= 80 items without spans ({empty})")
    check(1 <= damaged <= 12, f"synthetic: a few damaged My Numbers with a 個人番号 label ({damaged})")

    items, counts, empty, _ = validate_corpus(paths["prose"], "prose")
    check(sum(1 for it in items if it["spans"]) >= 150, f"prose: >= 150 items with names ({len(items) - empty})")
    check(set(c for c, n in counts.items() if n) == {"person"}, "prose: person spans only")
    check(empty >= 30, f"prose: sentences without names ({empty})")

    for split, path in paths.items():
        rc, out, err = run_eval(path, "echo", "--min-recall", "default=1.0", "--min-precision", "1.0",
                                "--min-category-precision", "default=1.0")
        check(rc == 0, f"{split}: perfect echo of the generated corpus passes", last_line(out) + err)
        rc, out, err = run_eval(path, "drop", "--min-recall", "default=1.0")
        check(rc == 1, f"{split}: a dropped span in the generated corpus fails", last_line(out) + err)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="selftest_eval.") as tmp:
        test_evaluator(tmp)
        test_generator(tmp)
    print()
    print(f"{passes} passed, {len(failures)} failed")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
