// Laying a line's OCR text over its ink projection: made-up profiles (ink per column) stand
// for a form row whose label OCR misread, and for a line with specks between two words.
#include "ocr/align.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redact::ocr {
namespace {

// Appends `count` glyphs of `width` columns of ink (10 px each), `gap` blank columns after each.
void AddGlyphs(std::vector<int>* profile, int count, int width, int gap) {
  for (int i = 0; i < count; ++i) {
    profile->insert(profile->end(), width, 10);
    profile->insert(profile->end(), gap, 0);
  }
}

int Characters(const std::vector<LineWord>& words) {
  int n = 0;
  for (const LineWord& w : words) n += static_cast<int>(w.text.size());
  return n;
}

// A row of a fax form: the label 電話番号 (four kanji, 40 px) in its cell, the ruling line
// between the cells (removed: blank columns), a hand-written number of narrow digits in the
// value cell. OCR read the label as one character it doubted.
struct FormRow {
  std::vector<int> profile;
  int wall = 0;        // the ruling line between label and value cells
  int value_lo = 0;    // where the value's ink starts
  int value_hi = 0;    // and ends
};

FormRow PhoneRow() {
  FormRow row;
  AddGlyphs(&row.profile, 4, 40, 8);  // 電話番号: 0..192
  row.profile.insert(row.profile.end(), 60, 0);
  row.wall = 222;
  row.value_lo = static_cast<int>(row.profile.size());
  AddGlyphs(&row.profile, 13, 16, 4);  // 070-5775-4188
  row.value_hi = static_cast<int>(row.profile.size()) - 4;
  return row;
}

TEST(LayLine, CharactersStayInTheCellTheirWordWasReadIn) {
  const FormRow row = PhoneRow();
  const std::vector<LineWord> words = {{U"還", 0, 0, 190}, {U"070-5775-9188", 46, row.value_lo - 5, row.value_hi + 5}};
  const std::vector<Span> spans = LayLineOverInk(row.profile, words, {row.wall}, 45, false);
  ASSERT_EQ(spans.size(), 14u);
  // The one label character owns the label's ink; the number's first digit starts on the
  // value's first ink and its last ends on the value's last.
  EXPECT_EQ(spans[0].lo, 0);
  EXPECT_EQ(spans[0].hi, 184);
  EXPECT_LT(spans[0].hi, row.wall);
  EXPECT_EQ(spans[1].lo, row.value_lo);
  EXPECT_EQ(spans.back().hi, row.value_hi);
  for (size_t k = 2; k < spans.size(); ++k) EXPECT_GE(spans[k].lo, spans[k - 1].lo) << k;
}

TEST(LayLine, InkInACellWithoutWordsIsNobodys) {
  // OCR's line of the label 住所 ran on over the top of the address in the next cell: the
  // label's characters stay on the label's ink.
  std::vector<int> profile;
  AddGlyphs(&profile, 1, 40, 60);  // 住
  AddGlyphs(&profile, 1, 40, 60);  // 所: ends at 140
  const int wall = 190;
  profile.insert(profile.end(), 100, 0);
  AddGlyphs(&profile, 12, 50, 6);  // the address's upper strokes
  const std::vector<LineWord> words = {{U"住", 93, 0, 40}, {U"所", 97, 100, 140}};
  const std::vector<Span> spans = LayLineOverInk(profile, words, {wall}, 45, false);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].lo, 0);
  EXPECT_LE(spans[0].hi, 60);
  EXPECT_GE(spans[1].lo, 60);
  EXPECT_EQ(spans[1].hi, 140);
}

TEST(LayLine, WithoutItsWallTheSameRowIsOneLine) {
  // No cell found (a form without ruling lines): the words are laid over the whole line, and
  // every character still gets a span inside it.
  const FormRow row = PhoneRow();
  const std::vector<LineWord> words = {{U"還", 0, 0, 190}, {U"070-5775-9188", 46, row.value_lo - 5, row.value_hi + 5}};
  const std::vector<Span> spans = LayLineOverInk(row.profile, words, {}, 45, false);
  ASSERT_EQ(spans.size(), 14u);
  for (const Span& s : spans) {
    EXPECT_GE(s.lo, 0);
    EXPECT_LE(s.hi, static_cast<int>(row.profile.size()));
    EXPECT_LT(s.lo, s.hi);
  }
}

