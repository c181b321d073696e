// Normalization with an offset map: the first step of detection. Each pass rewrites a list
// of (code point, source span) cells, so every output character knows where it came from.
#include "text/normalize.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <string_view>

#include "text/utf8.hpp"

namespace redact::text {
namespace {

struct Cell {
  char32_t cp;
  uint32_t b;  // source span [b, e)
  uint32_t e;
};
using Cells = std::vector<Cell>;

// Variant kanji common in names that NFKC leaves alone (and MeCab's dictionary does not
// know): folded to their standard form for detection only; offsets still map to the source.
char32_t FoldVariant(char32_t c) {
  switch (c) {
    case 0xFA11: return U'崎';  // 﨑
    case 0x9AD9: return U'高';  // 髙
    case 0x20BB7: return U'吉';  // 𠮷
    case 0x5FB7: return U'徳';  // 德
    case 0x9089: return U'辺';  // 邉
    case 0x908A: return U'辺';  // 邊
    case 0x9F4B: return U'斎';  // 齋
    case 0x6FF5: return U'浜';  // 濵
    case 0x5D8B: return U'島';  // 嶋
    default: return c;
  }
}

int CombiningClass(char32_t cp) {
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class;
}

// Pass 1: NFKC. Decompose each source code point (compatibility), then compose within each
// starter + non-starter group; the composed characters of a group map to the whole group.
Cells Nfkc(std::u32string_view src) {
  Cells dec;
  dec.reserve(src.size());
  utf8proc_int32_t buf[32];
  for (uint32_t i = 0; i < src.size(); ++i) {
    char32_t cp = src[i];
    if (cp < 0x80) {  // ASCII is NFKC-stable; skip the table lookups
      dec.push_back({cp, i, i + 1});
      continue;
    }
    cp = FoldVariant(cp);
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        static_cast<utf8proc_int32_t>(cp), buf, 32,
        static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE), &boundclass);
    if (n <= 0 || n > 32) {  // unassigned or odd: keep as is
      dec.push_back({cp, i, i + 1});
      continue;
    }
    for (utf8proc_ssize_t k = 0; k < n; ++k)
      dec.push_back({static_cast<char32_t>(buf[k]), i, i + 1});
  }

  Cells out;
  out.reserve(dec.size());
  std::vector<utf8proc_int32_t> group;
  std::size_t i = 0;
  while (i < dec.size()) {
    std::size_t j = i + 1;
    while (j < dec.size() && CombiningClass(dec[j].cp) != 0) ++j;
    if (j == i + 1 && dec[i].cp < 0x80) {
      out.push_back(dec[i]);
      i = j;
      continue;
    }
    // Canonical ordering of the non-starters, then composition.
    std::stable_sort(dec.begin() + i + 1, dec.begin() + j, [](const Cell& x, const Cell& y) {
      return CombiningClass(x.cp) < CombiningClass(y.cp);
    });
    group.clear();
    uint32_t gb = dec[i].b, ge = dec[i].e;
    for (std::size_t k = i; k < j; ++k) {
      group.push_back(static_cast<utf8proc_int32_t>(dec[k].cp));
      gb = std::min(gb, dec[k].b);
      ge = std::max(ge, dec[k].e);
    }
    utf8proc_ssize_t n = utf8proc_normalize_utf32(
        group.data(), static_cast<utf8proc_ssize_t>(group.size()),
        static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
    if (n < 0) n = static_cast<utf8proc_ssize_t>(group.size());
    if (n == static_cast<utf8proc_ssize_t>(j - i)) {
      // Nothing composed: keep each character's own source span.
      for (std::size_t k = i; k < j; ++k) out.push_back({static_cast<char32_t>(group[k - i]), dec[k].b, dec[k].e});
    } else {
      for (utf8proc_ssize_t k = 0; k < n; ++k) out.push_back({static_cast<char32_t>(group[k]), gb, ge});
    }
    i = j;
  }
  return out;
}

bool IsAlwaysDash(char32_t c) {
  switch (c) {
    case U'-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE63: case 0xFF0D: case 0x2043: case 0x2500: case 0x2501:
    case 0x23AF: case 0x23E4: case 0xFE58: case 0x02D7: case 0x2E3A: case 0x2E3B:
      return true;
    default:
      return false;
  }
}
// Characters OCR (and sloppy typing) produce for a hyphen between digits, but that are
// letters elsewhere: the long-vowel mark, kanji one, half-width long vowel.
bool IsDigitOnlyDash(char32_t c) { return c == 0x30FC || c == 0x4E00 || c == 0xFF70; }

// A speck OCR read as a mark next to a dash between digits (3-.5-2).
bool IsSpeckMark(char32_t c) { return c == U'.' || c == U',' || c == U'・' || c == U'･'; }

// Pass 2: dashes.
Cells Dashes(const Cells& in) {
  Cells out;
  out.reserve(in.size());
  const std::size_t n = in.size();
  auto is_dash = [](char32_t c) { return IsAlwaysDash(c) || IsDigitOnlyDash(c); };
  std::size_t i = 0;
  while (i < n) {
    char32_t c = in[i].cp;
    // A speck right before the dash (3.-5) is part of the dash run.
    const bool speck_first = IsSpeckMark(c) && i + 1 < n && is_dash(in[i + 1].cp) && !out.empty() &&
                             IsAsciiDigit(out.back().cp);
    if (!is_dash(c) && !speck_first) {
      out.push_back(in[i++]);
      continue;
    }
    // A run of dash-like characters, with a speck at either end when digits are on both sides.
    std::size_t end = speck_first ? i + 1 : i;
    while (end < n && is_dash(in[end].cp)) ++end;
    const bool speck_last = !speck_first && end + 1 < n && IsSpeckMark(in[end].cp) && IsAsciiDigit(in[end + 1].cp);
    const std::size_t j = speck_last ? end + 1 : end;  // past the run
    const bool digit_before = !out.empty() && IsAsciiDigit(out.back().cp);
    const bool digit_after = j < n && IsAsciiDigit(in[j].cp);
    if (digit_before && digit_after) {
      out.push_back({U'-', in[i].b, in[j - 1].e});  // one hyphen for the whole run
      i = j;
      continue;
    }
    if (speck_first) {  // not between digits after all: the speck as it was
      out.push_back(in[i++]);
      continue;
    }
    for (std::size_t k = i; k < end; ++k)
      out.push_back({IsAlwaysDash(in[k].cp) ? U'-' : in[k].cp, in[k].b, in[k].e});
    i = end;
  }
  return out;
}

int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': case U'壱': return 1;
    case U'二': case U'弐': return 2;
    case U'三': case U'参': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}
