// Fuzz target: the PDF stream filters of image/filters.cpp (Flate, LZW, RunLength,
// ASCIIHex, ASCII85) and the TIFF/PNG predictors, with a 1 MiB output cap as the image path
// sets one. Input: 6 header bytes, then the stream data.
//   [0] filter 0..5 (mod 6)  [1] predictor  [2] colors  [3] bits per component
//   [4..5] columns
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_header.hpp"
#include "image/codecs.hpp"

using namespace redact::image::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  redact::fuzz::Header h(data, size, 6);
  constexpr size_t kMaxOut = 1u << 20;
  redact::Result<std::string> out = std::string();
  switch (h.U8(0) % 6) {
    case 0: out = FlateDecode(h.body(), kMaxOut); break;
    case 1: out = LzwDecode(h.body(), true, kMaxOut); break;
    case 2: out = LzwDecode(h.body(), false, kMaxOut); break;
    case 3: out = RunLengthDecode(h.body(), kMaxOut); break;
    case 4: out = AsciiHexDecode(h.body()); break;
    case 5: out = Ascii85Decode(h.body()); break;
  }
  if (!out.ok()) return 0;
  static const int kPredictors[] = {1, 2, 10, 11, 12, 13, 14, 15, 0, 3, 16, 255};
  PredictorParams p;
  p.predictor = kPredictors[h.U8(1) % 12];
  p.colors = h.U8(2);                    // 0 and >32 must be refused, not divided by
  static const int kBits[] = {1, 2, 4, 8, 16, 0, 3, 32};
  p.bits_per_component = kBits[h.U8(3) % 8];
  p.columns = h.U16(4);
  (void)Unpredict(std::move(out.value()), p);
  return 0;
}
