// Birth dates in Western (1980年4月1日, 1980/4/1) and Japanese era form (昭和55年4月1日,
// S55.4.1, 平1年): a valid date is personal only next to birth context (生年月日, …生,
// (満45歳)); the date of a letter or an application is not.
#include <memory>
#include <optional>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

struct Era {
  int offset;    // Gregorian year = offset + era year
  int max_year;  // last year of the era (令和: room to grow)
};

std::optional<Era> EraOf(std::u32string_view token) {
  switch (token.empty() ? 0 : token[0]) {
    case U'明':
    case U'M':
      return Era{1867, 45};
    case U'大':
    case U'T':
      return Era{1911, 15};
    case U'昭':
    case U'S':
      return Era{1925, 64};
    case U'平':
    case U'H':
      return Era{1988, 31};
    case U'令':
    case U'R':
      return Era{2018, 60};
    default:
      return std::nullopt;
  }
}

bool IsEraChar(char32_t c) {
  return std::u32string_view(U"明大昭平令MTSHR治正和成").find(c) != std::u32string_view::npos;
}

int Number(std::u32string_view s, const Span& sp) {
  if (sp.empty()) return 0;
  if (s[sp.begin] == U'元') return 1;
  int v = 0;
  for (uint32_t k = sp.begin; k < sp.end; ++k) v = v * 10 + static_cast<int>(s[k] - U'0');
  return v;
}

bool ValidDate(int year, int month, int day) {  // year 0: unknown; day 0: no day
  if (month < 1 || month > 12 || day < 0 || day > 31) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  if (year > 0 && month == 2 && day == 29)
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return true;
}

// Skips up to two spaces backwards from pos; returns the index of the character there.
int64_t SkipSpacesBack(std::u32string_view s, int64_t pos) {
  int64_t k = pos - 1;
  for (int i = 0; i < 2 && At(s, k) == U' '; ++i) --k;
  return k;
}

// "明・大・昭・平・令 55年4月1日": the era is printed as a list to circle, so the era right
// before the year says nothing.
bool EraListBefore(std::u32string_view s, int64_t era_begin) {
  int64_t k = SkipSpacesBack(s, era_begin);
  char32_t c = At(s, k);
  bool list_sep = c == U'・' || c == U'、' || c == U',' || c == U'/' || c == U'|' || c == U'･';
  return list_sep && IsEraChar(At(s, SkipSpacesBack(s, k)));
}

// Nothing glued before `b` (digits, "1." of a longer dotted number, letters for S55.4.1).
bool FreeBefore(std::u32string_view s, uint32_t b) {
  char32_t c = At(s, int64_t{b} - 1);
  if (IsAsciiAlnum(c)) return false;
  if ((c == U'.' || c == U'-' || c == U'/') && IsDigit(At(s, int64_t{b} - 2))) return false;
  return true;
}
bool FreeAfter(std::u32string_view s, uint32_t e) {
  char32_t c = At(s, e);
  if (IsDigit(c)) return false;
  if ((c == U'.' || c == U'-' || c == U'/') && IsDigit(At(s, int64_t{e} + 1))) return false;
  return true;
}

class BirthDateDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    auto era_date = [&](const std::vector<Span>& m, const Span& year, const Span& month,
                        const Span& day) {
      const Span& era = m[1];
      std::u32string_view token = s.substr(era.begin, era.end - era.begin);
      if (IsAsciiAlpha(token[0]) ? !FreeBefore(s, era.begin)
                                 : IsDigit(At(s, int64_t{era.begin} - 1)))
        return false;
      if (!FreeAfter(s, m[0].end) || EraListBefore(s, era.begin)) return false;
      std::optional<Era> e = EraOf(token);
      int y = Number(s, year);
      if (!e || y < 1 || y > e->max_year) return false;
      if (!ValidDate(e->offset + y, Number(s, month), Number(s, day))) return false;
      Report(s, era.begin, m[0].end, !day.empty(), out);
      return true;
    };
    // 昭和55年4月1日, S55年4月, 平成1年2月3日
    ForEachMatch(era_kanji_, in.text,
                 [&](const std::vector<Span>& m) { return era_date(m, m[2], m[3], m[4]); });
    // S55.4.1, H2/3/4, 昭55-4-1
    ForEachMatch(era_symbol_, in.text, [&](const std::vector<Span>& m) {
      if (s[m[3].begin] != s[m[5].begin]) return false;
      return era_date(m, m[2], m[4], m[6]);
    });
    auto western = [&](const std::vector<Span>& m, const Span& year, const Span& month,
                       const Span& day) {
      if (!FreeBefore(s, m[0].begin) || !FreeAfter(s, m[0].end)) return false;
      int y = Number(s, year);
      if (y < 1868 || y > 2100 || !ValidDate(y, Number(s, month), Number(s, day))) return false;
      Report(s, m[0].begin, m[0].end, !day.empty(), out);
      return true;
    };
    // 1980年4月1日, 1980年4月
    ForEachMatch(western_kanji_, in.text,
                 [&](const std::vector<Span>& m) { return western(m, m[1], m[2], m[3]); });
    // 1980/4/1, 1980-04-01, 1980.4.1
    ForEachMatch(western_symbol_, in.text, [&](const std::vector<Span>& m) {
      if (s[m[2].begin] != s[m[4].begin]) return false;
      return western(m, m[1], m[3], m[5]);
    });
    // 1980年(昭和55年)4月1日 and 昭和55年(1980年)4月1日: the Western year decides.
    auto dual = [&](const std::vector<Span>& m, const Span& era, const Span& era_year,
                    const Span& year, const Span& month, const Span& day) {
      if (!FreeBefore(s, m[0].begin) || !FreeAfter(s, m[0].end)) return false;
      std::optional<Era> e = EraOf(s.substr(era.begin, era.end - era.begin));
      int y = Number(s, year), ey = Number(s, era_year);
      if (!e || ey < 1 || ey > e->max_year || y < 1868 || y > 2100) return false;
      if (!ValidDate(y, Number(s, month), Number(s, day))) return false;
      Report(s, m[0].begin, m[0].end, !day.empty(), out);
      return true;
    };
    ForEachMatch(western_then_era_, in.text,
                 [&](const std::vector<Span>& m) { return dual(m, m[2], m[3], m[1], m[4], m[5]); });
    ForEachMatch(era_then_western_, in.text,
                 [&](const std::vector<Span>& m) { return dual(m, m[1], m[2], m[3], m[4], m[5]); });
    // 誕生日 4月1日: a birthday without its year, right after the label.
    ForEachMatch(month_day_, in.text, [&](const std::vector<Span>& m) {
      uint32_t b = m[0].begin;
      if (!FreeBefore(s, b) || !FreeAfter(s, m[0].end)) return false;
      char32_t before = At(s, SkipSpacesBack(s, b));
      if (before == U'年' || before == U'/' || before == U'.' || IsDigit(before)) return false;
      if (!ValidDate(0, Number(s, m[1]), Number(s, m[2]))) return false;
      if (!LabelBefore(s, b, labels_, &other_dates_, 8, /*no_digits_between=*/true)) return false;
      Emit(out, Category::kBirthDate, b, m[0].end, 0.7, "birth_date:month_day+context");
      return true;
    });
    // 55年4月1日 with the era circled on a printed list (or left out): context only.
    ForEachMatch(no_era_, in.text, [&](const std::vector<Span>& m) {
      uint32_t b = m[0].begin;
      if (!FreeBefore(s, b) || !FreeAfter(s, m[0].end)) return false;
      // Right after an era the era patterns decide, unless the era is one of a printed list.
      int64_t k = SkipSpacesBack(s, b);
      int64_t era_begin = k;
      if (std::u32string_view(U"治正和成").find(At(s, k)) != std::u32string_view::npos) --era_begin;
      if (IsEraChar(At(s, k)) && !EraListBefore(s, era_begin)) return false;
      if (!ValidDate(0, Number(s, m[2]), Number(s, m[3]))) return false;
      if (Number(s, m[1]) < 1 || !BirthContext(s, b, m[0].end)) return false;
      Emit(out, Category::kBirthDate, b, m[0].end, 0.9, "birth_date:date+context+no_era");
      return true;
    });
  }

 private:
  void Report(std::u32string_view s, uint32_t b, uint32_t e, bool has_day,
              std::vector<Candidate>* out) const {
    bool context = BirthContext(s, b, e);
    if (context)
      Emit(out, Category::kBirthDate, b, e, has_day ? 0.95 : 0.9,
           has_day ? "birth_date:date+context" : "birth_date:year_month+context");
    else if (has_day)
      Emit(out, Category::kBirthDate, b, e, 0.2, "birth_date:date");
  }

  bool BirthContext(std::u32string_view s, uint32_t b, uint32_t e) const {
    int64_t k = e;
    while (At(s, k) == U' ') ++k;
    // "年齢 (令和5年4月1日現在)": a reference date, whatever the labels say.
    if (reference_.DistanceAfter(s, static_cast<uint32_t>(k), 1) == 0) return false;
    if (LabelBefore(s, b, labels_, &other_dates_, 30, /*no_digits_between=*/true)) return true;
    // 〜に生まれた, 〜に誕生: the sentence says it is the birth date.
    for (std::u32string_view w : {U"に生まれ", U"で生まれ", U"に誕生", U"に出生", U"生まれ"})
      if (s.substr(std::min<size_t>(static_cast<size_t>(k), s.size())).starts_with(w)) return true;
    // 生 / 生まれ right after the date (not 生活, 生徒: 生 followed by another kanji).
    if (At(s, k) == U'生') {
      char32_t next = At(s, k + 1);
      if (next == U'ま' || next == U'れ' || !text::IsHan(next)) return true;
    }
    // (満45歳), 満45歳, (45歳)
    if (At(s, k) == U'(') ++k;
    bool man = At(s, k) == U'満';
    if (man) ++k;
    while (At(s, k) == U' ') ++k;
    int digits = 0;
    while (IsDigit(At(s, k)) && digits < 4) ++k, ++digits;
    while (At(s, k) == U' ') ++k;
    if (digits > 0 && digits <= 3 && (At(s, k) == U'歳' || At(s, k) == U'才')) return true;
    return LabelBefore(s, b, age_, &other_dates_, 30) || age_.DistanceAfter(s, e, 20) >= 0;
  }

  Labels labels_{"生年月日", "誕生日",        "生まれ", "出生", "生年",
                 "誕生",     "Date of Birth", "Birth",  "DOB",  "生月日"};
  // Labels of other dates on the same line: the nearest label decides.
  Labels other_dates_{
      "申請日",     "提出日",     "作成日",     "交付日", "受付日",     "届出日",     "発行日",
      "記入日",     "日付",       "有効期限",   "期限",   "申請年月日", "提出年月日", "交付年月日",
      "届出年月日", "作成年月日", "記入年月日", "死亡",   "年月日現在", "契約日",     "開始日",
      "終了日",     "入学",       "卒業",       "取得日", "資格取得",   "喪失"};
  Labels age_{"年齢"};
  Labels reference_{"現在", "時点", "基準"};

  // clang-format off
  // ERA: a full era name or its one-letter / one-kanji abbreviation. " {0,2}": OCR spacing.
