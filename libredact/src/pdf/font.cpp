// Font dictionaries → the Font model the content-stream interpreter decodes strings with.
// Everything is resolved once here; Decode is table lookups. Unknowns fail closed.
#include "pdf/font.hpp"

#include <podofo/podofo.h>

#include <array>
#include <cmath>
#include <exception>
#include <optional>

#include "pdf/encodings.hpp"
#include "pdf/interpreter.hpp"

namespace redact::pdf {

namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;

constexpr size_t kMaxStreamBytes = size_t{16} << 20;
constexpr int kMaxReferenceHops = 8;

std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 64)) {
    bool ok = c > ' ' && c < 0x7F && c != '(' && c != ')';
    out.push_back(ok ? c : '?');
  }
  if (s.size() > 64) out += "...";
  return out;
}

// "ABCDEF+Name" → "Name": subset prefixes do not change what a font is.
std::string_view StripSubsetPrefix(std::string_view name) {
  if (name.size() > 7 && name[6] == '+') {
    bool tag = true;
    for (int i = 0; i < 6; ++i) tag = tag && name[i] >= 'A' && name[i] <= 'Z';
    if (tag) return name.substr(7);
  }
  return name;
}

struct VerticalMetrics {
  double w1y, vx, vy;  // glyph space (1/1000 text space)
};

}  // namespace

struct Font::Impl {
  enum class Kind : uint8_t { kSimple, kType0 };
  Kind kind = Kind::kSimple;
  // Simple fonts and Type3: per byte code.
  std::array<std::u32string, 256> unicode;
  std::array<double, 256> width{};  // text space
  // Type0.
  CMap encoding;
  bool unicode_coded = false;  // Uni*-UCS2/UTF16/... predefined CMap: code is Unicode
  std::optional<CMap> to_unicode;
  double dw = 1000;
  IntervalMap<double> w;
  double dw2_vy = 880, dw2_w1y = -1000;
  IntervalMap<VerticalMetrics> w2;
};

// Reads one font dictionary. Knows Font's internals (friend); every failure goes through
// Fail(), which names the font.
class FontLoader {
 public:
  explicit FontLoader(PoDoFo::PdfVecObjects* objects) : objects_(objects) {}

  Result<std::shared_ptr<const Font>> Load(const PdfObject& dict) {
    label_ = "font";
    if (dict.IsDictionary()) {
      if (const PdfObject* bf = Key(&dict, "BaseFont"); bf != nullptr && bf->IsName()) {
        label_ += " /" + Printable(bf->GetName().GetName());
      }
    }
    auto num = dict.Reference().ObjectNumber();
    label_ += num != 0 ? " (object " + std::to_string(num) + ")" : " (direct object)";
    try {
      return LoadDictionary(dict);
    } catch (const PoDoFo::PdfError& e) {
      return Fail(std::string("PDF error ") + PoDoFo::PdfError::ErrorName(e.GetError()));
    } catch (const std::exception& e) {
      return Fail(std::string("error ") + e.what());
    }
  }

 private:
  Status Fail(const std::string& reason) const { return Status::Error(label_ + ": " + reason); }

  const PdfObject* Resolve(const PdfObject* o) const {
    for (int hops = 0; o != nullptr && o->IsReference(); ++hops) {
      if (hops >= kMaxReferenceHops || objects_ == nullptr) return nullptr;
      o = objects_->GetObject(o->GetReference());
    }
    return o;
  }
  const PdfObject* Key(const PdfObject* dict, const char* key) const {
    if (dict == nullptr || !dict->IsDictionary()) return nullptr;
    return Resolve(dict->GetDictionary().GetKey(PdfName(key)));
  }
  static std::optional<double> Number(const PdfObject* o) {
    if (o == nullptr || !(o->IsNumber() || o->IsReal())) return std::nullopt;
    double v = o->GetReal();
    if (!std::isfinite(v)) return std::nullopt;
    return v;
  }
  std::optional<double> NumberAt(const PdfArray& a, size_t i) const {
    return Number(Resolve(&a[i]));
  }
  static std::string NameOf(const PdfObject* o) {
    return o != nullptr && o->IsName() ? o->GetName().GetName() : std::string();
  }

  Result<std::string> StreamBytes(const PdfObject* o, const char* what) const {
    if (o == nullptr || !o->HasStream()) return Fail(std::string(what) + " is not a stream");
    auto bytes = DecodedStream(o, kMaxStreamBytes);
    if (!bytes.ok()) return Fail(std::string(what) + ": " + bytes.status().message());
    return std::move(bytes.value());
  }

