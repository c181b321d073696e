// Form labels: a value after a PII label is PII even when no other detector knows it.
#include <gmock/gmock.h>

#include "detect/lexicon.hpp"
#include "engine_fixture.hpp"

namespace redact::testing {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FormLabel, LongFieldLabelAsAFaxReadsIt) {
  // The dictionaries' own labels.tsv: 医療機関名 is a field that is not personal.
  static detect::Lexicon lex;
  static const bool loaded = detect::LoadLexicon(REDACT_TEST_DATADIR, &lex).ok();
  ASSERT_TRUE(loaded);
  EXPECT_EQ(detect::LongFieldLabelAsMisread(lex, U"医療機関名東雲市民病院"), 5u);
  EXPECT_EQ(detect::LongFieldLabelAsMisread(lex, U"話療機関名"), 5u);  // one misread
  EXPECT_EQ(detect::LongFieldLabelAsMisread(lex, U"医療名東要市民語院"), 5u);  // 機関 lost
  // Three lost, its last character missing, or a personal label: no.
  EXPECT_EQ(detect::LongFieldLabelAsMisread(lex, U"医名"), 0u);
  EXPECT_EQ(detect::LongFieldLabelAsMisread(lex, U"医療東雲"), 0u);
  EXPECT_EQ(detect::LongFieldLabelAsMisread(lex, U"被保険者氏名"), 0u);
}

TEST(FormLabel, ALabelOfFourOrMoreAsOcrReadsIt) {
  static detect::Lexicon lex;
  static const bool loaded = detect::LoadLexicon(REDACT_TEST_DATADIR, &lex).ok();
  ASSERT_TRUE(loaded);
  EXPECT_EQ(detect::LabelAsRead(lex, U"フリガナ").length, 4u);
  EXPECT_EQ(detect::LabelAsRead(lex, U"ラリガナ").length, 4u);  // フ read ラ on a fax
  EXPECT_EQ(detect::LabelAsRead(lex, U"生年月目").length, 4u);
  EXPECT_EQ(detect::LabelAsRead(lex, U"会議録緒名委員").length, 7u);  // 署 read 緒 (at 8)
  EXPECT_EQ(detect::LabelAsRead(lex, U"主治医の兵名").length, 6u);    // 氏 read 兵 on a fax
  // Two characters are too few to guess at, and two misread are another word.
  EXPECT_EQ(detect::LabelAsRead(lex, U"兵名").length, 0u);
  EXPECT_EQ(detect::LabelAsRead(lex, U"ラリカナ").length, 0u);
}

TEST(FormLabel, ValueInNextCell) {
  EXPECT_THAT(FindOf("person", "氏名\tあいうえ かきく"), ElementsAre("あいうえ かきく"));
}

TEST(FormLabel, ValueOnNextLineWhenLabelStandsAlone) {
  EXPECT_THAT(FindOf("address", "住所\n東京都あいう町9-9"), ElementsAre("東京都あいう町9-9"));
}

TEST(FormLabel, GarbledPhoneAfterLabelIsStillPhone) {
  // Too short for a phone number pattern, but the label says what it is.
  EXPECT_THAT(FindOf("phone", "電話番号：1234-5678（自宅）"), ElementsAre("1234-5678"));
}

TEST(FormLabel, SeveralLabelsOnOneLine) {
  auto hits = Find("氏名 村田 ゆう 生年月日 1980年4月1日 電話 080-1111-2222");
  EXPECT_THAT(hits, ElementsAre(Hit{"person", "村田 ゆう"}, Hit{"birth_date", "1980年4月1日"},
                                Hit{"phone", "080-1111-2222"}));
}

TEST(FormLabel, BrokenMyNumberUnderItsLabel) {
  // OCR broke the check digit; the label still makes it a My Number.
  EXPECT_THAT(FindOf("my_number", "個人番号\t6214 9832 0258"), ElementsAre("6214 9832 0258"));
}

TEST(FormLabel, LabelSpacedOutByOcr) {
  // A spaced-out label read with the space: still the label, and no name itself.
  EXPECT_THAT(Find("フリ ガナ\tモリタ スズ"), ElementsAre(Hit{"person", "モリタ スズ"}));
  EXPECT_THAT(FindOf("address", "住 所\n東京都あいう町9-9"), ElementsAre("東京都あいう町9-9"));
  // Two spaces in a row are no longer one label.
  EXPECT_THAT(FindOf("person", "氏  名"), IsEmpty());
}

TEST(FormLabel, RowOfLabelValuePairsIsNoHeader) {
  // 氏名 | value | 生年月日 | value, then the next row: its cells are not values of those labels.
  EXPECT_THAT(Find("氏 名\t金子拓也\t生年月日\t平成12年4月16日\n電話番号\t0467-28-0150\t本人との関係\t本人"),
              ElementsAre(Hit{"person", "金子拓也"}, Hit{"birth_date", "平成12年4月16日"},
                          Hit{"phone", "0467-28-0150"}));
}

TEST(FormLabel, ALabelInTheRowBelowIsNoColumnValue) {
  // 主治医の氏名 | name | 医療機関 … looks like a header (two labels of three cells); the row
  // below begins with the label 申請者(家族), which is no name of the column.
  EXPECT_THAT(Find("主治医の氏名\t山田美穂\t医療機関 東雲市民病院\n申請者(家族)\t木村 陽葵\tー"),
              ElementsAre(Hit{"person", "山田美穂"}, Hit{"person", "木村 陽葵"}));
}

TEST(FormLabel, HeaderRowHasNoValues) {
  EXPECT_THAT(Find("氏名\t住所\t電話番号\t生年月日"), IsEmpty());
}

TEST(FormLabel, ASentenceOnTheNextLineIsNoName) {
  // A searchable scan's text layer after its 野口美穂 was removed: the label now ends its line
  // and the next line is prose.
  EXPECT_THAT(FindOf("person", "申請者(家族)\n主治医意見書の作成に当たり、東雲市が主治医に対して意見を求めることに同意します。"),
              IsEmpty());
  // Nor is a title of many kanji.
  EXPECT_THAT(FindOf("person", "担当者\n介護保険 要介護認定・要支援認定申請書"), IsEmpty());
  // Names with hiragana still are.
  EXPECT_THAT(FindOf("person", "申請者\n山田 はるか"), ElementsAre("山田 はるか"));
  EXPECT_THAT(FindOf("person", "氏名\tさくら ゆう子"), ElementsAre("さくら ゆう子"));
}

TEST(FormLabel, LabelWordInProseIsNotALabel) {
  EXPECT_THAT(Find("電話でお問い合わせください。住所変更の届出は窓口へ。"), IsEmpty());
}

}  // namespace
}  // namespace redact::testing

namespace redact::testing {
namespace {
TEST(FormLabel, HonorificLeftAfterARemovedNameIsNotAName) {
  EXPECT_THAT(FindOf("person", "申請者 様"), ::testing::IsEmpty());
}
}  // namespace
}  // namespace redact::testing

namespace redact::testing {
namespace {
TEST(FormLabel, ColumnsUnderAHeaderRow) {
  auto hits = Find("児童の氏名\t生年月日\t続柄\t同居・別居\n谷口　碧\t平成25年11月18日\t長男\t同居\n"
                   "谷口　蓮\t平成28年2月3日\t次男\t同居");
  EXPECT_THAT(hits, ::testing::ElementsAre(Hit{"person", "谷口　碧"}, Hit{"birth_date", "平成25年11月18日"},
                                           Hit{"person", "谷口　蓮"}, Hit{"birth_date", "平成28年2月3日"}));
}
}  // namespace
}  // namespace redact::testing
