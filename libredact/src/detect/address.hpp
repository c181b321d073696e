// Address detector: gazetteer (prefectures, municipalities and wards, towns from Japan Post's
// data) plus the structure grammar after it.
#pragma once

#include <string>

#include "detect/detector.hpp"
#include "detect/lexicon.hpp"

namespace redact::detect {

class AddressDetector : public Detector {
 public:
  explicit AddressDetector(const Lexicon& lex) : lex_(lex) {}
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override;

 private:
  uint32_t ExtendBody(const std::u32string& s, uint32_t pos, bool* has_block) const;
  uint32_t BuildingEnd(const std::u32string& s, uint32_t p) const;
  const Lexicon& lex_;
};

}  // namespace redact::detect
