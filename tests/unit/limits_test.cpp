// Limits on hostile input (issue #8): each limit hit is an error with a reason, never a
// crash, a hang or a partial result. Documents are built here from object bodies.
#include <gtest/gtest.h>
#include <podofo/podofo.h>
#include <zlib.h>

#include <chrono>
#include <map>
#include <string>

#include "image/codecs.hpp"
#include "image/raster.hpp"
#include "pdf/document_limits.hpp"
#include "pdf/interpreter.hpp"
#include "pdf/sanitize.hpp"

namespace redact::pdf {
namespace {

// A classic-xref PDF from numbered object bodies; object 1 is the catalog.
std::string WritePdf(const std::map<int, std::string>& objs, const std::string& trailer_extra = "") {
  std::string out = "%PDF-1.7\n";
  std::map<int, size_t> at;
  for (const auto& [n, body] : objs) {
    at[n] = out.size();
    out += std::to_string(n) + " 0 obj\n" + body + "\nendobj\n";
  }
  const int size = objs.rbegin()->first + 1;
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(size) + "\n0000000000 65535 f \n";
  char line[32];
  for (int n = 1; n < size; ++n) {
    if (at.count(n)) {
      std::snprintf(line, sizeof line, "%010zu 00000 n \n", at[n]);
      out += line;
    } else {
      out += "0000000000 65535 f \n";
    }
  }
  out += "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R " + trailer_extra +
         ">>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::string Stream(const std::string& data, const std::string& extra = "") {
  return "<< /Length " + std::to_string(data.size()) + " " + extra + ">>\nstream\n" + data +
         "\nendstream";
}

std::string Deflate(const std::string& data) {
  uLongf n = compressBound(data.size());
  std::string z(n, '\0');
  compress2(reinterpret_cast<Bytef*>(z.data()), &n, reinterpret_cast<const Bytef*>(data.data()),
            data.size(), 9);
  z.resize(n);
  return z;
}

// One page drawing `content`, with `resources` and extra objects from 6 on.
std::map<int, std::string> OnePage(const std::string& content, const std::string& resources = "",
                                   std::map<int, std::string> extra = {}) {
  std::map<int, std::string> objs = {
      {1, "<< /Type /Catalog /Pages 2 0 R >>"},
      {2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
      {3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources +
              " >> /Contents 4 0 R >>"},
      {4, Stream(content)},
  };
  objs.insert(extra.begin(), extra.end());
  return objs;
}

Result<PageContent> Interpret(const std::string& pdf, const InterpretLimits& limits = {}) {
  auto doc = LoadPdf(pdf);
  if (!doc.ok()) return doc.status();
  FontCache fonts;
  return InterpretPage(doc.value()->GetPage(0), &doc.value()->GetObjects(), &fonts, limits);
}

std::string Form(const std::string& body, const std::string& res = "") {
  return Stream(body, "/Type /XObject /Subtype /Form /BBox [0 0 10 10] " + res);
}

TEST(Limits, LoadRefusesOverTheByteSizePageAndObjectLimits) {
  const std::string pdf = WritePdf(OnePage("0 0 m 1 1 l S"));
  ASSERT_TRUE(LoadPdf(pdf).ok());
  LoadLimits bytes;
  bytes.max_bytes = pdf.size() - 1;
  EXPECT_NE(LoadPdf(pdf, bytes).status().message().find("PDF too large"), std::string::npos);
  LoadLimits objects;
  objects.max_objects = 2;
  EXPECT_NE(LoadPdf(pdf, objects).status().message().find("too many objects"), std::string::npos);
  LoadLimits pages;
  pages.max_pages = 0;
  EXPECT_NE(LoadPdf(pdf, pages).status().message().find("too many pages"), std::string::npos);
}

TEST(Limits, ContentStreamFlateBombStopsAtTheCap) {
  const std::string data = "0 0 m 1 1 l S\n" + std::string(3 << 20, ' ');
  auto objs = OnePage("");
  objs[4] = Stream(Deflate(data), "/Filter /FlateDecode ");
  InterpretLimits limits;
  limits.max_stream_bytes = 1 << 20;
  auto pc = Interpret(WritePdf(objs), limits);
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("decompression bomb"), std::string::npos) << pc.status().message();
  // Under the cap the same stream reads.
  limits.max_stream_bytes = 4 << 20;
  EXPECT_TRUE(Interpret(WritePdf(objs), limits).ok());
}

TEST(Limits, HighlyCompressedLargeStreamIsABombByRatio) {
  const std::string data = std::string(kRatioCheckFloor + (1 << 20), ' ');
  auto objs = OnePage("");
  objs[4] = Stream(Deflate(data), "/Filter /FlateDecode ");
  auto pc = Interpret(WritePdf(objs));
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("expands more than 500:1"), std::string::npos)
      << pc.status().message();
}

TEST(Limits, FilterChainsDecodeAndUnknownFiltersFailClosed) {
  auto objs = OnePage("");
  objs[4] = Stream("78da" /* not hex of deflate, just a name check */, "/Filter /DCTDecode ");
  auto pc = Interpret(WritePdf(objs));
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("filter /DCTDecode"), std::string::npos);
  // ASCIIHex over Flate, abbreviated names as in inline images.
  std::string z = Deflate("0 0 m 1 1 l S");
  std::string hex;
  for (unsigned char c : z) {
    static const char* d = "0123456789abcdef";
    hex += d[c >> 4];
    hex += d[c & 15];
  }
  objs[4] = Stream(hex + ">", "/Filter [/AHx /Fl] ");
  auto ok = Interpret(WritePdf(objs));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok.value().paths.size(), 1u);
}