int KanjiUnit(char32_t c) {
  switch (c) {
    case U'十': case U'拾': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return 0;
  }
}
bool IsKanjiNumeral(char32_t c) { return KanjiDigit(c) >= 0 || KanjiUnit(c) > 0; }

// Value of a kanji numeral: positional (五十五 = 55, 千九百八十 = 1980) or digit by digit
// (一九八〇 = 1980). Returns the decimal digits, or empty when malformed.
std::u32string KanjiNumberDigits(const Cells& in, std::size_t b, std::size_t e) {
  bool has_unit = false;
  for (std::size_t k = b; k < e; ++k) has_unit |= KanjiUnit(in[k].cp) > 0;
  std::u32string digits;
  if (!has_unit) {
    for (std::size_t k = b; k < e; ++k) digits.push_back(U'0' + KanjiDigit(in[k].cp));
    return digits;
  }
  long total = 0, current = -1;
  int last_unit = 100000;
  for (std::size_t k = b; k < e; ++k) {
    int d = KanjiDigit(in[k].cp);
    int u = KanjiUnit(in[k].cp);
    if (d >= 0) {
      if (current >= 0) return {};  // two digits in a row in positional form
      current = d;
    } else {
      if (u >= last_unit) return {};
      total += (current < 0 ? 1 : current) * u;
      current = -1;
      last_unit = u;
    }
  }
  if (current >= 0) total += current;
  for (char32_t ch : std::to_string(total)) digits.push_back(ch);
  return digits;
}

bool StartsWith(const Cells& in, std::size_t at, std::u32string_view w) {
  if (at + w.size() > in.size()) return false;
  for (std::size_t k = 0; k < w.size(); ++k)
    if (in[at + k].cp != w[k]) return false;
  return true;
}
bool EndsWith(const Cells& out, std::u32string_view w) {
  if (out.size() < w.size()) return false;
  for (std::size_t k = 0; k < w.size(); ++k)
    if (out[out.size() - w.size() + k].cp != w[k]) return false;
  return true;
}

// What joins the block numbers of an address written in kanji: 三十七ー三十 (down a column OCR
// reads the long mark as a bar: 七|二十七|十六).
bool IsNumberDash(char32_t c) { return std::u32string_view(U"ー－-‐―|｜").find(c) != std::u32string_view::npos; }

