// OCR for the scanned path: Tesseract (LSTM, jpn / jpn_vert) in a pool of engines, one per
// concurrent caller, on preprocessed page images; words and lines with boxes refitted to
// the ink (Tesseract's symbol boxes are unreliable) and confidences.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "image/raster.hpp"
#include "redact/redact.hpp"

namespace redact::ocr {

struct OcrSymbol {
  std::u32string text;  // usually one code point
  image::PixelBox box;  // refitted to the ink inside its word, pixel coordinates of the input
};

struct OcrWord {
  std::u32string text;
  image::PixelBox box;          // refitted to the ink; input image coordinates (before deskew)
  std::vector<OcrSymbol> symbols;  // one per character, boxes estimated from the ink
  float confidence = 0;         // 0-100
  int line = 0;                 // index into OcrPage::lines
  bool vertical = false;
};

struct OcrLine {
  image::PixelBox box;
  std::vector<int> words;
  bool vertical = false;
};

// A ruled cell found on the page (form tables), for label → value regions.
struct Cell {
  image::PixelBox box;
};

struct OcrPage {
  int width = 0, height = 0, dpi = 300;
  double skew_degrees = 0;  // what deskewing removed (boxes are mapped back already)
  std::vector<OcrWord> words;
  std::vector<OcrLine> lines;
  std::vector<Cell> cells;  // from the ruling lines found before OCR
};

struct OcrOptions {
  std::string tessdata_dir;   // empty: Tesseract's default (Debian: /usr/share/tesseract-ocr/5/tessdata)
  bool vertical = true;       // also try jpn_vert on regions that look vertical (when installed)
  int psm = 4;                // PSM 4 reads ruled forms (FIELD_NOTES)
};

class OcrEngine;

// A pool of Tesseract engines: Recognize is thread-safe and reuses an idle engine (one per
// concurrent caller, ~100 MB each). OMP_THREAD_LIMIT=1 is set before the first engine starts.
class OcrPool {
 public:
  static Result<std::unique_ptr<OcrPool>> Create(const OcrOptions& options);
  ~OcrPool();

  // Preprocesses (deskew, background normalization, ruling-line removal, scaling to 300 dpi
  // when the scan is coarser) and recognizes one page image. All boxes come back in the
  // input image's pixel coordinates. Fails closed when Tesseract fails.
  Result<OcrPage> Recognize(PIX* page, int dpi) const;

  // Re-reads one region (low confidence) at a higher scale; returns the words found there.
  Result<std::vector<OcrWord>> RecognizeRegion(PIX* page, int dpi, const image::PixelBox& region) const;

 private:
  OcrPool() = default;
  std::unique_ptr<OcrEngine> Acquire() const;
  void Release(std::unique_ptr<OcrEngine> e) const;
  OcrOptions options_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<OcrEngine>> idle_;
};

}  // namespace redact::ocr
