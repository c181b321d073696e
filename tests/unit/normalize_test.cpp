// Normalization: every rule, and that each normalized character maps back to the source.
#include "text/normalize.hpp"

#include <gtest/gtest.h>

#include "text/utf8.hpp"

namespace redact::text {
namespace {

std::string N(std::string_view s) { return Normalize(DecodeUtf8(s)).utf8; }

// The source substring behind normalized [b, e).
std::string Back(std::string_view src, const NormalizedText& t, uint32_t b, uint32_t e) {
  auto cps = DecodeUtf8(src);
  auto [sb, se] = t.ToSource(b, e);
  return EncodeUtf8(std::u32string_view(cps).substr(sb, se - sb));
}

TEST(Normalize, FullWidthDigitsAndLettersBecomeAscii) {
  EXPECT_EQ(N("０３－１２３４－５６７８"), "03-1234-5678");
  EXPECT_EQ(N("ＡＢ１２３４５６７"), "AB1234567");
  EXPECT_EQ(N("個人番号："), "個人番号:");
}

TEST(Normalize, HalfWidthKatakanaComposesAndMapsToBothSourceCharacters) {
  auto t = Normalize(DecodeUtf8("ｶﾞｽ"));
  EXPECT_EQ(t.utf8, "ガス");
  EXPECT_EQ(Back("ｶﾞｽ", t, 0, 1), "ｶﾞ");
  EXPECT_EQ(Back("ｶﾞｽ", t, 1, 2), "ｽ");
}

TEST(Normalize, EveryDashVariantBecomesHyphen) {
  for (const char* dash : {"-", "−", "‐", "‑", "‒", "–", "—", "―", "ー", "ｰ", "－", "﹣", "⁃", "─",
                           "━", "⎯", "⏤", "﹘", "一"}) {
    SCOPED_TRACE(dash);
    EXPECT_EQ(N(std::string("03") + dash + "1234" + dash + "5678"), "03-1234-5678");
  }
}

TEST(Normalize, LongVowelAndKanjiOneStayOutsideDigits) {
  EXPECT_EQ(N("スーパー"), "スーパー");
  EXPECT_EQ(N("一郎"), "一郎");
  EXPECT_EQ(N("ジョン・スミス"), "ジョン・スミス");
}

TEST(Normalize, DashRunsBetweenDigitsCollapse) {
  auto t = Normalize(DecodeUtf8("03--1234"));
  EXPECT_EQ(t.utf8, "03-1234");
  EXPECT_EQ(Back("03--1234", t, 2, 3), "--");
}

TEST(Normalize, KanjiNumeralsBeforeCountersBecomeDigits) {
  EXPECT_EQ(N("三丁目十二番地"), "3丁目12番地");
  EXPECT_EQ(N("二丁目五番一号"), "2丁目5番1号");
  EXPECT_EQ(N("昭和五十五年四月一日"), "昭和55年4月1日");
  EXPECT_EQ(N("一九八〇年"), "1980年");
  EXPECT_EQ(N("千九百八十年"), "1980年");
  EXPECT_EQ(N("四月二十日"), "4月20日");
  // The last block number of an address, with nothing after it.
  EXPECT_EQ(N("千百八十八番地の十一"), "1188番地の11");
  EXPECT_EQ(N("二丁目五番一"), "2丁目5番1");
  EXPECT_EQ(N("新栄二丁目三十七ー三十"), "新栄2丁目37-30");
  EXPECT_EQ(N("五丁目三十九二"), "5丁目392");  // the dash lost by OCR: still the address's
  EXPECT_EQ(N("若葉七|二十七|十六"), "若葉7-27-16");  // down a column, ー read as a bar
  // A lot number right after a town, as a vertical letter writes it.
  EXPECT_EQ(N("下京区福長町六百三十五"), "下京区福長町635");
  EXPECT_EQ(N("福長町六百三十五\n佐野"), "福長町635\n佐野");
  // Place names keep their numerals, also one after a town.
  EXPECT_EQ(N("十日町"), "十日町");
  EXPECT_EQ(N("本町二条"), "本町二条");
  EXPECT_EQ(N("字十日町"), "字十日町");
}

TEST(Normalize, ASpeckNextToADashBetweenDigitsIsPartOfIt) {
  // 清水町3-5-2 read 3-.5-2 (a speck under the line read as a full stop).
  EXPECT_EQ(N("清水町3-.5-2"), "清水町3-5-2");
  EXPECT_EQ(N("3.-5"), "3-5");
  EXPECT_EQ(N("090-,1234-5678"), "090-1234-5678");
  // Decimals, and marks not between digits, stay.
  EXPECT_EQ(N("1.5-2"), "1.5-2");
  EXPECT_EQ(N("A-.B"), "A-.B");
  EXPECT_EQ(N("3.-"), "3.-");
}

TEST(Normalize, KatakanaReadForTheNumeralsTwoAndEight) {
  // 二十二ー二十八 down a column, 二 read as the katakana ニ.
  EXPECT_EQ(N("城東五丁目二十ニー二十八"), "城東5丁目22-28");
  EXPECT_EQ(N("二十二ー二十ハ番地"), "22-28番地");
  // ナ for 十, across the dashes between block numbers (二ー十一ー十五 read ニーナー|十五).
  EXPECT_EQ(N("本町ニーナー十五番"), "本町2-10-15番");
  // Katakana words stay, also after a numeral, and so does a run that counts nothing.
  EXPECT_EQ(N("十ハイツ"), "十ハイツ");
  EXPECT_EQ(N("ニュース"), "ニュース");
  EXPECT_EQ(N("十ニ"), "十ニ");
  EXPECT_EQ(N("一ナノ"), "一ナノ");
}

TEST(Normalize, EraFirstYearBecomesOne) {
  EXPECT_EQ(N("平成元年"), "平成1年");
  EXPECT_EQ(N("元年"), "元年");
}

TEST(Normalize, PlaceNamesWithNumeralsAreLeftAlone) {
  EXPECT_EQ(N("十日町市"), "十日町市");
  EXPECT_EQ(N("四日市市"), "四日市市");
  EXPECT_EQ(N("三条"), "三条");
}

TEST(Normalize, KanjiNumeralMapsToWholeSourceNumeral) {
  std::string src = "昭和五十五年";
  auto t = Normalize(DecodeUtf8(src));
  ASSERT_EQ(t.utf8, "昭和55年");
  EXPECT_EQ(Back(src, t, 2, 4), "五十五");
  EXPECT_EQ(Back(src, t, 2, 3), "五十五");
}

TEST(Normalize, SpacesBetweenSingleDigitsAreDropped) {
  EXPECT_EQ(N("6 2 1 4 9 8 3 2 0 2 5 7"), "621498320257");
  EXPECT_EQ(N("６　２　１　４"), "6214");
  EXPECT_EQ(N("2023-04-01 03-1234-5678"), "2023-04-01 03-1234-5678");
}

TEST(Normalize, SpacesBetweenDigitGroupsStay) {
  EXPECT_EQ(N("6214 9832 0257"), "6214 9832 0257");
  EXPECT_EQ(N("03-1234-5678 090-1234-5678"), "03-1234-5678 090-1234-5678");
}

TEST(Normalize, TabsAndNewlinesSurvive) {
  EXPECT_EQ(N("氏名\t山田\n1\t2"), "氏名\t山田\n1\t2");
}

TEST(Normalize, OffsetMapCoversDroppedSpaces) {
  std::string src = "6 2 1 4";
  auto t = Normalize(DecodeUtf8(src));
  ASSERT_EQ(t.utf8, "6214");
  EXPECT_EQ(Back(src, t, 0, 4), src);
}

TEST(Normalize, ByteAndCodePointMapsAgree) {
  auto t = Normalize(DecodeUtf8("a山b"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.cp_to_byte[1], 1u);
  EXPECT_EQ(t.cp_to_byte[2], 4u);
  EXPECT_EQ(t.byte_to_cp[4], 2u);
  EXPECT_EQ(t.byte_to_cp[t.utf8.size()], 3u);
}

TEST(Utf8, InvalidBytesDecodeOneReplacementEach) {
  auto cps = DecodeUtf8(std::string("a\xff\xe3\x81", 4));
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[1], 0xFFFDu);
  EXPECT_EQ(cps[2], 0xFFFDu);
}

}  // namespace
}  // namespace redact::text

