// Images of the scanned path: every codec a PDF image XObject or an image file may use is
// decoded to the pixels it was made from, burnt boxes are black after a round trip, and the
// codec class survives (G4 stays CCITT, JPEG stays DCT). Fixtures are made here, in memory,
// with Leptonica, zlib, libtiff and OpenJPEG; pdfimages checks one written PDF from outside.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <openjpeg.h>
#include <podofo/podofo.h>
#include <tiffio.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "image/codecs.hpp"
#include "image/raster.hpp"

namespace redact::image {
namespace {

using PoDoFo::pdf_int64;
using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVariant;

// --- Fixtures -----------------------------------------------------------------------------

const bool kQuietPodofo = [] {
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  return true;
}();

// A page-like test pattern: text-ish strokes, a filled block, a gradient where depth allows.
// `dense` strokes every few pixels (worst case for JPEG); otherwise a few bold blocks.
PixPtr Pattern(int w, int h, int depth, bool dense = true) {
  PIX* pix = pixCreate(w, h, depth);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const bool strokes =
          dense ? (x / 3 + y / 5) % 4 == 0 : ((x / 16) % 3 == 0 && (y / 16) % 2 == 0);
      const bool ink =
          strokes || (x > w / 2 && x < w / 2 + 6) || (y > h / 3 && y < h / 3 + 4 && x < w / 3);
      l_uint32 v;
      if (depth == 1)
        v = ink ? 1 : 0;
      else if (depth == 8)
        v = ink ? 20 : static_cast<l_uint32>(150 + (x * 100) / w);
      else {
        composeRGBPixel(ink ? 10 : 200 - x % 50, ink ? 30 : 120 + y % 100,
                        ink ? 200 : (x * 255) / w, &v);
      }
      pixSetPixel(pix, x, y, v);
    }
  return PixPtr(pix);
}

bool SamePixels(PIX* a, PIX* b) {
  l_int32 same = 0;
  pixEqual(a, b, &same);
  return same == 1;
}

// Mean absolute difference per channel (lossy codecs).
double MeanDiff(PIX* a, PIX* b) {
  const int w = pixGetWidth(a), h = pixGetHeight(a), d = pixGetDepth(a);
  double sum = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      l_uint32 p, q;
      pixGetPixel(a, x, y, &p);
      pixGetPixel(b, x, y, &q);
      if (d == 32) {
        l_int32 r1, g1, b1, r2, g2, b2;
        extractRGBValues(p, &r1, &g1, &b1);
        extractRGBValues(q, &r2, &g2, &b2);
        sum += (std::abs(r1 - r2) + std::abs(g1 - g2) + std::abs(b1 - b2)) / 3.0;
      } else {
        sum += std::abs(static_cast<int>(p) - static_cast<int>(q));
      }
    }
  return sum / (static_cast<double>(w) * h);
}

// The brightest value inside a box (0 = fully black), on a 0-255 scale.
int MaxInBox(PIX* pix, const PixelBox& b) {
  int worst = 0;
  for (int y = b.y0; y < b.y1; ++y)
    for (int x = b.x0; x < b.x1; ++x) {
      l_uint32 v;
      pixGetPixel(pix, x, y, &v);
      if (pixGetDepth(pix) == 1)
        worst = std::max(worst, v ? 0 : 255);
      else if (pixGetDepth(pix) == 8)
        worst = std::max<int>(worst, v);
      else {
        l_int32 r, g, bl;
        extractRGBValues(v, &r, &g, &bl);
        worst = std::max({worst, r, g, bl});
      }
    }
  return worst;
}

// PDF sample rows of a pix, written independently of the library: 1 bpp with 0 = black.
std::string Samples(PIX* pix) {
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
  std::string out;
  for (int y = 0; y < h; ++y) {
    if (d == 1) {
      std::string row((w + 7) / 8, '\0');
      for (int x = 0; x < w; ++x) {
        l_uint32 v;
        pixGetPixel(pix, x, y, &v);
        if (!v) row[x / 8] = static_cast<char>(row[x / 8] | (0x80 >> (x % 8)));
      }
      out += row;
    } else {
      for (int x = 0; x < w; ++x) {
        l_uint32 v;
        pixGetPixel(pix, x, y, &v);
        if (d == 8) {
          out.push_back(static_cast<char>(v));
        } else {
          l_int32 r, g, b;
          extractRGBValues(v, &r, &g, &b);
          out.push_back(static_cast<char>(r));
          out.push_back(static_cast<char>(g));
          out.push_back(static_cast<char>(b));
        }
      }
    }
  }
  return out;
}

std::string Zlib(const std::string& raw) { return internal::FlateEncode(raw); }

// An image XObject in `doc` holding `data` with the given dictionary entries.
struct ImageDoc {
  PoDoFo::PdfMemDocument doc;
  PoDoFo::PdfVecObjects* objects() { return &doc.GetObjects(); }

  PdfObject* Image(int w, int h, const std::string& data,
                   std::vector<std::pair<const char*, PdfObject>> keys) {
    PdfObject* o = doc.GetObjects().CreateObject("XObject");
    o->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()),
                        PoDoFo::TVecFilters());
    PdfDictionary& d = o->GetDictionary();
    d.AddKey("Subtype", PdfName("Image"));
    d.AddKey("Width", PdfVariant(static_cast<pdf_int64>(w)));
    d.AddKey("Height", PdfVariant(static_cast<pdf_int64>(h)));
    for (auto& [k, v] : keys) d.AddKey(k, v);
    return o;
  }
  PdfObject* Stream(const std::string& data) {
    PdfObject* o = doc.GetObjects().CreateObject(PdfDictionary());
    o->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()),
                        PoDoFo::TVecFilters());
    return o;
  }
};

PdfObject Name(const char* n) { return PdfObject(PdfName(n)); }
PdfObject Int(pdf_int64 v) { return PdfObject(PdfVariant(v)); }
PdfObject Bool(bool v) { return PdfObject(PdfVariant(v)); }
PdfObject Numbers(std::initializer_list<double> v) {
  PdfArray a;
  for (double x : v) a.push_back(PdfVariant(x));
  return PdfObject(a);
}
PdfObject Dict(std::vector<std::pair<const char*, PdfObject>> keys) {
  PdfDictionary d;
  for (auto& [k, v] : keys) d.AddKey(k, v);
  return PdfObject(d);
}
std::string FilterOf(const PdfObject* o) {
  const PdfObject* f = o->GetDictionary().GetKey("Filter");
  return f && f->IsName() ? f->GetName().GetName() : "";
}

std::string G4(PIX* pix) {
  Result<std::string> g4 = internal::EncodeG4(pix);
  EXPECT_TRUE(g4.ok());
  return g4.ok() ? *g4 : "";
}
std::string Jpeg(PIX* pix, int quality) {
  Result<std::string> j = internal::EncodeJpeg(pix, quality);
  EXPECT_TRUE(j.ok());
  return j.ok() ? *j : "";
}

// PNG predictor rows written by hand: row r uses filter type r % 5.
std::string PngPredicted(const std::string& raw, size_t row_bytes, size_t bpp) {
  std::string out;
  const size_t rows = raw.size() / row_bytes;
  auto at = [&](size_t r, size_t i) -> int { return static_cast<uint8_t>(raw[r * row_bytes + i]); };
  for (size_t r = 0; r < rows; ++r) {
    const int type = static_cast<int>(r % 5);
    out.push_back(static_cast<char>(type));
    for (size_t i = 0; i < row_bytes; ++i) {
      const int x = at(r, i), a = i >= bpp ? at(r, i - bpp) : 0, b = r > 0 ? at(r - 1, i) : 0,
                c = (r > 0 && i >= bpp) ? at(r - 1, i - bpp) : 0;
      int pred = 0;
      if (type == 1) pred = a;
      if (type == 2) pred = b;
      if (type == 3) pred = (a + b) / 2;
      if (type == 4) {
        const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
        pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
      }
      out.push_back(static_cast<char>((x - pred) & 0xff));
    }
  }
  return out;
}

