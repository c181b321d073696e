// My Number (個人番号, 12 digits) and corporate number (法人番号, 13 digits): digit runs
// scored by check digit and by the label before them. A checksum alone is weak evidence
// (one random number in 11 passes); a label wins even when OCR broke the checksum.
#include <memory>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

// Labels that give a number to some other register; the nearest label decides.
const Labels& OtherNumberLabels() {
  static const Labels labels{
      "受付番号",   "注文番号",       "文書番号",     "整理番号",   "管理番号",     "申請番号",
      "伝票番号",   "お客様番号",     "顧客番号",     "契約番号",   "証券番号",     "会員番号",
      "問合せ番号", "問い合わせ番号", "照会番号",     "口座番号",   "電話番号",     "法人番号",
      "登録番号",   "事業者番号",     "被保険者番号", "保険者番号", "基礎年金番号", "年金番号",
      "免許証番号", "受付No",         "注文No",       "Order No",   "請求番号",     "商品番号",
      "製造番号",   "シリアル",       "品番",         "型番",       "郵便番号",     "個人番号以外"};
  return labels;
}

class MyNumberDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 6, [&](size_t first, size_t last) {
        uint32_t count = run.DigitCount(first, last);
        if (count < 11 || count > 13) return;
        uint32_t b = run.groups[first].begin, e = run.groups[last].end;
        if (InsideAmount(s, b, e)) return;
        bool whole_run = first == 0 && last + 1 == run.groups.size();
        bool letter_glued = IsAsciiAlpha(At(s, int64_t{b} - 1)) || IsAsciiAlpha(At(s, e));
        bool context = LabelBefore(s, b, labels_, &OtherNumberLabels(), 40);
        if (count != 12) {
          // OCR lost or doubled a digit: only a label right before says what it is.
          if (context && whole_run && !letter_glued && LabelBefore(s, b, labels_, nullptr, 16))
            Emit(out, Category::kMyNumber, b, e, 0.6, "my_number:context+length");
          return;
        }
        bool canonical =
            first == last || (last - first == 2 && run.groups[first].size() == 4 &&
                              run.groups[first + 1].size() == 4 && run.groups[last].size() == 4);
        bool check = MyNumberCheckDigitOk(run.Digits(s, first, last));
        if (context) {
          if (canonical)
            Emit(out, Category::kMyNumber, b, e, check ? 0.97 : 0.85,
                 check ? "my_number:checksum+context" : "my_number:context");
          else  // groups split unevenly, e.g. by OCR: "6214 98320257"
            Emit(out, Category::kMyNumber, b, e, check ? 0.95 : 0.8,
                 check ? "my_number:checksum+context+split" : "my_number:context+split");
          return;
        }
        if (check && canonical && !letter_glued) {
          bool other_label = OtherNumberLabels().DistanceBefore(s, b, 40) >= 0;
          Emit(out, Category::kMyNumber, b, e, other_label ? 0.1 : 0.3,
               other_label ? "my_number:checksum+other_label" : "my_number:checksum");
        }
      });
    }
    // OCR read a digit as a letter ("6214 9832 02S7"): only after a label.
    ForEachMatch(ocr_confused_, in.text, [&](const std::vector<Span>& m) {
      uint32_t b = m[0].begin, e = m[0].end;
      if (IsAsciiAlnum(At(s, int64_t{b} - 1)) || IsAsciiAlnum(At(s, e))) return false;
      if (IsGroupSeparator(At(s, e)) && IsDigit(At(s, int64_t{e} + 1))) return false;
      std::string digits;
      int letters = 0;
      for (uint32_t k = b; k < e; ++k) {
        char d = OcrDigit(s[k]);
        if (d == 0) continue;  // a separator
        letters += IsDigit(s[k]) ? 0 : 1;
        digits.push_back(d);
      }
      if (letters == 0 || letters > 2 || digits.size() != 12) return false;
      if (!LabelBefore(s, b, labels_, &OtherNumberLabels(), 40)) return false;
      bool check = MyNumberCheckDigitOk(digits);
      Emit(out, Category::kMyNumber, b, e, check ? 0.9 : 0.8,
           check ? "my_number:checksum+context+ocr_letters" : "my_number:context+ocr_letters");
      return true;
    });
  }

 private:
  // Letters OCR confuses with digits; 0 for anything else.
  static char OcrDigit(char32_t c) {
    if (IsDigit(c)) return static_cast<char>(c);
    switch (c) {
      case U'O':
      case U'o':
      case U'D':
      case U'Q':
        return '0';
      case U'I':
      case U'l':
      case U'|':
        return '1';
      case U'Z':
      case U'z':
        return '2';
      case U'S':
      case U's':
        return '5';
      case U'G':
      case U'b':
        return '6';
      case U'B':
        return '8';
      case U'g':
      case U'q':
        return '9';
      default:
        return 0;
    }
  }

  RE2 ocr_confused_{
      R"([0-9ODQIlZzSsGbBgqo|]{4}[ .\-]?[0-9ODQIlZzSsGbBgqo|]{4}[ .\-]?[0-9ODQIlZzSsGbBgqo|]{4})",
      PatternOptions()};
  Labels labels_{"個人番号",  "マイナンバー", "通知カード",         "個人番号カード",
                 "My Number", "MyNumber",     "マイナンバーカード", "個人番号(マイナンバー)"};
};

class CorporateNumberDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    for (const DigitRun& run : FindDigitRuns(s)) {
      ForEachNumber(run, 5, [&](size_t first, size_t last) {
        if (run.DigitCount(first, last) != 13) return;
        uint32_t b = run.groups[first].begin, e = run.groups[last].end;
        if (InsideAmount(s, b, e) || IsAsciiAlpha(At(s, e))) return;
        // Invoice registration numbers are 'T' + the corporate number ("T1234567890123").
        int64_t t = -1;
        if (At(s, int64_t{b} - 1) == U'T')
          t = b - 1;
        else if ((At(s, int64_t{b} - 1) == U'-' || At(s, int64_t{b} - 1) == U' ') &&
                 At(s, int64_t{b} - 2) == U'T')
          t = b - 2;
        if (t >= 0 && IsAsciiAlpha(At(s, t - 1))) return;
        if (t < 0 && IsAsciiAlpha(At(s, int64_t{b} - 1))) return;
        uint32_t span_begin = t >= 0 ? static_cast<uint32_t>(t) : b;
        bool contiguous = first == last;
        bool check = CorporateNumberCheckDigitOk(run.Digits(s, first, last));
        bool context = LabelBefore(s, span_begin, labels_, &OtherNumberLabels(), 40) ||
                       (t >= 0 && LabelBefore(s, span_begin, invoice_labels_, nullptr, 40));
        if (context) {
          Emit(out, Category::kCorporateNumber, span_begin, e, check ? 0.95 : 0.7,
               check ? "corporate_number:checksum+context" : "corporate_number:context");
        } else if (check && t >= 0) {
          Emit(out, Category::kCorporateNumber, span_begin, e, 0.6,
               "corporate_number:checksum+invoice_prefix");
        } else if (check && contiguous) {
          Emit(out, Category::kCorporateNumber, b, e, 0.3, "corporate_number:checksum");
        }
      });
    }
  }

 private:
  Labels labels_{"法人番号", "Corporate Number"};
  // Only with the 'T' prefix: 登録番号 alone labels many registers.
  Labels invoice_labels_{"登録番号", "適格請求書", "インボイス", "事業者番号"};
};

}  // namespace

std::unique_ptr<Detector> MakeMyNumberDetector() { return std::make_unique<MyNumberDetector>(); }
std::unique_ptr<Detector> MakeCorporateNumberDetector() {
  return std::make_unique<CorporateNumberDetector>();
}

}  // namespace redact::detect::ids