namespace redact::text {
namespace {
TEST(Normalize, VariantKanjiInNamesFoldToStandardForms) {
  std::string src = "山﨑と髙橋と𠮷田";
  auto t = Normalize(DecodeUtf8(src));
  EXPECT_EQ(t.utf8, "山崎と高橋と吉田");
  EXPECT_EQ(Back(src, t, 6, 7), "𠮷");
}
}  // namespace
}  // namespace redact::text

namespace redact::text {
namespace {
TEST(Normalize, NeighbouringNumbersStayApart) {
  EXPECT_EQ(N("申請日 2023.4.1 621498320257"), "申請日 2023.4.1 621498320257");
  EXPECT_EQ(N("第1 621498320257"), "第1 621498320257");
}
}  // namespace
}  // namespace redact::text

namespace redact::text {
namespace {
TEST(Normalize, LetterSpacedLabelsBecomeWords) {
  EXPECT_EQ(N("生 年 月 日\t昭和39年"), "生年月日\t昭和39年");
  EXPECT_EQ(N("氏　名\t山下　美穂"), "氏名\t山下 美穂");
  EXPECT_EQ(N("山田 太郎"), "山田 太郎");
}
}  // namespace
}  // namespace redact::text

namespace redact::text {
namespace {
TEST(Normalize, OcrReadingsOfTheDayCharacterInDates) {
  EXPECT_EQ(N("1975年8月26晶"), "1975年8月26日");
  EXPECT_EQ(N("平成21年 2月9B生"), "平成21年 2月9日生");
  EXPECT_EQ(N("8月26B5"), "8月26B5");
  EXPECT_EQ(N("BH"), "BH");
}
}  // namespace
}  // namespace redact::text