// Is the numeral run at [b, e) a number by what follows/precedes it?
bool NumeralCounts(const Cells& in, std::size_t b, std::size_t e, const Cells& out) {
  static constexpr std::u32string_view kCounters[] = {U"丁目", U"番地", U"番", U"号", U"地割",
                                                      U"階", U"歳", U"才", U"年", U"月"};
  for (auto w : kCounters)
    if (StartsWith(in, e, w)) return true;
  // The last block number of an address: 番地の十一, 十九番三 (its 号 left out).
  for (std::u32string_view w : {U"番地の", U"番地", U"番", U"丁目"})
    if (EndsWith(out, w)) return true;
  // A lot number right after a town (福長町六百三十五 in a vertical letter), not a numeral
  // that begins the next place name (町二条, 字十日町).
  if ((EndsWith(out, U"町") || EndsWith(out, U"字")) &&
      (e >= in.size() || std::u32string_view(U"日市町村条丁区").find(in[e].cp) == std::u32string_view::npos))
    return true;
  // Block numbers joined by a dash (三十七ー三十: 37-30).
  if (e + 1 < in.size() && IsNumberDash(in[e].cp) && IsKanjiNumeral(in[e + 1].cp)) return true;
  if (out.size() >= 2 && out.back().cp == U'-' && out[out.size() - 2].cp >= U'0' && out[out.size() - 2].cp <= U'9')
    return true;
  // 日 only inside a date (四月一日), never in place names such as 十日町 or 四日市.
  if (StartsWith(in, e, U"日") && !out.empty() && out.back().cp == U'月') return true;
  (void)b;
  return false;
}

// Katakana OCR reads for the kanji numerals 二, 八 and 十 (ニ, ハ, ナ): read as numerals next
// to one, also across one or two dashes between block numbers (二十ニー二十八, and 二ー十一ー十五
// read ニーナー|十五 down a column), and only where the run they join counts something.
Cells WithKanaNumerals(const Cells& in) {
  auto kana_numeral = [](char32_t c) -> char32_t {
    return c == U'ニ' ? U'二' : c == U'ハ' ? U'八' : c == U'ナ' ? U'十' : 0;
  };
  Cells mapped = in;
  auto numeral_near = [&](std::size_t i, int step) {
    for (int hop = 0, k = static_cast<int>(i) + step; k >= 0 && k < static_cast<int>(mapped.size()); k += step) {
      if (IsKanjiNumeral(mapped[k].cp)) return true;
      if (!IsNumberDash(mapped[k].cp) || ++hop > 2) return false;
    }
    return false;
  };
  // Until nothing changes: a mapped numeral makes its neighbour's reading count (ニーナー|十五).
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
      const char32_t to = kana_numeral(mapped[i].cp);
      if (to != 0 && (numeral_near(i, -1) || numeral_near(i, +1))) mapped[i].cp = to, changed = true;
    }
  }
  return mapped;
}

