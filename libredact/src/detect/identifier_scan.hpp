// Pieces shared by the identifier detectors (identifiers.hpp): digit runs with their group
// separators, label lookups with a "nearest label wins" rule, and RE2 match iteration.
// Internal to detect/; the Detector contract stays in detector.hpp.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.hpp"

namespace redact::detect::ids {

inline bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
inline bool IsAsciiAlpha(char32_t c) {
  return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z');
}
inline bool IsAsciiAlnum(char32_t c) { return IsDigit(c) || IsAsciiAlpha(c); }
// Characters that join digit groups inside one printed number (after normalization).
inline bool IsGroupSeparator(char32_t c) { return c == U' ' || c == U'-' || c == U'.'; }

// Code point at i, or 0 outside the text.
inline char32_t At(std::u32string_view s, int64_t i) {
  return i >= 0 && i < static_cast<int64_t>(s.size()) ? s[static_cast<size_t>(i)] : 0;
}

// A maximal stretch of digit groups joined by single separators (' ', '-', '.'), such as
// "6214 9832 0257" or "03-1234-5678". Never crosses a tab, line break or double space.
struct DigitRun {
  struct Group {
    uint32_t begin;
    uint32_t end;
    uint32_t size() const { return end - begin; }
  };
  std::vector<Group> groups;
  std::u32string seps;  // seps[k] joins groups[k] and groups[k + 1]

  // Total digits in groups [first, last].
  uint32_t DigitCount(size_t first, size_t last) const;
  // The digits of groups [first, last], separators removed.
  std::string Digits(std::u32string_view s, size_t first, size_t last) const;
  // Whether the separators inside groups [first, last] include a space.
  bool SpaceInside(size_t first, size_t last) const;
  // Whether groups [first, last] can be read as a number of their own: either they are the
  // whole run, or they are cut from it at a space while using no space inside ("2023-04-01
  // 03-1234-5678" holds two numbers; "6214 9832 0257 1234" holds one 16-digit number, from
  // which 12 digits must not be taken).
  bool StandsAlone(size_t first, size_t last) const;
};

std::vector<DigitRun> FindDigitRuns(std::u32string_view s);

// Calls fn(first, last) for every stretch of at most `max_groups` groups that StandsAlone.
template <typename Fn>
void ForEachNumber(const DigitRun& run, size_t max_groups, Fn&& fn) {
  const size_t n = run.groups.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i; j < n && j - i < max_groups; ++j)
      if (run.StandsAlone(i, j)) fn(i, j);
}

// True when [begin, end) is glued to more digits by a thousands comma ("1,234,567").
bool InsideAmount(std::u32string_view s, uint32_t begin, uint32_t end);
// True when a unit or counter follows the number at `end` (円, 件, 人, 歳, 年, ...): a quantity,
// not an identifier.
bool FollowedByUnit(std::u32string_view s, uint32_t end);

// A list of label words (normalized; ASCII compared case-insensitively).
class Labels {
 public:
  Labels(std::initializer_list<std::string_view> utf8);
  // Length of the longest label ending exactly at `end`, 0 when none.
  size_t LongestEndingAt(std::u32string_view s, uint32_t end, uint32_t line_start) const;
  // Distance from `pos` back to the end of the nearest label that ends within `window` code
  // points before `pos` on the same line; -1 when there is none.
  int DistanceBefore(std::u32string_view s, uint32_t pos, uint32_t window) const;
  // Distance from `pos` to the start of the nearest label starting within `window` code
  // points after `pos` on the same line; -1 when there is none.
  int DistanceAfter(std::u32string_view s, uint32_t pos, uint32_t window) const;

 private:
  std::vector<std::u32string> words_;  // ASCII letters lower-cased
};

// Is the nearest label before `pos` (within `window`, same line; tabs allowed) one of
// `positive`? A closer `negative` label ("受付番号" before a 12-digit number) takes the
// value for itself; at the same end position the longer word wins (被保険者番号 over
// 保険者番号). With `no_digits_between`, a digit between the label and `pos` means the label
// belongs to an earlier value.
bool LabelBefore(std::u32string_view s, uint32_t pos, const Labels& positive,
                 const Labels* negative, uint32_t window, bool no_digits_between = false);

// A capture group of an RE2 match, in normalized code points; begin == end when unset.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin == end; }
};

// Runs `re` over the normalized text and calls fn(spans) for each match, where spans[0] is
// the whole match and spans[k] capture group k. fn returns true to accept the match (the
// search resumes after it) or false to resume one code point after its start.
template <typename Fn>
void ForEachMatch(const RE2& re, const text::NormalizedText& t, Fn&& fn) {
  if (!re.ok()) {  // a broken built-in pattern must not quietly find nothing
    std::fputs("libredact: identifier pattern does not compile\n", stderr);
    std::abort();
  }
  const int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<size_t>(ngroups));
  std::vector<Span> spans(static_cast<size_t>(ngroups));
  const re2::StringPiece text(t.utf8);
  size_t pos = 0;
  while (pos <= text.size()) {
    if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, sub.data(), ngroups)) break;
    for (int k = 0; k < ngroups; ++k) {
      if (sub[k].data() == nullptr) {
        spans[k] = Span{};
        continue;
      }
      size_t b = static_cast<size_t>(sub[k].data() - text.data());
      spans[k] = Span{t.byte_to_cp[b], t.byte_to_cp[b + sub[k].size()]};
    }
    size_t mb = static_cast<size_t>(sub[0].data() - text.data());
    size_t me = mb + sub[0].size();
    if (fn(static_cast<const std::vector<Span>&>(spans)) && me > mb) {
      pos = me;
    } else {
      uint32_t cp = t.byte_to_cp[mb];
      pos = cp < t.size() ? t.cp_to_byte[cp + 1] : text.size() + 1;
    }
  }
}

// RE2 options shared by the identifier patterns: UTF-8, case-sensitive, quiet on errors.
RE2::Options PatternOptions();

inline void Emit(std::vector<Candidate>* out, Category c, uint32_t begin, uint32_t end,
                 double score, std::string evidence) {
  out->push_back(Candidate{c, begin, end, score, std::move(evidence)});
}

// The detectors, one per category (see identifiers.hpp).
std::unique_ptr<Detector> MakeMyNumberDetector();
std::unique_ptr<Detector> MakeCorporateNumberDetector();
std::unique_ptr<Detector> MakePhoneDetector();
std::unique_ptr<Detector> MakePostalCodeDetector();
std::unique_ptr<Detector> MakeEmailDetector();
std::unique_ptr<Detector> MakeBirthDateDetector();
std::unique_ptr<Detector> MakeBankAccountDetector();
std::unique_ptr<Detector> MakeDriversLicenseDetector();
std::unique_ptr<Detector> MakePassportDetector();
std::unique_ptr<Detector> MakeResidenceCardDetector();
std::unique_ptr<Detector> MakePensionNumberDetector();
std::unique_ptr<Detector> MakeInsuranceNumberDetector();

}  // namespace redact::detect::ids
