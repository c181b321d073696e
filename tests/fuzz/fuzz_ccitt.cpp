// Fuzz target: CCITT G3/G4 decoding (image/ccitt.cpp over libtiff's fax codec).
// Input: 6 header bytes, then the fax data.
//   [0] K as int8 (<0 G4, 0 G3 1-D, >0 G3 2-D)  [1..2] columns  [3..4] height  [5] bit 0:
//   EncodedByteAlign
#include <cstddef>
#include <cstdint>

#include "fuzz_header.hpp"
#include "image/codecs.hpp"

using namespace redact::image::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  redact::fuzz::Header h(data, size, 6);
  CcittParams p;
  p.k = static_cast<int8_t>(h.U8(0));
  // Columns and rows stay small enough for a fast loop; 0 must be refused cleanly.
  p.columns = h.U16(1) % 4097;
  const int height = h.U16(3) % 4097;
  p.rows = height;
  p.encoded_byte_align = h.U8(5) & 1;
  auto pix = DecodeCcitt(h.body(), p, height);
  if (pix.ok()) (void)EncodeG4(pix.value().get());
  return 0;
}
