#!/usr/bin/env python3
"""Evaluate a text detector command against a ground-truthed JSONL corpus.

    python3 tests/eval/eval_detect.py --corpus samples/detect_synthetic.jsonl \\
        --detector "build/bin/redact detect --jsonl" \\
        --min-recall person=0.97,address=0.97,default=1.0 --min-precision 0.95 \\
        --min-category-precision person=0.8 --json-out summary.json

Protocol: the texts of the corpus are written to the detector's stdin, one per line
(UTF-8, in corpus order, "\\n"-terminated).  The detector prints exactly one JSON object
per input line on stdout:

    {"findings":[{"category":"person","start":3,"end":7,"text":"山田太郎","score":0.93}]}

start/end are Unicode code point offsets into that line.  Checked: one output line per
input line, valid JSON, known category, 0 <= start < end <= len(text),
text == line[start:end], score (if present) a number.

Scoring:
  * a truth span is RECALLED when the union of the findings of the same category covers
    every code point of it except leading/trailing whitespace;
  * a finding is a TRUE POSITIVE when >= 50% of its code points lie inside truth spans
    of the same category, otherwise a FALSE POSITIVE.
  Per category: truth, recalled, recall, findings, TP, precision; overall precision is
  micro-averaged over all findings.

Thresholds (each category/threshold pair is one check):
  --min-recall CAT=X,...,default=X     per category; categories without truth are skipped
  --min-precision X                    overall (micro) precision
  --min-category-precision CAT=X,...   per category; categories without findings skipped
  A bare number ("0.9") is the same as default=0.9.

Exit status: 0 all checks passed; 1 a threshold failed (named in the output);
2 usage error, unreadable corpus, detector failure or protocol violation.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys

CATEGORIES = (
    "person", "address", "postal_code", "phone", "email", "birth_date",
    "my_number", "corporate_number", "bank_account", "drivers_license",
    "passport", "residence_card", "pension_number", "insurance_number",
)

EXIT_OK, EXIT_THRESHOLD, EXIT_ERROR = 0, 1, 2


class EvalError(Exception):
    """Anything that makes the evaluation itself invalid (exit 2)."""


# -----------------------------------------------------------------------------
# Corpus
# -----------------------------------------------------------------------------

def load_corpus(path: str) -> list[dict]:
    items = []
    seen_ids = set()
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise EvalError(f"cannot open corpus {path}: {e}") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise EvalError(f"{where}: invalid JSON: {e}") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) \
                    or not isinstance(obj.get("spans"), list):
                raise EvalError(f"{where}: need an object with 'text' (string) and 'spans' (list)")
            text = obj["text"]
            if "\n" in text or "\r" in text:
                raise EvalError(f"{where}: text contains a line break")
            if text == "":
                raise EvalError(f"{where}: empty text")
            iid = str(obj.get("id", f"line{lineno}"))
            if iid in seen_ids:
                raise EvalError(f"{where}: duplicate id {iid}")
            seen_ids.add(iid)
            spans = []
            for sp in obj["spans"]:
                try:
                    cat, s, e = sp["category"], sp["start"], sp["end"]
                except (KeyError, TypeError):
                    raise EvalError(f"{where}: span needs category/start/end: {sp!r}") from None
                if cat not in CATEGORIES:
                    raise EvalError(f"{where}: unknown category {cat!r}")
                if not (_is_int(s) and _is_int(e) and 0 <= s < e <= len(text)):
                    raise EvalError(f"{where}: span offsets out of range: {sp!r}")
                spans.append((cat, s, e))
            items.append({"id": iid, "text": text, "spans": spans})
    if not items:
        raise EvalError(f"corpus {path} is empty")
    return items


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


# -----------------------------------------------------------------------------
# Detector
# -----------------------------------------------------------------------------

def run_detector(cmd: str, items: list[dict], timeout: float | None) -> list[str]:
    argv = shlex.split(cmd)
    if not argv:
        raise EvalError("empty --detector command")
    data = "".join(it["text"] + "\n" for it in items).encode("utf-8")
    try:
        proc = subprocess.run(argv, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except FileNotFoundError:
        raise EvalError(f"detector not found: {argv[0]}") from None
    except PermissionError:
        raise EvalError(f"detector not executable: {argv[0]}") from None
    except subprocess.TimeoutExpired:
        raise EvalError(f"detector did not finish within {timeout} s") from None
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise EvalError(f"detector exited with status {proc.returncode}"
                        + ("; stderr:\n  " + "\n  ".join(tail) if tail else ""))
    try:
        out = proc.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise EvalError(f"detector output is not valid UTF-8: {e}") from None
    # Split on "\n" only: str.splitlines() would also split on U+2028, U+0085, ...
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if len(lines) != len(items):
        raise EvalError(f"detector printed {len(lines)} line(s) for {len(items)} input line(s)")
    return lines


def parse_findings(lines: list[str], items: list[dict], max_errors=20) -> list[list[tuple]]:
    errors = []
    result = []
    for ln, it in zip(lines, items):
        text = it["text"]
        found = []
        where = f"output for {it['id']}"
        try:
            obj = json.loads(ln)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: invalid JSON ({e}): {ln[:120]!r}")
            result.append(found)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("findings"), list):
            errors.append(f"{where}: need an object with a 'findings' list: {ln[:120]!r}")
            result.append(found)
            continue
        for f in obj["findings"]:
            if not isinstance(f, dict):
                errors.append(f"{where}: finding is not an object: {f!r}")
                continue
            cat, s, e, t = f.get("category"), f.get("start"), f.get("end"), f.get("text")
            if cat not in CATEGORIES:
                errors.append(f"{where}: unknown category {cat!r}")
                continue
            if not (_is_int(s) and _is_int(e)):
                errors.append(f"{where}: start/end must be integers: {f!r}")
                continue
            if not (0 <= s < e <= len(text)):
                errors.append(f"{where}: offsets {s}..{e} outside text of length {len(text)}")
                continue
            if t != text[s:e]:
                errors.append(f"{where}: text {t!r} != text[{s}:{e}] {text[s:e]!r}")
                continue
            if "score" in f and (not isinstance(f["score"], (int, float)) or isinstance(f["score"], bool)):
                errors.append(f"{where}: score is not a number: {f['score']!r}")
                continue
            found.append((cat, s, e))
        result.append(found)
    if errors:
        shown = errors[:max_errors]
        more = len(errors) - len(shown)
        raise EvalError("detector output violates the protocol:\n  " + "\n  ".join(shown)
                        + (f"\n  ... and {more} more" if more else ""))
    return result


# -----------------------------------------------------------------------------
# Scoring
# -----------------------------------------------------------------------------

def score(items: list[dict], findings: list[list[tuple]]):
    per = {c: {"truth": 0, "recalled": 0, "findings": 0, "tp": 0} for c in CATEGORIES}
    misses, fps = [], []
    for it, found in zip(items, findings):
        text = it["text"]
        n = len(text)
        truth_mask = {}
        cover_mask = {}
        for cat, s, e in it["spans"]:
            m = truth_mask.setdefault(cat, bytearray(n))
            m[s:e] = b"\x01" * (e - s)
        for cat, s, e in found:
            m = cover_mask.setdefault(cat, bytearray(n))
            m[s:e] = b"\x01" * (e - s)
        for cat, s, e in it["spans"]:
            per[cat]["truth"] += 1
            ts, te = s, e
            while ts < te and text[ts].isspace():
                ts += 1
            while te > ts and text[te - 1].isspace():
                te -= 1
            cm = cover_mask.get(cat)
            uncovered = [i for i in range(ts, te) if cm is None or not cm[i]]
            if not uncovered:
                per[cat]["recalled"] += 1
            else:
                misses.append({"id": it["id"], "category": cat, "start": s, "end": e,
                               "span": text[s:e], "uncovered": len(uncovered),
                               "context": context(text, s, e)})
        for cat, s, e in found:
            per[cat]["findings"] += 1
            tm = truth_mask.get(cat)
            inside = sum(tm[s:e]) if tm is not None else 0
            if 2 * inside >= (e - s):
                per[cat]["tp"] += 1
            else:
                fps.append({"id": it["id"], "category": cat, "start": s, "end": e,
                            "span": text[s:e], "inside": inside,
                            "truth_here": sorted({c for c, ts_, te_ in it["spans"] if ts_ < e and s < te_}),
                            "context": context(text, s, e)})
    for c in CATEGORIES:
        d = per[c]
        d["recall"] = d["recalled"] / d["truth"] if d["truth"] else None
        d["precision"] = d["tp"] / d["findings"] if d["findings"] else None
    tot_f = sum(per[c]["findings"] for c in CATEGORIES)
    tot_tp = sum(per[c]["tp"] for c in CATEGORIES)
    tot_t = sum(per[c]["truth"] for c in CATEGORIES)
    tot_r = sum(per[c]["recalled"] for c in CATEGORIES)
    overall = {"truth": tot_t, "recalled": tot_r, "recall": tot_r / tot_t if tot_t else None,
               "findings": tot_f, "tp": tot_tp, "precision": tot_tp / tot_f if tot_f else None}
    return per, overall, misses, fps


def context(text: str, s: int, e: int, width=18) -> str:
    left = text[max(0, s - width):s]
    right = text[e:e + width]
    vis = lambda x: x.replace("\t", "⇥")  # noqa: E731
    return ("…" if s > width else "") + vis(left) + "【" + vis(text[s:e]) + "】" + vis(right) \
        + ("…" if e + width < len(text) else "")


# -----------------------------------------------------------------------------
# Thresholds
# -----------------------------------------------------------------------------

def parse_thresholds(spec: str | None, option: str) -> dict:
    """'person=0.97,address=0.97,default=1.0' -> {'person':0.97,...}; '0.9' -> {'default':0.9}."""
    if spec is None:
        return {}
    out = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, val = (x.strip() for x in part.split("=", 1))
        else:
            key, val = "default", part
        if key != "default" and key not in CATEGORIES:
            raise EvalError(f"{option}: unknown category {key!r}")
        try:
            v = float(val)
        except ValueError:
            raise EvalError(f"{option}: not a number: {val!r}") from None
        if not 0.0 <= v <= 1.0:
            raise EvalError(f"{option}: {key}={v} is outside 0..1")
        out[key] = v
    return out


def run_checks(per, overall, min_recall, min_precision, min_cat_precision):
    checks = []  # (ok, name, value, threshold)
    for c in CATEGORIES:
        thr = min_recall.get(c, min_recall.get("default"))
        if thr is None or per[c]["recall"] is None:
            continue
        checks.append((per[c]["recall"] >= thr, f"recall[{c}]", per[c]["recall"], thr))
    if min_precision is not None and overall["precision"] is not None:
        checks.append((overall["precision"] >= min_precision, "precision[overall]", overall["precision"], min_precision))
    for c in CATEGORIES:
        thr = min_cat_precision.get(c, min_cat_precision.get("default"))
        if thr is None or per[c]["precision"] is None:
            continue
        checks.append((per[c]["precision"] >= thr, f"precision[{c}]", per[c]["precision"], thr))
    return checks


# -----------------------------------------------------------------------------
# Report
# -----------------------------------------------------------------------------

def pct(x) -> str:
    return "   n/a" if x is None else f"{100 * x:6.1f}%"


def print_report(corpus, n_items, per, overall, misses, fps, checks, max_list, out=sys.stdout):
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"corpus: {corpus} ({n_items} texts)")
    p()
    p(f"{'category':<18}{'truth':>7}{'recalled':>10}{'recall':>9}{'findings':>10}{'TP':>7}{'precision':>11}")
    p("-" * 72)
    for c in CATEGORIES:
        d = per[c]
        if not d["truth"] and not d["findings"]:
            continue
        p(f"{c:<18}{d['truth']:>7}{d['recalled']:>10}{pct(d['recall']):>9}{d['findings']:>10}{d['tp']:>7}{pct(d['precision']):>11}")
    p("-" * 72)
    o = overall
    p(f"{'overall (micro)':<18}{o['truth']:>7}{o['recalled']:>10}{pct(o['recall']):>9}{o['findings']:>10}{o['tp']:>7}{pct(o['precision']):>11}")
    p()
    p(f"Misses ({len(misses)}):")
    for m in misses[:max_list]:
        n = m["end"] - m["start"]
        p(f"  {m['id']:<7} {m['category']:<17} {m['context']}  ({m['uncovered']}/{n} uncovered)")
    if len(misses) > max_list:
        p(f"  ... and {len(misses) - max_list} more")
    p()
    p(f"False positives ({len(fps)}):")
    for f in fps[:max_list]:
        note = f"  (truth here: {', '.join(f['truth_here'])})" if f["truth_here"] else ""
        p(f"  {f['id']:<7} {f['category']:<17} {f['context']}{note}")
    if len(fps) > max_list:
        p(f"  ... and {len(fps) - max_list} more")
    p()
    if checks:
        p("Checks:")
        for ok, name, val, thr in checks:
            p(f"  {'PASS' if ok else 'FAIL'}  {name:<28} {val:.4f} {'>=' if ok else '<'} {thr:.4f}")
        p()
    failed = [c for c in checks if not c[0]]
    if failed:
        p("FAILED: " + ", ".join(f"{name} {val:.4f} < {thr:.4f}" for _, name, val, thr in failed))
    p(f"{len(checks) - len(failed)} passed, {len(failed)} failed")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate a text detector against a ground-truthed corpus.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--corpus", required=True, help="JSONL corpus (samples/gen_detect_corpus.py)")
    ap.add_argument("--detector", required=True, help='detector command, e.g. "build/bin/redact detect --jsonl"')
    ap.add_argument("--min-recall", help="per-category recall thresholds, e.g. person=0.97,default=1.0")
    ap.add_argument("--min-precision", type=float, help="overall (micro) precision threshold")
    ap.add_argument("--min-category-precision", help="per-category precision thresholds, e.g. person=0.8")
    ap.add_argument("--json-out", help="write a JSON summary here")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds the detector may run (default 600)")
    ap.add_argument("--max-list", type=int, default=200, help="misses / false positives printed (default 200)")
    args = ap.parse_args(argv)

    try:
        min_recall = parse_thresholds(args.min_recall, "--min-recall")
        min_cat_precision = parse_thresholds(args.min_category_precision, "--min-category-precision")
        if args.min_precision is not None and not 0.0 <= args.min_precision <= 1.0:
            raise EvalError("--min-precision must be within 0..1")
        items = load_corpus(args.corpus)
        lines = run_detector(args.detector, items, args.timeout)
        findings = parse_findings(lines, items)
    except EvalError as e:
        print(f"eval_detect: error: {e}", file=sys.stderr)
        return EXIT_ERROR

    per, overall, misses, fps = score(items, findings)
    checks = run_checks(per, overall, min_recall, args.min_precision, min_cat_precision)
    print_report(args.corpus, len(items), per, overall, misses, fps, checks, args.max_list)

    failed = [c for c in checks if not c[0]]
    if args.json_out:
        summary = {
            "corpus": os.path.basename(args.corpus), "texts": len(items),
            "categories": {c: per[c] for c in CATEGORIES if per[c]["truth"] or per[c]["findings"]},
            "overall": overall,
            "checks": [{"name": n, "value": v, "threshold": t, "passed": ok} for ok, n, v, t in checks],
            "passed": len(checks) - len(failed), "failed": len(failed),
            "misses": misses, "false_positives": fps,
        }
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(summary, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    return EXIT_THRESHOLD if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
