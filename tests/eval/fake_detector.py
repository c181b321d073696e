#!/usr/bin/env python3
"""A fake detector for selftest_eval.py: echoes (or deliberately breaks) the ground truth.

    python3 tests/eval/fake_detector.py --corpus C.jsonl --mode echo < texts

Reads texts on stdin (one per line), looks each up in the corpus by line position (the
text must match), and prints one {"findings":[...]} line per input line.

Modes:
  echo       every truth span, exactly
  split      every truth span as two adjacent findings (the union still covers it)
  pad        every truth span widened by one code point on each side where that keeps
             >= 50% of the finding inside the truth (still a true positive)
  drop       the first truth span of the corpus left out            -> a miss
  trim       the first truth span shortened by one code point       -> a miss
  extra      one false positive (person) on a text without spans    -> a false positive
  offcenter  the first truth span shifted so < 50% lies inside it   -> miss + false positive
  badjson    one output line that is not JSON                       -> protocol error
  wrongtext  one finding whose "text" does not match its offsets    -> protocol error
  outofrange one finding ending past the end of the text            -> protocol error
  missing    the last output line left out                          -> protocol error
  crash      exit with status 3                                     -> detector failure
"""

import argparse
import json
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--mode", default="echo")
    args = ap.parse_args()
    if args.mode == "crash":
        print("fake_detector: simulated crash", file=sys.stderr)
        return 3
    with open(args.corpus, encoding="utf-8") as fh:
        corpus = [json.loads(ln) for ln in fh if ln.strip()]
    texts = sys.stdin.buffer.read().decode("utf-8").split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    assert len(texts) == len(corpus), (len(texts), len(corpus))

    first_span_item = next(i for i, it in enumerate(corpus) if it["spans"])
    empty_item = next((i for i, it in enumerate(corpus) if not it["spans"] and len(it["text"]) >= 2), None)

    out = []
    for i, (text, it) in enumerate(zip(texts, corpus)):
        assert text == it["text"], f"input line {i + 1} does not match the corpus"
        fs = []
        for k, sp in enumerate(it["spans"]):
            c, s, e = sp["category"], sp["start"], sp["end"]
            first = i == first_span_item and k == 0
            if args.mode == "drop" and first:
                continue
            if args.mode == "trim" and first:
                e -= 1
            if args.mode == "offcenter" and first:
                # one code point inside the truth, two or more outside it
                if len(text) - e >= 2:
                    s, e = e - 1, min(len(text), e + 3)
                else:
                    assert s >= 2, "no room for an off-centre finding"
                    s, e = max(0, s - 3), s + 1
            if args.mode == "split" and e - s >= 2:
                m = (s + e) // 2
                fs += [(c, s, m), (c, m, e)]
                continue
            if args.mode == "pad" and e - s >= 2:
                s, e = max(0, s - 1), min(len(text), e + 1)
            fs.append((c, s, e))
        if args.mode == "extra" and i == empty_item:
            fs.append(("person", 0, 2))
        findings = [{"category": c, "start": s, "end": e, "text": text[s:e], "score": 0.9} for c, s, e in fs]
        if args.mode == "wrongtext" and i == first_span_item:
            findings[0]["text"] += "x"
        if args.mode == "outofrange" and i == first_span_item:
            findings[0]["end"] = len(text) + 1
        line = json.dumps({"findings": findings}, ensure_ascii=False)
        if args.mode == "badjson" and i == first_span_item:
            line = line[:-1]
        out.append(line)
    if args.mode == "missing":
        out.pop()
    sys.stdout.buffer.write(("\n".join(out) + ("\n" if out else "")).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
