// Fuzz target: the CMap / ToUnicode parser (pdf/cmap.cpp) on arbitrary programs, then every
// query the interpreter makes of a parsed map. Seeds: the ToUnicode streams of samples/pdf.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pdf/cmap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view program(reinterpret_cast<const char*>(data), size);
  auto cmap = redact::pdf::CMap::Parse(program);
  if (!cmap.ok()) return 0;
  // Split the program's own bytes (any byte string is a valid shown string) and look every
  // code up, as the interpreter does for each glyph.
  bool valid = true;
  for (const auto& code : cmap.value().Split(program.substr(0, 4096), &valid)) {
    (void)cmap.value().ToUnicode(code.code);
    (void)cmap.value().ToCid(code.code);
  }
  return 0;
}
