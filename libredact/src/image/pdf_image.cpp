// Image XObjects (and inline images wrapped in a stream object) of the scanned path: the
// /Filter chain, colour space, /Decode and mask semantics turned into a normalized Leptonica
// pix, and the burnt pix written back in the same codec class with every stale key removed.
//
// Normalized pixes: 1 bpp with 1 = black (for a stencil /ImageMask: 1 = painted), 8 bpp gray
// with 0 = black, 32 bpp RGB. Stored images never carry /Decode: the polarity is in the data.
#include <leptonica/allheaders.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "image/codecs.hpp"
#include "image/raster.hpp"
#include "pdf/interpreter.hpp"
#include "pdf/interpreter.hpp"

namespace redact::image {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfError;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVariant;
using PoDoFo::PdfVecObjects;

// Inline images (BI … ID … EI) use abbreviated keys and names; the caller may wrap one in a
// stream object, which is recognized by /W or /H standing where /Width would be.
struct KeyName {
  const char* full;
  const char* abbreviation;
};
constexpr KeyName kKeys[] = {{"Width", "W"},       {"Height", "H"}, {"BitsPerComponent", "BPC"},
                             {"ColorSpace", "CS"}, {"Filter", "F"}, {"DecodeParms", "DP"},
                             {"ImageMask", "IM"},  {"Decode", "D"}, {"Interpolate", "I"}};
constexpr KeyName kFilterNames[] = {{"ASCIIHexDecode", "AHx"}, {"ASCII85Decode", "A85"},
                                    {"LZWDecode", "LZW"},      {"FlateDecode", "Fl"},
                                    {"RunLengthDecode", "RL"}, {"CCITTFaxDecode", "CCF"},
                                    {"DCTDecode", "DCT"}};
constexpr KeyName kColorNames[] = {
    {"DeviceGray", "G"}, {"DeviceRGB", "RGB"}, {"DeviceCMYK", "CMYK"}, {"Indexed", "I"}};

std::string Full(const std::string& name, const KeyName* table, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (name == table[i].abbreviation) return table[i].full;
  return name;
}
std::string FilterName(const std::string& n) {
  return Full(n, kFilterNames, std::size(kFilterNames));
}
std::string ColorName(const std::string& n) { return Full(n, kColorNames, std::size(kColorNames)); }

const char* Abbreviation(const char* full) {
  for (const KeyName& k : kKeys)
    if (std::strcmp(k.full, full) == 0) return k.abbreviation;
  return full;
}

bool IsInline(const PdfDictionary& d) {
  return !d.HasKey("Width") && (d.HasKey("W") || d.HasKey("H"));
}

const PdfObject* Resolve(const PdfVecObjects* objects, const PdfObject* o) {
  for (int depth = 0; o != nullptr && o->IsReference() && depth < 8; ++depth)
    o = objects ? objects->GetObject(o->GetReference()) : nullptr;
  return (o != nullptr && o->IsReference()) ? nullptr : o;
}

// The value of a key under its full name or, in an inline image, its abbreviation.
const PdfObject* Key(const PdfDictionary& d, bool inline_image, const char* full,
                     const PdfVecObjects* objects) {
  const PdfObject* o = d.GetKey(full);
  if (o == nullptr && inline_image) o = d.GetKey(Abbreviation(full));
  return Resolve(objects, o);
}

std::string Describe(const PdfObject& o) {
  const PoDoFo::PdfReference& r = o.Reference();
  if (r.ObjectNumber() == 0) return "inline image";
  return "image " + std::to_string(r.ObjectNumber()) + " " + std::to_string(r.GenerationNumber()) +
         " R";
}

std::string StringBytes(const PoDoFo::PdfString& s) {
  std::string out;
  if (s.IsUnicode()) out = "\xFE\xFF";  // PoDoFo strips a leading FE FF as a "BOM"
  if (s.GetString() != nullptr) out.append(s.GetString(), static_cast<size_t>(s.GetLength()));
  return out;
}

// --- Colour spaces ------------------------------------------------------------------------

struct ColorInfo {
  int components = 1;  // samples per pixel in the data (1 for Indexed)
  bool cmyk = false;   // 4 components, converted to RGB
  bool indexed = false;
  int hival = 0;
  int palette_components = 0;  // 1 gray or 3 RGB entries after conversion
  std::string palette;         // (hival+1) × palette_components bytes
};

uint8_t CmykToChannel(int ink, int black) {
  return static_cast<uint8_t>((255 - ink) * (255 - black) / 255);
}

Result<ColorInfo> ParseColorSpace(const PdfObject* cs, const PdfVecObjects* objects,
                                  bool allow_indexed) {
  if (cs == nullptr) return Status::Error("no /ColorSpace");
  if (cs->IsName()) {
    const std::string n = ColorName(cs->GetName().GetName());
    ColorInfo c;
    if (n == "DeviceGray" || n == "CalGray")
      c.components = 1;
    else if (n == "DeviceRGB" || n == "CalRGB")
      c.components = 3;
    else if (n == "DeviceCMYK")
      c.components = 4, c.cmyk = true;
    else
      return Status::Error("colour space /" + n + " is not supported");
    return c;
  }
  if (!cs->IsArray() || cs->GetArray().empty()) return Status::Error("malformed /ColorSpace");
  const PdfArray& a = cs->GetArray();
  const PdfObject* family_obj = Resolve(objects, &a[0]);
  if (family_obj == nullptr || !family_obj->IsName()) return Status::Error("malformed /ColorSpace");
  const std::string family = ColorName(family_obj->GetName().GetName());
  ColorInfo c;
  if (family == "CalGray" || family == "DeviceGray") return c;
  if (family == "CalRGB" || family == "DeviceRGB") {
    c.components = 3;
    return c;
  }
  if (family == "DeviceCMYK") {
    c.components = 4, c.cmyk = true;
    return c;
  }
  if (family == "ICCBased") {
    const PdfObject* stream = a.size() > 1 ? Resolve(objects, &a[1]) : nullptr;
    const PdfObject* n = stream && stream->IsDictionary()
                             ? Resolve(objects, stream->GetDictionary().GetKey("N"))
                             : nullptr;
    if (n == nullptr || !n->IsNumber()) return Status::Error("ICCBased colour space without /N");
    switch (n->GetNumber()) {
      case 1:
        return c;
      case 3:
        c.components = 3;
        return c;
      case 4:
        c.components = 4, c.cmyk = true;
        return c;
      default:
        return Status::Error("ICCBased colour space with /N " + std::to_string(n->GetNumber()));
    }
  }
  if (family == "Indexed") {
    if (!allow_indexed) return Status::Error("nested Indexed colour space");
    if (a.size() < 4) return Status::Error("malformed Indexed colour space");
    Result<ColorInfo> base = ParseColorSpace(Resolve(objects, &a[1]), objects, false);
    if (!base.ok()) return Status::Error("Indexed base: " + base.status().message());
    const PdfObject* hival = Resolve(objects, &a[2]);
    const PdfObject* lookup = Resolve(objects, &a[3]);
    if (hival == nullptr || !hival->IsNumber() || hival->GetNumber() < 0 ||
        hival->GetNumber() > 255)
      return Status::Error("Indexed colour space with a bad hival");
    std::string table;
    if (lookup != nullptr && (lookup->IsString() || lookup->IsHexString())) {
      table = StringBytes(lookup->GetString());
    } else if (lookup != nullptr && lookup->HasStream()) {
      auto bytes = pdf::DecodedStream(lookup, 1 << 16);  // a table needs at most 1 KiB
      if (!bytes.ok()) return Status::Error("Indexed lookup table: " + bytes.status().message());
      table = std::move(bytes.value());
    } else {
      return Status::Error("Indexed colour space without a lookup table");
    }
    c.indexed = true;
    c.components = 1;
    c.hival = static_cast<int>(hival->GetNumber());
    const int n = base->components;
    table.resize(static_cast<size_t>(c.hival + 1) * n,
                 '\0');  // short tables read as 0, like viewers
    c.palette_components = n == 1 ? 1 : 3;
    for (int i = 0; i <= c.hival; ++i) {
      const auto* e = reinterpret_cast<const uint8_t*>(table.data()) + static_cast<size_t>(i) * n;
      if (n == 1)
        c.palette.push_back(static_cast<char>(e[0]));
      else if (n == 3)
        c.palette.append(reinterpret_cast<const char*>(e), 3);
      else
        for (int k = 0; k < 3; ++k)
          c.palette.push_back(static_cast<char>(CmykToChannel(e[k], e[3])));
    }
    return c;
  }
  return Status::Error("colour space /" + family + " is not supported");
}

// Kind of an existing colour space object for writing back: 1 gray-like, 3 RGB-like, else 0.
int WritableKind(const PdfObject* cs, const PdfVecObjects* objects) {
  Result<ColorInfo> c = ParseColorSpace(cs, objects, false);
  if (!c.ok() || c->cmyk) return 0;
  return c->components;
}

// --- Samples → pix ------------------------------------------------------------------------

inline unsigned GetSample(const uint8_t* row, size_t index, int bpc) {
  switch (bpc) {
    case 8:
      return row[index];
    case 16:
      return static_cast<unsigned>(row[2 * index]) << 8 | row[2 * index + 1];
    default: {
      const size_t bit = index * bpc;
      return (row[bit / 8] >> (8 - bpc - bit % 8)) & ((1u << bpc) - 1);
    }
  }
}

struct Geometry {
  int width = 0, height = 0, bpc = 8;
  bool image_mask = false;
};

// 1 bpp gray or stencil data: pix bit = (sample == 0) XOR inverted.
PixPtr OneBitToPix(const std::string& data, const Geometry& g, bool inverted) {
  PIX* pix = pixCreate(g.width, g.height, 1);
  if (pix == nullptr) return nullptr;
  const size_t row_bytes = (static_cast<size_t>(g.width) + 7) / 8;
  l_uint32* base = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < g.height; ++y) {
    const auto* src = reinterpret_cast<const uint8_t*>(data.data()) + y * row_bytes;
    l_uint32* line = base + static_cast<size_t>(y) * wpl;
    for (size_t i = 0; i < row_bytes; ++i)
      SET_DATA_BYTE(line, i, inverted ? src[i] : static_cast<uint8_t>(~src[i]));
  }
  pixSetPadBits(pix, 0);
  return PixPtr(pix);
}

