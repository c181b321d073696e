// Form labels: the value after 氏名・住所・電話番号・生年月日・個人番号 … (same line, the next
// cell, or the next line when the label stands alone) is PII of the label's kind even when
// nothing else recognizes it — OCR-garbled or unusual values included.
#pragma once

#include "detect/detector.hpp"
#include "detect/lexicon.hpp"

namespace redact::detect {

class FormLabelDetector : public Detector {
 public:
  explicit FormLabelDetector(const Lexicon& lex) : lex_(lex) {}
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override;

  // Where a label's value starts and ends, for the page model's cell logic too.
  struct Value {
    Category category;
    uint32_t label_begin, label_end;  // the label itself
    uint32_t begin, end;              // its value; begin == end when none was found
  };
  std::vector<Value> FindValues(const text::NormalizedText& t) const;
  // Values in the rows under a header row of labels (a table with named columns).
  std::vector<Value> FindColumnValues(const text::NormalizedText& t) const;

 private:
  // A label starts at i when it is at a boundary (line/cell start, after a space or bracket).
  bool AtLabelPosition(const std::u32string& s, uint32_t i) const;
  const Lexicon& lex_;
};

}  // namespace redact::detect
