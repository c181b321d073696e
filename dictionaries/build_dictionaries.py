#!/usr/bin/env python3
"""Compiles libredact's dictionaries from installed sources (the build step, not by hand).

Sources:
  * Japan Post postal-code data (KEN_ALL), as shipped by the npm package japan-postal-code:
    prefectures (from its index.js) and every municipality, ward and town (zipdata/*.js);
  * IPADIC's source CSVs from Debian's mecab-ipadic (EUC-JP): person-name parts;
  * the hand-kept word lists in this folder (labels, honorifics, context words).

Outputs (in --out), UTF-8, one entry per line:
  prefectures.txt      47 prefectures
  municipalities.tsv   name<TAB>prefecture — 市区町村 incl. 郡 forms, designated-city wards
                       written with and without their city (横浜市中区, 中区 is not listed
                       alone: too ambiguous)
  towns.tsv            name<TAB>prefecture+municipality — 町域 names, cleaned
  surnames.txt, given_names.txt   IPADIC 人名 姓 / 名 surfaces (given names: with
                                  given_names_recent.txt, names IPADIC predates)
  labels.tsv, honorifics.txt      copied from this folder
"""
import argparse
import glob
import json
import os
import re
import shutil
import sys
import unicodedata


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def load_prefectures(pkg_dir):
    src = open(os.path.join(pkg_dir, "index.js"), encoding="utf-8").read()
    prefs = re.findall(r"'([^']+?(?:都|道|府|県))'", src)
    # Keep order, drop duplicates.
    seen, out = set(), []
    for p in prefs:
        if p not in seen:
            seen.add(p)
            out.append(p)
    if len(out) != 47:
        sys.exit(f"build_dictionaries: expected 47 prefectures in index.js, found {len(out)}")
    return out


# Town-field noise in KEN_ALL: notes in parentheses, "not listed elsewhere" placeholders,
# building-specific codes.
_PAREN = re.compile(r"[（(].*?[）)]|[（(].*$")
_SKIP_TOWN = ("以下に掲載がない場合", "の次に番地がくる場合", "一円")


def clean_town(t):
    t = nfkc(t)
    t = _PAREN.sub("", t).strip()
    if not t or any(s in t for s in _SKIP_TOWN):
        return None
    if re.search(r"(ビル|ビルディング|タワー|センター|プレイス|ガーデン)$", t):
        return None
    if re.search(r"[0-9０-９]", t) or len(t) < 2:
        return None
    return t


def load_postal(pkg_dir, prefs):
    munis, towns = {}, {}
    files = sorted(glob.glob(os.path.join(pkg_dir, "zipdata", "zip-*.js")))
    if len(files) < 900:
        sys.exit(f"build_dictionaries: japan-postal-code zipdata incomplete ({len(files)} files)")
    for f in files:
        s = open(f, encoding="utf-8").read()
        data = json.loads(s[s.index("(") + 1 : s.rindex(")")])
        for entry in data.values():
            pref = prefs[entry[0] - 1]
            city = nfkc(entry[1])
            munis.setdefault(city, pref)
            # 郡 is often omitted in addresses: 足柄上郡大井町 is also written 大井町.
            m = re.match(r"^(.+?郡)(.+)$", city)
            if m:
                munis.setdefault(m.group(2), pref)
            # A designated city's ward is written after the city: keep the city alone too.
            m = re.match(r"^(.+?市)(.+区)$", city)
            if m:
                munis.setdefault(m.group(1), pref)
            town = clean_town(entry[2]) if len(entry) > 2 else None
            if town:
                towns.setdefault((town, pref + city), None)
    return munis, towns


def load_ipadic_names(ipadic_dir):
    path = os.path.join(ipadic_dir, "Noun.name.csv")
    surnames, given = set(), set()
    with open(path, encoding="euc-jp", errors="strict") as fh:
        for line in fh:
            cols = line.rstrip("\n").split(",")
            if len(cols) < 8 or cols[6] != "人名":
                continue
            surface = nfkc(cols[0])
            if cols[7] == "姓":
                surnames.add(surface)
            elif cols[7] == "名":
                given.add(surface)
    if len(surnames) < 10000 or len(given) < 10000:
        sys.exit(f"build_dictionaries: {path} has too few names ({len(surnames)}, {len(given)})")
    return sorted(surnames), sorted(given)


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postal-pkg", required=True, help="node_modules/japan-postal-code")
    ap.add_argument("--ipadic-src", default="/usr/share/mecab/dic/ipadic")
    ap.add_argument("--sources", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    prefs = load_prefectures(args.postal_pkg)
    munis, towns = load_postal(args.postal_pkg, prefs)
    surnames, given = load_ipadic_names(args.ipadic_src)
    with open(os.path.join(args.sources, "given_names_recent.txt"), encoding="utf-8") as fh:
        recent = {nfkc(l.strip()) for l in fh if l.strip() and not l.startswith("#")}
    given = sorted(set(given) | recent)

    write_lines(os.path.join(args.out, "prefectures.txt"), prefs)
    write_lines(os.path.join(args.out, "municipalities.tsv"),
                (f"{name}\t{pref}" for name, pref in sorted(munis.items())))
    write_lines(os.path.join(args.out, "towns.tsv"),
                (f"{t}\t{parent}" for (t, parent) in sorted(towns)))
    write_lines(os.path.join(args.out, "surnames.txt"), surnames)
    write_lines(os.path.join(args.out, "given_names.txt"), given)
    for name in ("labels.tsv", "honorifics.txt"):
        shutil.copyfile(os.path.join(args.sources, name), os.path.join(args.out, name))
    print(f"build_dictionaries: {len(prefs)} prefectures, {len(munis)} municipalities, "
          f"{len(towns)} towns, {len(surnames)} surnames, {len(given)} given names")


if __name__ == "__main__":
    main()