// A colour-key /Mask array: for each data component a [min max] range of raw samples.
using ColorKey = std::vector<int>;

// The stencil of a normalized pix whose raw samples are recoverable from its values: 1 bpp
// (raw sample = !(pix XOR decode_inverted)), 8 bpp gray or 32 bpp RGB before any /Decode
// mapping. 1 = painted, 0 = keyed out.
PixPtr StencilFromPix(PIX* pix, const ColorKey& key, bool decode_inverted) {
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
  PIX* st = pixCreate(w, h, 1);
  if (st == nullptr) return nullptr;
  auto in = [&](int v, int k) { return v >= key[2 * k] && v <= key[2 * k + 1]; };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      l_uint32 v;
      pixGetPixel(pix, x, y, &v);
      bool keyed;
      if (d == 1) {
        keyed = in(!(static_cast<bool>(v) != decode_inverted), 0);
      } else if (d == 8) {
        keyed = in(static_cast<int>(v), 0);
      } else {
        l_int32 r, g, b;
        extractRGBValues(v, &r, &g, &b);
        keyed = in(r, 0) && in(g, 1) && in(b, 2);
      }
      if (!keyed) pixSetPixel(st, x, y, 1);
    }
  return PixPtr(st);
}

Result<PixPtr> SamplesToPix(const std::string& data, const Geometry& g, const ColorInfo& c,
                            const std::vector<double>& decode, const ColorKey& key,
                            PixPtr* stencil) {
  const int bpc = g.bpc;
  const size_t samples_per_row = static_cast<size_t>(g.width) * c.components;
  const size_t row_bytes = (samples_per_row * bpc + 7) / 8;
  const size_t needed = row_bytes * g.height;
  if (data.size() < needed)
    return Status::Error("image data shorter than declared (" + std::to_string(data.size()) +
                         " of " + std::to_string(needed) + " bytes)");
  const unsigned max_value = bpc == 16 ? 65535u : (1u << bpc) - 1;

  if (g.image_mask || (bpc == 1 && c.components == 1 && !c.indexed)) {
    bool inverted = false;
    if (decode.size() >= 2) {
      if (decode[0] > decode[1])
        inverted = true;
      else if (decode[0] == decode[1])
        return Status::Error("constant /Decode array");
    }
    PixPtr pix = OneBitToPix(data, g, inverted);
    if (!pix) return Status::Error("out of memory");
    if (!key.empty() && !g.image_mask) *stencil = StencilFromPix(pix.get(), key, inverted);
    return pix;
  }

  // Per-component lookup from raw sample to an 8-bit value (or palette index).
  const int lut_components = c.indexed ? 1 : c.components;
  std::vector<std::vector<uint8_t>> lut(lut_components);
  for (int k = 0; k < lut_components; ++k) {
    double dmin = c.indexed ? 0 : 0.0, dmax = c.indexed ? max_value : 1.0;
    if (decode.size() >= static_cast<size_t>(2 * k + 2))
      dmin = decode[2 * k], dmax = decode[2 * k + 1];
    const unsigned entries = bpc == 16 ? 256u : max_value + 1;
    lut[k].resize(entries);
    for (unsigned v = 0; v < entries; ++v) {
      const double raw = bpc == 16 ? v * 257.0 : v;  // 16-bit samples: high byte indexes
      const double x = dmin + raw * (dmax - dmin) / max_value;
      lut[k][v] = c.indexed
                      ? static_cast<uint8_t>(std::clamp<long>(std::lround(x), 0, c.hival))
                      : static_cast<uint8_t>(std::clamp<long>(std::lround(x * 255.0), 0, 255));
    }
  }
  const bool gray = c.indexed ? c.palette_components == 1 : c.components == 1;
  PIX* raw_pix = pixCreate(g.width, g.height, gray ? 8 : 32);
  if (raw_pix == nullptr) return Status::Error("out of memory");
  PixPtr pix(raw_pix);
  l_uint32* base = pixGetData(raw_pix);
  const int wpl = pixGetWpl(raw_pix);
  const auto* pal = reinterpret_cast<const uint8_t*>(c.palette.data());
  auto sample = [&](const uint8_t* row, size_t i, int k) {
    const unsigned v = GetSample(row, i, bpc);
    return lut[k][bpc == 16 ? v >> 8 : v];
  };
  PIX* st = nullptr;
  if (!key.empty()) {
    st = pixCreate(g.width, g.height, 1);
    if (st == nullptr) return Status::Error("out of memory");
    stencil->reset(st);
  }
  for (int y = 0; y < g.height; ++y) {
    const auto* row = reinterpret_cast<const uint8_t*>(data.data()) + y * row_bytes;
    l_uint32* line = base + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < g.width; ++x) {
      const size_t i = static_cast<size_t>(x) * c.components;
      if (st != nullptr) {  // colour keys compare raw samples, before /Decode
        bool keyed = true;
        for (int k = 0; k < c.components && keyed; ++k) {
          const int v = static_cast<int>(GetSample(row, i + k, bpc));
          keyed = v >= key[2 * k] && v <= key[2 * k + 1];
        }
        if (!keyed) pixSetPixel(st, x, y, 1);
      }
      if (c.indexed) {
        const uint8_t index = sample(row, i, 0);
        if (gray)
          SET_DATA_BYTE(line, x, pal[index]);
        else
          composeRGBPixel(pal[3 * index], pal[3 * index + 1], pal[3 * index + 2], line + x);
      } else if (gray) {
        SET_DATA_BYTE(line, x, sample(row, i, 0));
      } else if (c.cmyk) {
        const int k = sample(row, i + 3, 3);
        composeRGBPixel(CmykToChannel(sample(row, i, 0), k),
                        CmykToChannel(sample(row, i + 1, 1), k),
                        CmykToChannel(sample(row, i + 2, 2), k), line + x);
      } else {
        composeRGBPixel(sample(row, i, 0), sample(row, i + 1, 1), sample(row, i + 2, 2), line + x);
      }
    }
  }
  return pix;
}

