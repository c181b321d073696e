// Numbers printed on identity documents: driver's licence (12 digits, no check digit, so a
// label is required), passport ([A-Z]{2}\d{7}) and residence card ([A-Z]{2}\d{8}[A-Z]{2}).
#include <memory>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

class DriversLicenseDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 4, [&](size_t first, size_t last) {
        if (run.DigitCount(first, last) != 12) return;
        uint32_t b = run.groups[first].begin, e = run.groups[last].end;
        if (InsideAmount(s, b, e) || FollowedByUnit(s, e) || IsAsciiAlnum(At(s, e)) ||
            IsAsciiAlnum(At(s, int64_t{b} - 1)))
          return;
        // "運転免許証 第123456789012号": 第 is inside the window, 号 after the span.
        if (LabelBefore(s, b, labels_, &other_, 30))
          Emit(out, Category::kDriversLicense, b, e, 0.9, "drivers_license:context");
      });
    }
  }

 private:
  Labels labels_{"運転免許証", "免許証番号",       "免許番号",       "運転免許",
                 "免許証",     "Driver's License", "Driver License", "Driving Licence"};
  Labels other_{"個人番号", "マイナンバー", "電話",     "TEL",          "受付番号", "管理番号",
                "整理番号", "法人番号",     "口座番号", "被保険者番号", "年金番号"};
};

// Two letters + digits (+ two letters), not inside a longer run of letters and digits.
bool Isolated(std::u32string_view s, const Span& whole) {
  return !IsAsciiAlnum(At(s, int64_t{whole.begin} - 1)) && !IsAsciiAlnum(At(s, whole.end));
}
bool HasSpace(std::u32string_view s, const Span& whole) {
  for (uint32_t k = whole.begin; k < whole.end; ++k)
    if (s[k] == U' ') return true;
  return false;
}

class PassportDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    ForEachMatch(number_, in.text, [&](const std::vector<Span>& m) {
      if (!Isolated(s, m[0])) return false;
      bool context = LabelBefore(s, m[0].begin, labels_, nullptr, 30);
      if (HasSpace(s, m[0]) && !context) return false;  // "AB 1234567" only after a label
      Emit(out, Category::kPassport, m[0].begin, m[0].end, context ? 0.95 : 0.55,
           context ? "passport:pattern+context" : "passport:pattern");
      return true;
    });
  }

 private:
  Labels labels_{"旅券", "パスポート", "Passport", "旅券番号"};
  RE2 number_{R"([A-Z]{2} ?\d{7})", PatternOptions()};
};

class ResidenceCardDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    ForEachMatch(number_, in.text, [&](const std::vector<Span>& m) {
      if (!Isolated(s, m[0])) return false;
      bool context = LabelBefore(s, m[0].begin, labels_, nullptr, 40);
      if (HasSpace(s, m[0]) && !context) return false;
      Emit(out, Category::kResidenceCard, m[0].begin, m[0].end, context ? 0.97 : 0.9,
           context ? "residence_card:pattern+context" : "residence_card:pattern");
      return true;
    });
  }

 private:
  Labels labels_{"在留カード", "特別永住者証明書", "在留", "Residence Card", "永住"};
  RE2 number_{R"([A-Z]{2} ?\d{8} ?[A-Z]{2})", PatternOptions()};
};

}  // namespace

std::unique_ptr<Detector> MakeDriversLicenseDetector() {
  return std::make_unique<DriversLicenseDetector>();
}
std::unique_ptr<Detector> MakePassportDetector() { return std::make_unique<PassportDetector>(); }
std::unique_ptr<Detector> MakeResidenceCardDetector() {
  return std::make_unique<ResidenceCardDetector>();
}

}  // namespace redact::detect::ids
