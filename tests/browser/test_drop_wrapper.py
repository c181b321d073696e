#!/usr/bin/env python3
"""The drop-on-an-icon wrapper (tools/desktop/libredact-drop) without a dialog: outputs next to
the originals as <name>_墨消し.pdf, originals untouched, an earlier output never replaced,
plain-Japanese reasons and no output for files that fail, and the .desktop launcher's Exec."""
import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

FAILS = 0


def check(ok, what):
    global FAILS
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILS += 1


def sha(p):
    return hashlib.sha256(pathlib.Path(p).read_bytes()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    for k in ("wrapper", "desktop", "redact", "pdf", "out", "checker"):
        ap.add_argument("--" + k, required=True)
    a = ap.parse_args()
    out = pathlib.Path(a.out)
    shutil.rmtree(out, ignore_errors=True)
    folder = out / "受付 フォルダー"
    folder.mkdir(parents=True)
    good = folder / "form_kaiji_01.pdf"
    shutil.copy(pathlib.Path(a.pdf) / "form_kaiji_01.pdf", good)
    broken = folder / "壊れた.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf\n")
    text = folder / "メモ.txt"
    text.write_text("申請者 山田太郎", encoding="utf-8")
    enc = folder / "暗号.pdf"
    r = subprocess.run(["qpdf", "--encrypt", "u", "o", "256", "--", str(good), str(enc)], capture_output=True)
    check(r.returncode == 0, "qpdf made an encrypted input")
    before = {p.name: sha(p) for p in folder.iterdir()}

    env = dict(os.environ, REDACT_BIN=a.redact, REDACT_DROP_NO_DIALOG="1")
    env.pop("DISPLAY", None)
    r = subprocess.run([a.wrapper, str(good), str(broken), str(text), str(enc)], capture_output=True,
                       text=True, env=env)
    print(r.stdout)
    check(r.returncode == 1, f"exit 1 when a file failed ({r.returncode})")
    out_pdf = folder / "form_kaiji_01_墨消し.pdf"
    check(out_pdf.is_file(), "output next to the original as <name>_墨消し.pdf")
    check({p.name: sha(p) for p in folder.iterdir() if p.name in before} == before, "originals unchanged")
    made = sorted(p.name for p in folder.iterdir() if p.name not in before)
    check(made == ["form_kaiji_01_墨消し.pdf"], f"no output for failed files: {made}")
    check("✓ form_kaiji_01.pdf → form_kaiji_01_墨消し.pdf" in r.stdout, "summary names the output")
    check("壊れた.pdf: ファイルが壊れているため読めません" in r.stdout, "broken file: reason in Japanese")
    check("メモ.txt: 対応していない形式です" in r.stdout, "text file: reason in Japanese")
    check("暗号.pdf: パスワードで保護（暗号化）された PDF は処理できません" in r.stdout, "encrypted: reason in Japanese")
    check("成功 1 件・失敗 3 件" in r.stdout, "summary counts")
    truth = pathlib.Path(a.pdf) / "truth.json"
    v = subprocess.run([sys.executable, a.checker, "--truth", str(truth), "--original", str(good),
                        "--redacted", str(out_pdf), "--name", "form_kaiji_01.pdf"], capture_output=True, text=True)
    check(v.returncode == 0, "check_redacted.py passes on the wrapper's output")
    if v.returncode:
        print(v.stdout[-3000:])

    # Dropped again: a second output, the first one kept.
    first = sha(out_pdf)
    r = subprocess.run([a.wrapper, str(good)], capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"exit 0 when every file was redacted ({r.returncode})")
    check((folder / "form_kaiji_01_墨消し(2).pdf").is_file(), "second drop writes _墨消し(2).pdf")
    check(sha(out_pdf) == first, "the earlier output is not replaced")
    check("墨消しが完了しました（1 件）" in r.stdout, "success title")

    # Nothing dropped, and no redact binary: a plain message, non-zero exit.
    r = subprocess.run([a.wrapper], capture_output=True, text=True, env=env)
    check(r.returncode != 0 and "ドロップしてください" in r.stdout, "no files: says what to do")
    r = subprocess.run([a.wrapper, str(good)], capture_output=True, text=True,
                       env=dict(env, REDACT_BIN="/nonexistent/redact"))
    check(r.returncode != 0 and "見つかりません" in r.stdout, "no redact binary: says so")

    desktop = pathlib.Path(a.desktop).read_text(encoding="utf-8")
    exec_line = next((l for l in desktop.splitlines() if l.startswith("Exec=")), "")
    check(exec_line == "Exec=libredact-drop %F", f"launcher: {exec_line}")
    check("MimeType=application/pdf;" in desktop and "Name[ja]=" in desktop, "launcher: types and Japanese name")
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", a.desktop], capture_output=True, text=True)
        check(r.returncode == 0, "desktop-file-validate: " + r.stdout.strip())
    print("all checks passed" if FAILS == 0 else f"{FAILS} check(s) failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
