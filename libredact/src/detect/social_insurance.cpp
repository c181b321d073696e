// Pension and health-insurance numbers: 基礎年金番号 (dddd-dddddd), insurer numbers
// (保険者番号, 8 digits with a check digit or 6 for 国保), and the insured person's number
// (被保険者番号, or 記号 + 番号 on a 被保険者証). All of them need their label.
#include <memory>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

// Labels that claim a number for another register; the nearest label decides.
const Labels& OtherLabels() {
  static const Labels labels{"電話",     "TEL",  "FAX",      "携帯",     "個人番号", "マイナンバー",
                             "郵便番号", "〒",   "口座",     "受付番号", "管理番号", "整理番号",
                             "法人番号", "免許", "ゆうちょ", "貯金"};
  return labels;
}

class PensionNumberDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 2, [&](size_t first, size_t last) {
        const auto& g = run.groups;
        bool split = last == first + 1 && g[first].size() == 4 && g[last].size() == 6 &&
                     run.seps[first] != U'.';
        bool whole = first == last && g[first].size() == 10;
        if (!split && !whole) return;
        uint32_t b = g[first].begin, e = g[last].end;
        if (InsideAmount(s, b, e) || FollowedByUnit(s, e) || IsAsciiAlnum(At(s, e)) ||
            IsAsciiAlnum(At(s, int64_t{b} - 1)))
          return;
        if (LabelBefore(s, b, labels_, &OtherLabels(), 30))
          Emit(out, Category::kPensionNumber, b, e, 0.95, "pension_number:context");
      });
    }
    // 年金手帳: 記号 1234 番号 567890
    ForEachMatch(kigo_bango_, in.text, [&](const std::vector<Span>& m) {
      if (IsDigit(At(s, m[2].end))) return false;
      if (!LabelBefore(s, m[0].begin, labels_, &insurance_, 40)) return false;
      Emit(out, Category::kPensionNumber, m[1].begin, m[2].end, 0.95,
           "pension_number:label+context");
      return true;
    });
  }

 private:
  Labels labels_{"基礎年金番号", "年金番号", "年金手帳", "年金証書", "年金"};
  Labels insurance_{"被保険者証", "保険証", "健康保険", "保険者番号", "介護保険"};
  RE2 kigo_bango_{
      R"(記号[ \t]{0,3}:?[ \t]{0,3}(\d{4})[ \t]{0,3}[-・]?[ \t]{0,3}番号[ \t]{0,3}:?[ \t]{0,3}(\d{6}))",
      PatternOptions()};
};

class InsuranceNumberDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    // 保険者番号 (the insurer): 8 digits with a check digit, or 6 for 国民健康保険.
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 4, [&](size_t first, size_t last) {
        uint32_t count = run.DigitCount(first, last);
        if (count != 8 && count != 6) return;
        uint32_t b = run.groups[first].begin, e = run.groups[last].end;
        if (InsideAmount(s, b, e) || FollowedByUnit(s, e) || IsAsciiAlnum(At(s, e)) ||
            IsAsciiAlnum(At(s, int64_t{b} - 1)))
          return;
        // 被保険者番号 ends where 保険者番号 does and, being longer, wins.
        if (!LabelBefore(s, b, insurer_, &not_insurer_, 20)) return;
        if (count == 6) {
          Emit(out, Category::kInsuranceNumber, b, e, 0.9, "insurance_number:insurer+context");
          return;
        }
        bool check = InsurerNumberCheckDigitOk(run.Digits(s, first, last));
        Emit(out, Category::kInsuranceNumber, b, e, check ? 0.9 : 0.7,
             check ? "insurance_number:insurer+checksum+context"
                   : "insurance_number:insurer+context");
      });
    }
    // 被保険者番号 12345678 / 介護保険 被保険者番号 0000123456
    ForEachMatch(insured_, in.text, [&](const std::vector<Span>& m) {
      if (!HasDigit(s, m[1])) return false;
      Emit(out, Category::kInsuranceNumber, m[1].begin, m[1].end, 0.9,
           "insurance_number:insured+label");
      return true;
    });
    // 被保険者証 記号 12 番号 345 (枝番 01)
    ForEachMatch(kigo_bango_, in.text, [&](const std::vector<Span>& m) { return Card(s, m, out); });
    // 被保険者証 記号・番号 12・345
    ForEachMatch(kigo_bango_joint_, in.text,
                 [&](const std::vector<Span>& m) { return Card(s, m, out); });
  }

 private:
  static bool HasDigit(std::u32string_view s, const Span& sp) {
    for (uint32_t k = sp.begin; k < sp.end; ++k)
      if (IsDigit(s[k])) return true;
    return false;
  }

  // A 記号/番号 pair from an insurance card: span from the first value to the last one.
  bool Card(std::u32string_view s, const std::vector<Span>& m, std::vector<Candidate>* out) const {
    bool digits = false;
    uint32_t end = 0;
    for (size_t k = 1; k < m.size(); ++k)
      if (!m[k].empty()) {
        digits |= HasDigit(s, m[k]);
        end = m[k].end;
      }
    if (!digits) return false;
    // The card's name before the symbol, or right after the number ("… (被保険者証)").
    if (!LabelBefore(s, m[0].begin, card_, &not_card_, 60) &&
        card_.DistanceAfter(s, m[0].end, 12) < 0)
      return false;
    Emit(out, Category::kInsuranceNumber, m[1].begin, end, 0.9, "insurance_number:card+context");
    return true;
  }

  Labels insurer_{"保険者番号"};
  Labels not_insurer_{"被保険者番号", "被保険者", "記号", "電話",    "TEL",
                      "FAX",          "郵便番号", "口座", "個人番号"};
  Labels card_{"被保険者", "保険証",     "健康保険", "保険者",   "国民健康保険", "後期高齢者",
               "介護保険", "資格確認書", "組合員証", "加入者証", "受給者証"};
  Labels not_card_{"年金", "ゆうちょ", "貯金", "通帳", "口座"};

  RE2 insured_{R"((?:被保険者番号|被保険者証番号|保険証番号|被保険者記号番号)[ \t]{0,3})"
               R"((?:\([^)\n]{0,12}\))?[ \t]{0,3}(?:は|が|:|\]|\||】|」)?[ \t]{0,3}(?:第[ \t]{0,2})?)"
               R"(([0-9A-Za-z][0-9A-Za-z\-]{0,19}(?: [0-9][0-9A-Za-z\-]{0,9}){0,2}))",
               PatternOptions()};
  RE2 kigo_bango_{
      R"(記号[ \t]{0,3}:?[ \t]{0,3}((?:[0-9A-Za-z\-]|\p{Han}){1,12}?)[ \t]{0,3}[・,、/]?[ \t]{0,3})"
      R"(番号[ \t]{0,3}:?[ \t]{0,3}([0-9A-Za-z][0-9A-Za-z\-]{0,15}))"
      R"((?:[ \t]{0,3}\(?枝番\)?[ \t]{0,3}:?[ \t]{0,3}(\d{1,3}))?)",
      PatternOptions()};
  RE2 kigo_bango_joint_{R"(記号[・･/]?番号[ \t]{0,3}:?[ \t]{0,3}([0-9A-Za-z][0-9A-Za-z\-]{0,15}))"
                        R"((?:[ \t]{0,3}[・/ ][ \t]{0,3}([0-9A-Za-z][0-9A-Za-z\-]{0,15}))?)"
                        R"((?:[ \t]{0,3}\(?枝番\)?[ \t]{0,3}:?[ \t]{0,3}(\d{1,3}))?)",
                        PatternOptions()};
};

}  // namespace

std::unique_ptr<Detector> MakePensionNumberDetector() {
  return std::make_unique<PensionNumberDetector>();
}
std::unique_ptr<Detector> MakeInsuranceNumberDetector() {
  return std::make_unique<InsuranceNumberDetector>();
}

}  // namespace redact::detect::ids
