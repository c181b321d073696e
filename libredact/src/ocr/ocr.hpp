// OCR for the scanned path: Tesseract (LSTM, jpn / jpn_vert) in a pool of engines, one per
// concurrent caller, on preprocessed page images; words and lines with boxes refitted to
// the ink (Tesseract's symbol boxes are unreliable) and confidences.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "image/raster.hpp"
#include "redact/redact.hpp"

namespace redact::ocr {

struct OcrSymbol {
  std::u32string text;  // usually one code point
  image::PixelBox box;  // refitted to the ink inside its word, pixel coordinates of the input;
                        // padded by ~10% of the line's thickness (an estimate must cover)
};

struct OcrWord {
  std::u32string text;
  image::PixelBox box;          // tight on the ink; input image coordinates (before deskew)
  // One per character. Tesseract's own word and symbol boxes are not used for these: the
  // line's text is laid over the line's ink projection (cuts at gaps, sized by advance).
  std::vector<OcrSymbol> symbols;
  float confidence = 0;         // 0-100
  int line = 0;                 // index into OcrPage::lines (RecognizeRegion: into the region's lines)
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
  // What a second reading of this cell alone found (set by the pipeline for cells that may
  // hold a misread label; empty otherwise), marks and spaces left out.
  std::u32string reread;
  // The cell holds ink (a character's worth or more) that OCR laid no character on.
  bool unread_ink = false;
};

struct Underline {
  image::PixelBox box;
  // What a second reading of the printed words before the line found (set by the pipeline
  // when they may be a misread label; empty otherwise), marks and spaces left out.
  std::u32string reread;
};

struct OcrPage {
  int width = 0, height = 0, dpi = 300;
  // What deskewing removed (boxes are mapped back already); positive when the scan's text
  // lines rise to the right (turned counter-clockwise). 0 when under 0.1° or not confident.
  double skew_degrees = 0;
  std::vector<OcrWord> words;
  std::vector<OcrLine> lines;
  std::vector<Cell> cells;  // from the ruling lines found before OCR: interiors, top to bottom
  // Ruling lines that are part of no box (at least an inch long, thin): what a name or a
  // signature is written on.
  std::vector<Underline> underlines;
};

struct OcrOptions {
  std::string tessdata_dir;   // empty: Tesseract's default (Debian: /usr/share/tesseract-ocr/5/tessdata)
  // Also read with jpn_vert the tall, narrow columns of ink that the jpn pass left unread
  // (jpn returns nothing for 縦書き), and vertical regions in RecognizeRegion. Needs
  // jpn_vert.traineddata (Debian: tesseract-ocr-jpn-vert); skipped when it is not installed.
  bool vertical = true;
  int psm = 4;                // PSM 4 reads ruled forms (FIELD_NOTES)
};

class OcrEngine;

// A pool of Tesseract engines: Recognize is thread-safe and reuses an idle engine (one per
// concurrent caller, ~100 MB each, +~100 MB once jpn_vert is needed). Engines start lazily.
// Tesseract's OpenMP is limited to one thread per engine (it made a page 2.6x slower): Create
// sets OMP_THREAD_LIMIT=1 unless the process set it, and, because libgomp reads that only when
// it is loaded, also sets OpenMP's max-active-levels to 0 on each thread that calls Recognize
// or RecognizeRegion (a per-thread setting in GCC 12's libgomp).
// Cost: ~0.9 s per A4 page at 300 dpi on one core (preprocessing ~0.1 s of it).
class OcrPool {
 public:
  // Fails (naming the directory) when jpn.traineddata is missing from tessdata_dir, or from
  // $TESSDATA_PREFIX / the Debian default when tessdata_dir is empty.
  static Result<std::unique_ptr<OcrPool>> Create(const OcrOptions& options);
  ~OcrPool();

  // Preprocesses (gray, scaling to 300 dpi when the scan is under 250 or over 450 dpi,
  // background normalization, deskew, ruling lines found as cells and removed) and recognizes
  // one page image (any depth; `dpi` 0: the image's own resolution, else 300). All boxes come
  // back in the input image's pixel coordinates. One Tesseract pass per page, plus one small
  // jpn_vert pass per vertical column found (at most 24). Fails closed when Tesseract fails.
  // `deadline`: Tesseract's recognition is cancelled past it (checked by its progress monitor
  // between words) and the call fails with "time limit: …".
  Result<OcrPage> Recognize(PIX* page, int dpi,
                            std::chrono::steady_clock::time_point deadline =
                                std::chrono::steady_clock::time_point::max()) const;

  // Re-reads one region (low confidence, a label's value cell) at twice the page's working
  // scale (~600 dpi), without deskew: PSM 7 (one line) when it is at most 0.5 in tall, else
  // PSM 6; a tall narrow region (h > 2.5 w, w <= 0.5 in) with jpn_vert, PSM 5. Returns the
  // words found there, boxes in the input image's coordinates. `deadline` as for Recognize.
  Result<std::vector<OcrWord>> RecognizeRegion(PIX* page, int dpi, const image::PixelBox& region,
                                               std::chrono::steady_clock::time_point deadline =
                                                   std::chrono::steady_clock::time_point::max()) const;

 private:
  OcrPool() = default;
  std::unique_ptr<OcrEngine> Acquire() const;
  void Release(std::unique_ptr<OcrEngine> e) const;
  OcrOptions options_;
  bool user_set_openmp_limit_ = false;  // OMP_THREAD_LIMIT was in the environment: leave it
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<OcrEngine>> idle_;
};

}  // namespace redact::ocr