  Result<std::shared_ptr<const Font>> LoadDictionary(const PdfObject& dict) {
    if (!dict.IsDictionary()) return Fail("not a dictionary");
    font_ = std::make_shared<Font>();
    font_->impl_ = std::make_shared<Font::Impl>();
    std::string subtype = NameOf(Key(&dict, "Subtype"));
    Status s;
    if (subtype == "Type0") {
      s = LoadType0(dict);
    } else if (subtype == "Type1" || subtype == "MMType1" || subtype == "TrueType") {
      s = LoadSimple(dict, subtype, false);
    } else if (subtype == "Type3") {
      s = LoadSimple(dict, subtype, true);
    } else if (subtype == "CIDFontType0" || subtype == "CIDFontType2") {
      s = Fail("a CIDFont used directly as a font (it must be a Type0 descendant)");
    } else if (subtype.empty()) {
      s = Fail("no /Subtype");
    } else {
      s = Fail("unsupported font subtype " + Printable(subtype));
    }
    if (!s.ok()) return s;
    return std::shared_ptr<const Font>(std::move(font_));
  }

  // /ToUnicode: absent, or an embedded CMap that must parse.
  Status ReadToUnicode(const PdfObject& dict, std::optional<CMap>* out) {
    const PdfObject* o = Key(&dict, "ToUnicode");
    if (o == nullptr) return Status();
    if (o->IsName()) {
      return Fail("/ToUnicode names " + Printable(o->GetName().GetName()) +
                  " instead of giving a CMap stream");
    }
    auto bytes = StreamBytes(o, "/ToUnicode");
    if (!bytes.ok()) return bytes.status();
    auto cmap = CMap::Parse(*bytes);
    if (!cmap.ok()) return Fail("/ToUnicode: " + cmap.status().message());
    *out = std::move(cmap.value());
    return Status();
  }

  // Ascent/descent from the descriptor, else a font bounding box, else the defaults.
  // `scale` takes glyph space to text space (0.001, or the Type3 FontMatrix's d).
  void ReadMetrics(const PdfObject* descriptor, const PdfObject* type3_dict, double scale) {
    auto sane = [](double a, double d) { return a > 0 && a <= 4 && d <= 0 && d >= -4; };
    auto set = [&](double v1, double v2, bool is_bbox) {
      double a = v1 * scale, d = v2 * scale;
      if (is_bbox && a < d) std::swap(a, d);  // a flipped FontMatrix
      if (!is_bbox && d > 0) d = -d;          // some producers write a positive Descent
      if (!sane(a, d)) return false;
      font_->ascent_ = a;
      font_->descent_ = d;
      return true;
    };
    auto asc = Number(Key(descriptor, "Ascent")), desc = Number(Key(descriptor, "Descent"));
    if (asc && desc && (*asc != 0 || *desc != 0) && set(*asc, *desc, false)) return;
    for (const PdfObject* holder : {descriptor, type3_dict}) {
      const PdfObject* bbox = Key(holder, "FontBBox");
      if (bbox == nullptr || !bbox->IsArray() || bbox->GetArray().size() != 4) continue;
      auto lly = NumberAt(bbox->GetArray(), 1), ury = NumberAt(bbox->GetArray(), 3);
      if (lly && ury && set(*ury, *lly, true)) return;
    }
  }

  // ---- simple fonts (Type1, MMType1, TrueType) and Type3 ----------------------------------

