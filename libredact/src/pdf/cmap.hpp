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

#include "pdf/encodings.hpp"
#include "redact/redact.hpp"

namespace redact::pdf {

// One character code taken from a shown string.
struct CharCode {
  uint32_t code = 0;
  uint8_t nbytes = 1;
  bool valid = true;  // false: the bytes matched no codespace range (PDF 32000 9.7.6.3)
};

class CMap {
 public:
  // Parses a CMap program (ToUnicode or encoding CMap). Malformed input is an error naming
  // what was wrong (never a partial map that silently drops characters). Work and memory are
  // linear in the program's size: ranges stay ranges (a <0000> <FFFF> bfrange is one entry),
  // a bfrange may span at most 65,536 codes, programs over 16 MiB are refused. `usecmap` may
  // name only Identity-H/V.
  static Result<CMap> Parse(std::string_view program);
  // Identity-H / Identity-V: 2-byte codes, CID == code.
  static CMap Identity();
  // The predefined CMaps we can build without data files: Identity-H/V and the Unicode-coded
  // ones (Uni<JIS|JIS2004|JISPro|JISX0213|JISX02132004|GB|CNS|KS>-<UCS2|UCS2-HW|UTF16|UTF32|
  // UTF8>-<H|V>), whose code is the character itself. Those know Unicode but not CIDs
  // (knows_cids() false). Anything else (90ms-RKSJ-H, ...) is an error.
  static Result<CMap> Predefined(std::string_view name);

  // Splits a shown string into codes using the codespace ranges (1-4 bytes, each byte
  // within the range's byte bounds, PDF 32000 9.7.6.2). Bytes that match no range are taken
  // as one code of the shortest range length (or what is left) with `valid` cleared on the
  // code and in `*valid`. A map without codespace ranges takes one byte at a time.
  std::vector<CharCode> Split(std::string_view bytes, bool* valid = nullptr) const;
  // Unicode for a code from bfchar/bfrange (or from the code itself for a Unicode-coded
  // predefined CMap); empty when unmapped.
  std::u32string ToUnicode(uint32_t code) const;
  // CID for a code from cidchar/cidrange (encoding CMaps); identity when the map has none
  // (or inherits Identity-H/V through usecmap); CID 0 for codes outside its mappings.
  uint32_t ToCid(uint32_t code) const;
  bool has_unicode() const { return !unicode_.empty() || coding_ != Coding::kNone; }
  bool vertical() const { return vertical_; }  // /WMode 1
  // False for the Unicode-coded predefined CMaps: their code→CID table is not built in.
  bool knows_cids() const { return coding_ == Coding::kNone; }
  size_t codespace_size() const { return codespace_.size(); }

 private:
  friend class CMapParser;
  // A codespace range: a code of `nbytes` bytes matches when each byte lies within the
  // corresponding bytes of lo and hi.
  struct Range {
    uint8_t lo[4], hi[4];
    uint8_t nbytes;
  };
  // One bfchar/bfrange destination: UTF-16 for the first code of the range (its last unit
  // incremented for the following codes), or the array form with one string per code.
  struct UnicodeSource {
    uint32_t lo = 0;  // first code of the bfchar/bfrange (pieces may start later)
    std::u16string base;
    std::vector<std::u16string> per_code;
    bool array = false;
  };
  enum class Coding : uint8_t { kNone, kUcs2, kUtf16, kUtf32, kUtf8 };
  std::vector<Range> codespace_;
  uint8_t shortest_ = 1;           // shortest codespace length, for codes that match no range
  IntervalMap<uint32_t> unicode_;  // code range → index into unicode_sources_
  std::vector<UnicodeSource> unicode_sources_;
  IntervalMap<int64_t> cids_;  // code range → CID minus code (survives splitting)
  bool identity_cid_ = true;
  bool vertical_ = false;
  Coding coding_ = Coding::kNone;
};

}  // namespace redact::pdf