TEST(Limits, FormXObjectFanOutIsRefusedNotRunForever) {
  // Nine forms, each drawing the next twelve times: 12^9 drawings from a few hundred bytes.
  std::map<int, std::string> extra;
  std::string twelve;
  for (int i = 0; i < 12; ++i) twelve += "/X Do ";
  for (int i = 0; i < 9; ++i)
    extra[6 + i] = Form(twelve, "/Resources << /XObject << /X " + std::to_string(7 + i) + " 0 R >> >> ");
  extra[15] = Form("0 0 m 1 1 l S");
  auto objs = OnePage("/X Do", "/XObject << /X 6 0 R >>", extra);
  const auto start = std::chrono::steady_clock::now();
  InterpretLimits limits;
  limits.max_ops_executed = 200'000;  // the default (4 M) is slow under sanitizers
  auto pc = Interpret(WritePdf(objs), limits);
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("page too complex"), std::string::npos) << pc.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST(Limits, PageDeadlineStopsInterpretation) {
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "0 0 m 1 1 l S\n";
  InterpretLimits limits;
  limits.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto pc = Interpret(WritePdf(OnePage(many)), limits);
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("time limit"), std::string::npos);
  // The per-page budget applies when the absolute deadline is later.
  InterpretLimits per_page;
  per_page.max_page_seconds = 0;
  pc = Interpret(WritePdf(OnePage(many)), per_page);
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("time limit"), std::string::npos);
  EXPECT_TRUE(Interpret(WritePdf(OnePage(many))).ok());
}

TEST(Limits, SelfDrawingFormAndDeepChainsAreRefused) {
  auto cycle = OnePage("/X Do", "/XObject << /X 6 0 R >>",
                       {{6, Form("/X Do", "/Resources << /XObject << /X 6 0 R >> >> ")}});
  auto pc = Interpret(WritePdf(cycle));
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("cycle"), std::string::npos);
  std::map<int, std::string> chain;
  for (int i = 0; i < 20; ++i)
    chain[6 + i] = Form("/X Do", "/Resources << /XObject << /X " + std::to_string(7 + i) + " 0 R >> >> ");
  chain[26] = Form("0 0 m 1 1 l S");
  pc = Interpret(WritePdf(OnePage("/X Do", "/XObject << /X 6 0 R >>", chain)));
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("nested too deep"), std::string::npos);
}

TEST(Limits, ToUnicodeBombIsRefusedByTheFontLoader) {
  const std::string font =
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
      "/ToUnicode 6 0 R >>";
  auto objs = OnePage("BT /F1 12 Tf 10 10 Td (a) Tj ET", "/Font << /F1 5 0 R >>",
                      {{5, font}, {6, Stream(Deflate(std::string(17 << 20, ' ')), "/Filter /FlateDecode ")}});
  auto pc = Interpret(WritePdf(objs));
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.status().message().find("decompression bomb"), std::string::npos) << pc.status().message();
}

TEST(Limits, Jbig2WithMissingGlobalsIsRefused) {
  PoDoFo::PdfError::EnableLogging(false);
  const std::string pdf = WritePdf(OnePage(
      "q 10 0 0 10 0 0 cm /Im Do Q", "/XObject << /Im 6 0 R >>",
      {{6, Stream(std::string(40, '\0'),
                  "/Type /XObject /Subtype /Image /Width 8 /Height 8 /BitsPerComponent 1 "
                  "/ColorSpace /DeviceGray /Filter /JBIG2Decode /DecodeParms << /JBIG2Globals 99 0 R >> ")}}));
  auto doc = LoadPdf(pdf);
  ASSERT_TRUE(doc.ok());
  auto* img = doc.value()->GetObjects().GetObject(PoDoFo::PdfReference(6, 0));
  ASSERT_NE(img, nullptr);
  auto decoded = image::DecodePdfImage(*img, &doc.value()->GetObjects());
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("JBIG2Globals"), std::string::npos) << decoded.status().message();
}