// An embedded JBIG2 stream (no file header): page information, one immediate generic region
// coded with MMR (T.6, i.e. the G4 data Leptonica makes), end of page.
std::string Jbig2Mmr(PIX* pix) {
  auto be32 = [](std::string* s, uint32_t v) {
    for (int i = 3; i >= 0; --i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto segment = [&](uint32_t number, uint8_t type, const std::string& data) {
    std::string s;
    be32(&s, number);
    s.push_back(static_cast<char>(type));  // 1-byte page association
    s.push_back(0);                        // no referred-to segments
    s.push_back(1);                        // page 1
    be32(&s, static_cast<uint32_t>(data.size()));
    return s + data;
  };
  const uint32_t w = pixGetWidth(pix), h = pixGetHeight(pix);
  std::string page_info;
  be32(&page_info, w);
  be32(&page_info, h);
  be32(&page_info, 0);
  be32(&page_info, 0);
  page_info += std::string("\0\0\0", 3);  // flags, striping
  std::string region;
  be32(&region, w);
  be32(&region, h);
  be32(&region, 0);
  be32(&region, 0);
  region.push_back(0);     // external combination operator OR
  region.push_back(0x01);  // generic region flags: MMR
  region += G4(pix);
  return segment(0, 48, page_info) + segment(1, 38, region) + segment(2, 49, "");
}

// JPEG 2000 made in process with OpenJPEG (lossless 5-3 wavelet).
std::string Jpx(PIX* pix, bool jp2) {
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), n = pixGetDepth(pix) == 8 ? 1 : 3;
  std::vector<opj_image_cmptparm_t> params(n);
  for (auto& p : params) {
    std::memset(&p, 0, sizeof p);
    p.dx = p.dy = 1;
    p.w = w;
    p.h = h;
    p.prec = 8;
  }
  opj_image_t* image =
      opj_image_create(n, params.data(), n == 1 ? OPJ_CLRSPC_GRAY : OPJ_CLRSPC_SRGB);
  image->x0 = image->y0 = 0;
  image->x1 = w;
  image->y1 = h;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      l_uint32 v;
      pixGetPixel(pix, x, y, &v);
      if (n == 1) {
        image->comps[0].data[y * w + x] = static_cast<OPJ_INT32>(v);
      } else {
        l_int32 r, g, b;
        extractRGBValues(v, &r, &g, &b);
        image->comps[0].data[y * w + x] = r;
        image->comps[1].data[y * w + x] = g;
        image->comps[2].data[y * w + x] = b;
      }
    }
  opj_cparameters_t cp;
  opj_set_default_encoder_parameters(&cp);
  cp.tcp_numlayers = 1;
  cp.tcp_rates[0] = 0;
  cp.cp_disto_alloc = 1;
  cp.numresolution = 3;
  opj_codec_t* codec = opj_create_compress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  opj_setup_encoder(codec, &cp, image);
  struct Sink {
    std::string data;
    size_t pos = 0;
  } sink;
  opj_stream_t* stream = opj_stream_create(1 << 16, OPJ_FALSE);
  opj_stream_set_user_data(stream, &sink, nullptr);
  opj_stream_set_write_function(stream, [](void* buf, OPJ_SIZE_T n, void* u) -> OPJ_SIZE_T {
    auto* s = static_cast<Sink*>(u);
    if (s->pos + n > s->data.size()) s->data.resize(s->pos + n);
    std::memcpy(s->data.data() + s->pos, buf, n);
    s->pos += n;
    return n;
  });
  opj_stream_set_skip_function(stream, [](OPJ_OFF_T n, void* u) -> OPJ_OFF_T {
    auto* s = static_cast<Sink*>(u);
    s->pos += n;
    if (s->pos > s->data.size()) s->data.resize(s->pos);
    return n;
  });
  opj_stream_set_seek_function(stream, [](OPJ_OFF_T n, void* u) -> OPJ_BOOL {
    static_cast<Sink*>(u)->pos = static_cast<size_t>(n);
    return OPJ_TRUE;
  });
  const bool ok = opj_start_compress(codec, image, stream) && opj_encode(codec, stream) &&
                  opj_end_compress(codec, stream);
  EXPECT_TRUE(ok);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  opj_image_destroy(image);
  return sink.data;
}

// Raw CCITT G3 strip data written by libtiff (EOLs included), options per T4Options.
std::string G3(PIX* pix, uint32_t t4_options) {
  char path[] = "/tmp/redact_g3_XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  TIFF* tif = TIFFOpen(path, "w");
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, w);
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, h);
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
  TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, t4_options);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, h);
  std::vector<uint8_t> row((w + 7) / 8);
  for (int y = 0; y < h; ++y) {
    std::fill(row.begin(), row.end(), 0);
    for (int x = 0; x < w; ++x) {
      l_uint32 v;
      pixGetPixel(pix, x, y, &v);
      if (v) row[x / 8] |= static_cast<uint8_t>(0x80 >> (x % 8));
    }
    TIFFWriteScanline(tif, row.data(), y, 0);
  }
  TIFFClose(tif);
  tif = TIFFOpen(path, "r");
  const tmsize_t size = TIFFRawStripSize(tif, 0);
  std::string data(size, '\0');
  TIFFReadRawStrip(tif, 0, data.data(), size);
  TIFFClose(tif);
  std::remove(path);
  return data;
}

// --- Flate and the other general filters ---------------------------------------------------

TEST(ImagePdf, FlateGrayRgbAndOneBitDecodeToTheirPixels) {
  ImageDoc doc;
  for (int depth : {1, 8, 32}) {
    PixPtr pix = Pattern(61, 37, depth);
    const char* cs = depth == 32 ? "DeviceRGB" : "DeviceGray";
    PdfObject* o = doc.Image(61, 37, Zlib(Samples(pix.get())),
                             {{"ColorSpace", Name(cs)},
                              {"BitsPerComponent", Int(depth == 1 ? 1 : 8)},
                              {"Filter", Name("FlateDecode")}});
    Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
    ASSERT_TRUE(img.ok()) << img.status().message();
    EXPECT_EQ(img->codec, Codec::kFlate);
    EXPECT_EQ(pixGetDepth(img->pix.get()), depth);
    EXPECT_TRUE(SamePixels(img->pix.get(), pix.get())) << "depth " << depth;
  }
}

TEST(ImagePdf, PngPredictorsAllFiveFilterTypes) {
  ImageDoc doc;
  PixPtr rgb = Pattern(53, 41, 32);
  const std::string raw = Samples(rgb.get());
  PdfObject* o = doc.Image(53, 41, Zlib(PngPredicted(raw, 53 * 3, 3)),
                           {{"ColorSpace", Name("DeviceRGB")},
                            {"BitsPerComponent", Int(8)},
                            {"Filter", Name("FlateDecode")},
                            {"DecodeParms", Dict({{"Predictor", Int(15)},
                                                  {"Colors", Int(3)},
                                                  {"BitsPerComponent", Int(8)},
                                                  {"Columns", Int(53)}})}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_TRUE(SamePixels(img->pix.get(), rgb.get()));

  // 1 bpp rows: the predictor works on whole bytes (bpp 1).
  PixPtr bits = Pattern(53, 41, 1);
  PdfObject* b = doc.Image(53, 41, Zlib(PngPredicted(Samples(bits.get()), 7, 1)),
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(1)},
                            {"Filter", Name("FlateDecode")},
                            {"DecodeParms", Dict({{"Predictor", Int(12)},
                                                  {"Colors", Int(1)},
                                                  {"BitsPerComponent", Int(1)},
                                                  {"Columns", Int(53)}})}});
  Result<PdfImage> bimg = DecodePdfImage(*b, doc.objects());
  ASSERT_TRUE(bimg.ok()) << bimg.status().message();
  EXPECT_TRUE(SamePixels(bimg->pix.get(), bits.get()));
}

