// CMap programs → codespace ranges, Unicode (bfchar/bfrange) and CID (cidchar/cidrange)
// mappings. Our own flat parser over PsLexer tokens: no recursion, ranges kept lazy.
#include "pdf/cmap.hpp"

#include <algorithm>

namespace redact::pdf {

namespace {

constexpr size_t kMaxProgramBytes = size_t{16} << 20;
constexpr uint64_t kMaxBfrangeCodes = 65536;
constexpr size_t kMaxCodespaceRanges = 4096;
constexpr uint32_t kMaxCid = 65535;

// Names from the input go into error messages: keep them short and harmless.
std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 48)) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '+';
    out.push_back(ok ? c : '?');
  }
  if (s.size() > 48) out += "...";
  return out;
}

const char* KindName(PsToken::Kind k) {
  using K = PsToken::Kind;
  switch (k) {
    case K::kEof:
      return "end of data";
    case K::kError:
      return "error";
    case K::kInteger:
      return "integer";
    case K::kReal:
      return "real number";
    case K::kName:
      return "name";
    case K::kString:
      return "string";
    case K::kKeyword:
      return "keyword";
    case K::kArrayOpen:
      return "'['";
    case K::kArrayClose:
      return "']'";
    case K::kDictOpen:
      return "'<<'";
    case K::kDictClose:
      return "'>>'";
    case K::kProcOpen:
      return "'{'";
    case K::kProcClose:
      return "'}'";
  }
  return "token";
}

std::u16string Utf32ToUtf16(std::u32string_view s) {
  std::u16string out;
  for (char32_t c : s) {
    if (c >= 0x10000) {
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
  }
  return out;
}

bool IsScalar(uint32_t v) { return v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF); }

// A code of a UTF-8 coded CMap back to its scalar value; 0xFFFFFFFF when ill-formed.
uint32_t DecodeUtf8Code(uint32_t code) {
  uint8_t b[4];
  int n = code <= 0xFF ? 1 : code <= 0xFFFF ? 2 : code <= 0xFFFFFF ? 3 : 4;
  for (int i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(code >> (8 * (n - 1 - i)));
  constexpr uint32_t kBad = 0xFFFFFFFF;
  if (n == 1) return b[0] < 0x80 ? b[0] : kBad;
  int expect = b[0] >= 0xF0 ? 4 : b[0] >= 0xE0 ? 3 : b[0] >= 0xC0 ? 2 : 0;
  if (expect != n) return kBad;
  uint32_t v = b[0] & (0x7F >> n);
  for (int i = 1; i < n; ++i) {
    if ((b[i] & 0xC0) != 0x80) return kBad;
    v = (v << 6) | (b[i] & 0x3F);
  }
  static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[n] || !IsScalar(v)) return kBad;
  return v;
}

}  // namespace

// Reads one CMap program into a CMap. Blocks (codespace, bfchar, ...) are read entry by
// entry until their end keyword; everything else (the PostScript resource machinery around
// them) is skipped token by token.
class CMapParser {
 public:
  explicit CMapParser(std::string_view program) : lex_(program) {}

  Result<CMap> Run() {
    using K = PsToken::Kind;
    PsToken prev2, prev1;
    while (true) {
      PsToken t = lex_.Next();
      if (t.kind == K::kEof) break;
      if (t.kind == K::kError) return Fail(t, t.text);
      if (t.kind == K::kKeyword) {
        Status s;
        const std::string& k = t.text;
        if (k == "begincodespacerange") {
          s = Codespace();
        } else if (k == "beginbfchar") {
          s = Bfchar();
        } else if (k == "beginbfrange") {
          s = Bfrange();
        } else if (k == "begincidchar") {
          s = CidChar(false);
        } else if (k == "begincidrange") {
          s = CidRange("cidrange", "endcidrange", false);
        } else if (k == "beginnotdefchar") {
          s = CidChar(true);
        } else if (k == "beginnotdefrange") {
          s = CidRange("notdefrange", "endnotdefrange", true);
        } else if (k == "usecmap") {
          if (prev1.kind != K::kName) return Fail(t, "usecmap without a CMap name");
          if (prev1.text != "Identity-H" && prev1.text != "Identity-V") {
            return Fail(
                t, "usecmap names " + Printable(prev1.text) + " (only Identity-H/V can be used)");
          }
          inherit_identity_ = true;
        } else if (k == "def" && prev2.kind == K::kName && prev2.text == "WMode" &&
                   prev1.kind == K::kInteger) {
          map_.vertical_ = prev1.number == 1;
        }
        if (!s.ok()) return s;
      }
      prev2 = std::move(prev1);
      prev1 = std::move(t);
    }
    return Finish();
  }

