// JPEG for both front ends: decoding through Leptonica with the size checked from the header
// first, re-encoding, and the quality estimate that keeps a burnt JPEG close to its original
// size (FIELD_NOTES: blanking into PNG blew a file up 3.5×).
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "image/codecs.hpp"

namespace redact::image::internal {
namespace {

// ITU-T T.81 Annex K.1 luminance table, natural (row-major) order.
constexpr int kStdLuminance[64] = {16,  11,  10,  16,  24, 40, 51,  61,  12,  12,  14,  19,  26,
                                   58,  60,  55,  14,  13, 16, 24,  40,  57,  69,  56,  14,  17,
                                   22,  29,  51,  87,  80, 62, 18,  22,  37,  56,  68,  109, 103,
                                   77,  24,  35,  55,  64, 81, 104, 113, 92,  49,  64,  78,  87,
                                   103, 121, 120, 101, 72, 92, 95,  98,  112, 100, 103, 99};
// DQT entries are stored in zig-zag order; kZigzagToNatural[k] is the natural index of the
// k-th stored entry.
constexpr int kZigzagToNatural[64] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// libjpeg's jpeg_quality_scaling + jpeg_add_quant_table with force_baseline.
int ScaledEntry(int natural_index, int quality) {
  const int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  long v = (static_cast<long>(kStdLuminance[natural_index]) * scale + 50) / 100;
  return static_cast<int>(std::clamp<long>(v, 1, 255));
}

}  // namespace

int EstimateJpegQuality(std::string_view jpeg, int fallback) {
  const auto* d = reinterpret_cast<const uint8_t*>(jpeg.data());
  const size_t n = jpeg.size();
  size_t i = 2;  // after SOI
  if (n < 4 || d[0] != 0xFF || d[1] != 0xD8) return fallback;
  while (i + 4 <= n) {
    if (d[i] != 0xFF) return fallback;
    const uint8_t marker = d[i + 1];
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) break;  // EOI / SOS: no table seen in the header
    const size_t len = static_cast<size_t>(d[i + 2]) << 8 | d[i + 3];
    if (len < 2 || i + 2 + len > n) return fallback;
    if (marker == 0xDB) {
      size_t p = i + 4;
      const size_t end = i + 2 + len;
      while (p < end) {
        const int precision = d[p] >> 4, id = d[p] & 15;
        const size_t entry = precision ? 2 : 1;
        if (p + 1 + 64 * entry > end) return fallback;
        if (id == 0) {
          int table[64];
          for (int k = 0; k < 64; ++k) {
            const size_t at = p + 1 + k * entry;
            table[kZigzagToNatural[k]] = precision ? (d[at] << 8 | d[at + 1]) : d[at];
          }
          int best = fallback;
          long best_err = std::numeric_limits<long>::max();
          for (int q = 1; q <= 100; ++q) {
            long err = 0;
            for (int k = 0; k < 64; ++k) err += std::labs(table[k] - ScaledEntry(k, q));
            if (err < best_err) {  // ties go to the lower quality: never larger than before
              best_err = err;
              best = q;
            }
          }
          return best;
        }
        p += 1 + 64 * entry;
      }
    }
    i += 2 + len;
  }
  return fallback;
}

Result<PixPtr> DecodeJpeg(std::string_view jpeg, int* width, int* height) {
  const auto* data = reinterpret_cast<const l_uint8*>(jpeg.data());
  l_int32 w = 0, h = 0, spp = 0, ycck = 0, cmyk = 0;
  if (jpeg.size() < 4 || readHeaderMemJpeg(data, jpeg.size(), &w, &h, &spp, &ycck, &cmyk) != 0)
    return Status::Error("DCTDecode: not a readable JPEG header");
  if (Status s = CheckDimensions(w, h); !s.ok()) return Status::Error("DCTDecode: " + s.message());
  if (width) *width = w;
  if (height) *height = h;
  l_int32 nwarn = 0;
  PIX* pix = pixReadMemJpeg(data, jpeg.size(), 0, 1, &nwarn,
                            0);  // 0: Leptonica 1.82 returns no pix on data warnings
  if (pix == nullptr) return Status::Error("DCTDecode: corrupt JPEG data");
  return PixPtr(pix);
}

Result<std::string> EncodeJpeg(PIX* pix, int quality) {
  PixPtr owned;
  PIX* src = pix;
  if (pixGetDepth(pix) == 1 || pixGetColormap(pix) != nullptr) {
    owned.reset(pixConvertTo8(pix, 0));
    src = owned.get();
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (src == nullptr || pixWriteMemJpeg(&data, &size, src, std::clamp(quality, 1, 100), 0) != 0 ||
      data == nullptr)
    return Status::Error("JPEG encoding failed");
  std::string out(reinterpret_cast<char*>(data), size);
  lept_free(data);
  return out;
}

}  // namespace redact::image::internal
