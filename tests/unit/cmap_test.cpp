// CMap parser: codespace splitting (PDF 32000 9.7.6.2), bfchar/bfrange in all their forms,
// CID mappings, usecmap, predefined Unicode CMaps, and hostile or malformed programs.
#include "pdf/cmap.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace redact::pdf {
namespace {

// A ToUnicode CMap as producers write it, around the given body.
std::string Wrap(const std::string& body) {
  return "%!PS-Adobe-3.0 Resource-CMap\n"
         "/CIDInit /ProcSet findresource begin\n"
         "12 dict begin\n"
         "begincmap\n"
         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
         "/CMapName /Adobe-Identity-UCS def\n"
         "/CMapType 2 def\n"
         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
         body +
         "\nendcmap\n"
         "CMapName currentdict /CMap defineresource pop\n"
         "end\nend\n";
}

CMap MustParse(const std::string& program) {
  auto r = CMap::Parse(program);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().message());
  return r.ok() ? std::move(r.value()) : CMap();
}

std::string ParseError(const std::string& program) {
  auto r = CMap::Parse(program);
  EXPECT_FALSE(r.ok()) << "expected an error";
  return r.ok() ? std::string() : r.status().message();
}

// ---- codespace and Split ----------------------------------------------------------------

TEST(CMap, SplitsMixedLengthCodesByCodespace) {
  CMap m = MustParse("2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange");
  bool valid = false;
  auto codes = m.Split(std::string("A\x81\x40\x9f\xfc ", 6), &valid);
  EXPECT_TRUE(valid);
  ASSERT_EQ(codes.size(), 4u);
  EXPECT_EQ(codes[0].code, 0x41u);
  EXPECT_EQ(codes[0].nbytes, 1);
  EXPECT_EQ(codes[1].code, 0x8140u);
  EXPECT_EQ(codes[1].nbytes, 2);
  EXPECT_EQ(codes[2].code, 0x9FFCu);
  EXPECT_EQ(codes[3].code, 0x20u);
}

TEST(CMap, CodespaceBoundsApplyPerByte) {
  // 0x81FD lies numerically between 8140 and 9FFC, but its second byte is above FC.
  CMap m = MustParse("1 begincodespacerange <8140> <9FFC> endcodespacerange");
  bool valid = true;
  auto codes = m.Split(std::string("\x81\xfd", 2), &valid);
  EXPECT_FALSE(valid);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_FALSE(codes[0].valid);
  EXPECT_EQ(codes[0].nbytes, 2);
}

TEST(CMap, UnmatchedBytesTakeTheShortestRangeLength) {
  CMap m = MustParse("2 begincodespacerange <8140> <9FFC> <E040E040> <EFFCEFFC> endcodespacerange");
  bool valid = true;
  auto codes = m.Split(std::string("\x20\x20\x81\x40", 4), &valid);
  EXPECT_FALSE(valid);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_FALSE(codes[0].valid);
  EXPECT_EQ(codes[0].nbytes, 2);
  EXPECT_EQ(codes[0].code, 0x2020u);
  EXPECT_TRUE(codes[1].valid);
  EXPECT_EQ(codes[1].code, 0x8140u);
}

TEST(CMap, TruncatedTrailingByteIsOneInvalidCode) {
  CMap m = CMap::Identity();
  bool valid = true;
  auto codes = m.Split(std::string("\x30\x42\x30", 3), &valid);
  EXPECT_FALSE(valid);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].code, 0x3042u);
  EXPECT_TRUE(codes[0].valid);
  EXPECT_EQ(codes[1].nbytes, 1);
  EXPECT_FALSE(codes[1].valid);
}

TEST(CMap, FourByteCodes) {
  CMap m = MustParse("1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange");
  auto codes = m.Split(std::string("\x01\x02\x03\x04\xff\xff\xff\xff", 8));
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].code, 0x01020304u);
  EXPECT_EQ(codes[1].code, 0xFFFFFFFFu);
  EXPECT_EQ(codes[1].nbytes, 4);
}

TEST(CMap, WithoutCodespaceSplitsByteByByte) {
  CMap m = MustParse("% only a comment: no codespace\n");
  auto codes = m.Split("ab");
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[1].code, 0x62u);
}

// ---- bfchar / bfrange -------------------------------------------------------------------

