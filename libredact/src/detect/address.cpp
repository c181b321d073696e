// Addresses: a gazetteer hit (prefecture, municipality, or town) followed by the structure
// grammar of Japanese addresses — 町域, 丁目/番地/番/号 or 1-2-3, building and room, Kyoto's
// street routes. A place name alone ("横浜市では") is not personal; the block numbers are.
#include "detect/address.hpp"

#include <string_view>

namespace redact::detect {
namespace {

using text::IsAsciiDigit;
using text::IsHan;
using text::IsHiragana;
using text::IsKatakana;

bool StartsWith(const std::u32string& s, uint32_t at, std::u32string_view w) {
  return s.compare(at, w.size(), w) == 0;
}

constexpr std::u32string_view kBlockWords[] = {U"丁目", U"番地の", U"番地", U"番", U"号室",
                                               U"号", U"地割", U"区画", U"街区"};
constexpr std::u32string_view kKyotoWords[] = {U"上る", U"下る", U"上ル", U"下ル", U"東入る",
                                               U"西入る", U"東入ル", U"西入ル", U"東入", U"西入"};
constexpr std::u32string_view kBuildingWords[] = {
    U"ビル", U"マンション", U"ハイツ", U"コーポ", U"アパート", U"レジデンス", U"ハウス", U"荘",
    U"寮", U"団地", U"住宅", U"タワー", U"メゾン", U"パレス", U"コート", U"ヒルズ", U"ガーデン",
    U"プラザ", U"棟", U"ハイム", U"テラス", U"ヴィラ", U"シティ", U"レジデンス", U"キャッスル"};

bool IsLatin(char32_t c) { return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z'); }

// Characters of 町域 names and block numbers (not hiragana: that is mostly grammar).
bool IsBodyChar(char32_t c) {
  return IsHan(c) || IsKatakana(c) || IsAsciiDigit(c) || c == U'-' || c == U'ノ' || c == U'の' ||
         c == U'ケ' || c == U'ヶ' || c == U'が' || c == U'ヵ' || c == U'・';
}

// A digit group followed by one of these counts something other than a place.
bool IsOtherCounter(char32_t c) {
  return std::u32string_view(U"年月日時分円%人件歳回条項万億千台枚個冊名").find(c) !=
         std::u32string_view::npos;
}

}  // namespace

// Extends an address from `pos` (just after the place name) and returns where it ends.
// `has_block` is set when 丁目/番地/号 or digit groups were seen.
uint32_t AddressDetector::ExtendBody(const std::u32string& s, uint32_t pos, bool* has_block) const {
  const uint32_t n = static_cast<uint32_t>(s.size());
  uint32_t p = pos;
  uint32_t end = pos;  // last position that may end the address
  *has_block = false;
  bool seen_digit = false;
  while (p < n) {
    char32_t c = s[p];
    if (c == U'\n' || c == U'\t') break;
    bool matched = false;
    for (auto w : kBlockWords)
      if (StartsWith(s, p, w)) {
        p += static_cast<uint32_t>(w.size());
        end = p;
        *has_block = true;
        matched = true;
        break;
      }
    if (matched) continue;
    for (auto w : kKyotoWords)
      if (StartsWith(s, p, w)) {
        p += static_cast<uint32_t>(w.size());
        end = p;
        matched = true;
        break;
      }
    if (matched) continue;
    // Town names with hiragana (ひばりが丘) come from the gazetteer.
    if (IsHiragana(c) && c != U'の' && c != U'が') {
      Trie::Match t = lex_.towns.LongestAt(s, p);
      if (t.length == 0 || seen_digit) break;
      p += t.length;
      end = p;
      continue;
    }
    if (c == U'の' || c == U'が') {
      // Only between address parts: 5の2, 霞が関; never as a particle (千代田区の).
      bool prev_ok = p > pos && (IsHan(s[p - 1]) || IsAsciiDigit(s[p - 1]));
      bool next_ok = p + 1 < n && (IsHan(s[p + 1]) || IsAsciiDigit(s[p + 1]));
      if (!(prev_ok && next_ok) || (c == U'の' && !(IsAsciiDigit(s[p - 1]) || lex_.towns.LongestAt(s, pos).length > p - pos)))
        break;
      ++p;
      continue;
    }
    if (IsAsciiDigit(c)) {
      // Block numbers never start with 0; a phone number does (課 電話 0463-21-1111).
      if (c == U'0' && p + 1 < n && IsAsciiDigit(s[p + 1])) break;
      uint32_t q = p;
      while (q < n && (IsAsciiDigit(s[q]) || (s[q] == U'-' && q + 1 < n && IsAsciiDigit(s[q + 1])))) ++q;
      // OCR reads a block number's dashes as dots (9.34.26, 4.28-11): a group of three
      // numbers, never one decimal (春日4.5).
      {
        uint32_t r = p, seps = 0;
        bool dot = false;
        while (r < n && (IsAsciiDigit(s[r]) || ((s[r] == U'-' || s[r] == U'.') && r + 1 < n && IsAsciiDigit(s[r + 1])))) {
          if (!IsAsciiDigit(s[r])) ++seps, dot |= s[r] == U'.';
          ++r;
        }
        if (dot && seps >= 2) q = r;
      }
      // Numbers that count something else end the address: 横浜市2023年度, 3人.
      if (q < n && IsOtherCounter(s[q])) break;
      p = q;
      seen_digit = true;
      *has_block = true;
      end = p;
      continue;
    }
    if (c == U' ' && seen_digit) {
      // Digits OCR split into words (朝日町2 27 0番地の17): spaces and digits up to a block
      // word are one number.
      {
        uint32_t r = p + 1;
        while (r < n && r - p < 12 && (IsAsciiDigit(s[r]) || s[r] == U' ' || s[r] == U'-')) ++r;
        bool block_word = false;
        for (auto w : kBlockWords) block_word |= r > p + 1 && IsAsciiDigit(s[r - 1]) && StartsWith(s, r, w);
        if (block_word) {
          p = r;
          end = p;
          continue;
        }
      }
      // After the block numbers, a space may lead to a building and room.
      uint32_t q = p + 1;
      uint32_t b_end = BuildingEnd(s, q);
      if (b_end > q) {
        end = p = b_end;
      }
      break;
    }
    if (c == U' ') {
      // A space between 町域 and block numbers: 霞が関 1-2-3; not before the next field's
      // label (情報公開課 電話 …).
      if (p + 1 < n && (IsAsciiDigit(s[p + 1]) || IsHan(s[p + 1])) && !seen_digit &&
          lex_.labels.LongestAt(s, p + 1).length == 0) {
        ++p;
        continue;
      }
      break;
    }
    if (seen_digit) {
      // Directly attached building: 1-2-3メゾン桜202号室.
      uint32_t b_end = BuildingEnd(s, p);
      if (b_end > p) end = p = b_end;
      break;
    }
    if (IsBodyChar(c) || IsLatin(c)) {
      ++p;
      if (!seen_digit && IsHan(c)) end = p;  // a 町域 name may end an address
      continue;
    }
    break;
  }
  return end;
}

// A building name and room after the block numbers; returns `p` when there is none.
// Accepted only when it looks like one (a building word, or a room number), so a name
// written after an address ("1-2-3 山田太郎様") is not taken.
uint32_t AddressDetector::BuildingEnd(const std::u32string& s, uint32_t p) const {
  const uint32_t n = static_cast<uint32_t>(s.size());
  uint32_t q = p;
  uint32_t end = p;  // last accepted end
  bool building_word = false;
  auto name_char = [&](uint32_t k) {
    char32_t c = s[k];
    return IsKatakana(c) || IsHan(c) || IsLatin(c) || IsHiragana(c) || c == U'・' || c == U'ー' ||
           c == U'#' || c == U'-';
  };
  if (q < n && IsHiragana(s[q])) return p;  // 1-2-3に…: grammar, not a building
  while (q < n && q - p <= 30) {
    // A field label (TEL, 電話) starts the next field, not a building.
    if ((q == p || s[q - 1] == U' ') && lex_.labels.LongestAt(s, q).length > 0) break;
    for (auto w : kBuildingWords)
      if (StartsWith(s, q, w)) {
        building_word = true;
        end = q + static_cast<uint32_t>(w.size());
      }
    if (IsAsciiDigit(s[q])) {
      // A number in a building ends it as a room or floor (702号室, 3F, 3階, 705), unless
      // more of the name follows (第2ビル).
      uint32_t r = q;
      while (r < n && (IsAsciiDigit(s[r]) || (s[r] == U'-' && r + 1 < n && IsAsciiDigit(s[r + 1])))) ++r;
      if (r < n && IsOtherCounter(s[r])) break;
      for (std::u32string_view w : {U"号室", U"号棟", U"号", U"階", U"F", U"棟"})
        if (StartsWith(s, r, w)) {
          r += static_cast<uint32_t>(w.size());
          break;
        }
      q = r;
      if (q < n && name_char(q) && !IsHiragana(s[q])) continue;
      return q;  // a room number always ends the address
    }
    if (s[q] == U' ' && q + 1 < n && IsAsciiDigit(s[q + 1])) {
      ++q;  // パレスけやき 705
      continue;
    }
    // A space OCR put inside a kana name (ヴィラさく ら1F).
    auto kana = [](char32_t c) { return IsHiragana(c) || IsKatakana(c); };
    if (s[q] == U' ' && q > p && q + 1 < n && kana(s[q - 1]) && kana(s[q + 1])) {
      ++q;
      continue;
    }
    if (!name_char(q)) break;
    ++q;
  }
  if (!building_word) return p;
  // Honorific right after means it was a name, not a building.
  if (end < n && lex_.honorifics.LongestAt(s, end).length > 0) return p;
  return end;
}

void AddressDetector::Detect(const DetectInput& in, std::vector<Candidate>* out) const {
  const std::u32string& s = in.text.text;
  const uint32_t n = in.text.size();
  uint32_t i = 0;
  while (i < n) {
    char32_t c = s[i];
    if (!(IsHan(c) || IsKatakana(c) || IsHiragana(c))) {
      ++i;
      continue;
    }
    // Inside a word (a kanji before), a gazetteer hit is usually a false start: 市役所 → 役所.
    bool word_start = i == 0 || !IsHan(s[i - 1]);
    uint32_t begin = i, p = i;
    bool has_pref = false, has_muni = false, has_town = false, stray = false;
    if (Trie::Match m = lex_.prefectures.LongestAt(s, p); m.length > 0 && word_start) {
      has_pref = true;
      p += m.length;
    }
    if (has_pref && p + 1 < n && !lex_.municipalities.LongestAt(s, p).length &&
        (IsHiragana(s[p]) || s[p] == U'/' || s[p] == U'|' || s[p] == U'\'' || s[p] == U'`') &&
        lex_.municipalities.LongestAt(s, p + 1).length > 0) {
      // One stray character between a prefecture and its municipality — OCR reads a speck or
      // a stroke as へ, /, | — is taken in (石川県へ小松市…); the address still needs its block
      // numbers below, so prose ("東京都へ横浜市から") stays unmatched.
      ++p;
      stray = true;
    }
    // A place right after a prefecture's or municipality's suffix that no gazetteer knows — one
    // OCR misread (時田郡倶知安町 for 虻田郡, 岡県静岡市 with 静 lost, 小梅市大手町 for 小樽市):
    // the unknown name before the suffix goes with it (see `misread_head` below).
    constexpr std::u32string_view kSuffixes = U"都道府県市区町村郡";
    const bool after_suffix = !word_start && !has_pref && kSuffixes.find(s[i - 1]) != std::u32string_view::npos &&
                              kSuffixes.find(c) == std::u32string_view::npos;  // not 東寺市|市民部
    bool misread_head = false;
    if (word_start || has_pref || after_suffix) {
      if (Trie::Match m = lex_.municipalities.LongestAt(s, p); m.length > 0) {
        has_muni = true;
        misread_head = after_suffix;
        p += m.length;
        // A designated city's ward: 横浜市 + 中区.
        if (Trie::Match w = lex_.municipalities.LongestAt(s, p); w.length > 0 && s[p + w.length - 1] == U'区') {
          p += w.length;
        }
        // 郡 written before its town: 足柄上郡大井町 is in the gazetteer, but so is 大井町.
      }
    }
    if (!has_pref && !has_muni) {
      if (!word_start && !after_suffix) {
        ++i;
        continue;
      }
      Trie::Match t = lex_.towns.LongestAt(s, p);
      if (t.length < 2) {
        ++i;
        continue;
      }
      has_town = true;
      misread_head = after_suffix;
      p += t.length;
    }
    if (misread_head) {
      // The unknown name and its suffix, up to six kanji from a word start.
      uint32_t k = i - 1;
      while (k > 0 && i - k < 6 && IsHan(s[k - 1])) --k;
      if (k == i - 1 || (k > 0 && IsHan(s[k - 1]))) {  // no name before the suffix, or a longer word
        ++i;
        continue;
      }
      begin = k;
    }
    bool has_block = false;
    uint32_t end = ExtendBody(s, p, &has_block);
    // 大字 names a rural address's district, whose lot number follows (大字大原一ー二ー十九):
    // a person's address even when OCR garbled the number (大字大原[ニー十九).
    if (!has_block && has_muni && std::u32string_view(s).substr(p, end - p).find(U"大字") != std::u32string_view::npos)
      has_block = true;
    double score = 0;
    if (has_block && (has_pref || has_muni)) score = has_pref && has_muni ? 0.96 : 0.92;
    else if (has_block && has_town) {
      // Town + numbers alone: only with the number right after the town name.
      score = (p < n && IsAsciiDigit(s[p])) ? 0.7 : 0.0;
    } else if (has_pref && has_muni && !stray) score = 0.45;
    if (score > 0 && end > begin) {
      out->push_back({Category::kAddress, begin, end,
                      score, has_pref ? "address:prefecture" : has_muni ? "address:municipality" : "address:town"});
      i = end;
    } else {
      ++i;
    }
  }
}

}  // namespace redact::detect
