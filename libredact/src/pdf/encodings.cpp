// Glyph names, base encodings and PostScript tokens for the font model (see encodings.hpp).
// The tables come from dictionaries/build_glyphlist.py at build time, never typed by hand.
#include "pdf/encodings.hpp"

#include <algorithm>
#include <cstring>

namespace redact::pdf {
namespace {
#include "pdf/glyphlist.inc"

int HexValue(char c, bool allow_lower) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (allow_lower && c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsScalarValue(uint32_t v) { return v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF); }

// One component of a glyph name (no '.' or '_'); empty when nothing applies.
std::u32string ComponentToUnicode(std::string_view c) {
  if (c.empty()) return {};
  auto it = std::lower_bound(
      std::begin(kAglEntries), std::end(kAglEntries), c,
      [](const AglEntry& e, std::string_view key) { return std::string_view(e.name) < key; });
  if (it != std::end(kAglEntries) && std::string_view(it->name) == c) {
    std::u32string out;
    for (char32_t cp : it->cps) {
      if (cp == 0) break;
      out.push_back(cp);
    }
    return out;
  }
  // uniXXXX[XXXX...]: groups of four hex digits, BMP scalar values only.
  if (c.size() >= 7 && c.substr(0, 3) == "uni" && (c.size() - 3) % 4 == 0) {
    std::u32string out;
    for (size_t i = 3; i < c.size(); i += 4) {
      uint32_t v = 0;
      for (size_t k = 0; k < 4; ++k) {
        int h = HexValue(c[i + k], true);
        if (h < 0) return {};
        v = v * 16 + static_cast<uint32_t>(h);
      }
      if (!IsScalarValue(v)) return {};
      out.push_back(static_cast<char32_t>(v));
    }
    return out;
  }
  // uXXXX to uXXXXXX: one scalar value.
  if (c.size() >= 5 && c.size() <= 7 && c[0] == 'u') {
    uint32_t v = 0;
    for (size_t i = 1; i < c.size(); ++i) {
      int h = HexValue(c[i], true);
      if (h < 0) return {};
      v = v * 16 + static_cast<uint32_t>(h);
    }
    if (!IsScalarValue(v)) return {};
    return std::u32string(1, static_cast<char32_t>(v));
  }
  return {};
}

bool IsWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}
bool IsDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

PsToken Make(PsToken::Kind kind, size_t offset, std::string text = {}) {
  PsToken t;
  t.kind = kind;
  t.offset = offset;
  t.text = std::move(text);
  return t;
}

// PostScript integers and reals ("12", "-3", "+.5", "1e3"); radix numbers stay keywords.
bool ParseNumber(std::string_view s, double* value, bool* integer) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  double v = 0;
  bool digits = false, dot = false;
  double scale = 1;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
      if (dot) {
        scale /= 10;
        v += (c - '0') * scale;
      } else {
        v = v * 10 + (c - '0');
      }
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!digits) return false;
  bool exp = false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    bool eneg = false;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) eneg = s[j++] == '-';
    int e = 0;
    bool edigits = false;
    for (; j < s.size() && s[j] >= '0' && s[j] <= '9'; ++j) {
      edigits = true;
      if (e < 400) e = e * 10 + (s[j] - '0');
    }
    if (!edigits) return false;
    for (int k = 0; k < e; ++k) v = eneg ? v / 10 : v * 10;
    i = j;
    exp = true;
  }
  if (i != s.size()) return false;
  *value = neg ? -v : v;
  *integer = !dot && !exp;
  return true;
}

}  // namespace

std::optional<BaseEncoding> BaseEncodingFromName(std::string_view name) {
  if (name == "StandardEncoding") return BaseEncoding::kStandard;
  if (name == "WinAnsiEncoding") return BaseEncoding::kWinAnsi;
  if (name == "MacRomanEncoding") return BaseEncoding::kMacRoman;
  return std::nullopt;
}

char32_t BaseEncodingUnicode(BaseEncoding encoding, uint8_t code) {
  switch (encoding) {
    case BaseEncoding::kStandard:
      return kStandardEncoding[code];
    case BaseEncoding::kWinAnsi:
      return kWinAnsiEncoding[code];
    case BaseEncoding::kMacRoman:
      return kMacRomanEncoding[code];
  }
  return 0;
}

std::u32string GlyphNameToUnicode(std::string_view name) {
  name = name.substr(0, name.find('.'));
  std::u32string out;
  while (true) {
    size_t us = name.find('_');
    std::u32string part = ComponentToUnicode(name.substr(0, us));
    if (part.empty()) return {};
    out += part;
    if (us == std::string_view::npos) break;
    name.remove_prefix(us + 1);
  }
  return out;
}