TEST(CMap, BfcharWithHexDestination) {
  CMap m = MustParse(Wrap("2 beginbfchar\n<0001> <3042>\n<0002> <5C71>\nendbfchar"));
  EXPECT_TRUE(m.has_unicode());
  EXPECT_EQ(m.ToUnicode(1), U"あ");
  EXPECT_EQ(m.ToUnicode(2), U"山");
  EXPECT_EQ(m.ToUnicode(3), U"");
}

TEST(CMap, BfcharWithSurrogatePair) {
  CMap m = MustParse(Wrap("1 beginbfchar <0010> <D840DC0B> endbfchar"));
  EXPECT_EQ(m.ToUnicode(0x10), U"\U0002000B");
}

TEST(CMap, BfcharWithLigatureDestination) {
  CMap m = MustParse(Wrap("1 beginbfchar <0003> <006600660069> endbfchar"));
  EXPECT_EQ(m.ToUnicode(3), U"ffi");
}

TEST(CMap, BfcharWithGlyphNameDestination) {
  CMap m = MustParse(Wrap("1 beginbfchar <20> /space endbfchar"));
  EXPECT_EQ(m.ToUnicode(0x20), U" ");
}

TEST(CMap, BfcharWithLiteralStrings) {
  CMap m = MustParse(Wrap("1 beginbfchar (\\000A) (\\0000\\000B) endbfchar"));
  EXPECT_EQ(m.ToUnicode(0x41), U"0B");
}

TEST(CMap, BfrangeIncrementsTheLastUnit) {
  CMap m = MustParse(Wrap("1 beginbfrange <0010> <0012> <0041> endbfrange"));
  EXPECT_EQ(m.ToUnicode(0x10), U"A");
  EXPECT_EQ(m.ToUnicode(0x11), U"B");
  EXPECT_EQ(m.ToUnicode(0x12), U"C");
  EXPECT_EQ(m.ToUnicode(0x13), U"");
}

TEST(CMap, BfrangeIncrementsTheLowSurrogate) {
  CMap m = MustParse(Wrap("1 beginbfrange <0100> <0102> <D835DC00> endbfrange"));
  EXPECT_EQ(m.ToUnicode(0x100), U"\U0001D400");
  EXPECT_EQ(m.ToUnicode(0x102), U"\U0001D402");
}

TEST(CMap, BfrangeWithMultiCharacterDestinationIncrementsLastCharacter) {
  CMap m = MustParse(Wrap("1 beginbfrange <0005> <0006> <00660066> endbfrange"));
  EXPECT_EQ(m.ToUnicode(5), U"ff");
  EXPECT_EQ(m.ToUnicode(6), U"fg");
}

TEST(CMap, BfrangeWithArrayDestination) {
  CMap m =
      MustParse(Wrap("1 beginbfrange <0020> <0022> [<0041> <006600660069> <D83DDE00>] endbfrange"));
  EXPECT_EQ(m.ToUnicode(0x20), U"A");
  EXPECT_EQ(m.ToUnicode(0x21), U"ffi");
  EXPECT_EQ(m.ToUnicode(0x22), U"\U0001F600");
}

TEST(CMap, BfrangeArrayShorterThanRangeLeavesTheRestUnmapped) {
  CMap m = MustParse(Wrap("1 beginbfrange <0020> <0023> [<0041> <0042>] endbfrange"));
  EXPECT_EQ(m.ToUnicode(0x21), U"B");
  EXPECT_EQ(m.ToUnicode(0x22), U"");
  EXPECT_EQ(m.ToUnicode(0x23), U"");
}

TEST(CMap, BfrangeIncrementPastFFFFIsUnmapped) {
  CMap m = MustParse(Wrap("1 beginbfrange <0000> <0002> <FFFF> endbfrange"));
  EXPECT_EQ(m.ToUnicode(0), U"\uFFFF");
  EXPECT_EQ(m.ToUnicode(1), U"");
}

TEST(CMap, LaterDefinitionsWin) {
  CMap m =
      MustParse(Wrap("1 beginbfrange <0000> <00FF> <0000> endbfrange\n"
                     "1 beginbfchar <0041> <3042> endbfchar\n"
                     "1 beginbfrange <0050> <0051> <4E00> endbfrange"));
  EXPECT_EQ(m.ToUnicode(0x40), U"@");
  EXPECT_EQ(m.ToUnicode(0x41), U"あ");
  EXPECT_EQ(m.ToUnicode(0x42), U"B");
  EXPECT_EQ(m.ToUnicode(0x50), U"一");
  EXPECT_EQ(m.ToUnicode(0x51), U"丁");
  EXPECT_EQ(m.ToUnicode(0x52), U"R");
}