#define ERA "(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])"
#define SP " {0,2}"
  RE2 era_kanji_{        // 昭和55年4月1日, S55年4月
      ERA SP R"((\d{1,2}|元))" SP "年" SP R"((\d{1,2}))" SP "月"
      "(?:" SP R"((\d{1,2}))" SP "日)?", PatternOptions()};
  RE2 era_symbol_{       // S55.4.1, H2/3/4
      ERA SP R"((\d{1,2}|元))" SP R"(([./\-]))" SP R"((\d{1,2}))" SP R"(([./\-]))" SP
      R"((\d{1,2}))", PatternOptions()};
  RE2 western_kanji_{    // 1980年4月1日, 1980年4月
      R"((\d{4}))" SP "年" SP R"((\d{1,2}))" SP "月"
      "(?:" SP R"((\d{1,2}))" SP "日)?", PatternOptions()};
  RE2 western_symbol_{   // 1980/4/1, 1980-04-01, 1980.4.1
      R"((\d{4})([./\-])(\d{1,2})([./\-])(\d{1,2}))", PatternOptions()};
  RE2 western_then_era_{ // 1980年(昭和55年)4月1日
      R"((\d{4}))" SP "年" SP R"(\()" SP ERA SP R"((\d{1,2}|元))" SP "年" SP R"(\))" SP
      R"((\d{1,2}))" SP "月(?:" SP R"((\d{1,2}))" SP "日)?", PatternOptions()};
  RE2 era_then_western_{ // 昭和55年(1980年)4月1日
      ERA SP R"((\d{1,2}|元))" SP "年" SP R"(\()" SP R"((\d{4}))" SP "年" SP R"(\))" SP
      R"((\d{1,2}))" SP "月(?:" SP R"((\d{1,2}))" SP "日)?", PatternOptions()};
  RE2 month_day_{        // 4月1日
      R"((\d{1,2}))" SP "月" SP R"((\d{1,2}))" SP "日", PatternOptions()};
  RE2 no_era_{           // 55年4月1日
      R"((\d{1,2}))" SP "年" SP R"((\d{1,2}))" SP "月" SP R"((\d{1,2}))" SP "日",
      PatternOptions()};
#undef ERA
#undef SP
  // clang-format on
};

}  // namespace

std::unique_ptr<Detector> MakeBirthDateDetector() { return std::make_unique<BirthDateDetector>(); }

}  // namespace redact::detect::ids