 private:
  Status Fail(const PsToken& at, const std::string& what) {
    return Status::Error("CMap: " + what + " at offset " + std::to_string(at.offset));
  }

  PsToken Next() { return lex_.Next(); }

  // Reads the next entry token of a block; false at the block's end keyword. Errors for
  // the end of the data, tokenizer errors and other keywords.
  bool EntryToken(const char* block, const char* end, PsToken* t, Status* error) {
    *t = Next();
    if (t->kind == PsToken::Kind::kKeyword && t->text == end) return false;
    if (t->kind == PsToken::Kind::kEof) {
      *error = Fail(*t, std::string(block) + " block not closed");
    } else if (t->kind == PsToken::Kind::kError) {
      *error = Fail(*t, t->text);
    } else if (t->kind == PsToken::Kind::kKeyword) {
      *error = Fail(*t, "unexpected '" + Printable(t->text) + "' in " + block + " block");
    }
    return error->ok();
  }

  // The next token must be a string holding a 1-4 byte code.
  Status Code(const char* block, const PsToken& t, uint32_t* code, uint8_t* nbytes) {
    if (t.kind != PsToken::Kind::kString) {
      return Fail(t, std::string(block) + " entry has a " + KindName(t.kind) +
                         " where a code string was expected");
    }
    if (t.text.empty() || t.text.size() > 4) {
      return Fail(t, std::string(block) + " code of " + std::to_string(t.text.size()) +
                         " bytes (1-4 allowed)");
    }
    uint32_t v = 0;
    for (unsigned char c : t.text) v = (v << 8) | c;
    *code = v;
    *nbytes = static_cast<uint8_t>(t.text.size());
    return Status();
  }

  Status NextCode(const char* block, uint32_t* code, uint8_t* nbytes) {
    PsToken t = Next();
    if (t.kind == PsToken::Kind::kError) return Fail(t, t.text);
    if (t.kind == PsToken::Kind::kEof) return Fail(t, std::string(block) + " block not closed");
    return Code(block, t, code, nbytes);
  }

  // lo and hi of a range entry whose first token is `first`.
  Status RangeBounds(const char* block, const PsToken& first, uint32_t* lo, uint32_t* hi,
                     uint8_t* nbytes) {
    Status s = Code(block, first, lo, nbytes);
    if (!s.ok()) return s;
    uint8_t hi_bytes = 0;
    s = NextCode(block, hi, &hi_bytes);
    if (!s.ok()) return s;
    if (hi_bytes != *nbytes) return Fail(first, std::string(block) + " bounds differ in length");
    if (*hi < *lo) return Fail(first, std::string(block) + " upper bound below lower bound");
    return Status();
  }

  // A destination string as UTF-16BE units. One byte is taken as one unit (seen in the
  // wild); other odd lengths are malformed.
  Status Utf16(const char* block, const PsToken& t, std::u16string* out) {
    const std::string& b = t.text;
    if (b.size() == 1) {
      *out = std::u16string(1, static_cast<unsigned char>(b[0]));
      return Status();
    }
    if (b.size() % 2 != 0) {
      return Fail(t, std::string(block) + " destination of odd length " + std::to_string(b.size()));
    }
    out->clear();
    for (size_t i = 0; i < b.size(); i += 2) {
      out->push_back(static_cast<char16_t>((static_cast<unsigned char>(b[i]) << 8) |
                                           static_cast<unsigned char>(b[i + 1])));
    }
    return Status();
  }

  Status Codespace() {
    PsToken t;
    Status err;
    while (EntryToken("codespacerange", "endcodespacerange", &t, &err)) {
      uint32_t lo = 0, hi = 0;
      uint8_t n = 0;
      Status s = RangeBounds("codespacerange", t, &lo, &hi, &n);
      if (!s.ok()) return s;
      if (map_.codespace_.size() >= kMaxCodespaceRanges) {
        return Fail(t, "more than " + std::to_string(kMaxCodespaceRanges) + " codespace ranges");
      }
      CMap::Range r{};
      r.nbytes = n;
      for (int i = 0; i < n; ++i) {
        r.lo[i] = static_cast<uint8_t>(lo >> (8 * (n - 1 - i)));
        r.hi[i] = static_cast<uint8_t>(hi >> (8 * (n - 1 - i)));
        if (r.lo[i] > r.hi[i]) return Fail(t, "codespace range with a byte above its bound");
      }
      map_.codespace_.push_back(r);
    }
    return err;
  }

