// Pixel-level pieces shared by the PDF and image-file paths: ownership of Leptonica pixes,
// bringing decoded pixes to the depths the burner and encoders handle, and the burn itself.
#include "image/raster.hpp"

#include <leptonica/allheaders.h>

#include <algorithm>

#include "image/codecs.hpp"

namespace redact::image {

void PixDeleter::operator()(PIX* p) const { pixDestroy(&p); }

namespace internal {

PixPtr NormalizeDepth(PIX* pix) {
  const int d = pixGetDepth(pix);
  if (PIXCMAP* cmap = pixGetColormap(pix)) {
    // A two-entry black/white palette stays 1 bpp (1 = the darker entry); anything else
    // becomes gray or RGB so that "black" means black and not "palette entry 0".
    int type = REMOVE_CMAP_BASED_ON_SRC;
    if (d == 1 && pixcmapGetCount(cmap) <= 2) {
      l_int32 is_bw = 0;
      pixcmapIsBlackAndWhite(cmap, &is_bw);
      if (is_bw) type = REMOVE_CMAP_TO_BINARY;
    }
    return PixPtr(pixRemoveColormap(pix, type));
  }
  switch (d) {
    case 1:
    case 8:
    case 32:
      return PixPtr(pixClone(pix));
    case 16:
      return PixPtr(pixConvert16To8(pix, L_MS_BYTE));
    default:
      return PixPtr(pixConvertTo8(pix, 0));
  }
}

void FillBoxes(PIX* pix, const std::vector<PixelBox>& boxes, uint32_t value) {
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  for (const PixelBox& b : boxes) {
    const int x0 = std::clamp(b.x0, 0, w), x1 = std::clamp(b.x1, 0, w);
    const int y0 = std::clamp(b.y0, 0, h), y1 = std::clamp(b.y1, 0, h);
    if (x1 <= x0 || y1 <= y0) continue;
    BOX* box = boxCreate(x0, y0, x1 - x0, y1 - y0);
    pixSetInRectArbitrary(pix, box, value);
    boxDestroy(&box);
  }
}

}  // namespace internal

void BurnBoxes(PIX* pix, const std::vector<PixelBox>& boxes) {
  if (pix == nullptr) return;
  // Explicit values instead of pixSetInRect/pixClearInRect, whose colour depends on the
  // depth (FIELD_NOTES): 1 is black at 1 bpp, 0 is black at 8 bpp, opaque black at 32 bpp.
  uint32_t value = 0;
  if (PIXCMAP* cmap = pixGetColormap(pix)) {
    l_int32 index = 0;
    pixcmapGetNearestIndex(cmap, 0, 0, 0, &index);
    value = static_cast<uint32_t>(index);
  } else if (pixGetDepth(pix) == 1) {
    value = 1;
  } else if (pixGetDepth(pix) == 32) {
    l_uint32 black = 0;
    composeRGBAPixel(0, 0, 0, 255, &black);
    value = black;
  }
  internal::FillBoxes(pix, boxes, value);
}

void BurnBoxes(PdfImage* img, const std::vector<PixelBox>& boxes) {
  if (img == nullptr) return;
  BurnBoxes(img->pix.get(), boxes);
  // Keyed-out pixels would let the page show through the box instead of black.
  if (img->key_stencil) internal::FillBoxes(img->key_stencil.get(), boxes, 1);
}

std::vector<PixelBox> AlignToCodecBlocks(const std::vector<PixelBox>& boxes, Codec codec,
                                         int tiff_compression) {
  constexpr int kTiffJpeg = 7;  // COMPRESSION_JPEG
  const bool jpeg_out =
      codec == Codec::kDct || codec == Codec::kJpx || tiff_compression == kTiffJpeg;
  if (!jpeg_out) return boxes;
  // 16: an MCU of 2×2-subsampled chroma; whole black MCUs decode to black. Decoders blend
  // chroma across MCU edges (libjpeg's fancy upsampling), so the box keeps a 2-pixel margin
  // inside the aligned area.
  constexpr int kBlock = 16, kMargin = 2;
  auto down = [](int v) {
    return v >= 0 ? v / kBlock * kBlock : -((-v + kBlock - 1) / kBlock) * kBlock;
  };
  auto up = [&](int v) { return -down(-v); };
  std::vector<PixelBox> out;
  out.reserve(boxes.size());
  for (const PixelBox& b : boxes) {
    if (b.x1 <= b.x0 || b.y1 <= b.y0) continue;
    out.push_back(
        {down(b.x0 - kMargin), down(b.y0 - kMargin), up(b.x1 + kMargin), up(b.y1 + kMargin)});
  }
  return out;
}

void AlignNewToCodecBlocks(std::vector<PixelBox>* boxes, std::size_t* aligned, Codec codec,
                           int tiff_compression) {
  const std::size_t from = std::min(*aligned, boxes->size());
  const std::vector<PixelBox> grown = AlignToCodecBlocks(
      std::vector<PixelBox>(boxes->begin() + from, boxes->end()), codec, tiff_compression);
  boxes->resize(from);
  boxes->insert(boxes->end(), grown.begin(), grown.end());
  *aligned = boxes->size();
}

}  // namespace redact::image
