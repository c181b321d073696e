// Merging candidates into findings; see merger.hpp for the rules.
#include "detect/merger.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "detect/identifier_scan.hpp"
#include "text/utf8.hpp"

namespace redact::detect {
namespace {

std::u32string StripSpaces(std::u32string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char32_t c) { return text::IsSpace(c); }), s.end());
  return s;
}

// A number found once (ten digits or more: a phone, an insurance or My Number) is personal
// wherever it recurs in the text, also in a run OCR read with a digit or two too many
// (070-2479-64559 for a hand-written 070-2479-6455, 0467-22-81390 for 0467-22-8190): the whole
// run is a candidate of its category.
void AddRecurringNumbers(const text::NormalizedText& t, const std::vector<std::pair<uint32_t, uint32_t>>& allowed,
                         std::vector<Candidate>* cands) {
  constexpr std::size_t kMinDigits = 10, kExtraDigits = 2;
  const std::vector<ids::DigitRun> runs = ids::FindDigitRuns(t.text);
  std::vector<Candidate> found;
  for (const Candidate& c : *cands) {
    std::u32string d;
    for (uint32_t i = c.begin; i < c.end && i < t.size(); ++i)
      if (text::IsAsciiDigit(t.text[i])) d += t.text[i];
    if (d.size() < kMinDigits) continue;
    // The run's digits hold the number's in order, with at most two more anywhere among them;
    // or as many digits, one of them misread (089-2030-9799 in a fax header for 080-…).
    auto holds = [&](const std::u32string& run) {
      if (run.size() == d.size()) {
        std::size_t differ = 0;
        for (std::size_t k = 0; k < d.size(); ++k) differ += run[k] != d[k];
        if (differ <= 1) return true;
      }
      if (run.size() < d.size() || run.size() > d.size() + kExtraDigits) return false;
      std::size_t k = 0;
      for (char32_t c : run) k += k < d.size() && c == d[k];
      return k == d.size();
    };
    for (const ids::DigitRun& r : runs) {
      const uint32_t rb = r.groups.front().begin, re = r.groups.back().end;
      std::u32string digits;
      for (const auto& g : r.groups) digits.append(t.text, g.begin, g.size());
      if (!holds(digits) || (rb >= c.begin && re <= c.end)) continue;
      bool allow = false;
      for (auto [b, e] : allowed) allow |= rb >= b && re <= e;
      if (!allow) found.push_back({c.category, rb, re, c.score, "recurring_number"});
    }
  }
  cands->insert(cands->end(), found.begin(), found.end());
}

}  // namespace

std::pair<std::size_t, std::size_t> FindIgnoringSpaces(std::u32string_view hay,
                                                       std::u32string_view needle,
                                                       std::size_t from) {
  constexpr auto npos = std::u32string_view::npos;
  if (needle.empty()) return {npos, npos};
  for (std::size_t i = from; i < hay.size(); ++i) {
    if (hay[i] != needle[0]) continue;
    std::size_t h = i, n = 0;
    while (n < needle.size() && h < hay.size()) {
      if (hay[h] == needle[n]) {
        ++h, ++n;
      } else if (text::IsSpace(hay[h]) && n > 0) {
        ++h;
      } else {
        break;
      }
    }
    if (n == needle.size()) return {i, h};
  }
  return {npos, npos};
}

// Digits and kanji numerals: what tells one address or number from the next.
bool IsNumeral(char32_t c) {
  return (c >= U'0' && c <= U'9') || std::u32string_view(U"〇零一二三四五六七八九十百千万壱弐参").find(c) != std::u32string_view::npos;
}

// As FindIgnoringSpaces, but one character may differ (OCR read 東雲市 as 東宏市): never a
// numeral, on either side, so 中央一丁目1番2号 is not taken for an allowlisted 中央一丁目1番1号.
std::pair<std::size_t, std::size_t> FindWithOneMisread(std::u32string_view hay, std::u32string_view needle,
                                                       std::size_t from) {
  constexpr auto npos = std::u32string_view::npos;
  for (std::size_t i = from; i < hay.size(); ++i) {
    if (text::IsSpace(hay[i])) continue;
    std::size_t h = i, n = 0;
    int misread = 0;
    while (n < needle.size() && h < hay.size()) {
      if (hay[h] == needle[n]) {
        ++h, ++n;
      } else if (text::IsSpace(hay[h]) && n > 0) {
        ++h;
      } else if (misread == 0 && !IsNumeral(hay[h]) && !IsNumeral(needle[n])) {
        ++misread, ++h, ++n;
      } else {
        break;
      }
    }
    if (n == needle.size()) return {i, h};
  }
  return {npos, npos};
}

PreparedPolicy::~PreparedPolicy() = default;

Result<std::shared_ptr<const PreparedPolicy>> PreparedPolicy::Prepare(const Policy& policy) {
  std::shared_ptr<PreparedPolicy> p(new PreparedPolicy());
  p->policy_ = policy;
  for (const auto& s : policy.allow_exact) {
    auto n = StripSpaces(text::Normalize(text::DecodeUtf8(s)).text);
    if (!n.empty()) p->allow_exact_.push_back(std::move(n));
  }
  for (const auto& pat : policy.allow_patterns) {
    RE2::Options opt;
    opt.set_log_errors(false);
    auto re = std::make_unique<RE2>(pat, opt);
    if (!re->ok()) return Status::Error("policy: allow pattern does not compile: " + re->error());
    p->allow_patterns_.push_back(std::move(re));
  }
  for (const auto& d : policy.deny) {
    auto n = StripSpaces(text::Normalize(text::DecodeUtf8(d.text)).text);
    if (!n.empty()) p->deny_.emplace_back(std::move(n), d.category);
  }
  return std::shared_ptr<const PreparedPolicy>(std::move(p));
}

