#!/usr/bin/env python3
"""Synthetic, ground-truthed corpus for the libredact text detector.

Writes JSONL, one object per line:

    {"id":"s0001","split":"synthetic","text":"...","spans":[{"category":"person","start":3,"end":7}]}

``start``/``end`` are Unicode code point offsets (Python ``str`` indices) into ``text``.

Every text is assembled from parts; a part that is personal information carries its
category, so the offsets are known by construction and are never searched for in the
finished string.  All personal values are synthetic: names are random combinations of
common name parts (a blacklist keeps well-known real people out), numbers are random
(valid where a checksum exists), e-mail domains are example.*.  Prefecture,
municipality, ward and Kyoto street names are real public geography; town names,
house numbers and buildings are made up.

Splits:
  synthetic  forms, letters and sentences covering all 14 categories, plus negatives
  prose      running prose (news, essays, minutes); person spans only

Usage:
  python3 samples/gen_detect_corpus.py --split synthetic --out samples/detect_synthetic.jsonl
  python3 samples/gen_detect_corpus.py --split prose --out samples/detect_prose.jsonl

Python 3.11 standard library only.  Output is byte-identical for the same --seed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import sys

CATEGORIES = (
    "person", "address", "postal_code", "phone", "email", "birth_date",
    "my_number", "corporate_number", "bank_account", "drivers_license",
    "passport", "residence_card", "pension_number", "insurance_number",
)

DEFAULT_SEED = 20240401

# =============================================================================
# Checksums
# =============================================================================


def my_number_check(first11: str) -> int:
    """Check digit of a 12-digit individual number (My Number).

    P1..P11 are the first 11 digits counted from the right; Q = n+1 (n=1..6),
    n-5 (n=7..11); r = sum(P*Q) mod 11; check = 0 if r <= 1 else 11 - r.
    """
    assert len(first11) == 11 and first11.isdigit()
    total = 0
    for n in range(1, 12):
        p = int(first11[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    r = total % 11
    return 0 if r <= 1 else 11 - r


def corporate_check(last12: str) -> int:
    """First (check) digit of a 13-digit corporate number.

    9 - (sum(Pn*Qn) mod 9) over the other 12 digits counted from the right,
    Qn = 1 for odd n, 2 for even n.
    """
    assert len(last12) == 12 and last12.isdigit()
    total = 0
    for n in range(1, 13):
        p = int(last12[12 - n])
        total += p * (1 if n % 2 == 1 else 2)
    return 9 - total % 9


def insurer_check(first7: str) -> int:
    """Last (check) digit of an 8-digit health-insurer number.

    Weights 2,1,2,... from the right over the first 7 digits; products are reduced
    to their digit sums; check = (10 - total mod 10) mod 10.
    """
    assert len(first7) == 7 and first7.isdigit()
    total = 0
    for i, ch in enumerate(reversed(first7)):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        total += v // 10 + v % 10
    return (10 - total % 10) % 10


def is_valid_my_number(d: str) -> bool:
    return len(d) == 12 and d.isdigit() and my_number_check(d[:11]) == int(d[11])


def is_valid_corporate(d: str) -> bool:
    return len(d) == 13 and d.isdigit() and corporate_check(d[1:]) == int(d[0])


def is_valid_insurer(d: str) -> bool:
    return len(d) == 8 and d.isdigit() and insurer_check(d[:7]) == int(d[7])


def _self_check() -> None:
    # Example from FIELD_NOTES.md: 6214 9832 0257 -> check 7.
    assert my_number_check("62149832025") == 7, "My Number checksum broken"
    assert is_valid_my_number("621498320257")
    # 国税庁 (National Tax Agency) corporate number, published: 7000012050002.
    assert is_valid_corporate("7000012050002"), "corporate checksum broken"
    # 全国健康保険協会 東京支部 insurer number: 01130012.
    assert is_valid_insurer("01130012"), "insurer checksum broken"


# =============================================================================
# Fragments: text assembled from parts, spans known by construction
# =============================================================================


class Frag:
    """A sequence of (text, category-or-None) parts."""

    __slots__ = ("parts",)

    def __init__(self, parts=()):
        self.parts = list(parts)

    def __add__(self, other):
        return Frag(self.parts + as_frag(other).parts)

    def __radd__(self, other):
        return Frag(as_frag(other).parts + self.parts)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


def as_frag(x) -> Frag:
    if isinstance(x, Frag):
        return x
    if isinstance(x, str):
        return Frag([(x, None)])
    if isinstance(x, int):
        return Frag([(str(x), None)])
    raise TypeError(f"not a fragment: {x!r}")


def S(text: str, cat: str) -> Frag:
    """A PII span of category ``cat``."""
    assert cat in CATEGORIES, cat
    assert text and text == text.strip(), f"span with outer whitespace: {text!r}"
    return Frag([(text, cat)])


def join(items, sep="") -> Frag:
    out = Frag()
    for i, it in enumerate(items):
        if i:
            out += sep
        out += it
    return out


_SLOT = re.compile(r"\{(\w+)\}")


def fill(tpl: str, **slots) -> Frag:
    """Template with {name} slots; a slot value is a Frag, a str or a zero-arg callable."""
    out = Frag()
    pos = 0
    for m in _SLOT.finditer(tpl):
        out += tpl[pos:m.start()]
        v = slots[m.group(1)]
        if callable(v):
            v = v()
        out += v
        pos = m.end()
    out += tpl[pos:]
    return out


# Characters a line-oriented reader might treat as a line break: never emitted.
_FORBIDDEN = set("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def build(frag: Frag):
    text = ""
    spans = []
    for t, c in frag.parts:
        if c is not None:
            spans.append({"category": c, "start": len(text), "end": len(text) + len(t)})
        text += t
    bad = _FORBIDDEN.intersection(text)
    assert not bad, f"forbidden character {bad!r} in {text!r}"
    assert text.strip(), "empty text"
    for sp in spans:
        seg = text[sp["start"]:sp["end"]]
        assert seg and seg == seg.strip(), (text, sp)
    return text, spans


# =============================================================================
# Rendering helpers
# =============================================================================

DASH_VARIANTS = ["‐", "−", "–", "—", "―", "ｰ", "－", "ー"]
OCR_DASH = "一"  # U+4E00: the classic OCR confusion for a long dash between digits
KANJI_DIGITS = "〇一二三四五六七八九"


def dash(rng, p_variant=0.35, p_ocr=0.04) -> str:
    x = rng.random()
    if x < p_ocr:
        return OCR_DASH
    if x < p_ocr + p_variant:
        return rng.choice(DASH_VARIANTS)
    return "-"


def fw(s: str) -> str:
    """ASCII printable -> full-width forms; space -> ideographic space."""
    out = []
    for ch in s:
        o = ord(ch)
        if 0x21 <= o <= 0x7E:
            out.append(chr(o + 0xFEE0))
        elif ch == " ":
            out.append("\u3000")
        else:
            out.append(ch)
    return "".join(out)


def fw_digits(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


def maybe_fw(rng, s: str, p=0.2) -> str:
    x = rng.random()
    if x < p * 0.6:
        return fw(s)
    if x < p:
        return fw_digits(s)
    return s


def rdigits(rng, n: int, first: str | None = None) -> str:
    s = "".join(rng.choice("0123456789") for _ in range(n))
    if first is not None:
        s = rng.choice(first) + s[1:]
    return s


def kanji_num(n: int) -> str:
    """1..9999 in kanji with 十/百/千 (e.g. 55 -> 五十五, 10 -> 十)."""
    assert 0 <= n <= 9999
    if n == 0:
        return "〇"
    out = []
    for val, unit in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, val)
        if d:
            out.append(("" if d == 1 else KANJI_DIGITS[d]) + unit)
    if n:
        out.append(KANJI_DIGITS[n])
    return "".join(out)


def kanji_pos(n: int) -> str:
    """Positional kanji digits (102 -> 一〇二), as in vertical room numbers."""
    return "".join(KANJI_DIGITS[int(c)] for c in str(n))


def space(rng) -> str:
    return rng.choice([" ", "\u3000"])


# =============================================================================
# Names (synthetic combinations of common name parts)
# =============================================================================

SURNAMES = [tuple(x.split(":")) for x in """
佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト
中村:ナカムラ 小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ
松本:マツモト 井上:イノウエ 木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ
森:モリ 池田:イケダ 橋本:ハシモト 阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ
石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ 長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ
近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト 斉藤:サイトウ 福田:フクダ
太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ 中野:ナカノ
三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ
中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ
酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ 安藤:アンドウ 宮本:ミヤモト 大野:オオノ
小島:コジマ 谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ 丸山:マルヤマ
杉山:スギヤマ 村田:ムラタ 大塚:オオツカ 新井:アライ 小山:コヤマ 平野:ヒラノ 千葉:チバ
久保:クボ 松井:マツイ 岩崎:イワサキ 桜井:サクライ 野口:ノグチ 菅原:スガワラ 木下:キノシタ
野村:ノムラ 菊地:キクチ 佐野:サノ 大西:オオニシ 杉本:スギモト 新田:ニッタ 服部:ハットリ
本間:ホンマ 髙橋:タカハシ 山﨑:ヤマサキ 𠮷田:ヨシダ
""".split()]

GIVEN_NAMES = [tuple(x.split(":")) for x in """
太郎:タロウ 健一:ケンイチ 誠:マコト 大輔:ダイスケ 浩二:コウジ 隆:タカシ 修:オサム
博之:ヒロユキ 和也:カズヤ 直樹:ナオキ 剛:ツヨシ 健太:ケンタ 翔太:ショウタ 拓也:タクヤ
亮:リョウ 大樹:ダイキ 悠真:ユウマ 蒼:アオイ 結翔:ユイト 湊:ミナト 陽翔:ハルト 蓮:レン
悠人:ユウト 樹:イツキ 颯太:ソウタ 律:リツ 碧:アオイ 朝陽:アサヒ 陸斗:リクト 正男:マサオ
茂:シゲル 清:キヨシ 勇:イサム 弘:ヒロシ 進:ススム 実:ミノル 秀樹:ヒデキ 智也:トモヤ
""".split()]
GIVEN_FEMALE = [tuple(x.split(":")) for x in """
花子:ハナコ 陽葵:ヒマリ 結衣:ユイ 美咲:ミサキ 陽菜:ヒナ 凛:リン 芽依:メイ 紬:ツムギ
葵:アオイ 結愛:ユア 莉子:リコ 美桜:ミオ 咲良:サクラ 恵子:ケイコ 洋子:ヨウコ 幸子:サチコ
和子:カズコ 裕子:ユウコ 真由美:マユミ 直美:ナオミ 久美子:クミコ 由美子:ユミコ 明美:アケミ
智子:トモコ 愛:アイ 舞:マイ 彩:アヤ 優子:ユウコ 麻衣:マイ 千尋:チヒロ 美穂:ミホ 奈々:ナナ
さくら:サクラ ひなた:ヒナタ あおい:アオイ ゆうき:ユウキ はるか:ハルカ みゆき:ミユキ
かおり:カオリ ひかり:ヒカリ こはる:コハル いろは:イロハ すず:スズ ちひろ:チヒロ
""".split()]
GIVEN_MALE = GIVEN_NAMES
GIVEN_NAMES = GIVEN_MALE + GIVEN_FEMALE

# Combinations that would name a well-known real person: never generated.
NAME_BLACKLIST = {
    "山田太郎", "山田花子", "山本太郎", "岡本太郎", "鈴木一郎", "小林幸子", "中島みゆき",
    "中山美穂", "小林誠", "吉田茂", "村上隆", "宮本茂", "渡辺直美", "小川洋子", "小野洋子",
    "高橋大輔", "高橋洋子", "山口智子", "杉山愛", "宮崎あおい", "前田健太", "増田明美",
    "西村博之", "桜井誠", "藤井隆", "清水翔太", "福田和子", "松本清", "木村拓也", "伊藤隆",
    "石川直樹", "松田翔太", "中村蒼", "田中裕子", "佐藤健", "宮本浩二", "井上和也",
    "岡田直樹", "森進", "中村修", "田中健一", "佐藤隆", "小林直樹",
}

FOREIGN_GIVEN = [tuple(x.split(":")) for x in """
ジョン:JOHN マイケル:MICHAEL デビッド:DAVID ジェームズ:JAMES ロバート:ROBERT ダニエル:DANIEL
トーマス:THOMAS サラ:SARAH エミリー:EMILY マリア:MARIA アンナ:ANNA ルーカス:LUCAS
ソフィア:SOFIA オリバー:OLIVER イザベラ:ISABELLA カルロス:CARLOS アナ:ANA ミゲル:MIGUEL
エレナ:ELENA ハンナ:HANNAH ポール:PAUL ピーター:PETER クリス:CHRIS ローラ:LAURA
""".split()]

FOREIGN_SURNAMES = [tuple(x.split(":")) for x in """
スミス:SMITH ブラウン:BROWN ジョンソン:JOHNSON ウィリアムズ:WILLIAMS ミラー:MILLER
デイビス:DAVIS ガルシア:GARCIA ロドリゲス:RODRIGUEZ ウィルソン:WILSON アンダーソン:ANDERSON
テイラー:TAYLOR トンプソン:THOMPSON ハリス:HARRIS クラーク:CLARK ロビンソン:ROBINSON
ウォーカー:WALKER アレン:ALLEN スコット:SCOTT アダムス:ADAMS ネルソン:NELSON
キャンベル:CAMPBELL ミッチェル:MITCHELL ロバーツ:ROBERTS フィリップス:PHILLIPS
シルバ:SILVA サントス:SANTOS ペレイラ:PEREIRA フェレイラ:FERREIRA ミュラー:MUELLER
シュミット:SCHMIDT フィッシャー:FISCHER ベルナール:BERNARD ロッシ:ROSSI ペトロフ:PETROV
コワルスキ:KOWALSKI
""".split()]

FOREIGN_BLACKLIST = {
    "マイケルジョンソン", "ジョンウィリアムズ", "ジェームズテイラー", "ジェームズブラウン",
    "トーマスミュラー", "ロバートスミス", "ポールアレン", "ピータートンプソン",
    "デビッドミラー", "ポールスミス", "ポールロバーツ", "ピーターシュミット",
}

# Vietnamese names are written family name first, with ・ between the parts.
VIETNAMESE = [
    ("グエン・ティ・ラン", "NGUYEN THI LAN"), ("グエン・ヴァン・ナム", "NGUYEN VAN NAM"),
    ("チャン・ティ・フオン", "TRAN THI HUONG"), ("レ・ヴァン・ミン", "LE VAN MINH"),
    ("ファム・ティ・ハー", "PHAM THI HA"), ("ホアン・ヴァン・ドゥック", "HOANG VAN DUC"),
]

HONORIFICS = ["様", "さん", "氏", "殿", "君", "先生"]
TITLES = ["委員", "会長", "課長", "部長", "議員", "係長", "主任", "委員長", "副会長", "所長"]
PERSON_LABELS = ["氏名", "申請者", "請求者", "代表者", "担当者名", "届出人", "世帯主",
                 "申請者氏名", "請求者氏名", "代表者氏名", "届出人氏名", "世帯主氏名",
                 "保護者氏名", "受取人", "連絡担当者", "氏名（自署）", "被保険者氏名"]

# --- katakana -> romaji (passport-style Hepburn: long vowels dropped) ---------
_KANA = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no "
    "ha hi fu he ho ma mi mu me mo ya yu yo ra ri ru re ro wa o n "
    "ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po".split()))
_YOON = {}
for _k, _r in (("キ", "k"), ("ギ", "g"), ("ニ", "n"), ("ヒ", "h"), ("ビ", "b"), ("ピ", "p"),
               ("ミ", "m"), ("リ", "r")):
    for _s, _v in (("ャ", "a"), ("ュ", "u"), ("ョ", "o")):
        _YOON[_k + _s] = _r + "y" + _v
for _k, _r in (("シ", "sh"), ("チ", "ch"), ("ジ", "j")):
    for _s, _v in (("ャ", "a"), ("ュ", "u"), ("ョ", "o")):
        _YOON[_k + _s] = _r + _v


def romaji(kana: str) -> str:
    out = ""
    i = 0
    double = False
    while i < len(kana):
        two = kana[i:i + 2]
        ch = kana[i]
        if two in _YOON:
            syl, i = _YOON[two], i + 2
        elif ch == "ッ":
            double, i = True, i + 1
            continue
        elif ch == "ー":
            i += 1
            continue
        else:
            syl, i = _KANA[ch], i + 1
        if double:
            syl = ("t" + syl) if syl.startswith("ch") else (syl[0] + syl)
            double = False
        if ((syl == "u" and out[-1:] in ("o", "u")) or (syl == "o" and out[-1:] == "o")) \
                and kana[i:i + 1] not in ("ア", "イ", "ウ", "エ", "オ"):
            continue  # passport style: 大野 ONO, 佐藤 SATO (but 井上 INOUE)
        if out.endswith("n") and syl[0] in "bmp" and not out.endswith("nn"):
            out = out[:-1] + "m"  # 本間 HOMMA
        out += syl
    return out


def kata_to_hira(s: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


def hira_to_kata(s: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in s)


class Person:
    """A synthetic person; rendering methods return the name (span) text only."""

    def __init__(self, rng, foreign=None, female=None):
        self.rng = rng
        if foreign is None:
            foreign = rng.random() < 0.12
        self.foreign = foreign
        self.vietnamese = None
        while True:
            if foreign:
                if rng.random() < 0.15:
                    self.vietnamese = rng.choice(VIETNAMESE)
                    parts = self.vietnamese[0].split("・")
                    self.sur, self.given = parts[0], "・".join(parts[1:])
                    self.sur_kana, self.given_kana = self.sur, self.given
                    self.sur_latin = self.vietnamese[1].split()[0]
                    self.given_latin = " ".join(self.vietnamese[1].split()[1:])
                    break
                g, gl = rng.choice(FOREIGN_GIVEN)
                s, sl = rng.choice(FOREIGN_SURNAMES)
                if g + s in FOREIGN_BLACKLIST:
                    continue
                self.given, self.sur = g, s
                self.given_kana, self.sur_kana = g, s
                self.given_latin, self.sur_latin = gl, sl
                break
            s, sk = rng.choice(SURNAMES)
            g, gk = rng.choice({None: GIVEN_NAMES, True: GIVEN_FEMALE, False: GIVEN_MALE}[female])
            if s + g in NAME_BLACKLIST:
                continue
            if s in ("𠮷田", "髙橋", "山﨑") and rng.random() < 0.7:
                continue  # keep the variant characters rare
            self.sur, self.given, self.sur_kana, self.given_kana = s, g, sk, gk
            self.sur_latin = romaji(sk).upper()
            self.given_latin = romaji(gk).upper()
            break

    # -- renderings -----------------------------------------------------------
    def full(self) -> str:
        if self.vietnamese:
            return self.vietnamese[0]
        if self.foreign:
            return self.given + "・" + self.sur
        return self.sur + self.given

    def form_name(self) -> str:
        """How a name is written on a form: with or without a space between the parts."""
        rng = self.rng
        if self.vietnamese:
            return rng.choice([self.vietnamese[0], self.vietnamese[0].replace("・", " "),
                               self.vietnamese[0].replace("・", "\u3000")])
        if self.foreign:
            x = rng.random()
            if x < 0.45:
                return self.given + "・" + self.sur
            if x < 0.6:
                return self.given + "＝" + self.sur
            if x < 0.8:
                return self.given + space(rng) + self.sur
            return self.sur + space(rng) + self.given  # surname first, as on residence cards
        x = rng.random()
        if x < 0.4:
            return self.sur + self.given
        if x < 0.75:
            return self.sur + "\u3000" + self.given
        return self.sur + " " + self.given

    def surname(self) -> str:
        return self.sur

    def kana(self) -> str:
        sep = self.rng.choice(["", " ", "\u3000", "\u3000"])
        if self.foreign:
            return self.full() if not sep else self.sur_kana + sep + self.given_kana
        return self.sur_kana + sep + self.given_kana

    def hiragana(self) -> str:
        sep = self.rng.choice(["", " ", "\u3000"])
        return kata_to_hira(self.sur_kana) + sep + kata_to_hira(self.given_kana)

    def latin(self) -> str:
        return self.sur_latin + " " + self.given_latin


def japanese(rng) -> Person:
    return Person(rng, foreign=False)


def foreigner(rng) -> Person:
    return Person(rng, foreign=True)


# =============================================================================
# Geography (real prefecture / municipality / ward names; synthetic towns)
# =============================================================================

PREF_CITIES = {
    "北海道": "旭川市 函館市 釧路市 帯広市 小樽市 北見市",
    "青森県": "青森市 弘前市 八戸市",
    "岩手県": "盛岡市 花巻市 一関市",
    "宮城県": "石巻市 塩竈市 名取市",
    "秋田県": "秋田市 横手市",
    "山形県": "山形市 米沢市 鶴岡市",
    "福島県": "福島市 郡山市 いわき市 会津若松市",
    "茨城県": "水戸市 つくば市 日立市 土浦市",
    "栃木県": "宇都宮市 小山市 足利市",
    "群馬県": "前橋市 高崎市 太田市",
    "埼玉県": "川越市 川口市 所沢市 越谷市 草加市",
    "千葉県": "船橋市 松戸市 柏市 市川市 浦安市",
    "東京都": "八王子市 町田市 府中市 調布市 武蔵野市 三鷹市 立川市 千代田区 中央区 港区 "
              "新宿区 文京区 台東区 墨田区 江東区 品川区 目黒区 大田区 世田谷区 渋谷区 中野区 "
              "杉並区 豊島区 北区 荒川区 板橋区 練馬区 足立区 葛飾区 江戸川区",
    "神奈川県": "横須賀市 藤沢市 鎌倉市 茅ヶ崎市 平塚市 小田原市 厚木市",
    "新潟県": "長岡市 上越市",
    "富山県": "富山市 高岡市",
    "石川県": "金沢市 小松市",
    "福井県": "福井市 敦賀市",
    "山梨県": "甲府市 富士吉田市",
    "長野県": "長野市 松本市 上田市",
    "岐阜県": "岐阜市 大垣市 高山市",
    "静岡県": "沼津市 富士市 磐田市",
    "愛知県": "豊橋市 岡崎市 一宮市 豊田市 春日井市",
    "三重県": "津市 四日市市 伊勢市",
    "滋賀県": "大津市 草津市 彦根市",
    "京都府": "宇治市 舞鶴市 亀岡市",
    "大阪府": "豊中市 吹田市 枚方市 高槻市 東大阪市",
    "兵庫県": "姫路市 西宮市 尼崎市 明石市 芦屋市",
    "奈良県": "奈良市 橿原市 生駒市",
    "和歌山県": "和歌山市 田辺市",
    "鳥取県": "鳥取市 米子市",
    "島根県": "松江市 出雲市",
    "岡山県": "倉敷市 津山市",
    "広島県": "福山市 呉市 尾道市",
    "山口県": "下関市 山口市 宇部市",
    "徳島県": "徳島市 鳴門市",
    "香川県": "高松市 丸亀市",
    "愛媛県": "松山市 今治市",
    "高知県": "高知市 南国市",
    "福岡県": "久留米市 飯塚市 大牟田市",
    "佐賀県": "佐賀市 唐津市",
    "長崎県": "長崎市 佐世保市",
    "熊本県": "八代市 天草市",
    "大分県": "大分市 別府市",
    "宮崎県": "宮崎市 都城市",
    "鹿児島県": "鹿児島市 鹿屋市 霧島市",
    "沖縄県": "那覇市 沖縄市 浦添市 宜野湾市",
}
PREF_CITIES = {k: v.split() for k, v in PREF_CITIES.items()}
PREFS = list(PREF_CITIES)

DESIGNATED = [
    ("北海道", "札幌市", "中央区 北区 東区 白石区 豊平区 西区 手稲区"),
    ("宮城県", "仙台市", "青葉区 宮城野区 若林区 太白区 泉区"),
    ("埼玉県", "さいたま市", "浦和区 大宮区 中央区 南区 見沼区"),
    ("千葉県", "千葉市", "中央区 美浜区 花見川区 稲毛区 若葉区 緑区"),
    ("神奈川県", "横浜市", "中区 西区 港北区 青葉区 戸塚区 鶴見区 神奈川区 磯子区 南区 都筑区"),
    ("神奈川県", "川崎市", "川崎区 中原区 高津区 宮前区 麻生区"),
    ("神奈川県", "相模原市", "中央区 南区 緑区"),
    ("新潟県", "新潟市", "中央区 東区 西区 北区"),
    ("静岡県", "静岡市", "葵区 駿河区 清水区"),
    ("静岡県", "浜松市", "中央区 浜名区 天竜区"),
    ("愛知県", "名古屋市", "中区 東区 千種区 昭和区 中村区 熱田区 緑区 名東区 天白区"),
    ("京都府", "京都市", "中京区 下京区 上京区 左京区 右京区 東山区 伏見区 北区"),
    ("大阪府", "大阪市", "北区 中央区 西区 天王寺区 浪速区 住吉区 淀川区 阿倍野区"),
    ("大阪府", "堺市", "堺区 北区 中区 南区"),
    ("兵庫県", "神戸市", "中央区 灘区 東灘区 兵庫区 須磨区 垂水区 西区"),
    ("岡山県", "岡山市", "北区 中区 南区"),
    ("広島県", "広島市", "中区 南区 西区 東区 安佐南区"),
    ("福岡県", "北九州市", "小倉北区 小倉南区 八幡西区 門司区"),
    ("福岡県", "福岡市", "博多区 中央区 東区 南区 早良区"),
    ("熊本県", "熊本市", "中央区 東区 西区 北区"),
]
DESIGNATED = [(p, c, w.split()) for p, c, w in DESIGNATED]

GUN_TOWNS = [
    ("北海道", "虻田郡", "倶知安町"), ("北海道", "上川郡", "東川町"), ("長野県", "北佐久郡", "軽井沢町"),
    ("神奈川県", "足柄下郡", "箱根町"), ("神奈川県", "三浦郡", "葉山町"), ("埼玉県", "入間郡", "三芳町"),
    ("静岡県", "駿東郡", "小山町"), ("岐阜県", "不破郡", "関ケ原町"), ("三重県", "度会郡", "玉城町"),
    ("福岡県", "糟屋郡", "志免町"), ("千葉県", "印旛郡", "酒々井町"), ("茨城県", "那珂郡", "東海村"),
    ("沖縄県", "中頭郡", "読谷村"), ("長野県", "下伊那郡", "阿智村"), ("奈良県", "生駒郡", "斑鳩町"),
    ("兵庫県", "美方郡", "香美町"), ("熊本県", "阿蘇郡", "小国町"), ("愛知県", "西春日井郡", "豊山町"),
    ("鹿児島県", "大島郡", "与論町"), ("山梨県", "南都留郡", "富士河口湖町"), ("岩手県", "岩手郡", "雫石町"),
    ("京都府", "与謝郡", "伊根町"),
]

TOWNS = ("本町 中央 栄町 旭町 緑町 若葉 東雲 桜台 緑が丘 青葉台 南町 北町 西新町 泉町 幸町 "
         "宮前町 平和町 朝日町 松が丘 希望が丘 美園 富士見 日の出町 錦町 柳町 寿町 港町 城東 "
         "城南 駅前本町 昭和町 若松町 千代田 新栄 清水町 八幡町 春日 三和町 花園 大手町").split()
OAZA = "上野 下村 中原 大原 新田 高森 小松原 長沢 石原 杉谷 西野 東山 北沢 南原 宮内".split()
AZA = "北浦 前田 堂ノ前 宮ノ下 中島 上ノ原 川端 松本".split()

BUILDING_PREFIX = ["メゾン", "グリーンハイツ", "コーポ", "パレス", "ハイツ", "レジデンス", "ヴィラ",
                   "シャトー", "サンハイツ", "ドミール", "ロイヤルマンション", "エステート", "プラザ"]
BUILDING_NAME = ["桜", "若葉", "青葉", "緑", "けやき", "さくら", "みなみ", "ひばり", "東", "中央",
                 "駅前", "第二", "第三", "本町", "オーク", "リバーサイド"]

KYOTO_WARDS = ["中京区", "下京区", "上京区", "東山区"]
KYOTO_NS = ["河原町", "烏丸", "堀川", "寺町", "室町", "新町", "西洞院", "油小路", "高倉", "東洞院"]
KYOTO_EW = ["三条", "四条", "御池", "丸太町", "二条", "五条", "六角", "蛸薬師", "錦小路", "綾小路",
            "仏光寺", "松原"]
KYOTO_DIR = ["上る", "下る", "東入る", "西入る", "上ル", "下ル", "東入", "西入"]
KYOTO_CHO = ["中之町", "大黒町", "亀屋町", "菱屋町", "福長町", "鍛冶屋町", "扇酒屋町", "山田町", "石屋町"]


def building(rng) -> str:
    name = rng.choice(BUILDING_PREFIX) + rng.choice(BUILDING_NAME)
    floor = rng.randint(1, 12)
    room = floor * 100 + rng.randint(1, 12)
    form = rng.randrange(7)
    if form == 0:
        return f"{name}{room}号室"
    if form == 1:
        return f"{name}{floor}F"
    if form == 2:
        return f"{name} {room}"
    if form == 3:
        return f"{name}{floor}階"
    if form == 4:
        return f"{name}{rng.choice('ABC')}棟{room}号室"
    if form == 5:
        return f"{name}{room}号"
    return f"{name}{kanji_pos(room)}号室"


def house_numbers(rng) -> tuple[str, bool]:
    """The 丁目/番地/番/号 part.  Returns (text, ends_with_room_suffix_allowed)."""
    c, b, g = rng.randint(1, 9), rng.randint(1, 40), rng.randint(1, 30)
    n = rng.randint(1, 3500)
    form = rng.randrange(11)
    if form == 0:
        return f"{c}丁目{b}番{g}号", True
    if form == 1:
        return f"{kanji_num(c)}丁目{b}番{g}号", True
    if form == 2:
        return f"{kanji_num(c)}丁目{kanji_num(b)}番{kanji_num(g)}号", True
    if form == 3:
        return f"{c}丁目{b}番地{g}", True
    if form == 4:
        return f"{kanji_num(c)}丁目{b}{dash(rng)}{g}", True
    if form in (5, 6):
        d = dash(rng, p_variant=0.5)
        return f"{c}{d}{b}{d}{g}", True
    if form == 7:
        return f"{n}番地", False
    if form == 8:
        return f"{n}番地{rng.randint(1, 20)}", True
    if form == 9:
        return f"{n}番地の{rng.randint(1, 20)}", True
    return f"{b}番{g}号", True


def gen_address(rng, kind: str | None = None) -> str:
    """A full address string (the whole thing is the span)."""
    if kind is None:
        kind = rng.choices(["city", "ward23", "designated", "gun", "kyoto", "rural"],
                           weights=[28, 14, 22, 14, 8, 8])[0]
    with_pref = rng.random() < 0.75
    if kind == "kyoto":
        head = ("京都府" if with_pref and rng.random() < 0.6 else "") + "京都市" + rng.choice(KYOTO_WARDS)
        ns, ew = rng.choice(KYOTO_NS), rng.choice(KYOTO_EW)
        if rng.random() < 0.5:
            route = f"{ns}通{ew}{rng.choice(KYOTO_DIR)}"
        else:
            route = f"{ew}通{ns}{rng.choice(KYOTO_DIR)}"
        num = rng.choice([f"{rng.randint(1, 700)}番地", f"{rng.randint(1, 700)}", f"{rng.randint(1, 700)}番地の{rng.randint(1, 9)}"])
        addr = head + route + rng.choice(KYOTO_CHO) + num
        if rng.random() < 0.25:
            addr += rng.choice(["", " "]) + building(rng)
        return addr
    if kind == "designated":
        pref, city, wards = rng.choice(DESIGNATED)
        head = (pref if with_pref else "") + city + rng.choice(wards)
        town = rng.choice(TOWNS)
    elif kind == "ward23":
        pref = "東京都"
        head = (pref if with_pref else "") + rng.choice(PREF_CITIES["東京都"][7:])
        town = rng.choice(TOWNS)
    elif kind == "gun":
        pref, gun, town_ = rng.choice(GUN_TOWNS)
        head = pref + (gun if rng.random() < 0.6 else "") + town_
        if not with_pref and head.startswith(pref) and gun in head:
            head = head[len(pref):]  # 郡 form without the prefecture
        town = ("大字" if rng.random() < 0.6 else "") + rng.choice(OAZA)
    elif kind == "rural":
        pref = rng.choice(PREFS)
        head = (pref if with_pref else "") + rng.choice(PREF_CITIES[pref])
        town = "大字" + rng.choice(OAZA) + ("字" + rng.choice(AZA) if rng.random() < 0.4 else "")
    else:
        pref = rng.choice(PREFS)
        head = (pref if with_pref else "") + rng.choice(PREF_CITIES[pref])
        town = rng.choice(TOWNS)
    nums, room_ok = house_numbers(rng)
    if kind in ("rural", "gun") and rng.random() < 0.7:
        nums = f"{rng.randint(1, 3500)}番地" + (f"{rng.randint(1, 20)}" if rng.random() < 0.4 else "")
    if rng.random() < 0.12:
        nums = fw_digits(nums)
    sep = " " if rng.random() < 0.08 else ""
    addr = head + town + sep + nums
    x = rng.random()
    if x < 0.3:
        addr += rng.choice(["", " ", "\u3000"]) + building(rng)
    elif x < 0.38 and room_ok and re.search(r"\d$", nums):
        addr += dash(rng) + str(rng.randint(1, 9) * 100 + rng.randint(1, 15))
    return addr


# =============================================================================
# Value generators (return the span text)
# =============================================================================

AREA_CODES = ["03", "06", "045", "052", "011", "092", "075", "078", "022", "082", "048", "043",
              "0466", "0467", "0263", "0554", "0942", "0985", "0138", "01267", "04992", "0997"]


def gen_postal_code(rng) -> str:
    a, b = rdigits(rng, 3), rdigits(rng, 4)
    x = rng.random()
    if x < 0.12:
        s = a + b
    else:
        s = a + dash(rng, p_variant=0.3) + b
    return maybe_fw(rng, s, 0.2)


def gen_phone(rng, kind: str | None = None) -> str:
    if kind is None:
        kind = rng.choices(["fixed", "mobile", "ip", "free", "intl"], weights=[40, 30, 8, 10, 8])[0]
    if kind in ("fixed", "intl_fixed"):
        area = rng.choice(AREA_CODES)
        exch = rdigits(rng, 6 - len(area), first="23456789")
        sub = rdigits(rng, 4)
    elif kind == "mobile":
        area, exch, sub = rng.choice(["090", "080", "070"]), rdigits(rng, 4, "123456789"), rdigits(rng, 4)
    elif kind == "ip":
        area, exch, sub = "050", rdigits(rng, 4, "123456789"), rdigits(rng, 4)
    elif kind == "free":
        if rng.random() < 0.6:
            area, exch, sub = "0120", rdigits(rng, 3), rdigits(rng, 3)
        else:
            area, exch, sub = "0800", rdigits(rng, 3), rdigits(rng, 4)
    else:  # intl
        if rng.random() < 0.6:
            area, exch, sub = rng.choice(["090", "080", "070"]), rdigits(rng, 4, "123456789"), rdigits(rng, 4)
        else:
            area = rng.choice(AREA_CODES[:6])
            exch, sub = rdigits(rng, 6 - len(area), "23456789"), rdigits(rng, 4)
        sep = rng.choice(["-", "-", " "])
        s = "+81" + sep + area[1:] + sep + exch + sep + sub
        return maybe_fw(rng, s, 0.1)
    form = rng.random()
    if form < 0.55:
        d = dash(rng, p_variant=0.4, p_ocr=0.08)
        s = area + d + exch + d + sub
    elif form < 0.65 and kind == "fixed":
        lb, rb = rng.choice([("(", ")"), ("(", ")"), ("（", "）")])
        s = area + lb + exch + rb + sub
    elif form < 0.72 and kind in ("fixed", "mobile"):
        s = "(" + area + ")" + exch + dash(rng, 0.2, 0) + sub
    elif form < 0.85:
        s = area + " " + exch + " " + sub
    else:
        s = area + exch + sub
    return maybe_fw(rng, s, 0.25)


EMAIL_DOMAINS = ["example.com", "example.jp", "example.co.jp", "example.ne.jp", "example.or.jp",
                 "mail.example.net", "city.example.lg.jp", "example.ac.jp", "example.org"]


def gen_email(rng, p: Person | None = None) -> str:
    p = p or japanese(rng)
    g, s = p.given_latin.lower().replace(" ", ""), p.sur_latin.lower().replace(" ", "")
    form = rng.randrange(7)
    yy = rng.randint(60, 99) if rng.random() < 0.5 else rng.randint(0, 20)
    local = [f"{g}.{s}", f"{s}{g[0]}", f"{g}_{s}{yy:02d}", f"{s}-{g}", f"{g}{yy:02d}",
             f"{g[0]}.{s}", f"{s}.{g}+info"][form]
    e = local + "@" + rng.choice(EMAIL_DOMAINS)
    x = rng.random()
    if x < 0.08:
        return fw(e)
    if x < 0.12:
        return e.replace("@", "＠")
    return e


ERAS = [("令和", "R", datetime.date(2019, 5, 1)), ("平成", "H", datetime.date(1989, 1, 8)),
        ("昭和", "S", datetime.date(1926, 12, 25)), ("大正", "T", datetime.date(1912, 7, 30))]
GANNEN = [(datetime.date(1926, 12, 25), datetime.date(1926, 12, 31)),
          (datetime.date(1989, 1, 8), datetime.date(1989, 12, 31)),
          (datetime.date(2019, 5, 1), datetime.date(2019, 12, 31))]


def era_of(d: datetime.date):
    for name, abbr, start in ERAS:
        if d >= start:
            return name, abbr, d.year - start.year + 1
    raise ValueError(d)


def rand_date(rng, lo: datetime.date, hi: datetime.date) -> datetime.date:
    return datetime.date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))


def gen_birth_date(rng) -> str:
    gannen = rng.random() < 0.12
    if gannen:
        d = rand_date(rng, *rng.choice(GANNEN))
    else:
        d = rand_date(rng, datetime.date(1930, 1, 1), datetime.date(2022, 12, 31))
    era, abbr, ey = era_of(d)
    y, m, dd = d.year, d.month, d.day
    eys = "元" if ey == 1 and rng.random() < 0.85 else str(ey)
    form = rng.choice([5, 6, 8, 9, 13]) if gannen else rng.randrange(14)
    if form in (0, 1):
        s = f"{y}年{m}月{dd}日"
    elif form == 2:
        s = f"{y}年{m:02d}月{dd:02d}日"
    elif form == 3:
        s = f"{y}/{m}/{dd}" if rng.random() < 0.5 else f"{y}/{m:02d}/{dd:02d}"
    elif form == 4:
        s = f"{y}-{m:02d}-{dd:02d}" if rng.random() < 0.6 else f"{y}.{m}.{dd}"
    elif form in (5, 6, 7):
        s = f"{era}{eys}年{m}月{dd}日"
    elif form == 8:
        s = f"{era}{eys}年{m:>2}月{dd:>2}日".replace("  ", " ")  # printed-form padding
    elif form in (9, 10):
        ek = "元" if ey == 1 else kanji_num(ey)
        s = f"{era}{ek}年{kanji_num(m)}月{kanji_num(dd)}日"
    elif form == 11:
        s = f"{abbr}{ey}.{m}.{dd}" if rng.random() < 0.6 else f"{abbr}{ey}/{m}/{dd}"
    elif form == 12:
        s = f"{era[0]}{ey}.{m}.{dd}"
    else:
        s = f"{abbr}{ey:02d}.{m:02d}.{dd:02d}" if rng.random() < 0.5 else f"{era}{eys}年{m}月{dd}日"
    return maybe_fw(rng, s, 0.15)


def valid_my_number(rng) -> str:
    first = rdigits(rng, 11)
    return first + str(my_number_check(first))


def damaged_my_number(rng) -> str:
    d = valid_my_number(rng)
    wrong = rng.choice([c for c in "0123456789" if c != d[11]])
    return d[:11] + wrong


def fmt_12(rng, d: str, p_box=0.12) -> str:
    """Render 12 digits the ways My Numbers (and their look-alikes) are written."""
    x = rng.random()
    if x < p_box:
        sep = rng.choice([" ", " ", "\u3000"])
        s = sep.join(d)  # one digit per printed box
    elif x < 0.35:
        s = d
    elif x < 0.6:
        sp = rng.choice([" ", " ", "\u3000", "  "])
        s = d[:4] + sp + d[4:8] + sp + d[8:]
    elif x < 0.85:
        dd = dash(rng, p_variant=0.4, p_ocr=0.12)
        s = d[:4] + dd + d[4:8] + dd + d[8:]
    else:
        s = d[:4] + "." + d[4:8] + "." + d[8:]
    return maybe_fw(rng, s, 0.2)


def valid_corporate(rng) -> str:
    rest = rdigits(rng, 12)
    return str(corporate_check(rest)) + rest


def gen_corporate(rng, d: str | None = None) -> str:
    d = d or valid_corporate(rng)
    x = rng.random()
    if x < 0.7:
        s = d
    elif x < 0.85:
        dd = dash(rng)
        s = d[0] + dd + d[1:5] + dd + d[5:9] + dd + d[9:]
    else:
        s = d[0] + " " + d[1:5] + " " + d[5:9] + " " + d[9:]
    return maybe_fw(rng, s, 0.2)


def gen_drivers_license(rng) -> str:
    # 2-digit issuing commission, 2-digit year, 6-digit serial, check, reissue count
    d = rng.choice(["30", "45", "46", "48", "50", "53", "62", "64", "72", "10", "20", "91"]) + \
        rdigits(rng, 2) + rdigits(rng, 6) + rdigits(rng, 1) + rng.choice("0001")
    x = rng.random()
    if x < 0.75:
        s = d
    elif x < 0.9:
        s = d[:4] + " " + d[4:8] + " " + d[8:]
    else:
        dd = dash(rng)
        s = d[:2] + dd + d[2:4] + dd + d[4:10] + dd + d[10:]
    return maybe_fw(rng, s, 0.2)


def gen_passport(rng) -> str:
    pre = rng.choice(["TK", "TR", "TZ", "MZ", "MU", "TH", "TS", "MA", "TT", "RZ"]) \
        if rng.random() < 0.7 else "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    s = pre + rdigits(rng, 7)
    return maybe_fw(rng, s, 0.15)


def gen_residence_card(rng) -> str:
    L = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    s = "".join(rng.choice(L) for _ in range(2)) + rdigits(rng, 8) + "".join(rng.choice(L) for _ in range(2))
    return maybe_fw(rng, s, 0.15)


def gen_pension(rng) -> str:
    a, b = rdigits(rng, 4, "1234567"), rdigits(rng, 6)
    x = rng.random()
    if x < 0.35:
        s = a + b
    elif x < 0.9:
        s = a + dash(rng, p_variant=0.4) + b
    else:
        s = a + " " + b
    return maybe_fw(rng, s, 0.2)


def valid_insurer(rng) -> str:
    law = rng.choice(["01", "06", "31", "32", "33", "34", "39", "63"])
    first7 = law + f"{rng.randint(1, 47):02d}" + rdigits(rng, 3)
    return first7 + str(insurer_check(first7))


def gen_insured_8(rng) -> str:
    return rdigits(rng, 8, "0123456789")


def gen_kaigo_10(rng) -> str:
    return rng.choice(["0000", "0001", "1000"]) + rdigits(rng, 6) if rng.random() < 0.5 else rdigits(rng, 10)


def gen_yucho(rng) -> tuple[str, str]:
    kigo = "1" + rdigits(rng, 3) + rng.choice("00000123456789")
    bango = rdigits(rng, rng.randint(5, 7)) + "1"
    return kigo, bango


BANKS = ["みずほ銀行", "三菱UFJ銀行", "三井住友銀行", "りそな銀行", "横浜銀行", "千葉銀行", "静岡銀行",
         "福岡銀行", "京都銀行", "北洋銀行", "城南信用金庫", "京都中央信用金庫", "中央労働金庫"]
BRANCHES = ["本店", "本店営業部", "新宿支店", "駅前支店", "中央支店", "梅田支店", "市役所前支店",
            "西口支店", "東支店", "南支店", "北口支店", "県庁支店", "桜通支店", "大通支店"]
ACCT_TYPES = ["普通", "当座", "普通預金", "当座預金", "（普）", "（当）", "普"]


def bank_frag(rng, with_holder=False) -> Frag:
    """Bank / branch / type / account number; only the number digits are the span."""
    if rng.random() < 0.25:
        kigo, bango = gen_yucho(rng)
        x = rng.random()
        if x < 0.4:
            core = kigo + rng.choice([" 番号 ", "　番号　", " 番号", "番号"]) + bango
            f = Frag() + rng.choice(["ゆうちょ銀行 記号", "ゆうちょ銀行　記号 ", "ゆうちょ銀行 通帳記号 "]) + S(core, "bank_account")
        elif x < 0.7:
            core = kigo + dash(rng, 0.3, 0) + bango
            f = Frag() + rng.choice(["ゆうちょ銀行 記号番号 ", "ゆうちょ銀行（記号番号）", "記号番号："]) + S(core, "bank_account")
        else:
            core = kigo + rng.choice([" 通帳番号 ", "　通帳番号 "]) + bango
            f = Frag() + "ゆうちょ銀行　通帳記号 " + S(core, "bank_account")
    else:
        acct = rdigits(rng, 7)
        if rng.random() < 0.15:
            acct = fw(acct)
        bank, br, tp = rng.choice(BANKS), rng.choice(BRANCHES), rng.choice(ACCT_TYPES)
        x = rng.random()
        if x < 0.35:
            f = fill("{b} {br} {t} {a}", b=bank, br=br, t=tp, a=S(acct, "bank_account"))
        elif x < 0.55:
            f = fill("{b}{br}（{t}）{a}", b=bank, br=br, t=tp.strip("（）"), a=S(acct, "bank_account"))
        elif x < 0.8:
            f = fill("金融機関名：{b}　支店名：{br}　預金種目：{t}　口座番号：{a}", b=bank, br=br,
                     t=tp.strip("（）"), a=S(acct, "bank_account"))
        else:
            f = fill("{b}\t{br}\t{t}\t口座番号\t{a}", b=bank, br=br, t=tp.strip("（）"), a=S(acct, "bank_account"))
    if with_holder:
        p = japanese(rng)
        f += rng.choice(["　口座名義 ", " 名義：", "\t口座名義\t"]) + S(p.kana(), "person")
    return f


# =============================================================================
# Presentation helpers
# =============================================================================

LSEP = ["：", "：", ":", " ", "\u3000", "： ", "："]


def labeled(rng, label: str, value) -> Frag:
    x = rng.random()
    if x < 0.5:
        return fill("{l}{s}{v}", l=label, s=rng.choice(LSEP), v=value)
    if x < 0.68:
        return fill("【{l}】{s}{v}", l=label, s=rng.choice(["", "", " "]), v=value)
    if x < 0.84:
        return fill("{l}\t{v}", l=label, v=value)
    if x < 0.92:
        return fill("■{l}：{v}", l=label, v=value)
    return fill("［{l}］{v}", l=label, v=value)


def neg_date(rng) -> str:
    d = rand_date(rng, datetime.date(2019, 5, 1), datetime.date(2025, 12, 31))
    era, abbr, ey = era_of(d)
    return rng.choice([f"{era}{ey}年{d.month}月{d.day}日", f"{d.year}年{d.month}月{d.day}日",
                       f"{d.year}/{d.month:02d}/{d.day:02d}", f"{era}{kanji_num(ey)}年{kanji_num(d.month)}月{kanji_num(d.day)}日",
                       fw_digits(f"{era}{ey}年{d.month}月{d.day}日")])


def name_frag(rng, p: Person | None = None) -> Frag:
    p = p or Person(rng)
    return S(p.form_name(), "person")


# -- per-category "field" for multi-field rows: (label, value Frag) ------------

def field(rng, cat: str):
    if cat == "person":
        return rng.choice(PERSON_LABELS[:8] + ["氏名", "氏名"]), name_frag(rng)
    if cat == "address":
        return rng.choice(["住所", "現住所", "住所", "本籍", "送付先", "住所（居所）", "連絡先住所"]), S(gen_address(rng), "address")
    if cat == "postal_code":
        return rng.choice(["郵便番号", "〒", "郵便番号"]), S(gen_postal_code(rng), "postal_code")
    if cat == "phone":
        return rng.choice(["電話番号", "TEL", "携帯電話", "連絡先", "FAX", "電話", "自宅電話", "勤務先電話"]), S(gen_phone(rng), "phone")
    if cat == "email":
        return rng.choice(["メールアドレス", "E-mail", "Eメール", "mail"]), S(gen_email(rng), "email")
    if cat == "birth_date":
        return "生年月日", S(gen_birth_date(rng), "birth_date")
    if cat == "my_number":
        return rng.choice(["個人番号", "個人番号", "マイナンバー", "マイナンバー（個人番号）"]), S(fmt_12(rng, valid_my_number(rng)), "my_number")
    if cat == "corporate_number":
        return "法人番号", S(gen_corporate(rng), "corporate_number")
    if cat == "bank_account":
        if rng.random() < 0.5:
            acct = rdigits(rng, 7)
            return "口座番号", S(maybe_fw(rng, acct, 0.15), "bank_account")
        return rng.choice(["振込先", "振込先口座", "口座"]), bank_frag(rng)
    if cat == "drivers_license":
        return rng.choice(["運転免許証番号", "免許証番号", "運転免許証の番号"]), S(gen_drivers_license(rng), "drivers_license")
    if cat == "passport":
        return rng.choice(["旅券番号", "パスポート番号", "旅券（パスポート）番号"]), S(gen_passport(rng), "passport")
    if cat == "residence_card":
        return rng.choice(["在留カード番号", "在留カード番号", "在留カード"]), S(gen_residence_card(rng), "residence_card")
    if cat == "pension_number":
        return "基礎年金番号", S(gen_pension(rng), "pension_number")
    if cat == "insurance_number":
        k = rng.randrange(3)
        if k == 0:
            return "保険者番号", S(maybe_fw(rng, valid_insurer(rng), 0.15), "insurance_number")
        if k == 1:
            return rng.choice(["被保険者番号", "後期高齢者医療被保険者番号"]), S(maybe_fw(rng, gen_insured_8(rng), 0.15), "insurance_number")
        return rng.choice(["介護保険被保険者番号", "介護保険 被保険者番号"]), S(maybe_fw(rng, gen_kaigo_10(rng), 0.15), "insurance_number")
    raise KeyError(cat)


NONPII_FIELDS = [
    ("性別", ["男", "女", "男性", "女性"]), ("続柄", ["本人", "長男", "長女", "妻", "夫", "子", "世帯主"]),
    ("年齢", ["45歳", "満72歳", "38歳", "9歳"]), ("職業", ["会社員", "自営業", "無職", "学生", "公務員"]),
    ("国籍", ["ベトナム", "フィリピン", "ブラジル", "中国", "ネパール"]),
    ("在留資格", ["永住者", "技術・人文知識・国際業務", "留学", "家族滞在", "特定技能"]),
    ("件名", ["情報公開請求", "住民票の写しの交付申請", "児童手当認定請求", "転入届"]),
    ("備考", ["特になし", "代理人による申請", "郵送希望", "窓口にて交付済"]),
    ("担当課", ["市民課", "総務課", "福祉課", "税務課", "こども家庭課"]),
    ("受付", ["窓口", "郵送", "電子申請"]),
]


def nonpii_field(rng):
    label, vals = rng.choice(NONPII_FIELDS)
    return label, rng.choice(vals)


def row(rng, fields) -> Frag:
    style = rng.randrange(5)
    if style <= 1:
        return join([fill("{l}\t{v}", l=l, v=v) for l, v in fields], "\t")
    if style == 2:
        return join([fill("{l}：{v}", l=l, v=v) for l, v in fields], rng.choice(["\u3000", "  ", " / "]))
    if style == 3:
        return join([fill("【{l}】{v}", l=l, v=v) for l, v in fields], rng.choice(["", " ", "\u3000"]))
    return "|" + join([fill("{l}|{v}", l=l, v=v) for l, v in fields], "|") + "|"


# =============================================================================
# Focused items per category (synthetic split)
# =============================================================================

def item_person(rng) -> Frag:
    p = Person(rng)
    P = lambda: S(p.form_name(), "person")  # noqa: E731
    Sur = lambda: S(p.surname(), "person")  # noqa: E731
    q = japanese(rng)
    Q = lambda: S(q.form_name(), "person")  # noqa: E731
    QS = lambda: S(q.surname(), "person")  # noqa: E731
    k = rng.randrange(30)
    if k < 7:
        return labeled(rng, rng.choice(PERSON_LABELS), P())
    if k == 7:
        return fill("私、{p}は、下記のとおり請求します。", p=S(p.full(), "person"))
    if k == 8:
        return fill("私{c}{p}は、上記の者を代理人と定め、次の権限を委任します。", c=rng.choice(["、", "　"]), p=P())
    if k == 9:
        return fill("{p}{h}", p=P(), h=rng.choice([" 様", "　様", "様", " 殿", "殿", "　殿"]))
    if k == 10:
        return fill("{p}{h}から窓口で相談があった。", p=P(), h=rng.choice(["さん", "様", "氏"]))
    if k == 11:
        return fill("本件の担当は{s}{t}です。", s=Sur(), t=rng.choice(TITLES))
    if k == 12:
        return fill("{s}委員の質問に対し、{q}部長が答弁した。", s=Sur(), q=QS())
    if k == 13:
        return fill("{s}係長と{q}主任が現地調査を実施した。", s=Sur(), q=QS())
    if k == 14:
        return fill("{s}先生の指導のもと、児童が研究成果を発表した。", s=Sur())
    if k == 15:
        return fill("{p}君は本年3月に同校を卒業した。", p=S(p.full(), "person"))
    if k == 16:
        return fill("{g}さんは窓口で転入の手続きを済ませた。", g=S(p.given, "person"))
    if k == 17:
        return fill("代表取締役{s}{p}", s=rng.choice([" ", "\u3000"]), p=P())
    if k == 18:
        return fill("フリガナ\t{k}\t氏名\t{p}", k=S(p.kana(), "person"), p=P()) if not p.foreign else \
            fill("氏名（カタカナ）：{k}", k=S(p.kana(), "person"))
    if k == 19:
        if p.foreign:
            return fill("氏名（ローマ字）\t{l}\t氏名（カタカナ）\t{k}", l=S(p.latin(), "person"), k=S(p.kana(), "person"))
        return fill("ふりがな：{h}　氏名：{p}", h=S(p.hiragana(), "person"), p=P())
    if k == 20:
        return fill("申請者　{p}　㊞", p=P())
    if k == 21:
        return fill("世帯主：{p}　続柄：{r}", p=P(), r=rng.choice(["本人", "父", "母"]))
    if k == 22:
        return fill("{p}議員ほか2名が視察を行った。", p=S(p.full(), "person") if rng.random() < 0.5 else Sur())
    if k == 23:
        return fill("届出人 {p}（{r}）", p=P(), r=rng.choice(["同居の親族", "本人", "父", "母"]))
    if k == 24:
        return fill("{p}会長のあいさつに続き、{q}課長から事業の説明があった。", p=Sur(), q=QS())
    if k == 25:
        return fill("担当者名：{p}（市民課）", p=Sur() if rng.random() < 0.5 else P())
    if k == 26:
        return fill("{p}様と{q}様の連名で提出された。", p=P(), q=Q())
    if k == 27:
        return fill("故{p}氏の相続人として{q}が申出を行った。", p=S(p.full(), "person"), q=Q())
    if k == 28:
        f = foreigner(rng)
        return fill("{p}{h}の在留資格の変更について", p=S(f.form_name(), "person"), h=rng.choice(["様", "さん", "氏"]))
    f = foreigner(rng)
    return fill("{s}氏から書面で回答があった。", s=S(f.sur, "person")) if not f.vietnamese else \
        fill("{p}さんから書面で回答があった。", p=S(f.full(), "person"))


def postal_prefix(rng) -> Frag:
    code = gen_postal_code(rng)
    return rng.choice(["〒", "〒", "〒 ", "郵便番号 "]) + S(code, "postal_code") + rng.choice([" ", "\u3000", "", "  "])


def item_address(rng) -> Frag:
    A = lambda: S(gen_address(rng), "address")  # noqa: E731
    k = rng.randrange(12)
    if k < 4:
        return labeled(rng, rng.choice(["住所", "現住所", "住所", "本籍", "送付先", "住所（居所）", "新住所", "旧住所"]), A())
    if k == 4:
        return postal_prefix(rng) + A()
    if k == 5:
        return fill("住所：{pc}{a}", pc=postal_prefix(rng), a=A())
    if k == 6:
        return fill("{p}さんは{a}に居住している。", p=name_frag(rng), a=A())
    if k == 7:
        return fill("転居先は{a}です。", a=A())
    if k == 8:
        return fill("住所\t{a}\t氏名\t{p}", a=A(), p=name_frag(rng))
    if k == 9:
        return fill("上記の者は、{a}に住所を有する者であることを証明する。", a=A())
    if k == 10:
        return fill("{a}　{p}様方", a=A(), p=name_frag(rng))
    return fill("本籍地：{a}　筆頭者：{p}", a=S(gen_address(rng, rng.choice(["city", "ward23", "designated", "kyoto"])), "address"), p=name_frag(rng))


def item_postal(rng) -> Frag:
    code = lambda: S(gen_postal_code(rng), "postal_code")  # noqa: E731
    k = rng.randrange(6)
    if k == 0:
        return fill("〒{c}", c=code())
    if k == 1:
        return fill("郵便番号{s}{c}", s=rng.choice(["：", " ", "\t"]), c=code())
    if k == 2:
        return fill("〒{c} {a}", c=code(), a=S(gen_address(rng), "address"))
    if k == 3:
        return fill("郵便番号\t{c}\t住所\t{a}", c=code(), a=S(gen_address(rng), "address"))
    if k == 4:
        return fill("送付先は〒{c}の事務局までお願いします。", c=code())
    return fill("【郵便番号】{c}【電話】{t}", c=code(), t=S(gen_phone(rng), "phone"))


def item_phone(rng) -> Frag:
    T = lambda kind=None: S(gen_phone(rng, kind), "phone")  # noqa: E731
    k = rng.randrange(12)
    if k < 4:
        return labeled(rng, rng.choice(["TEL", "Tel.", "電話", "電話番号", "携帯電話", "携帯", "連絡先", "FAX", "自宅電話"]), T())
    if k == 4:
        return fill("TEL:{a} / FAX:{b}", a=T("fixed"), b=T("fixed"))
    if k == 5:
        return fill("お問い合わせは{t}までご連絡ください。", t=T(rng.choice(["free", "fixed", "ip"])))
    if k == 6:
        return fill("日中連絡のつく電話番号（{t}）", t=T("mobile"))
    if k == 7:
        return fill("{p}様（携帯 {t}）", p=name_frag(rng), t=T("mobile"))
    if k == 8:
        return fill("電話\t{a}\t携帯\t{b}", a=T("fixed"), b=T("mobile"))
    if k == 9:
        return fill("緊急連絡先：{t}（{r}）", t=T(), r=rng.choice(["妻", "長男", "勤務先", "実家"]))
    if k == 10:
        return fill("海外からは{t}へおかけください。", t=T("intl"))
    return fill("TEL {t}", t=T(rng.choice(["fixed", "mobile", "ip", "free"])))


def item_email(rng) -> Frag:
    p = japanese(rng)
    E = lambda: S(gen_email(rng, p), "email")  # noqa: E731
    k = rng.randrange(7)
    if k < 3:
        return labeled(rng, rng.choice(["E-mail", "メールアドレス", "Eメール", "mail", "電子メール"]), E())
    if k == 3:
        return fill("回答は{e}宛にお送りください。", e=E())
    if k == 4:
        return fill("{p}（{e}）", p=S(p.form_name(), "person"), e=E())
    if k == 5:
        return fill("連絡先\t{t}\tメール\t{e}", t=S(gen_phone(rng), "phone"), e=E())
    return fill("メール：{e}　電話：{t}", e=E(), t=S(gen_phone(rng), "phone"))


def item_birth(rng) -> Frag:
    B = lambda: S(gen_birth_date(rng), "birth_date")  # noqa: E731
    k = rng.randrange(12)
    if k < 3:
        return labeled(rng, "生年月日", B())
    if k == 3:
        return fill("{b}生まれ", b=B())
    if k == 4:
        return fill("{p}（{b}生）", p=name_frag(rng), b=B())
    if k == 5:
        return fill("誕生日は{b}です。", b=B())
    if k == 6:
        return fill("生年月日\t{b}\t年齢\t{a}歳", b=B(), a=rng.randint(3, 90))
    if k == 7:
        return fill("{b}生　{p}", b=B(), p=name_frag(rng))
    if k == 8:
        return fill("氏名 {p} 生年月日 {b}", p=name_frag(rng), b=B())
    if k == 9:
        return fill("誕生日：{b}", b=B())
    if k == 10:
        return fill("{p}さんは{b}に生まれた。", p=name_frag(rng), b=B())
    return fill("（生年月日：{b}、満{a}歳）", b=B(), a=rng.randint(18, 95))


def item_my_number(rng) -> Frag:
    M = lambda: S(fmt_12(rng, valid_my_number(rng)), "my_number")  # noqa: E731
    k = rng.randrange(12)
    if k < 4:
        return labeled(rng, rng.choice(["個人番号", "個人番号", "マイナンバー", "マイナンバー（個人番号）"]), M())
    if k == 4:
        return fill("{p}様の個人番号は{m}です。", p=name_frag(rng), m=M())
    if k == 5:
        return fill("個人番号カード（番号：{m}）の写しを添付", m=M())
    if k == 6:
        return fill("通知カードに記載された番号 {m}", m=M())
    if k == 7:
        return fill("マイナンバー{m}を記入のうえ提出してください。", m=M())
    if k == 8:
        return fill("個人番号\t{m}\t氏名\t{p}", m=M(), p=name_frag(rng))
    if k == 9:
        return fill("本人確認書類：個人番号カード　番号 {m}", m=M())
    if k == 10:
        return fill("個人番号（{m}）", m=M())
    return fill("【個人番号】{m}【生年月日】{b}", m=M(), b=S(gen_birth_date(rng), "birth_date"))


def item_my_number_damaged(rng) -> Frag:
    """個人番号 label present, check digit broken (OCR damage): still PII."""
    m = S(fmt_12(rng, damaged_my_number(rng), p_box=0.25), "my_number")
    k = rng.randrange(3)
    if k == 0:
        return labeled(rng, "個人番号", m)
    if k == 1:
        return fill("個人番号\t{m}\t氏名\t{p}", m=m, p=name_frag(rng))
    return fill("【個人番号】{m}", m=m)


COMPANIES = ["株式会社みどり商事", "有限会社青葉工務店", "合同会社サンプルテック", "一般社団法人ひかり福祉会",
             "株式会社さくら設計", "株式会社東西物流", "社会福祉法人やすらぎ会", "株式会社つばさ印刷"]


def item_corporate(rng) -> Frag:
    C = lambda: S(gen_corporate(rng), "corporate_number")  # noqa: E731
    k = rng.randrange(7)
    if k < 3:
        return labeled(rng, "法人番号", C())
    if k == 3:
        return fill("{c}（法人番号{s}{n}）", c=rng.choice(COMPANIES), s=rng.choice(["：", " ", ""]), n=C())
    if k == 4:
        return fill("登録番号 T{n}", n=S(valid_corporate(rng), "corporate_number"))
    if k == 5:
        return fill("法人名\t{c}\t法人番号\t{n}\t代表者\t{p}", c=rng.choice(COMPANIES), n=C(), p=name_frag(rng))
    return fill("契約の相手方：{c}　法人番号：{n}", c=rng.choice(COMPANIES), n=C())


def item_bank(rng) -> Frag:
    k = rng.randrange(6)
    if k < 2:
        return bank_frag(rng)
    if k == 2:
        return bank_frag(rng, with_holder=True)
    if k == 3:
        return fill("下記口座へお振り込みください。{b}", b=bank_frag(rng))
    if k == 4:
        return fill("口座番号{s}{a}", s=rng.choice(["：", " ", "\t", "（7桁）"]), a=S(maybe_fw(rng, rdigits(rng, 7), 0.2), "bank_account"))
    return fill("振込先：{b}（名義 {p}）", b=bank_frag(rng), p=S(japanese(rng).kana(), "person"))


def item_license(rng) -> Frag:
    D = lambda: S(gen_drivers_license(rng), "drivers_license")  # noqa: E731
    k = rng.randrange(7)
    if k < 3:
        return labeled(rng, rng.choice(["運転免許証番号", "免許証番号", "運転免許証の番号"]), D())
    if k == 3:
        return fill("免許証番号 第{d}号", d=D())
    if k == 4:
        return fill("本人確認書類：運転免許証（番号{d}）", d=D())
    if k == 5:
        return fill("{p}様の運転免許証（第{d}号）の写しを添付します。", p=name_frag(rng), d=D())
    return fill("運転免許証\t{d}\t有効期限\t{e}", d=D(), e=neg_date(rng))


def item_passport(rng) -> Frag:
    X = lambda: S(gen_passport(rng), "passport")  # noqa: E731
    k = rng.randrange(6)
    if k < 3:
        return labeled(rng, rng.choice(["旅券番号", "パスポート番号", "旅券（パスポート）番号"]), X())
    if k == 3:
        return fill("パスポート（{x}）を提示した。", x=X())
    if k == 4:
        return fill("旅券番号\t{x}\t国籍\t{c}\t氏名\t{p}", x=X(), c=rng.choice(["米国", "英国", "ブラジル", "日本"]), p=name_frag(rng))
    return fill("本人確認：パスポート　番号 {x}", x=X())


def item_residence(rng) -> Frag:
    X = lambda: S(gen_residence_card(rng), "residence_card")  # noqa: E731
    k = rng.randrange(5)
    if k < 3:
        return labeled(rng, rng.choice(["在留カード番号", "在留カード番号", "在留カード"]), X())
    if k == 3:
        f = foreigner(rng)
        return fill("氏名\t{p}\t在留カード番号\t{x}\t在留資格\t{q}", p=S(f.latin() if rng.random() < 0.4 else f.form_name(), "person"),
                    x=X(), q=rng.choice(["永住者", "留学", "特定技能", "家族滞在"]))
    return fill("在留カード（番号：{x}）の写しを添付", x=X())


def item_pension(rng) -> Frag:
    X = lambda: S(gen_pension(rng), "pension_number")  # noqa: E731
    k = rng.randrange(5)
    if k < 3:
        return labeled(rng, "基礎年金番号", X())
    if k == 3:
        return fill("年金手帳（基礎年金番号{x}）の写し", x=X())
    return fill("基礎年金番号\t{x}\t氏名\t{p}", x=X(), p=name_frag(rng))


def item_insurance(rng) -> Frag:
    k = rng.randrange(9)
    I8 = lambda: S(maybe_fw(rng, valid_insurer(rng), 0.15), "insurance_number")  # noqa: E731
    H8 = lambda: S(maybe_fw(rng, gen_insured_8(rng), 0.15), "insurance_number")  # noqa: E731
    K10 = lambda: S(maybe_fw(rng, gen_kaigo_10(rng), 0.15), "insurance_number")  # noqa: E731
    if k < 2:
        return labeled(rng, "保険者番号", I8())
    if k < 4:
        return labeled(rng, rng.choice(["被保険者番号", "後期高齢者医療被保険者番号"]), H8())
    if k < 6:
        return labeled(rng, rng.choice(["介護保険被保険者番号", "介護保険 被保険者番号"]), K10())
    if k == 6:
        return fill("保険者番号\t{i}\t被保険者番号\t{h}", i=I8(), h=H8())
    if k == 7:
        return fill("介護保険の被保険者番号は{k}です。", k=K10())
    return fill("国民健康保険（保険者番号{i}）", i=S(valid_insurer(rng), "insurance_number"))


def item_row(rng) -> Frag:
    n = rng.randint(2, 4)
    cats = rng.sample(CATEGORIES, n)
    fields = [field(rng, c) for c in cats]
    if rng.random() < 0.5:
        fields.insert(rng.randrange(len(fields) + 1), nonpii_field(rng))
    return row(rng, fields)


def item_letter(rng) -> Frag:
    p = Person(rng)
    P = lambda: S(p.form_name(), "person")  # noqa: E731
    A = lambda: S(gen_address(rng), "address")  # noqa: E731
    k = rng.randrange(9)
    if k == 0:
        return postal_prefix(rng) + A() + rng.choice(["　", " ", "  "]) + P() + rng.choice([" 様", "　様", "様"])
    if k == 1:
        return fill("{p}様　拝啓　時下ますますご清祥のこととお慶び申し上げます。{d}付で申請のあった件について、下記のとおり決定しましたので通知します。",
                    p=P(), d=neg_date(rng))
    if k == 2:
        return fill("{a}\t{p}\tTEL {t}", a=A(), p=P(), t=S(gen_phone(rng), "phone"))
    if k == 3:
        return fill("差出人：{p}（{pc}{a}）電話 {t}", p=P(), pc=postal_prefix(rng), a=A(), t=S(gen_phone(rng), "phone"))
    if k == 4:
        return fill("本人確認のため、{p}様の運転免許証（番号{d}）の写しを添付します。", p=P(), d=S(gen_drivers_license(rng), "drivers_license"))
    if k == 5:
        return fill("{p}様の生年月日（{b}）及び住所（{a}）を住民基本台帳で確認した。", p=P(), b=S(gen_birth_date(rng), "birth_date"), a=A())
    if k == 6:
        return fill("{d}　{p}様　{c}長　{q}", d=neg_date(rng), p=P(), c=rng.choice(PREF_CITIES[rng.choice(PREFS)]),
                    q=name_frag(rng, japanese(rng)))
    if k == 7:
        return fill("{pc}{a} {p} 様　（{e}）", pc=postal_prefix(rng), a=A(), p=P(), e=S(gen_email(rng), "email"))
    return fill("送付先：{a}　{p}様方　{q}様", a=A(), p=P(), q=name_frag(rng, japanese(rng)))


# =============================================================================
# Negatives (synthetic split)
# =============================================================================

DOC_NUMBER_LABELS = ["受付番号", "注文番号", "文書番号", "管理番号", "整理番号", "伝票番号", "お問い合わせ番号",
                     "請求書番号", "案件番号", "申込番号", "契約番号", "照会番号"]
CITY_SENTENCES = [
    "{c}では来年度から新たな子育て支援策を実施する。", "{c}と連携して防災訓練を行った。",
    "{c}内の公共施設の利用状況を調査した。", "{c}の人口は前年より減少した。",
    "{c}から補助金の交付決定通知が届いた。", "{c}議会の定例会は6月に開かれる。",
]
OFFICES = ["総務課", "市民課", "市民課 戸籍係", "福祉部 高齢福祉課", "情報公開室", "税務課 市民税係",
           "こども家庭課", "環境政策課", "都市計画課", "会計課", "選挙管理委員会事務局", "教育委員会 学校教育課"]
KATAKANA_WORDS = ["コンピュータ・システム", "テレビ", "データ・ベース", "インターネット", "ホームページ",
                  "スマートフォン", "パブリック・コメント", "ワーキング・グループ", "ブラウン管", "バックミラー",
                  "ホワイトボード", "グリーン車", "キングサイズ", "ヤングケアラー", "ライトアップ",
                  "アンケート", "オンライン・ミーティング", "ケース・スタディ", "スミスチャート"]
SURNAME_NOUNS = [
    "林の中の遊歩道を整備する。", "森林環境譲与税の使途を公表する。", "小川の清掃活動に参加した。",
    "平野部では稲刈りが始まった。", "石川県と富山県の県境付近で工事を行う。", "千葉県内の市町村に照会した。",
    "中島公園の桜が見頃を迎えた。", "上野動物園への遠足を実施した。", "松本城の周辺は観光客でにぎわった。",
    "原っぱで子どもたちが遊んでいる。", "大和川の水質は改善傾向にある。", "青木ヶ原の樹海を散策した。",
    "森の奥にある神社を訪ねた。", "長野駅前の再開発が進んでいる。", "宮崎県産の野菜を使用した。",
    "高橋の架け替え工事が完了した。", "岡山県の桃を贈答品とした。", "福田地区の自治会が清掃を行った。",
]


def item_negative(rng) -> Frag:
    k = rng.randrange(30)
    if k < 6:  # 12-digit document/order numbers that pass the My Number checksum
        num = fmt_12(rng, valid_my_number(rng), p_box=0.0)
        tpl = rng.choice(["{l}：{n}", "{l} {n}", "【{l}】{n}", "{l}\t{n}", "{l}{n}の件について回答します。",
                          "（{l}{n}）", "{l}：{n}　{d}受付"])
        f = fill(tpl, l=rng.choice(DOC_NUMBER_LABELS), n=num, d=neg_date(rng))
        if rng.random() < 0.2:
            f += fill("　申請者：{p}", p=name_frag(rng))
        return f
    if k == 6:  # bare 12-digit numbers
        return Frag() + rng.choice(["", "No.", "No. ", "#"]) + valid_my_number(rng)
    if k == 7:
        return fill("バーコード {n} を読み取ってください。", n=valid_my_number(rng))
    if k in (8, 9):  # dates that are not birth dates
        tpl = rng.choice(["申請日：{d}", "{d}付で通知します。", "作成日 {d}", "施行日\t{d}", "受付日：{d}　処理日：{e}",
                          "{d}から{e}までの期間", "{d}発生の事故について", "提出期限は{d}です。", "{d}（月）10時30分開始",
                          "有効期限：{d}", "交付年月日 {d}"])
        f = fill(tpl, d=neg_date(rng), e=neg_date(rng))
        if rng.random() < 0.2:
            f = f + fill("　氏名：{p}", p=name_frag(rng))
        return f
    if k == 10:  # amounts
        a = f"{rng.randint(1000, 99999999):,}"
        return Frag() + rng.choice([f"金額 {a}円", f"合計 {a}円（税込）", f"￥{a}-", f"請求額：{fw_digits(a)}円",
                                    f"予算額 {rng.randint(1, 99)}億{rng.randint(1, 9999):,}万円", f"人口 {a}人"])
    if k == 11:
        return fill(rng.choice(CITY_SENTENCES), c=rng.choice(
            [c for p_ in ("神奈川県", "大阪府", "愛知県", "福岡県") for c in PREF_CITIES[p_]] + ["横浜市", "名古屋市", "京都市", "札幌市"]))
    if k == 12:
        o = rng.choice(OFFICES)
        return Frag() + rng.choice([f"担当：{o}", f"問合せ先　{o}", f"{o}では窓口の受付時間を変更します。", f"発信元：{o}"])
    if k == 13:  # article and clause numbers
        return Frag() + rng.choice([
            f"第{rng.randint(1, 40)}条第{rng.randint(1, 5)}項の規定により", f"地方自治法第{rng.randint(100, 299)}条第{rng.randint(1, 9)}項",
            f"同法第{kanji_num(rng.randint(1, 99))}条第{kanji_num(rng.randint(1, 5))}号に該当する。",
            f"令和{rng.randint(1, 6)}年条例第{rng.randint(1, 60)}号", f"第{fw_digits(str(rng.randint(1, 30)))}条"])
    if k == 14:  # times and percentages
        return Frag() + rng.choice([f"午前{rng.randint(8, 11)}時から午後{rng.randint(1, 5)}時まで", f"{rng.randint(8, 17)}:{rng.choice(['00', '15', '30', '45'])}〜{rng.randint(9, 18)}:00",
                                    f"前年比{rng.randint(1, 30)}.{rng.randint(0, 9)}%増", f"回収率は{fw_digits(str(rng.randint(10, 99)))}％", f"受付時間 9:00-17:15"])
    if k == 15:  # page numbers and footers
        n = rng.randint(1, 99)
        return Frag() + rng.choice([f"{n}/{n + rng.randint(0, 20)}ページ", f"p.{n}", f"－{n}－", f"- {n} -", f"（{n}頁）", f"別紙{n}"])
    if k == 16:
        return Frag() + rng.choice(KATAKANA_WORDS) + rng.choice(["の更新作業を行う。", "を活用した事業を検討する。", "について意見を募集します。", ""])
    if k == 17:
        return Frag() + rng.choice(SURNAME_NOUNS)
    if k == 18:
        return Frag() + rng.choice([f"ISBN978-4-{rdigits(rng, 2)}-{rdigits(rng, 6)}-{rdigits(rng, 1)}", f"ISBN978{rdigits(rng, 10)}",
                                    f"JANコード {rdigits(rng, 13, '4')}", f"製造番号 {valid_corporate(rng)}"])
    if k == 19:
        return Frag() + rng.choice(["マイナンバーカードの交付申請は市民課で受け付けています。", "個人番号の記載は不要です。",
                                    "マイナンバー制度の概要について説明した。", "運転免許証の自主返納を支援します。",
                                    "パスポートの申請には戸籍謄本が必要です。", "在留カードの更新手続きは出入国在留管理局で行う。",
                                    "基礎年金番号が分かる書類を持参してください。", "口座番号の記入漏れに注意してください。",
                                    "生年月日欄は記入不要です。", "電話番号欄には日中連絡のつく番号を記入してください。"])
    if k == 20:
        return Frag() + rng.choice([f"定員{rng.randint(10, 200)}名", f"第{rng.randint(1, 9)}会議室（本庁舎{rng.randint(2, 8)}階）",
                                    f"Ver.{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}", f"令和{rng.randint(1, 6)}年度第{rng.randint(1, 4)}回定例会",
                                    f"資料{rng.randint(1, 9)}-{rng.randint(1, 9)}", f"議案第{rng.randint(1, 120)}号"])
    if k == 21:  # numbers with context-looking labels that are not personal
        return Frag() + rng.choice([f"法令番号 平成{rng.randint(1, 30)}年法律第{rng.randint(1, 120)}号", f"整理番号 {rdigits(rng, 8)}",
                                    f"受付番号 {rdigits(rng, 10)}", f"車両番号 {rdigits(rng, 4)}", f"部屋番号 {rng.randint(101, 905)}",
                                    f"口座振替日は毎月{rng.randint(1, 28)}日です。"])
    if k == 22:  # negative combined with real PII
        num = fmt_12(rng, valid_my_number(rng), p_box=0.0)
        return fill("{l}\t{n}\t個人番号\t{m}", l=rng.choice(DOC_NUMBER_LABELS[:8]), n=num,
                    m=S(fmt_12(rng, valid_my_number(rng)), "my_number"))
    if k == 23:
        return fill("{d}付　{p}様　{o}", d=neg_date(rng), p=name_frag(rng), o=rng.choice(OFFICES))
    if k == 24:
        return fill("{c}長　様", c=rng.choice(PREF_CITIES[rng.choice(PREFS)]))
    if k == 25:
        return Frag() + rng.choice(["下記のとおり回答します。", "記", "以上", "別紙のとおり", "ご不明な点はお問い合わせください。",
                                    "個人情報は適切に管理します。", "該当なし", "（非公開）", "※太枠内を記入してください。"])
    if k == 26:
        return Frag() + rng.choice([f"{neg_date(rng)}現在", f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日（{rng.choice('月火水木金')}）",
                                    f"令和{kanji_num(rng.randint(2, 6))}年度予算"])
    if k == 27:  # postal/phone-like shapes that are something else
        return Frag() + rng.choice([f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 更新",
                                    f"{rng.randint(1, 30)}-{rng.randint(1, 30)}-{rng.randint(1, 30)}の表", f"規格 {rdigits(rng, 3)}-{rdigits(rng, 4)}-{rdigits(rng, 2)}"])
    if k == 28:
        return fill("{o}　{p}{t}", o=rng.choice(OFFICES), p=S(japanese(rng).surname(), "person"), t=rng.choice(["", "（内線1234）"]))
    return Frag() + rng.choice(["住所欄は省略しています。", "氏名欄は本人が自署してください。", "様式第3号（第5条関係）",
                                "市役所本庁舎は駅から徒歩10分です。", "市内在住の方に限ります。", "横浜市中区役所で受付"])


# =============================================================================
# Prose split
# =============================================================================

PROSE_WITH_NAMES = [
    "{F}は昨年、市内で小さな書店を開いた。",
    "会議では{S}から説明があった。",
    "{FF}が来日した。{FS}は都内の大学で講演する予定だ。",
    "{F}さん（{age}）は「地域の皆さんに支えられてきた」と話す。",
    "市議会の定例会で、{F}議員が子育て支援について質問した。",
    "{S}によれば、今年の収穫量は平年並みだという。",
    "展覧会には{F}の作品が多数並んだ。",
    "{F}と{F2}が共同で研究を進めている。",
    "委員長の{F}は、審議の経過を報告した。",
    "{S}は「まだ課題は多い」と語った。",
    "司会は{F}が務めた。",
    "冒頭、{S}会長があいさつした。",
    "取材に応じた{F}は、当時の様子を振り返った。",
    "{F}が代表を務める団体は、空き家の活用に取り組んでいる。",
    "{S}さんの話では、昨年の夏は特に暑かったという。",
    "{FS}氏は記者会見で新製品を発表した。",
    "{F}、{F2}、{F3}の三氏が出席した。",
    "昨年亡くなった{F}の遺作が公開された。",
    "{G}ちゃん（{age_child}）は毎朝、祖母と散歩をしている。",
    "○{S}委員長　ただいまから委員会を開会します。",
    "○{S}委員　予算の内訳を示していただきたい。",
    "○{S}課長　後日、資料を提出いたします。",
    "{S}副市長は「着実に進めたい」と述べた。",
    "{F}は大学卒業後、地元の信用金庫に就職した。",
    "{FF}さんはブラジル出身で、十年前から市内に住んでいる。",
    "その後、{F}は家業を継いだ。",
    "{S}はそう言って笑った。",
    "質疑では{S}が再質問した。",
    "{F}の提案を受け、{S2}は計画を見直した。",
    "{FF}監督は「選手たちを誇りに思う」と語った。",
    "昨夜、{S}から電話があった。",
    "{F}氏が新会長に選ばれた。",
    "祖父の{F}は戦後、この地で開拓に携わった。",
    "{F}（{age}）が優勝した。",
    "{FS}は通訳を介して質問に答えた。",
    "講師の{F}先生が、地域の歴史について講演した。",
    "{S}と{S2}は同じ高校の出身だ。",
    "この本は{F}が三年かけて書き上げたものだ。",
    "先日、{F}に会って話を聞いた。",
    "受賞者を代表して{F}があいさつした。",
    "{F}によると、来場者は約二千人だった。",
    "友人の{G}は、今年から市役所で働いている。",
    "{FF}と{F}が対談した。",
    "{S}部長は「前向きに検討する」と答弁した。",
    "{F}は、この町で生まれ育った。",
    "報告書は{F}がまとめた。",
    "{S}の指摘はもっともだと思う。",
    "母の{GF}は料理が得意だった。",
    "{FS}さんの家族も一緒に来日した。",
    "{F}選手は二回戦で敗れた。",
    "作家の{F}は、随筆の中で故郷の風景を描いている。",
    "{S}君が黒板に答えを書いた。",
    "{F}から{F2}へ会長職が引き継がれた。",
]
PROSE_NO_NAMES = [
    "横浜市では新しい図書館の建設が始まった。", "大阪府と京都府は観光振興で連携協定を結んだ。",
    "株式会社みどり商事は新工場の稼働を発表した。", "コンピュータ・システムの更新は来年度に予定されている。",
    "テレビやインターネットを通じて情報を発信している。", "林の中を抜けると小川が流れていた。",
    "平野部では稲刈りが始まっている。", "森の奥にある古い神社を訪ねた。", "中山道の宿場町として栄えた。",
    "松本城の周辺は観光客でにぎわっていた。", "大和川の水質は年々改善している。",
    "千葉県と茨城県を結ぶ橋が完成した。", "サッカーのワールドカップ予選が行われた。",
    "スマートフォン向けのアプリケーションを開発した。", "カフェ・レストランが駅前にオープンした。",
    "ロサンゼルスやニューヨークなど米国の都市を巡った。", "昔のブラウン管テレビが倉庫から見つかった。",
    "運転前にバックミラーの角度を調整した。", "会議室のホワイトボードに日程を書き出した。",
    "グリーン車は満席だった。", "ヤングケアラーへの支援が課題となっている。", "夜には天守閣のライトアップが行われる。",
    "中島公園では桜が見頃を迎えた。", "上野動物園は多くの家族連れでにぎわった。", "石川県の伝統工芸品を紹介する展示会が開かれた。",
    "名古屋市の中村区役所で説明会が開かれた。", "札幌市内の積雪は五十センチを超えた。",
    "市民課の窓口は土曜日も開いている。", "総務課が庁内の調整を担う。", "第3条第2項の規定に基づき審査を行った。",
    "前年比で12.5%の増加となった。", "午前10時から正午まで受け付ける。", "議会はパブリック・コメントの結果を公表した。",
    "プロジェクト・チームが発足した。", "森林の保全に関する条例が可決された。", "福岡県産のいちごが出荷の最盛期を迎えた。",
    "宮崎県の沿岸部で高波への警戒が呼びかけられた。", "雨の日はタクシー乗り場に長い列ができる。",
    "キングサイズのベッドが運び込まれた。", "ミラーボールが回るダンスホールは昭和の名残だ。",
    "アンダーパスの冠水に注意が必要だ。", "ハリケーンの影響で便が欠航した。", "スミソニアン博物館の展示を紹介した。",
    "トンネルの開通式が行われた。", "京都市の中心部では外国人観光客の姿が目立つ。", "ニュージーランドとの姉妹都市交流が三十周年を迎えた。",
    "大学のキャンパスでオープン・キャンパスが開かれた。",
    "原発の再稼働をめぐり議論が続いている。", "青葉台の住宅地では空き家が増えている。",
    "白石区の図書館は改修のため休館している。", "商店街の夏祭りには約三千人が訪れた。",
]


def prose_names(rng):
    """Slots for prose: one Japanese person (F/S/G), a second and third, a foreigner."""
    p, p2, p3 = japanese(rng), japanese(rng), japanese(rng)
    w = Person(rng, foreign=False, female=True)
    f = foreigner(rng)
    while f.vietnamese:
        f = foreigner(rng)
    return {
        "F": lambda: S(p.full(), "person"), "S": lambda: S(p.sur, "person"), "G": lambda: S(p.given, "person"), "GF": lambda: S(w.given, "person"),
        "F2": lambda: S(p2.full(), "person"), "S2": lambda: S(p2.sur, "person"),
        "F3": lambda: S(p3.full(), "person"),
        "FF": lambda: S(f.given + rng.choice(["・", "・", "・", "＝", ""]) + f.sur, "person"),
        "FS": lambda: S(f.sur, "person"),
        "age": str(rng.randint(19, 92)), "age_child": str(rng.randint(3, 9)),
    }


def prose_item(rng, tpl: str) -> Frag:
    return fill(tpl, **prose_names(rng))


# =============================================================================
# Corpus assembly
# =============================================================================

FOCUSED = [
    (item_person, 60), (item_address, 50), (item_postal, 22), (item_phone, 34), (item_email, 24),
    (item_birth, 34), (item_my_number, 30), (item_my_number_damaged, 6), (item_corporate, 22),
    (item_bank, 26), (item_license, 22), (item_passport, 22), (item_residence, 22), (item_pension, 22),
    (item_insurance, 26), (item_row, 70), (item_letter, 36), (item_negative, 130),
]


def gen_synthetic(rng):
    frags = []
    for fn, n in FOCUSED:
        for _ in range(n):
            frags.append(fn(rng))
    rng.shuffle(frags)
    return frags


def gen_prose(rng):
    frags = []
    for i in range(150):
        frags.append(prose_item(rng, PROSE_WITH_NAMES[i % len(PROSE_WITH_NAMES)]))
    for tpl in PROSE_NO_NAMES:
        frags.append(Frag() + tpl)
    # Multi-sentence paragraphs: two sentences run together on one line.
    for _ in range(30):
        a = prose_item(rng, rng.choice(PROSE_WITH_NAMES))
        b = rng.choice([prose_item(rng, rng.choice(PROSE_WITH_NAMES)), as_frag(rng.choice(PROSE_NO_NAMES))])
        frags.append(a + b)
    rng.shuffle(frags)
    return frags


def generate(split: str, seed: int):
    _self_check()
    rng = random.Random(seed * 10 + (0 if split == "synthetic" else 1))
    frags = gen_synthetic(rng) if split == "synthetic" else gen_prose(rng)
    prefix = "s" if split == "synthetic" else "p"
    out = []
    seen = set()
    for f in frags:
        text, spans = build(f)
        if text in seen:  # short fixed negatives can repeat; keep distinct texts only
            continue
        seen.add(text)
        i = len(out) + 1
        if split == "prose":
            assert all(s["category"] == "person" for s in spans)
        out.append({"id": f"{prefix}{i:04d}", "split": split, "text": text, "spans": spans})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["synthetic", "prose"], default="synthetic")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", required=True, help="output JSONL file ('-' for stdout)")
    ap.add_argument("--stats", action="store_true", help="print item and span counts to stderr")
    args = ap.parse_args(argv)
    items = generate(args.split, args.seed)
    lines = "".join(json.dumps(it, ensure_ascii=False, separators=(",", ":")) + "\n" for it in items)
    if args.out == "-":
        sys.stdout.write(lines)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(lines)
    if args.stats:
        counts = {c: 0 for c in CATEGORIES}
        for it in items:
            for sp in it["spans"]:
                counts[sp["category"]] += 1
        empty = sum(1 for it in items if not it["spans"])
        print(f"{args.split}: {len(items)} items ({empty} without spans)", file=sys.stderr)
        for c in CATEGORIES:
            if counts[c]:
                print(f"  {c:18s} {counts[c]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