// Pass 3: kanji numerals that count something become ASCII digits; 元年 after an era is 1年.
Cells KanjiNumerals(const Cells& original) {
  const Cells in = WithKanaNumerals(original);
  Cells out;
  out.reserve(in.size());
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n) {
    char32_t c = in[i].cp;
    if (c == U'元' && StartsWith(in, i + 1, U"年") &&
        (EndsWith(out, U"明治") || EndsWith(out, U"大正") || EndsWith(out, U"昭和") ||
         EndsWith(out, U"平成") || EndsWith(out, U"令和"))) {
      out.push_back({U'1', in[i].b, in[i].e});
      ++i;
      continue;
    }
    if (!IsKanjiNumeral(c)) {
      // A long-vowel mark or dash between a number and a kanji numeral is a hyphen (37ー三十).
      if (IsNumberDash(c) && !out.empty() && out.back().cp >= U'0' && out.back().cp <= U'9' && i + 1 < n &&
          IsKanjiNumeral(in[i + 1].cp)) {
        out.push_back({U'-', in[i].b, in[i].e});
        ++i;
        continue;
      }
      out.push_back(original[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < n && IsKanjiNumeral(in[j].cp)) ++j;
    std::u32string digits;
    if (NumeralCounts(in, i, j, out)) {
      digits = KanjiNumberDigits(in, i, j);
      // Two numbers whose dash OCR lost (三十九ー二 read 三十九二): each in its own digits.
      // Only in runs as short as block numbers are: each try parses the run again.
      for (std::size_t k = j - 1; digits.empty() && j - i <= 12 && k > i; --k) {  // the longest first number
        const std::u32string a = KanjiNumberDigits(in, i, k), z = KanjiNumberDigits(in, k, j);
        if (!a.empty() && !z.empty()) digits = a + z;
      }
    }
    if (digits.empty()) {
      for (std::size_t k = i; k < j; ++k) out.push_back(original[k]);
    } else {
      for (char32_t d : digits) out.push_back({d, in[i].b, in[j - 1].e});
    }
    i = j;
  }
  return out;
}

bool IsSpaceCp(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0; }

// Pass 4: spaces inside digit groups. A space run between two digits is dropped when both
// digit runs it separates are single digits (numbers printed one digit per box); otherwise it stays, and the identifier patterns accept it as a separator, so
// "申請日 2023.4.1 621498320257" keeps its two numbers apart. Tabs are cell boundaries and
// always stay.
Cells DigitSpaces(const Cells& in) {
  Cells out;
  out.reserve(in.size());
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n) {
    if (in[i].cp != U' ') {
      out.push_back(in[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < n && in[j].cp == U' ') ++j;
    bool drop = false;
    if (!out.empty() && IsAsciiDigit(out.back().cp) && j < n && IsAsciiDigit(in[j].cp)) {
      std::size_t before = 0, after = 0;
      while (before < i && IsAsciiDigit(in[i - 1 - before].cp)) ++before;  // as printed
      while (j + after < n && IsAsciiDigit(in[j + after].cp)) ++after;
      drop = before == 1 && after == 1;
    }
    if (!drop)
      for (std::size_t k = i; k < j; ++k) out.push_back(in[k]);
    i = j;
  }
  return out;
}

// Pass 6: what OCR makes of 日 closing a date (晶 曰 目 B H): 8月26晶 → 8月26日, only
// right after 月 and one or two digits.
Cells OcrDateDay(const Cells& in) {
  Cells out = in;
  for (std::size_t i = 2; i < out.size(); ++i) {
    char32_t c = out[i].cp;
    if (c != U'晶' && c != U'曰' && c != U'目' && c != U'B' && c != U'H') continue;
    std::size_t k = i;
    int digits = 0;
    while (k > 0 && IsAsciiDigit(out[k - 1].cp) && digits < 3) --k, ++digits;
    if (digits >= 1 && digits <= 2 && k > 0 && out[k - 1].cp == U'月' &&
        (i + 1 >= out.size() || !IsAsciiDigit(out[i + 1].cp)))
      out[i].cp = U'日';
  }
  return out;
}

bool IsCjk(char32_t c) {
  return (c >= 0x3041 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) || c == U'々';
}

// Pass 5: letter-spaced words. Forms spread labels over their cell (生 年 月 日, 氏 名);
// a space between two CJK characters that each stand alone between spaces is dropped, so
// the label reads as a word. Names written with a space between two-character parts
// (山田 太郎) are untouched.
Cells LetterSpacing(const Cells& in) {
  const std::size_t n = in.size();
  auto boundary = [&](std::size_t k) {  // k may be n (end)
    return k >= n || in[k].cp == U' ' || in[k].cp == U'\t' || in[k].cp == U'\n';
  };
  auto single = [&](std::size_t k) {
    return IsCjk(in[k].cp) && (k == 0 || boundary(k - 1)) && boundary(k + 1);
  };
  Cells out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (in[i].cp == U' ' && i > 0 && i + 1 < n && single(i - 1) && single(i + 1)) continue;
    out.push_back(in[i]);
  }
  return out;
}

}  // namespace

bool IsDashLike(char32_t c) { return IsAlwaysDash(c) || IsDigitOnlyDash(c); }
bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) || c == U'々' ||
         c == U'〆' || c == U'ヶ';
}
bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }
bool IsKatakana(char32_t c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FD || c == 0x30FE ||
         (c >= 0x31F0 && c <= 0x31FF);
}
bool IsSpace(char32_t c) { return IsSpaceCp(c); }

NormalizedText Normalize(std::u32string_view source) {
  Cells cells = OcrDateDay(LetterSpacing(DigitSpaces(KanjiNumerals(Dashes(Nfkc(source))))));
  NormalizedText t;
  t.text.reserve(cells.size());
  t.src_begin.reserve(cells.size());
  t.src_end.reserve(cells.size());
  t.cp_to_byte.reserve(cells.size() + 1);
  for (const Cell& c : cells) {
    t.text.push_back(c.cp);
    t.src_begin.push_back(c.b);
    t.src_end.push_back(c.e);
    t.cp_to_byte.push_back(static_cast<uint32_t>(t.utf8.size()));
    AppendUtf8(c.cp, &t.utf8);
  }
  t.cp_to_byte.push_back(static_cast<uint32_t>(t.utf8.size()));
  t.byte_to_cp.assign(t.utf8.size() + 1, 0);
  for (uint32_t k = 0; k < t.text.size(); ++k)
    for (uint32_t b = t.cp_to_byte[k]; b < t.cp_to_byte[k + 1]; ++b) t.byte_to_cp[b] = k;
  t.byte_to_cp[t.utf8.size()] = static_cast<uint32_t>(t.text.size());
  return t;
}

}  // namespace redact::text
