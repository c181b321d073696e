// Label → value regions of ruled scanned forms (pipeline/scan.hpp) on synthetic OCR pages:
// which cells are read a second time for a misread label, what that second reading changes,
// and a table header's column on a skewed scan.
#include <gmock/gmock.h>
#include <leptonica/allheaders.h>

#include "detect/lexicon.hpp"
#include "pipeline/page_text.hpp"
#include "pipeline/scan.hpp"

namespace redact::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::FieldsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;

// Labels as the lexicon has them: 氏名 and 生年月日 are personal, 続柄 and 通数 are not.
class FakeLabels : public LabelMatcher {
 public:
  std::optional<Category> LabelOf(std::u32string_view w) const override {
    if (w.starts_with(U"氏名")) return Category::kPerson;
    if (w.starts_with(U"生年月日")) return Category::kBirthDate;
    if (w.starts_with(U"電話番号")) return Category::kPhone;
    if (w.starts_with(U"住所")) return Category::kAddress;
    if (w.starts_with(U"請求者")) return Category::kPerson;
    return std::nullopt;
  }
  std::size_t LabelLength(std::u32string_view w) const override {
    std::size_t longest = 0;
    for (std::u32string_view label : Known())
      if (w.starts_with(label)) longest = std::max(longest, label.size());
    return longest;
  }
  virtual std::vector<std::u32string_view> Known() const {
    return {U"氏名", U"生年月日", U"電話番号", U"住所", U"請求者", U"続柄", U"通数"};
  }
  bool InPiiLabel(char32_t c) const override { return std::u32string_view(U"氏名生年月日電話番号住所請求者").find(c) != std::u32string_view::npos; }
};

// A word of one line laid left to right in `box`, one symbol per character.
ocr::OcrWord Word(std::u32string text, image::PixelBox box, float confidence) {
  ocr::OcrWord w;
  w.text = text;
  w.box = box;
  w.confidence = confidence;
  const int n = static_cast<int>(text.size());
  for (int k = 0; k < n; ++k) {
    image::PixelBox b = box;
    b.x0 = box.x0 + (box.x1 - box.x0) * k / n;
    b.x1 = box.x0 + (box.x1 - box.x0) * (k + 1) / n;
    w.symbols.push_back({std::u32string(1, text[k]), b});
  }
  return w;
}

ocr::OcrPage Page() {
  ocr::OcrPage p;
  p.width = 2480, p.height = 3508, p.dpi = 300;
  return p;
}

// A name row: label cell, value cell. OCR lost 氏 and read 名 with no confidence.
ocr::OcrPage NameRowWithLostLabel() {
  ocr::OcrPage p = Page();
  p.cells = {{{200, 900, 520, 1080}, {}}, {{520, 900, 1350, 1080}, {}}};
  p.words = {Word(U"名", {320, 960, 360, 1000}, 0), Word(U"宮崎", {600, 950, 760, 1010}, 80)};
  return p;
}

TEST(LabelReread, ACellThatLostItsLabelIsReadAgainAndThenFound) {
  FakeLabels labels;
  ocr::OcrPage p = NameRowWithLostLabel();
  // Without a second reading, 名 alone is no label: nothing is burnt whole.
  EXPECT_THAT(LabelValueRegions(p, labels), IsEmpty());
  const std::vector<LabelReread> again = LabelRereadCandidates(p, labels);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].index, 0u);
  // Read inside the ruling lines.
  const image::PixelBox& b = again[0].box;
  EXPECT_GT(b.x0, 200);
  EXPECT_GT(b.y0, 900);
  EXPECT_LT(b.x1, 520);
  EXPECT_LT(b.y1, 1080);
  p.cells[0].reread = U"氏名";
  const auto regions = LabelValueRegions(p, labels);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].first, Category::kPerson);
  EXPECT_GT(regions[0].second.x0, 520);  // the value cell, inset from its lines
  EXPECT_LT(regions[0].second.x1, 1350);
}

TEST(LabelReread, ASkewedScanIsReadFurtherInsideTheCell) {
  FakeLabels labels;
  ocr::OcrPage p = NameRowWithLostLabel();
  const image::PixelBox straight = LabelRereadCandidates(p, labels).at(0).box;
  p.skew_degrees = 1.0;
  const image::PixelBox skewed = LabelRereadCandidates(p, labels).at(0).box;
  // 320 px wide at 1°: the top and bottom lines slant across ~6 px of the bounding box.
  EXPECT_GE(skewed.y0 - straight.y0, 5);
  EXPECT_GE(straight.y1 - skewed.y1, 5);
}

TEST(LabelReread, OnlyShortCellsThatMayHoldALabelAndHaveAValueBeside) {
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.cells = {
      {{200, 900, 520, 1080}, {}},    // 0: 氏名, read right: already a label
      {{520, 900, 1350, 1080}, {}},   // 1: a value with no label character, read confidently
      {{1350, 900, 1700, 1080}, {}},  // 2: 年月 (生 lost), a value cell to its right
      {{1700, 900, 2250, 1080}, {}},  // 3: the last cell of the row: nothing to its right
      {{200, 1200, 280, 1280}, {}},   // 4, 5: one-digit boxes of an identifier
      {{280, 1200, 360, 1280}, {}},
  };
  p.words = {Word(U"氏名", {300, 960, 420, 1000}, 95), Word(U"宮崎", {600, 950, 760, 1010}, 90),
             Word(U"年月", {1450, 960, 1550, 1000}, 90), Word(U"生年月日", {1800, 960, 2000, 1000}, 30),
             Word(U"日", {220, 1220, 260, 1260}, 10), Word(U"月", {300, 1220, 340, 1260}, 10)};
  const std::vector<LabelReread> again = LabelRereadCandidates(p, labels);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].index, 2u);
}

TEST(LabelReread, LatinLettersInALabelCellAreJapaneseMisread) {
  // 氏 名 read "rs" with confidence 80: read again, the name's cell goes whole.
  FakeLabels labels;
  ocr::OcrPage p = NameRowWithLostLabel();
  p.words[0] = Word(U"rs", {394, 939, 526, 988}, 80);
  const std::vector<LabelReread> again = LabelRereadCandidates(p, labels);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].index, 0u);
  // Digits are a value's, Japanese read with confidence is no label.
  p.words[0] = Word(U"No.12", {394, 939, 526, 988}, 80);
  EXPECT_THAT(LabelRereadCandidates(p, labels), IsEmpty());
  p.words[0] = Word(U"備考", {394, 939, 526, 988}, 90);
  EXPECT_THAT(LabelRereadCandidates(p, labels), IsEmpty());
}

TEST(LabelReread, TheMisreadLabelBeforeALineToWriteOn) {
  // 会議録署名委員 ____ with 署 read as 叶: read again, the signature above the line goes.
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.underlines = {{{1700, 800, 2300, 806}, {}}};
  p.words = {Word(U"会議録叶名委員", {1330, 740, 1640, 795}, 16), Word(U"佐野かあり", {1800, 740, 2120, 802}, 90)};
  const std::vector<LabelReread> again = LabelRereadCandidates(p, labels);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].kind, LabelReread::kUnderline);
  EXPECT_LE(again[0].box.x0, 1330);
  EXPECT_GE(again[0].box.x1, 1640);
  EXPECT_LT(again[0].box.x1, 1800);  // not the signature
  p.underlines[0].reread = U"会議録氏名委員";
  const auto regions = LabelValueRegions(p, labels);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].second.x0, 1700);
  EXPECT_LE(regions[0].second.y0, 740);
}

TEST(LabelValueRegions, ALineToWriteOnAfterWordsOcrReadNothingOfIsForAName) {
  // 申請者署名 ____ 工藤 律 on a fax: the label read wwrws4 at 0 (and 間 the second time).
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.underlines = {{{1700, 800, 2300, 806}, {}}};
  p.underlines[0].reread = U"間";
  p.words = {Word(U"wwrws4", {1330, 740, 1640, 795}, 0), Word(U"工訂", {1800, 740, 1900, 802}, 31),
             Word(U"律", {1940, 740, 1990, 802}, 93)};
  const auto regions = LabelValueRegions(p, labels);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].first, Category::kPerson);
  EXPECT_EQ(regions[0].second.x0, 1700);
  // Printed words read with confidence before the line, not a label: nothing says a name.
  p.words[0] = Word(U"以上のとおり", {1330, 740, 1640, 795}, 90);
  EXPECT_THAT(LabelValueRegions(p, labels), IsEmpty());
  // Nor a field label that is not personal, found on the second reading.
  p.words[0].confidence = 0;
  p.underlines[0].reread = U"続柄";
  EXPECT_THAT(LabelValueRegions(p, labels), IsEmpty());
}

