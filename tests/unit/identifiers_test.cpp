// The identifier detectors one category at a time: what they find (as source text, after
// normalization and back), what they must leave alone, and how sure they are.
#include "detect/identifiers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace redact::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<std::unique_ptr<Detector>>& Detectors() {
  static const auto detectors = MakeIdentifierDetectors();
  return detectors;
}

struct Hit {
  Category category;
  std::string text;  // the source text the candidate maps back to
  double score;
  std::string evidence;
};

std::vector<Hit> DetectAll(std::string_view source) {
  std::u32string cps = text::DecodeUtf8(source);
  text::NormalizedText t = text::Normalize(cps);
  std::vector<Token> tokens;
  DetectInput in{t, tokens};
  std::vector<Candidate> candidates;
  for (const auto& d : Detectors()) d->Detect(in, &candidates);
  std::vector<Hit> hits;
  for (const Candidate& c : candidates) {
    EXPECT_LT(c.begin, c.end);
    EXPECT_LE(c.end, t.size());
    EXPECT_GE(c.score, 0.0);
    EXPECT_LE(c.score, 1.0);
    if (c.begin >= c.end || c.end > t.size()) continue;
    auto [b, e] = t.ToSource(c.begin, c.end);
    hits.push_back({c.category, text::EncodeUtf8(std::u32string_view(cps).substr(b, e - b)),
                    c.score, c.evidence});
  }
  return hits;
}

// Source texts of `category` reported by default (score >= 0.5), in text order.
std::vector<std::string> Found(Category category, std::string_view source) {
  std::vector<std::pair<size_t, std::string>> found;
  std::string src(source);
  for (const Hit& h : DetectAll(source))
    if (h.category == category && h.score >= 0.5) found.emplace_back(src.find(h.text), h.text);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

// Best score proposed for `category` exactly at source text `what`; -1 when not proposed.
double ScoreOf(Category category, std::string_view source, std::string_view what) {
  double best = -1;
  for (const Hit& h : DetectAll(source))
    if (h.category == category && h.text == what) best = std::max(best, h.score);
  return best;
}

// Highest score of any candidate of `category`; -1 when there is none.
double BestScore(Category category, std::string_view source) {
  double best = -1;
  for (const Hit& h : DetectAll(source))
    if (h.category == category) best = std::max(best, h.score);
  return best;
}

// --- My Number ---------------------------------------------------------------------------

TEST(MyNumber, FindsLabelledNumberInGroupsOfFour) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214 9832 0257"), ElementsAre("6214 9832 0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "マイナンバー:6214-9832-0257です"),
              ElementsAre("6214-9832-0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号カード 6214.9832.0257"),
              ElementsAre("6214.9832.0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "通知カードの番号は621498320257です"),
              ElementsAre("621498320257"));
  EXPECT_THAT(Found(Category::kMyNumber, "My Number: 6214 9832 0257"),
              ElementsAre("6214 9832 0257"));
}

TEST(MyNumber, ChecksumAndLabelScoreHigh) {
  EXPECT_GE(ScoreOf(Category::kMyNumber, "個人番号 6214 9832 0257", "6214 9832 0257"), 0.95);
}

TEST(MyNumber, FullWidthDigitsAndIdeographicSpaces) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号：６２１４　９８３２　０２５７"),
              ElementsAre("６２１４　９８３２　０２５７"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号（６２１４－９８３２－０２５７）"),
              ElementsAre("６２１４－９８３２－０２５７"));
}

TEST(MyNumber, OneDigitPerPrintedBox) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6 2 1 4 9 8 3 2 0 2 5 7"),
              ElementsAre("6 2 1 4 9 8 3 2 0 2 5 7"));
}

TEST(MyNumber, OcrDashVariants) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214ー9832ー0257"),
              ElementsAre("6214ー9832ー0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214一9832一0257"),
              ElementsAre("6214一9832一0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214−9832―0257"), ElementsAre("6214−9832―0257"));
}

TEST(MyNumber, LabelInPreviousTableCell) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号\t6214 9832 0257\t備考"),
              ElementsAre("6214 9832 0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号（マイナンバー）\t\t621498320257"),
              ElementsAre("621498320257"));
}

TEST(MyNumber, GenericNoBetweenLabelAndNumberKeepsTheLabel) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 No. 6214 9832 0257"),
              ElementsAre("6214 9832 0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号（12桁） 621498320257"),
              ElementsAre("621498320257"));
}

TEST(MyNumber, ChecksumWithoutLabelIsNotReported) {
  EXPECT_THAT(Found(Category::kMyNumber, "621498320257"), IsEmpty());
  double s = ScoreOf(Category::kMyNumber, "番号 621498320257", "621498320257");
  EXPECT_GT(s, 0);
  EXPECT_LT(s, 0.5);
}

TEST(MyNumber, OrderNumberThatPassesChecksumIsNotMyNumber) {
  for (const char* text :
       {"注文番号 621498320257", "受付番号：6214-9832-0257", "文書番号 6214 9832 0257",
        "個人番号カード交付申請 受付番号 621498320257"})
    EXPECT_LT(BestScore(Category::kMyNumber, text), 0.5) << text;
}

