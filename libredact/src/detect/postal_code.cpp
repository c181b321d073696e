// Postal codes (郵便番号, ddd-dddd) and e-mail addresses: the two identifiers of an address
// line that have a fixed shape. The span of a postal code excludes the 〒 mark.
#include <memory>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

class PostalCodeDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 2, [&](size_t first, size_t last) {
        uint32_t b = run.groups[first].begin, e = run.groups[last].end;
        bool dashed =
            last == first + 1 && run.groups[first].size() == 3 && run.groups[last].size() == 4;
        bool contiguous = first == last && run.groups[first].size() == 7;
        if (!dashed && !contiguous) return;
        if (InsideAmount(s, b, e) || IsAsciiAlnum(At(s, e))) return;
        bool marked = Marked(s, b) || LabelBefore(s, b, labels_, nullptr, 16);
        if (marked) {
          Emit(out, Category::kPostalCode, b, e, 0.95, "postal_code:mark");
          return;
        }
        // Bare: only "ddd-dddd", and not a local phone number after a TEL label.
        if (!dashed || run.seps[first] != U'-') return;
        if (IsAsciiAlpha(At(s, int64_t{b} - 1)) || At(s, int64_t{b} - 1) == U'+') return;
        if (phone_labels_.DistanceBefore(s, b, 8) >= 0) return;
        Emit(out, Category::kPostalCode, b, e, 0.6, "postal_code:bare");
      });
    }
  }

 private:
  // 〒 right before the number, possibly with a space or two ("〒 100-0001"); also 〒 as OCR
  // misreads it right before the digits, at a word's start: T, TO, 丁 (TO071-5723).
  static bool Marked(std::u32string_view s, uint32_t b) {
    int64_t k = int64_t{b} - 1;
    if (At(s, k) == U'丁' || (At(s, k) == U'T' && !IsAsciiAlpha(At(s, k - 1))) ||
        (At(s, k) == U'O' && At(s, k - 1) == U'T' && !IsAsciiAlpha(At(s, k - 2))))
      return true;
    for (int spaces = 0; spaces < 3 && (At(s, k) == U' ' || At(s, k) == U':'); ++spaces) --k;
    return At(s, k) == U'〒';
  }

  Labels labels_{"郵便番号", "〒", "Zip", "Postal Code", "ZIP Code"};
  Labels phone_labels_{"電話", "TEL", "FAX", "携帯", "☎"};
};

class EmailDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    ForEachMatch(address_, in.text, [&](const std::vector<Span>& m) {
      bool at_sign = s[m[2].begin] == U'@';
      Emit(out, Category::kEmail, m[1].begin, m[3].end, at_sign ? 0.95 : 0.85,
           at_sign ? "email:address" : "email:obfuscated_at");
      return true;
    });
  }

 private:
  // local part, '@' (or "(at)"/"[at]", optionally spaced), domain with at least one dot.
  RE2 address_{R"(([A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*) ?(@|\(at\)|\[at\]) ?)"
               R"(((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}))",
               PatternOptions()};
};

}  // namespace

std::unique_ptr<Detector> MakePostalCodeDetector() {
  return std::make_unique<PostalCodeDetector>();
}
std::unique_ptr<Detector> MakeEmailDetector() { return std::make_unique<EmailDetector>(); }

}  // namespace redact::detect::ids