// Found by fuzz_pdf: a trailer whose /Info is the catalog (or a page) made the sanitizer
// free an object PoDoFo still pointed at. The key is unlinked, the object stays, and the
// Info entries placed in it are cut with the catalog's unknown keys.
TEST(Limits, InfoThatIsTheCatalogOrAPageIsNotFreed) {
  for (const char* info : {"1 0 R", "3 0 R"}) {
    auto objs = OnePage("0 0 m 1 1 l S");
    objs[1] = "<< /Type /Catalog /Pages 2 0 R /Author (Yamada Taro) >>";
    auto doc = LoadPdf(WritePdf(objs, std::string("/Info ") + info + " "));
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    SanitizeReport report;
    ASSERT_TRUE(Sanitize(doc.value().get(), &report).ok());
    std::string out;
    ASSERT_TRUE(WriteFresh(doc.value().get(), &out).ok());
    EXPECT_EQ(out.find("Yamada"), std::string::npos) << info;
    auto again = LoadPdf(out);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(again.value()->GetPageCount(), 1);
  }
}

}  // namespace
}  // namespace redact::pdf

namespace redact::image {
namespace {

std::string Chunk(const std::string& type, const std::string& data) {
  auto be = [](uint32_t v) {
    return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  };
  const std::string td = type + data;
  return be(data.size()) + td + be(crc32(0, reinterpret_cast<const Bytef*>(td.data()), td.size()));
}

std::string Png(int w, int h) {
  std::string ihdr = {0, 0, char(w >> 8), char(w), 0, 0, char(h >> 8), char(h), 8, 0, 0, 0, 0};
  std::string raw;
  for (int y = 0; y < h; ++y) raw += '\0' + std::string(w, '\xff');
  uLongf n = compressBound(raw.size());
  std::string z(n, '\0');
  compress2(reinterpret_cast<Bytef*>(z.data()), &n, reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 6);
  z.resize(n);
  return "\x89PNG\r\n\x1a\n" + Chunk("IHDR", ihdr) + Chunk("IDAT", z) + Chunk("IEND", "");
}

TEST(Limits, DamagedPngIsRefusedBeforeLibpngSeesIt) {
  const std::string good = Png(32, 16);
  ASSERT_TRUE(DecodeImageFile(good).ok());
  for (size_t cut : {size_t{40}, good.size() - 20, good.size() - 1}) {
    auto r = DecodeImageFile(good.substr(0, cut));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_NE(r.status().message().find("PNG"), std::string::npos);
  }
  std::string flipped = good;
  flipped[50] ^= 0x40;  // inside IDAT: the chunk checksum no longer matches
  auto r = DecodeImageFile(flipped);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos) << r.status().message();
}

// Found by fuzz_jbig2: a text region that places 218,104,832 symbol instances from no
// dictionary. jbig2dec 0.19 warns once per instance and takes half a minute; the decoder runs
// in a child that is killed at the limit, so the worker is back in time and the image refused.
TEST(Limits, Jbig2DecoderIsStoppedAtItsTimeLimit) {
  const std::string stream(
      "\x00\x80\x0d\x00\x04\x00\x00\x00\x00\x00\x30\x00\x40\x00\x01\x00"
      "\x00\x00\x13\x00\x00\x00\x25\x3b\x00\x00\x00\x40\x00\x00\x0d\x00"
      "\x04\x00\x00\x00\x00\x00\x00\x30\x00\x40\xf9\x00\x00\x00\x00\x00"
      "\x00\x00\x00\x00\x0a\x00\x00\x00\x00\x01\x00\x00\x00\x13\x01\x00"
      "\x00\x25\x3b\x00\x00\x00\x40\x00\x01\x00\x00\x00\x00",
      77);
  const auto start = std::chrono::steady_clock::now();
  auto r = internal::DecodeJbig2(stream, "", 64, 64, std::chrono::milliseconds(1000));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("took longer than 1000 ms"), std::string::npos)
      << r.status().message();
  EXPECT_LT(seconds, 5.0);
}

}  // namespace
}  // namespace redact::image