TEST(LayLine, SpecksInAWideSpaceBetweenWordsAreNobodys) {
  // 070-5775-4188, a wide space with two fax specks, then a printed note of eleven glyphs that
  // OCR read as seven characters.
  std::vector<int> profile;
  AddGlyphs(&profile, 13, 16, 4);
  const int value_hi = static_cast<int>(profile.size()) - 4;
  profile.insert(profile.end(), 180, 0);
  AddGlyphs(&profile, 1, 12, 0);  // speck
  profile.insert(profile.end(), 160, 0);
  AddGlyphs(&profile, 1, 12, 0);  // speck
  profile.insert(profile.end(), 40, 0);
  const int note_lo = static_cast<int>(profile.size());
  AddGlyphs(&profile, 11, 40, 10);
  const std::vector<LineWord> words = {{U"070-5775-9188", 46, 0, value_hi + 6},
                                       {U"Cd旨条のっくめ", 10, note_lo + 4, static_cast<int>(profile.size())}};
  const std::vector<Span> spans = LayLineOverInk(profile, words, {}, 45, false);
  ASSERT_EQ(spans.size(), static_cast<size_t>(Characters(words)));
  // The number's last digit ends on the number's ink, not on a speck.
  EXPECT_EQ(spans[12].hi, value_hi);
  EXPECT_GE(spans[13].lo, note_lo - 60);
}

TEST(LayLine, ASpeckBeyondTheLastWordIsNobodys) {
  // 〒974-1664 as a scanner's work image has it (〒, digits of 22 px, a dash of 9 touching
  // nothing), and a speck 30 px past the word's own box that the line's box took in.
  std::vector<int> profile;
  AddGlyphs(&profile, 1, 32, 8);  // 〒
  AddGlyphs(&profile, 3, 22, 6);  // 974
  AddGlyphs(&profile, 1, 9, 8);   // -
  AddGlyphs(&profile, 4, 22, 4);  // 1664
  const int word_hi = static_cast<int>(profile.size()) - 4;
  profile.resize(word_hi + 30, 0);
  AddGlyphs(&profile, 1, 7, 0);  // speck
  const std::vector<LineWord> words = {{U"〒974-1664", 69, 0, word_hi}};
  const std::vector<Span> spans = LayLineOverInk(profile, words, {}, 52, false);
  ASSERT_EQ(spans.size(), 9u);
  EXPECT_EQ(spans[8].hi, word_hi);        // the last 4 on the last digit's ink
  EXPECT_EQ(spans[4].lo, 40 + 3 * 28);    // the dash on the dash
  // Ink as wide as a kanji out there is a character the word's box missed: laid over.
  std::vector<int> wide = profile;
  wide.resize(word_hi + 30, 0);
  AddGlyphs(&wide, 1, 40, 0);
  EXPECT_EQ(LayLineOverInk(wide, words, {}, 52, false).back().hi, static_cast<int>(wide.size()));
}

TEST(LayLine, SpecksOcrTookIntoTheLastWordsOwnBoxAreNobodys) {
  // 〒 118-0159 on a 200 dpi fax with two specks 280 and 580 px on, which OCR took into the
  // number's own box: the 5 and the 9 were laid on them and the code read 118-01 5 9.
  std::vector<int> profile;
  AddGlyphs(&profile, 1, 24, 14);  // 〒
  AddGlyphs(&profile, 8, 20, 4);   // 118-0159 (the dash as wide: it does not matter here)
  const int digits_hi = static_cast<int>(profile.size()) - 4;
  profile.resize(digits_hi + 280, 0);
  profile.insert(profile.end(), 4, 3);  // speck
  profile.insert(profile.end(), 300, 0);
  profile.insert(profile.end(), 5, 3);  // speck
  const std::vector<LineWord> words = {{U"〒", 92, 0, 24}, {U"118-0159", 76, 38, static_cast<int>(profile.size())}};
  const std::vector<Span> spans = LayLineOverInk(profile, words, {}, 40, false);
  ASSERT_EQ(spans.size(), 9u);
  EXPECT_EQ(spans[8].hi, digits_hi);  // the 9 on the last digit's ink
  // A narrow digit as far off, with a digit's mass, is laid over: only specks are nobody's.
  std::vector<int> one = profile;
  one.resize(digits_hi + 280, 0);
  one.insert(one.end(), 4, 25);
  std::vector<LineWord> words_one = words;
  words_one[1].hi = static_cast<int>(one.size());
  EXPECT_EQ(LayLineOverInk(one, words_one, {}, 40, false).back().hi, static_cast<int>(one.size()));
}

