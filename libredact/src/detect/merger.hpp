// The merger: policy thresholds, allow- and denylists, and overlap resolution, turning the
// detectors' candidates into the findings the caller sees (in source code points).
#pragma once

#include <memory>
#include <vector>

#include "detect/detector.hpp"

namespace re2 {
class RE2;
}

namespace redact::detect {

// The parts of a Policy that need preparing (normalized strings, compiled patterns). Build
// once per policy and reuse; Resolve is thread-safe.
class PreparedPolicy {
 public:
  static Result<std::shared_ptr<const PreparedPolicy>> Prepare(const Policy& policy);
  ~PreparedPolicy();

  const Policy& policy() const { return policy_; }
  // Denylist hits as candidates (score 1.0).
  void DenyCandidates(const text::NormalizedText& t, std::vector<Candidate>* out) const;
  // Normalized ranges the allowlist protects. Entries of kMisreadTolerantLength or more
  // characters (an office's name) also match with one character read wrong by OCR, never a
  // digit or kanji numeral.
  static constexpr std::size_t kMisreadTolerantLength = 8;
  std::vector<std::pair<uint32_t, uint32_t>> AllowedRanges(const text::NormalizedText& t) const;

 private:
  PreparedPolicy() = default;
  Policy policy_;
  std::vector<std::u32string> allow_exact_;
  std::vector<std::unique_ptr<re2::RE2>> allow_patterns_;
  std::vector<std::pair<std::u32string, Category>> deny_;
};

// Resolves candidates into findings:
//  1. drops categories switched off and candidates under their category's min_score;
//  2. drops candidates lying inside an allowlisted range;
//  2b. adds every other run of digits that holds a kept candidate's ten or more digits in
//     order (the number recurring, or read by OCR with a digit or two too many anywhere in
//     it) as its category;
//  3. where categories overlap, the higher score keeps the overlap and the other keeps every
//     piece outside it that has content (never less coverage than the weaker finding had);
//  4. joins overlapping candidates of one category (max score, evidence of both);
//  5. trims whitespace at the edges and maps to source code points.
std::vector<Finding> Resolve(std::vector<Candidate> candidates, const text::NormalizedText& t,
                             const PreparedPolicy& policy);

// Position of `needle` in `hay` at or after `from`, ignoring spaces inside `hay` (a denied
// "山田太郎" also matches "山田 太郎"). Returns the matched [begin, end) or {npos, npos}.
std::pair<std::size_t, std::size_t> FindIgnoringSpaces(std::u32string_view hay,
                                                       std::u32string_view needle,
                                                       std::size_t from);

}  // namespace redact::detect
