// Font model: font dictionaries built in memory with PoDoFo (simple fonts with base
// encodings and /Differences, Type0 with Identity-H/V, embedded and Unicode CMaps, /W and
// /W2, Type3 FontMatrix widths) and the cases that must fail closed.
#include "pdf/font.hpp"

#include <gtest/gtest.h>
#include <podofo/podofo.h>

#include <initializer_list>
#include <string>

#include "pdf/encodings.hpp"

namespace redact::pdf {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;

PdfObject Int(long long v) { return PdfObject(static_cast<PoDoFo::pdf_int64>(v)); }
PdfObject Real(double v) { return PdfObject(v); }
PdfObject Name(const char* n) { return PdfObject(PdfName(n)); }
PdfObject Arr(std::initializer_list<PdfObject> items) {
  PdfArray a;
  for (const PdfObject& o : items) a.push_back(o);
  return PdfObject(a);
}
PdfObject Nums(std::initializer_list<double> items) {
  PdfArray a;
  for (double v : items) {
    a.push_back(v == static_cast<long long>(v) ? Int(static_cast<long long>(v)) : Real(v));
  }
  return PdfObject(a);
}

const std::string kToUnicodeHead =
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    "/CMapName /Test-UCS def /CMapType 2 def\n"
    "1 begincodespacerange <0000> <FFFF> endcodespacerange\n";
const std::string kToUnicodeTail =
    "\nendcmap CMapName currentdict /CMap defineresource pop end end";

class FontTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
  }

  PdfObject* NewDict() { return doc_.GetObjects().CreateObject(); }
  PdfObject* NewStream(const std::string& data) {
    PdfObject* o = NewDict();
    o->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()));
    return o;
  }
  PdfObject* ToUnicode(const std::string& body) {
    return NewStream(kToUnicodeHead + body + kToUnicodeTail);
  }
  static void Put(PdfObject* d, const char* key, const PdfObject& v) {
    d->GetDictionary().AddKey(PdfName(key), v);
  }
  static void PutRef(PdfObject* d, const char* key, const PdfObject* target) {
    d->GetDictionary().AddKey(PdfName(key), target->Reference());
  }

  // A Type0 font with a CIDFontType2 descendant; returns the Type0 dictionary.
  PdfObject* Type0(const PdfObject& encoding, PdfObject** cid_font_out = nullptr) {
    PdfObject* cid = NewDict();
    Put(cid, "Type", Name("Font"));
    Put(cid, "Subtype", Name("CIDFontType2"));
    Put(cid, "BaseFont", Name("ABCDEF+IPAexMincho"));
    PdfObject* info = NewDict();
    Put(info, "Registry", PdfObject(PoDoFo::PdfString("Adobe")));
    Put(info, "Ordering", PdfObject(PoDoFo::PdfString("Japan1")));
    Put(info, "Supplement", Int(6));
    PutRef(cid, "CIDSystemInfo", info);
    PdfObject* f = NewDict();
    Put(f, "Type", Name("Font"));
    Put(f, "Subtype", Name("Type0"));
    Put(f, "BaseFont", Name("ABCDEF+IPAexMincho"));
    Put(f, "Encoding", encoding);
    Put(f, "DescendantFonts", Arr({PdfObject(cid->Reference())}));
    if (cid_font_out != nullptr) *cid_font_out = cid;
    return f;
  }

  std::shared_ptr<const Font> MustLoad(const PdfObject* f) {
    auto r = Font::Load(*f, &doc_.GetObjects());
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().message());
    return r.ok() ? r.value() : nullptr;
  }
  std::string LoadError(const PdfObject* f) {
    auto r = Font::Load(*f, &doc_.GetObjects());
    EXPECT_FALSE(r.ok()) << "expected the font to fail closed";
    return r.ok() ? std::string() : r.status().message();
  }

  PoDoFo::PdfMemDocument doc_;
};

std::u32string Text(const std::vector<Glyph>& glyphs) {
  std::u32string s;
  for (const Glyph& g : glyphs) s += g.unicode;
  return s;
}

// ---- glyph names and base encodings (generated tables) ----------------------------------