TEST(LabelValueRegions, AboveALineToWriteOnAsHighAsTheWritingButNoHigherThanHalfAnInch) {
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.underlines = {{{1700, 800, 2300, 806}, {}}};
  // A signature 60 px tall: the region reaches 1.6 times that above the line.
  p.words = {Word(U"氏名", {1330, 740, 1640, 795}, 90), Word(U"佐野", {1800, 740, 2120, 800}, 90)};
  auto regions = LabelValueRegions(p, labels);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].second.y0, 800 - 96);
  // A word box OCR stretched 400 px up over a stroke: the paragraph above stays.
  p.words[1].box.y0 = 400;
  regions = LabelValueRegions(p, labels);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].second.y0, 800 - 300 / 2);
}

TEST(LabelReread, AtMostAFewCellsPerPage) {
  FakeLabels labels;
  ocr::OcrPage p = Page();
  for (int r = 0; r < 10; ++r) {
    const int y = 300 + r * 200;
    p.cells.push_back({{200, y, 520, y + 180}, {}});
    p.cells.push_back({{520, y, 1350, y + 180}, {}});
    p.words.push_back(Word(U"名", {320, y + 60, 360, y + 100}, 0));
  }
  EXPECT_EQ(LabelRereadCandidates(p, labels).size(), kMaxLabelRereads);
}

// A phone row: label, then a value cell with the handwritten number and a printed note.
class PhoneRow : public ::testing::Test {
 protected:
  struct Labels : FakeLabels {
    std::optional<Category> LabelOf(std::u32string_view w) const override {
      return w.starts_with(U"電話番号") ? std::optional(Category::kPhone) : FakeLabels::LabelOf(w);
    }
    std::vector<std::u32string_view> Known() const override {
      return {U"氏名", U"生年月日", U"電話番号", U"住所", U"請求者"};  // personal ones only
    }
  } labels;
  static ocr::OcrPage Row(float note_confidence) {
    ocr::OcrPage p = Page();
    p.cells = {{{200, 1500, 520, 1600}, {}}, {{520, 1500, 2250, 1600}, {}}};
    p.words = {Word(U"電話番号", {280, 1530, 440, 1570}, 95), Word(U"011-440-8183", {560, 1520, 900, 1580}, 60),
               Word(U"(日中連絡のつく番号)", {1850, 1530, 2230, 1560}, note_confidence)};
    for (auto& w : p.words) w.line = 0;
    return p;
  }
  static bool Covers(const std::vector<std::pair<Category, image::PixelBox>>& regions, int x, int y) {
    return std::any_of(regions.begin(), regions.end(), [&](const auto& r) {
      return x >= r.second.x0 && x < r.second.x1 && y >= r.second.y0 && y < r.second.y1;
    });
  }
};

TEST_F(PhoneRow, APrintedNoteIsLeftOutOfTheBurntCell) {
  const auto regions = LabelValueRegions(Row(95), labels);
  EXPECT_TRUE(Covers(regions, 700, 1550));    // the number
  EXPECT_TRUE(Covers(regions, 1500, 1550));   // the rest of the cell
  EXPECT_TRUE(Covers(regions, 2000, 1512));   // above the note, past a margin of 1/30 in
  EXPECT_FALSE(Covers(regions, 2000, 1545));  // the note
}

TEST_F(PhoneRow, ANoteReadWithoutConfidenceGoesWithTheCell) {
  EXPECT_TRUE(Covers(LabelValueRegions(Row(60), labels), 2000, 1545));
}

TEST_F(PhoneRow, ANoteWithOneWordReadWithSomeDoubtIsStillANote) {
  // Seed 2403: (日 88, 中 96, 連絡 65, の 97, つく 96, 番号 93, ) 92 — on average confident.
  ocr::OcrPage p = Row(95);
  p.words.pop_back();
  const std::vector<std::pair<std::u32string, float>> parts = {
      {U"(日", 88}, {U"中", 96}, {U"連絡", 65}, {U"の", 97}, {U"つく", 96}, {U"番号", 93}, {U")", 92}};
  int x = 1850;
  for (const auto& [t, c] : parts) {
    p.words.push_back(Word(t, {x, 1530, x + 50, 1560}, c));
    p.words.back().line = 0;
    x += 54;
  }
  EXPECT_FALSE(Covers(LabelValueRegions(p, labels), 1990, 1545));
  // One word under 60 among them: the cell goes whole.
  p.words[4].confidence = 55;
  EXPECT_TRUE(Covers(LabelValueRegions(p, labels), 1990, 1545));
}

TEST(LabelValueRegions, AValueEndsAtAPrintedFieldLabelInItsCell) {
  // 氏名 | 桜井 千尋 … 医療機関名 東雲市民病院: the name's region stops before 医療機関名.
  struct WithFieldLabels : FakeLabels {
    std::vector<std::u32string_view> Known() const override {
      std::vector<std::u32string_view> all = FakeLabels::Known();
      all.insert(all.end(), {U"医療機関名", U"備考"});
      return all;
    }
  } labels;
  ocr::OcrPage p = Page();
  p.cells = {{{200, 1500, 520, 1600}, {}}, {{520, 1500, 2250, 1600}, {}}};
  p.words = {Word(U"氏名", {300, 1530, 400, 1570}, 95), Word(U"桜井千尋", {560, 1520, 800, 1580}, 40),
             Word(U"医療機関名", {1500, 1530, 1700, 1570}, 92), Word(U"東雲市民病院", {1720, 1520, 2100, 1580}, 50)};
  const auto regions = LabelValueRegions(p, labels);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_LE(regions[0].second.x1, 1500);
  EXPECT_GE(regions[0].second.x1, 1400);
  // Split into words OCR read with some doubt (a 200 dpi fax: 医療 83, 機関 76, 名 77).
  p.words[2] = Word(U"医療", {1500, 1530, 1580, 1570}, 83);
  p.words.insert(p.words.begin() + 3, {Word(U"機関", {1580, 1530, 1660, 1570}, 76), Word(U"名", {1660, 1530, 1700, 1570}, 77)});
  EXPECT_LE(LabelValueRegions(p, labels).at(0).second.x1, 1500);
  // Read with less confidence (医療 58, 機関 36, 名 20 on another fax): a label of five
  // characters is no chance reading of handwriting, and still ends the value.
  p.words[2].confidence = 58, p.words[3].confidence = 36, p.words[4].confidence = 20;
  EXPECT_LE(LabelValueRegions(p, labels).at(0).second.x1, 1500);
  // A short label read without confidence may be handwriting: the cell goes whole.
  p.words.erase(p.words.begin() + 3, p.words.begin() + 5);
  p.words[2] = Word(U"備考", {1500, 1530, 1580, 1570}, 50);
  EXPECT_GT(LabelValueRegions(p, labels).at(0).second.x1, 2200);
  p.words[2].confidence = 90;
  EXPECT_LE(LabelValueRegions(p, labels).at(0).second.x1, 1500);
}

