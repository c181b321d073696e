// CMaps, parsed by our own parser (PoDoFo 0.9.8 maps one UTF-16 unit to one and throws on
// predefined CJK CMaps): codespace ranges to split a string into character codes, ToUnicode
// (bfchar/bfrange incl. arrays, surrogate pairs, multi-character ligatures) and CID mappings
// (cidchar/cidrange) for embedded encoding CMaps. Part of the content-stream front end.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"

namespace redact::pdf {

// One character code taken from a shown string.
struct CharCode {
  uint32_t code = 0;
  uint8_t nbytes = 1;
};

class CMap {
 public:
  // Parses a CMap program (ToUnicode or encoding CMap). Malformed input is an error naming
  // what was wrong (never a partial map that silently drops characters).
  static Result<CMap> Parse(std::string_view program);
  // Identity-H / Identity-V: 2-byte codes, CID == code.
  static CMap Identity();

  // Splits a shown string into codes using the codespace ranges (1-4 bytes). Bytes that fall
  // in no range are taken one at a time, as the PDF spec says, with `valid` cleared.
  std::vector<CharCode> Split(std::string_view bytes, bool* valid = nullptr) const;
  // Unicode for a code from bfchar/bfrange; empty when unmapped.
  std::u32string ToUnicode(uint32_t code) const;
  // CID for a code from cidchar/cidrange (encoding CMaps); identity when the map has none.
  uint32_t ToCid(uint32_t code) const;
  bool has_unicode() const { return !unicode_.empty() || !unicode_ranges_.empty(); }
  bool vertical() const { return vertical_; }  // /WMode 1

 private:
  struct Range {
    uint32_t lo, hi;
    uint8_t nbytes;
  };
  struct UnicodeRange {
    uint32_t lo, hi;
    std::u32string base;                   // dst for lo; last code point incremented
    std::vector<std::u32string> explicit_;  // array form, one per code
  };
  struct CidRange {
    uint32_t lo, hi, cid;
  };
  std::vector<Range> codespace_;
  std::map<uint32_t, std::u32string> unicode_;
  std::vector<UnicodeRange> unicode_ranges_;
  std::vector<CidRange> cid_ranges_;
  bool identity_cid_ = true;
  bool vertical_ = false;
};

}  // namespace redact::pdf