  Status LoadSimple(const PdfObject& dict, const std::string& subtype, bool type3) {
    Font::Impl& impl = *font_->impl_;
    impl.kind = Font::Impl::Kind::kSimple;
    font_->type3_ = type3;
    const PdfObject* descriptor = Key(&dict, "FontDescriptor");
    if (descriptor != nullptr && !descriptor->IsDictionary()) descriptor = nullptr;

    if (type3) {
      const PdfObject* fm = Key(&dict, "FontMatrix");
      if (fm == nullptr || !fm->IsArray() || fm->GetArray().size() != 6) {
        return Fail("Type3 font without a six-number /FontMatrix");
      }
      for (size_t i = 0; i < 6; ++i) {
        auto v = NumberAt(fm->GetArray(), i);
        if (!v) return Fail("Type3 /FontMatrix holds a non-number");
        font_->font_matrix_[i] = *v;
      }
      // Advances are (w, 0) through the matrix: a b term would move glyphs vertically.
      if (font_->font_matrix_[0] == 0 || font_->font_matrix_[1] != 0) {
        return Fail("Type3 /FontMatrix rotates or collapses the advance (not supported)");
      }
    }

    std::optional<CMap> to_unicode;
    Status s = ReadToUnicode(dict, &to_unicode);
    if (!s.ok()) return s;

    // Encoding: base (named, or built into the font) + /Differences.
    std::array<std::u32string, 256> enc;
    const PdfObject* encoding = Key(&dict, "Encoding");
    const PdfObject* differences = nullptr;
    bool builtin = false;
    std::string base_name;
    if (encoding == nullptr) {
      if (type3) return Fail("Type3 font without /Encoding");
      builtin = true;
    } else if (encoding->IsName()) {
      base_name = encoding->GetName().GetName();
    } else if (encoding->IsDictionary()) {
      const PdfObject* base = Key(encoding, "BaseEncoding");
      if (base != nullptr && !base->IsName()) return Fail("/BaseEncoding is not a name");
      if (base != nullptr) {
        base_name = base->GetName().GetName();
      } else {
        builtin = !type3;  // a Type3 font has no built-in encoding: Differences only
      }
      differences = Key(encoding, "Differences");
    } else {
      return Fail("/Encoding is neither a name nor a dictionary");
    }
    if (!base_name.empty()) {
      auto be = BaseEncodingFromName(base_name);
      if (be) {
        for (int c = 0; c < 256; ++c) {
          char32_t u = BaseEncodingUnicode(*be, static_cast<uint8_t>(c));
          if (u != 0) enc[c] = std::u32string(1, u);
        }
      } else if (!to_unicode) {
        return Fail("unsupported encoding " + Printable(base_name) + " and no /ToUnicode");
      }
    }
    if (builtin) {
      s = BuiltinEncoding(dict, subtype, descriptor, to_unicode.has_value(), &enc);
      if (!s.ok()) return s;
    }
    if (differences != nullptr) {
      if (!differences->IsArray()) return Fail("/Differences is not an array");
      const PdfArray& a = differences->GetArray();
      int64_t code = -1;
      for (size_t i = 0; i < a.size(); ++i) {
        const PdfObject* e = Resolve(&a[i]);
        if (e != nullptr && e->IsNumber()) {
          code = e->GetNumber();
        } else if (e != nullptr && e->IsName()) {
          if (code < 0) return Fail("/Differences starts with a name instead of a code");
          if (code <= 255) enc[code] = GlyphNameToUnicode(e->GetName().GetName());
          ++code;
        } else {
          return Fail("/Differences holds something other than codes and names");
        }
      }
    }

    bool any = to_unicode.has_value();
    for (int c = 0; c < 256; ++c) {
      std::u32string u =
          to_unicode ? to_unicode->ToUnicode(static_cast<uint32_t>(c)) : std::u32string();
      impl.unicode[c] = u.empty() ? enc[c] : std::move(u);
      any = any || !enc[c].empty();
    }
    font_->has_unicode_ = any;

    // Widths: /FirstChar + /Widths, /MissingWidth for the rest.
    double scale = type3 ? font_->font_matrix_[0] : 0.001;
    double missing = Number(Key(descriptor, "MissingWidth")).value_or(0);
    impl.width.fill(missing * scale);
    const PdfObject* widths = Key(&dict, "Widths");
    if (widths == nullptr) {
      return Fail(type3 ? "Type3 font without /Widths"
                        : "no /Widths (built-in metrics of the standard 14 fonts are not "
                          "available)");
    }
    if (!widths->IsArray()) return Fail("/Widths is not an array");
    auto first = Number(Key(&dict, "FirstChar"));
    if (!first || *first < 0 || *first > 255 || *first != std::floor(*first)) {
      return Fail("/FirstChar missing or outside 0-255");
    }
    const PdfArray& wa = widths->GetArray();
    for (size_t i = 0; i < wa.size() && *first + i <= 255; ++i) {
      auto w = NumberAt(wa, i);
      if (!w) return Fail("/Widths holds a non-number");
      impl.width[static_cast<size_t>(*first) + i] = *w * scale;
    }

    ReadMetrics(descriptor, type3 ? &dict : nullptr, type3 ? font_->font_matrix_[3] : 0.001);
    return Status();
  }