std::u32string Utf16ToUtf32(std::u16string_view u) {
  std::u32string out;
  out.reserve(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    char16_t c = u[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u.size() && u[i + 1] >= 0xDC00 &&
        u[i + 1] <= 0xDFFF) {
      out.push_back(0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (u[i + 1] - 0xDC00));
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      out.push_back(0xFFFD);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// ---- PsLexer ----------------------------------------------------------------------------

void PsLexer::SkipWhitespaceAndComments() {
  while (pos_ < in_.size()) {
    char c = in_[pos_];
    if (IsWhitespace(c)) {
      ++pos_;
    } else if (c == '%') {
      while (pos_ < in_.size() && in_[pos_] != '\n' && in_[pos_] != '\r') ++pos_;
    } else {
      break;
    }
  }
}

PsToken PsLexer::Next() {
  using K = PsToken::Kind;
  SkipWhitespaceAndComments();
  size_t start = pos_;
  if (pos_ >= in_.size()) return Make(K::kEof, start);
  char c = in_[pos_];
  switch (c) {
    case '[':
      ++pos_;
      return Make(K::kArrayOpen, start);
    case ']':
      ++pos_;
      return Make(K::kArrayClose, start);
    case '{':
      ++pos_;
      return Make(K::kProcOpen, start);
    case '}':
      ++pos_;
      return Make(K::kProcClose, start);
    case '(':
      return LiteralString(start);
    case ')':
      ++pos_;
      return Make(K::kError, start, "unbalanced ')'");
    case '<':
      if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '<') {
        pos_ += 2;
        return Make(K::kDictOpen, start);
      }
      if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '~') {
        pos_ += 2;
        return Make(K::kError, start, "ASCII85 string");
      }
      return HexString(start);
    case '>':
      if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '>') {
        pos_ += 2;
        return Make(K::kDictClose, start);
      }
      ++pos_;
      return Make(K::kError, start, "unbalanced '>'");
    case '/': {
      ++pos_;
      if (pos_ < in_.size() && in_[pos_] == '/') ++pos_;  // immediately evaluated name
      size_t b = pos_;
      while (pos_ < in_.size() && !IsWhitespace(in_[pos_]) && !IsDelimiter(in_[pos_])) ++pos_;
      return Make(K::kName, start, std::string(in_.substr(b, pos_ - b)));
    }
    default:
      break;
  }
  while (pos_ < in_.size() && !IsWhitespace(in_[pos_]) && !IsDelimiter(in_[pos_])) ++pos_;
  std::string_view word = in_.substr(start, pos_ - start);
  double v = 0;
  bool integer = false;
  if (ParseNumber(word, &v, &integer)) {
    PsToken t = Make(integer ? K::kInteger : K::kReal, start);
    t.number = v;
    return t;
  }
  return Make(K::kKeyword, start, std::string(word));
}

PsToken PsLexer::HexString(size_t start) {
  ++pos_;  // '<'
  std::string bytes;
  int high = -1;
  while (pos_ < in_.size()) {
    char c = in_[pos_++];
    if (c == '>') {
      if (high >= 0) bytes.push_back(static_cast<char>(high << 4));  // odd digit count: pad 0
      return Make(PsToken::Kind::kString, start, std::move(bytes));
    }
    if (IsWhitespace(c)) continue;
    int h = HexValue(c, true);
    if (h < 0) return Make(PsToken::Kind::kError, start, "bad character in hex string");
    if (high < 0) {
      high = h;
    } else {
      bytes.push_back(static_cast<char>((high << 4) | h));
      high = -1;
    }
  }
  return Make(PsToken::Kind::kError, start, "unterminated hex string");
}

PsToken PsLexer::LiteralString(size_t start) {
  ++pos_;  // '('
  std::string bytes;
  int depth = 1;
  while (pos_ < in_.size()) {
    char c = in_[pos_++];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return Make(PsToken::Kind::kString, start, std::move(bytes));
    } else if (c == '\\') {
      if (pos_ >= in_.size()) break;
      char e = in_[pos_++];
      switch (e) {
        case 'n':
          c = '\n';
          break;
        case 'r':
          c = '\r';
          break;
        case 't':
          c = '\t';
          break;
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case '\r':
          if (pos_ < in_.size() && in_[pos_] == '\n') ++pos_;
          continue;  // line continuation
        case '\n':
          continue;
        default:
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            for (int k = 0; k < 2 && pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '7';
                 ++k) {
              v = v * 8 + (in_[pos_++] - '0');
            }
            c = static_cast<char>(v & 0xFF);
          } else {
            c = e;  // \\ \( \) and unknown escapes: the character itself
          }
      }
    }
    bytes.push_back(c);
  }
  return Make(PsToken::Kind::kError, start, "unterminated string");
}

// ---- Type 1 built-in encoding -----------------------------------------------------------

std::optional<Type1Encoding> ParseType1Encoding(std::string_view cleartext) {
  using K = PsToken::Kind;
  // The cleartext part ends where the encrypted part starts.
  size_t eexec = cleartext.find("eexec");
  if (eexec != std::string_view::npos) cleartext = cleartext.substr(0, eexec);
  PsLexer lex(cleartext);
  // Find "/Encoding" followed by StandardEncoding or an array definition.
  while (true) {
    PsToken t = lex.Next();
    if (t.kind == K::kEof || t.kind == K::kError) return std::nullopt;
    if (t.kind != K::kName || t.text != "Encoding") continue;
    PsToken v = lex.Next();
    if (v.kind == K::kKeyword && v.text == "StandardEncoding") {
      Type1Encoding e;
      e.standard = true;
      return e;
    }
    if (v.kind != K::kInteger) continue;  // e.g. "/Encoding 256 array"
    Type1Encoding e;
    e.names.assign(256, std::string());
    // Read "dup <code> /<name> put" until "def" (or "readonly def").
    PsToken prev2, prev1;
    while (true) {
      PsToken w = lex.Next();
      if (w.kind == K::kEof || w.kind == K::kError) return e;  // cut short: keep what we have
      if (w.kind == K::kKeyword && w.text == "def") return e;
      if (w.kind == K::kKeyword && w.text == "put" && prev2.kind == K::kInteger &&
          prev1.kind == K::kName && prev2.number >= 0 && prev2.number <= 255) {
        e.names[static_cast<size_t>(prev2.number)] = prev1.text;
      }
      prev2 = std::move(prev1);
      prev1 = std::move(w);
    }
  }
}

}  // namespace redact::pdf
