// Bank account numbers: the 6-8 digit account after 口座番号 / 普通 / 当座 / 貯蓄, and
// ゆうちょ accounts written 記号 1XXXX + 番号 (up to 8 digits). Bare digits are not enough.
#include <memory>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

class BankAccountDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    // 記号12340 番号12345671: span from the first digit of 記号 to the last of 番号.
    ForEachMatch(yucho_labeled_, in.text, [&](const std::vector<Span>& m) {
      if (IsDigit(At(s, m[2].end)) || LabelBefore(s, m[0].begin, insurance_, &labels_, 60))
        return false;
      Emit(out, Category::kBankAccount, m[1].begin, m[2].end, 0.9, "bank_account:yucho+label");
      return true;
    });
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 3, [&](size_t first, size_t last) {
        const auto& g = run.groups;
        uint32_t b = g[first].begin, e = g[last].end;
        if (InsideAmount(s, b, e) || FollowedByUnit(s, e) || IsAsciiAlnum(At(s, e)) ||
            IsAsciiAlnum(At(s, int64_t{b} - 1)))
          return;
        uint32_t count = run.DigitCount(first, last);
        size_t ngroups = last - first + 1;
        bool hyphens = true;
        for (size_t k = first; k < last; ++k) hyphens &= run.seps[k] == U'-';
        if (ngroups <= 2 && count >= 6 && count <= 8) {
          if (LabelBefore(s, b, labels_, &other_, 15))
            Emit(out, Category::kBankAccount, b, e, 0.9, "bank_account:context");
        } else if (ngroups == 2 && g[first].size() == 5 && s[b] == U'1' && g[last].size() >= 6 &&
                   g[last].size() <= 8) {
          // ゆうちょ without labels: "12340-12345671" after ゆうちょ / 貯金 / 口座.
          if (LabelBefore(s, b, yucho_, &other_, 40))
            Emit(out, Category::kBankAccount, b, e, 0.9, "bank_account:yucho+context");
        } else if (hyphens && g[last].size() >= 6 && g[last].size() <= 8 &&
                   ((ngroups == 2 && g[first].size() == 3) ||
                    (ngroups == 3 && g[first].size() == 4 && g[first + 1].size() == 3))) {
          // Bank code and branch written in front of the account: "0001-123-1234567".
          if (LabelBefore(s, b, labels_, &other_, 15))
            Emit(out, Category::kBankAccount, g[last].begin, e, 0.9, "bank_account:context+branch");
        }
      });
    }
  }

 private:
  Labels labels_{"口座番号", "口座", "普通", "当座",   "貯蓄",
                 "預金",     "(普)", "(当)", "口座No", "Account No"};
  Labels yucho_{"ゆうちょ", "郵便貯金", "貯金", "通帳", "口座", "振替", "記号番号"};
  Labels other_{"支店番号",   "支店コード", "店番",       "店番号",   "金融機関コード",
                "銀行コード", "電話",       "TEL",        "FAX",      "郵便番号",
                "〒",         "被保険者",   "保険者番号", "年金",     "個人番号",
                "受付番号",   "管理番号",   "徴収",       "税額",     "金額",
                "残高",       "普通車",     "普通自動車", "普通免許", "免許"};
  Labels insurance_{"被保険者", "保険証",   "健康保険", "保険者",
                    "介護保険", "資格確認", "組合員証", "年金"};
  RE2 yucho_labeled_{
      R"(記号[ \t]{0,3}:?[ \t]{0,3}(1\d{4})[ \t]{0,3}(?:-[ \t]{0,3})?(?:通帳|口座)?番号[ \t]{0,3}:?[ \t]{0,3}(\d{1,8}))",
      PatternOptions()};
};

}  // namespace

std::unique_ptr<Detector> MakeBankAccountDetector() {
  return std::make_unique<BankAccountDetector>();
}

}  // namespace redact::detect::ids