TEST(CMap, FullTwoByteBfrangeStaysOneRange) {
  CMap m = MustParse(Wrap("1 beginbfrange <0000> <FFFF> <0000> endbfrange"));
  EXPECT_EQ(m.ToUnicode(0x3042), U"あ");
  EXPECT_EQ(m.ToUnicode(0xFFFF), U"\uFFFF");
}

TEST(CMap, EmptyDestinationIsUnmapped) {
  CMap m = MustParse(Wrap("1 beginbfchar <0003> <> endbfchar"));
  EXPECT_EQ(m.ToUnicode(3), U"");
}

// ---- CIDs, usecmap, WMode ---------------------------------------------------------------

TEST(CMap, CidcharAndCidrange) {
  CMap m = MustParse(
      "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
      "1 begincidchar <0041> 34 endcidchar\n"
      "1 begincidrange <3000> <30FF> 633 endcidrange\n"
      "1 beginnotdefrange <0000> <001F> 1 endnotdefrange");
  EXPECT_TRUE(m.knows_cids());
  EXPECT_FALSE(m.has_unicode());
  EXPECT_EQ(m.ToCid(0x41), 34u);
  EXPECT_EQ(m.ToCid(0x3000), 633u);
  EXPECT_EQ(m.ToCid(0x3042), 633u + 0x42);
  EXPECT_EQ(m.ToCid(0x0005), 0u);  // notdefrange ignored: unmapped → CID 0
}

TEST(CMap, CidrangeOverriddenInTheMiddleKeepsItsOffsets) {
  CMap m = MustParse(
      "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
      "1 begincidrange <0100> <01FF> 1000 endcidrange\n"
      "1 begincidchar <0150> 7 endcidchar");
  EXPECT_EQ(m.ToCid(0x14F), 1000u + 0x4F);
  EXPECT_EQ(m.ToCid(0x150), 7u);
  EXPECT_EQ(m.ToCid(0x151), 1000u + 0x51);
}

TEST(CMap, WithoutCidMappingsCidIsTheCode) {
  CMap m = MustParse("1 begincodespacerange <0000> <FFFF> endcodespacerange");
  EXPECT_EQ(m.ToCid(0x1234), 0x1234u);
}

TEST(CMap, UsecmapIdentityInheritsIdentityMapping) {
  CMap m = MustParse("/Identity-H usecmap\n1 begincidchar <0001> 500 endcidchar");
  EXPECT_EQ(m.ToCid(1), 500u);
  EXPECT_EQ(m.ToCid(2), 2u);
  auto codes = m.Split(std::string("\x00\x01\x12\x34", 4));
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[1].code, 0x1234u);
}

TEST(CMap, UsecmapOfAnotherCMapIsAnError) {
  std::string e = ParseError("/90ms-RKSJ-H usecmap\n");
  EXPECT_NE(e.find("usecmap"), std::string::npos) << e;
  EXPECT_NE(e.find("90ms-RKSJ-H"), std::string::npos) << e;
}

TEST(CMap, WModeOneIsVertical) {
  EXPECT_TRUE(
      MustParse("/WMode 1 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange").vertical());
  EXPECT_FALSE(MustParse(Wrap("/WMode 0 def")).vertical());
}

TEST(CMap, SkipsPostScriptCommentsAndOddWhitespace) {
  std::string p = Wrap(
      "% a comment with <unbalanced> ( brackets\n"
      "/Foo { dup 3 gt { pop } if } bind def\n"
      "/Bar (a (nested) string with \\) escape) def\n"
      "1\tbeginbfchar\r\n< 00 4 1 >\f<30\n42>" +
      std::string(1, '\0') + " endbfchar");
  CMap m = MustParse(p);
  EXPECT_EQ(m.ToUnicode(0x41), U"あ");
}

TEST(CMap, OddHexDigitCountIsPaddedWithZero) {
  CMap m = MustParse(Wrap("1 beginbfchar <41> <304> endbfchar"));
  EXPECT_EQ(m.ToUnicode(0x41), U"\u3040");
}