TEST(MyNumber, BrokenChecksumWithLabelIsStillFound) {
  double s = ScoreOf(Category::kMyNumber, "個人番号 6214 9832 0258", "6214 9832 0258");
  EXPECT_GE(s, 0.8);
  EXPECT_LT(s, 0.95);
}

TEST(MyNumber, RejectsBadCheckDigitWithoutLabel) {
  EXPECT_LT(BestScore(Category::kMyNumber, "6214 9832 0258"), 0);
  EXPECT_LT(BestScore(Category::kMyNumber, "コード621498320258"), 0);
}

TEST(MyNumber, UnevenOcrGroupsWithLabel) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214 98320257"), ElementsAre("6214 98320257"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 62149 832 0257"), ElementsAre("62149 832 0257"));
  EXPECT_THAT(Found(Category::kMyNumber, "6214 98320257"), IsEmpty());
}

TEST(MyNumber, NotTakenFromALongerNumber) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214 9832 0257 1234"), IsEmpty());
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214-9832-0257-1234"), IsEmpty());
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 96214983202577"), IsEmpty());
  EXPECT_LT(BestScore(Category::kMyNumber, "1234 6214 9832 0257"), 0);
  EXPECT_LT(BestScore(Category::kMyNumber, "金額 1,621,498,320,257円"), 0);
}

TEST(MyNumber, LabelOnlyCountsOnTheSameLineAndNearby) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号\n621498320257"), IsEmpty());
  EXPECT_THAT(Found(Category::kMyNumber,
                    "個人番号の記載について、提出書類の一覧と注意事項を別紙で確認のうえ、"
                    "申請者ご本人が窓口でお手続きください 621498320257"),
              IsEmpty());
}

TEST(MyNumber, OneDigitLostByOcrWithLabelRightBefore) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214 9832 025"), ElementsAre("6214 9832 025"));
  EXPECT_THAT(Found(Category::kMyNumber, "62149832025"), IsEmpty());
}

TEST(MyNumber, OcrLettersForDigitsOnlyWithLabel) {
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 6214 9832 02S7"), ElementsAre("6214 9832 02S7"));
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 62l4-9832-O257"), ElementsAre("62l4-9832-O257"));
  EXPECT_THAT(Found(Category::kMyNumber, "6214 9832 02S7"), IsEmpty());
  EXPECT_THAT(Found(Category::kMyNumber, "個人番号 62I4 983Z 02S7"), IsEmpty());  // three letters
}

// --- corporate number --------------------------------------------------------------------

TEST(CorporateNumber, FindsLabelledNumber) {
  EXPECT_THAT(Found(Category::kCorporateNumber, "法人番号 7000012050002"),
              ElementsAre("7000012050002"));
  EXPECT_GE(ScoreOf(Category::kCorporateNumber, "法人番号：7000012050002", "7000012050002"), 0.9);
  EXPECT_THAT(Found(Category::kCorporateNumber, "法人番号　７００００１２０５０００２"),
              ElementsAre("７００００１２０５０００２"));
}

TEST(CorporateNumber, LabelWithBrokenChecksumIsMedium) {
  double s = ScoreOf(Category::kCorporateNumber, "法人番号 6000012050002", "6000012050002");
  EXPECT_GE(s, 0.5);
  EXPECT_LT(s, 0.9);
}

TEST(CorporateNumber, ChecksumAloneIsNotReported) {
  EXPECT_THAT(Found(Category::kCorporateNumber, "7000012050002"), IsEmpty());
  EXPECT_THAT(Found(Category::kCorporateNumber, "登録番号 7000012050002"), IsEmpty());
  EXPECT_LT(BestScore(Category::kCorporateNumber, "6000012050002"), 0);
}

TEST(CorporateNumber, InvoiceRegistrationNumberIncludesTheT) {
  EXPECT_THAT(Found(Category::kCorporateNumber, "登録番号 T7000012050002"),
              ElementsAre("T7000012050002"));
  EXPECT_THAT(Found(Category::kCorporateNumber,
                    "適格請求書発行事業者 登録番号：Ｔ７００００１２０５０００２"),
              ElementsAre("Ｔ７００００１２０５０００２"));
}

TEST(CorporateNumber, NotInsideLongerCodes) {
  EXPECT_THAT(Found(Category::kCorporateNumber, "法人番号 70000120500021"), IsEmpty());
  EXPECT_THAT(Found(Category::kCorporateNumber, "法人番号 AB7000012050002"), IsEmpty());
}

// --- phone -------------------------------------------------------------------------------

TEST(Phone, FixedMobileAndFreeDialShapes) {
  for (const char* n : {"03-1234-5678", "045-123-4567", "0123-45-6789", "01234-5-6789",
                        "090-1234-5678", "080-1234-5678", "070-1234-5678", "050-1234-5678",
                        "0120-123-456", "0120-12-3456", "0800-123-4567", "0570-123-456"}) {
    std::string text = std::string("連絡は") + n + "まで";
    EXPECT_THAT(Found(Category::kPhone, text), ElementsAre(n)) << text;
    EXPECT_GE(ScoreOf(Category::kPhone, text, n), 0.8) << text;
  }
}

