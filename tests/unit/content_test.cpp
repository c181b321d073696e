// The content-stream lexer and serializer: every operand type, inline images, hostile input.
#include "pdf/content.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace redact::pdf {
namespace {

std::vector<Op> Parse(std::string_view s) {
  auto r = ParseContent(s);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().message());
  return r.ok() ? r.value() : std::vector<Op>{};
}

TEST(Content, OperatorsTakeTheOperandsBeforeThem) {
  auto ops = Parse("BT /F1 12 Tf 1 0 0 1 72.5 700 Tm (Hi) Tj ET");
  ASSERT_EQ(ops.size(), 5u);
  EXPECT_EQ(ops[1].name, "Tf");
  EXPECT_EQ(ops[1].args[0].text, "F1");
  EXPECT_DOUBLE_EQ(ops[1].args[1].number, 12);
  EXPECT_DOUBLE_EQ(ops[2].args[4].number, 72.5);
  EXPECT_EQ(ops[3].args[0].text, "Hi");
}

TEST(Content, LiteralStringEscapesAndNesting) {
  auto ops = Parse(R"((a\(b\)c \\ \101\n (nested) \
x) Tj)");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].args[0].text, "a(b)c \\ A\n (nested) x");
}

TEST(Content, HexStringsWithSpacesAndOddLength) {
  auto ops = Parse("<30 3 1 2> Tj <0041> Tj");
  EXPECT_EQ(ops[0].args[0].text, std::string("\x30\x31\x20", 3));
  EXPECT_EQ(ops[1].args[0].text, std::string("\x00\x41", 2));
}

TEST(Content, TJArrayKeepsNumbersAndStrings) {
  auto ops = Parse("[<0012> -120 <0013> 5.5] TJ");
  ASSERT_EQ(ops[0].args[0].items.size(), 4u);
  EXPECT_DOUBLE_EQ(ops[0].args[0].items[1].number, -120);
  EXPECT_TRUE(ops[0].args[0].items[2].hex);
}

TEST(Content, MarkedContentDictionaryAndNameEscapes) {
  auto ops = Parse("/Span <</ActualText (x) /MCID 3>> BDC /A#20B gs EMC");
  ASSERT_EQ(ops.size(), 3u);
  ASSERT_NE(ops[0].args[1].Find("MCID"), nullptr);
  EXPECT_EQ(ops[1].args[0].text, "A B");
}

TEST(Content, InlineImageDataIsKeptVerbatim) {
  std::string data = std::string("q BI /W 2 /H 1 /BPC 8 /CS /G ID ") + std::string("\xff\x00", 2) + " EI Q";
  auto ops = Parse(data);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[1].name, "BI");
  EXPECT_EQ(ops[1].inline_data, std::string("\xff\x00", 2));
  EXPECT_NE(ops[1].args[0].Find("W"), nullptr);
}

TEST(Content, CommentsAndKeywordsOperands) {
  auto ops = Parse("% comment\n true false null 1 d0 % trailing");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].args.size(), 4u);
}

TEST(Content, RoundTripsThroughTheSerializer) {
  auto ops = Parse("BT /F1 12 Tf 0.5 Tc [<0012> -120 <0013>] TJ (a\\)) Tj ET q 1 0 0 1 2 3 cm Q");
  auto again = Parse(SerializeContent(ops));
  ASSERT_EQ(again.size(), ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(again[i].name, ops[i].name);
    ASSERT_EQ(again[i].args.size(), ops[i].args.size());
  }
  ASSERT_EQ(again[4].name, "Tj");
  EXPECT_EQ(again[4].args[0].text, "a)");
}

TEST(Content, SyntaxErrorsFailWithAnOffset) {
  EXPECT_FALSE(ParseContent("(unterminated Tj").ok());
  EXPECT_FALSE(ParseContent("<zz> Tj").ok());
  EXPECT_FALSE(ParseContent("BI /W 1 ID nodata").ok());
  auto r = ParseContent("[1 2 Tj]");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("byte"), std::string::npos);
}

// Found by fuzz_content: numbers over ~1e57 were cut by a 64-byte buffer and written back
// as other numbers.
TEST(Content, HugeNumbersSurviveSerialization) {
  for (const char* in : {"800480047004400110.04E60 RG", "1e300 0 0 1 0 0 cm", "-123456789012345678901234567890.5 w"}) {
    auto a = ParseContent(in);
    ASSERT_TRUE(a.ok());
    auto b = ParseContent(SerializeContent(a.value()));
    ASSERT_TRUE(b.ok());
    ASSERT_EQ(a.value().size(), b.value().size());
    for (std::size_t i = 0; i < a.value().size(); ++i)
      for (std::size_t j = 0; j < a.value()[i].args.size(); ++j) {
        const double x = a.value()[i].args[j].number, y = b.value()[i].args[j].number;
        EXPECT_LE(std::fabs(x - y), 1e-6 * std::max(1.0, std::fabs(x))) << in;
      }
  }
}

TEST(Content, DeepNestingIsRefused) {
  std::string deep(10000, '[');
  EXPECT_FALSE(ParseContent(deep).ok());
}

}  // namespace
}  // namespace redact::pdf