  // No /Encoding (or no /BaseEncoding): what the font program itself encodes.
  Status BuiltinEncoding(const PdfObject& dict, const std::string& subtype,
                         const PdfObject* descriptor, bool has_to_unicode,
                         std::array<std::u32string, 256>* enc) {
    int64_t flags = 0;
    bool have_flags = false;
    if (const PdfObject* f = Key(descriptor, "Flags"); f != nullptr && f->IsNumber()) {
      flags = f->GetNumber();
      have_flags = true;
    }
    bool symbolic;
    if (have_flags) {
      symbolic = (flags & 4) != 0;
    } else {
      // The name must outlive the view StripSubsetPrefix returns (ASan: stack-use-after-scope).
      const std::string base_font = NameOf(Key(&dict, "BaseFont"));
      std::string_view base = StripSubsetPrefix(base_font);
      symbolic = base == "Symbol" || base == "ZapfDingbats";
    }
    auto fill_standard = [&] {
      for (int c = 0; c < 256; ++c) {
        char32_t u = BaseEncodingUnicode(BaseEncoding::kStandard, static_cast<uint8_t>(c));
        if (u != 0) (*enc)[c] = std::u32string(1, u);
      }
    };
    // An embedded Type 1 program states its encoding in its cleartext part.
    const PdfObject* program = Key(descriptor, "FontFile");
    if ((subtype == "Type1" || subtype == "MMType1") && program != nullptr) {
      std::optional<Type1Encoding> t1;
      try {
        auto bytes = StreamBytes(program, "/FontFile");
        if (bytes.ok()) {
          std::string_view clear = *bytes;
          auto len1 = Number(Key(program, "Length1"));
          if (len1 && *len1 > 0 && *len1 < static_cast<double>(clear.size())) {
            clear = clear.substr(0, static_cast<size_t>(*len1));
          }
          t1 = ParseType1Encoding(clear);
        } else if (!has_to_unicode) {
          return bytes.status();
        }
      } catch (const PoDoFo::PdfError& e) {
        if (!has_to_unicode) {
          return Fail(std::string("cannot read /FontFile for its built-in encoding: ") +
                      PoDoFo::PdfError::ErrorName(e.GetError()));
        }
      }
      if (t1) {
        if (t1->standard) {
          fill_standard();
        } else {
          for (int c = 0; c < 256; ++c) {
            if (!t1->names[c].empty()) (*enc)[c] = GlyphNameToUnicode(t1->names[c]);
          }
        }
        return Status();
      }
    }
    // Nonsymbolic fonts without an encoding use StandardEncoding (PDF 32000 9.6.6.1-2);
    // symbolic ones have only their program's encoding, which we do not read: Unicode
    // then comes from /ToUnicode alone (has_unicode false without it).
    if (!symbolic) fill_standard();
    return Status();
  }

  // ---- Type0 ------------------------------------------------------------------------

