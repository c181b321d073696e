// Content streams as a list of operations: our own lexer (PoDoFo's tokenizer loses the
// layout we need to rewrite, and guesses inline-image ends) and a serializer, so the
// interpreter reads and the redactor rewrites the same representation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redact/redact.hpp"

namespace redact::pdf {

// An operand.
struct CObj {
  enum class Type : uint8_t { kNull, kBool, kNumber, kName, kString, kArray, kDict };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // name without '/', or string bytes (decoded from literal or hex)
  bool hex = false;  // string was written <hex>
  std::vector<CObj> items;                        // array
  std::vector<std::pair<std::string, CObj>> dict;  // dictionary, in order

  CObj() noexcept;
  static CObj Number(double v);
  static CObj String(std::string bytes, bool hex);
  const CObj* Find(std::string_view key) const;  // dictionary lookup
};

// Defined after the class: with clang 14 and libstdc++ 12 an implicit constructor of a class
// holding pair<string, CObj> recurses into its own traits while the class is incomplete.
inline CObj::CObj() noexcept = default;
inline CObj CObj::Number(double v) {
  CObj o;
  o.type = Type::kNumber;
  o.number = v;
  return o;
}
inline CObj CObj::String(std::string bytes, bool hex) {
  CObj o;
  o.type = Type::kString;
  o.text = std::move(bytes);
  o.hex = hex;
  return o;
}

struct Op {
  std::string name;           // operator, e.g. "TJ"; "BI" for an inline image
  std::vector<CObj> args;      // for BI: one dictionary operand with the image parameters
  std::string inline_data;     // BI: the image bytes between ID and EI
};

// Limits that keep hostile content bounded.
struct ContentLimits {
  std::size_t max_ops = 4'000'000;
  int max_depth = 64;  // nested arrays/dictionaries
};

// Parses a whole (decoded) content stream. Unknown operators are kept (they are data to
// the interpreter, which decides); syntax errors fail with the byte offset.
Result<std::vector<Op>> ParseContent(std::string_view data, const ContentLimits& limits = {});

// Writes operations back as content-stream syntax, one operation per line.
std::string SerializeContent(const std::vector<Op>& ops);
void AppendObject(const CObj& o, std::string* out);

}  // namespace redact::pdf
