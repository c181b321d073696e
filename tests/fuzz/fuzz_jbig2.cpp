// Fuzz target: embedded JBIG2 decoding (image/jbig2.cpp over jbig2dec), with and without a
// /JBIG2Globals stream. Input: 6 header bytes, then globals and page data.
//   [0..1] width  [2..3] height  [4..5] length of the globals at the start of the body
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_header.hpp"
#include "image/codecs.hpp"

using namespace redact::image::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  redact::fuzz::Header h(data, size, 6);
  const int width = h.U16(0) % 4097, height = h.U16(2) % 4097;
  std::string_view body = h.body();
  const size_t glen = h.U16(4) < body.size() ? h.U16(4) : body.size();
  (void)DecodeJbig2(body.substr(glen), body.substr(0, glen), width, height);
  return 0;
}