TEST(LabelValueRegions, ALongFieldLabelWithOneCharacterMisreadStillEndsTheValue) {
  // 主治医の氏名 | 中川 ひかり … 医療機関名, 医 read as 話 with confidence (a 200 dpi fax).
  struct Lexicon : FakeLabels {
    detect::Trie trie;
    Lexicon() {
      trie.Insert(U"医療機関名", detect::Lexicon::kFieldLabel);
      trie.Insert(U"電話番号", static_cast<uint32_t>(Category::kPhone));
      trie.Freeze();
    }
    std::size_t FieldLabelLengthAsMisread(std::u32string_view w) const override {
      auto m = trie.LongestWithOneMisreadAt(w, 0, 4);
      return m.value == detect::Lexicon::kFieldLabel ? m.length : 0;
    }
  } labels;
  ocr::OcrPage p = Page();
  p.cells = {{{200, 1500, 520, 1600}, {}}, {{520, 1500, 2250, 1600}, {}}};
  p.words = {Word(U"氏名", {300, 1530, 400, 1570}, 95), Word(U"中川ひかり", {560, 1520, 800, 1580}, 40),
             Word(U"話療", {1500, 1530, 1580, 1570}, 85), Word(U"機関名", {1580, 1530, 1700, 1570}, 93)};
  EXPECT_LE(LabelValueRegions(p, labels).at(0).second.x1, 1500);
  // Two characters misread are not the label; nor is a personal label so misread.
  p.words[3].text = U"機関各";
  EXPECT_GT(LabelValueRegions(p, labels).at(0).second.x1, 2200);
  p.words[2].text = U"電語", p.words[3].text = U"番号";
  EXPECT_GT(LabelValueRegions(p, labels).at(0).second.x1, 2200);
}

// A household table's header 氏名 | 続柄 | 生年月日 over one row, 続柄 misread (聞柄).
ocr::OcrPage HouseholdTable() {
  ocr::OcrPage p = Page();
  p.cells = {
      {{200, 1300, 1000, 1400}, {}},   // 0 氏名
      {{1000, 1300, 1350, 1400}, {}},  // 1 聞柄
      {{1350, 1300, 1950, 1400}, {}},  // 2 生年月日
      {{200, 1400, 1000, 1560}, {}},   // 3 a name
      {{1000, 1400, 1350, 1560}, {}},  // 4 長女
      {{1350, 1400, 1950, 1560}, {}},  // 5 a date of birth
  };
  p.words = {Word(U"氏名", {560, 1330, 640, 1370}, 97), Word(U"聞柄", {1130, 1330, 1210, 1370}, 40),
             Word(U"生年月日", {1560, 1330, 1740, 1370}, 97), Word(U"杉山ひかり", {300, 1450, 600, 1510}, 60),
             Word(U"長女", {1100, 1450, 1200, 1510}, 80), Word(U"平成5年6月4日", {1400, 1450, 1900, 1510}, 60)};
  return p;
}

std::vector<std::pair<Category, int>> CellsBurnt(const ocr::OcrPage& p, const LabelMatcher& labels) {
  std::vector<std::pair<Category, int>> found;
  for (const auto& [cat, box] : LabelValueRegions(p, labels))
    for (int k = 0; k < static_cast<int>(p.cells.size()); ++k) {
      const image::PixelBox& c = p.cells[k].box;
      if (box.x0 >= c.x0 && box.x1 <= c.x1 && box.y0 >= c.y0 && box.y1 <= c.y1) found.emplace_back(cat, k);
    }
  return found;
}

TEST(LabelReread, ACellWithInkOcrReadNothingOnIsReadAgain) {
  // 住所 | 〒242-0141 / 愛知県名古屋市…: the label's ink went into the address's line, and no
  // character was laid on it. An empty cell without ink (a blank form field) is not read.
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.cells = {{{200, 900, 520, 1180}, {}},   {{520, 900, 2250, 1180}, {}},
             {{200, 1180, 520, 1300}, {}},  {{520, 1180, 2250, 1300}, {}}};
  p.cells[0].unread_ink = true;
  p.words = {Word(U"契知県名屋市天折区", {560, 1060, 1500, 1120}, 40), Word(U"080", {560, 1200, 700, 1260}, 60)};
  const std::vector<LabelReread> again = LabelRereadCandidates(p, labels);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].index, 0u);
  p.cells[0].reread = U"住所";
  EXPECT_THAT(CellsBurnt(p, labels), ElementsAre(std::make_pair(Category::kAddress, 1)));
  p.cells[0].unread_ink = false;
  EXPECT_THAT(LabelRereadCandidates(p, labels), IsEmpty());
  // Ink read as nothing but a mark OCR doubted (住 所 read as ” at 21) is read again too; a
  // mark read with confidence (a printed ※) is not.
  p.words.push_back(Word(U"”", {300, 1000, 400, 1040}, 21));
  EXPECT_EQ(LabelRereadCandidates(p, labels).size(), 1u);
  p.words.back().confidence = 90;
  EXPECT_THAT(LabelRereadCandidates(p, labels), IsEmpty());
  // A dot as large as the label's two characters is no dot (住 所 read as . at 55).
  p.words.back() = Word(U".", {210, 1000, 382, 1096}, 55);
  EXPECT_EQ(LabelRereadCandidates(p, labels).size(), 1u);
  p.words.back() = Word(U".", {300, 1030, 310, 1040}, 55);
  EXPECT_THAT(LabelRereadCandidates(p, labels), IsEmpty());
}

TEST(LabelValueRegions, AHeaderRowWithAMisreadLabelStillHasColumns) {
  FakeLabels labels;
  EXPECT_THAT(CellsBurnt(HouseholdTable(), labels),
              ElementsAre(std::make_pair(Category::kPerson, 3), std::make_pair(Category::kBirthDate, 5)));
}

TEST(LabelValueRegions, LabelValueRowsAreNoHeader) {
  // 氏名 | value | 生年月日 | value over 続柄 | value | 通数 | value: labels under labels.
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.cells = {{{200, 900, 500, 1000}, {}},   {{500, 900, 1300, 1000}, {}},  {{1300, 900, 1600, 1000}, {}},
             {{1600, 900, 2250, 1000}, {}}, {{200, 1000, 500, 1100}, {}},  {{500, 1000, 1300, 1100}, {}},
             {{1300, 1000, 1600, 1100}, {}}, {{1600, 1000, 2250, 1100}, {}}};
  p.words = {Word(U"氏名", {300, 930, 400, 970}, 97),      Word(U"杉山", {600, 930, 800, 970}, 60),
             Word(U"生年月日", {1350, 930, 1550, 970}, 97), Word(U"平成5年", {1700, 930, 1900, 970}, 60),
             Word(U"続柄", {300, 1030, 400, 1070}, 97),     Word(U"長女", {600, 1030, 700, 1070}, 90),
             Word(U"通数", {1350, 1030, 1450, 1070}, 97),   Word(U"1", {1700, 1030, 1720, 1070}, 90)};
  EXPECT_THAT(CellsBurnt(p, labels),
              ElementsAre(std::make_pair(Category::kPerson, 1), std::make_pair(Category::kBirthDate, 3)));
}

TEST(LabelValueRegions, ALabelOverAMisreadLabelOfAFormRowIsNoHeader) {
  // 氏名 | value | 生年月日 | value over 電話番号 | value | 本人との関係 (misread, no label) |
  // value: the row under 生年月日 starts with a label, so it is a form's next row, not the
  // data under a table's header, and 生年月日's value is the cell to its right. (電話番号's
  // value runs on to the row's end: the misread label does not stop it.)
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.cells = {{{200, 900, 500, 1000}, {}},   {{500, 900, 1300, 1000}, {}},  {{1300, 900, 1600, 1000}, {}},
             {{1600, 900, 2250, 1000}, {}}, {{200, 1000, 500, 1100}, {}},  {{500, 1000, 1300, 1100}, {}},
             {{1300, 1000, 1600, 1100}, {}}, {{1600, 1000, 2250, 1100}, {}}};
  p.words = {Word(U"氏名", {300, 930, 400, 970}, 97),       Word(U"石川翔太", {600, 930, 800, 970}, 60),
             Word(U"生年月日", {1350, 930, 1550, 970}, 97),  Word(U"昭和48年", {1700, 930, 1900, 970}, 60),
             Word(U"電話番号", {250, 1030, 450, 1070}, 97),  Word(U"070", {600, 1030, 700, 1070}, 90),
             Word(U"林人との関係", {1320, 1030, 1580, 1070}, 60), Word(U"本人", {1700, 1030, 1800, 1070}, 90)};
  EXPECT_THAT(CellsBurnt(p, labels),
              ElementsAre(std::make_pair(Category::kPerson, 1), std::make_pair(Category::kBirthDate, 3),
                          std::make_pair(Category::kPhone, 5), std::make_pair(Category::kPhone, 6),
                          std::make_pair(Category::kPhone, 7)));
}

