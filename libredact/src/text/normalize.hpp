// Normalization for detection: NFKC, one dash, kanji numerals as digits where they count
// something, no spaces inside digit groups — with a map from every normalized code point
// back to the source code points it came from, so findings land on the original text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redact::text {

struct NormalizedText {
  std::u32string text;              // normalized code points
  std::vector<uint32_t> src_begin;  // per normalized code point: first source code point
  std::vector<uint32_t> src_end;    // per normalized code point: one past its last source one
  std::string utf8;                 // `text` as UTF-8, for RE2
  std::vector<uint32_t> byte_to_cp;  // utf8 byte offset -> code point index (size+1 entries)
  std::vector<uint32_t> cp_to_byte;  // code point index -> utf8 byte offset (size+1 entries)

  // Source span covered by the normalized span [begin, end). Requires begin < end.
  std::pair<uint32_t, uint32_t> ToSource(uint32_t begin, uint32_t end) const {
    return {src_begin[begin], src_end[end - 1]};
  }
  uint32_t size() const { return static_cast<uint32_t>(text.size()); }
};

// Normalizes `source` (code points). Steps, in order:
//  1. NFKC (utf8proc), composing within each starter+combining group only, so half-width
//     ｶﾞ becomes ガ and maps back to both source code points;
//  2. every dash variant becomes '-'; ー, 一 and ｰ do so only between digits (OCR reads
//     hyphens as them), and a run of dashes between digits collapses to one;
//  3. kanji numerals become ASCII digits when followed by a counter (丁目 番地 番 号 年 月 日
//     歳 ...) or inside a date/era expression (昭和五十五年四月一日 → 昭和55年4月1日);
//  4. spaces between single digits are dropped ("6 2 1 4" → "6214");
//     longer groups keep their space ("6214 9832 0257"), and tabs always stay.
//  5. letter-spaced words lose their spaces: "生 年 月 日" → "生年月日" (only where every
//     character stands alone between spaces; "山田 太郎" is untouched).
//  6. OCR's readings of 日 closing a date (晶 曰 目 B H right after 月 and a day) become 日.
// Line breaks survive unchanged so detectors can treat them as boundaries.
NormalizedText Normalize(std::u32string_view source);

// Case-insensitive helpers on normalized text.
inline bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsDashLike(char32_t c);  // any dash variant before normalization, incl. ー 一 ｰ
bool IsHan(char32_t c);
bool IsHiragana(char32_t c);
bool IsKatakana(char32_t c);  // incl. ー and ・ is NOT included
bool IsSpace(char32_t c);     // ASCII space, tab, U+3000 (not newline)

}  // namespace redact::text