TEST(FontGlyphNames, FollowTheAglSpecification) {
  EXPECT_EQ(GlyphNameToUnicode("A"), U"A");
  EXPECT_EQ(GlyphNameToUnicode("space"), U" ");
  EXPECT_EQ(GlyphNameToUnicode("kahiragana"), U"か");
  EXPECT_EQ(GlyphNameToUnicode("dalethatafpatah"), U"\u05D3\u05B2");  // an AGL sequence
  EXPECT_EQ(GlyphNameToUnicode("uni5C71"), U"山");
  EXPECT_EQ(GlyphNameToUnicode("uni5C7175300020"), U"山田 ");
  EXPECT_EQ(GlyphNameToUnicode("uni5c71"), U"山");  // lower case: accepted (seen in the wild)
  EXPECT_EQ(GlyphNameToUnicode("u20B9F"), U"\U00020B9F");
  EXPECT_EQ(GlyphNameToUnicode("f_f_i"), U"ffi");
  EXPECT_EQ(GlyphNameToUnicode("one.oldstyle"), U"1");
  EXPECT_EQ(GlyphNameToUnicode("uniD800"), U"");  // surrogates are not characters
  EXPECT_EQ(GlyphNameToUnicode("u110000"), U"");
  EXPECT_EQ(GlyphNameToUnicode("uni30"), U"");
  EXPECT_EQ(GlyphNameToUnicode("g123"), U"");
  EXPECT_EQ(GlyphNameToUnicode("A_g123"), U"");  // one unknown component: no Unicode
  EXPECT_EQ(GlyphNameToUnicode(".notdef"), U"");
  EXPECT_EQ(GlyphNameToUnicode(""), U"");
}

TEST(FontBaseEncodings, MatchPdfAnnexD) {
  using E = BaseEncoding;
  EXPECT_EQ(BaseEncodingUnicode(E::kStandard, 0x27), U'\u2019');  // quoteright
  EXPECT_EQ(BaseEncodingUnicode(E::kStandard, 0xE1), U'\u00C6');  // AE
  EXPECT_EQ(BaseEncodingUnicode(E::kStandard, 0x80), 0u);
  EXPECT_EQ(BaseEncodingUnicode(E::kWinAnsi, 0x80), U'\u20AC');
  EXPECT_EQ(BaseEncodingUnicode(E::kWinAnsi, 0xA0), U' ');       // "space", not NBSP
  EXPECT_EQ(BaseEncodingUnicode(E::kWinAnsi, 0xAD), U'-');       // "hyphen", not SHY
  EXPECT_EQ(BaseEncodingUnicode(E::kWinAnsi, 0x81), U'\u2022');  // unused: bullet
  EXPECT_EQ(BaseEncodingUnicode(E::kWinAnsi, 0x0A), 0u);
  EXPECT_EQ(BaseEncodingUnicode(E::kMacRoman, 0x80), U'\u00C4');
  EXPECT_EQ(BaseEncodingUnicode(E::kMacRoman, 0xDB), U'\u00A4');  // currency
  EXPECT_EQ(BaseEncodingUnicode(E::kMacRoman, 0xF0), 0u);
  EXPECT_TRUE(BaseEncodingFromName("WinAnsiEncoding"));
  EXPECT_FALSE(BaseEncodingFromName("MacExpertEncoding"));
}

// ---- simple fonts -----------------------------------------------------------------------