TEST(LabelValueRegions, ASectionTitleEndsAtTheRowWithALabelWhicheverCellStartsFirst) {
  // 窓口に来た方（請求者） across the table, then 住所 | value. On a photo the value cell's
  // box starts 23 px above its label's: the title's column ends at that row all the same
  // (burnt as the title's, the value cell ran into the title's text).
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.skew_degrees = 0.8;
  p.cells = {{{194, 439, 2252, 537}, {}}, {{197, 539, 528, 780}, {}}, {{527, 516, 2253, 776}, {}}};
  p.words = {Word(U"窓口に来た方（請求者）", {228, 480, 680, 525}, 90), Word(U"住所", {290, 640, 470, 680}, 95),
             Word(U"宮城県塩竈市緑町", {570, 680, 1360, 750}, 60)};
  EXPECT_THAT(CellsBurnt(p, labels), ElementsAre(std::make_pair(Category::kAddress, 2)));
}

TEST(LabelMisreads, SignatureLabelReadWithAnotherFirstCharacter) {
  // 会議録署名委員 before a line to write on, as OCR read it on three scans.
  EXPECT_EQ(LabelMisreadsUndone(U"会議録著名委員"), U"会議録署名委員");
  EXPECT_EQ(LabelMisreadsUndone(U"会議録寺名委員"), U"会議録署名委員");
  EXPECT_EQ(LabelMisreadsUndone(U"申請者叶名"), U"申請者署名");
  // Only before 名; other text is left as it is.
  EXPECT_EQ(LabelMisreadsUndone(U"寺院"), U"寺院");
  EXPECT_EQ(LabelMisreadsUndone(U"著者"), U"著者");
  EXPECT_EQ(LabelMisreadsUndone(U"氏名"), U"氏名");
  EXPECT_EQ(LabelMisreadsUndone(U"名著"), U"名著");
}

// A cell W x H turned by `degrees` (rising to the right when positive) about its top-left
// corner placed so that its bounding box starts at (x, y): the page's cell is that box.
struct SlantedCell {
  double w, h, degrees;
  int x, y;
  image::PixelBox Box() const {
    const double a = std::fabs(degrees) * M_PI / 180.0;
    return {x, y, x + static_cast<int>(std::ceil(w * std::cos(a) + h * std::sin(a))),
            y + static_cast<int>(std::ceil(w * std::sin(a) + h * std::cos(a)))};
  }
  // Where the point (u, v) of the unturned cell lies on the page: from the top-left corner,
  // u along the top line, v down the left one (mirrored in x when it falls to the right).
  std::pair<double, double> At(double u, double v) const {
    const double a = std::fabs(degrees) * M_PI / 180.0;
    const image::PixelBox b = Box();
    const double px = x + u * std::cos(a) + v * std::sin(a);
    const double py = y + w * std::sin(a) - u * std::sin(a) + v * std::cos(a);
    return {degrees > 0 ? px : b.x0 + b.x1 - px, py};
  }
};

bool Covered(const std::vector<image::PixelBox>& parts, double px, double py) {
  return std::any_of(parts.begin(), parts.end(), [&](const image::PixelBox& b) {
    return px >= b.x0 && px < b.x1 && py >= b.y0 && py < b.y1;
  });
}

TEST(WithinSlantedCell, StripsFollowTheCellsSlantedEdges) {
  for (double degrees : {0.78, -0.78}) {
    const SlantedCell cell{1700, 250, degrees, 500, 500};
    ocr::OcrPage p = Page();
    p.skew_degrees = degrees;
    const image::PixelBox box = cell.Box();
    p.cells = {{box, {}}};
    const int inset = 6;
    const image::PixelBox region{box.x0 + inset, box.y0 + inset, box.x1 - inset, box.y1 - inset};
    const std::vector<image::PixelBox> parts = WithinSlantedCell(p, region);
    ASSERT_GT(parts.size(), 4u) << degrees;
    // Everything inside the cell, away from its lines, is covered.
    for (double u = 10; u < 1700 - 10; u += 17)
      for (double v = 10; v < 250 - 10; v += 12) {
        const auto [px, py] = cell.At(u, v);
        EXPECT_TRUE(Covered(parts, px, py)) << degrees << " at " << u << "," << v;
      }
    // What lies past the slanted top and bottom lines by 5 px or more is not: the corners of
    // the bounding box that belong to the cells above and below.
    for (double u = 20; u < 1700 - 20; u += 50) {
      const auto [ax, ay] = cell.At(u, -5 - inset);
      const auto [bx, by] = cell.At(u, 250 + 5 + inset);
      EXPECT_FALSE(Covered(parts, ax, ay)) << degrees << " above " << u;
      EXPECT_FALSE(Covered(parts, bx, by)) << degrees << " below " << u;
    }
  }
}

TEST(WithinSlantedCell, UnskewedOrOutsideAnyCellTheRegionItself) {
  ocr::OcrPage p = Page();
  p.cells = {{{500, 500, 2200, 760}, {}}};
  const image::PixelBox region{506, 506, 2194, 754};
  auto same = [&](const std::vector<image::PixelBox>& parts) {
    return parts.size() == 1 && parts[0].x0 == region.x0 && parts[0].y0 == region.y0 && parts[0].x1 == region.x1 &&
           parts[0].y1 == region.y1;
  };
  EXPECT_TRUE(same(WithinSlantedCell(p, region)));
  p.skew_degrees = 0.1;  // under what deskewing corrects
  EXPECT_TRUE(same(WithinSlantedCell(p, region)));
  p.skew_degrees = 0.8;
  p.cells.clear();  // an underline's value, a run of handwriting: no cell
  EXPECT_TRUE(same(WithinSlantedCell(p, region)));
}

TEST(LabelValueRegions, HeaderColumnOnASkewedPhoto) {
  // A table header (氏名 | 続柄 | 生年月日) over one row. The cells are bounding boxes of a
  // grid skewed by 1.3°: each row's top lies 19 px above the bottom of the row above.
  FakeLabels labels;
  ocr::OcrPage p = Page();
  p.skew_degrees = 1.3;
  p.cells = {
      {{203, 1351, 1032, 1451}, {}},   // 0 header 氏名
      {{1032, 1342, 1366, 1431}, {}},  // 1 header 続柄
      {{1366, 1328, 1949, 1422}, {}},  // 2 header 生年月日
      {{205, 1432, 1036, 1609}, {}},   // 3 row: name
      {{1034, 1423, 1370, 1588}, {}},  // 4 row: relation
      {{1368, 1409, 1953, 1580}, {}},  // 5 row: date of birth
  };
  p.words = {Word(U"氏名", {575, 1379, 654, 1420}, 97), Word(U"続柄", {1158, 1364, 1240, 1405}, 90),
             Word(U"生年月日", {1576, 1354, 1736, 1395}, 97)};
  std::vector<std::pair<Category, int>> found;
  for (const auto& [cat, box] : LabelValueRegions(p, labels))
    for (int k = 3; k < 6; ++k) {
      image::PixelBox inner = p.cells[k].box;
      if (box.x0 > inner.x0 && box.x1 < inner.x1 && box.y0 > inner.y0 && box.y1 < inner.y1 &&
          box.x1 - box.x0 > (inner.x1 - inner.x0) * 9 / 10)
        found.emplace_back(cat, k);
    }
  EXPECT_THAT(found, ElementsAre(std::make_pair(Category::kPerson, 3), std::make_pair(Category::kBirthDate, 5)));
}

TEST(AfterBurn, AGrazedLabelStaysAndABurntValueBecomesABox) {
  ocr::OcrPage p = Page();
  p.words = {Word(U"氏名", {575, 1379, 654, 1420}, 97), Word(U"高田結衣", {300, 1450, 700, 1520}, 80)};
  // The value cell below the header, whose top edge runs 13 px into the header's text.
  const std::vector<image::PixelBox> burn = {{221, 1407, 1044, 1575}};
  const ocr::OcrPage after = AfterBurn(p, burn);
  ASSERT_EQ(after.words.size(), 2u);
  EXPECT_EQ(after.words[0].text, U"氏名");
  EXPECT_EQ(after.words[1].text, U"■");
  // A character half under the box: the word goes.
  const ocr::OcrPage half = AfterBurn(p, {{575, 1399, 654, 1430}});
  ASSERT_EQ(half.words.size(), 2u);
  EXPECT_EQ(half.words[0].text, U"■");
  EXPECT_EQ(half.words[1].text, U"高田結衣");
}

