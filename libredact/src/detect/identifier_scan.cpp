// Digit runs, label lookups and RE2 iteration for the identifier detectors: the shared
// first step that turns normalized text into "numbers with their group shapes".
#include "detect/identifier_scan.hpp"

#include <algorithm>

namespace redact::detect::ids {
namespace {

char32_t FoldAscii(char32_t c) { return (c >= U'A' && c <= U'Z') ? c + (U'a' - U'A') : c; }

uint32_t LineStart(std::u32string_view s, uint32_t pos, uint32_t lo) {
  for (uint32_t k = pos; k > lo; --k)
    if (s[k - 1] == U'\n') return k;
  return lo;
}

}  // namespace

uint32_t DigitRun::DigitCount(size_t first, size_t last) const {
  uint32_t n = 0;
  for (size_t k = first; k <= last; ++k) n += groups[k].size();
  return n;
}

std::string DigitRun::Digits(std::u32string_view s, size_t first, size_t last) const {
  std::string d;
  for (size_t k = first; k <= last; ++k)
    for (uint32_t i = groups[k].begin; i < groups[k].end; ++i) d.push_back(static_cast<char>(s[i]));
  return d;
}

bool DigitRun::SpaceInside(size_t first, size_t last) const {
  for (size_t k = first; k < last; ++k)
    if (seps[k] == U' ') return true;
  return false;
}

bool DigitRun::StandsAlone(size_t first, size_t last) const {
  bool cut_before = first > 0;
  bool cut_after = last + 1 < groups.size();
  if (!cut_before && !cut_after) return true;
  if (SpaceInside(first, last)) return false;
  if (cut_before && seps[first - 1] != U' ') return false;
  if (cut_after && seps[last] != U' ') return false;
  return true;
}

std::vector<DigitRun> FindDigitRuns(std::u32string_view s) {
  std::vector<DigitRun> runs;
  const uint32_t n = static_cast<uint32_t>(s.size());
  uint32_t i = 0;
  while (i < n) {
    if (!IsDigit(s[i])) {
      ++i;
      continue;
    }
    DigitRun run;
    for (;;) {
      uint32_t b = i;
      while (i < n && IsDigit(s[i])) ++i;
      run.groups.push_back({b, i});
      if (i + 1 < n && IsGroupSeparator(s[i]) && IsDigit(s[i + 1])) {
        run.seps.push_back(s[i]);
        ++i;
        continue;
      }
      break;
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

bool InsideAmount(std::u32string_view s, uint32_t begin, uint32_t end) {
  int64_t b = begin, e = end;
  if (At(s, b - 1) == U',' && IsDigit(At(s, b - 2))) return true;
  if (At(s, e) == U',' && IsDigit(At(s, e + 1))) return true;
  return false;
}

bool FollowedByUnit(std::u32string_view s, uint32_t end) {
  int64_t k = end;
  if (At(s, k) == U' ') ++k;
  return std::u32string_view(U"円万千億件人名歳才年月日時分秒回個枚点%").find(At(s, k)) !=
         std::u32string_view::npos;
}

Labels::Labels(std::initializer_list<std::string_view> utf8) : words_(Words(utf8)) {
  for (auto& w : words_)
    for (auto& c : w) c = FoldAscii(c);
}

size_t Labels::LongestEndingAt(std::u32string_view s, uint32_t end, uint32_t line_start) const {
  size_t best = 0;
  for (const auto& w : words_) {
    if (w.size() <= best || w.size() > end - line_start) continue;
    size_t b = end - w.size();
    bool eq = true;
    for (size_t k = 0; k < w.size() && eq; ++k) eq = FoldAscii(s[b + k]) == w[k];
    if (eq) best = w.size();
  }
  return best;
}

int Labels::DistanceBefore(std::u32string_view s, uint32_t pos, uint32_t window) const {
  uint32_t line = LineStart(s, pos, 0);
  uint32_t lo = pos > window ? std::max(line, pos - window) : line;
  for (uint32_t k = pos + 1; k-- > lo;)
    if (LongestEndingAt(s, k, line) > 0) return static_cast<int>(pos - k);
  return -1;
}

int Labels::DistanceAfter(std::u32string_view s, uint32_t pos, uint32_t window) const {
  const uint32_t n = static_cast<uint32_t>(s.size());
  uint32_t line_end = pos;
  while (line_end < n && s[line_end] != U'\n') ++line_end;
  uint32_t hi = std::min(line_end, pos + window);
  for (uint32_t k = pos; k <= hi; ++k)
    for (const auto& w : words_) {
      if (k + w.size() > line_end) continue;
      bool eq = true;
      for (size_t m = 0; m < w.size() && eq; ++m) eq = FoldAscii(s[k + m]) == w[m];
      if (eq) return static_cast<int>(k - pos);
    }
  return -1;
}

bool LabelBefore(std::u32string_view s, uint32_t pos, const Labels& positive,
                 const Labels* negative, uint32_t window, bool no_digits_between) {
  uint32_t line = LineStart(s, pos, 0);
  uint32_t lo = pos > window ? std::max(line, pos - window) : line;
  for (uint32_t k = pos + 1; k-- > lo;) {
    size_t p = positive.LongestEndingAt(s, k, line);
    size_t q = negative ? negative->LongestEndingAt(s, k, line) : 0;
    if (p == 0 && q == 0) {
      if (no_digits_between && k > lo && IsDigit(s[k - 1])) return false;
      continue;
    }
    return p >= q;
  }
  return false;
}

RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);
  return o;
}

}  // namespace redact::detect::ids