TEST_F(FontTest, StandardSymbolFontWithoutDescriptorHasNoUnicode) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Symbol"));
  Put(f, "FirstChar", Int(32));
  Put(f, "Widths", Nums({250, 333}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_FALSE(font->has_unicode());  // its built-in encoding is not built in here
  EXPECT_EQ(Text(font->Decode("a")), U"");
}

TEST_F(FontTest, SimpleWinAnsiWithDifferences) {
  PdfObject* desc = NewDict();
  Put(desc, "Flags", Int(32));
  Put(desc, "MissingWidth", Int(400));
  Put(desc, "Ascent", Int(905));
  Put(desc, "Descent", Int(-212));
  PdfObject* enc = NewDict();
  Put(enc, "BaseEncoding", Name("WinAnsiEncoding"));
  Put(enc, "Differences",
      Arr({Int(65), Name("Alpha"), Name("uni3042"), Int(128), Name("f_f_i"), Name("u1F600"),
           Name("g123"), Name("A.sc")}));
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("TrueType"));
  Put(f, "BaseFont", Name("Arial"));
  PutRef(f, "FontDescriptor", desc);
  PutRef(f, "Encoding", enc);
  Put(f, "FirstChar", Int(32));
  Put(f, "Widths", Nums({278, 278, 355}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->has_unicode());
  EXPECT_FALSE(font->vertical());
  EXPECT_FALSE(font->type3());
  auto g = font->Decode(std::string("ABC\x80\x81\x82\x83\x92 !", 10));
  ASSERT_EQ(g.size(), 10u);
  EXPECT_EQ(g[0].unicode, U"Α");    // /Alpha
  EXPECT_EQ(g[1].unicode, U"あ");   // /uni3042
  EXPECT_EQ(g[2].unicode, U"C");    // WinAnsi
  EXPECT_EQ(g[3].unicode, U"ffi");  // /f_f_i
  EXPECT_EQ(g[4].unicode, U"\U0001F600");
  EXPECT_EQ(g[5].unicode, U"");        // /g123: no Unicode, even though WinAnsi has one
  EXPECT_EQ(g[6].unicode, U"A");       // /A.sc: suffix dropped
  EXPECT_EQ(g[7].unicode, U"\u2019");  // WinAnsi 0x92
  EXPECT_EQ(g[8].unicode, U" ");
  EXPECT_TRUE(g[8].word_space);
  EXPECT_FALSE(g[0].word_space);
  EXPECT_DOUBLE_EQ(g[8].width, 0.278);
  EXPECT_DOUBLE_EQ(g[9].width, 0.278);
  EXPECT_DOUBLE_EQ(g[0].width, 0.4);  // outside /Widths: MissingWidth
  EXPECT_DOUBLE_EQ(font->ascent(), 0.905);
  EXPECT_DOUBLE_EQ(font->descent(), -0.212);
}

TEST_F(FontTest, SimpleWithoutEncodingUsesStandardEncoding) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Times-Roman"));
  Put(f, "FirstChar", Int(39));
  Put(f, "Widths", Nums({333}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  auto g = font->Decode("'`a");
  EXPECT_EQ(Text(g), U"\u2019\u2018a");  // quoteright, quoteleft in StandardEncoding
  EXPECT_DOUBLE_EQ(g[0].width, 0.333);
  EXPECT_DOUBLE_EQ(g[1].width, 0.0);
  EXPECT_DOUBLE_EQ(font->ascent(), 0.88);  // defaults
  EXPECT_DOUBLE_EQ(font->descent(), -0.12);
}

TEST_F(FontTest, SimpleMacRomanEncoding) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("TrueType"));
  Put(f, "BaseFont", Name("Geneva"));
  Put(f, "Encoding", Name("MacRomanEncoding"));
  Put(f, "FirstChar", Int(0));
  Put(f, "Widths", Nums({}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_EQ(Text(font->Decode("\x8a\xca\xdb")), U"ä \u00A4");
}

TEST_F(FontTest, ToUnicodeWinsOverEncoding) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Helvetica"));
  Put(f, "Encoding", Name("WinAnsiEncoding"));
  Put(f, "FirstChar", Int(65));
  Put(f, "Widths", Nums({667, 667}));
  PutRef(f, "ToUnicode", ToUnicode("1 beginbfchar <41> <5C71> endbfchar"));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_EQ(Text(font->Decode("AB")), U"山B");  // B falls back to the encoding
}

TEST_F(FontTest, SymbolicTrueTypeWithoutEncodingFallsBackToToUnicode) {
  PdfObject* desc = NewDict();
  Put(desc, "Flags", Int(4));
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("TrueType"));
  Put(f, "BaseFont", Name("ABCDEF+MS-Mincho"));
  PutRef(f, "FontDescriptor", desc);
  Put(f, "FirstChar", Int(1));
  Put(f, "Widths", Nums({1000, 1000}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_FALSE(font->has_unicode());
  EXPECT_EQ(Text(font->Decode("\x01\x41")), U"");

  PutRef(f, "ToUnicode", ToUnicode("1 beginbfrange <01> <02> <7530> endbfrange"));
  font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->has_unicode());
  auto g = font->Decode("\x01\x02\x41");
  EXPECT_EQ(g[0].unicode, U"田");
  EXPECT_EQ(g[1].unicode, U"由");
  EXPECT_EQ(g[2].unicode, U"");  // symbolic: no StandardEncoding guess
  EXPECT_DOUBLE_EQ(g[0].width, 1.0);
}

TEST_F(FontTest, EmbeddedType1BuiltInEncoding) {
  std::string clear =
      "%!PS-AdobeFont-1.0: TestFont 001.000\n"
      "/FontName /TestFont def\n"
      "/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n"
      "dup 65 /aring put\ndup 66 /uni5C71 put\nreadonly def\n"
      "currentdict end\ncurrentfile eexec\n";
  std::string program = clear + std::string("\xde\xad\xbe\xef", 4);
  PdfObject* file = NewStream(program);
  Put(file, "Length1", Int(static_cast<long long>(clear.size())));
  Put(file, "Length2", Int(4));
  Put(file, "Length3", Int(0));
  PdfObject* desc = NewDict();
  Put(desc, "Flags", Int(4));
  PutRef(desc, "FontFile", file);
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("ABCDEF+TestFont"));
  PutRef(f, "FontDescriptor", desc);
  Put(f, "FirstChar", Int(65));
  Put(f, "Widths", Nums({500, 600}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->has_unicode());
  EXPECT_EQ(Text(font->Decode("ABC")), U"å山");
}

TEST_F(FontTest, SimpleWithoutWidthsFailsClosed) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Helvetica"));
  std::string e = LoadError(f);
  EXPECT_NE(e.find("/Helvetica"), std::string::npos) << e;
  EXPECT_NE(e.find("(object " + std::to_string(f->Reference().ObjectNumber()) + ")"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("/Widths"), std::string::npos) << e;
}

TEST_F(FontTest, UnsupportedEncodingNameWithoutToUnicodeFailsClosed) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Expert"));
  Put(f, "Encoding", Name("MacExpertEncoding"));
  Put(f, "FirstChar", Int(32));
  Put(f, "Widths", Nums({250}));
  EXPECT_NE(LoadError(f).find("MacExpertEncoding"), std::string::npos);
}