TEST(MisreadDigits, MarksAndLettersInsideANumberAreItsDigits) {
  EXPECT_EQ(AsMisreadDigits(U"06-7668-@378"), U"06-7668-0378");
  EXPECT_EQ(AsMisreadDigits(U"090-1O34-5678"), U"090-1034-5678");
  // Not at the end, not in short numbers, not in words.
  EXPECT_EQ(AsMisreadDigits(U"06-7668-437B"), U"06-7668-437B");
  EXPECT_EQ(AsMisreadDigits(U"1O5"), U"1O5");
  EXPECT_EQ(AsMisreadDigits(U"Room 1234567"), U"Room 1234567");
}

TEST(StrayDot, APeriodBetweenJapaneseLettersIsASpeck) {
  std::vector<ocr::OcrWord> w = {Word(U"小山", {0, 0, 60, 30}, 80), Word(U".", {70, 25, 74, 29}, 76),
                                 Word(U"正男", {90, 0, 150, 30}, 90), Word(U"1", {200, 0, 210, 30}, 90),
                                 Word(U".", {212, 25, 216, 29}, 90), Word(U"5", {220, 0, 230, 30}, 90)};
  EXPECT_TRUE(IsStrayDot(w, 1, 300));
  EXPECT_FALSE(IsStrayDot(w, 4, 300));  // 1.5
  w[2].line = 1;                   // the end of a line
  EXPECT_FALSE(IsStrayDot(w, 1, 300));
}

TEST(StrayDot, ALetterOcrReadOnASpeckWithNoConfidence) {
  // 東雲市長 あて on a fax read 東 圭 市長: 圭 at 0 on 2 by 1 pixels (東圭 looked like a name).
  std::vector<ocr::OcrWord> w = {Word(U"東", {151, 207, 209, 273}, 93), Word(U"圭", {210, 251, 212, 252}, 0),
                                 Word(U"市", {210, 206, 238, 273}, 56)};
  EXPECT_TRUE(IsStrayDot(w, 1, 200));
  w[1].box = {210, 240, 238, 270};  // a character's size: kept, however doubted
  EXPECT_FALSE(IsStrayDot(w, 1, 200));
  w[1].box = {210, 251, 212, 252};
  w[1].confidence = 60;  // read with some confidence: kept
  EXPECT_FALSE(IsStrayDot(w, 1, 200));
}

TEST(StrayDot, ADoubtedBarBetweenKanjiOfAColumn) {
  // 十九番三号 read down a column as 番 | 二号, the bar ending one jpn_vert line.
  auto v = [](std::u32string t, image::PixelBox b, float conf, int line) {
    ocr::OcrWord w = Word(t, b, conf);
    w.vertical = true;
    w.line = line;
    return w;
  };
  std::vector<ocr::OcrWord> w = {v(U"番", {835, 844, 882, 891}, 89, 11), v(U"|", {837, 898, 874, 905}, 20, 11),
                                 v(U"二号", {832, 913, 878, 991}, 88, 12)};
  EXPECT_TRUE(IsStrayDot(w, 1, 300));
  w[1].confidence = 80;  // read with confidence: kept
  EXPECT_FALSE(IsStrayDot(w, 1, 300));
  w[1].confidence = 20;
  w[2].box = {700, 913, 750, 991};  // the next column
  EXPECT_FALSE(IsStrayDot(w, 1, 300));
}

TEST(PageText, NoSpaceInsideAnOcrWord) {
  // A handwritten 080-8895-0134 read as one word, its digits laid wide apart over the ink.
  std::vector<pdf::PlacedGlyph> glyphs;
  double x = 100;
  for (char32_t c : std::u32string(U"080-8895")) {
    pdf::PlacedGlyph g;
    g.text = std::u32string(1, c);
    g.box = {x, 500, x + 6, 512};
    g.origin_x = x, g.origin_y = 500, g.advance_x = 6, g.size = 12;
    g.image = 0, g.word = 7;
    glyphs.push_back(g);
    x += 6 + (c == U'9' ? 8 : 1);  // a gap of 2/3 em after the 9
  }
  EXPECT_EQ(BuildPageText(glyphs).utf8, "080-8895");
  // Separate words (or drawn text) with that gap are separate.
  glyphs.back().word = 8;
  EXPECT_EQ(BuildPageText(glyphs).utf8, "080-889 5");
}

// One line of words, left to right from x = 200, each character 40 px wide.
ocr::OcrPage Line(const std::vector<std::pair<std::u32string, float>>& words) {
  ocr::OcrPage p = Page();
  p.lines.emplace_back();
  int x = 200;
  for (const auto& [text, conf] : words) {
    const int w = 40 * static_cast<int>(text.size());
    p.words.push_back(Word(text, {x, 1300, x + w, 1345}, conf));
    p.lines.back().words.push_back(static_cast<int>(p.words.size()) - 1);
    x += w;
  }
  return p;
}

// The glyphs the page model gets from one OCR page, one per character.
std::vector<pdf::PlacedGlyph> GlyphsOf(const ocr::OcrPage& page) {
  ScannedImage img;
  img.width = page.width, img.height = page.height;
  img.ocr = page;
  std::vector<pdf::PlacedGlyph> glyphs;
  AppendOcrGlyphs(img, 0, &glyphs);
  return glyphs;
}

// White 8-bit page with black rectangles standing for ink.
image::PixPtr Inked(const ocr::OcrPage& p, const std::vector<image::PixelBox>& ink) {
  image::PixPtr pix(pixCreate(p.width, p.height, 8));
  pixSetAll(pix.get());
  for (const image::PixelBox& b : ink) {
    BOX* box = boxCreate(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    pixClearInRect(pix.get(), box);
    boxDestroy(&box);
  }
  return pix;
}

TEST(LabelRegions, OnlyTheOfficesOwnNumberReadWithConfidenceIsKept) {
  // The ＦＡＸ番号 row of a cover sheet: the office's printed number, allowlisted, and a speck.
  ocr::OcrPage p = Page();
  const image::PixelBox value{520, 900, 1350, 1000};
  p.words = {Word(U"0463-21-1302", {560, 930, 900, 970}, 93), Word(U".", {1000, 940, 1006, 946}, 20)};
  // The number's digits, the speck, and a ruling line slanting into the cell's box.
  std::vector<image::PixelBox> ink = {{1000, 940, 1006, 946}, {520, 992, 1340, 996}};
  for (int x = 562; x < 890; x += 28) ink.push_back({x, 932, x + 20, 968});
  image::PixPtr pix = Inked(p, ink);
  auto office = [](std::u32string_view t) { return t == U"0463-21-1302"; };
  EXPECT_TRUE(HoldsOnlyAllowed(p, pix.get(), value, office));
  // Anything more, anything doubted, or nothing read: burnt as the label says.
  p.words.push_back(Word(U"菅原", {950, 930, 1050, 970}, 88));
  EXPECT_FALSE(HoldsOnlyAllowed(p, pix.get(), value, office));
  p.words.pop_back();
  p.words[0].confidence = 60;
  EXPECT_FALSE(HoldsOnlyAllowed(p, pix.get(), value, office));
  p.words[0].confidence = 93;
  // Hand-writing beside the number that OCR read as nothing at all: its ink is nobody's word.
  ink.push_back({1100, 925, 1140, 975});
  EXPECT_FALSE(HoldsOnlyAllowed(p, Inked(p, ink).get(), value, office));
  EXPECT_FALSE(HoldsOnlyAllowed(p, nullptr, value, office));
  p.words.clear();
  EXPECT_FALSE(HoldsOnlyAllowed(p, pix.get(), value, [](std::u32string_view) { return true; }));
}

TEST(UnreadInk, ASurnameOcrReadNothingOnAboveAVerticalGivenName) {
  // 木村 いろは 様 down a column at 300 dpi: 木 and 村 (ink 397–548) unread, いろ read from 633.
  ocr::OcrPage p = Page();
  const image::PixelBox iro{688, 633, 752, 766};
  p.words = {Word(U"いろ", iro, 97)};
  image::PixPtr pix = Inked(p, {{692, 397, 760, 468}, {690, 478, 762, 548}, {700, 640, 740, 760}});
  const int pad = 300 / 60, side = 64 * 15 / 100;
  EXPECT_THAT(UnreadInkAbove(pix.get(), p, iro), Optional(FieldsAre(688 - side, 397 - pad, 752 + side, 633)));
  // Ink more than 1.5 em above is another line's; a word OCR read above bounds the search.
  image::PixPtr far = Inked(p, {{692, 397, 760, 520}});
  EXPECT_EQ(UnreadInkAbove(far.get(), p, iro), std::nullopt);
  p.words.push_back(Word(U"木村", {690, 397, 762, 548}, 90));
  EXPECT_EQ(UnreadInkAbove(pix.get(), p, iro), std::nullopt);
}

TEST(ValueEnds, ANameReachesOnToTheHonorificAfterIt) {
  // 宮崎 碧 様 on a scanned notice: 宮崎 read (at 0), 碧 read as nothing, 様 well apart.
  ocr::OcrPage page = Line({{U"宮崎", 0}, {U"様", 93}});
  page.words[1] = Word(U"様", {421, 1300, 461, 1345}, 93);
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 3u);
  auto ends = ValueEnds(glyphs, Category::kPerson, {0, 1}, {&page});
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[1].second.x1, 420);  // up to 様
  // Not for another category, nor past four ems.
  EXPECT_LT(ValueEnds(glyphs, Category::kAddress, {0, 1}, {&page})[1].second.x1, 400);
  page.words[1] = Word(U"様", {621, 1300, 661, 1345}, 93);
  EXPECT_LT(ValueEnds(GlyphsOf(page), Category::kPerson, {0, 1}, {&page})[1].second.x1, 400);
}

