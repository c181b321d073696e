// Check digits of My Number, corporate number and insurer number on known values. Expected
// digits were computed independently (Python, from the published formulas) as noted.
#include <gtest/gtest.h>

#include "detect/identifiers.hpp"

namespace redact::detect {
namespace {

TEST(CheckDigits, MyNumberKnownValid) {
  EXPECT_TRUE(MyNumberCheckDigitOk("621498320257"));  // the published example: check 7
  // ΣP·Q over 12345678901 ≡ 3 (mod 11) → 8
  EXPECT_TRUE(MyNumberCheckDigitOk("123456789018"));
  EXPECT_TRUE(MyNumberCheckDigitOk("987654321093"));  // remainder 8 → 3
  EXPECT_TRUE(MyNumberCheckDigitOk("314159265352"));  // remainder 9 → 2
  EXPECT_TRUE(MyNumberCheckDigitOk("000000000019"));  // remainder 2 → 9
}

TEST(CheckDigits, MyNumberRemainderZeroOrOneGivesZero) {
  // 00000000000: remainder 0 → check 0. 10000000000: P11 = 1, Q11 = 6 → 6 → check 5.
  EXPECT_TRUE(MyNumberCheckDigitOk("000000000000"));
  EXPECT_TRUE(MyNumberCheckDigitOk("100000000005"));
  // 00000000060: P2 = 6, Q2 = 3 → 18 mod 11 = 7 → 4; 00000000600: P3 = 6, Q = 4 → 24 → 2 → 9.
  EXPECT_TRUE(MyNumberCheckDigitOk("000000000604"));
  // 00000500000: P6 = 5, Q6 = 7 → 35 mod 11 = 2 → 9. 0000000000 + P1 = 6: 12 mod 11 = 1 → 0.
  EXPECT_TRUE(MyNumberCheckDigitOk("000005000009"));
  EXPECT_TRUE(MyNumberCheckDigitOk("000000000060"));
}

TEST(CheckDigits, MyNumberRejectsBadCheckDigit) {
  for (char c = '0'; c <= '9'; ++c) {
    if (c == '7') continue;
    std::string d = "62149832025";
    d.push_back(c);
    EXPECT_FALSE(MyNumberCheckDigitOk(d)) << d;
  }
  EXPECT_FALSE(MyNumberCheckDigitOk("621498320275"));  // two digits swapped
}

TEST(CheckDigits, MyNumberRejectsWrongLengthOrNonDigits) {
  EXPECT_FALSE(MyNumberCheckDigitOk(""));
  EXPECT_FALSE(MyNumberCheckDigitOk("62149832025"));
  EXPECT_FALSE(MyNumberCheckDigitOk("6214983202570"));
  EXPECT_FALSE(MyNumberCheckDigitOk("6214 9832 0257"));
  EXPECT_FALSE(MyNumberCheckDigitOk("62149832025A"));
}

TEST(CheckDigits, CorporateNumberKnownValid) {
  EXPECT_TRUE(CorporateNumberCheckDigitOk("7000012050002"));  // 国税庁
  EXPECT_TRUE(CorporateNumberCheckDigitOk("1180301018771"));  // a listed company, gBizINFO
  EXPECT_TRUE(CorporateNumberCheckDigitOk("4000012090001"));
  EXPECT_TRUE(CorporateNumberCheckDigitOk("8000012010038"));
}

TEST(CheckDigits, CorporateNumberRejectsBadCheckDigit) {
  EXPECT_FALSE(CorporateNumberCheckDigitOk("6000012050002"));
  EXPECT_FALSE(CorporateNumberCheckDigitOk("7000012050003"));
  EXPECT_FALSE(CorporateNumberCheckDigitOk("700001205000"));
  EXPECT_FALSE(CorporateNumberCheckDigitOk("70000120500021"));
  EXPECT_FALSE(CorporateNumberCheckDigitOk("700001205000X"));
}

TEST(CheckDigits, InsurerNumberKnownValid) {
  // 0113001: from the right 1·2 + 0 + 0·2 + 3 + 1·2 + 1 + 0 = 8 → (10 - 8) mod 10 = 2.
  EXPECT_TRUE(InsurerNumberCheckDigitOk("01130012"));
  EXPECT_TRUE(InsurerNumberCheckDigitOk("06130017"));
  EXPECT_TRUE(InsurerNumberCheckDigitOk("39130042"));
  // 0627001: 2 + 0 + 0 + 7 + 2·2=4 + 6 + 0 = 19 → 1.
  EXPECT_TRUE(InsurerNumberCheckDigitOk("06270011"));
  // Two-digit products count as digit sums: 0000009 → 18 → 1 + 8 = 9 → check 1.
  EXPECT_TRUE(InsurerNumberCheckDigitOk("00000091"));
}

TEST(CheckDigits, InsurerNumberRejectsBadCheckDigit) {
  EXPECT_FALSE(InsurerNumberCheckDigitOk("01130013"));
  EXPECT_FALSE(InsurerNumberCheckDigitOk("00000098"));  // 18 counted as 18, not 9
  EXPECT_FALSE(InsurerNumberCheckDigitOk("0113001"));
  EXPECT_FALSE(InsurerNumberCheckDigitOk("011300122"));
  EXPECT_FALSE(InsurerNumberCheckDigitOk("0113001A"));
}

}  // namespace
}  // namespace redact::detect