TEST(Phone, SpaceAndDotSeparators) {
  EXPECT_THAT(Found(Category::kPhone, "電話 03 1234 5678"), ElementsAre("03 1234 5678"));
  EXPECT_THAT(Found(Category::kPhone, "電話 03.1234.5678"), ElementsAre("03.1234.5678"));
  EXPECT_THAT(Found(Category::kPhone, "携帯 090 1234 5678"), ElementsAre("090 1234 5678"));
}

TEST(Phone, BracketsBelongToTheNumber) {
  for (const char* n : {"03(1234)5678", "(03)1234-5678", "03 (1234) 5678", "(03) 1234-5678",
                        "(090)1234-5678", "0120(123)456"})
    EXPECT_THAT(Found(Category::kPhone, std::string("TEL ") + n), ElementsAre(n)) << n;
  EXPECT_THAT(Found(Category::kPhone, "(電話 03-1234-5678)"), ElementsAre("03-1234-5678"));
  EXPECT_THAT(Found(Category::kPhone, "自宅（０３）１２３４－５６７８"),
              ElementsAre("（０３）１２３４－５６７８"));
}

TEST(Phone, InternationalFormsIncludeThePlus) {
  for (const char* n : {"+81-3-1234-5678", "+81 90 1234 5678", "+81(0)3-1234-5678",
                        "+81 3 1234 5678", "+81-90-1234-5678", "+81 (0)90-1234-5678"})
    EXPECT_THAT(Found(Category::kPhone, std::string("Tel: ") + n + " (mobile)"), ElementsAre(n))
        << n;
}

TEST(Phone, ContiguousDigits) {
  EXPECT_THAT(Found(Category::kPhone, "09012345678に連絡"), ElementsAre("09012345678"));
  EXPECT_THAT(Found(Category::kPhone, "0312345678"), ElementsAre("0312345678"));
  double bare = ScoreOf(Category::kPhone, "0312345678", "0312345678");
  double labelled = ScoreOf(Category::kPhone, "TEL0312345678", "0312345678");
  EXPECT_LT(bare, 0.8);
  EXPECT_GT(labelled, bare);
}

TEST(Phone, ContextRaisesScoreAndStaysOutOfSpan) {
  EXPECT_THAT(Found(Category::kPhone, "TEL:03-1234-5678"), ElementsAre("03-1234-5678"));
  EXPECT_THAT(Found(Category::kPhone, "☎03-1234-5678"), ElementsAre("03-1234-5678"));
  EXPECT_GE(ScoreOf(Category::kPhone, "電話番号 03-1234-5678", "03-1234-5678"), 0.9);
  EXPECT_LE(ScoreOf(Category::kPhone, "電話番号 03-1234-5678", "03-1234-5678"), 0.98);
  EXPECT_THAT(Found(Category::kPhone, "TEL 03-1234-5678 FAX 03-1234-5679"),
              ElementsAre("03-1234-5678", "03-1234-5679"));
}

TEST(Phone, OcrDashesAndFullWidth) {
  EXPECT_THAT(Found(Category::kPhone, "電話 03一1234一5678"), ElementsAre("03一1234一5678"));
  EXPECT_THAT(Found(Category::kPhone, "携帯 ０９０ー１２３４ー５６７８"),
              ElementsAre("０９０ー１２３４ー５６７８"));
  EXPECT_THAT(Found(Category::kPhone, "ＴＥＬ　０３－１２３４－５６７８"),
              ElementsAre("０３－１２３４－５６７８"));
  EXPECT_THAT(Found(Category::kPhone, "電話 03—1234—5678"), ElementsAre("03—1234—5678"));
}

TEST(Phone, DashWithSpacesAround) {
  EXPECT_THAT(Found(Category::kPhone, "TEL 03 - 1234 - 5678"), ElementsAre("03 - 1234 - 5678"));
  EXPECT_THAT(Found(Category::kPhone, "TEL 090- 1234 -5678"), ElementsAre("090- 1234 -5678"));
}

TEST(Phone, SlashAfterTheNumberIsABoundary) {
  EXPECT_THAT(Found(Category::kPhone, "03-1234-5678/5679"), ElementsAre("03-1234-5678"));
  EXPECT_THAT(Found(Category::kPhone, "TEL/FAX 03-1234-5678"), ElementsAre("03-1234-5678"));
}

TEST(Phone, LocalNumberOnlyRightAfterALabel) {
  EXPECT_THAT(Found(Category::kPhone, "TEL 1234-5678"), ElementsAre("1234-5678"));
  EXPECT_THAT(Found(Category::kPhone, "1234-5678"), IsEmpty());
}

TEST(Phone, DatesPostalCodesAndAmountsAreNotPhones) {
  for (const char* text : {"2023-04-01", "〒100-0001", "100-0001", "1,234,567円",
                           "金額 0,312,345,678", "令和5年4月1日", "2023.04.01", "12:30-13:45"})
    EXPECT_THAT(Found(Category::kPhone, text), IsEmpty()) << text;
}

TEST(Phone, NotInsideLongerDigitRuns) {
  for (const char* text : {"12303-1234-5678", "03-1234-5678-9", "0312345678901234",
                           "9 03-1234-5678-1", "03-1234-5678.5"})
    EXPECT_THAT(Found(Category::kPhone, text), IsEmpty()) << text;
}