TEST(MisreadNeighbours, ASpeckReadAsAMarkBetweenSurnameAndGivenName) {
  // 代理人の木下 湊は read 代理人の木下 、湊は with 、 at 44: the name found is 木下 alone.
  ocr::OcrPage page = Line({{U"の", 97}, {U"木下", 68}, {U"、", 44}, {U"湊", 74}, {U"は", 96}, {U"私", 97}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 7u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kPerson, {1, 2}, {&page}, FakeLabels()), ElementsAre(1, 2, 3, 4));
  // A comma read with confidence is a comma.
  page.words[2].confidence = 93;
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(page), Category::kPerson, {1, 2}, {&page}, FakeLabels()), ElementsAre(1, 2));
}

TEST(MisreadNeighbours, ADoubtedKanjiBeforeANameIsItsMisreadSurname) {
  // 、菅原大輔（当時 read as 、准原大輔(当時 with 准 doubted: the name found is 原大輔.
  ocr::OcrPage page = Line({{U"、", 93}, {U"准", 0}, {U"原", 0}, {U"大輔", 90}, {U"(当時", 88}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 8u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kPerson, {2, 3, 4}, {&page}, FakeLabels()), ElementsAre(1, 2, 3, 4));
  // Read with confidence, it is another word; and a number does not take kanji.
  page.words[1].confidence = 80;
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(page), Category::kPerson, {2, 3, 4}, {&page}, FakeLabels()), ElementsAre(2, 3, 4));
  page.words[1].confidence = 0;
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kPhone, {2, 3, 4}, {&page}, FakeLabels()), ElementsAre(2, 3, 4));
  // At most two, and none after a name that ends in a bracket.
  ocr::OcrPage many = Line({{U"准准准", 0}, {U"原大輔", 90}, {U"(", 90}, {U"准", 0}});
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(many), Category::kPerson, {3, 4, 5, 6}, {&many}, FakeLabels()),
              ElementsAre(1, 2, 3, 4, 5, 6));
  // Not a label's character (申請者署名 with 名 doubted), kin, or a municipality's suffix.
  for (std::u32string before : {U"名", U"母", U"市"}) {
    ocr::OcrPage other = Line({{before, 10}, {U"原大輔", 90}});
    EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(other), Category::kPerson, {1, 2, 3}, {&other}, FakeLabels()),
                ElementsAre(1, 2, 3));
  }
}

TEST(LabelMisreads, ADoubted著Before名IsReadAs署) {
  // 申請者署名 野口美穂 on a fax, read 中請者著名 野口 with 著名 doubted: the page text says 署名.
  ocr::OcrPage page = Line({{U"中", 2}, {U"請", 51}, {U"者", 84}, {U"著名", 36}, {U"野口", 23}});
  std::u32string text;
  for (const auto& g : GlyphsOf(page)) text += g.text;
  EXPECT_EQ(text, U"中請者署名野口");
  // Read with confidence, 著名 is the word; and only before 名.
  page.words[3].confidence = 90;
  text.clear();
  for (const auto& g : GlyphsOf(page)) text += g.text;
  EXPECT_EQ(text, U"中請者著名野口");
  ocr::OcrPage other = Line({{U"寺", 0}, {U"院", 90}, {U"寺", 0}, {U"名", 90}});
  text.clear();
  for (const auto& g : GlyphsOf(other)) text += g.text;
  EXPECT_EQ(text, U"寺院署名");
  // 寺 read with some confidence, 名 without: the pair is doubted.
  ocr::OcrPage second = Line({{U"申請", 19}, {U"者", 93}, {U"寺", 66}, {U"名", 0}, {U"野口", 79}});
  text.clear();
  for (const auto& g : GlyphsOf(second)) text += g.text;
  EXPECT_EQ(text, U"申請者署名野口");
  // Any kanji OCR doubted between 者 and 名 (雲 read at 0); read with confidence it stays.
  ocr::OcrPage third = Line({{U"申請", 87}, {U"者", 94}, {U"雲", 0}, {U"名", 82}, {U"岡本", 58}});
  text.clear();
  for (const auto& g : GlyphsOf(third)) text += g.text;
  EXPECT_EQ(text, U"申請者署名岡本");
  third.words[2].confidence = 90;
  text.clear();
  for (const auto& g : GlyphsOf(third)) text += g.text;
  EXPECT_EQ(text, U"申請者雲名岡本");
}

// One column of words read down from y = 400 at x = 800, each character 50 px tall.
ocr::OcrPage Column(const std::vector<std::pair<std::u32string, float>>& words) {
  ocr::OcrPage page = Page();
  page.lines.emplace_back();
  int y = 400;
  for (const auto& [t, conf] : words) {
    const int h = 50 * static_cast<int>(t.size());
    ocr::OcrWord w;
    w.text = t, w.box = {800, y, 850, y + h}, w.confidence = conf, w.vertical = true;
    for (std::size_t k = 0; k < t.size(); ++k)
      w.symbols.push_back({std::u32string(1, t[k]), {800, y + 50 * static_cast<int>(k), 850, y + 50 * static_cast<int>(k + 1)}});
    page.words.push_back(w);
    page.lines.back().words.push_back(static_cast<int>(page.words.size()) - 1);
    y += h;
  }
  return page;
}

TEST(MisreadNeighbours, AnAddressBlockNumberOcrMisreadDownAColumn) {
  // 新栄二丁目三十七ー三十 read down a column as 新栄二丁目三二亡|三十: the address found ends at 三二.
  const ocr::OcrPage page =
      Column({{U"新栄", 85}, {U"二丁目", 92}, {U"三", 93}, {U"二", 80}, {U"亡", 0}, {U"|", 53}, {U"三十", 93}, {U"中", 95}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 12u);
  // 新栄二丁目三二 → + 亡 | 三 十, not the next high-confidence kanji.
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kAddress, {0, 1, 2, 3, 4, 5, 6}, {&page}, FakeLabels()),
              ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  // An address that ends in a place name takes the block number after it (six glyphs at
  // most); nothing is taken before one.
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kAddress, {0, 1}, {&page}, FakeLabels()),
              ElementsAre(0, 1, 2, 3, 4, 5, 6, 7));
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kAddress, {9, 10}, {&page}, FakeLabels()), ElementsAre(9, 10));
}

