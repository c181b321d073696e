#!/usr/bin/env python3
"""Hostile and malformed inputs for `redact`, written at test time (nothing hand-edited is
checked in): gen_hostile.py --out DIR writes DIR/<case>.<ext> and DIR/cases.json, which says
for each case what must happen —

  {"expect": "refuse", "reason": "<substring>"}   exit 1, the reason on stderr, no output
  {"expect": "redact"}                             exit 0, an output that qpdf --check
                                                   accepts, in one revision, holding none of
                                                   the PII strings (pdftotext, raw and
                                                   decompressed bytes), the kept line still
                                                   there unless "keep" is false

Only the standard library and qpdf (for object streams and encryption) are used. The PII
strings are synthetic (example.jp, a 090 number)."""
import argparse
import json
import os
import pathlib
import re
import struct
import subprocess
import sys
import zlib

EMAIL = "taro.yamada@example.jp"
PHONE = "090-1234-5678"
PII = [EMAIL, PHONE]
KEEP = "This line is kept."

WIDTHS = b"[" + b" ".join([b"500"] * 95) + b"]"
FONT = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/FirstChar 32 /LastChar 126 /Widths " + WIDTHS + b" >>")
TEXT = (f"BT /F1 12 Tf 72 720 Td (Applicant contact: {EMAIL}) Tj 0 -20 Td (Mobile {PHONE}) Tj "
        f"0 -20 Td ({KEEP}) Tj ET\n").encode()


def stream(data, extra=b"", length=None):
    n = len(data) if length is None else length
    return b"<< /Length %d %s>>\nstream\n" % (n, extra) + data + b"\nendstream"


def write_pdf(objs, root=1, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", trailer_extra=b""):
    """objs: {number: body bytes}. A classic xref table with correct offsets."""
    out = bytearray(header)
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[n]) if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer_extra, xref)
    return bytes(out)


def incremental(base, objs, root=1):
    """Appends an update section that redefines `objs` (a second revision)."""
    prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    size = int(re.findall(rb"/Size (\d+)", base)[-1])
    out = bytearray(base)
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(size, max(objs) + 1)
    xref = len(out)
    out += b"xref\n"
    for num in sorted(objs):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, prev, xref)
    return bytes(out)


def page_doc(content=TEXT, resources=b"/Font << /F1 5 0 R >>", extra_objs=None, content_extra=b""):
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources +
           b" >> /Contents 4 0 R >>",
        4: stream(content, content_extra),
        5: FONT,
    }
    objs.update(extra_objs or {})
    return objs


def flate_stream(data, extra=b""):
    z = zlib.compress(data, 9)
    return stream(z, b"/Filter /FlateDecode " + extra)


def png(width, height, rows=None):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    raw = rows if rows is not None else b"".join(b"\0" + b"\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tiff(width, height, data):
    tags = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, len(data))]
    ifd = 8
    data_off = ifd + 2 + 12 * len(tags) + 4
    out = b"II*\0" + struct.pack("<I", ifd) + struct.pack("<H", len(tags))
    for tag, typ, val in tags:
        if tag == 273:
            val = data_off
        out += struct.pack("<HHI", tag, typ, 1) + (struct.pack("<HH", val, 0) if typ == 3 else struct.pack("<I", val))
    return out + b"\0\0\0\0" + data


def qpdf(src, dst, *args):
    r = subprocess.run(["qpdf", *args, str(src), str(dst)], capture_output=True)
    if r.returncode not in (0, 3):
        raise SystemExit(f"qpdf {' '.join(args)} failed: {r.stderr.decode(errors='replace')}")