TEST_F(FontTest, MalformedDifferencesFailClosed) {
  PdfObject* enc = NewDict();
  Put(enc, "Differences", Arr({Name("A"), Int(66)}));
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Helvetica"));
  PutRef(f, "Encoding", enc);
  Put(f, "FirstChar", Int(32));
  Put(f, "Widths", Nums({250}));
  EXPECT_NE(LoadError(f).find("/Differences"), std::string::npos);
}

TEST_F(FontTest, BrokenToUnicodeFailsClosed) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type1"));
  Put(f, "BaseFont", Name("Helvetica"));
  Put(f, "FirstChar", Int(32));
  Put(f, "Widths", Nums({250}));
  PutRef(f, "ToUnicode", ToUnicode("1 beginbfchar <41> <5C7"));
  std::string e = LoadError(f);
  EXPECT_NE(e.find("/ToUnicode: CMap: bad character in hex string at offset"), std::string::npos)
      << e;
}

// ---- Type0 ------------------------------------------------------------------------------

TEST_F(FontTest, Type0IdentityHWithWAndToUnicode) {
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(Name("Identity-H"), &cid);
  Put(cid, "DW", Int(1000));
  Put(cid, "W", Arr({Int(1), Nums({500, 600}), Int(10), Int(20), Int(250)}));
  PdfObject* desc = NewDict();
  Put(desc, "Ascent", Int(880));
  Put(desc, "Descent", Int(-120));
  PutRef(cid, "FontDescriptor", desc);
  PutRef(f, "ToUnicode",
         ToUnicode("1 beginbfchar <0001> <3042> endbfchar\n"
                   "1 beginbfrange <000A> <000C> <4E00> endbfrange"));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->has_unicode());
  EXPECT_FALSE(font->vertical());
  auto g = font->Decode(std::string("\x00\x01\x00\x02\x00\x0b\x00\x20", 8));
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0].unicode, U"あ");
  EXPECT_EQ(g[1].unicode, U"");  // not in the ToUnicode
  EXPECT_EQ(g[2].unicode, U"丁");
  EXPECT_DOUBLE_EQ(g[0].width, 0.5);
  EXPECT_DOUBLE_EQ(g[1].width, 0.6);
  EXPECT_DOUBLE_EQ(g[2].width, 0.25);
  EXPECT_DOUBLE_EQ(g[3].width, 1.0);
  EXPECT_EQ(g[3].nbytes, 2);
  EXPECT_FALSE(g[3].word_space);  // 2-byte code 0x0020: Tw does not apply
  EXPECT_DOUBLE_EQ(font->ascent(), 0.88);
}

