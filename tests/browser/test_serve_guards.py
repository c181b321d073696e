#!/usr/bin/env python3
"""`redact serve` from outside, without a browser: the token, the loopback/Host checks, the
upload limit, no personal data in the log, nothing written to disk, and the session ending
(end button and idle timeout). Uses only the standard library."""
import argparse
import http.client
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

FAILS = 0


def check(ok, what):
    global FAILS
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILS += 1


def start(redact, tmp, *extra):
    env = dict(os.environ, TMPDIR=str(tmp), TMP=str(tmp), TEMP=str(tmp))
    proc = subprocess.Popen([redact, "serve", "--no-open", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline().strip()
    m = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?t=([0-9a-f]{32})", line)
    if not m:
        proc.kill()
        sys.exit(f"FAIL no URL printed: {line!r} {proc.stderr.read()}")
    return proc, int(m.group(1)), m.group(2)


def req(port, method, path, body=None, headers=None, host=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    h = {"Host": host or f"127.0.0.1:{port}"}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data, r


def wait_done(port, hdr, fid):
    for _ in range(1200):
        st, body, _ = req(port, "GET", f"/api/files/{fid}", headers=hdr)
        info = json.loads(body)
        if info["status"] in ("done", "error"):
            return info
        time.sleep(0.1)
    return info


def review_image_file(port, hdr, folder):
    """A PNG scan: proposal in pixels, PNG previews, and an apply that leaves one finding and
    burns a drawn box — judged on the returned pixels with Pillow."""
    from io import BytesIO
    try:
        from PIL import Image
    except ImportError:  # a pyenv python: use Debian's python3-pil
        sys.path.append("/usr/lib/python3/dist-packages")
        from PIL import Image
    truth = json.loads((folder / "truth.json").read_text())
    entry = next(f for f in truth["files"] if f["file"] == "scan_tsuchi_06.png")
    w, h = entry["page_size_px"][0]
    st, body, _ = req(port, "POST", "/api/files", body=(folder / entry["file"]).read_bytes(),
                      headers=dict(hdr, **{"X-File-Name": "scan.png"}))
    fid = json.loads(body)["id"]
    info = wait_done(port, hdr, fid)
    check(info.get("status") == "done", f"PNG scan processed: {info.get('status')} {info.get('error', '')}")
    if info.get("status") != "done":
        return
    check(info["image_file"] and info["pages"][0]["width"] == w and info["pages"][0]["height"] == h,
          "image proposal: one page in pixels")
    check(info["download_name"] == "scan_墨消し.png", f"image download keeps its format: {info['download_name']}")
    for which in ("original", "result"):
        st, body, _ = req(port, "GET", f"/api/files/{fid}/{which}/1.png", headers=hdr)
        check(st == 200 and body.startswith(b"\x89PNG"), f"{which} page as PNG for the browser")
    person = [f for f in info["findings"] if f["category"] == "person"]
    check(len(person) >= 1, f"PNG scan: {len(person)} person finding(s) proposed")
    if not person:
        return

    def image(path):
        st, body, _ = req(port, "GET", path, headers=hdr)
        return Image.open(BytesIO(body)).convert("L")

    def dark_share(img, box):  # box in user space (pixels, y up)
        x0, y0, x1, y1 = box
        crop = img.crop((int(x0) + 2, int(h - y1) + 2, int(x1) - 2, int(h - y0) - 2))
        px = list(crop.getdata())
        return sum(1 for v in px if v < 96) / max(1, len(px))

    keep = person[0]
    before = image(f"/api/files/{fid}/result")
    check(all(dark_share(before, b) > 0.95 for b in keep["boxes"]), "proposed result: the finding is burnt")
    drawn = [40, h - 140, 240, h - 40]  # a top-left margin area
    body = {"disabled": [keep["id"]], "extra": [{"page": 1, "box": drawn, "category": "address"}]}
    st, out, _ = req(port, "POST", f"/api/files/{fid}/apply", body=json.dumps(body),
                     headers=dict(hdr, **{"Content-Type": "application/json"}))
    check(st == 200, f"apply on a PNG: {st} {out[:200]!r}")
    after = image(f"/api/files/{fid}/result")
    check(all(dark_share(after, b) < 0.6 for b in keep["boxes"]), "applied: the switched-off finding is not burnt")
    check(dark_share(after, drawn) > 0.97, "applied: the drawn box is burnt")
    others = [f for f in info["findings"] if f["id"] != keep["id"] and f["category"] != "person"]
    check(all(dark_share(after, b) > 0.95 for f in others for b in f["boxes"]), "applied: other findings still burnt")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redact", required=True)
    ap.add_argument("--pdf", required=True, help="folder with form_kaiji_01.pdf and truth.json")
    ap.add_argument("--scan", help="folder with scan_tsuchi_06.png (review of an image file)")
    a = ap.parse_args()
    pdf = pathlib.Path(a.pdf) / "form_kaiji_01.pdf"
    truth = json.loads((pathlib.Path(a.pdf) / "truth.json").read_text())
    entry = next(f for f in truth["files"] if f["file"] == pdf.name)
    data = pdf.read_bytes()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        proc, port, token = start(a.redact, tmp, "--max-upload-mb", "1")
        hdr = {"X-Redact-Token": token}
        st, _, _ = req(port, "GET", "/")
        check(st == 403, f"GET / without token: {st}")
        st, _, _ = req(port, "GET", "/?t=" + "0" * 32)
        check(st == 403, f"GET / with a wrong token: {st}")
        st, body, r = req(port, "GET", "/?t=" + token)
        cookie = r.getheader("Set-Cookie") or ""
        check(st == 200 and b"<html" in body, f"GET / with the token: {st}")
        check("HttpOnly" in cookie and "SameSite=Strict" in cookie, "session cookie is HttpOnly, SameSite=Strict")
        st, _, _ = req(port, "GET", "/static/app.js")
        check(st == 403, f"static file without token: {st}")
        st, body, _ = req(port, "GET", "/static/pdf.min.mjs", headers={"Cookie": f"redact_token={token}"})
        check(st == 200 and len(body) > 100000, "pdf.js is served from the build (cookie)")
        st, _, _ = req(port, "GET", "/?t=" + token, host="evil.example:%d" % port)
        check(st == 403, f"foreign Host header (DNS rebinding): {st}")
        st, _, _ = req(port, "GET", "/?t=" + token, host="localhost:%d" % port)
        check(st == 200, f"Host localhost: {st}")
        st, _, _ = req(port, "POST", "/api/files", body=data, headers={"Cookie": f"redact_token={token}"})
        check(st == 403, f"upload with the cookie only (no token header): {st}")
        st, _, _ = req(port, "GET", "/static/../../etc/passwd", headers=hdr)
        check(st in (400, 403, 404), f"path traversal: {st}")

        # Upload limit (1 MB here).
        st, _, _ = req(port, "POST", "/api/files", body=b"%PDF-1.4\n" + b"0" * (1200 * 1024),
                       headers=dict(hdr, **{"X-File-Name": "big.pdf"}))
        check(st == 413, f"upload over --max-upload-mb: {st}")

        # A real upload with a personal name in the file name; then the JSON never has values.
        name = urllib.parse.quote(entry["pii"][1]["value"].replace("\u3000", "") + "_申請書.pdf")
        st, body, _ = req(port, "POST", "/api/files", body=data, headers=dict(hdr, **{"X-File-Name": name}))
        check(st == 200, f"upload: {st}")
        fid = json.loads(body)["id"]
        info = {}
        for _ in range(600):
            st, body, _ = req(port, "GET", f"/api/files/{fid}", headers=hdr)
            info = json.loads(body)
            if info["status"] in ("done", "error"):
                break
            time.sleep(0.1)
        check(info.get("status") == "done", f"processed: {info.get('status')} {info.get('error', '')}")
        check(info.get("download_name", "").endswith("_申請書_墨消し.pdf"), "download name keeps the stem and adds _墨消し.pdf")
        listing = json.dumps(info.get("findings", []), ensure_ascii=False)
        for p in entry["pii"]:
            if p["channel"] == "page":
                check(p["value"].replace("\u3000", "") not in listing.replace("\u3000", ""),
                      f"findings JSON holds no whole {p['category']}")
        st, body, r = req(port, "GET", f"/api/files/{fid}/download", headers=hdr)
        check(st == 200 and body.startswith(b"%PDF-"), "download")
        check("UTF-8''" in (r.getheader("Content-Disposition") or ""), "download name as RFC 5987 UTF-8")
        st, body, _ = req(port, "POST", f"/api/files/{fid}/apply", body=json.dumps({"disabled": [99999]}),
                          headers=dict(hdr, **{"Content-Type": "application/json"}))
        check(st == 422, f"apply with an unknown finding id is refused: {st}")
        st, body, _ = req(port, "POST", f"/api/files/{fid}/apply", body="{not json", headers=hdr)
        check(st == 422, f"apply with a broken body is refused: {st}")
        # A whole page: nothing of it is left to read (pdftotext), and the record says so.
        st, body, _ = req(port, "POST", f"/api/files/{fid}/apply", body=json.dumps({"whole_pages": [1]}),
                          headers=dict(hdr, **{"Content-Type": "application/json"}))
        check(st == 200, f"apply with a whole page: {st} {body[:200]!r}")
        st, body, _ = req(port, "GET", f"/api/files/{fid}/result", headers=hdr)
        whole = tmp / "whole.pdf"
        whole.write_bytes(body)
        left = subprocess.run(["pdftotext", str(whole), "-"], capture_output=True, text=True).stdout
        whole.unlink()
        check(st == 200 and left.strip() == "", f"whole page: pdftotext reads nothing ({len(left.strip())} chars)")
        st, body, _ = req(port, "GET", f"/api/files/{fid}/summary?who=clerk01&lang=en", headers=hdr)
        check("whole page" in body.decode() and "reviewed and applied" in body.decode(), "record (English) lists the whole page")
        st, body, _ = req(port, "GET", f"/api/files/{fid}/summary?who=clerk01&lang=ja", headers=hdr)
        page = body.decode()
        check(st == 200 and "clerk01" in page and "墨消し記録" in page, "printable record with who")
        check(all(p["value"] not in page for p in entry["pii"] if p["channel"] == "page"), "record shows no values")
        st, body, _ = req(port, "POST", "/api/files", body=b"not a document", headers=dict(hdr, **{"X-File-Name": "x.txt"}))
        bad = json.loads(body)["id"]
        for _ in range(100):
            st, body, _ = req(port, "GET", f"/api/files/{bad}", headers=hdr)
            if json.loads(body)["status"] == "error":
                break
            time.sleep(0.1)
        check(json.loads(body)["status"] == "error", "a non-document fails with a reason")
        st, _, _ = req(port, "GET", f"/api/files/{bad}/download", headers=hdr)
        check(st == 409, f"no download for a failed file: {st}")

        if a.scan:
            review_image_file(port, hdr, pathlib.Path(a.scan))

        st, _, _ = req(port, "POST", "/api/end", headers=hdr)
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = "timeout"
        check(code == 0, f"end: the server exits ({code})")
        log = proc.stderr.read()
        values = [p["value"] for p in entry["pii"]] + [p["value"].replace("\u3000", "") for p in entry["pii"]]
        check(not any(v in log for v in values), "log holds no personal data")
        check("申請書" not in log and "form_kaiji" not in log, "log holds no file names")
        check("wiped" in log, "log says the session was wiped")
        check(list(tmp.iterdir()) == [], f"nothing written to TMPDIR: {list(tmp.iterdir())}")

        # The session also ends when the page stops calling in.
        proc, port, token = start(a.redact, tmp, "--idle-seconds", "5")
        req(port, "POST", "/api/heartbeat", headers={"X-Redact-Token": token})
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = "timeout"
        check(code == 0, f"idle page: the session ends on its own ({code})")
    print("all checks passed" if FAILS == 0 else f"{FAILS} check(s) failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