TEST(MisreadNeighbours, KatakanaReadForBlockNumeralsDownAColumn) {
  // 本町二ー十一ー十五 read 本町ニーナー|十五: the address found ends at ナ (for 十).
  const ocr::OcrPage page = Column({{U"本", 97}, {U"町", 96}, {U"ニー", 96}, {U"ナー|", 63}, {U"十", 91}, {U"五", 65}, {U"様", 95}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 10u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kAddress, {0, 1, 2, 3, 4}, {&page}, FakeLabels()),
              ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8));
}

TEST(MisreadNeighbours, ABlockWordAfterTheNumberTheAddressEndedAt) {
  // 八幡町一丁目十八番一号 read 八幡町一 丁目十和番一 号 down a column: found up to 一.
  const ocr::OcrPage page = Column({{U"八幡町一", 90}, {U"丁目十和番一", 80}, {U"号", 93}, {U"・", 30}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 12u);
  std::vector<int> found(10);
  for (int k = 0; k < 10; ++k) found[k] = k;
  std::vector<int> with_go = found;
  with_go.push_back(10);
  EXPECT_EQ(WithMisreadNeighbours(glyphs, Category::kAddress, found, {&page}, FakeLabels()), with_go);
}

TEST(MisreadNeighbours, AGarbledLotNumberAfterARuralDistrict) {
  // 大字大原一ー二ー十九 read down a column as 大字大原[ニー十九 様: the address found ends at 原.
  const ocr::OcrPage page = Column({{U"大字", 90}, {U"大原", 88}, {U"[ニー十九", 70}, {U"様", 95}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 10u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kAddress, {0, 1, 2, 3}, {&page}, FakeLabels()),
              ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8));
  // Strokes alone, no numeral among them, are not a number.
  const ocr::OcrPage strokes = Column({{U"大字", 90}, {U"大原", 88}, {U"[|", 70}, {U"様", 95}});
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(strokes), Category::kAddress, {0, 1, 2, 3}, {&strokes}, FakeLabels()),
              ElementsAre(0, 1, 2, 3));
}

TEST(MisreadNeighbours, AWideDoubtedBracketAfterABracketedName) {
  // 〇会長（三浦 蓮） read 〇 会 長 (三浦 ) with the ) at 0 and 59 px wide over 蓮 and the bracket.
  ocr::OcrPage page = Line({{U"会長", 93}, {U"(三浦", 91}, {U")", 0}, {U"それ", 97}});
  page.words[2] = Word(U")", {362, 1300, 421, 1345}, 0);
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 8u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kPerson, {3, 4}, {&page}, FakeLabels()), ElementsAre(3, 4, 5));
  // A bracket's own width, or read with confidence: the bracket.
  page.words[2] = Word(U")", {362, 1300, 372, 1345}, 0);
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(page), Category::kPerson, {3, 4}, {&page}, FakeLabels()), ElementsAre(3, 4));
  page.words[2] = Word(U")", {362, 1300, 421, 1345}, 90);
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(page), Category::kPerson, {3, 4}, {&page}, FakeLabels()), ElementsAre(3, 4));
}

TEST(MisreadNeighbours, AKanjiBetweenTwoNumeralsOfABlockNumber) {
  // …北沢四ー三十四ー二十八 read down a column as 北沢四|三十四|二十和八: the address found
  // ends at 十; 和 (81) and 八 are the number's.
  const ocr::OcrPage page = Column({{U"北沢", 91}, {U"二十", 90}, {U"和", 81}, {U"八", 84}, {U"様", 95}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 7u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kAddress, {0, 1, 2, 3}, {&page}, FakeLabels()),
              ElementsAre(0, 1, 2, 3, 4, 5));
  // Not at a number's end: a kanji after it with no numeral following stays.
  const ocr::OcrPage end = Column({{U"北沢", 91}, {U"二十", 90}, {U"和", 81}, {U"様", 95}});
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(end), Category::kAddress, {0, 1, 2, 3}, {&end}, FakeLabels()),
              ElementsAre(0, 1, 2, 3));
}

TEST(FilledCells, APostalCodeTakesTheAddressOcrCouldNotReadInItsCell) {
  // 住所 | 〒537-3475 / 京都市上京区… by hand, read as 衣都上衣区映師遂 with next to no confidence.
  ocr::OcrPage p = Page();
  p.cells = {{{200, 850, 520, 1020}, {}}, {{520, 850, 2250, 1020}, {}}};
  p.words = {Word(U"〒", {560, 870, 600, 900}, 82), Word(U"537-3475", {610, 870, 800, 900}, 72),
             Word(U"衣都", {560, 940, 680, 990}, 8), Word(U"上衣区", {690, 940, 860, 990}, 20),
             Word(U"映師遂", {870, 940, 1040, 990}, 0), Word(U"長町", {1050, 940, 1150, 990}, 62)};
  const auto glyphs = GlyphsOf(p);
  ASSERT_EQ(glyphs.size(), 19u);
  const std::vector<int> code = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(FilledCells(glyphs, Category::kPostalCode, code, {&p}).size(), 1u);
  // Without the 〒, or with the rest read with confidence, the code is not the cell's.
  EXPECT_THAT(FilledCells(glyphs, Category::kPhone, code, {&p}), IsEmpty());
  for (std::size_t k = 2; k < p.words.size(); ++k) p.words[k].confidence = 90;
  EXPECT_THAT(FilledCells(GlyphsOf(p), Category::kPostalCode, code, {&p}), IsEmpty());
  // Read with some confidence but with a block number (神奈川上相模原市証区緑町20番12呈): the
  // address is the cell's rest, whatever OCR made of its place names.
  p.words.back() = Word(U"20番12", {1050, 940, 1250, 990}, 90);
  EXPECT_EQ(FilledCells(GlyphsOf(p), Category::kPostalCode, code, {&p}).size(), 1u);
}

TEST(MisreadNeighbours, AnAreaCodeBeforeANumberWithItsOneReadAsABracket) {
  // A fax header's FROM: 080-1624-9898 read 080-] 624-9898: the finding is 624-9898.
  ocr::OcrPage page = Line({{U"FROM:", 90}, {U"080-]", 56}, {U"624-9898", 92}, {U"TO:", 93}});
  const auto glyphs = GlyphsOf(page);
  ASSERT_EQ(glyphs.size(), 21u);
  EXPECT_THAT(WithMisreadNeighbours(glyphs, Category::kPhone, {10, 11, 12, 13, 14, 15, 16, 17}, {&page}, FakeLabels()),
              ElementsAre(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));
}

TEST(MisreadNeighbours, DigitsAndDashesAroundANumber) {
  ocr::OcrPage page = Line({{U"電話", 90}, {U"O6-", 30}, {U"7668-0378", 90}, {U"l", 20}, {U"様", 90}});
  EXPECT_THAT(WithMisreadNeighbours(GlyphsOf(page), Category::kPhone, {5, 6, 7, 8, 9, 10, 11, 12, 13}, {&page}, FakeLabels()),
              ElementsAre(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
}

TEST(UnreadableRuns, AfterAKinNounHandwritingOcrCannotReadIsBurntAsAName) {
  // 母 本間 舞 の申請書を送ります。 with the name read as 太韻活 (and の misread too).
  ocr::OcrPage p = Line({{U"母", 84}, {U"太", 48}, {U"韻", 11}, {U"活", 0}, {U"の", 9},
                         {U"申請", 90}, {U"書", 90}, {U"を", 97}, {U"送り", 97}, {U"ます", 93}});
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(240 - pad, 1300 - pad, 400 + pad, 1345 + pad)));
  // Burnt as a person's name, like a labelled value.
  FakeLabels labels;
  EXPECT_THAT(LabelValueRegions(p, labels),
              ElementsAre(Pair(Category::kPerson, FieldsAre(240 - pad, 1300 - pad, 400 + pad, 1345 + pad))));
  // Without the kin noun nothing says a name is there: handwriting OCR reads poorly is not
  // burnt for that alone (a document's title written by hand).
  p.words[0].text = U"ミ";
  EXPECT_THAT(UnreadableRuns(p), IsEmpty());
}