TEST(Phone, NeighbourSeparatedBySpaceIsFine) {
  EXPECT_THAT(Found(Category::kPhone, "2023-04-01 03-1234-5678"), ElementsAre("03-1234-5678"));
  EXPECT_THAT(Found(Category::kPhone, "受付 10 03-1234-5678"), ElementsAre("03-1234-5678"));
}

TEST(Phone, NumberingPlanMismatchIsNotAPhone) {
  for (const char* text :
       {"031-2345-6789", "03-1234-567", "001-234-5678", "0312-3456-7890", "0120-1234-567"})
    EXPECT_THAT(Found(Category::kPhone, text), IsEmpty()) << text;
}

TEST(Phone, LeadingZeroMisreadByOcr) {
  // A mobile number's shape (3-4-4, x90/x80/x70) with its 0 read as another digit.
  EXPECT_THAT(Found(Category::kPhone, "FROM: 990-6270-1933 TO: 0463-21-1112"),
              ElementsAre("990-6270-1933", "0463-21-1112"));
  EXPECT_THAT(Found(Category::kPhone, "連絡先 690-1234-5678"), ElementsAre("690-1234-5678"));
  // A fixed line's shape only right after a phone label.
  EXPECT_THAT(Found(Category::kPhone, "TEL 83-1234-5678"), ElementsAre("83-1234-5678"));
  EXPECT_THAT(Found(Category::kPhone, "整理番号 83-1234-5678"), IsEmpty());
  for (const char* text : {"123-4567-8901", "950-1234-5678", "831-2345-6789"})
    EXPECT_THAT(Found(Category::kPhone, text), IsEmpty()) << text;
}

TEST(Phone, OneDigitLostByOcrRightAfterALabel) {
  EXPECT_THAT(Found(Category::kPhone, "連絡は066-67-6305まで"), ElementsAre("066-67-6305"));
  EXPECT_THAT(Found(Category::kPhone, "連絡先 066-67-6305"), ElementsAre("066-67-6305"));
  // Without a label a nine-digit number is not a phone.
  EXPECT_THAT(Found(Category::kPhone, "整理番号 066-67-6305"), IsEmpty());
  EXPECT_THAT(Found(Category::kPhone, "066-67-6305"), IsEmpty());
}

TEST(Phone, MobileSecondDigitMisreadByOcr) {
  // 090 read as 030 in handwriting: a mobile's 0x0-xxxx-xxxx shape.
  EXPECT_THAT(Found(Category::kPhone, "連絡は030-4132-9277まで"), ElementsAre("030-4132-9277"));
  // Not 010 (the international prefix), not a fixed line's grouping, not without dashes.
  for (const char* text : {"010-4132-9277", "031-2345-6789", "03041329277"})
    EXPECT_THAT(Found(Category::kPhone, text), IsEmpty()) << text;
}

TEST(Phone, OtherRegisterLabelLowersContiguousNumbers) {
  EXPECT_LT(BestScore(Category::kPhone, "注文番号 0312345678"), 0.5);
  EXPECT_LT(BestScore(Category::kPhone, "基礎年金番号 0123456789"), 0.5);
}

// --- postal code -------------------------------------------------------------------------

TEST(PostalCode, MarkIsExcludedFromSpan) {
  EXPECT_THAT(Found(Category::kPostalCode, "〒100-0001 東京都千代田区"), ElementsAre("100-0001"));
  EXPECT_THAT(Found(Category::kPostalCode, "〒 100-0001"), ElementsAre("100-0001"));
  EXPECT_THAT(Found(Category::kPostalCode, "〒1000001"), ElementsAre("1000001"));
  EXPECT_GE(ScoreOf(Category::kPostalCode, "〒100-0001", "100-0001"), 0.9);
}

TEST(PostalCode, MarkAsOcrMisreadsIt) {
  // 〒 read as TO, T or 丁 right before the digits.
  EXPECT_THAT(Found(Category::kPostalCode, "TO071-5723\n石川県小松市桜台2226番地"), ElementsAre("071-5723"));
  EXPECT_THAT(Found(Category::kPostalCode, "T071-5723"), ElementsAre("071-5723"));
  EXPECT_GE(ScoreOf(Category::kPostalCode, "丁071-5723", "071-5723"), 0.9);
  // Inside a word it is a code, not a mark.
  EXPECT_THAT(Found(Category::kPostalCode, "ABTO071-5723"), IsEmpty());
}

TEST(PostalCode, LabelCountsLikeTheMark) {
  EXPECT_THAT(Found(Category::kPostalCode, "郵便番号 100-0001"), ElementsAre("100-0001"));
  EXPECT_THAT(Found(Category::kPostalCode, "郵便番号：1000001"), ElementsAre("1000001"));
  EXPECT_THAT(Found(Category::kPostalCode, "郵便番号\t060-0001"), ElementsAre("060-0001"));
}

TEST(PostalCode, FullWidthAndOcrDashes) {
  EXPECT_THAT(Found(Category::kPostalCode, "〒１００－０００１"), ElementsAre("１００－０００１"));
  EXPECT_THAT(Found(Category::kPostalCode, "〒100ー0001"), ElementsAre("100ー0001"));
  EXPECT_THAT(Found(Category::kPostalCode, "〒100 0001"), ElementsAre("100 0001"));
}