  uint32_t AddSource(CMap::UnicodeSource src) {
    map_.unicode_sources_.push_back(std::move(src));
    return static_cast<uint32_t>(map_.unicode_sources_.size() - 1);
  }

  Status Bfchar() {
    PsToken t;
    Status err;
    while (EntryToken("bfchar", "endbfchar", &t, &err)) {
      uint32_t code = 0;
      uint8_t n = 0;
      Status s = Code("bfchar", t, &code, &n);
      if (!s.ok()) return s;
      PsToken d = Next();
      CMap::UnicodeSource src;
      src.lo = code;
      if (d.kind == PsToken::Kind::kString) {
        s = Utf16("bfchar", d, &src.base);
        if (!s.ok()) return s;
      } else if (d.kind == PsToken::Kind::kName) {
        src.base = Utf32ToUtf16(GlyphNameToUnicode(d.text));  // old-style glyph name
      } else if (d.kind == PsToken::Kind::kError) {
        return Fail(d, d.text);
      } else {
        return Fail(d, std::string("bfchar entry has a ") + KindName(d.kind) +
                           " where a destination was expected");
      }
      map_.unicode_.Assign(code, code, AddSource(std::move(src)));
    }
    return err;
  }

  Status Bfrange() {
    using K = PsToken::Kind;
    PsToken t;
    Status err;
    while (EntryToken("bfrange", "endbfrange", &t, &err)) {
      uint32_t lo = 0, hi = 0;
      uint8_t n = 0;
      Status s = RangeBounds("bfrange", t, &lo, &hi, &n);
      if (!s.ok()) return s;
      uint64_t count = uint64_t{hi} - lo + 1;
      if (count > kMaxBfrangeCodes) {
        return Fail(t, "bfrange of " + std::to_string(count) + " codes (at most " +
                           std::to_string(kMaxBfrangeCodes) + ")");
      }
      CMap::UnicodeSource src;
      src.lo = lo;
      PsToken d = Next();
      if (d.kind == K::kString) {
        s = Utf16("bfrange", d, &src.base);
        if (!s.ok()) return s;
      } else if (d.kind == K::kArrayOpen) {
        src.array = true;
        while (true) {
          PsToken e = Next();
          if (e.kind == K::kArrayClose) break;
          if (e.kind == K::kError) return Fail(e, e.text);
          if (e.kind == K::kEof) return Fail(e, "bfrange destination array not closed");
          if (e.kind != K::kString) {
            return Fail(e, std::string("bfrange destination array holds a ") + KindName(e.kind));
          }
          // Entries past the range's end are ignored (but still read and checked).
          std::u16string u;
          s = Utf16("bfrange", e, &u);
          if (!s.ok()) return s;
          if (src.per_code.size() < count) src.per_code.push_back(std::move(u));
        }
      } else if (d.kind == K::kError) {
        return Fail(d, d.text);
      } else {
        return Fail(d, std::string("bfrange entry has a ") + KindName(d.kind) +
                           " where a destination was expected");
      }
      map_.unicode_.Assign(lo, hi, AddSource(std::move(src)));
    }
    return err;
  }

  Status Cid(const char* block, uint32_t* cid) {
    PsToken d = Next();
    if (d.kind == PsToken::Kind::kError) return Fail(d, d.text);
    if (d.kind != PsToken::Kind::kInteger) {
      return Fail(
          d, std::string(block) + " entry has a " + KindName(d.kind) + " where a CID was expected");
    }
    if (d.number < 0 || d.number > kMaxCid) {
      return Fail(d, std::string(block) + " CID out of range 0-65535");
    }
    *cid = static_cast<uint32_t>(d.number);
    return Status();
  }