TEST_F(FontTest, Type0OddByteIsAnInvalidGlyph) {
  PdfObject* f = Type0(Name("Identity-H"));
  PutRef(f, "ToUnicode", ToUnicode("1 beginbfrange <0000> <00FF> <0000> endbfrange"));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  auto g = font->Decode(std::string("\x00\x41\x42", 3));
  ASSERT_EQ(g.size(), 2u);
  EXPECT_TRUE(g[0].valid);
  EXPECT_FALSE(g[1].valid);
  EXPECT_EQ(g[1].unicode, U"");
}

TEST_F(FontTest, Type0IdentityWithoutToUnicodeHasNoUnicode) {
  auto font = MustLoad(Type0(Name("Identity-H")));
  ASSERT_TRUE(font);
  EXPECT_FALSE(font->has_unicode());
  EXPECT_EQ(Text(font->Decode(std::string("\x03\x9b", 2))), U"");
}

TEST_F(FontTest, Type0IdentityVWithW2) {
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(Name("Identity-V"), &cid);
  Put(cid, "W", Arr({Int(1), Nums({600}), Int(2), Int(3), Int(400)}));
  Put(cid, "DW2", Nums({860, -1020}));
  Put(cid, "W2",
      Arr({Int(1), Nums({-900, 300, 800}), Int(5), Int(6), Int(-1100), Int(400), Int(900)}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->vertical());
  auto g = font->Decode(std::string("\x00\x01\x00\x06\x00\x02\x00\x07", 8));
  ASSERT_EQ(g.size(), 4u);
  EXPECT_DOUBLE_EQ(g[0].width, 0.6);
  EXPECT_DOUBLE_EQ(g[0].vertical_advance, -0.9);
  EXPECT_DOUBLE_EQ(g[0].vx, 0.3);
  EXPECT_DOUBLE_EQ(g[0].vy, 0.8);
  EXPECT_DOUBLE_EQ(g[1].vertical_advance, -1.1);
  EXPECT_DOUBLE_EQ(g[1].vx, 0.4);
  EXPECT_DOUBLE_EQ(g[1].vy, 0.9);
  // Not in /W2: /DW2 and vx = half the horizontal width.
  EXPECT_DOUBLE_EQ(g[2].vertical_advance, -1.02);
  EXPECT_DOUBLE_EQ(g[2].vx, 0.2);
  EXPECT_DOUBLE_EQ(g[2].vy, 0.86);
  EXPECT_DOUBLE_EQ(g[3].vx, 0.5);  // DW 1000 / 2
}

TEST_F(FontTest, Type0VerticalDefaultsWithoutDW2) {
  auto font = MustLoad(Type0(Name("Identity-V")));
  ASSERT_TRUE(font);
  auto g = font->Decode(std::string("\x12\x34", 2));
  ASSERT_EQ(g.size(), 1u);
  EXPECT_DOUBLE_EQ(g[0].vertical_advance, -1.0);
  EXPECT_DOUBLE_EQ(g[0].vy, 0.88);
  EXPECT_DOUBLE_EQ(g[0].vx, 0.5);
}

TEST_F(FontTest, Type0EmbeddedCMapMapsCodesToCids) {
  PdfObject* cmap = NewStream(
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
      "/CMapName /Test-RKSJ-H def /CMapType 1 def /WMode 0 def\n"
      "2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange\n"
      "1 begincidrange <20> <7E> 231 endcidrange\n"
      "1 begincidchar <82A0> 842 endcidchar\n"
      "endcmap CMapName currentdict /CMap defineresource pop end end");
  Put(cmap, "Type", Name("CMap"));
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(PdfObject(cmap->Reference()), &cid);
  Put(cid, "W", Arr({Int(231), Int(325), Int(500), Int(842), Nums({900})}));
  PutRef(f, "ToUnicode",
         ToUnicode("1 beginbfchar <82A0> <3042> endbfchar\n"
                   "1 beginbfrange <20> <7E> <0020> endbfrange"));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  auto g = font->Decode(std::string("A \x82\xa0", 4));
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(Text(g), U"A あ");
  EXPECT_EQ(g[0].nbytes, 1);
  EXPECT_EQ(g[2].nbytes, 2);
  EXPECT_DOUBLE_EQ(g[0].width, 0.5);
  EXPECT_DOUBLE_EQ(g[2].width, 0.9);
  EXPECT_TRUE(g[1].word_space);  // 1-byte code 32 in a composite font
}

TEST_F(FontTest, Type0EmbeddedCMapMayUseIdentity) {
  PdfObject* cmap = NewStream("1 begincidchar <0005> 700 endcidchar");
  Put(cmap, "UseCMap", Name("Identity-V"));
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(PdfObject(cmap->Reference()), &cid);
  Put(cid, "W", Arr({Int(700), Nums({300}), Int(6), Nums({400})}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  // usecmap imports mappings, not the writing mode: the CMap's own /WMode decides.
  EXPECT_FALSE(font->vertical());
  auto g = font->Decode(std::string("\x00\x05\x00\x06", 4));
  ASSERT_EQ(g.size(), 2u);
  EXPECT_DOUBLE_EQ(g[0].width, 0.3);
  EXPECT_DOUBLE_EQ(g[1].width, 0.4);
  Put(cmap, "WMode", Int(1));
  font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->vertical());
}

TEST_F(FontTest, Type0EmbeddedCMapUsingAnotherCMapFailsClosed) {
  PdfObject* cmap = NewStream("1 begincidchar <0005> 700 endcidchar");
  Put(cmap, "UseCMap", Name("90ms-RKSJ-H"));
  std::string e = LoadError(Type0(PdfObject(cmap->Reference())));
  EXPECT_NE(e.find("90ms-RKSJ-H"), std::string::npos) << e;
}

TEST_F(FontTest, Type0UniJisUcs2H) {
  auto font = MustLoad(Type0(Name("UniJIS-UCS2-H")));
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->has_unicode());
  auto g = font->Decode(std::string("\x5c\x71\x75\x30", 4));
  EXPECT_EQ(Text(g), U"山田");
  EXPECT_DOUBLE_EQ(g[0].width, 1.0);
}

TEST_F(FontTest, Type0UniJisUtf16H) {
  auto font = MustLoad(Type0(Name("UniJIS-UTF16-H")));
  ASSERT_TRUE(font);
  EXPECT_EQ(Text(font->Decode(std::string("\xd8\x40\xdc\x0b\x30\x42", 6))), U"\U0002000Bあ");
}

TEST_F(FontTest, Type0UnicodeCMapWithPerCidWidthsFailsClosed) {
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(Name("UniJIS-UCS2-H"), &cid);
  Put(cid, "W", Arr({Int(1), Int(95), Int(500)}));
  std::string e = LoadError(f);
  EXPECT_NE(e.find("UniJIS-UCS2-H"), std::string::npos) << e;
}

TEST_F(FontTest, Type0ShiftJisCMapFailsClosed) {
  PdfObject* f = Type0(Name("90ms-RKSJ-H"));
  std::string e = LoadError(f);
  EXPECT_NE(e.find("font /ABCDEF+IPAexMincho (object " +
                   std::to_string(f->Reference().ObjectNumber()) + ")"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("90ms-RKSJ-H"), std::string::npos) << e;
  EXPECT_NE(e.find("not supported"), std::string::npos) << e;
}

TEST_F(FontTest, Type0WithoutDescendantFontsFailsClosed) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type0"));
  Put(f, "BaseFont", Name("MS-Gothic"));
  Put(f, "Encoding", Name("Identity-H"));
  EXPECT_NE(LoadError(f).find("/DescendantFonts"), std::string::npos);
  Put(f, "DescendantFonts", Arr({}));
  EXPECT_NE(LoadError(f).find("/DescendantFonts"), std::string::npos);
}

TEST_F(FontTest, Type0MalformedWFailsClosed) {
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(Name("Identity-H"), &cid);
  Put(cid, "W", Arr({Int(1), Int(2)}));
  EXPECT_NE(LoadError(f).find("malformed /W"), std::string::npos);
  Put(cid, "W", Arr({Int(5), Int(2), Int(500)}));
  EXPECT_NE(LoadError(f).find("malformed /W"), std::string::npos);
}

TEST_F(FontTest, Type0HugeWRangeStaysCompact) {
  PdfObject* cid = nullptr;
  PdfObject* f = Type0(Name("Identity-H"), &cid);
  Put(cid, "W", Arr({Int(0), Int(4294967295LL), Int(500), Int(100), Nums({700})}));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  auto g = font->Decode(std::string("\x00\x63\x00\x64\x00\x65", 6));
  EXPECT_DOUBLE_EQ(g[0].width, 0.5);
  EXPECT_DOUBLE_EQ(g[1].width, 0.7);
  EXPECT_DOUBLE_EQ(g[2].width, 0.5);
}

// ---- Type3 ------------------------------------------------------------------------------

TEST_F(FontTest, Type3WidthsThroughFontMatrix) {
  PdfObject* enc = NewDict();
  Put(enc, "Differences", Arr({Int(65), Name("A"), Name("g7")}));
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type3"));
  Put(f, "FontMatrix", Nums({0.01, 0, 0, 0.01, 0, 0}));
  Put(f, "FontBBox", Nums({0, -20, 100, 80}));
  PutRef(f, "Encoding", enc);
  Put(f, "FirstChar", Int(65));
  Put(f, "Widths", Nums({50, 100}));
  Put(f, "CharProcs", PdfObject(PoDoFo::PdfDictionary()));
  auto font = MustLoad(f);
  ASSERT_TRUE(font);
  EXPECT_TRUE(font->type3());
  EXPECT_DOUBLE_EQ(font->font_matrix()[0], 0.01);
  auto g = font->Decode("AB");
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].unicode, U"A");
  EXPECT_EQ(g[1].unicode, U"");  // /g7 has no Unicode
  EXPECT_DOUBLE_EQ(g[0].width, 0.5);
  EXPECT_DOUBLE_EQ(g[1].width, 1.0);
  EXPECT_DOUBLE_EQ(font->ascent(), 0.8);
  EXPECT_DOUBLE_EQ(font->descent(), -0.2);
}

