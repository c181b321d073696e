// Images of the scanned path: decoding what a PDF image XObject or an image file holds into
// Leptonica PIXes, burning filled boxes into the pixels, and encoding back in the same codec
// class (G4 stays 1-bit G4, JPEG stays JPEG at a matched quality, Flate stays Flate).
#pragma once

#include <algorithm>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"

struct Pix;
typedef struct Pix PIX;

namespace PoDoFo {
class PdfObject;
class PdfVecObjects;
}  // namespace PoDoFo

namespace redact::image {

struct PixDeleter {
  void operator()(PIX* p) const;
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

enum class Codec : uint8_t { kDct, kFlate, kCcitt, kJbig2, kJpx, kRaw, kPng, kTiffG4, kTiffLzw };

// A rectangle in pixel coordinates, origin top-left, [x0, x1) × [y0, y1).
struct PixelBox {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
inline bool IsEmpty(const PixelBox& b) { return b.x1 <= b.x0 || b.y1 <= b.y0; }
// The smallest box holding both (an empty one adds nothing).
inline PixelBox Union(const PixelBox& a, const PixelBox& b) {
  if (IsEmpty(a)) return b;
  if (IsEmpty(b)) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// An image XObject (or inline image) decoded, with what is needed to write it back alike.
// The pix is normalized whatever /Decode, /BlackIs1 or the colour space said: 1 bpp has
// 1 = black (for a stencil /ImageMask: 1 = painted), 8 bpp has 0 = black, 32 bpp is RGB.
struct PdfImage {
  PixPtr pix;               // 1, 8 or 32 bpp; rows top to bottom as in the PDF
  Codec codec = Codec::kRaw;
  int bits_per_component = 8;
  int components = 1;       // 1 gray, 3 RGB, 4 CMYK (decoded to RGB for burning)
  int jpeg_quality = 75;    // estimated from the DCT quantization tables
  bool image_mask = false;  // /ImageMask true (a stencil)
  bool has_smask = false;   // /SMask or /Mask present: the mask is redacted too
  bool black_is_1 = false;  // CCITT /BlackIs1 or /Decode [1 0]
  // From a colour-key /Mask array: 1 = painted, 0 = keyed out (transparent). StorePdfImage
  // writes it as a stencil /Mask, since the stored samples may differ from the keyed ones.
  PixPtr key_stencil;
};

// Decodes a PDF image XObject: DCT, Flate (all predictors; 1/8-bit gray, RGB, indexed),
// CCITT G3/G4 (Leptonica via a minimal TIFF wrapper, honouring /K /Columns /Rows /BlackIs1
// /Decode), JBIG2 (jbig2dec, with /JBIG2Globals) and JPX (OpenJPEG). Anything else, or data
// that does not decode to the declared size, is an error naming the object (fail closed).
Result<PdfImage> DecodePdfImage(const PoDoFo::PdfObject& xobject, PoDoFo::PdfVecObjects* objects);

// Fills `boxes` with black (white for a stencil mask's background is never used: a burnt
// area is always ink) in place. Boxes are clipped to the image.
void BurnBoxes(PIX* pix, const std::vector<PixelBox>& boxes);
// The same on a decoded PDF image, also making the boxes opaque in its colour-key stencil.
void BurnBoxes(PdfImage* img, const std::vector<PixelBox>& boxes);

// `boxes` grown outward to the 16-pixel grid when the image will be stored as JPEG (kDct,
// kJpx, or a TIFF page with `tiff_compression` 7), unchanged otherwise. Burning whole JPEG
// blocks keeps the box solid black after re-encoding; an unaligned box gets gray ringing
// at its edges (which leaks nothing: the encoder never sees the original pixels).
std::vector<PixelBox> AlignToCodecBlocks(const std::vector<PixelBox>& boxes, Codec codec,
                                         int tiff_compression = 0);

// Grows the boxes of `*boxes` from index `*aligned` on as AlignToCodecBlocks does, and moves
// `*aligned` to the end: burning in rounds, each box is grown once (grown again, a box kept a
// margin inside its blocks would grow by a block each round).
void AlignNewToCodecBlocks(std::vector<PixelBox>* boxes, std::size_t* aligned, Codec codec,
                           int tiff_compression = 0);

// Encodes `img.pix` in the codec class it came in and writes the stream data, /Filter,
// /DecodeParms, /Width, /Height, /BitsPerComponent and /ColorSpace into `xobject`
// (JBIG2 and JPX are re-encoded as G4 and DCT respectively: no encoder for them here).
// The stream data is replaced in place; the old /Filter, /DecodeParms (and /JBIG2Globals with
// it), /Decode and /SMaskInData are removed. A /JBIG2Globals stream the image referred to is
// left in the object vector for the document's unreferenced-object sweep (it may be shared).
// A colour-key /Mask array becomes a new stencil /Mask object (see PdfImage::key_stencil).
// Cost: one encode of the whole image; an A4 page at 300 dpi took G4 ~5 ms, JPEG 20-50 ms,
// 8-bit Flate 35-70 ms here. No temporary files.
Status StorePdfImage(const PdfImage& img, PoDoFo::PdfObject* xobject, PoDoFo::PdfVecObjects* objects);

// Makes the burnt areas opaque in the image's /SMask (gray 255) and stencil /Mask (painted),
// so the black boxes show; `boxes` are in the image's pixels and are scaled to the mask's
// own size. A colour-key /Mask array is left alone. No mask: nothing to do.
Status BurnSoftMask(PoDoFo::PdfObject* xobject, const std::vector<PixelBox>& boxes,
                    PoDoFo::PdfVecObjects* objects);

// Image files: multi-page TIFF (G4, LZW, JPEG, uncompressed), PNG, JPEG. Each page with its
// resolution (0 when the file does not say).
struct FilePage {
  PixPtr pix;
  int dpi_x = 0, dpi_y = 0;
  int tiff_compression = 0;  // TIFF pages: libtiff COMPRESSION_* the page had (0: not TIFF)
};
struct ImageFile {
  Codec codec = Codec::kPng;  // kTiffG4, kTiffLzw, kDct, kPng
  int jpeg_quality = 75;
  std::vector<FilePage> pages;
};
Result<ImageFile> DecodeImageFile(std::string_view bytes);
// Writes pages back in the file's own format (TIFF stays TIFF with the same compression).
Result<std::string> EncodeImageFile(const ImageFile& file);

}  // namespace redact::image