TEST(ImagePdf, TiffPredictorUndoesHorizontalDifferences) {
  ImageDoc doc;
  PixPtr gray = Pattern(40, 30, 8);
  std::string raw = Samples(gray.get());
  for (int y = 0; y < 30; ++y)
    for (int x = 39; x > 0; --x)
      raw[y * 40 + x] = static_cast<char>(raw[y * 40 + x] - raw[y * 40 + x - 1]);
  PdfObject* o = doc.Image(40, 30, Zlib(raw),
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(8)},
                            {"Filter", Name("FlateDecode")},
                            {"DecodeParms", Dict({{"Predictor", Int(2)}, {"Columns", Int(40)}})}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_TRUE(SamePixels(img->pix.get(), gray.get()));
}

TEST(ImagePdf, FilterChainsAsciiHexLzwAndRunLength) {
  ImageDoc doc;
  // 4 gray pixels 0x00 0x80 0xFF 0x10 behind ASCIIHex, then RunLength.
  PdfObject* hex = doc.Image(4, 1, "00 80ff10>",
                             {{"ColorSpace", Name("DeviceGray")},
                              {"BitsPerComponent", Int(8)},
                              {"Filter", Name("ASCIIHexDecode")}});
  Result<PdfImage> a = DecodePdfImage(*hex, doc.objects());
  ASSERT_TRUE(a.ok()) << a.status().message();
  l_uint32 v;
  pixGetPixel(a->pix.get(), 2, 0, &v);
  EXPECT_EQ(v, 0xFFu);
  PdfArray chain;
  chain.push_back(PdfName("AHx"));  // abbreviated names are accepted in chains too
  chain.push_back(PdfName("RunLengthDecode"));
  PdfObject* rl = doc.Image(6, 1, "FB 7F 01 20 21 80>",  // 0x7F six times, 20 21, EOD
                            {{"ColorSpace", Name("DeviceGray")},
                             {"BitsPerComponent", Int(8)},
                             {"Filter", PdfObject(chain)}});
  Result<PdfImage> b = DecodePdfImage(*rl, doc.objects());
  ASSERT_TRUE(b.ok()) << b.status().message();
  pixGetPixel(b->pix.get(), 5, 0, &v);
  EXPECT_EQ(v, 0x7Fu);
  // LZW: the example of ISO 32000-1 §7.4.4.2 decodes to 45 45 45 45 45 65 45 45 45 66.
  const unsigned char lzw[] = {0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01};
  PdfObject* l = doc.Image(10, 1, std::string(reinterpret_cast<const char*>(lzw), sizeof lzw),
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(8)},
                            {"Filter", Name("LZWDecode")}});
  Result<PdfImage> c = DecodePdfImage(*l, doc.objects());
  ASSERT_TRUE(c.ok()) << c.status().message();
  std::string got;
  for (int x = 0; x < 10; ++x) {
    pixGetPixel(c->pix.get(), x, 0, &v);
    got.push_back(static_cast<char>(v));
  }
  EXPECT_EQ(got, "\x2D\x2D\x2D\x2D\x2D\x41\x2D\x2D\x2D\x42");
}

TEST(ImagePdf, IndexedPaletteExpandsIncludingAnFeFfFirstEntry) {
  ImageDoc doc;
  // 2-bit indices 0..3 over an RGB palette whose first entry starts FE FF (PoDoFo would
  // take those bytes for a UTF-16 byte-order mark).
  const std::string palette(
      "\xFE\xFF\x00"
      "\x00\x00\x00"
      "\x10\x20\x30"
      "\xFF\xFF\xFF",
      12);
  PdfArray cs;
  cs.push_back(PdfName("Indexed"));
  cs.push_back(PdfName("DeviceRGB"));
  cs.push_back(PdfVariant(static_cast<pdf_int64>(3)));
  cs.push_back(
      PoDoFo::PdfString(palette.data(), static_cast<PoDoFo::pdf_long>(palette.size()), true));
  PdfObject* o = doc.Image(4, 1, Zlib(std::string("\x1B", 1)),  // indices 0 1 2 3
                           {{"ColorSpace", PdfObject(cs)},
                            {"BitsPerComponent", Int(2)},
                            {"Filter", Name("FlateDecode")}});
  // Through a written file, so the palette goes through PoDoFo's parser.
  PoDoFo::PdfRefCountedBuffer buffer;
  PoDoFo::PdfOutputDevice device(&buffer);
  doc.doc.Write(&device);
  PoDoFo::PdfMemDocument parsed;
  parsed.LoadFromBuffer(buffer.GetBuffer(), static_cast<long>(device.GetLength()));
  const PdfObject* reparsed = parsed.GetObjects().GetObject(o->Reference());
  ASSERT_NE(reparsed, nullptr);
  Result<PdfImage> img = DecodePdfImage(*reparsed, &parsed.GetObjects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  ASSERT_EQ(pixGetDepth(img->pix.get()), 32);
  const int expect[4][3] = {{0xFE, 0xFF, 0}, {0, 0, 0}, {0x10, 0x20, 0x30}, {255, 255, 255}};
  for (int x = 0; x < 4; ++x) {
    l_int32 r, g, b;
    pixGetRGBPixel(img->pix.get(), x, 0, &r, &g, &b);
    EXPECT_EQ(r, expect[x][0]);
    EXPECT_EQ(g, expect[x][1]);
    EXPECT_EQ(b, expect[x][2]);
  }
}

TEST(ImagePdf, CmykAndIccAndLowAndHighBitDepthsConvert) {
  ImageDoc doc;
  // CMYK: pure cyan and 50% black.
  PdfObject* cmyk = doc.Image(2, 1, Zlib(std::string("\xFF\x00\x00\x00\x00\x00\x00\x80", 8)),
                              {{"ColorSpace", Name("DeviceCMYK")},
                               {"BitsPerComponent", Int(8)},
                               {"Filter", Name("FlateDecode")}});
  Result<PdfImage> c = DecodePdfImage(*cmyk, doc.objects());
  ASSERT_TRUE(c.ok()) << c.status().message();
  l_int32 r, g, b;
  pixGetRGBPixel(c->pix.get(), 0, 0, &r, &g, &b);
  EXPECT_EQ(r, 0);
  EXPECT_EQ(g, 255);
  EXPECT_EQ(b, 255);
  pixGetRGBPixel(c->pix.get(), 1, 0, &r, &g, &b);
  EXPECT_EQ(r, 127);
  // ICCBased with /N 1 is gray; 4-bit samples scale to 8 bits.
  PdfObject* icc = doc.Stream("not really a profile");
  icc->GetDictionary().AddKey("N", PdfVariant(static_cast<pdf_int64>(1)));
  PdfArray icc_cs;
  icc_cs.push_back(PdfName("ICCBased"));
  icc_cs.push_back(icc->Reference());
  PdfObject* four = doc.Image(2, 1, std::string("\x0F", 1),  // unfiltered: 0x0, 0xF
                              {{"ColorSpace", PdfObject(icc_cs)}, {"BitsPerComponent", Int(4)}});
  Result<PdfImage> f = DecodePdfImage(*four, doc.objects());
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->codec, Codec::kRaw);
  l_uint32 v;
  pixGetPixel(f->pix.get(), 1, 0, &v);
  EXPECT_EQ(v, 255u);
  // 16-bit samples keep their high byte.
  PdfObject* sixteen =
      doc.Image(1, 1, std::string("\xAB\xCD", 2),
                {{"ColorSpace", Name("DeviceGray")}, {"BitsPerComponent", Int(16)}});
  Result<PdfImage> s = DecodePdfImage(*sixteen, doc.objects());
  ASSERT_TRUE(s.ok()) << s.status().message();
  pixGetPixel(s->pix.get(), 0, 0, &v);
  EXPECT_EQ(v, 0xABu);
}