TEST_F(FontTest, Type3WithoutEncodingOrWithRotatedMatrixFailsClosed) {
  PdfObject* f = NewDict();
  Put(f, "Subtype", Name("Type3"));
  Put(f, "FontMatrix", Nums({0.001, 0, 0, 0.001, 0, 0}));
  Put(f, "FirstChar", Int(65));
  Put(f, "Widths", Nums({500}));
  EXPECT_NE(LoadError(f).find("/Encoding"), std::string::npos);
  Put(f, "FontMatrix", Nums({0, 0.001, -0.001, 0, 0, 0}));
  EXPECT_NE(LoadError(f).find("/FontMatrix"), std::string::npos);
}

// ---- other dictionaries -----------------------------------------------------------------

TEST_F(FontTest, UnsupportedDictionariesFailClosed) {
  PdfObject* f = NewDict();
  EXPECT_NE(LoadError(f).find("no /Subtype"), std::string::npos);
  Put(f, "Subtype", Name("CIDFontType2"));
  EXPECT_NE(LoadError(f).find("CIDFont"), std::string::npos);
  Put(f, "Subtype", Name("OpenType"));
  EXPECT_NE(LoadError(f).find("unsupported font subtype OpenType"), std::string::npos);
  PdfObject direct(static_cast<PoDoFo::pdf_int64>(3));
  auto r = Font::Load(direct, &doc_.GetObjects());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a dictionary"), std::string::npos);
}

TEST_F(FontTest, DanglingReferencesAreMissingKeys) {
  PdfObject* f = Type0(Name("Identity-H"));
  f->GetDictionary().AddKey(PdfName("DescendantFonts"),
                            Arr({PdfObject(PoDoFo::PdfReference(9999, 0))}));
  EXPECT_NE(LoadError(f).find("descendant"), std::string::npos);
}

}  // namespace
}  // namespace redact::pdf