// --- The filter chain ---------------------------------------------------------------------

struct FilterStep {
  std::string name;  // full name
  const PdfDictionary* parms = nullptr;
};

int ParmInt(const PdfDictionary* p, const char* key, int fallback, const PdfVecObjects* objects) {
  if (p == nullptr) return fallback;
  const PdfObject* o = Resolve(objects, p->GetKey(key));
  if (o == nullptr || !(o->IsNumber() || o->IsReal())) return fallback;
  return static_cast<int>(o->GetNumber());
}
bool ParmBool(const PdfDictionary* p, const char* key, bool fallback,
              const PdfVecObjects* objects) {
  if (p == nullptr) return fallback;
  const PdfObject* o = Resolve(objects, p->GetKey(key));
  return (o != nullptr && o->IsBool()) ? o->GetBool() : fallback;
}

bool IsImageCodec(const std::string& f) {
  return f == "DCTDecode" || f == "CCITTFaxDecode" || f == "JBIG2Decode" || f == "JPXDecode";
}

Result<std::string> ApplyFilter(const FilterStep& step, std::string data, size_t cap,
                                const PdfVecObjects* objects) {
  Result<std::string> out = Status::Error("unreachable");
  if (step.name == "FlateDecode")
    out = internal::FlateDecode(data, cap);
  else if (step.name == "LZWDecode")
    out = internal::LzwDecode(data, ParmInt(step.parms, "EarlyChange", 1, objects) != 0, cap);
  else if (step.name == "RunLengthDecode")
    out = internal::RunLengthDecode(data, cap);
  else if (step.name == "ASCIIHexDecode")
    out = internal::AsciiHexDecode(data);
  else if (step.name == "ASCII85Decode")
    out = internal::Ascii85Decode(data);
  else if (step.name == "Crypt")
    return Status::Error("/Crypt filter on an image is not supported");
  else
    return Status::Error("filter /" + step.name + " is not supported");
  if (!out.ok()) return out;
  if (step.name == "FlateDecode" || step.name == "LZWDecode") {
    internal::PredictorParams pp;
    pp.predictor = ParmInt(step.parms, "Predictor", 1, objects);
    pp.colors = ParmInt(step.parms, "Colors", 1, objects);
    pp.bits_per_component = ParmInt(step.parms, "BitsPerComponent", 8, objects);
    pp.columns = ParmInt(step.parms, "Columns", 1, objects);
    return internal::Unpredict(std::move(*out), pp);
  }
  return out;
}

}  // namespace