def build(out):
    cases = {}

    def add(name, data, expect, reason=None, ext="pdf", why="", keep=True):
        path = out / f"{name}.{ext}"
        path.write_bytes(data)
        cases[path.name] = {"expect": expect, "reason": reason, "why": why, "keep": keep}

    base = write_pdf(page_doc())
    add("baseline", base, "redact", why="the well-formed twin every other case breaks")

    # --- damaged structure -------------------------------------------------------------------
    add("truncated_half", base[: len(base) // 2], "refuse", "damaged PDF", why="file cut in half")
    add("truncated_trailer", base[:-60], "refuse", "damaged PDF",
        why="trailer and startxref cut off (PoDoFo 0.9.8 does not rebuild the xref)")
    shifted = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), base)
    add("xref_offsets_wrong", shifted, "refuse", "damaged PDF", why="every xref offset 7 bytes off")
    no_xref = base[: base.index(b"xref\n")] + b"%%EOF\n"
    add("xref_missing", no_xref, "refuse", "damaged PDF", why="no xref, no trailer")
    objs = page_doc()
    objs[4] = stream(TEXT, length=len(TEXT) + 5000)
    add("length_too_long", write_pdf(objs), "refuse", "content stream",
        why="/Length past the end of the stream: the next object's syntax is read as content")
    objs[4] = stream(TEXT, length=20)
    add("length_too_short", write_pdf(objs), "redact", keep=False,
        why="/Length cuts the content: what lies past it is neither read nor written (poppler "
            "would show it in the original; the output holds only what was checked)")
    objs = page_doc()
    objs[4] = b"<< /Length 99 0 R >>\nstream\n" + TEXT + b"\nendstream"
    add("length_missing_ref", write_pdf(objs), "refuse", "damaged page",
        why="/Length refers to a missing object")
    add("object_streams", b"", "redact", why="objects inside compressed object streams, xref stream")
    add("not_a_pdf", os.urandom(0) + b"\x00garbage" * 100, "refuse", "unsupported input", ext="bin")
    add("empty", b"", "refuse", "unsupported input", ext="pdf")
    add("header_only", b"%PDF-1.7\n", "refuse", "PDF", why="a header and nothing else")

    # --- encryption (qpdf writes it below) ---------------------------------------------------
    for n in ("encrypted_rc4_40", "encrypted_rc4_128", "encrypted_aes128", "encrypted_aes256",
              "encrypted_empty_user_password"):
        add(n, b"", "refuse", "encrypted PDF")

    # --- cycles and recursion ----------------------------------------------------------------
    objs = page_doc()
    objs[2] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    objs[6] = b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"
    add("page_tree_cycle", write_pdf(objs), "refuse", "damaged PDF", why="/Kids leads back to the root")
    form = lambda body, res=b"": stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res)
    objs = page_doc(content=b"/X0 Do\n" + TEXT, resources=b"/Font << /F1 5 0 R >> /XObject << /X0 6 0 R >>",
                    extra_objs={6: form(b"/X0 Do", b"/Resources << /XObject << /X0 6 0 R >> >>")})
    add("xobject_self_cycle", write_pdf(objs), "refuse", "cycle", why="a form XObject that draws itself")
    extra = {}
    for i in range(20):
        extra[6 + i] = form(b"/X Do", b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + i))
    extra[26] = form(b"0 0 m 1 1 l S")
    objs = page_doc(content=b"/X Do\n" + TEXT, resources=b"/Font << /F1 5 0 R >> /XObject << /X 6 0 R >>",
                    extra_objs=extra)
    add("xobject_deep_chain", write_pdf(objs), "refuse", "nested too deep", why="21 nested form XObjects")
    extra = {}
    for i in range(9):
        extra[6 + i] = form(b"/X Do " * 12, b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + i))
    extra[15] = form(b"0 0 m 1 1 l S")
    objs = page_doc(content=b"/X Do\n" + TEXT, resources=b"/Font << /F1 5 0 R >> /XObject << /X 6 0 R >>",
                    extra_objs=extra)
    add("xobject_fanout_bomb", write_pdf(objs), "refuse", "page too complex",
        why="9 levels, each drawing the next 12 times: 12^9 drawings from 2 KB")
    add("content_nesting", write_pdf(page_doc(content=b"[" * 100000 + b"] TJ\n" + TEXT)), "refuse",
        "nest", why="100,000 nested arrays in a content stream")
    objs = page_doc()
    objs[6] = b"[" * 100000 + b"]" * 100000
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>"
    add("object_nesting", write_pdf(objs), "redact",
        why="100,000 nested arrays in an unused catalog entry: dropped, never parsed deeply")
    # A page tree 3000 levels deep.
    objs = {1: b"<< /Type /Catalog /Pages 10 0 R >>", 4: stream(TEXT), 5: FONT}
    depth = 3000
    for d in range(depth):
        kid = 10 + d + 1
        objs[10 + d] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % kid
    objs[10 + depth] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                        b"<< /F1 5 0 R >> >> /Contents 4 0 R >>" % (10 + depth - 1))
    add("page_tree_deep", write_pdf(objs), "refuse", "PDF", why="a page 3000 levels down the tree")

    # --- limits --------------------------------------------------------------------------------
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 4: stream(b"BT /F1 12 Tf 72 720 Td (x) Tj ET"), 5: FONT}
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(2001))
    objs[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count 2001 >>"
    for i in range(2001):
        objs[10 + i] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                        b"<< /F1 5 0 R >> >> /Contents 4 0 R >>")
    add("too_many_pages", write_pdf(objs), "refuse", "too many pages", why="2001 pages (limit 2000)")
    bomb = b" " * (100 << 20)
    objs = page_doc()
    objs[4] = flate_stream(TEXT + bomb)
    add("flate_bomb_size", write_pdf(objs), "refuse", "decompression bomb",
        why="a content stream of 100 MiB in 100 KB (limit 64 MiB)")
    objs[4] = flate_stream(TEXT + b" " * (20 << 20))
    add("flate_bomb_ratio", write_pdf(objs), "refuse", "decompression bomb",
        why="20 MiB at ~1000:1 (ratio limit 500:1 above 16 MiB)")
    objs = page_doc()
    objs[5] = FONT[:-2] + b" /ToUnicode 6 0 R >>"
    objs[6] = flate_stream(TEXT + b" " * (40 << 20))
    add("tounicode_bomb", write_pdf(objs), "refuse", "decompression bomb",
        why="a 40 MiB ToUnicode stream (fonts: 16 MiB)")

    # --- fonts and images that lie -------------------------------------------------------------
    objs = page_doc()
    objs[5] = FONT[:-2] + b" /ToUnicode 6 0 R >>"
    objs[6] = stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                     b"1 begincodespacerange <00> <FF> endcodespacerange\n"
                     b"2 beginbfchar <41> <0041> <42> endbfchar\nendcmap end end")
    add("broken_tounicode", write_pdf(objs), "refuse", "ToUnicode", why="bfchar with a missing destination")
    img = lambda w, h, data, extra=b"": stream(
        data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 "
              b"/ColorSpace /DeviceGray " % (w, h) + extra)
    page_img = b"q 595 0 0 842 0 0 cm /Im Do Q\n"
    res = b"/Font << /F1 5 0 R >> /XObject << /Im 6 0 R >>"
    objs = page_doc(content=page_img + TEXT, resources=res,
                    extra_objs={6: img(2000, 2000, zlib.compress(b"\xff" * 100), b"/Filter /FlateDecode")})
    add("image_size_lies", write_pdf(objs), "refuse", "image", why="2000x2000 declared, 100 bytes of data")
    objs = page_doc(content=page_img + TEXT, resources=res,
                    extra_objs={6: img(100000, 100000, zlib.compress(b"\xff" * 100), b"/Filter /FlateDecode")})
    add("image_pixels_huge", write_pdf(objs), "refuse", "megapixels", why="10^10 pixels declared")
    jb = lambda extra: stream(b"\x00\x00\x00\x00\x30\x00\x01\x00\x00\x00\x13" + b"\x00" * 40,
                              b"/Type /XObject /Subtype /Image /Width 2480 /Height 3508 /BitsPerComponent 1 "
                              b"/ColorSpace /DeviceGray /Filter /JBIG2Decode " + extra)
    objs = page_doc(content=page_img + TEXT, resources=res,
                    extra_objs={6: jb(b"/DecodeParms << /JBIG2Globals 99 0 R >>")})
    add("jbig2_missing_globals", write_pdf(objs), "refuse", "JBIG2Globals",
        why="/JBIG2Globals names an object that does not exist")
    objs = page_doc(content=page_img + TEXT, resources=res, extra_objs={6: jb(b"")})
    add("jbig2_garbage", write_pdf(objs), "refuse", "JBIG2", why="a JBIG2 stream that does not decode")
    # Found by fuzz_jbig2: a text region of 218,104,832 symbol instances and no symbols, which
    # jbig2dec 0.19 works through for half a minute; the decoder process is stopped at its limit.
    slow = bytes.fromhex("00800d00040000000000300040000100000013000000253b0000"
                         "004000000d0004000000000000300040f9000000000000000000"
                         "0a000000000100000013010000253b00000040000100000000")
    objs = page_doc(content=page_img + TEXT, resources=res, extra_objs={6: stream(
        slow, b"/Type /XObject /Subtype /Image /Width 2480 /Height 3508 /BitsPerComponent 1 "
              b"/ColorSpace /DeviceGray /Filter /JBIG2Decode ")})
    add("jbig2_instance_flood", write_pdf(objs), "refuse", "took longer than",
        why="a JBIG2 text region placing 2^28 symbol instances from an empty dictionary")

    # --- polyglots -----------------------------------------------------------------------------
    add("polyglot_zip_pdf", b"PK\x03\x04" + b"\0" * 26 + base, "refuse", "unsupported input",
        ext="pdf", why="a ZIP local header in front of a PDF")
    add("polyglot_html_pdf", b"<html><body>hello</body></html>\n" + base, "refuse", "unsupported input",
        why="HTML in front of %PDF- (readers look 1024 bytes in; we refuse)")
    add("polyglot_png_pdf", png(64, 64) + base, "redact", ext="png",
        why="a PNG with a PDF appended: read and re-encoded as PNG, the PDF tail is not copied")
    add("polyglot_pdf_js_tail", base + b"\n<script>alert(1)</script>\n", "redact",
        why="trailing junk after %%EOF is not copied")

    # --- incremental updates hiding earlier revisions -------------------------------------------
    clean = b"BT /F1 12 Tf 72 720 Td (" + KEEP.encode() + b") Tj ET\n"
    add("incremental_hidden_revision", incremental(base, {4: stream(clean)}), "redact",
        why="revision 1 shows the PII, revision 2 replaced the content: revision 1 must go")
    add("incremental_orphan_object",
        incremental(base, {4: stream(clean), 7: b"(" + EMAIL.encode() + b" " + PHONE.encode() + b")"}),
        "redact", why="an unreferenced object with the PII added in an update")
    add("incremental_pii_added", incremental(write_pdf(page_doc(content=clean)), {4: stream(TEXT)}),
        "redact", why="the PII only appears in the second revision")

    # --- image files that lie ------------------------------------------------------------------
    add("tiff_size_lies", tiff(60000, 60000, b"\xff" * 100), "refuse", "TIFF", ext="tif",
        why="3.6 gigapixels declared, 100 bytes of data")
    add("tiff_truncated", tiff(100, 100, b"\xff" * 100), "refuse", "TIFF", ext="tif",
        why="100x100 declared, one row of data")
    hdr = png(50000, 50000, rows=b"\0" * 10)
    add("png_size_lies", hdr, "refuse", "PNG", ext="png", why="2.5 gigapixels declared, 10 bytes of data")
    add("png_truncated", png(64, 64)[:60], "refuse", "PNG", ext="png", why="cut inside IDAT")

    # qpdf-made variants of the baseline.
    tmp = out / "_base.pdf"
    tmp.write_bytes(base)
    qpdf(tmp, out / "object_streams.pdf", "--object-streams=generate")
    qpdf(tmp, out / "encrypted_rc4_40.pdf", "--allow-weak-crypto", "--encrypt", "u", "o", "40", "--")
    qpdf(tmp, out / "encrypted_rc4_128.pdf", "--allow-weak-crypto", "--encrypt", "u", "o", "128",
         "--use-aes=n", "--")
    qpdf(tmp, out / "encrypted_aes128.pdf", "--encrypt", "u", "o", "128", "--use-aes=y", "--")
    qpdf(tmp, out / "encrypted_aes256.pdf", "--encrypt", "u", "o", "256", "--")
    qpdf(tmp, out / "encrypted_empty_user_password.pdf", "--encrypt", "", "owner", "256", "--")
    tmp.unlink()
    (out / "cases.json").write_text(json.dumps({"pii": PII, "keep": KEEP, "cases": cases}, indent=1))
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cases = build(out)
    print(f"{len(cases)} hostile cases in {out}")


if __name__ == "__main__":
    sys.exit(main())
