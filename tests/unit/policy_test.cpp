// Policy: file format, thresholds, allow- and denylists.
#include <gmock/gmock.h>

#include "engine_fixture.hpp"

namespace redact::testing {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::HasSubstr;

TEST(Policy, DefaultRedactsEveryCategoryAtHalf) {
  Policy p = Policy::Default();
  for (int i = 0; i < kCategoryCount; ++i) {
    EXPECT_TRUE(p.rule(static_cast<Category>(i)).enabled);
    EXPECT_DOUBLE_EQ(p.rule(static_cast<Category>(i)).min_score, 0.5);
  }
}

TEST(Policy, CategoryNamesRoundTrip) {
  for (int i = 0; i < kCategoryCount; ++i) {
    auto c = static_cast<Category>(i);
    EXPECT_EQ(CategoryFromName(CategoryName(c)), c);
  }
  EXPECT_EQ(CategoryFromName("people"), std::nullopt);
}

TEST(Policy, ParsesCategoriesAllowAndDeny) {
  auto p = Policy::FromJson(R"({
    "categories": {"corporate_number": false, "person": {"min_score": 0.7}},
    "allow": {"exact": ["横浜市中区港町1-1"], "patterns": ["045-671-\\d{4}"]},
    "deny": ["山田太郎", {"text": "ヤマダ", "category": "person"}]
  })");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_FALSE(p->rule(Category::kCorporateNumber).enabled);
  EXPECT_DOUBLE_EQ(p->rule(Category::kPerson).min_score, 0.7);
  EXPECT_EQ(p->allow_exact.size(), 1u);
  EXPECT_EQ(p->deny.size(), 2u);
}

TEST(Policy, RejectsUnknownKeysAndCategories) {
  EXPECT_THAT(Policy::FromJson(R"({"categorys": {}})").status().message(), HasSubstr("unknown key"));
  EXPECT_THAT(Policy::FromJson(R"({"categories": {"people": true}})").status().message(),
              HasSubstr("unknown category"));
  EXPECT_THAT(Policy::FromJson(R"({"allow": {"patterns": ["("]}})").status().message(),
              HasSubstr("does not compile"));
  EXPECT_FALSE(Policy::FromJson("not json").ok());
}

TEST(Policy, DisabledCategoryIsNotReported) {
  Policy p;
  p.rule(Category::kPhone).enabled = false;
  EXPECT_THAT(FindOf("phone", "電話 03-1234-5678", p), IsEmpty());
}

TEST(Policy, AllowlistKeepsTheOfficesOwnNumber) {
  Policy p;
  p.allow_exact.push_back("０４５－６７１－２１２１");
  auto hits = Find("問い合わせ先 045-671-2121、申請者 電話 090-1234-5678", p);
  EXPECT_THAT(hits, ElementsAre(Hit{"phone", "090-1234-5678"}));
}

TEST(Policy, LongAllowEntryToleratesOneOcrMisread) {
  Policy p;
  p.allow_exact.push_back("東雲市総務部情報公開課");
  p.allow_exact.push_back("東雲市中央一丁目1番1号");
  // OCR read 雲 as 宏: 東宏 looks like a name, but the line is the office's letterhead.
  EXPECT_THAT(FindOf("person", "東宏市総務部情報公開課 電話", p), IsEmpty());
  // Never a numeral: the house next to the office is not the office.
  EXPECT_THAT(FindOf("address", "住所 東雲市中央一丁目1番2号", p), ElementsAre("東雲市中央一丁目1番2号"));
  EXPECT_THAT(FindOf("address", "住所 東雲市中央二丁目1番1号", p), ElementsAre("東雲市中央二丁目1番1号"));
}

TEST(Policy, AllowPatternKeepsMatches) {
  Policy p;
  p.allow_patterns.push_back(R"(045-671-\d{4})");
  EXPECT_THAT(FindOf("phone", "電話 045-671-2121", p), IsEmpty());
}

TEST(Policy, DenylistFindsTheRequesterEvenWithASpace) {
  Policy p;
  p.deny.push_back({"ほげ太郎", Category::kPerson});
  EXPECT_THAT(FindOf("person", "本件はほげ 太郎から", p), ElementsAre("ほげ 太郎"));
}

TEST(Merge, NumberFoundOnceIsFoundWhereItRecurs) {
  // The fax header's phone, read well, marks the hand-written one OCR read with a digit too
  // many; the whole run is taken, not the digits that match.
  auto hits = Find("FROM 070-2479-6455\n連絡は070-2479-64559まで（平日夕方）");
  EXPECT_THAT(hits, ElementsAre(Hit{"phone", "070-2479-6455"}, Hit{"phone", "070-2479-64559"}));
  // The extra digit may be anywhere (0467-22-81390 for 0467-22-8190).
  EXPECT_THAT(FindOf("phone", "FROM: 0467-22-8190\n連絡は0467-22-81390まで"),
              ElementsAre("0467-22-8190", "0467-22-81390"));
  // As many digits with one misread: a fax header's 089-2030-9799 for 080-2030-9799.
  EXPECT_THAT(FindOf("phone", "FROM: 089-2030-9799 P.001\n連絡先 080-2030-9799"),
              ElementsAre("089-2030-9799", "080-2030-9799"));
  EXPECT_THAT(FindOf("phone", "FROM: 089-2030-9711\n連絡先 080-2030-9799"), ElementsAre("080-2030-9799"));
  // More than two digits too many is another number, and short numbers do not spread.
  EXPECT_THAT(FindOf("phone", "FROM 070-2479-6455\n番号 070247964551234"), ElementsAre("070-2479-6455"));
  EXPECT_THAT(FindOf("postal_code", "〒123-4567\n伝票 1234567890"), ElementsAre("123-4567"));
}

TEST(Merge, AllowlistedNumberDoesNotSpread) {
  Policy p;
  p.allow_exact.push_back("045-671-2121");
  EXPECT_THAT(FindOf("phone", "問い合わせ先 045-671-2121\n連絡は045-671-21219まで", p), IsEmpty());
}

TEST(Policy, BadPatternMakesDetectFailNotPass) {
  Policy p;
  p.allow_patterns.push_back("(");
  auto r = TestEngine().Detect("電話 03-1234-5678", p);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace redact::testing
