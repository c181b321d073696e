// Addresses: gazetteer + structure grammar.
#include <gmock/gmock.h>

#include "engine_fixture.hpp"

namespace redact::testing {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Address, PrefectureCityTownAndBlock) {
  EXPECT_THAT(FindOf("address", "住所は東京都千代田区霞が関1-2-3です"),
              ElementsAre("東京都千代田区霞が関1-2-3"));
}

TEST(Address, ChomeBanchiGoInKanjiNumerals) {
  EXPECT_THAT(FindOf("address", "大阪府大阪市北区梅田三丁目五番二号に所在"),
              ElementsAre("大阪府大阪市北区梅田三丁目五番二号"));
}

TEST(Address, DesignatedCityWardWithoutPrefecture) {
  EXPECT_THAT(FindOf("address", "横浜市中区港町1丁目1番地"), ElementsAre("横浜市中区港町1丁目1番地"));
}

TEST(Address, BuildingAndRoom) {
  EXPECT_THAT(FindOf("address", "埼玉県さいたま市浦和区高砂2-3-4 メゾン桜202号室 山田様"),
              ElementsAre("埼玉県さいたま市浦和区高砂2-3-4 メゾン桜202号室"));
}

// OCR of a vertical column reads a stray mark between prefecture and city (石川県へ小松市): the
// address is taken whole. Without block numbers the same shape is prose and stays unmatched
// (not even the weak prefecture+city candidate).
TEST(Address, OneStrayCharacterBetweenPrefectureAndCity) {
  EXPECT_THAT(FindOf("address", "石川県へ小松市栄町九丁目八番十七号"),
              ElementsAre("石川県へ小松市栄町九丁目八番十七号"));
  EXPECT_THAT(FindOf("address", "東京都/横浜市中区山下町1-2-3"), ElementsAre("東京都/横浜市中区山下町1-2-3"));
  EXPECT_THAT(FindOf("address", "東京都へ横浜市から転居した"), IsEmpty());
}

TEST(Address, UnknownMunicipalityBeforeAKnownTownAndBlock) {
  // 小樽市 misread as 小梅市: the town and its numbers still make it an address, with the city.
  EXPECT_THAT(FindOf("address", "〒407-3671\n小梅市大手町8-23-3\n青木 奈々 様"), ElementsAre("小梅市大手町8-23-3"));
  // Not a word ending in 市/町 inside a longer one, and not without the numbers.
  EXPECT_THAT(FindOf("address", "東雲市役所大手町8-23-3"), IsEmpty());
  EXPECT_THAT(FindOf("address", "小梅市大手町で会議"), IsEmpty());
  // A known municipality after an unknown district or a prefecture OCR cut short.
  EXPECT_THAT(FindOf("address", "時田郡倶知安町大字西野30番地"), ElementsAre("時田郡倶知安町大字西野30番地"));
  EXPECT_THAT(FindOf("address", "東雲市長\n岡県静岡市清水区縁町六丁目二十五五\n"),
              ElementsAre("岡県静岡市清水区縁町六丁目二十五五"));
  EXPECT_THAT(FindOf("address", "静岡県の静岡市では"), IsEmpty());
  // A word that starts with a suffix character is no place after one: 東寺市|市民部市民課.
  EXPECT_THAT(FindOf("address", "東寺市市民部市民課 電話0463-21-1123"), IsEmpty());
}

TEST(Address, NameAfterAddressIsNotABuilding) {
  EXPECT_THAT(FindOf("address", "千葉県千葉市中央区中央1-2-3 佐藤太郎様"),
              ElementsAre("千葉県千葉市中央区中央1-2-3"));
}

TEST(Address, HyphenVariantsAndFullWidth) {
  EXPECT_THAT(FindOf("address", "札幌市中央区北一条西２－１－３"),
              ElementsAre("札幌市中央区北一条西２－１－３"));
}

