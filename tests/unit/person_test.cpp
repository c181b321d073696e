// Person names: MeCab tags plus context (honorifics, titles, labels, 私…は, katakana names,
// unknown given names, split names, later mentions).
#include <gmock/gmock.h>

#include "engine_fixture.hpp"

namespace redact::testing {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Contains;

TEST(Person, SurnameAndGivenNameInRunningText) {
  EXPECT_THAT(FindOf("person", "昨日、山田太郎が窓口に来た。"), ElementsAre("山田太郎"));
}

TEST(Person, HonorificIsNotPartOfTheName) {
  EXPECT_THAT(FindOf("person", "佐藤花子様からの請求"), ElementsAre("佐藤花子"));
  EXPECT_THAT(FindOf("person", "田中さんに連絡した"), ElementsAre("田中"));
}

TEST(Person, TitlesAfterASurname) {
  EXPECT_THAT(FindOf("person", "会議には高橋課長が出席した"), ElementsAre("高橋"));
  EXPECT_THAT(FindOf("person", "伊藤委員から質問があった"), ElementsAre("伊藤"));
}

TEST(Person, NameSplitByASpace) {
  EXPECT_THAT(FindOf("person", "申請者は山田 太郎です"), ElementsAre("山田 太郎"));
  EXPECT_THAT(FindOf("person", "鈴木　一郎様"), ElementsAre("鈴木　一郎"));
}

TEST(Person, UnknownModernGivenNameAfterSurname) {
  EXPECT_THAT(FindOf("person", "中村悠真様の件"), ElementsAre("中村悠真"));
}

TEST(Person, HiraganaGivenName) {
  EXPECT_THAT(FindOf("person", "小林さくらさんが来庁"), ElementsAre("小林さくら"));
}

TEST(Person, KatakanaNameWithMiddleDot) {
  EXPECT_THAT(FindOf("person", "ジョン・スミスが来日した"), ElementsAre("ジョン・スミス"));
}

TEST(Person, KatakanaNameWithHonorific) {
  EXPECT_THAT(FindOf("person", "スミスさんの申請"), ElementsAre("スミス"));
}

TEST(Person, SelfIntroduction) {
  EXPECT_THAT(FindOf("person", "私、渡辺健一は下記のとおり請求します"), ElementsAre("渡辺健一"));
}

TEST(Person, LabelValueIsAName) {
  EXPECT_THAT(FindOf("person", "氏名：山本 翔"), ElementsAre("山本 翔"));
  EXPECT_THAT(FindOf("person", "請求者\t加藤 美咲"), ElementsAre("加藤 美咲"));
}

TEST(Person, LaterMentionOfAFoundName) {
  EXPECT_THAT(FindOf("person", "申請者の吉田正樹様について。吉田は窓口で説明を受けた。"),
              ElementsAre("吉田正樹", "吉田"));
}

TEST(Person, CommonKatakanaWordsAreNotNames) {
  EXPECT_THAT(FindOf("person", "コンピュータ・システムを更新した"), IsEmpty());
  EXPECT_THAT(FindOf("person", "テレビとラジオで広報する"), IsEmpty());
}

TEST(Person, OfficeNamesAreNotPeople) {
  EXPECT_THAT(FindOf("person", "総務課と市民課が担当します"), IsEmpty());
  EXPECT_THAT(FindOf("person", "皆様のご協力をお願いします"), IsEmpty());
}

TEST(Person, InstructionAfterLabelIsNotAName) {
  EXPECT_THAT(FindOf("person", "氏名を記入してください"), IsEmpty());
  EXPECT_THAT(FindOf("person", "氏名\t住所\t電話番号"), IsEmpty());
}

}  // namespace
}  // namespace redact::testing