TEST(ImagePdf, DecodeArrayInvertsGrayBitmapsAndStencilMasks) {
  ImageDoc doc;
  PixPtr gray = Pattern(20, 10, 8);
  PdfObject* o = doc.Image(20, 10, Samples(gray.get()),
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(8)},
                            {"Decode", Numbers({1, 0})}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  PixPtr inverted(pixInvert(nullptr, gray.get()));
  EXPECT_TRUE(SamePixels(img->pix.get(), inverted.get()));

  // A stencil mask: sample 0 is painted by default; with /Decode [1 0], sample 1 is.
  PixPtr bits = Pattern(20, 10, 1);
  for (bool invert : {false, true}) {
    std::string samples = Samples(bits.get());  // 0 where painted
    if (invert)
      for (char& ch : samples) ch = static_cast<char>(~ch);
    std::vector<std::pair<const char*, PdfObject>> keys = {{"ImageMask", Bool(true)}};
    if (invert) keys.push_back({"Decode", Numbers({1, 0})});
    PdfObject* m = doc.Image(20, 10, samples, keys);
    Result<PdfImage> mask = DecodePdfImage(*m, doc.objects());
    ASSERT_TRUE(mask.ok()) << mask.status().message();
    EXPECT_TRUE(mask->image_mask);
    EXPECT_TRUE(SamePixels(mask->pix.get(), bits.get())) << "inverted " << invert;
  }
}

// --- Image codecs ---------------------------------------------------------------------------

TEST(ImagePdf, DctDecodesGrayAndRgbAndEstimatesTheQuality) {
  ImageDoc doc;
  for (int depth : {8, 32}) {
    PixPtr pix = Pattern(64, 48, depth);
    const std::string jpeg = Jpeg(pix.get(), 60);
    PdfObject* o = doc.Image(64, 48, jpeg,
                             {{"ColorSpace", Name(depth == 8 ? "DeviceGray" : "DeviceRGB")},
                              {"BitsPerComponent", Int(8)},
                              {"Filter", Name("DCTDecode")}});
    Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
    ASSERT_TRUE(img.ok()) << img.status().message();
    EXPECT_EQ(img->codec, Codec::kDct);
    EXPECT_EQ(img->jpeg_quality, 60);
    EXPECT_EQ(pixGetDepth(img->pix.get()), depth);
    PixPtr reference(pixReadMemJpeg(reinterpret_cast<const l_uint8*>(jpeg.data()), jpeg.size(), 0,
                                    1, nullptr, 0));
    EXPECT_TRUE(SamePixels(img->pix.get(), reference.get()));
  }
}

TEST(ImagePdf, JpegQualityEstimateMatchesEveryLibjpegQuality) {
  PixPtr pix = Pattern(16, 16, 8);
  for (int q : {5, 25, 50, 75, 90, 95, 100})
    EXPECT_EQ(internal::EstimateJpegQuality(Jpeg(pix.get(), q)), q);
  EXPECT_EQ(internal::EstimateJpegQuality("not a jpeg", 75), 75);
}

TEST(ImagePdf, CcittG4HonoursBlackIs1AndDecode) {
  ImageDoc doc;
  PixPtr pix = Pattern(101, 67, 1);
  PixPtr inverted(pixInvert(nullptr, pix.get()));
  const std::string g4 = G4(pix.get());
  for (bool black_is_1 : {false, true})
    for (bool decode_inverted : {false, true}) {
      std::vector<std::pair<const char*, PdfObject>> keys = {
          {"ColorSpace", Name("DeviceGray")},
          {"BitsPerComponent", Int(1)},
          {"Filter", Name("CCITTFaxDecode")},
          {"DecodeParms", Dict({{"K", Int(-1)},
                                {"Columns", Int(101)},
                                {"Rows", Int(67)},
                                {"BlackIs1", Bool(black_is_1)}})}};
      if (decode_inverted) keys.push_back({"Decode", Numbers({1, 0})});
      PdfObject* o = doc.Image(101, 67, g4, keys);
      Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
      ASSERT_TRUE(img.ok()) << img.status().message();
      EXPECT_EQ(img->codec, Codec::kCcitt);
      // G4 codes black runs; BlackIs1 and an inverted /Decode each swap what shows as black.
      PIX* expected = black_is_1 != decode_inverted ? inverted.get() : pix.get();
      EXPECT_TRUE(SamePixels(img->pix.get(), expected))
          << "BlackIs1 " << black_is_1 << " Decode inverted " << decode_inverted;
    }
}

TEST(ImagePdf, CcittG3OneAndTwoDimensionalWithEols) {
  ImageDoc doc;
  PixPtr pix = Pattern(75, 33, 1);
  struct Case {
    int k;
    uint32_t options;
    bool byte_align;
  } cases[] = {{0, 0, false}, {1, GROUP3OPT_2DENCODING, false}, {0, GROUP3OPT_FILLBITS, true}};
  for (const Case& c : cases) {
    PdfObject* o = doc.Image(75, 33, G3(pix.get(), c.options),
                             {{"ColorSpace", Name("DeviceGray")},
                              {"BitsPerComponent", Int(1)},
                              {"Filter", Name("CCITTFaxDecode")},
                              {"DecodeParms", Dict({{"K", Int(c.k)},
                                                    {"Columns", Int(75)},
                                                    {"EncodedByteAlign", Bool(c.byte_align)}})}});
    Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
    ASSERT_TRUE(img.ok()) << "K " << c.k << ": " << img.status().message();
    EXPECT_TRUE(SamePixels(img->pix.get(), pix.get())) << "K " << c.k;
  }
}

TEST(ImagePdf, Jbig2GenericRegionDecodes) {
  ImageDoc doc;
  PixPtr pix = Pattern(90, 50, 1);
  PdfObject* o = doc.Image(90, 50, Jbig2Mmr(pix.get()),
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(1)},
                            {"Filter", Name("JBIG2Decode")}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_EQ(img->codec, Codec::kJbig2);
  EXPECT_TRUE(SamePixels(img->pix.get(), pix.get()));
}

