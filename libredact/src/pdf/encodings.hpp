// What the font model needs besides the CMap parser: glyph names to Unicode (Adobe Glyph
// List, generated at build time), the base encodings of simple fonts, a Type 1 program's
// built-in encoding, and two small pieces shared by the CMap and font readers: a PostScript
// tokenizer and an interval map where later definitions win.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"

namespace redact::pdf {

// ---- glyph names and base encodings ------------------------------------------------------

enum class BaseEncoding : uint8_t { kStandard, kWinAnsi, kMacRoman };

// "StandardEncoding", "WinAnsiEncoding", "MacRomanEncoding"; nullopt for anything else
// (MacExpertEncoding included: not supported).
std::optional<BaseEncoding> BaseEncodingFromName(std::string_view name);

// Unicode of a code in a base encoding (PDF 32000 Annex D); 0 when the code is not encoded.
char32_t BaseEncodingUnicode(BaseEncoding encoding, uint8_t code);

// A glyph name to Unicode by the AGL specification: the part before the first '.', split at
// '_', each component looked up in the AGL, else read as uniXXXX[XXXX...] or uXXXX[XX]
// (lower-case hex accepted too). Empty when a component maps to nothing (e.g. "g123"):
// the caller then has no Unicode for that glyph. Binary search over ~4,300 names.
std::u32string GlyphNameToUnicode(std::string_view name);

// The /Encoding of a Type 1 font program's cleartext part: `StandardEncoding` or an array
// filled by `dup <code> /<name> put`. Names are empty for codes the program leaves out.
struct Type1Encoding {
  bool standard = false;
  std::vector<std::string> names;  // 256 entries unless `standard`
};
// nullopt when the cleartext has no /Encoding we can read.
std::optional<Type1Encoding> ParseType1Encoding(std::string_view cleartext);

// ---- PostScript tokens ------------------------------------------------------------------

struct PsToken {
  enum class Kind : uint8_t {
    kEof,
    kError,
    kInteger,
    kReal,
    kName,
    kString,
    kKeyword,
    kArrayOpen,
    kArrayClose,
    kDictOpen,
    kDictClose,
    kProcOpen,
    kProcClose,
  };
  Kind kind = Kind::kEof;
  std::string text;   // name (without '/'), keyword, decoded string bytes, or error reason
  double number = 0;  // kInteger / kReal
  size_t offset = 0;  // byte offset of the token in the program, for error messages
};

// Tokenizes PostScript as it appears in CMaps and Type 1 cleartext: comments, literal
// strings with escapes and nesting, hex strings, names, numbers, keywords, delimiters.
// Iterative (no recursion), linear in the input, never reads past its end.
class PsLexer {
 public:
  explicit PsLexer(std::string_view input) : in_(input) {}
  PsToken Next();
  size_t offset() const { return pos_; }

 private:
  void SkipWhitespaceAndComments();
  PsToken HexString(size_t start);
  PsToken LiteralString(size_t start);
  std::string_view in_;
  size_t pos_ = 0;
};

// ---- interval map -----------------------------------------------------------------------

// Maps disjoint closed ranges of uint32 keys to values. Assign paints over what was there
// (later definitions win, as readers do for overlapping CMap and /W entries); memory is
// proportional to the number of assignments, never to the width of a range.
template <typename T>
class IntervalMap {
 public:
  struct Hit {
    uint32_t lo;  // first key of the piece that matched
    const T* value;
  };

  void Assign(uint32_t lo, uint32_t hi, T value) {
    auto it = pieces_.lower_bound(lo);
    if (it != pieces_.begin()) {
      auto prev = std::prev(it);  // starts before lo
      if (prev->second.hi >= lo) {
        Piece old = prev->second;
        prev->second.hi = lo - 1;
        if (old.hi > hi) pieces_.emplace_hint(it, hi + 1, Piece{old.hi, old.value});
      }
    }
    it = pieces_.lower_bound(lo);
    while (it != pieces_.end() && it->first <= hi) {
      if (it->second.hi > hi) {
        Piece rest = it->second;
        it = pieces_.erase(it);
        pieces_.emplace_hint(it, hi + 1, rest);
        break;
      }
      it = pieces_.erase(it);
    }
    pieces_.emplace(lo, Piece{hi, std::move(value)});
  }

  // The piece containing `key`, if any.
  std::optional<Hit> Find(uint32_t key) const {
    auto it = pieces_.upper_bound(key);
    if (it == pieces_.begin()) return std::nullopt;
    --it;
    if (it->second.hi < key) return std::nullopt;
    return Hit{it->first, &it->second.value};
  }

  bool empty() const { return pieces_.empty(); }
  size_t size() const { return pieces_.size(); }
  template <typename F>
  void ForEach(F&& f) const {  // f(lo, hi, value) in key order
    for (const auto& [lo, piece] : pieces_) f(lo, piece.hi, piece.value);
  }

 private:
  struct Piece {
    uint32_t hi;
    T value;
  };
  std::map<uint32_t, Piece> pieces_;
};

// UTF-16 code units to code points; unpaired surrogates become U+FFFD.
std::u32string Utf16ToUtf32(std::u16string_view units);

}  // namespace redact::pdf
