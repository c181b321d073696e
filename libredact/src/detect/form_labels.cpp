// Label → value extraction over normalized text; see form_labels.hpp.
#include "detect/form_labels.hpp"

#include <string_view>

namespace redact::detect {
namespace {

bool IsOpenBoundary(char32_t c) {
  switch (c) {
    case U'\n': case U'\t': case U' ': case U'【': case U'[': case U'(': case U'■': case U'●':
    case U'○': case U'◆': case U'◇': case U'□': case U'・': case U'「': case U'|': case U'、':
    case U',': case U'。': case U'/': case U'】': case U']': case U')': case U'*': case U'※':
      return true;
    default:
      return false;
  }
}
bool IsSeparator(char32_t c) {
  switch (c) {
    case U' ': case U':': case U'】': case U']': case U')': case U'\t': case U'=': case U'》':
    case U'〕': case U'」': case U'>': case U'.':
      return true;
    default:
      return false;
  }
}
bool IsValueStop(char32_t c) { return c == U'\n' || c == U'\t' || c == U'。'; }

int CountDigits(std::u32string_view v) {
  int n = 0;
  for (char32_t c : v) n += text::IsAsciiDigit(c);
  return n;
}

// Does the value look like something of `cat`? Labels also head empty form fields and
// instructions ("氏名を記入"), which must not turn the next words into PII.
bool Plausible(Category cat, std::u32string_view v) {
  if (v.empty()) return false;
  switch (cat) {
    case Category::kPerson: {
      if (v.size() > 30 || CountDigits(v) > 0) return false;
      bool letters = false;
      for (char32_t c : v)
        letters |= text::IsHan(c) || text::IsKatakana(c) || text::IsHiragana(c) ||
                   (c >= U'A' && c <= U'z');
      // A name is kanji and kana in one or two runs (山田 はるか, さくら 田中): hiragana that
      // comes and goes three times or more is a sentence's particles and endings
      // (主治医意見書|の|作成|に|当|たり, the next line after a label whose value was removed).
      // Nor is a run of more than ten kanji a name (a title: 介護保険 要介護認定・要支援認定申請書).
      int turns = 0, han = 0;
      bool was_hiragana = false, first = true;
      for (char32_t c : v) {
        if (text::IsSpace(c)) continue;
        han += text::IsHan(c);
        const bool h = text::IsHiragana(c);
        if (!first && h != was_hiragana) ++turns;
        was_hiragana = h, first = false;
      }
      return letters && turns < 3 && han <= 10;
    }
    case Category::kAddress: {
      int han = 0;
      for (char32_t c : v) han += text::IsHan(c);
      return v.size() >= 4 && han >= 2;
    }
    case Category::kEmail:
      return v.find(U'@') != std::u32string_view::npos;
    case Category::kBirthDate:
      return CountDigits(v) >= 1;
    case Category::kPassport:
    case Category::kResidenceCard:
    case Category::kInsuranceNumber:
      return CountDigits(v) >= 3;
    default:
      return CountDigits(v) >= 4;
  }
}

}  // namespace

bool FormLabelDetector::AtLabelPosition(const std::u32string& s, uint32_t i) const {
  return i == 0 || IsOpenBoundary(s[i - 1]);
}

std::vector<FormLabelDetector::Value> FormLabelDetector::FindValues(
    const text::NormalizedText& t) const {
  const std::u32string& s = t.text;
  const uint32_t n = t.size();
  std::vector<Value> values;
  uint32_t i = 0;
  while (i < n) {
    if (!AtLabelPosition(s, i)) {
      ++i;
      continue;
    }
    Trie::Match m = lex_.labels.LongestAt(s, i, /*spaced=*/true);
    if (m.length == 0) {
      ++i;
      continue;
    }
    if (m.value == Lexicon::kFieldLabel) {  // a non-personal field: nothing to take
      i += m.length;
      continue;
    }
    Value v{static_cast<Category>(m.value), i, i + m.length, 0, 0};
    uint32_t p = i + m.length;
    // Parenthesized notes after the label: 氏名(自署) 電話番号(日中連絡先).
    if (p < n && s[p] == U'(') {
      uint32_t q = p;
      while (q < n && s[q] != U')' && s[q] != U'\n' && q - p < 12) ++q;
      if (q < n && s[q] == U')') p = q + 1;
    }
    uint32_t sep_start = p;
    while (p < n && IsSeparator(s[p])) ++p;
    bool separated = p > sep_start;
    bool next_line = false;
    if (p < n && s[p] == U'\n' && (i == 0 || s[i - 1] == U'\n')) {
      // A label alone on its line: the value is the next line.
      ++p;
      separated = next_line = true;
    }
    if (!separated) {
      // 氏名山田太郎 (OCR often loses the gap): accept only a value that starts like one.
      bool ok = false;
      if (p < n) {
        char32_t c = s[p];
        switch (v.category) {
          case Category::kPerson: ok = text::IsHan(c) || text::IsKatakana(c); break;
          case Category::kAddress: ok = lex_.prefectures.LongestAt(s, p).length > 0 ||
                                        lex_.municipalities.LongestAt(s, p).length > 0; break;
          case Category::kEmail: ok = (c >= U'A' && c <= U'z') || text::IsAsciiDigit(c); break;
          default: ok = text::IsAsciiDigit(c) || c == U'(' || c == U'+' || c == U'#'; break;
        }
      }
      if (!ok) {
        i = i + m.length;
        continue;
      }
    }
    // The value runs to the end of the cell/line, or to the next label.
    uint32_t b = p, e = p;
    while (e < n && !IsValueStop(s[e])) {
      if (e > b && AtLabelPosition(s, e) && s[e - 1] == U' ' && lex_.labels.LongestAt(s, e).length > 0)
        break;
      ++e;
    }
    while (e > b && text::IsSpace(s[e - 1])) --e;
    if (v.category == Category::kPerson) {
      // Names end before an honorific or a parenthesized reading.
      for (uint32_t k = b; k < e; ++k) {
        if (s[k] == U'(' || s[k] == U'、' || s[k] == U',' || s[k] == U'/' || s[k] == U'|') {
          e = k;
          break;
        }
        Trie::Match h = lex_.honorifics.LongestAt(s, k);
        if (k > b && h.length > 0 && (s[k] == U'様' || s[k] == U'殿') && k + h.length >= e) {
          e = k;
          break;
        }
      }
      while (e > b && text::IsSpace(s[e - 1])) --e;
    }
    if (v.category != Category::kPerson && v.category != Category::kAddress &&
        v.category != Category::kBirthDate) {
      // Identifier values end at their last digit or letter: 03-1234-5678(自宅).
      while (e > b && !text::IsAsciiDigit(s[e - 1]) && !(s[e - 1] >= U'A' && s[e - 1] <= U'z'))
        --e;
      if (v.category != Category::kEmail) {
        uint32_t k = b;
        while (k < e && (text::IsAsciiDigit(s[k]) || (s[k] >= U'A' && s[k] <= U'z') ||
                         s[k] == U'-' || s[k] == U' ' || s[k] == U'(' || s[k] == U')' ||
                         s[k] == U'+' || s[k] == U'.'))
          ++k;
        e = k;  // stop at the first character no identifier has (a note in words)
        while (e > b && !text::IsAsciiDigit(s[e - 1]) && !(s[e - 1] >= U'A' && s[e - 1] <= U'z'))
          --e;
      }
    }
    std::u32string_view val(s.data() + b, e - b);
    // An honorific alone is what is left when the name itself was removed: 申請者 様.
    if (v.category == Category::kPerson && lex_.honorifics.LongestAt(s, b).length == e - b) {
      i = i + m.length;
      continue;
    }
    // A label followed by another label (a table header row) has no value here.
    if (lex_.labels.LongestAt(s, b).length > 0 || !Plausible(v.category, val)) {
      i = i + m.length;
      continue;
    }
    v.begin = b;
    v.end = e;
    values.push_back(v);
    (void)next_line;
    i = e > i + m.length ? e : i + m.length;
  }
  return values;
}

// Tables whose header row names the columns (児童の氏名 | 生年月日 | 続柄): each cell of the
// rows below is a value of its column's label.
std::vector<FormLabelDetector::Value> FormLabelDetector::FindColumnValues(
    const text::NormalizedText& t) const {
  const std::u32string& s = t.text;
  struct Cell {
    uint32_t b, e;
  };
  std::vector<std::vector<Cell>> lines;
  uint32_t b = 0;
  std::vector<Cell> cells;
  for (uint32_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || s[i] == U'\t' || s[i] == U'\n') {
      cells.push_back({b, i});
      b = i + 1;
      if (i == t.size() || s[i] == U'\n') lines.push_back(std::move(cells)), cells.clear();
    }
  }
  // The label a header cell names: the longest label in it, preferring one at its end.
  auto header_label = [&](const Cell& c, uint32_t* cat) {
    uint32_t best_len = 0;
    for (uint32_t k = c.b; k < c.e; ++k) {
      if (text::IsAsciiDigit(s[k])) return false;  // headers carry no numbers
      Trie::Match m = lex_.labels.LongestAt(s, k);
      if (m.length > 0 && k + m.length <= c.e && m.length >= best_len) {
        best_len = m.length;
        *cat = m.value;
      }
    }
    return best_len > 0;
  };
  std::vector<Value> values;
  for (std::size_t l = 0; l + 1 < lines.size(); ++l) {
    const auto& head = lines[l];
    if (head.size() < 2) continue;
    std::vector<uint32_t> cats(head.size(), Lexicon::kFieldLabel);
    int labelled = 0, personal = 0;
    for (std::size_t k = 0; k < head.size(); ++k) {
      uint32_t cat = Lexicon::kFieldLabel;
      if (header_label(head[k], &cat)) {
        ++labelled;
        cats[k] = cat;
        personal += cat != Lexicon::kFieldLabel;
      }
    }
    if (labelled < 2 || labelled * 2 < static_cast<int>(head.size()) || personal == 0) continue;
    // Label, value, label, value (氏名 | 金子拓也 | 生年月日 | 平成12年…) is a row of pairs, not a
    // header: twice, a personal label's right neighbour is no label and a plausible value.
    int pairs = 0;
    for (std::size_t k = 0; k + 1 < head.size(); ++k) {
      uint32_t dummy;
      const Cell& next = head[k + 1];
      if (cats[k] != Lexicon::kFieldLabel && next.e > next.b && !header_label(next, &dummy) &&
          Plausible(static_cast<Category>(cats[k]), std::u32string_view(s.data() + next.b, next.e - next.b)))
        ++pairs;
    }
    if (pairs >= 2) continue;
    for (std::size_t r = l + 1; r < lines.size() && r <= l + 50; ++r) {
      const auto& row = lines[r];
      if (row.size() < 2 || row.size() > head.size()) break;
      uint32_t dummy;
      int row_labels = 0;
      for (const Cell& c : row) row_labels += header_label(c, &dummy);
      if (row_labels * 2 >= static_cast<int>(row.size())) break;  // another header
      for (std::size_t k = 0; k < row.size(); ++k) {
        // A cell that holds a label is the next row of a form (申請者(家族) under 主治医の氏名
        // in a row of one pair and a field), not a value.
        if (cats[k] == Lexicon::kFieldLabel || header_label(row[k], &dummy)) continue;
        uint32_t vb = row[k].b, ve = row[k].e;
        while (vb < ve && text::IsSpace(s[vb])) ++vb;
        while (ve > vb && text::IsSpace(s[ve - 1])) --ve;
        auto cat = static_cast<Category>(cats[k]);
        if (ve > vb && Plausible(cat, std::u32string_view(s.data() + vb, ve - vb)))
          values.push_back({cat, head[k].b, head[k].e, vb, ve});
      }
    }
  }
  return values;
}

void FormLabelDetector::Detect(const DetectInput& in, std::vector<Candidate>* out) const {
  for (const Value& v : FindValues(in.text))
    out->push_back({v.category, v.begin, v.end, 0.9, "label"});
  for (const Value& v : FindColumnValues(in.text))
    out->push_back({v.category, v.begin, v.end, 0.85, "label:column"});
}

}  // namespace redact::detect