TEST(ImagePdf, Jbig2GlobalsAreFedFirst) {
  ImageDoc doc;
  PixPtr pix = Pattern(90, 50, 1);
  // Globals hold segments shared by pages; an end-of-file segment is the smallest valid one.
  PdfObject* globals = doc.Stream(std::string("\0\0\0\x09\x33\0\0\0\0\0\0", 11));
  PdfObject* o =
      doc.Image(90, 50, Jbig2Mmr(pix.get()),
                {{"ColorSpace", Name("DeviceGray")},
                 {"BitsPerComponent", Int(1)},
                 {"Filter", Name("JBIG2Decode")},
                 {"DecodeParms", Dict({{"JBIG2Globals", PdfObject(globals->Reference())}})}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_TRUE(SamePixels(img->pix.get(), pix.get()));
}

TEST(ImagePdf, JpxLosslessGrayCodestreamAndRgbJp2) {
  ImageDoc doc;
  for (int depth : {8, 32}) {
    PixPtr pix = Pattern(48, 40, depth);
    std::vector<std::pair<const char*, PdfObject>> keys = {{"Filter", Name("JPXDecode")}};
    if (depth == 32) keys.push_back({"ColorSpace", Name("DeviceRGB")});  // optional for JPX
    PdfObject* o = doc.Image(48, 40, Jpx(pix.get(), depth == 32), keys);
    Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
    ASSERT_TRUE(img.ok()) << img.status().message();
    EXPECT_EQ(img->codec, Codec::kJpx);
    EXPECT_TRUE(SamePixels(img->pix.get(), pix.get())) << "depth " << depth;
  }
}

// --- Fail closed ----------------------------------------------------------------------------

TEST(ImagePdf, DeclaredSizeLiesIsAnError) {
  ImageDoc doc;
  PixPtr gray = Pattern(64, 48, 8);
  PixPtr bits = Pattern(64, 48, 1);
  auto expect_lie = [&](PdfObject* o, const char* what) {
    Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
    ASSERT_FALSE(img.ok()) << what;
    EXPECT_NE(img.status().message().find("image "), std::string::npos) << img.status().message();
  };
  expect_lie(doc.Image(65, 48, Jpeg(gray.get(), 75),
                       {{"ColorSpace", Name("DeviceGray")},
                        {"BitsPerComponent", Int(8)},
                        {"Filter", Name("DCTDecode")}}),
             "DCT wider than the JPEG");
  expect_lie(doc.Image(64, 49, Zlib(Samples(gray.get())),
                       {{"ColorSpace", Name("DeviceGray")},
                        {"BitsPerComponent", Int(8)},
                        {"Filter", Name("FlateDecode")}}),
             "Flate one row short");
  expect_lie(doc.Image(64, 48, G4(bits.get()),
                       {{"ColorSpace", Name("DeviceGray")},
                        {"BitsPerComponent", Int(1)},
                        {"Filter", Name("CCITTFaxDecode")},
                        {"DecodeParms", Dict({{"K", Int(-1)}, {"Columns", Int(63)}})}}),
             "CCITT /Columns differs");
  expect_lie(doc.Image(64, 40, Jbig2Mmr(bits.get()),
                       {{"ColorSpace", Name("DeviceGray")},
                        {"BitsPerComponent", Int(1)},
                        {"Filter", Name("JBIG2Decode")}}),
             "JBIG2 page taller");
  expect_lie(doc.Image(64, 47, Jpx(gray.get(), false), {{"Filter", Name("JPXDecode")}}),
             "JPX taller");
  Result<PdfImage> msg = DecodePdfImage(*doc.Image(65, 48, Jpeg(gray.get(), 75),
                                                   {{"ColorSpace", Name("DeviceGray")},
                                                    {"BitsPerComponent", Int(8)},
                                                    {"Filter", Name("DCTDecode")}}),
                                        doc.objects());
  ASSERT_FALSE(msg.ok());
  EXPECT_NE(msg.status().message().find("declared size lies"), std::string::npos);
}

TEST(ImagePdf, FlateBombIsAnError) {
  ImageDoc doc;
  const std::string bomb = Zlib(std::string(16 << 20, '\0'));  // 16 MiB of zeros, ~16 KiB
  PdfObject* o = doc.Image(100, 100, bomb,
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(8)},
                            {"Filter", Name("FlateDecode")}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_FALSE(img.ok());
  EXPECT_NE(img.status().message().find("bomb"), std::string::npos) << img.status().message();
}

TEST(ImagePdf, OverLimitDimensionsAreRefusedBeforeDecoding) {
  ImageDoc doc;
  PdfObject* o = doc.Image(20000, 20000, "x",
                           {{"ColorSpace", Name("DeviceGray")}, {"BitsPerComponent", Int(8)}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_FALSE(img.ok());
  EXPECT_NE(img.status().message().find("megapixels"), std::string::npos) << img.status().message();
}

TEST(ImagePdf, UnsupportedOrCorruptInputFailsClosed) {
  ImageDoc doc;
  PixPtr gray = Pattern(32, 32, 8);
  PdfArray lab;
  lab.push_back(PdfName("Lab"));
  lab.push_back(PdfDictionary());
  PdfArray sep;
  sep.push_back(PdfName("Separation"));
  sep.push_back(PdfName("Spot"));
  sep.push_back(PdfName("DeviceGray"));
  sep.push_back(PdfDictionary());
  std::string truncated = Jpeg(gray.get(), 80);
  truncated.resize(truncated.size() / 2);
  const std::vector<PdfObject*> bad = {
      doc.Image(32, 32, Samples(gray.get()),
                {{"ColorSpace", PdfObject(lab)}, {"BitsPerComponent", Int(8)}}),
      doc.Image(32, 32, Samples(gray.get()),
                {{"ColorSpace", PdfObject(sep)}, {"BitsPerComponent", Int(8)}}),
      doc.Image(32, 32, truncated,
                {{"ColorSpace", Name("DeviceGray")},
                 {"BitsPerComponent", Int(8)},
                 {"Filter", Name("DCTDecode")}}),
      doc.Image(32, 32, "garbage, not G4",
                {{"ColorSpace", Name("DeviceGray")},
                 {"BitsPerComponent", Int(1)},
                 {"Filter", Name("CCITTFaxDecode")},
                 {"DecodeParms", Dict({{"K", Int(-1)}, {"Columns", Int(32)}})}}),
      doc.Image(32, 32, "garbage",
                {{"ColorSpace", Name("DeviceGray")}, {"Filter", Name("JBIG2Decode")}}),
      doc.Image(32, 32, "garbage", {{"Filter", Name("JPXDecode")}}),
      doc.Image(32, 32, Samples(gray.get()),
                {{"ColorSpace", Name("DeviceGray")},
                 {"BitsPerComponent", Int(8)},
                 {"Filter", Name("Crypt")}}),
      doc.Image(32, 32, Samples(gray.get()),
                {{"ColorSpace", Name("DeviceGray")}, {"BitsPerComponent", Int(3)}}),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    Result<PdfImage> img = DecodePdfImage(*bad[i], doc.objects());
    EXPECT_FALSE(img.ok()) << "case " << i;
  }
}

// --- Burn and store -------------------------------------------------------------------------

TEST(ImageBurn, FillsBlackAtEveryDepthAndClips) {
  for (int depth : {1, 8, 32}) {
    PixPtr pix(pixCreate(40, 30, depth));
    if (depth == 1)
      pixClearAll(pix.get());  // white
    else
      pixSetAll(pix.get());  // white
    BurnBoxes(pix.get(), {{5, 5, 15, 12}, {35, 25, 60, 60}, {10, 10, 5, 5}, {-9, -9, -1, -1}});
    EXPECT_EQ(MaxInBox(pix.get(), {5, 5, 15, 12}), 0) << depth;
    EXPECT_EQ(MaxInBox(pix.get(), {35, 25, 40, 30}), 0) << depth;  // clipped to the image
    EXPECT_EQ(MaxInBox(pix.get(), {0, 0, 5, 5}), 255) << "outside stays white, depth " << depth;
    EXPECT_EQ(MaxInBox(pix.get(), {16, 13, 34, 24}), 255) << depth;
  }
}

TEST(ImageBurn, BoxesAddedInRoundsAreGrownToJpegBlocksOnceEach) {
  // Round one adds a value cell's box; it is grown to the 16-pixel grid with its margin.
  // Round two adds a name's box: the first box stays as it was grown.
  std::vector<PixelBox> burn = {{533, 522, 2247, 770}};
  std::size_t aligned = 0;
  AlignNewToCodecBlocks(&burn, &aligned, Codec::kDct);
  ASSERT_EQ(burn.size(), 1u);
  EXPECT_EQ(burn[0].x0, 528);
  EXPECT_EQ(burn[0].y0, 512);
  EXPECT_EQ(burn[0].x1, 2256);
  EXPECT_EQ(burn[0].y1, 784);
  EXPECT_EQ(aligned, 1u);
  burn.push_back({100, 100, 120, 118});
  AlignNewToCodecBlocks(&burn, &aligned, Codec::kDct);
  ASSERT_EQ(burn.size(), 2u);
  EXPECT_EQ(burn[0].y0, 512);  // not 496
  EXPECT_EQ(burn[1].x0, 96);
  EXPECT_EQ(burn[1].y1, 128);
  AlignNewToCodecBlocks(&burn, &aligned, Codec::kDct);  // nothing new
  EXPECT_EQ(burn[0].y0, 512);
  EXPECT_EQ(burn[1].x0, 96);
  // Lossless codecs keep the boxes as they are.
  std::vector<PixelBox> fax = {{533, 522, 2247, 770}};
  std::size_t fax_aligned = 0;
  AlignNewToCodecBlocks(&fax, &fax_aligned, Codec::kCcitt);
  EXPECT_EQ(fax[0].y0, 522);
}

struct CodecCase {
  const char* name;
  std::function<PdfObject*(ImageDoc&, PIX*)> make;
  int depth;
  std::string filter_after;
  bool lossless;
};

TEST(ImagePdf, BurnStoreDecodeKeepsTheCodecClassAndBlacksTheBox) {
  const std::vector<CodecCase> cases = {
      {"G4",
       [](ImageDoc& d, PIX* p) {
         return d.Image(
             120, 80, G4(p),
             {{"ColorSpace", Name("DeviceGray")},
              {"BitsPerComponent", Int(1)},
              {"Filter", Name("CCITTFaxDecode")},
              {"DecodeParms",
               Dict({{"K", Int(-1)}, {"Columns", Int(120)}, {"BlackIs1", Bool(true)}})}});
       },
       1, "CCITTFaxDecode", true},
      {"JBIG2",
       [](ImageDoc& d, PIX* p) {
         PdfObject* globals = d.Stream(std::string("\0\0\0\x09\x33\0\0\0\0\0\0", 11));
         return d.Image(
             120, 80, Jbig2Mmr(p),
             {{"ColorSpace", Name("DeviceGray")},
              {"BitsPerComponent", Int(1)},
              {"Filter", Name("JBIG2Decode")},
              {"DecodeParms", Dict({{"JBIG2Globals", PdfObject(globals->Reference())}})}});
       },
       1, "CCITTFaxDecode", true},
      {"DCT gray",
       [](ImageDoc& d, PIX* p) {
         return d.Image(120, 80, Jpeg(p, 70),
                        {{"ColorSpace", Name("DeviceGray")},
                         {"BitsPerComponent", Int(8)},
                         {"Filter", Name("DCTDecode")}});
       },
       8, "DCTDecode", false},
      {"DCT rgb",
       [](ImageDoc& d, PIX* p) {
         return d.Image(120, 80, Jpeg(p, 85),
                        {{"ColorSpace", Name("DeviceRGB")},
                         {"BitsPerComponent", Int(8)},
                         {"Filter", Name("DCTDecode")}});
       },
       32, "DCTDecode", false},
      {"Flate 1-bit with Decode",
       [](ImageDoc& d, PIX* p) {
         std::string s = Samples(p);
         for (char& c : s) c = static_cast<char>(~c);
         return d.Image(120, 80, Zlib(s),
                        {{"ColorSpace", Name("DeviceGray")},
                         {"BitsPerComponent", Int(1)},
                         {"Filter", Name("FlateDecode")},
                         {"Decode", Numbers({1, 0})}});
       },
       1, "FlateDecode", true},
      {"Flate rgb predictor",
       [](ImageDoc& d, PIX* p) {
         return d.Image(
             120, 80, Zlib(PngPredicted(Samples(p), 360, 3)),
             {{"ColorSpace", Name("DeviceRGB")},
              {"BitsPerComponent", Int(8)},
              {"Filter", Name("FlateDecode")},
              {"DecodeParms",
               Dict({{"Predictor", Int(15)}, {"Colors", Int(3)}, {"Columns", Int(120)}})}});
       },
       32, "FlateDecode", true},
      {"JPX",
       [](ImageDoc& d, PIX* p) {
         return d.Image(120, 80, Jpx(p, true),
                        {{"Filter", Name("JPXDecode")}, {"SMaskInData", Int(1)}});
       },
       32, "DCTDecode", false},
  };
  const PixelBox box{30, 20, 70, 45};
  for (const CodecCase& c : cases) {
    SCOPED_TRACE(c.name);
    ImageDoc doc;
    PixPtr original = Pattern(120, 80, c.depth, c.lossless);
    PdfObject* o = c.make(doc, original.get());
    Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
    ASSERT_TRUE(img.ok()) << img.status().message();
    const int quality = img->jpeg_quality;
    const std::vector<PixelBox> aligned = AlignToCodecBlocks({box}, img->codec);
    if (!c.lossless) EXPECT_EQ(aligned[0].x0 % 16 + aligned[0].y1 % 16, 0);
    if (!c.lossless) EXPECT_LE(aligned[0].x0, box.x0 - 2);
    BurnBoxes(img->pix.get(), aligned);
    PixPtr burnt(pixCopy(nullptr, img->pix.get()));
    ASSERT_TRUE(StorePdfImage(*img, o, doc.objects()).ok());
    EXPECT_EQ(FilterOf(o), c.filter_after);
    const PdfDictionary& d = o->GetDictionary();
    EXPECT_FALSE(d.HasKey("Decode"));
    EXPECT_FALSE(d.HasKey("SMaskInData"));
    if (c.filter_after != "CCITTFaxDecode")
      EXPECT_FALSE(d.HasKey("DecodeParms"));
    else
      EXPECT_FALSE(d.GetKey("DecodeParms")->GetDictionary().HasKey("JBIG2Globals"));

    Result<PdfImage> again = DecodePdfImage(*o, doc.objects());
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_LE(MaxInBox(again->pix.get(), box), c.lossless ? 0 : 8);
    if (c.lossless) {
      EXPECT_TRUE(SamePixels(again->pix.get(), burnt.get()));
    } else {
      EXPECT_LT(MeanDiff(again->pix.get(), burnt.get()), 12.0);
    }
    if (c.filter_after == "DCTDecode" && img->codec == Codec::kDct)
      EXPECT_EQ(again->jpeg_quality, quality);
    if (img->codec == Codec::kJpx) EXPECT_EQ(again->jpeg_quality, 85);
  }
}

TEST(ImagePdf, StoreKeepsIccProfilesAndExpandsIndexed) {
  ImageDoc doc;
  PdfObject* icc = doc.Stream("profile");
  icc->GetDictionary().AddKey("N", PdfVariant(static_cast<pdf_int64>(3)));
  PdfArray icc_cs;
  icc_cs.push_back(PdfName("ICCBased"));
  icc_cs.push_back(icc->Reference());
  PdfArray indexed;
  indexed.push_back(PdfName("Indexed"));
  indexed.push_back(PdfObject(icc_cs));
  indexed.push_back(PdfVariant(static_cast<pdf_int64>(1)));
  indexed.push_back(PoDoFo::PdfString("\xFF\x00\x00\x00\x00\xFF", 6, true));
  PdfObject* o = doc.Image(8, 2, Zlib(std::string("\x0F\xF0", 2)),
                           {{"ColorSpace", PdfObject(indexed)},
                            {"BitsPerComponent", Int(1)},
                            {"Filter", Name("FlateDecode")}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  ASSERT_TRUE(StorePdfImage(*img, o, doc.objects()).ok());
  const PdfObject* cs = o->GetDictionary().GetKey("ColorSpace");
  ASSERT_TRUE(cs->IsArray());
  EXPECT_EQ(cs->GetArray()[0].GetName().GetName(), "ICCBased");  // the base, not /Indexed
  EXPECT_EQ(o->GetDictionary().GetKey("BitsPerComponent")->GetNumber(), 8);
  Result<PdfImage> again = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(SamePixels(again->pix.get(), img->pix.get()));
}

TEST(ImagePdf, ColorKeyMaskBecomesAStencilThatKeepsTheTransparency) {
  ImageDoc doc;
  // 8-bit indices into a 3-colour palette; index 1 is keyed out by /Mask [1 1].
  std::string indices(40 * 20, '\0');
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 40; ++x) indices[y * 40 + x] = static_cast<char>((x / 5 + y / 4) % 3);
  PdfArray cs;
  cs.push_back(PdfName("Indexed"));
  cs.push_back(PdfName("DeviceRGB"));
  cs.push_back(PdfVariant(static_cast<pdf_int64>(2)));
  cs.push_back(PoDoFo::PdfString("\xFF\x00\x00\x00\xFF\x00\x00\x00\xFF", 9, true));
  PdfArray key;
  key.push_back(PdfVariant(static_cast<pdf_int64>(1)));
  key.push_back(PdfVariant(static_cast<pdf_int64>(1)));
  PdfObject* o = doc.Image(40, 20, Zlib(indices),
                           {{"ColorSpace", PdfObject(cs)},
                            {"BitsPerComponent", Int(8)},
                            {"Filter", Name("FlateDecode")},
                            {"Mask", PdfObject(key)}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  ASSERT_TRUE(img->key_stencil);
  const PixelBox box{0, 0, 10, 8};
  BurnBoxes(&*img, {box});
  ASSERT_TRUE(StorePdfImage(*img, o, doc.objects()).ok());
  EXPECT_EQ(o->GetDictionary().GetKey("ColorSpace")->GetName().GetName(), "DeviceRGB");
  const PdfObject* mask_ref = o->GetDictionary().GetKey("Mask");
  ASSERT_TRUE(mask_ref != nullptr && mask_ref->IsReference());
  PdfObject* mask = doc.objects()->GetObject(mask_ref->GetReference());
  Result<PdfImage> stencil = DecodePdfImage(*mask, doc.objects());
  ASSERT_TRUE(stencil.ok()) << stencil.status().message();
  EXPECT_TRUE(stencil->image_mask);
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 40; ++x) {
      l_uint32 painted;
      pixGetPixel(stencil->pix.get(), x, y, &painted);
      const bool in_box = x < box.x1 && y < box.y1;
      EXPECT_EQ(painted == 1, in_box || indices[y * 40 + x] != 1) << x << "," << y;
    }
}

TEST(ImagePdf, ColorKeyOnFaxWhiteStaysTransparentAfterG4) {
  ImageDoc doc;
  PixPtr bits = Pattern(64, 32, 1);
  // BlackIs1: coded black is sample 1; /Mask [0 0] keys out the other samples, i.e. white.
  PdfArray key;
  key.push_back(PdfVariant(static_cast<pdf_int64>(0)));
  key.push_back(PdfVariant(static_cast<pdf_int64>(0)));
  PdfObject* o = doc.Image(
      64, 32, G4(bits.get()),
      {{"ColorSpace", Name("DeviceGray")},
       {"BitsPerComponent", Int(1)},
       {"Filter", Name("CCITTFaxDecode")},
       {"Mask", PdfObject(key)},
       {"DecodeParms", Dict({{"K", Int(-1)}, {"Columns", Int(64)}, {"BlackIs1", Bool(true)}})}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok()) << img.status().message();
  ASSERT_TRUE(img->key_stencil);
  // Shown as white-on-black (BlackIs1), and only the coded-black runs are painted.
  PixPtr inverted(pixInvert(nullptr, bits.get()));
  EXPECT_TRUE(SamePixels(img->pix.get(), inverted.get()));
  EXPECT_TRUE(SamePixels(img->key_stencil.get(), bits.get()));
  ASSERT_TRUE(StorePdfImage(*img, o, doc.objects()).ok());
  PdfObject* mask = doc.objects()->GetObject(o->GetDictionary().GetKey("Mask")->GetReference());
  EXPECT_EQ(FilterOf(mask), "CCITTFaxDecode");
  Result<PdfImage> stencil = DecodePdfImage(*mask, doc.objects());
  ASSERT_TRUE(stencil.ok()) << stencil.status().message();
  EXPECT_TRUE(SamePixels(stencil->pix.get(), bits.get()));
}

TEST(ImagePdf, BurnSoftMaskMakesTheBoxesOpaque) {
  ImageDoc doc;
  // A 60×40 image with a half-resolution soft mask that is transparent everywhere.
  PdfObject* smask = doc.Image(30, 20, Zlib(std::string(600, '\0')),
                               {{"ColorSpace", Name("DeviceGray")},
                                {"BitsPerComponent", Int(8)},
                                {"Filter", Name("FlateDecode")}});
  PixPtr pix = Pattern(60, 40, 8);
  PdfObject* o = doc.Image(60, 40, Zlib(Samples(pix.get())),
                           {{"ColorSpace", Name("DeviceGray")},
                            {"BitsPerComponent", Int(8)},
                            {"Filter", Name("FlateDecode")},
                            {"SMask", PdfObject(smask->Reference())}});
  Result<PdfImage> img = DecodePdfImage(*o, doc.objects());
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->has_smask);
  ASSERT_TRUE(BurnSoftMask(o, {{10, 10, 31, 21}}, doc.objects()).ok());
  Result<PdfImage> mask = DecodePdfImage(*smask, doc.objects());
  ASSERT_TRUE(mask.ok()) << mask.status().message();
  l_uint32 v;
  pixGetPixel(mask->pix.get(), 5, 5, &v);
  EXPECT_EQ(v, 255u);  // inside (scaled: 5..16 × 5..11)
  pixGetPixel(mask->pix.get(), 15, 10, &v);
  EXPECT_EQ(v, 255u);  // the half pixel at the box's right edge is covered too
  pixGetPixel(mask->pix.get(), 20, 15, &v);
  EXPECT_EQ(v, 0u);  // outside stays transparent
}

// pdfimages (poppler) reads the stored images back from a written PDF: codec and depth.
TEST(ImagePdf, PdfimagesSeesTheStoredCodecs) {
  if (std::system("pdfimages -v >/dev/null 2>&1") != 0) GTEST_SKIP() << "pdfimages not installed";
  ImageDoc doc;
  PoDoFo::PdfPage* page = doc.doc.CreatePage(PoDoFo::PdfRect(0, 0, 300, 300));
  PixPtr bits = Pattern(120, 80, 1), gray = Pattern(120, 80, 8), rgb = Pattern(120, 80, 32);
  std::vector<PdfObject*> images = {
      doc.Image(120, 80, Jbig2Mmr(bits.get()),
                {{"ColorSpace", Name("DeviceGray")},
                 {"BitsPerComponent", Int(1)},
                 {"Filter", Name("JBIG2Decode")}}),
      doc.Image(120, 80, Jpeg(gray.get(), 75),
                {{"ColorSpace", Name("DeviceGray")},
                 {"BitsPerComponent", Int(8)},
                 {"Filter", Name("DCTDecode")}}),
      doc.Image(120, 80, Zlib(Samples(rgb.get())),
                {{"ColorSpace", Name("DeviceRGB")},
                 {"BitsPerComponent", Int(8)},
                 {"Filter", Name("FlateDecode")}}),
  };
  PdfDictionary xobjects;
  std::string content;
  for (size_t i = 0; i < images.size(); ++i) {
    Result<PdfImage> img = DecodePdfImage(*images[i], doc.objects());
    ASSERT_TRUE(img.ok()) << img.status().message();
    BurnBoxes(img->pix.get(), {{10, 10, 50, 30}});
    ASSERT_TRUE(StorePdfImage(*img, images[i], doc.objects()).ok());
    const std::string name = "Im" + std::to_string(i);
    xobjects.AddKey(PdfName(name), images[i]->Reference());
    content += "q 120 0 0 80 10 " + std::to_string(10 + 90 * i) + " cm /" + name + " Do Q\n";
  }
  page->GetResources()->GetDictionary().AddKey("XObject", xobjects);
  page->GetContents()->GetStream()->Set(content.c_str());
  char path[] = "/tmp/redact_images_XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  doc.doc.Write(path);
  const std::string list = std::string(path) + ".list";
  ASSERT_EQ(std::system(("pdfimages -list " + std::string(path) + " > " + list).c_str()), 0);
  std::ifstream in(list);
  std::string line;
  std::vector<std::string> enc, bpc;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string s; fields >> s;) f.push_back(s);
    // page num type width height color comp bpc enc interp object ID ...
    if (f.size() > 9 && f[2] == "image") {
      bpc.push_back(f[7]);
      enc.push_back(f[8]);
    }
  }
  std::remove(path);
  std::remove(list.c_str());
  EXPECT_EQ(enc, (std::vector<std::string>{"ccitt", "jpeg", "image"}));
  EXPECT_EQ(bpc, (std::vector<std::string>{"1", "8", "8"}));
}

// --- Image files ----------------------------------------------------------------------------

int TiffFormat(const std::string& bytes, int page) {
  l_int32 w, h, bps, spp, res, cmap, format = 0;
  readHeaderMemTiff(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), page, &w, &h,
                    &bps, &spp, &res, &cmap, &format);
  return format;
}

TEST(ImageFile, ThreePageG4TiffKeepsPagesSizesDpiAndBurns) {
  PIXA* pixa = pixaCreate(3);
  const int sizes[3][2] = {{200, 150}, {160, 220}, {90, 60}};
  for (auto& s : sizes) {
    PIX* p = Pattern(s[0], s[1], 1).release();
    pixSetResolution(p, 200, 200);
    pixaAddPix(pixa, p, L_INSERT);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixaWriteMemMultipageTiff(&data, &size, pixa), 0);  // G4 for 1 bpp
  pixaDestroy(&pixa);
  const std::string tiff(reinterpret_cast<char*>(data), size);
  lept_free(data);

  Result<ImageFile> file = DecodeImageFile(tiff);
  ASSERT_TRUE(file.ok()) << file.status().message();
  ASSERT_EQ(file->pages.size(), 3u);
  EXPECT_EQ(file->codec, Codec::kTiffG4);
  const PixelBox box{10, 10, 60, 40};
  for (FilePage& p : file->pages) {
    EXPECT_EQ(p.dpi_x, 200);
    EXPECT_EQ(p.dpi_y, 200);
    BurnBoxes(p.pix.get(), {box});
  }
  Result<std::string> out = EncodeImageFile(*file);
  ASSERT_TRUE(out.ok()) << out.status().message();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(TiffFormat(*out, i), IFF_TIFF_G4) << "page " << i;

  Result<ImageFile> again = DecodeImageFile(*out);
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(again->pages.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    PIX* p = again->pages[i].pix.get();
    EXPECT_EQ(pixGetWidth(p), sizes[i][0]);
    EXPECT_EQ(pixGetHeight(p), sizes[i][1]);
    EXPECT_EQ(again->pages[i].dpi_x, 200);
    EXPECT_EQ(MaxInBox(p, box), 0);
    EXPECT_TRUE(SamePixels(p, file->pages[i].pix.get()));
  }
}

TEST(ImageFile, LzwGrayTiffStaysLzw) {
  PixPtr gray = Pattern(80, 60, 8);
  pixSetResolution(gray.get(), 300, 300);
  l_uint8* data = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixWriteMemTiff(&data, &size, gray.get(), IFF_TIFF_LZW), 0);
  const std::string tiff(reinterpret_cast<char*>(data), size);
  lept_free(data);
  Result<ImageFile> file = DecodeImageFile(tiff);
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->codec, Codec::kTiffLzw);
  BurnBoxes(file->pages[0].pix.get(), {{5, 5, 30, 20}});
  Result<std::string> out = EncodeImageFile(*file);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(TiffFormat(*out, 0), IFF_TIFF_LZW);
  Result<ImageFile> again = DecodeImageFile(*out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->pages[0].dpi_x, 300);
  EXPECT_EQ(MaxInBox(again->pages[0].pix.get(), {5, 5, 30, 20}), 0);
  EXPECT_TRUE(SamePixels(again->pages[0].pix.get(), file->pages[0].pix.get()));
}

TEST(ImageFile, JpegInTiffStaysJpeg) {
  ImageFile file;
  file.codec = Codec::kTiffLzw;
  file.jpeg_quality = 80;
  FilePage page;
  page.pix = Pattern(64, 64, 32, false);
  page.dpi_x = page.dpi_y = 150;
  page.tiff_compression = COMPRESSION_JPEG;
  file.pages.push_back(std::move(page));
  Result<std::string> out = EncodeImageFile(file);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(TiffFormat(*out, 0), IFF_TIFF_JPEG);
  Result<ImageFile> again = DecodeImageFile(*out);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->pages[0].tiff_compression, COMPRESSION_JPEG);
  EXPECT_EQ(again->jpeg_quality, 80);
  EXPECT_LT(MeanDiff(again->pages[0].pix.get(), file.pages[0].pix.get()), 12.0);
}