void PreparedPolicy::DenyCandidates(const text::NormalizedText& t,
                                    std::vector<Candidate>* out) const {
  for (const auto& [needle, cat] : deny_) {
    std::size_t from = 0;
    while (true) {
      auto [b, e] = FindIgnoringSpaces(t.text, needle, from);
      if (b == std::u32string_view::npos) break;
      out->push_back({cat, static_cast<uint32_t>(b), static_cast<uint32_t>(e), 1.0, "policy:deny"});
      from = b + 1;
    }
  }
}

std::vector<std::pair<uint32_t, uint32_t>> PreparedPolicy::AllowedRanges(
    const text::NormalizedText& t) const {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  for (const auto& needle : allow_exact_) {
    // Long entries (an office's name) also with one character misread by OCR.
    const bool tolerant = needle.size() >= kMisreadTolerantLength;
    std::size_t from = 0;
    while (true) {
      auto [b, e] = tolerant ? FindWithOneMisread(t.text, needle, from) : FindIgnoringSpaces(t.text, needle, from);
      if (b == std::u32string_view::npos) break;
      ranges.emplace_back(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
      from = b + 1;
    }
  }
  for (const auto& re : allow_patterns_) {
    re2::StringPiece input(t.utf8);
    re2::StringPiece match;
    std::size_t pos = 0;
    while (pos <= t.utf8.size() &&
           re->Match(input, pos, t.utf8.size(), RE2::UNANCHORED, &match, 1)) {
      std::size_t b = match.data() - t.utf8.data();
      std::size_t e = b + match.size();
      if (e > b) ranges.emplace_back(t.byte_to_cp[b], t.byte_to_cp[e]);
      pos = e > b ? e : b + 1;
    }
  }
  return ranges;
}

std::vector<Finding> Resolve(std::vector<Candidate> cands, const text::NormalizedText& t,
                             const PreparedPolicy& prepared) {
  const Policy& policy = prepared.policy();
  // 1-2. policy thresholds and the allowlist.
  auto allowed = prepared.AllowedRanges(t);
  std::erase_if(cands, [&](const Candidate& c) {
    const CategoryRule& r = policy.rule(c.category);
    if (!r.enabled || c.score < r.min_score || c.end <= c.begin || c.end > t.size()) return true;
    for (auto [b, e] : allowed)
      if (c.begin >= b && c.end <= e) return true;
    return false;
  });
  AddRecurringNumbers(t, allowed, &cands);

  // 3. Cross-category overlaps: the strongest candidate claims its span first; a weaker one
  //    of another category keeps every piece that lies outside the claims (so a label's
  //    value that runs over a postal code and a phone number still covers what is between).
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return (a.end - a.begin) > (b.end - b.begin);
  });
  std::vector<Candidate> pieces;
  for (const Candidate& c : cands) {
    std::vector<std::pair<uint32_t, uint32_t>> parts{{c.begin, c.end}};
    for (const Candidate& k : pieces) {
      if (k.category == c.category) continue;  // joined below
      std::vector<std::pair<uint32_t, uint32_t>> rest;
      for (auto [b, e] : parts) {
        if (k.end <= b || k.begin >= e) {
          rest.emplace_back(b, e);
          continue;
        }
        if (k.begin > b) rest.emplace_back(b, k.begin);
        if (k.end < e) rest.emplace_back(k.end, e);
      }
      parts = std::move(rest);
    }
    for (auto [b, e] : parts) {
      // A leftover of only spaces and punctuation is nothing to redact.
      bool content = false;
      for (uint32_t i = b; i < e && !content; ++i) {
        char32_t ch = t.text[i];
        content = text::IsAsciiDigit(ch) || text::IsHan(ch) || text::IsKatakana(ch) ||
                  text::IsHiragana(ch) || (ch >= U'A' && ch <= U'Z') || (ch >= U'a' && ch <= U'z');
      }
      if (!content) continue;
      Candidate piece = c;
      piece.begin = b;
      piece.end = e;
      pieces.push_back(std::move(piece));
    }
  }

  // 4. Join overlapping candidates of one category (max score, evidence of both).
  std::sort(pieces.begin(), pieces.end(), [](const Candidate& a, const Candidate& b) {
    return a.category != b.category ? a.category < b.category : a.begin < b.begin;
  });
  std::vector<Candidate> kept;
  for (Candidate& c : pieces) {
    if (!kept.empty() && kept.back().category == c.category && c.begin < kept.back().end) {
      Candidate& j = kept.back();
      j.end = std::max(j.end, c.end);
      if (c.score > j.score) j.score = c.score;
      if (j.evidence.find(c.evidence) == std::string::npos) j.evidence += "," + c.evidence;
    } else {
      kept.push_back(std::move(c));
    }
  }

  // 5. trim and map back.
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });
  std::vector<Finding> out;
  for (const Candidate& c : kept) {
    uint32_t b = c.begin, e = c.end;
    while (b < e && (text::IsSpace(t.text[b]) || t.text[b] == U'\n')) ++b;
    while (e > b && (text::IsSpace(t.text[e - 1]) || t.text[e - 1] == U'\n')) --e;
    if (b >= e) continue;
    auto [sb, se] = t.ToSource(b, e);
    Finding f;
    f.category = c.category;
    f.start = sb;
    f.end = se;
    f.score = c.score;
    std::size_t pos = 0;
    while (pos <= c.evidence.size()) {
      std::size_t comma = c.evidence.find(',', pos);
      if (comma == std::string::npos) comma = c.evidence.size();
      if (comma > pos) f.evidence.push_back(c.evidence.substr(pos, comma - pos));
      pos = comma + 1;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace redact::detect