TEST(Address, BlockNumberDashesOcrReadAsDots) {
  EXPECT_THAT(FindOf("address", "佐賀県唐津市平和町9.34.26 コーポオーク10F"),
              ElementsAre("佐賀県唐津市平和町9.34.26 コーポオーク10F"));
  EXPECT_THAT(FindOf("address", "兵庫県芦屋市春日4.28-11"), ElementsAre("兵庫県芦屋市春日4.28-11"));
  // One dot is a decimal, not a block number.
  EXPECT_THAT(FindOf("address", "兵庫県芦屋市春日4.5"), ElementsAre("兵庫県芦屋市春日4"));
}

TEST(Address, RuralDistrictWithGarbledLotNumber) {
  // A vertical letter's 一ー二ー十九 read as [ニー十九: the address up to the district is found.
  EXPECT_THAT(FindOf("address", "栃木県宇都宮市大字大原[ニー十九"), ElementsAre("栃木県宇都宮市大字大原"));
  // Without 大字 a prefecture and city alone stay below the default threshold.
  EXPECT_THAT(FindOf("address", "栃木県宇都宮市大原[ニー十九"), IsEmpty());
}

TEST(Address, BlockNumberDigitsSplitBySpaces) {
  EXPECT_THAT(FindOf("address", "文京区朝日町2 27 0番地の17\n小川美咲 様"), ElementsAre("文京区朝日町2 27 0番地の17"));
  // A room number after a space is still the building's rule: a name after the number is not.
  EXPECT_THAT(FindOf("address", "横浜市中区山下町1-2-3 山田太郎様"), ElementsAre("横浜市中区山下町1-2-3"));
}

TEST(Address, BuildingNameSplitByASpace) {
  EXPECT_THAT(FindOf("address", "石川県小松市桜台2226番地の18ヴィラさく ら1F"),
              ElementsAre("石川県小松市桜台2226番地の18ヴィラさく ら1F"));
}

TEST(Address, DistrictTownWithGun) {
  EXPECT_THAT(FindOf("address", "神奈川県足柄上郡大井町金子1234番地"),
              ElementsAre("神奈川県足柄上郡大井町金子1234番地"));
}

TEST(Address, KyotoStreetStyle) {
  EXPECT_THAT(FindOf("address", "京都府京都市中京区河原町通三条上る恵比須町427番地"),
              ElementsAre("京都府京都市中京区河原町通三条上る恵比須町427番地"));
}

TEST(Address, CityMentionIsNotAnAddress) {
  EXPECT_THAT(FindOf("address", "横浜市では2023年度から制度を改めた"), IsEmpty());
  EXPECT_THAT(FindOf("address", "東京都の人口は増えている"), IsEmpty());
  // An office's footer: a department and its phone number are no 町域 and block numbers
  // (also with 東雲 misread as 東村, a village's name).
  EXPECT_THAT(FindOf("address", "川口市総務部情報公開課 電話 0463-21-1111"), IsEmpty());
  EXPECT_THAT(FindOf("address", "-東村市総務部情報公開課 電話 0463-21-1111"), IsEmpty());
  EXPECT_THAT(FindOf("address", "川口市総務部 0463-21-1111"), IsEmpty());
  EXPECT_THAT(FindOf("address", "川口市本町 1-2-3"), ElementsAre("川口市本町 1-2-3"));
}

}  // namespace
}  // namespace redact::testing

namespace redact::testing {
namespace {
TEST(Address, StopsAtTheNextFieldLabel) {
  auto hits = Find("住所 〒100-0001 東京都千代田区千代田1-1 TEL 03-1234-5678");
  EXPECT_THAT(hits, ::testing::ElementsAre(Hit{"postal_code", "100-0001"},
                                           Hit{"address", "東京都千代田区千代田1-1"},
                                           Hit{"phone", "03-1234-5678"}));
}
}  // namespace
}  // namespace redact::testing