Result<PdfImage> DecodePdfImage(const PdfObject& xobject, PdfVecObjects* objects) {
  internal::QuietLeptonica();
  const std::string where = Describe(xobject);
  auto fail = [&](const std::string& why) -> Status { return Status::Error(where + ": " + why); };
  try {
    if (!xobject.IsDictionary() || !xobject.HasStream()) return fail("not an image stream");
    const PdfDictionary& d = xobject.GetDictionary();
    const bool inline_image = IsInline(d);
    if (!inline_image && d.HasKey("F")) return fail("external stream data (/F) is not supported");

    const PdfObject* w = Key(d, inline_image, "Width", objects);
    const PdfObject* h = Key(d, inline_image, "Height", objects);
    if (w == nullptr || h == nullptr || !w->IsNumber() || !h->IsNumber())
      return fail("missing /Width or /Height");
    if (Status s = internal::CheckDimensions(w->GetNumber(), h->GetNumber()); !s.ok())
      return fail(s.message());
    Geometry g;
    g.width = static_cast<int>(w->GetNumber());
    g.height = static_cast<int>(h->GetNumber());
    const PdfObject* im = Key(d, inline_image, "ImageMask", objects);
    g.image_mask = im != nullptr && im->IsBool() && im->GetBool();

    // Filters and their parameters.
    std::vector<FilterStep> steps;
    const PdfObject* f = Key(d, inline_image, "Filter", objects);
    const PdfObject* dp = Key(d, inline_image, "DecodeParms", objects);
    auto parms_at = [&](size_t i) -> const PdfDictionary* {
      const PdfObject* p = dp;
      if (p != nullptr && p->IsArray())
        p = i < p->GetArray().size() ? Resolve(objects, &p->GetArray()[i]) : nullptr;
      return (p != nullptr && p->IsDictionary()) ? &p->GetDictionary() : nullptr;
    };
    if (f != nullptr && f->IsName()) {
      steps.push_back({FilterName(f->GetName().GetName()), parms_at(0)});
    } else if (f != nullptr && f->IsArray()) {
      for (size_t i = 0; i < f->GetArray().size(); ++i) {
        const PdfObject* n = Resolve(objects, &f->GetArray()[i]);
        if (n == nullptr || !n->IsName()) return fail("malformed /Filter");
        steps.push_back({FilterName(n->GetName().GetName()), parms_at(i)});
      }
    } else if (f != nullptr && !f->IsNull()) {
      return fail("malformed /Filter");
    }
    std::string codec_name;
    for (size_t i = 0; i < steps.size(); ++i)
      if (IsImageCodec(steps[i].name)) {
        if (i + 1 != steps.size()) return fail("/" + steps[i].name + " is not the last filter");
        codec_name = steps[i].name;
      }

    PdfImage img;
    img.image_mask = g.image_mask;
    img.has_smask = d.HasKey("SMask") || d.HasKey("Mask");
    if (codec_name == "DCTDecode")
      img.codec = Codec::kDct;
    else if (codec_name == "CCITTFaxDecode")
      img.codec = Codec::kCcitt;
    else if (codec_name == "JBIG2Decode")
      img.codec = Codec::kJbig2;
    else if (codec_name == "JPXDecode")
      img.codec = Codec::kJpx;
    else if (steps.empty())
      img.codec = Codec::kRaw;
    else
      img.codec = Codec::kFlate;  // Flate, LZW, RunLength, ASCII filters: lossless class

    // Bits per component and colour space (a JPX stream may carry its own).
    const PdfObject* bpc_obj = Key(d, inline_image, "BitsPerComponent", objects);
    if (g.image_mask) {
      if (bpc_obj != nullptr && bpc_obj->IsNumber() && bpc_obj->GetNumber() != 1)
        return fail("/ImageMask with BitsPerComponent other than 1");
      g.bpc = 1;
    } else if (bpc_obj != nullptr && bpc_obj->IsNumber()) {
      g.bpc = static_cast<int>(bpc_obj->GetNumber());
    } else if (img.codec == Codec::kCcitt || img.codec == Codec::kJbig2) {
      g.bpc = 1;
    } else if (img.codec != Codec::kJpx) {
      return fail("missing /BitsPerComponent");
    }
    if (g.bpc != 1 && g.bpc != 2 && g.bpc != 4 && g.bpc != 8 && g.bpc != 16)
      return fail("BitsPerComponent " + std::to_string(g.bpc) + " is not supported");
    img.bits_per_component = g.bpc;

    ColorInfo color;
    const PdfObject* cs = Key(d, inline_image, "ColorSpace", objects);
    const bool have_cs = cs != nullptr && !g.image_mask;
    if (!g.image_mask) {
      if (cs == nullptr && img.codec != Codec::kJpx) return fail("missing /ColorSpace");
      if (cs != nullptr) {
        if (inline_image && cs->IsName()) {
          const std::string n = ColorName(cs->GetName().GetName());
          if (n != "DeviceGray" && n != "DeviceRGB" && n != "DeviceCMYK")
            return fail("inline image colour space /" + n + " names a resource; resolve it first");
        }
        Result<ColorInfo> parsed = ParseColorSpace(cs, objects, true);
        if (!parsed.ok()) return fail(parsed.status().message());
        color = *parsed;
      }
    }
    img.components = color.indexed ? color.palette_components : color.components;

    std::vector<double> decode;
    if (const PdfObject* dec = Key(d, inline_image, "Decode", objects);
        dec != nullptr && dec->IsArray())
      for (const PdfObject& v : dec->GetArray()) {
        const PdfObject* r = Resolve(objects, &v);
        if (r == nullptr || !(r->IsNumber() || r->IsReal())) return fail("malformed /Decode");
        decode.push_back(r->GetReal());
      }
    const bool decode_inverted = decode.size() >= 2 && decode[0] > decode[1];

    // A colour-key /Mask: kept as ranges here, written back as an explicit stencil because
    // the stored samples may differ (palette expanded, CMYK converted, /Decode folded in).
    ColorKey key;
    if (const PdfObject* m = d.GetKey("Mask"); m != nullptr && !g.image_mask) {
      const PdfObject* arr = Resolve(objects, m);
      if (arr != nullptr && arr->IsArray()) {
        for (const PdfObject& v : arr->GetArray()) {
          const PdfObject* r = Resolve(objects, &v);
          if (r == nullptr || !(r->IsNumber() || r->IsReal()))
            return fail("malformed colour-key /Mask");
          key.push_back(static_cast<int>(r->GetNumber()));
        }
        const size_t want =
            2 * static_cast<size_t>(color.indexed ? 1 : std::max(color.components, 1));
        if (img.codec != Codec::kJpx && key.size() != want)
          return fail("colour-key /Mask with " + std::to_string(key.size()) + " numbers, not " +
                      std::to_string(want));
      }
    }

    // Sizes that bound every decompression step.
    const int data_components = color.indexed ? 1 : color.components;
    const size_t row_bytes = (static_cast<size_t>(g.width) * data_components * g.bpc + 7) / 8;
    size_t sample_bytes = row_bytes * g.height;
    if (!steps.empty() &&
        (steps.back().name == "FlateDecode" || steps.back().name == "LZWDecode") &&
        ParmInt(steps.back().parms, "Predictor", 1, objects) >= 10)
      sample_bytes += g.height;  // PNG filter-type bytes
    const size_t final_cap = sample_bytes + sample_bytes / 8 + 65536;
    const size_t intermediate_cap = static_cast<size_t>(g.width) * g.height * 4 * 2 + (1u << 20);

    std::string data = pdf::RawStreamBytes(xobject);
    for (const FilterStep& step : steps) {
      if (IsImageCodec(step.name)) break;
      const bool last_general = &step == &steps.back() || IsImageCodec((&step + 1)->name);
      const bool feeds_codec = last_general && !codec_name.empty();
      Result<std::string> next =
          ApplyFilter(step, std::move(data),
                      feeds_codec || !last_general ? intermediate_cap : final_cap, objects);
      if (!next.ok()) return fail(next.status().message());
      data = std::move(*next);
    }

    const PdfDictionary* codec_parms = codec_name.empty() ? nullptr : steps.back().parms;
    if (img.codec == Codec::kDct) {
      if (g.image_mask) return fail("DCTDecode image mask is not supported");
      if (color.indexed) return fail("DCTDecode with an Indexed colour space");
      int jw = 0, jh = 0;
      Result<PixPtr> pix = internal::DecodeJpeg(data, &jw, &jh);
      if (!pix.ok()) return fail(pix.status().message());
      if (jw != g.width || jh != g.height)
        return fail("JPEG is " + std::to_string(jw) + "x" + std::to_string(jh) +
                    ", declared size lies");
      const int depth = pixGetDepth(pix->get());
      if ((color.components == 1) != (depth == 8))
        return fail("JPEG components do not match the colour space");
      if (!key.empty()) {
        if (color.cmyk) return fail("colour-key /Mask on a CMYK JPEG is not supported");
        img.key_stencil = StencilFromPix(pix->get(), key, false);
      }
      // Inverted /Decode on CMYK is the Adobe convention Leptonica already undoes.
      if (decode_inverted && !color.cmyk) pixInvert(pix->get(), pix->get());
      img.jpeg_quality = internal::EstimateJpegQuality(data);
      img.pix = std::move(*pix);
    } else if (img.codec == Codec::kCcitt || img.codec == Codec::kJbig2) {
      if (g.bpc != 1) return fail(codec_name + " with BitsPerComponent other than 1");
      if (!g.image_mask && (color.indexed || color.components != 1))
        return fail(codec_name + " with a colour space other than gray");
      Result<PixPtr> pix = Status::Error("unreachable");
      bool flip = decode_inverted;
      if (img.codec == Codec::kCcitt) {
        internal::CcittParams cp;
        cp.k = ParmInt(codec_parms, "K", 0, objects);
        cp.columns = ParmInt(codec_parms, "Columns", 1728, objects);
        cp.rows = ParmInt(codec_parms, "Rows", 0, objects);
        cp.encoded_byte_align = ParmBool(codec_parms, "EncodedByteAlign", false, objects);
        img.black_is_1 = ParmBool(codec_parms, "BlackIs1", false, objects);
        if (cp.columns != g.width)
          return fail("/Columns " + std::to_string(cp.columns) + " but /Width " +
                      std::to_string(g.width) + ": declared size lies");
        if (cp.rows > 0 && cp.rows != g.height)
          return fail("/Rows " + std::to_string(cp.rows) + " but /Height " +
                      std::to_string(g.height) + ": declared size lies");
        pix = internal::DecodeCcitt(data, cp, g.height);
        // Decoded black is sample 0 unless /BlackIs1; then /Decode maps samples to paint.
        flip = flip != img.black_is_1;
      } else {
        std::string globals;
        // Named but missing globals: the page refers to symbols nobody can see; refuse.
        if (codec_parms && codec_parms->HasKey("JBIG2Globals")) {
          const PdfObject* gl = Resolve(objects, codec_parms->GetKey("JBIG2Globals"));
          if (gl == nullptr || !gl->HasStream()) return fail("/JBIG2Globals is missing or not a stream");
        }
        if (const PdfObject* gl =
                codec_parms ? Resolve(objects, codec_parms->GetKey("JBIG2Globals")) : nullptr;
            gl != nullptr && gl->HasStream()) {
          auto bytes = pdf::DecodedStream(gl, size_t{16} << 20);  // globals may be Flate
          if (!bytes.ok()) return fail("JBIG2Globals: " + bytes.status().message());
          globals = std::move(bytes.value());
        }
        // The filter outputs 0 for JBIG2's black 1; /Decode then maps samples to paint.
        pix = internal::DecodeJbig2(data, globals, g.width, g.height);
      }
      if (!pix.ok()) return fail(pix.status().message());
      if (flip) pixInvert(pix->get(), pix->get());
      if (!key.empty() && !g.image_mask)
        img.key_stencil = StencilFromPix(pix->get(), key, decode_inverted);
      img.black_is_1 = img.black_is_1 != decode_inverted;
      img.components = 1;
      img.pix = std::move(*pix);
    } else if (img.codec == Codec::kJpx) {
      if (g.image_mask) return fail("JPXDecode image mask is not supported");
      if (color.indexed) return fail("JPXDecode with an Indexed colour space is not supported");
      Result<internal::JpxDecoded> jpx = internal::DecodeJpx(data, g.width, g.height, color.cmyk);
      if (!jpx.ok()) return fail(jpx.status().message());
      if (have_cs && jpx->components != color.components)
        return fail("JPX components do not match the colour space");
      if (!key.empty()) {
        if (key.size() != 2 * static_cast<size_t>(jpx->components) || jpx->components == 4)
          return fail("colour-key /Mask does not fit the JPX components");
        img.key_stencil = StencilFromPix(jpx->pix.get(), key, false);
      }
      img.components = jpx->components;
      img.bits_per_component = 8;
      img.pix = std::move(jpx->pix);
    } else {
      Result<PixPtr> pix = SamplesToPix(data, g, color, decode, key, &img.key_stencil);
      if (!pix.ok()) return fail(pix.status().message());
      img.black_is_1 = g.bpc == 1 && decode_inverted;
      img.pix = std::move(*pix);
    }
    if (pixGetWidth(img.pix.get()) != g.width || pixGetHeight(img.pix.get()) != g.height)
      return fail("decoded size differs from the declared size");
    return img;
  } catch (const PdfError& e) {
    return fail(std::string("damaged image object (") + PdfError::ErrorName(e.GetError()) + ")");
  } catch (const std::bad_alloc&) {
    return fail("out of memory");
  }
}