  Status LoadType0(const PdfObject& dict) {
    Font::Impl& impl = *font_->impl_;
    impl.kind = Font::Impl::Kind::kType0;
    const PdfObject* enc = Key(&dict, "Encoding");
    std::string cmap_name;
    bool wmode = false;
    if (enc == nullptr) return Fail("Type0 font without /Encoding");
    if (enc->IsName()) {
      cmap_name = enc->GetName().GetName();
      auto cmap = CMap::Predefined(cmap_name);
      if (!cmap.ok()) return Fail(cmap.status().message());
      impl.encoding = std::move(cmap.value());
      impl.unicode_coded = !impl.encoding.knows_cids();
    } else if (enc->HasStream()) {
      cmap_name = "embedded CMap";
      std::string prefix;
      if (const PdfObject* use = Key(enc, "UseCMap"); use != nullptr) {
        std::string n = NameOf(use);
        if (n != "Identity-H" && n != "Identity-V") {
          return Fail(use->IsName() ? "embedded CMap uses " + Printable(n) +
                                          " (only Identity-H/V can be used)"
                                    : "embedded CMap /UseCMap is not a name (not supported)");
        }
        prefix = "/" + n + " usecmap\n";
      }
      auto bytes = StreamBytes(enc, "/Encoding CMap");
      if (!bytes.ok()) return bytes.status();
      auto cmap = CMap::Parse(prefix + *bytes);
      if (!cmap.ok()) return Fail("/Encoding: " + cmap.status().message());
      if (cmap->codespace_size() == 0) return Fail("embedded CMap has no codespace ranges");
      impl.encoding = std::move(cmap.value());
      if (auto w = Number(Key(enc, "WMode")); w && *w == 1) wmode = true;
    } else {
      return Fail("Type0 /Encoding is neither a name nor a stream");
    }
    font_->vertical_ = impl.encoding.vertical() || wmode;

    const PdfObject* descendants = Key(&dict, "DescendantFonts");
    if (descendants == nullptr || !descendants->IsArray() || descendants->GetArray().size() == 0) {
      return Fail("Type0 font without /DescendantFonts");
    }
    const PdfObject* cid_font = Resolve(&descendants->GetArray()[0]);
    if (cid_font == nullptr || !cid_font->IsDictionary()) {
      return Fail("Type0 descendant font is not a dictionary");
    }
    std::string sub = NameOf(Key(cid_font, "Subtype"));
    if (sub != "CIDFontType0" && sub != "CIDFontType2") {
      return Fail("Type0 descendant is not a CIDFont (subtype " + Printable(sub) + ")");
    }

    if (const PdfObject* dw = Key(cid_font, "DW"); dw != nullptr) {
      auto v = Number(dw);
      if (!v) return Fail("/DW is not a number");
      impl.dw = *v;
    }
    Status s = ReadW(cid_font, &impl.w);
    if (!s.ok()) return s;
    if (font_->vertical_) {
      if (const PdfObject* dw2 = Key(cid_font, "DW2"); dw2 != nullptr) {
        if (!dw2->IsArray() || dw2->GetArray().size() != 2) return Fail("/DW2 is not [vy w1y]");
        auto vy = NumberAt(dw2->GetArray(), 0), w1y = NumberAt(dw2->GetArray(), 1);
        if (!vy || !w1y) return Fail("/DW2 holds a non-number");
        impl.dw2_vy = *vy;
        impl.dw2_w1y = *w1y;
      }
      s = ReadW2(cid_font, &impl.w2);
      if (!s.ok()) return s;
    }
    if (impl.unicode_coded) {
      // The code is the character; its CID (which /W and /W2 are keyed by) would need the
      // CMap's data. Fine as long as every glyph has the default metrics.
      bool uniform = true;
      impl.w.ForEach([&](uint32_t, uint32_t, double w) { uniform = uniform && w == impl.dw; });
      if (!uniform || !impl.w2.empty()) {
        return Fail("per-CID widths (/W or /W2) with " + Printable(cmap_name) +
                    ", whose code-to-CID table is not built in");
      }
    }

    s = ReadToUnicode(dict, &impl.to_unicode);
    if (!s.ok()) return s;
    font_->has_unicode_ = impl.to_unicode.has_value() || impl.unicode_coded;
    ReadMetrics(Key(cid_font, "FontDescriptor"), nullptr, 0.001);
    return Status();
  }

  // A CID from a /W or /W2 array element.
  std::optional<uint32_t> CidAt(const PdfArray& a, size_t i) const {
    const PdfObject* o = Resolve(&a[i]);
    if (o == nullptr || !o->IsNumber()) return std::nullopt;
    int64_t v = o->GetNumber();
    if (v < 0 || v > 0xFFFFFFFF) return std::nullopt;
    return static_cast<uint32_t>(v);
  }

  // /W: `c [w1 w2 ...]` and `c1 c2 w`.
  Status ReadW(const PdfObject* cid_font, IntervalMap<double>* out) {
    const PdfObject* w = Key(cid_font, "W");
    if (w == nullptr) return Status();
    if (!w->IsArray()) return Fail("/W is not an array");
    const PdfArray& a = w->GetArray();
    for (size_t i = 0; i < a.size();) {
      auto c = CidAt(a, i);
      if (!c || i + 1 >= a.size()) return Fail("malformed /W (expected a CID)");
      const PdfObject* next = Resolve(&a[i + 1]);
      if (next != nullptr && next->IsArray()) {
        const PdfArray& ws = next->GetArray();
        for (size_t k = 0; k < ws.size(); ++k) {
          auto v = NumberAt(ws, k);
          if (!v) return Fail("malformed /W (non-number width)");
          if (uint64_t{*c} + k > 0xFFFFFFFF) return Fail("malformed /W (CID overflow)");
          out->Assign(*c + static_cast<uint32_t>(k), *c + static_cast<uint32_t>(k), *v);
        }
        i += 2;
      } else {
        auto c2 = CidAt(a, i + 1);
        if (!c2 || i + 2 >= a.size() || *c2 < *c) return Fail("malformed /W (bad CID range)");
        auto v = NumberAt(a, i + 2);
        if (!v) return Fail("malformed /W (non-number width)");
        out->Assign(*c, *c2, *v);
        i += 3;
      }
    }
    return Status();
  }