  Status CidChar(bool notdef) {
    const char* block = notdef ? "notdefchar" : "cidchar";
    PsToken t;
    Status err;
    while (EntryToken(block, notdef ? "endnotdefchar" : "endcidchar", &t, &err)) {
      uint32_t code = 0, cid = 0;
      uint8_t n = 0;
      Status s = Code(block, t, &code, &n);
      if (!s.ok()) return s;
      s = Cid(block, &cid);
      if (!s.ok()) return s;
      // notdef mappings only say which glyph shows an unmapped code: ignored.
      if (!notdef) map_.cids_.Assign(code, code, int64_t{cid} - code);
    }
    return err;
  }

  Status CidRange(const char* block, const char* end, bool notdef) {
    PsToken t;
    Status err;
    while (EntryToken(block, end, &t, &err)) {
      uint32_t lo = 0, hi = 0, cid = 0;
      uint8_t n = 0;
      Status s = RangeBounds(block, t, &lo, &hi, &n);
      if (!s.ok()) return s;
      s = Cid(block, &cid);
      if (!s.ok()) return s;
      if (!notdef) map_.cids_.Assign(lo, hi, int64_t{cid} - lo);
    }
    return err;
  }

  Result<CMap> Finish() {
    if (inherit_identity_) {
      CMap::Range r{};
      r.nbytes = 2;
      r.hi[0] = r.hi[1] = 0xFF;
      map_.codespace_.push_back(r);
    }
    map_.identity_cid_ = map_.cids_.empty() || inherit_identity_;
    // Shortest first: Split then tries 1-byte codes before 2-byte ones (9.7.6.2).
    std::stable_sort(
        map_.codespace_.begin(), map_.codespace_.end(),
        [](const CMap::Range& a, const CMap::Range& b) { return a.nbytes < b.nbytes; });
    map_.shortest_ = map_.codespace_.empty() ? 1 : map_.codespace_.front().nbytes;
    return std::move(map_);
  }

  PsLexer lex_;
  CMap map_;
  bool inherit_identity_ = false;
};

Result<CMap> CMap::Parse(std::string_view program) {
  if (program.size() > kMaxProgramBytes) {
    return Status::Error("CMap: program of " + std::to_string(program.size()) +
                         " bytes is larger than the 16 MiB allowed");
  }
  return CMapParser(program).Run();
}

CMap CMap::Identity() {
  CMap m;
  Range r{};
  r.nbytes = 2;
  r.hi[0] = r.hi[1] = 0xFF;
  m.codespace_.push_back(r);
  m.shortest_ = 2;
  return m;
}

Result<CMap> CMap::Predefined(std::string_view name) {
  if (name == "Identity-H" || name == "Identity-V") {
    CMap m = Identity();
    m.vertical_ = name.back() == 'V';
    return m;
  }
  auto unsupported = [&] {
    return Status::Error("predefined CMap " + Printable(name) +
                         " is not supported (no CMap data is built in)");
  };
  if (name.size() < 8 || name.substr(0, 3) != "Uni" ||
      (name.substr(name.size() - 2) != "-H" && name.substr(name.size() - 2) != "-V")) {
    return unsupported();
  }
  std::string_view middle = name.substr(3, name.size() - 5);  // e.g. "JIS-UCS2-HW"
  size_t dash = middle.find('-');
  if (dash == std::string_view::npos) return unsupported();
  std::string_view registry = middle.substr(0, dash), coding = middle.substr(dash + 1);
  static constexpr std::string_view kRegistries[] = {
      "JIS", "JIS2004", "JISPro", "JISX0213", "JISX02132004", "GB", "CNS", "KS"};
  if (std::find(std::begin(kRegistries), std::end(kRegistries), registry) ==
      std::end(kRegistries)) {
    return unsupported();
  }
  CMap m;
  m.identity_cid_ = true;  // not meaningful: knows_cids() is false
  m.vertical_ = name.back() == 'V';
  auto add = [&m](std::initializer_list<uint8_t> lo, std::initializer_list<uint8_t> hi) {
    Range r{};
    r.nbytes = static_cast<uint8_t>(lo.size());
    std::copy(lo.begin(), lo.end(), r.lo);
    std::copy(hi.begin(), hi.end(), r.hi);
    m.codespace_.push_back(r);
  };
  if (coding == "UCS2" || coding == "UCS2-HW") {
    m.coding_ = Coding::kUcs2;
    add({0x00, 0x00}, {0xFF, 0xFF});
  } else if (coding == "UTF16") {
    m.coding_ = Coding::kUtf16;
    add({0x00, 0x00}, {0xD7, 0xFF});
    add({0xE0, 0x00}, {0xFF, 0xFF});
    add({0xD8, 0x00, 0xDC, 0x00}, {0xDB, 0xFF, 0xDF, 0xFF});
  } else if (coding == "UTF32") {
    m.coding_ = Coding::kUtf32;
    add({0x00, 0x00, 0x00, 0x00}, {0x00, 0x10, 0xFF, 0xFF});
  } else if (coding == "UTF8") {
    m.coding_ = Coding::kUtf8;
    add({0x00}, {0x7F});
    add({0xC2, 0x80}, {0xDF, 0xBF});
    add({0xE0, 0x80, 0x80}, {0xEF, 0xBF, 0xBF});
    add({0xF0, 0x80, 0x80, 0x80}, {0xF4, 0xBF, 0xBF, 0xBF});
  } else {
    return unsupported();
  }
  m.shortest_ = m.codespace_.front().nbytes;
  return m;
}