namespace {

// Bytes of the pix as PDF samples: 1 bpp with 0 = black, 8 bpp gray, 24-bit RGB.
std::string PixToSamples(PIX* pix) {
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
  const int wpl = pixGetWpl(pix);
  const l_uint32* base = pixGetData(pix);
  const size_t row_bytes =
      d == 1 ? (static_cast<size_t>(w) + 7) / 8 : static_cast<size_t>(w) * (d == 8 ? 1 : 3);
  std::string out(row_bytes * h, '\0');
  auto* o = reinterpret_cast<uint8_t*>(out.data());
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = base + static_cast<size_t>(y) * wpl;
    uint8_t* row = o + y * row_bytes;
    if (d == 1) {
      for (size_t i = 0; i < row_bytes; ++i) row[i] = static_cast<uint8_t>(~GET_DATA_BYTE(line, i));
    } else if (d == 8) {
      for (int x = 0; x < w; ++x) row[x] = static_cast<uint8_t>(GET_DATA_BYTE(line, x));
    } else {
      for (int x = 0; x < w; ++x) {
        l_int32 r, g, b;
        extractRGBValues(line[x], &r, &g, &b);
        row[3 * x] = static_cast<uint8_t>(r);
        row[3 * x + 1] = static_cast<uint8_t>(g);
        row[3 * x + 2] = static_cast<uint8_t>(b);
      }
    }
  }
  return out;
}

}  // namespace