TEST(PostalCode, BareCodeIsMediumBareDigitsAreNothing) {
  double s = ScoreOf(Category::kPostalCode, "東京都千代田区 100-0001", "100-0001");
  EXPECT_GE(s, 0.5);
  EXPECT_LT(s, 0.9);
  EXPECT_LT(BestScore(Category::kPostalCode, "1000001"), 0);
}

TEST(PostalCode, NotPartOfAPhoneOrLongerNumber) {
  for (const char* text :
       {"045-123-4567", "TEL 123-4567", "100-00012", "1100-0001", "03-100-0001", "100-0001-2"})
    EXPECT_THAT(Found(Category::kPostalCode, text), IsEmpty()) << text;
}

// --- e-mail ------------------------------------------------------------------------------

TEST(Email, AddressOnlyNotTheLabel) {
  EXPECT_THAT(Found(Category::kEmail, "連絡先: taro.yamada@example.co.jp まで"),
              ElementsAre("taro.yamada@example.co.jp"));
  EXPECT_THAT(Found(Category::kEmail, "E-mail:hanako_s+doc@city.example.lg.jp"),
              ElementsAre("hanako_s+doc@city.example.lg.jp"));
  EXPECT_THAT(Found(Category::kEmail, "メールはtaro@example.jpへ"), ElementsAre("taro@example.jp"));
}

TEST(Email, FullWidthAndAtVariants) {
  EXPECT_THAT(Found(Category::kEmail, "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
              ElementsAre("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"));
  EXPECT_THAT(Found(Category::kEmail, "taro(at)example.jp"), ElementsAre("taro(at)example.jp"));
  EXPECT_GE(ScoreOf(Category::kEmail, "x taro@example.jp", "taro@example.jp"), 0.9);
}

TEST(Email, NotAnAddress) {
  for (const char* text : {"@example", "taro@localhost", "taro@", "a@b.c", "@@example.jp"})
    EXPECT_THAT(Found(Category::kEmail, text), IsEmpty()) << text;
}

// --- birth date --------------------------------------------------------------------------

TEST(BirthDate, EraDatesWithLabel) {
  for (const char* d :
       {"昭和55年4月1日", "平成2年3月4日", "令和2年1月1日", "大正15年12月25日", "明治45年7月29日",
        "S55.4.1", "H2/3/4", "昭55.4.1", "R2年1月1日", "平12-3-4", "昭和 55 年 4 月 1 日"})
    EXPECT_THAT(Found(Category::kBirthDate, std::string("生年月日 ") + d), ElementsAre(d)) << d;
}

TEST(BirthDate, WesternDatesWithLabel) {
  for (const char* d : {"1980年4月1日", "1980/4/1", "1980-04-01", "1980.4.1", "2000年2月29日"})
    EXPECT_THAT(Found(Category::kBirthDate, std::string("生年月日：") + d), ElementsAre(d)) << d;
}

TEST(BirthDate, KanjiNumeralsAndGannen) {
  EXPECT_THAT(Found(Category::kBirthDate, "昭和五十五年四月一日生まれ"),
              ElementsAre("昭和五十五年四月一日"));
  EXPECT_THAT(Found(Category::kBirthDate, "平成元年5月1日生"), ElementsAre("平成元年5月1日"));
}

TEST(BirthDate, FullWidth) {
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日　Ｓ５５．４．１"),
              ElementsAre("Ｓ５５．４．１"));
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日：１９８０年４月１日"),
              ElementsAre("１９８０年４月１日"));
}

TEST(BirthDate, ContextAfterTheDate) {
  EXPECT_THAT(Found(Category::kBirthDate, "昭和55年4月1日生"), ElementsAre("昭和55年4月1日"));
  EXPECT_THAT(Found(Category::kBirthDate, "山田太郎 昭和55年4月1日（満43歳）"),
              ElementsAre("昭和55年4月1日"));
  EXPECT_THAT(Found(Category::kBirthDate, "1980年4月1日 年齢 43"), ElementsAre("1980年4月1日"));
}

TEST(BirthDate, DateWithoutBirthContextIsWeak) {
  for (const char* text :
       {"令和5年4月1日", "申請日 令和5年4月1日", "2023/04/01 受付", "令和5年4月1日生活保護開始"}) {
    double s = BestScore(Category::kBirthDate, text);
    EXPECT_GT(s, 0) << text;
    EXPECT_LT(s, 0.5) << text;
  }
}

TEST(BirthDate, OtherDateOnTheSameLineKeepsItsLabel) {
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 昭和55年4月1日 申請日 令和5年4月1日"),
              ElementsAre("昭和55年4月1日"));
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日\t昭和55年4月1日\t提出日\t2023/04/01"),
              ElementsAre("昭和55年4月1日"));
}

TEST(BirthDate, YearAndMonthOnlyNeedContext) {
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 昭和55年4月"), ElementsAre("昭和55年4月"));
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 1980年4月"), ElementsAre("1980年4月"));
  EXPECT_LT(BestScore(Category::kBirthDate, "昭和55年4月に開始"), 0);
}

