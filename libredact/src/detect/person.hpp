// Person-name detector: MeCab (IPADIC) 人名 tokens plus context rules; see person.cpp.
#pragma once

#include <string>
#include <string_view>

#include "detect/detector.hpp"
#include "detect/lexicon.hpp"

namespace redact::detect {

// Whether `text` ends with a noun for kin that a name may follow (母, 父, 長男 …).
bool EndsWithKinNoun(std::u32string_view text);
// Whether `text` starts with an honorific only people take (様, さん, 殿 …).
bool StartsWithPersonalHonorific(std::u32string_view text);

class PersonDetector : public Detector {
 public:
  explicit PersonDetector(const Lexicon& lex) : lex_(lex) {}
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override;

 private:
  uint32_t HonorificAt(const std::u32string& s, uint32_t p, bool* personal,
                       uint32_t name_begin = UINT32_MAX) const;
  std::size_t ExtendGiven(const std::u32string& s, const std::vector<Token>& toks, std::size_t j,
                          uint32_t given_len, bool strong_surname) const;
  static bool PersonalNounAfter(const std::u32string& s, uint32_t e);
  static bool AtBoundary(const std::u32string& s, uint32_t p);
  static bool AfterDepartment(const std::u32string& s, uint32_t b);
  const Lexicon& lex_;
};

}  // namespace redact::detect