Status StorePdfImage(const PdfImage& img, PdfObject* xobject, PdfVecObjects* objects) {
  if (xobject == nullptr || !xobject->IsDictionary())
    return Status::Error("image: no object to store into");
  const std::string where = Describe(*xobject);
  auto fail = [&](const std::string& why) { return Status::Error(where + ": " + why); };
  if (!img.pix) return fail("no pixels to store");
  try {
    PixPtr normalized = internal::NormalizeDepth(img.pix.get());
    if (!normalized) return fail("unsupported pixel depth");
    PIX* pix = normalized.get();
    const int depth = pixGetDepth(pix);
    if (img.image_mask && depth != 1) return fail("an image mask must stay 1 bpp");

    enum class Out { kG4, kDct, kFlate } out;
    int quality = img.jpeg_quality;
    switch (img.codec) {
      case Codec::kCcitt:
      case Codec::kJbig2:
      case Codec::kTiffG4:
        if (depth != 1) return fail("a fax-coded image must stay 1 bpp");
        out = Out::kG4;
        break;
      case Codec::kDct:
        out = img.image_mask ? Out::kG4 : Out::kDct;
        break;
      case Codec::kJpx:
        out = img.image_mask ? Out::kG4 : Out::kDct;
        quality = 85;
        break;
      default:
        out = Out::kFlate;
    }
    if (out == Out::kDct && depth == 1) {
      normalized.reset(pixConvertTo8(pix, 0));
      pix = normalized.get();
    }
    const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
    std::string data;
    if (out == Out::kG4) {
      Result<std::string> g4 = internal::EncodeG4(pix);
      if (!g4.ok()) return fail(g4.status().message());
      data = std::move(*g4);
    } else if (out == Out::kDct) {
      Result<std::string> jpeg = internal::EncodeJpeg(pix, quality);
      if (!jpeg.ok()) return fail(jpeg.status().message());
      data = std::move(*jpeg);
    } else {
      data = internal::FlateEncode(PixToSamples(pix));
      if (data.empty()) return fail("Flate encoding failed");
    }

    PdfDictionary& dict = xobject->GetDictionary();
    const bool inline_image = IsInline(dict);
    auto key = [&](const char* full) { return PdfName(inline_image ? Abbreviation(full) : full); };

    // The colour space written back: the original one when it still describes the pixels
    // (keeping ICC profiles), an Indexed space's base, else the device space.
    std::optional<PdfObject> color_space;
    if (!img.image_mask) {
      const int want = d == 32 ? 3 : 1;
      const PdfObject* original = dict.GetKey("ColorSpace");
      if (original == nullptr && inline_image) original = dict.GetKey("CS");
      const PdfObject* resolved = Resolve(objects, original);
      if (resolved != nullptr && WritableKind(resolved, objects) == want) {
        color_space.emplace(*original);
      } else if (resolved != nullptr && resolved->IsArray() && resolved->GetArray().size() >= 2 &&
                 Resolve(objects, &resolved->GetArray()[0]) != nullptr &&
                 Resolve(objects, &resolved->GetArray()[0])->IsName() &&
                 ColorName(Resolve(objects, &resolved->GetArray()[0])->GetName().GetName()) ==
                     "Indexed" &&
                 WritableKind(Resolve(objects, &resolved->GetArray()[1]), objects) == want) {
        color_space.emplace(resolved->GetArray()[1]);
      } else {
        const char* device = want == 3 ? "DeviceRGB" : "DeviceGray";
        color_space.emplace(PdfName(inline_image ? (want == 3 ? "RGB" : "G") : device));
      }
    }

    // Set() with no filters drops /Filter; everything else that described the old data goes
    // too, so no stale /DecodeParms, /Decode or /JBIG2Globals reinterprets the new bytes.
    xobject->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()),
                              PoDoFo::TVecFilters());
    for (const char* stale : {"Filter", "DecodeParms", "Decode", "SMaskInData", "ColorSpace",
                              "BitsPerComponent", "Width", "Height"}) {
      dict.RemoveKey(stale);
      dict.RemoveKey(Abbreviation(stale));
    }
    dict.AddKey(key("Width"), PdfVariant(static_cast<PoDoFo::pdf_int64>(w)));
    dict.AddKey(key("Height"), PdfVariant(static_cast<PoDoFo::pdf_int64>(h)));
    dict.AddKey(key("BitsPerComponent"),
                PdfVariant(static_cast<PoDoFo::pdf_int64>(d == 1 ? 1 : 8)));
    if (color_space) dict.AddKey(key("ColorSpace"), *color_space);
    if (out == Out::kG4) {
      dict.AddKey(key("Filter"), PdfName(inline_image ? "CCF" : "CCITTFaxDecode"));
      PdfDictionary parms;
      parms.AddKey("K", PdfVariant(static_cast<PoDoFo::pdf_int64>(-1)));
      parms.AddKey("Columns", PdfVariant(static_cast<PoDoFo::pdf_int64>(w)));
      parms.AddKey("Rows", PdfVariant(static_cast<PoDoFo::pdf_int64>(h)));
      parms.AddKey("BlackIs1", PdfVariant(false));
      dict.AddKey(key("DecodeParms"), parms);
    } else if (out == Out::kDct) {
      dict.AddKey(key("Filter"), PdfName(inline_image ? "DCT" : "DCTDecode"));
    } else {
      dict.AddKey(key("Filter"), PdfName(inline_image ? "Fl" : "FlateDecode"));
    }

    // A colour key described the old samples; the new ones get the same transparency as an
    // explicit stencil /Mask (1 bpp, in the image's codec class: G4 or Flate).
    const PdfObject* mask = dict.GetKey("Mask");
    if (img.key_stencil && !img.image_mask) {
      if (objects == nullptr) return fail("no object vector for the colour-key stencil");
      PdfObject* stencil = objects->CreateObject("XObject");
      stencil->GetDictionary().AddKey("Subtype", PdfName("Image"));
      stencil->GetDictionary().AddKey("ImageMask", PdfVariant(true));
      PdfImage st;
      st.pix.reset(pixClone(img.key_stencil.get()));
      st.image_mask = true;
      st.codec = out == Out::kG4 ? Codec::kCcitt : Codec::kFlate;
      if (Status s = StorePdfImage(st, stencil, objects); !s.ok()) return s;
      dict.AddKey("Mask", stencil->Reference());
    } else if (mask != nullptr && Resolve(objects, mask) != nullptr &&
               Resolve(objects, mask)->IsArray()) {
      dict.RemoveKey("Mask");  // a key for samples that no longer exist
    }
    return Status();
  } catch (const PdfError& e) {
    return fail(std::string("cannot write image (") + PdfError::ErrorName(e.GetError()) + ")");
  } catch (const std::bad_alloc&) {
    return fail("out of memory");
  }
}