TEST(UnreadableRuns, ASurnameAndGivenNameWrittenApartAreANameWithoutAKinNoun) {
  // 母岩崎 恵子の申請書を送ります。 by hand on a fax, read 知(0) 崎(76) 官(0) の(0): the kin
  // noun is lost in 知, but a gap of nearly an em between 崎 and 官 parts surname and given name.
  ocr::OcrPage p = Line({{U"知", 0}, {U"崎", 76}, {U"官", 0}, {U"の", 0}, {U"申請", 87}, {U"書", 65},
                         {U"を", 97}, {U"送り", 93}, {U"ます", 93}});
  for (std::size_t k = 2; k < p.words.size(); ++k) p.words[k].box.x0 += 36, p.words[k].box.x1 += 36;
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(200 - pad, 1300 - pad, 396 + pad, 1345 + pad)));
  // Written close, the same doubt is just handwriting OCR reads poorly.
  for (std::size_t k = 2; k < p.words.size(); ++k) p.words[k].box.x0 -= 36, p.words[k].box.x1 -= 36;
  EXPECT_THAT(UnreadableRuns(p), IsEmpty());
  // Apart, but only two letters doubted (算送 of 郵送): no name.
  ocr::OcrPage two = Line({{U"原本", 94}, {U"は", 96}, {U"後日", 63}, {U"算", 0}, {U"送", 42},
                           {U"し", 89}, {U"ます", 93}});
  two.words[4].box.x0 += 30, two.words[4].box.x1 += 30;
  EXPECT_THAT(UnreadableRuns(two), IsEmpty());
  // A printed line read with doubt, kana read with confidence, then a stroke read as ーー
  // far off (東雲市長 あて … 令和): no name.
  ocr::OcrPage printed = Line({{U"東和", 54}, {U"市長", 45}, {U"あて", 92}, {U"ーー", 29}, {U"令", 90},
                               {U"和", 93}, {U"年", 82}, {U"月", 80}, {U"日", 85}});
  printed.words[3].box.x0 += 40, printed.words[3].box.x1 += 40;
  EXPECT_THAT(UnreadableRuns(printed), IsEmpty());
  // Printed options on a fax read in words of two with doubt, checkboxes read as 口: no name.
  ocr::OcrPage options = Line({{U"実施", 90}, {U"方", 92}, {U"法", 30}, {U"尺", 10}, {U"閲覧", 40},
                               {U"口", 20}, {U"写", 90}, {U"し", 93}, {U"の", 95}, {U"交付", 85}});
  options.words[4].box.x0 += 40, options.words[4].box.x1 += 40;
  options.words[5].box.x0 += 40, options.words[5].box.x1 += 40;
  EXPECT_THAT(UnreadableRuns(options), IsEmpty());
}

TEST(UnreadableRuns, RightAfterAKinNounLessDoubtWillDo) {
  // 母 増田和也 の申請書 read 母 増 四季 の: 増 at 45, 四季 at 53.
  ocr::OcrPage p = Line({{U"母", 92}, {U"増", 45}, {U"四季", 53}, {U"の", 85}, {U"申請", 55},
                         {U"書", 59}, {U"を", 96}, {U"送り", 96}, {U"ます", 93}});
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(240 - pad, 1300 - pad, 360 + pad, 1345 + pad)));
  // Elsewhere on the line the same doubt is no run: 申請書 at 55 and 59 stays.
  p.words[0].text = U"ミ";
  EXPECT_THAT(UnreadableRuns(p), IsEmpty());
}

TEST(UnreadableRuns, AMisreadKanjiNextToTheRunGoesWithIt) {
  // 母 酒井 智也 の申請書: 酒 read with some doubt, 井智也 as 装千や.
  ocr::OcrPage p = Line({{U"母", 76}, {U"酒", 82}, {U"装", 49}, {U"千", 0}, {U"や", 0}, {U"の", 97},
                         {U"申請", 92}, {U"を", 87}, {U"送り", 97}, {U"ます", 93}});
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(240 - pad, 1300 - pad, 400 + pad, 1345 + pad)));
}

TEST(UnreadableRuns, ADoubtedKinNounLatinMisreadsAndAKanaGivenName) {
  // 母 竹内はるか の申請書: 母 read at 0, 竹内はるかの as 竹 AN は る の(0).
  ocr::OcrPage p = Line({{U"母", 0}, {U"竹", 83}, {U"AN", 0}, {U"は", 96}, {U"る", 93}, {U"の", 0},
                         {U"申請", 87}, {U"書", 80}, {U"を", 93}, {U"送り", 96}, {U"ます", 93}});
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(240 - pad, 1300 - pad, 480 + pad, 1345 + pad)));
  // Confident kana after the run, with no doubted word after them, stay.
  p.words[5].confidence = 95;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(240 - pad, 1300 - pad, 360 + pad, 1345 + pad)));
}

TEST(UnreadableRuns, ASpeakerWhoseSurnameOcrDoubted) {
  // 〇中島委員 私も同様の意見です。 read 〇中世委員 with 世 (and 委) at 0: 中世 is a word, and
  // no rule of the detector takes it for a name; the 〇 … 委員 around it says one is there.
  ocr::OcrPage p = Line({{U"〇", 92}, {U"中", 93}, {U"世", 0}, {U"委", 0}, {U"員", 69},
                         {U"私も同様の意見です。", 95}});
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(240 - pad, 1300 - pad, 320 + pad, 1345 + pad)));
  // After a speck read as a mark, too.
  ocr::OcrPage speck = Line({{U".", 10}, {U"〇", 92}, {U"中", 93}, {U"世", 0}, {U"委員", 80},
                             {U"私も同様の意見です。", 95}});
  EXPECT_THAT(UnreadableRuns(speck), ElementsAre(FieldsAre(280 - pad, 1300 - pad, 360 + pad, 1345 + pad)));
  // Read with confidence, the detector's own rule decides (〇専門委員 is a role).
  p.words[2].confidence = 90;
  EXPECT_THAT(UnreadableRuns(p), IsEmpty());
  // Not opening its line, or without a title, it says nothing.
  p.words[2].confidence = 0;
  p.words[0].text = U"は";
  EXPECT_THAT(UnreadableRuns(p), IsEmpty());
  ocr::OcrPage untitled = Line({{U"〇", 92}, {U"中", 93}, {U"世", 0}, {U"の", 90}, {U"文化について述べます。", 95}});
  EXPECT_THAT(UnreadableRuns(untitled), IsEmpty());
}

TEST(UnreadableRuns, BeforeAPersonalHonorific) {
  // 竹内 様 written by hand, read as 竹(40) 肉(20).
  ocr::OcrPage p = Line({{U"本日", 95}, {U"竹", 40}, {U"肉", 20}, {U"様", 92}, {U"より", 96}, {U"受領", 93}});
  const int pad = 300 / 60;
  EXPECT_THAT(UnreadableRuns(p), ElementsAre(FieldsAre(280 - pad, 1300 - pad, 360 + pad, 1345 + pad)));
}

TEST(UnreadableRuns, DoubtsWithoutANameContextNoiseAndMarksAreNot) {
  // Doubted characters with no kin noun before or honorific after: a misread, not a name.
  EXPECT_THAT(UnreadableRuns(Line({{U"東雲", 85}, {U"市", 89}, {U"福祉", 66}, {U"部", 93}, {U"介護", 97},
                                   {U"課", 90}, {U"仙", 15}, {U"中", 0}})),
              IsEmpty());
  // A line OCR reads nothing of with confidence is noise or a stamp.
  EXPECT_THAT(UnreadableRuns(Line({{U"母", 30}, {U"市", 20}, {U"胡", 10}, {U"様", 40}})), IsEmpty());
  // One doubted letter, or doubted marks, are not a name.
  EXPECT_THAT(UnreadableRuns(Line({{U"母", 95}, {U"員", 0}, {U")", 0}, {U"の", 92}, {U"申請", 95},
                                   {U"お願い", 95}})),
              IsEmpty());
}

}  // namespace
}  // namespace redact::pipeline