TEST(ImageFile, PngRoundTripKeepsDpiAndBurns) {
  PixPtr rgb = Pattern(70, 50, 32);
  pixSetResolution(rgb.get(), 144, 144);
  l_uint8* data = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixWriteMemPng(&data, &size, rgb.get(), 0.0f), 0);
  const std::string png(reinterpret_cast<char*>(data), size);
  lept_free(data);
  Result<ImageFile> file = DecodeImageFile(png);
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->codec, Codec::kPng);
  EXPECT_EQ(file->pages[0].dpi_x, 144);
  BurnBoxes(file->pages[0].pix.get(), {{0, 0, 20, 20}});
  Result<std::string> out = EncodeImageFile(*file);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->substr(0, 4), "\x89PNG");
  Result<ImageFile> again = DecodeImageFile(*out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->pages[0].dpi_x, 144);
  EXPECT_EQ(MaxInBox(again->pages[0].pix.get(), {0, 0, 20, 20}), 0);
  EXPECT_TRUE(SamePixels(again->pages[0].pix.get(), file->pages[0].pix.get()));
}

TEST(ImageFile, JpegRoundTripKeepsQualityAndDpi) {
  PixPtr rgb = Pattern(96, 64, 32, false);
  pixSetResolution(rgb.get(), 300, 300);
  Result<ImageFile> file = DecodeImageFile(Jpeg(rgb.get(), 70));
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->codec, Codec::kDct);
  EXPECT_EQ(file->jpeg_quality, 70);
  EXPECT_EQ(file->pages[0].dpi_x, 300);
  BurnBoxes(file->pages[0].pix.get(), AlignToCodecBlocks({{20, 16, 60, 40}}, file->codec));
  Result<std::string> out = EncodeImageFile(*file);
  ASSERT_TRUE(out.ok());
  Result<ImageFile> again = DecodeImageFile(*out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->jpeg_quality, 70);
  EXPECT_EQ(again->pages[0].dpi_x, 300);
  EXPECT_LE(MaxInBox(again->pages[0].pix.get(), {20, 16, 60, 40}), 8);
}

TEST(ImageFile, GarbageAndTruncatedFilesAreErrors) {
  PixPtr gray = Pattern(40, 40, 8);
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemPng(&data, &size, gray.get(), 0.0f);
  std::string png(reinterpret_cast<char*>(data), size);
  lept_free(data);
  pixWriteMemTiff(&data, &size, gray.get(), IFF_TIFF_LZW);
  std::string tiff(reinterpret_cast<char*>(data), size);
  lept_free(data);
  std::string jpeg = Jpeg(gray.get(), 75);
  for (const std::string& bad :
       {std::string(), std::string("GIF89a garbage"), std::string(1000, '\x42'),
        png.substr(0, png.size() / 2), tiff.substr(0, 8), tiff.substr(0, tiff.size() / 2),
        jpeg.substr(0, jpeg.size() / 2), std::string("II*\0\x08\0\0\0\xff\xff", 10)}) {
    Result<ImageFile> file = DecodeImageFile(bad);
    EXPECT_FALSE(file.ok()) << "input of " << bad.size() << " bytes";
  }
  ImageFile empty;
  EXPECT_FALSE(EncodeImageFile(empty).ok());
}

}  // namespace
}  // namespace redact::image