// ---- predefined CMaps -------------------------------------------------------------------

TEST(CMap, PredefinedIdentityV) {
  auto m = CMap::Predefined("Identity-V");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->vertical());
  EXPECT_TRUE(m->knows_cids());
  EXPECT_FALSE(m->has_unicode());
}

TEST(CMap, PredefinedUniJisUcs2MapsCodeToUnicode) {
  auto m = CMap::Predefined("UniJIS-UCS2-H");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->has_unicode());
  EXPECT_FALSE(m->knows_cids());
  auto codes = m->Split(std::string("\x30\x42\x00\x41", 4));
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(m->ToUnicode(codes[0].code), U"あ");
  EXPECT_EQ(m->ToUnicode(codes[1].code), U"A");
  EXPECT_EQ(m->ToUnicode(0xD800), U"");  // a lone surrogate is no character
}

TEST(CMap, PredefinedUniJisUtf16SplitsSurrogatePairs) {
  auto m = CMap::Predefined("UniJIS-UTF16-V");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->vertical());
  auto codes = m->Split(std::string("\xd8\x40\xdc\x0b\x4e\x00", 6));
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].nbytes, 4);
  EXPECT_EQ(m->ToUnicode(codes[0].code), U"\U0002000B");
  EXPECT_EQ(m->ToUnicode(codes[1].code), U"一");
}

TEST(CMap, PredefinedUtf8AndUtf32) {
  auto u8 = CMap::Predefined("UniJIS-UTF8-H");
  ASSERT_TRUE(u8.ok());
  auto codes = u8->Split("a\xe3\x81\x82");
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(u8->ToUnicode(codes[1].code), U"あ");
  auto u32 = CMap::Predefined("UniJIS-UTF32-H");
  ASSERT_TRUE(u32.ok());
  codes = u32->Split(std::string("\x00\x02\x00\x0b", 4));
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(u32->ToUnicode(codes[0].code), U"\U0002000B");
}

TEST(CMap, PredefinedShiftJisIsNotSupported) {
  for (const char* name : {"90ms-RKSJ-H", "90ms-RKSJ-V", "H", "Adobe-Japan1-6", "UniJIS-H"}) {
    auto m = CMap::Predefined(name);
    ASSERT_FALSE(m.ok()) << name;
    EXPECT_NE(m.status().message().find("not supported"), std::string::npos);
  }
}

// ---- malformed and hostile programs -----------------------------------------------------

TEST(CMap, RejectsUnclosedBlock) {
  EXPECT_NE(ParseError("1 beginbfchar <0001> <0041>").find("bfchar block not closed"),
            std::string::npos);
}

TEST(CMap, RejectsUnterminatedHexString) {
  EXPECT_NE(ParseError("1 beginbfchar <0001> <004").find("unterminated hex string"),
            std::string::npos);
}

TEST(CMap, RejectsBadHexCharacter) {
  EXPECT_NE(ParseError(Wrap("1 beginbfchar <00G1> <0041> endbfchar")).find("hex"),
            std::string::npos);
}

TEST(CMap, RejectsOddLengthDestination) {
  EXPECT_NE(ParseError(Wrap("1 beginbfchar <0001> <004142> endbfchar")).find("odd length"),
            std::string::npos);
}

TEST(CMap, RejectsCodesLongerThanFourBytes) {
  EXPECT_NE(ParseError(Wrap("1 beginbfchar <0000000001> <0041> endbfchar")).find("5 bytes"),
            std::string::npos);
}

TEST(CMap, RejectsRangeBoundsOfDifferentLength) {
  EXPECT_NE(ParseError(Wrap("1 beginbfrange <00> <00FF> <0041> endbfrange")).find("length"),
            std::string::npos);
}

TEST(CMap, RejectsRangeWithUpperBelowLower) {
  EXPECT_NE(ParseError(Wrap("1 beginbfrange <0010> <0001> <0041> endbfrange")).find("below"),
            std::string::npos);
}