TEST(BirthDate, RejectsImpossibleDates) {
  for (const char* d :
       {"昭和65年1月1日", "平成32年1月1日", "大正16年1月1日", "明治46年1月1日", "1980年13月1日",
        "1980年2月30日", "1981年2月29日", "S55.4.32", "1980/0/1", "令和0年1月1日"})
    EXPECT_LT(BestScore(Category::kBirthDate, std::string("生年月日 ") + d), 0) << d;
}

TEST(BirthDate, EraCircledOnAPrintedList) {
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 明・大・昭・平・令 55年4月1日"),
              ElementsAre("55年4月1日"));
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 昭和・平成 55年4月1日"),
              ElementsAre("55年4月1日"));
}

TEST(BirthDate, WesternYearWithEraInBrackets) {
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 1980年(昭和55年)4月1日"),
              ElementsAre("1980年(昭和55年)4月1日"));
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 昭和55年（1980年）4月1日"),
              ElementsAre("昭和55年（1980年）4月1日"));
}

TEST(BirthDate, BirthdayWithoutYearRightAfterLabel) {
  EXPECT_THAT(Found(Category::kBirthDate, "誕生日 4月1日"), ElementsAre("4月1日"));
  EXPECT_THAT(Found(Category::kBirthDate, "4月1日"), IsEmpty());
  EXPECT_THAT(Found(Category::kBirthDate, "生年月日 昭和55年4月1日"),
              ElementsAre("昭和55年4月1日"));
}

TEST(BirthDate, ReferenceDateIsNotABirthDate) {
  EXPECT_LT(BestScore(Category::kBirthDate, "年齢（令和5年4月1日現在） 45歳"), 0.5);
  EXPECT_LT(BestScore(Category::kBirthDate, "生年月日 令和5年4月1日時点で記入"), 0.5);
}

TEST(BirthDate, NotInsideOtherNumbers) {
  for (const char* text :
       {"生年月日 11980/4/1", "生年月日 1980/4/12345", "版 1.2.3.4", "生年月日 OS55.4.1"})
    EXPECT_THAT(Found(Category::kBirthDate, text), IsEmpty()) << text;
}

// --- bank account ------------------------------------------------------------------------

TEST(BankAccount, AccountNumberAfterItsLabel) {
  EXPECT_THAT(Found(Category::kBankAccount, "口座番号 1234567"), ElementsAre("1234567"));
  EXPECT_THAT(Found(Category::kBankAccount, "○○銀行 △△支店 普通 1234567"), ElementsAre("1234567"));
  EXPECT_THAT(Found(Category::kBankAccount, "普通預金 口座番号：0123456"), ElementsAre("0123456"));
  EXPECT_THAT(Found(Category::kBankAccount, "預金種目\t当座\t口座番号\t765432"),
              ElementsAre("765432"));
  EXPECT_THAT(Found(Category::kBankAccount, "口座番号　１２３４５６７"),
              ElementsAre("１２３４５６７"));
}

TEST(BankAccount, BranchInFrontIsNotPartOfTheAccount) {
  EXPECT_THAT(Found(Category::kBankAccount, "口座番号 123-1234567"), ElementsAre("1234567"));
  EXPECT_THAT(Found(Category::kBankAccount, "口座番号 0005-123-1234567"), ElementsAre("1234567"));
  EXPECT_THAT(Found(Category::kBankAccount, "支店番号 123 口座番号 1234567"),
              ElementsAre("1234567"));
}

TEST(BankAccount, YuchoSymbolAndNumber) {
  EXPECT_THAT(Found(Category::kBankAccount, "ゆうちょ銀行 記号12340 番号12345671"),
              ElementsAre("12340 番号12345671"));
  EXPECT_THAT(Found(Category::kBankAccount, "記号：12340　番号：12345671"),
              ElementsAre("12340　番号：12345671"));
  EXPECT_THAT(Found(Category::kBankAccount, "ゆうちょ銀行 12340-12345671"),
              ElementsAre("12340-12345671"));
}

TEST(BankAccount, BareDigitsAreNothing) {
  for (const char* text : {"1234567", "12340-12345671", "支店番号 1234567", "受付 1234567"})
    EXPECT_THAT(Found(Category::kBankAccount, text), IsEmpty()) << text;
  EXPECT_THAT(Found(Category::kBankAccount, "口座番号 123456789012"), IsEmpty());
}

TEST(BankAccount, AmountsAreNotAccounts) {
  EXPECT_THAT(Found(Category::kBankAccount, "普通徴収 税額 123456円"), IsEmpty());
  EXPECT_THAT(Found(Category::kBankAccount, "普通預金残高 1234567 円"), IsEmpty());
}

TEST(BankAccount, InsuranceCardSymbolIsNotABankAccount) {
  EXPECT_THAT(Found(Category::kBankAccount, "被保険者証 記号12340 番号12345671"), IsEmpty());
}

// --- driver's licence --------------------------------------------------------------------

