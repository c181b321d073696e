// Person-name detector: MeCab (IPADIC) 人名 tokens plus context rules; see person.cpp.
#pragma once

#include <string>

#include "detect/detector.hpp"
#include "detect/lexicon.hpp"

namespace redact::detect {

class PersonDetector : public Detector {
 public:
  explicit PersonDetector(const Lexicon& lex) : lex_(lex) {}
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override;

 private:
  uint32_t HonorificAt(const std::u32string& s, uint32_t p, bool* personal) const;
  const Lexicon& lex_;
};

}  // namespace redact::detect