TEST(CMap, RejectsHugeBfrange) {
  std::string e = ParseError(
      "1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
      "1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
  EXPECT_NE(e.find("bfrange of 4294967296 codes"), std::string::npos) << e;
}

TEST(CMap, HugeCidrangeStaysLazy) {
  CMap m = MustParse(
      "1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
      "1 begincidrange <00000000> <FFFFFFFF> 0 endcidrange");
  EXPECT_EQ(m.ToCid(0x1234), 0x1234u);
}

TEST(CMap, RejectsWrongTokensInBlocks) {
  EXPECT_NE(ParseError(Wrap("1 beginbfchar /A <0041> endbfchar")).find("name"), std::string::npos);
  EXPECT_NE(ParseError(Wrap("1 beginbfchar <0001> 65 endbfchar")).find("integer"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap("1 beginbfchar <0001> <0041> def endbfchar")).find("'def'"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap("1 beginbfrange <00> <01> [<0041> 7] endbfrange")).find("array"),
            std::string::npos);
  EXPECT_NE(ParseError("1 beginbfrange <00> <01> [<0041>").find("not closed"), std::string::npos);
  EXPECT_NE(ParseError("1 begincidchar <01> 70000 endcidchar").find("CID out of range"),
            std::string::npos);
  EXPECT_NE(ParseError("1 begincidchar <01> 1.5 endcidchar").find("real"), std::string::npos);
}

TEST(CMap, ErrorsNameTheOffsetNotTheContent) {
  // The destination spells a name in UTF-16; the message must not carry it.
  std::string e = ParseError(Wrap("1 beginbfchar <0001> <5C7130E0> <0002> endbfchar"));
  EXPECT_NE(e.find("offset"), std::string::npos);
  EXPECT_EQ(e.find("5C71"), std::string::npos);
  EXPECT_EQ(e.find("\xe5\xb1\xb1"), std::string::npos);  // 山 in UTF-8
}

TEST(CMap, DeepNestingDoesNotRecurse) {
  std::string p(200000, '[');
  p += std::string(200000, '{');
  p += std::string(100000, '(') + std::string(100000, ')');
  p += Wrap("1 beginbfchar <0001> <0041> endbfchar");
  CMap m = MustParse(p);
  EXPECT_EQ(m.ToUnicode(1), U"A");
}

TEST(CMap, ManyEntriesParseInBoundedTime) {
  std::string body = "beginbfchar\n";
  char buf[32];
  for (int i = 0; i < 65536; ++i) {
    snprintf(buf, sizeof buf, "<%04X> <%04X>\n", i, 0xFFFF - i);
    body += buf;
  }
  body += "endbfchar";
  CMap m = MustParse(Wrap(body));
  EXPECT_EQ(m.ToUnicode(0x0001), U"\uFFFE");
}

TEST(CMap, GarbageAndTruncationsNeverCrash) {
  const std::string valid = Wrap(
      "2 beginbfchar <0001> <3042> <0002> <D840DC0B> endbfchar\n"
      "1 beginbfrange <0010> <0012> [<0041> <0042> <0043>] endbfrange\n"
      "1 begincidrange <0100> <01FF> 10 endcidrange");
  for (size_t cut = 0; cut < valid.size(); ++cut) {
    auto r = CMap::Parse(valid.substr(0, cut));
    if (r.ok()) {
      r->Split("\x00\x01\x00\x10\xff");
      r->ToUnicode(0x11);
    }
  }
  std::mt19937 rng(42);
  const char alphabet[] = "<>[](){}/%0123456789ABCDEFabcdef \n\\beginbfcharrangeendcid";
  for (int round = 0; round < 3000; ++round) {
    std::string p;
    size_t len = rng() % 200;
    for (size_t i = 0; i < len; ++i) {
      p.push_back(rng() % 4 == 0 ? static_cast<char>(rng() % 256)
                                 : alphabet[rng() % (sizeof alphabet - 1)]);
    }
    if (round % 2 == 0) p = Wrap("1 beginbfrange " + p);
    auto r = CMap::Parse(p);
    if (r.ok()) {
      std::string s;
      for (int i = 0; i < 16; ++i) s.push_back(static_cast<char>(rng() % 256));
      for (const CharCode& c : r->Split(s)) r->ToUnicode(c.code), r->ToCid(c.code);
    }
  }
}

TEST(CMap, RefusesOversizedPrograms) {
  std::string p(17u << 20, ' ');
  auto r = CMap::Parse(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("16 MiB"), std::string::npos);
}

}  // namespace
}  // namespace redact::pdf