TEST(LineThickness, RulingLineRemnantsAcrossACellRowAreNotText) {
  // 被保険者番号 then a row of one-digit boxes: the boxes' top and bottom edges, two rows
  // each, stand apart from 120 rows of text by blank rows (a few pixels of their sides).
  std::vector<int> rows = {8, 206, 0, 0, 0, 0, 0, 0, 0, 0, 244, 3, 2, 2, 2, 2, 2, 2, 2};
  rows.insert(rows.end(), 120, 400);
  rows.insert(rows.end(), {2, 2, 2, 2, 3, 2, 2, 2, 173, 0, 0, 0, 0, 0, 0, 0, 0, 125, 8});
  EXPECT_EQ(LineThickness(rows, true), 120);
  // Outside a form the line is as thick as its ink.
  EXPECT_EQ(LineThickness(rows, false), static_cast<int>(rows.size()) - 2);  // from 206 to 125
  // Text that is thin bands itself (二 at a line's top) is not peeled when the band is not
  // apart from the rest.
  std::vector<int> two = {0, 300, 300, 300, 0, 0, 0, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300};
  EXPECT_EQ(LineThickness(two, true), 16);
}

TEST(LayLine, ADoubtedWordMuchWiderThanItsTextKeepsToItsBox) {
  // 申請者署名 木村 陽葵 before a signature line, no cells: OCR read the label's five kanji as
  // one の (confidence 0) and the name right. The name stays on the name's ink.
  std::vector<int> profile;
  AddGlyphs(&profile, 5, 40, 8);  // 申請者署名: 0..232
  profile.insert(profile.end(), 40, 0);
  const int name_lo = static_cast<int>(profile.size());
  AddGlyphs(&profile, 2, 50, 6);  // 木村
  profile.insert(profile.end(), 40, 0);
  AddGlyphs(&profile, 2, 50, 6);  // 陽葵
  const std::vector<LineWord> words = {{U"の", 0, 0, 232}, {U"木村", 57, name_lo - 3, name_lo + 108},
                                       {U"陽芝", 40, name_lo + 140, static_cast<int>(profile.size())}};
  const std::vector<Span> spans = LayLineOverInk(profile, words, {}, 45, false);
  ASSERT_EQ(spans.size(), 5u);
  EXPECT_EQ(spans[0].lo, 0);
  EXPECT_GE(spans[0].hi, 220);
  EXPECT_EQ(spans[1].lo, name_lo);
  // Read with confidence, a wide box is no sign of that.
  std::vector<LineWord> sure = words;
  sure[0].confidence = 90;
  EXPECT_EQ(LayLineOverInk(profile, sure, {}, 45, false).size(), 5u);
}

TEST(LayLine, AWordAcrossAWallLaysTheLineAsOne) {
  // OCR's own box of a word runs over the wall by more than 30%: which cell it belongs to is
  // not known, and the line is laid as a whole.
  const FormRow row = PhoneRow();
  const std::vector<LineWord> words = {{U"還070", 30, 0, row.value_lo + 70},
                                       {U"-5775-9188", 46, row.value_lo + 80, row.value_hi}};
  const std::vector<Span> spans = LayLineOverInk(row.profile, words, {row.wall}, 45, false);
  ASSERT_EQ(spans.size(), 14u);
  EXPECT_EQ(spans.front().lo, 0);
  EXPECT_GE(spans.back().hi, row.value_hi);
  EXPECT_LE(spans.back().hi, static_cast<int>(row.profile.size()));
}

TEST(LayLine, DownAColumnWallsAndWordBoxesAreNotUsed) {
  // jpn_vert's boxes are not good enough to split a column by: the same input laid down a
  // column ignores them (the label's one character takes no more than its share).
  const FormRow row = PhoneRow();
  const std::vector<LineWord> words = {{U"還", 0, 0, 190}, {U"070-5775-9188", 46, row.value_lo - 5, row.value_hi + 5}};
  const std::vector<Span> across_cells = LayLineOverInk(row.profile, words, {row.wall}, 45, true);
  const std::vector<Span> plain = LayLineOverInk(row.profile, words, {}, 45, true);
  ASSERT_EQ(across_cells.size(), plain.size());
  for (size_t k = 0; k < plain.size(); ++k) {
    EXPECT_EQ(across_cells[k].lo, plain[k].lo);
    EXPECT_EQ(across_cells[k].hi, plain[k].hi);
  }
}

TEST(LayLine, WordsPastTheLinesInkStillGetASpanEach) {
  // A word whose box lies beyond the ink (a part with no ink, or past the profile's end).
  std::vector<int> profile;
  AddGlyphs(&profile, 3, 40, 10);
  const std::vector<LineWord> words = {{U"氏名", 90, 0, 90}, {U"様", 20, 600, 640}};
  const std::vector<Span> spans = LayLineOverInk(profile, words, {140}, 45, false);
  ASSERT_EQ(spans.size(), 3u);
  for (const Span& s : spans) {
    EXPECT_GE(s.lo, 0);
    EXPECT_LE(s.hi, static_cast<int>(profile.size()));
    EXPECT_LT(s.lo, s.hi);
  }
}

}  // namespace
}  // namespace redact::ocr