  // /W2: `c [w1y v1x v1y ...]` and `c1 c2 w1y v1x v1y`.
  Status ReadW2(const PdfObject* cid_font, IntervalMap<VerticalMetrics>* out) {
    const PdfObject* w2 = Key(cid_font, "W2");
    if (w2 == nullptr) return Status();
    if (!w2->IsArray()) return Fail("/W2 is not an array");
    const PdfArray& a = w2->GetArray();
    for (size_t i = 0; i < a.size();) {
      auto c = CidAt(a, i);
      if (!c || i + 1 >= a.size()) return Fail("malformed /W2 (expected a CID)");
      const PdfObject* next = Resolve(&a[i + 1]);
      if (next != nullptr && next->IsArray()) {
        const PdfArray& vs = next->GetArray();
        if (vs.size() % 3 != 0) return Fail("malformed /W2 (array not in triplets)");
        for (size_t k = 0; k < vs.size(); k += 3) {
          auto w1y = NumberAt(vs, k), vx = NumberAt(vs, k + 1), vy = NumberAt(vs, k + 2);
          if (!w1y || !vx || !vy) return Fail("malformed /W2 (non-number)");
          uint64_t cid = uint64_t{*c} + k / 3;
          if (cid > 0xFFFFFFFF) return Fail("malformed /W2 (CID overflow)");
          out->Assign(static_cast<uint32_t>(cid), static_cast<uint32_t>(cid),
                      VerticalMetrics{*w1y, *vx, *vy});
        }
        i += 2;
      } else {
        auto c2 = CidAt(a, i + 1);
        if (!c2 || i + 4 >= a.size() || *c2 < *c) return Fail("malformed /W2 (bad CID range)");
        auto w1y = NumberAt(a, i + 2), vx = NumberAt(a, i + 3), vy = NumberAt(a, i + 4);
        if (!w1y || !vx || !vy) return Fail("malformed /W2 (non-number)");
        out->Assign(*c, *c2, VerticalMetrics{*w1y, *vx, *vy});
        i += 5;
      }
    }
    return Status();
  }

  PoDoFo::PdfVecObjects* objects_;
  std::string label_;
  std::shared_ptr<Font> font_;
};

Result<std::shared_ptr<const Font>> Font::Load(const PoDoFo::PdfObject& font_dict,
                                               PoDoFo::PdfVecObjects* objects) {
  return FontLoader(objects).Load(font_dict);
}

std::vector<Glyph> Font::Decode(std::string_view bytes) const {
  std::vector<Glyph> out;
  if (!impl_) return out;
  const Impl& impl = *impl_;
  if (impl.kind == Impl::Kind::kSimple) {
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
      Glyph g;
      g.code = c;
      g.nbytes = 1;
      g.unicode = impl.unicode[c];
      g.width = impl.width[c];
      g.word_space = c == 32;
      out.push_back(std::move(g));
    }
    return out;
  }
  std::vector<CharCode> codes = impl.encoding.Split(bytes);
  out.reserve(codes.size());
  for (const CharCode& cc : codes) {
    Glyph g;
    g.code = cc.code;
    g.nbytes = cc.nbytes;
    g.valid = cc.valid;
    uint32_t cid = cc.valid && impl.encoding.knows_cids() ? impl.encoding.ToCid(cc.code) : 0;
    auto w = impl.w.Find(cid);
    double w0 = w ? *w->value : impl.dw;
    g.width = w0 / 1000;
    if (cc.valid) {
      if (impl.to_unicode) g.unicode = impl.to_unicode->ToUnicode(cc.code);
      if (g.unicode.empty() && impl.unicode_coded) g.unicode = impl.encoding.ToUnicode(cc.code);
    }
    if (vertical_) {
      auto v = impl.w2.Find(cid);
      VerticalMetrics m = v ? *v->value : VerticalMetrics{impl.dw2_w1y, w0 / 2, impl.dw2_vy};
      g.vertical_advance = m.w1y / 1000;
      g.vx = m.vx / 1000;
      g.vy = m.vy / 1000;
    }
    g.word_space = cc.nbytes == 1 && cc.code == 32;
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace redact::pdf