TEST(DriversLicense, TwelveDigitsAfterLabel) {
  EXPECT_THAT(Found(Category::kDriversLicense, "運転免許証番号 123456789012"),
              ElementsAre("123456789012"));
  EXPECT_THAT(Found(Category::kDriversLicense, "免許証番号：第123456789012号"),
              ElementsAre("123456789012"));
  EXPECT_THAT(Found(Category::kDriversLicense, "運転免許証 第 1234 5678 9012 号"),
              ElementsAre("1234 5678 9012"));
  EXPECT_THAT(Found(Category::kDriversLicense, "運転免許\t３０１２３４５６７８９０"),
              ElementsAre("３０１２３４５６７８９０"));
}

TEST(DriversLicense, NeedsLabelAndExactLength) {
  EXPECT_THAT(Found(Category::kDriversLicense, "123456789012"), IsEmpty());
  EXPECT_THAT(Found(Category::kDriversLicense, "運転免許証 1234567890123"), IsEmpty());
  EXPECT_THAT(Found(Category::kDriversLicense, "運転免許証 12345678901"), IsEmpty());
  EXPECT_THAT(Found(Category::kDriversLicense, "運転免許証あり 個人番号 621498320257"), IsEmpty());
}

// --- passport ----------------------------------------------------------------------------

TEST(Passport, TwoLettersSevenDigits) {
  EXPECT_THAT(Found(Category::kPassport, "旅券番号 TK1234567"), ElementsAre("TK1234567"));
  EXPECT_GE(ScoreOf(Category::kPassport, "パスポート番号：TK1234567", "TK1234567"), 0.9);
  EXPECT_THAT(Found(Category::kPassport, "旅券番号　ＴＫ１２３４５６７"),
              ElementsAre("ＴＫ１２３４５６７"));
  EXPECT_THAT(Found(Category::kPassport, "パスポート TK 1234567"), ElementsAre("TK 1234567"));
}

TEST(Passport, WithoutLabelIsJustAboveThreshold) {
  double s = ScoreOf(Category::kPassport, "番号 TK1234567", "TK1234567");
  EXPECT_GE(s, 0.5);
  EXPECT_LT(s, 0.7);
  EXPECT_THAT(Found(Category::kPassport, "TK 1234567"), IsEmpty());
}

TEST(Passport, NotInsideLongerCodes) {
  for (const char* text :
       {"旅券 XTK1234567", "旅券 TK12345678", "旅券 TK1234567A", "旅券 T1234567", "AB12345678CD"})
    EXPECT_THAT(Found(Category::kPassport, text), IsEmpty()) << text;
}

// --- residence card ----------------------------------------------------------------------

TEST(ResidenceCard, Pattern) {
  EXPECT_THAT(Found(Category::kResidenceCard, "在留カード番号 AB12345678CD"),
              ElementsAre("AB12345678CD"));
  EXPECT_GE(ScoreOf(Category::kResidenceCard, "在留カード番号 AB12345678CD", "AB12345678CD"), 0.95);
  double bare = ScoreOf(Category::kResidenceCard, "AB12345678CD", "AB12345678CD");
  EXPECT_GE(bare, 0.85);
  EXPECT_LT(bare, 0.95);
  EXPECT_THAT(Found(Category::kResidenceCard, "在留カード　ＡＢ１２３４５６７８ＣＤ"),
              ElementsAre("ＡＢ１２３４５６７８ＣＤ"));
}

TEST(ResidenceCard, NotInsideLongerCodes) {
  for (const char* text : {"AB12345678CDE", "XAB12345678CD", "AB1234567CD", "AB 12345678 CD"})
    EXPECT_THAT(Found(Category::kResidenceCard, text), IsEmpty()) << text;
}

// --- pension number ----------------------------------------------------------------------

TEST(PensionNumber, FourSixAfterLabel) {
  EXPECT_THAT(Found(Category::kPensionNumber, "基礎年金番号 1234-567890"),
              ElementsAre("1234-567890"));
  EXPECT_THAT(Found(Category::kPensionNumber, "基礎年金番号：1234567890"),
              ElementsAre("1234567890"));
  EXPECT_THAT(Found(Category::kPensionNumber, "年金番号 1234 567890"), ElementsAre("1234 567890"));
  EXPECT_THAT(Found(Category::kPensionNumber, "基礎年金番号\t１２３４－５６７８９０"),
              ElementsAre("１２３４－５６７８９０"));
}

TEST(PensionNumber, PensionBookSymbolAndNumber) {
  EXPECT_THAT(Found(Category::kPensionNumber, "年金手帳 記号 1234 番号 567890"),
              ElementsAre("1234 番号 567890"));
}

TEST(PensionNumber, NothingWithoutLabel) {
  EXPECT_THAT(Found(Category::kPensionNumber, "1234-567890"), IsEmpty());
  EXPECT_THAT(Found(Category::kPensionNumber, "基礎年金番号 1234-5678901"), IsEmpty());
  EXPECT_THAT(Found(Category::kPensionNumber, "基礎年金番号あり 電話 0312345678"), IsEmpty());
}

// --- insurance number --------------------------------------------------------------------