Status BurnSoftMask(PdfObject* xobject, const std::vector<PixelBox>& boxes,
                    PdfVecObjects* objects) {
  if (xobject == nullptr || !xobject->IsDictionary()) return Status::Error("image: no object");
  const std::string where = Describe(*xobject);
  try {
    const PdfDictionary& d = xobject->GetDictionary();
    const bool inline_image = IsInline(d);
    const PdfObject* w = Key(d, inline_image, "Width", objects);
    const PdfObject* h = Key(d, inline_image, "Height", objects);
    if (w == nullptr || h == nullptr || !w->IsNumber() || !h->IsNumber() || w->GetNumber() <= 0 ||
        h->GetNumber() <= 0)
      return Status::Error(where + ": missing /Width or /Height");
    for (const char* key : {"SMask", "Mask"}) {
      const PdfObject* ref = d.GetKey(key);
      PdfObject* mask = ref != nullptr && ref->IsReference() && objects != nullptr
                            ? objects->GetObject(ref->GetReference())
                            : nullptr;
      if (mask == nullptr || !mask->HasStream()) continue;  // absent, or a colour-key array
      Result<PdfImage> decoded = DecodePdfImage(*mask, objects);
      if (!decoded.ok())
        return Status::Error(where + " /" + key + ": " + decoded.status().message());
      PIX* pix = decoded->pix.get();
      // Boxes are in the image's pixels; a mask may have its own resolution.
      const double sx = static_cast<double>(pixGetWidth(pix)) / w->GetNumber();
      const double sy = static_cast<double>(pixGetHeight(pix)) / h->GetNumber();
      std::vector<PixelBox> scaled;
      for (const PixelBox& b : boxes)
        scaled.push_back(
            {static_cast<int>(std::floor(b.x0 * sx)), static_cast<int>(std::floor(b.y0 * sy)),
             static_cast<int>(std::ceil(b.x1 * sx)), static_cast<int>(std::ceil(b.y1 * sy))});
      // Opaque: soft-mask gray 255 (white, so 0 in a 1 bpp normalized pix); stencil: painted.
      uint32_t opaque = 255;
      if (pixGetDepth(pix) == 1)
        opaque = decoded->image_mask ? 1 : 0;
      else if (pixGetDepth(pix) == 32)
        composeRGBPixel(255, 255, 255, &opaque);
      internal::FillBoxes(pix, scaled, opaque);
      if (Status s = StorePdfImage(*decoded, mask, objects); !s.ok()) return s;
    }
    return Status();
  } catch (const PdfError& e) {
    return Status::Error(where + ": damaged mask (" + PdfError::ErrorName(e.GetError()) + ")");
  }
}

}  // namespace redact::image
