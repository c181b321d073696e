// Codec back ends of the scanned path, shared by the PDF image and image-file front ends in
// raster.hpp: PDF stream filters, CCITT (libtiff via Leptonica), JBIG2 (jbig2dec), JPX
// (OpenJPEG), JPEG quality estimation. Internal to libredact; not a public contract.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image/raster.hpp"
#include "redact/redact.hpp"

typedef struct tiff TIFF;  // as in <tiffio.h>

namespace redact::image::internal {

// Turns Leptonica's stderr messages off for the process (once): the tools promise one line
// of reason on stderr, and errors are reported through Status instead.
void QuietLeptonica();

// Decoded images larger than this are refused before anything is allocated.
inline constexpr int64_t kMaxPixels = 200'000'000;

// Human-readable size check shared by every decoder: "W×H over the limit" or empty.
Status CheckDimensions(int64_t width, int64_t height);

// --- PDF stream filters (ISO 32000-1 §7.4) -------------------------------------------------
// Decoders that can expand their input stop with an error once the output would exceed
// `max_out`: a stream that inflates past what the image needs is a bomb, not an image.
// Damaged or truncated compressed data yields what could be decoded; the caller's size
// check then decides (fail closed on short data).
Result<std::string> FlateDecode(std::string_view in, size_t max_out);
Result<std::string> LzwDecode(std::string_view in, bool early_change, size_t max_out);
Result<std::string> RunLengthDecode(std::string_view in, size_t max_out);
Result<std::string> AsciiHexDecode(std::string_view in);
Result<std::string> Ascii85Decode(std::string_view in);
// zlib at the default level.
std::string FlateEncode(std::string_view in);

struct PredictorParams {
  int predictor = 1;  // 1 none, 2 TIFF, 10..15 PNG (per-row tag)
  int colors = 1;
  int bits_per_component = 8;
  int columns = 1;
};
// Undoes a /Predictor; the result is the packed rows without PNG tag bytes.
Result<std::string> Unpredict(std::string data, const PredictorParams& p);

// --- libtiff on memory ------------------------------------------------------------------
// Reads from `in` (in_size bytes) or, when `out` is set, writes to *out. libtiff's first
// error message lands in `error`; warnings are dropped. Nothing is printed.
struct TiffMemoryFile {
  const char* in = nullptr;
  size_t in_size = 0;
  std::string* out = nullptr;
  size_t pos = 0;
  std::string error;
};
// TIFFClientOpenExt over `f` (which must outlive the handle); nullptr on failure.
TIFF* OpenTiffInMemory(TiffMemoryFile* f, const char* mode);

// --- CCITT ----------------------------------------------------------------------------------
struct CcittParams {
  int k = 0;  // <0 G4, 0 G3 1-D, >0 G3 mixed 1-D/2-D
  int columns = 1728;
  int rows = 0;  // 0: not given
  bool encoded_byte_align = false;
};
// Decodes raw CCITT data to a 1 bpp pix in which 1 is a pixel coded *black* (the /BlackIs1
// and /Decode polarity is applied by the caller). `height` is the image height.
Result<PixPtr> DecodeCcitt(std::string_view data, const CcittParams& p, int height);
// Raw CCITT G4 (T.6) data for a 1 bpp pix, coding pixels that are 1 as black runs.
Result<std::string> EncodeG4(PIX* pix);

// --- JBIG2 (embedded stream, ISO 32000-1 §7.4.7) --------------------------------------------
// 1 bpp pix, 1 = black as JBIG2 codes it. `globals` may be empty. jbig2dec runs in a child
// process that is killed past `limit` (wall clock); a legible page takes well under a second.
inline constexpr std::chrono::milliseconds kJbig2TimeLimit{10000};
Result<PixPtr> DecodeJbig2(std::string_view data, std::string_view globals, int width, int height,
                           std::chrono::milliseconds limit = kJbig2TimeLimit);

// --- JPEG 2000 ------------------------------------------------------------------------------
struct JpxDecoded {
  PixPtr pix;          // 8 bpp gray or 32 bpp RGB
  int components = 0;  // colour channels in the codestream (alpha not counted)
  bool had_alpha = false;
};
// `cmyk_hint`: read four colour channels as CMYK (the PDF /ColorSpace says DeviceCMYK) even
// when the JP2 header does not say so. Alpha channels are dropped.
Result<JpxDecoded> DecodeJpx(std::string_view data, int width, int height, bool cmyk_hint);

// --- JPEG -----------------------------------------------------------------------------------
// The IJG quality (1..100) whose scaled Annex K luminance table is closest to the first
// luminance DQT in `jpeg` (a full JFIF stream or a TIFF JPEGTables); `fallback` when none.
int EstimateJpegQuality(std::string_view jpeg, int fallback = 75);
// 8 bpp gray or 32 bpp RGB (CMYK/YCCK converted by Leptonica); fails on corrupt data.
Result<PixPtr> DecodeJpeg(std::string_view jpeg, int* width = nullptr, int* height = nullptr);
Result<std::string> EncodeJpeg(PIX* pix, int quality);

// --- Pixels ---------------------------------------------------------------------------------
// Brings any Leptonica pix to the forms the burner and the encoders handle: 1 bpp with
// 1 = black and no colormap, 8 bpp gray, or 32 bpp RGB(A). Returns a new pix.
PixPtr NormalizeDepth(PIX* pix);
// Fills the clipped boxes with `value` (a raw pixel value at the pix's depth).
void FillBoxes(PIX* pix, const std::vector<PixelBox>& boxes, uint32_t value);

}  // namespace redact::image::internal