std::vector<CharCode> CMap::Split(std::string_view bytes, bool* valid) const {
  std::vector<CharCode> out;
  out.reserve(bytes.size() / shortest_ + 1);
  if (valid != nullptr) *valid = true;
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size(), i = 0;
  while (i < n) {
    CharCode cc;
    bool found = false;
    if (codespace_.empty()) {
      cc.code = b[i];
      cc.nbytes = 1;
      found = true;
    }
    for (const Range& r : codespace_) {  // sorted by length: shortest match wins
      if (found) break;
      if (i + r.nbytes > n) break;
      bool match = true;
      for (int k = 0; k < r.nbytes && match; ++k) {
        match = b[i + k] >= r.lo[k] && b[i + k] <= r.hi[k];
      }
      if (!match) continue;
      found = true;
      cc.nbytes = r.nbytes;
    }
    if (!found) {
      cc.nbytes = static_cast<uint8_t>(std::min<size_t>(shortest_, n - i));
      cc.valid = false;
      if (valid != nullptr) *valid = false;
    }
    if (!codespace_.empty()) {
      cc.code = 0;
      for (int k = 0; k < cc.nbytes; ++k) cc.code = (cc.code << 8) | b[i + k];
    }
    out.push_back(cc);
    i += cc.nbytes;
  }
  return out;
}

std::u32string CMap::ToUnicode(uint32_t code) const {
  switch (coding_) {
    case Coding::kNone:
      break;
    case Coding::kUcs2:
      if (code > 0xFFFF || !IsScalar(code)) return {};
      return std::u32string(1, static_cast<char32_t>(code));
    case Coding::kUtf16: {
      if (code <= 0xFFFF) {
        if (!IsScalar(code)) return {};
        return std::u32string(1, static_cast<char32_t>(code));
      }
      std::u16string units{static_cast<char16_t>(code >> 16), static_cast<char16_t>(code)};
      std::u32string s = Utf16ToUtf32(units);
      if (s.size() != 1 || s[0] == 0xFFFD) return {};
      return s;
    }
    case Coding::kUtf32:
      if (!IsScalar(code)) return {};
      return std::u32string(1, static_cast<char32_t>(code));
    case Coding::kUtf8: {
      uint32_t v = DecodeUtf8Code(code);
      if (v == 0xFFFFFFFF) return {};
      return std::u32string(1, static_cast<char32_t>(v));
    }
  }
  auto hit = unicode_.Find(code);
  if (!hit) return {};
  const UnicodeSource& src = unicode_sources_[*hit->value];
  uint32_t offset = code - src.lo;
  if (src.array) {
    if (offset >= src.per_code.size()) return {};
    return Utf16ToUtf32(src.per_code[offset]);
  }
  if (src.base.empty()) return {};
  std::u16string units = src.base;
  uint32_t last = uint32_t{units.back()} + offset;
  if (last > 0xFFFF) return {};  // incremented past the last UTF-16 unit: unmapped
  units.back() = static_cast<char16_t>(last);
  return Utf16ToUtf32(units);
}

uint32_t CMap::ToCid(uint32_t code) const {
  auto hit = cids_.Find(code);
  if (hit) return static_cast<uint32_t>(int64_t{code} + *hit->value);
  return identity_cid_ ? code : 0;
}

}  // namespace redact::pdf