TEST(InsuranceNumber, InsurerNumberWithCheckDigit) {
  EXPECT_THAT(Found(Category::kInsuranceNumber, "保険者番号 01130012"), ElementsAre("01130012"));
  EXPECT_GE(ScoreOf(Category::kInsuranceNumber, "保険者番号 01130012", "01130012"), 0.9);
  double broken = ScoreOf(Category::kInsuranceNumber, "保険者番号 01130013", "01130013");
  EXPECT_GE(broken, 0.5);
  EXPECT_LT(broken, 0.9);
  EXPECT_THAT(Found(Category::kInsuranceNumber, "保険者番号　１３８１２３"),
              ElementsAre("１３８１２３"));
}

TEST(InsuranceNumber, InsuredPersonNumber) {
  EXPECT_THAT(Found(Category::kInsuranceNumber, "被保険者番号 12345678"), ElementsAre("12345678"));
  EXPECT_THAT(Found(Category::kInsuranceNumber, "介護保険被保険者証 被保険者番号 0000123456"),
              ElementsAre("0000123456"));
  EXPECT_THAT(Found(Category::kInsuranceNumber, "被保険者番号：A1234-56"), ElementsAre("A1234-56"));
}

TEST(InsuranceNumber, CardSymbolAndNumber) {
  EXPECT_THAT(Found(Category::kInsuranceNumber, "被保険者証 記号 12 番号 345"),
              ElementsAre("12 番号 345"));
  EXPECT_THAT(Found(Category::kInsuranceNumber, "健康保険証 記号・番号 12・345"),
              ElementsAre("12・345"));
  EXPECT_THAT(Found(Category::kInsuranceNumber, "被保険者証 記号 1234 番号 56 枝番 01"),
              ElementsAre("1234 番号 56 枝番 01"));
  EXPECT_THAT(Found(Category::kInsuranceNumber, "被保険者番号 記号 東京12 番号 345"),
              ElementsAre("東京12 番号 345"));
}

TEST(InsuranceNumber, CardNameAfterTheNumber) {
  EXPECT_THAT(Found(Category::kInsuranceNumber, "記号・番号 12-345（被保険者証）"),
              ElementsAre("12-345"));
}

TEST(InsuranceNumber, NothingWithoutInsuranceContext) {
  EXPECT_THAT(Found(Category::kInsuranceNumber, "記号 12 番号 345"), IsEmpty());
  EXPECT_THAT(Found(Category::kInsuranceNumber, "01130012"), IsEmpty());
  EXPECT_THAT(Found(Category::kInsuranceNumber, "ゆうちょ 記号12340 番号12345671"), IsEmpty());
}

// --- the set -----------------------------------------------------------------------------

const char kMixedDocument[] =
    "氏名 山田太郎 生年月日 昭和55年4月1日\n"
    "住所 〒100-0001 東京都千代田区千代田1-1 TEL 03-1234-5678 携帯 090-1234-5678\n"
    "個人番号 6214 9832 0257 メール taro@example.jp\n"
    "口座番号 1234567 基礎年金番号 1234-567890 旅券番号 TK1234567\n"
    "在留カード AB12345678CD 運転免許証 123456789012 被保険者番号 12345678\n"
    "法人番号 7000012050002\n";

TEST(IdentifierDetectors, OneDetectorPerCategory) {
  EXPECT_EQ(Detectors().size(), 12u);
  std::vector<Category> seen;
  for (const Hit& h : DetectAll(kMixedDocument))
    if (h.score >= 0.5) seen.push_back(h.category);
  for (Category c :
       {Category::kMyNumber, Category::kCorporateNumber, Category::kPhone, Category::kPostalCode,
        Category::kEmail, Category::kBirthDate, Category::kBankAccount, Category::kDriversLicense,
        Category::kPassport, Category::kResidenceCard, Category::kPensionNumber,
        Category::kInsuranceNumber})
    EXPECT_NE(std::find(seen.begin(), seen.end(), c), seen.end()) << static_cast<int>(c);
}

TEST(IdentifierDetectors, EvidenceNeverContainsTheValue) {
  for (const Hit& h : DetectAll(kMixedDocument)) {
    EXPECT_FALSE(h.evidence.empty());
    EXPECT_EQ(h.evidence.find_first_of("0123456789@"), std::string::npos) << h.evidence;
    EXPECT_EQ(h.evidence.find(h.text), std::string::npos);
  }
}

TEST(IdentifierDetectors, SafeFromManyThreads) {
  const std::vector<Hit> expected = DetectAll(kMixedDocument);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 50; ++round) {
        std::vector<Hit> got = DetectAll(kMixedDocument);
        bool same = got.size() == expected.size();
        for (size_t k = 0; same && k < got.size(); ++k)
          same = got[k].text == expected[k].text && got[k].score == expected[k].score;
        mismatches[i] += same ? 0 : 1;
      }
    });
  for (auto& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(IdentifierDetectors, EmptyAndOddInputs) {
  EXPECT_THAT(DetectAll(""), IsEmpty());
  EXPECT_THAT(DetectAll("\n\t \n"), IsEmpty());
  std::string digits(5000, '7');
  for (const Hit& h : DetectAll(digits)) EXPECT_LT(h.score, 0.5);
  std::string dashes;
  for (int i = 0; i < 2000; ++i) dashes += "1-";
  for (const Hit& h : DetectAll(dashes)) EXPECT_LT(h.score, 0.5);
}

}  // namespace
}  // namespace redact::detect
