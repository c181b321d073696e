// The scanned path's reader: a page image is normalized, deskewed and stripped of its ruling
// lines (Leptonica), read by Tesseract (jpn, LSTM), and every box is refitted to the ink and
// mapped back to the input image's pixels before the detector sees the words.
#include "ocr/ocr.hpp"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "text/utf8.hpp"

namespace redact::ocr {

namespace {

using image::PixelBox;

struct PixFree {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using OwnedPix = std::unique_ptr<PIX, PixFree>;
struct BoxaFree {
  void operator()(BOXA* b) const { boxaDestroy(&b); }
};
struct PixaFree {
  void operator()(PIXA* p) const { pixaDestroy(&p); }
};

constexpr int kWorkDpi = 300;          // Tesseract's jpn model reads best around 300 dpi
constexpr int kUpscaleBelowDpi = 250;  // coarser scans (fax 200 dpi) are scaled up to 300
constexpr int kDownscaleAboveDpi = 450;  // finer ones down: bounded work per page
constexpr double kMinSkewDegrees = 0.1;
constexpr float kMinSkewConfidence = 3.0f;  // Leptonica's own threshold in pixDeskew
constexpr int kInkThreshold = 150;     // on the background-normalized image (background 200)
// Ruling lines, in inches: horizontal lines at least this long are lines whatever touches them;
// vertical ones when they meet a horizontal line (a form's grid), or when twice as long (text
// strokes of large titles are shorter).
constexpr double kHorizontalLineInches = 0.5;
constexpr double kVerticalLineInches = 0.25;
// Cells smaller than this are boxes of check marks or digit boxes' gaps, not regions.
constexpr double kMinCellWidthInches = 0.1;
constexpr double kMinCellHeightInches = 0.08;

int Width(const PixelBox& b) { return b.x1 - b.x0; }
int Height(const PixelBox& b) { return b.y1 - b.y0; }
bool IsEmpty(const PixelBox& b) { return b.x1 <= b.x0 || b.y1 <= b.y0; }
PixelBox Clip(PixelBox b, int w, int h) {
  b.x0 = std::clamp(b.x0, 0, w);
  b.x1 = std::clamp(b.x1, 0, w);
  b.y0 = std::clamp(b.y0, 0, h);
  b.y1 = std::clamp(b.y1, 0, h);
  return b;
}
PixelBox Expand(const PixelBox& b, int d) { return {b.x0 - d, b.y0 - d, b.x1 + d, b.y1 + d}; }
PixelBox Union(const PixelBox& a, const PixelBox& b) {
  if (IsEmpty(a)) return b;
  if (IsEmpty(b)) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// Where a point of the work image (the one Tesseract reads) lies in the input image. The work
// image is the input (or a crop of it at `origin`) scaled by `scale`, padded by `pad`, then
// rotated by `angle` radians (clockwise positive) about (xcen, ycen) by pixRotateAMGray.
struct WorkGeometry {
  int origin_x = 0, origin_y = 0;
  double scale = 1;
  int pad_x = 0, pad_y = 0;
  double angle = 0;
  int xcen = 0, ycen = 0;
  int input_w = 0, input_h = 0;

  void ToInput(double x, double y, double* ix, double* iy) const {
    if (angle != 0) {
      // The source point pixRotateAMGray samples for destination (x, y).
      const double c = std::cos(angle), s = std::sin(angle);
      const double dx = x - xcen, dy = y - ycen;
      x = xcen + dx * c + dy * s;
      y = ycen + dy * c - dx * s;
    }
    *ix = (x - pad_x) / scale + origin_x;
    *iy = (y - pad_y) / scale + origin_y;
  }

  // The input-image box covering a work-image box (rounded outwards: a rotated box's
  // axis-aligned hull), clipped to the input image.
  PixelBox BoxToInput(const PixelBox& b) const {
    const double xs[4] = {double(b.x0), double(b.x1), double(b.x1), double(b.x0)};
    const double ys[4] = {double(b.y0), double(b.y0), double(b.y1), double(b.y1)};
    double lo_x = 1e18, lo_y = 1e18, hi_x = -1e18, hi_y = -1e18;
    for (int k = 0; k < 4; ++k) {
      double ix, iy;
      ToInput(xs[k], ys[k], &ix, &iy);
      lo_x = std::min(lo_x, ix), hi_x = std::max(hi_x, ix);
      lo_y = std::min(lo_y, iy), hi_y = std::max(hi_y, iy);
    }
    // A hair of tolerance so an exact integer edge does not round outwards by a whole pixel.
    PixelBox r{static_cast<int>(std::floor(lo_x + 1e-6)), static_cast<int>(std::floor(lo_y + 1e-6)),
               static_cast<int>(std::ceil(hi_x - 1e-6)), static_cast<int>(std::ceil(hi_y - 1e-6))};
    return Clip(r, input_w, input_h);
  }
};

// The page as Tesseract reads it, and the ink the boxes are refitted to.
struct PreparedPage {
  OwnedPix ocr_image;  // 8 bpp, background normalized, deskewed, ruling lines whitened
  OwnedPix ink;        // 1 bpp foreground of ocr_image (without the ruling lines)
  WorkGeometry geometry;
  int work_dpi = kWorkDpi;
  double skew_degrees = 0;
  std::vector<PixelBox> cells;  // work-image coordinates
};

struct PrepareParams {
  double scale = 1;
  bool deskew = true;
  int border = 0;  // white margin added around the image (regions: Tesseract wants margins)
};

// Raw bit access to a 1 bpp image: the projections below run per word, and Leptonica's own
// helpers print to stderr on empty regions.
class InkView {
 public:
  explicit InkView(PIX* ink)
      : data_(pixGetData(ink)), wpl_(pixGetWpl(ink)), w_(pixGetWidth(ink)), h_(pixGetHeight(ink)) {}
  int width() const { return w_; }
  int height() const { return h_; }
  bool At(int x, int y) const { return GET_DATA_BIT(data_ + static_cast<size_t>(y) * wpl_, x); }

  // Ink counts along one axis of `b` (clipped): per column (horizontal) or per row.
  std::vector<int> Profile(const PixelBox& box, bool along_y) const {
    PixelBox b = Clip(box, w_, h_);
    std::vector<int> p(std::max(0, along_y ? Height(b) : Width(b)), 0);
    for (int y = b.y0; y < b.y1; ++y) {
      const l_uint32* line = data_ + static_cast<size_t>(y) * wpl_;
      for (int x = b.x0; x < b.x1; ++x)
        if (GET_DATA_BIT(line, x)) ++p[along_y ? y - b.y0 : x - b.x0];
    }
    return p;
  }

  // The bounding box of the ink inside `box`; empty when there is none.
  PixelBox InkBounds(const PixelBox& box) const {
    PixelBox b = Clip(box, w_, h_);
    PixelBox r{b.x1, b.y1, b.x0, b.y0};
    for (int y = b.y0; y < b.y1; ++y) {
      const l_uint32* line = data_ + static_cast<size_t>(y) * wpl_;
      for (int x = b.x0; x < b.x1; ++x) {
        if (!GET_DATA_BIT(line, x)) continue;
        r.x0 = std::min(r.x0, x), r.x1 = std::max(r.x1, x + 1);
        r.y0 = std::min(r.y0, y), r.y1 = std::max(r.y1, y + 1);
      }
    }
    if (IsEmpty(r)) return {};
    return r;
  }

 private:
  const l_uint32* data_;
  int wpl_, w_, h_;
};

// Ruling lines of the binarized page: long horizontal runs, and vertical runs that meet them
// (or are long on their own). Returns the mask of both, or null when there are none.
OwnedPix FindRulingLines(PIX* bin, int dpi) {
  const int hlen = std::max(20, static_cast<int>(dpi * kHorizontalLineInches));
  const int vlen = std::max(12, static_cast<int>(dpi * kVerticalLineInches));
  OwnedPix h(pixOpenBrick(nullptr, bin, hlen, 1));
  OwnedPix v(pixOpenBrick(nullptr, bin, 1, vlen));
  if (!h || !v) return nullptr;
  l_int32 hcount = 0, vcount = 0;
  pixCountPixels(h.get(), &hcount, nullptr);
  pixCountPixels(v.get(), &vcount, nullptr);
  if (hcount == 0 && vcount == 0) return nullptr;
  OwnedPix vkeep;
  if (vcount > 0) {
    // Vertical runs touching a (slightly grown) horizontal line are the grid's separators.
    OwnedPix vlong(pixOpenBrick(nullptr, v.get(), 1, 2 * vlen));
    if (hcount > 0) {
      const int reach = std::max(3, dpi / 100) * 2 + 1;
      OwnedPix hgrown(pixDilateBrick(nullptr, h.get(), reach, reach));
      OwnedPix seed(pixAnd(nullptr, v.get(), hgrown.get()));
      vkeep.reset(pixSeedfillBinary(nullptr, seed.get(), v.get(), 8));
      if (vkeep && vlong) pixOr(vkeep.get(), vkeep.get(), vlong.get());
    } else {
      vkeep = std::move(vlong);
    }
  }
  if (vkeep) pixOr(h.get(), h.get(), vkeep.get());
  return h;
}

// Regions enclosed by ruling lines: the connected parts of the background between the lines,
// kept when they are nearly rectangular, of a plausible size, and not the page outside the
// table.
std::vector<PixelBox> FindCells(PIX* lines, int dpi) {
  std::vector<PixelBox> cells;
  const int w = pixGetWidth(lines), h = pixGetHeight(lines);
  // Close the hairline gaps where scanned lines meet.
  OwnedPix closed(pixDilateBrick(nullptr, lines, 3, 3));
  if (!closed) return cells;
  OwnedPix space(pixInvert(nullptr, closed.get()));
  PIXA* pixa_raw = nullptr;
  std::unique_ptr<BOXA, BoxaFree> boxa(pixConnComp(space.get(), &pixa_raw, 4));
  std::unique_ptr<PIXA, PixaFree> pixa(pixa_raw);
  if (!boxa || !pixa) return cells;
  const int min_w = std::max(4, static_cast<int>(dpi * kMinCellWidthInches));
  const int min_h = std::max(4, static_cast<int>(dpi * kMinCellHeightInches));
  const int n = boxaGetCount(boxa.get());
  for (int i = 0; i < n; ++i) {
    l_int32 x, y, bw, bh;
    if (boxaGetBoxGeometry(boxa.get(), i, &x, &y, &bw, &bh) != 0) continue;
    if (x == 0 || y == 0 || x + bw >= w || y + bh >= h) continue;  // the page around the table
    if (bw < min_w || bh < min_h) continue;
    if (static_cast<double>(bw) * bh > 0.5 * w * h) continue;
    PIX* comp = pixaGetPix(pixa.get(), i, L_CLONE);
    l_int32 count = 0;
    pixCountPixels(comp, &count, nullptr);
    pixDestroy(&comp);
    if (count < 0.8 * bw * bh) continue;  // not enclosed on all sides, or a ragged region
    // The dilation above ate one pixel of the interior on each side.
    cells.push_back({x - 1, y - 1, x + bw + 1, y + bh + 1});
  }
  std::sort(cells.begin(), cells.end(), [](const PixelBox& a, const PixelBox& b) {
    return a.y0 != b.y0 ? a.y0 < b.y0 : a.x0 < b.x0;
  });
  return cells;
}

Result<PreparedPage> Prepare(PIX* input, const PixelBox& crop, int dpi, const PrepareParams& params) {
  PreparedPage out;
  WorkGeometry& g = out.geometry;
  g.input_w = pixGetWidth(input);
  g.input_h = pixGetHeight(input);
  g.origin_x = crop.x0;
  g.origin_y = crop.y0;
  g.scale = params.scale;

  OwnedPix gray;
  {
    PIX* src = input;
    OwnedPix cropped;
    if (crop.x0 != 0 || crop.y0 != 0 || crop.x1 != g.input_w || crop.y1 != g.input_h) {
      BOX* b = boxCreate(crop.x0, crop.y0, Width(crop), Height(crop));
      cropped.reset(pixClipRectangle(input, b, nullptr));
      boxDestroy(&b);
      if (!cropped) return Status::Error("OCR: could not crop the region");
      src = cropped.get();
    }
    gray.reset(pixConvertTo8(src, FALSE));
  }
  if (!gray) return Status::Error("OCR: unsupported image depth " + std::to_string(pixGetDepth(input)));
  if (std::abs(params.scale - 1) > 1e-3) {
    gray.reset(pixScale(gray.get(), static_cast<float>(params.scale), static_cast<float>(params.scale)));
    if (!gray) return Status::Error("OCR: scaling the image failed");
  }
  if (params.border > 0) {
    gray.reset(pixAddBorderGeneral(gray.get(), params.border, params.border, params.border,
                                   params.border, 255));
    if (!gray) return Status::Error("OCR: padding the image failed");
    g.pad_x = g.pad_y = params.border;
  }
  out.work_dpi = static_cast<int>(std::lround(dpi * params.scale));

  // Uneven illumination, grey fax backgrounds and yellowed paper all become background 200.
  OwnedPix norm(pixBackgroundNormSimple(gray.get(), nullptr, nullptr));
  int threshold = kInkThreshold;
  if (!norm) {  // too little background to estimate it (a crop full of ink): read it as is
    norm = std::move(gray);
    threshold = 128;
  }
  gray.reset();
  OwnedPix bin(pixThresholdToBinary(norm.get(), threshold));
  if (!bin) return Status::Error("OCR: binarization failed");

  if (params.deskew) {
    l_float32 angle = 0, conf = 0;
    if (pixFindSkew(bin.get(), &angle, &conf) == 0 && conf >= kMinSkewConfidence &&
        std::abs(angle) > kMinSkewDegrees) {
      // Pad first so the rotation loses no corner of the page; pixRotateAMGray turns about the
      // centre of what it is given, which WorkGeometry undoes.
      const double rad = angle * M_PI / 180.0;
      const int w = pixGetWidth(norm.get()), h = pixGetHeight(norm.get());
      const int px = static_cast<int>(std::ceil(h * std::abs(std::sin(rad)) / 2)) + 2;
      const int py = static_cast<int>(std::ceil(w * std::abs(std::sin(rad)) / 2)) + 2;
      OwnedPix padded(pixAddBorderGeneral(norm.get(), px, px, py, py, 255));
      if (!padded) return Status::Error("OCR: padding for deskew failed");
      OwnedPix rotated(pixRotateAMGray(padded.get(), static_cast<float>(rad), 255));
      if (!rotated) return Status::Error("OCR: deskew rotation failed");
      g.pad_x += px;
      g.pad_y += py;
      g.angle = rad;
      g.xcen = pixGetWidth(rotated.get()) / 2;
      g.ycen = pixGetHeight(rotated.get()) / 2;
      out.skew_degrees = angle;
      norm = std::move(rotated);
      bin.reset(pixThresholdToBinary(norm.get(), threshold));
      if (!bin) return Status::Error("OCR: binarization failed");
    }
  }

  // Ruling lines: found, turned into cells, then removed from both images (Tesseract drops
  // whole table cells when their borders are left in).
  OwnedPix erase;
  if (OwnedPix lines = FindRulingLines(bin.get(), out.work_dpi)) {
    out.cells = FindCells(lines.get(), out.work_dpi);
    // With their anti-aliased rims, wider after a rotation's interpolation.
    const int rim = out.geometry.angle != 0 ? 5 : 3;
    erase.reset(pixDilateBrick(nullptr, lines.get(), rim, rim));
    if (!erase) return Status::Error("OCR: ruling-line removal failed");
    pixSubtract(bin.get(), bin.get(), erase.get());
  }
  // Background (200 after normalization) to white, ink kept: what Tesseract's own Otsu sees
  // is then the page's contrast, and erased lines vanish into the background.
  if (threshold == kInkThreshold) pixGammaTRC(norm.get(), norm.get(), 1.0f, 0, 190);
  if (erase) pixSetMasked(norm.get(), erase.get(), 255);
  pixSetResolution(norm.get(), out.work_dpi, out.work_dpi);
  if (const char* d = std::getenv("OCR_DEBUG_DUMP")) { pixWrite((std::string(d) + "_ocr.png").c_str(), norm.get(), IFF_PNG); pixWrite((std::string(d) + "_ink.png").c_str(), bin.get(), IFF_PNG); }  // DEBUG-REMOVE
  out.ocr_image = std::move(norm);
  out.ink = std::move(bin);
  return out;
}

// Relative advance of a character in a line of Japanese print: kanji, kana and full-width
// forms one em; Latin letters and digits about half; narrow punctuation less.
double AdvanceWeight(char32_t c) {
  if (c == U' ') return 0.3;
  if (c < 0x80) {
    switch (c) {
      case U'.': case U',': case U':': case U';': case U'!': case U'|': case U'\'':
      case U'i': case U'l': case U'-': case U'(': case U')': case U'/':
        return 0.35;
      default:
        return 0.55;
    }
  }
  if (c < 0x1100) return 0.55;                  // other Latin, Greek, Cyrillic
  if (c >= 0xFF61 && c <= 0xFFDC) return 0.5;   // half-width katakana
  return 1.0;
}

// Per-character boxes inside a refitted word: the word's ink is cut along the reading axis at
// the gap nearest to where each character boundary would fall from the characters' expected
// advances, and each part is shrunk to its ink. Boxes are padded by ~10% of the line's size.
std::vector<PixelBox> SplitCharacters(const InkView& ink, const PixelBox& word,
                                      const std::u32string& chars, bool vertical) {
  const int n = static_cast<int>(chars.size());
  std::vector<PixelBox> boxes;
  if (n == 0) return boxes;
  const int lo = vertical ? word.y0 : word.x0;
  const int len = vertical ? Height(word) : Width(word);
  const int across = vertical ? Width(word) : Height(word);
  std::vector<int> profile = ink.Profile(word, vertical);
  std::vector<double> weight(n);
  double total = 0;
  for (int i = 0; i < n; ++i) total += (weight[i] = AdvanceWeight(chars[i]));

  std::vector<int> cut(n + 1);
  cut[0] = 0;
  cut[n] = len;
  double cum = 0;
  for (int i = 1; i < n; ++i) {
    cum += weight[i - 1];
    const double ideal = len * cum / total;
    const double window = 0.4 * len * std::min(weight[i - 1], weight[i]) / total;
    const int a = std::max(cut[i - 1] + 1, static_cast<int>(std::floor(ideal - window)));
    const int b = std::min(len - (n - i), static_cast<int>(std::ceil(ideal + window)));
    int best = std::clamp(static_cast<int>(std::lround(ideal)), std::min(a, b), std::max(a, b));
    // Prefer an empty column (the centre of its run), nearest to the ideal; else the column
    // with the least ink.
    double best_score = 1e18;
    for (int k = a; k <= b && k < len; ++k) {
      double score;
      if (profile[k] == 0) {
        int r0 = k, r1 = k;
        while (r0 > 0 && profile[r0 - 1] == 0) --r0;
        while (r1 + 1 < len && profile[r1 + 1] == 0) ++r1;
        score = std::abs((r0 + r1) / 2.0 - ideal) - 0.5 * (r1 - r0 + 1);
      } else {
        score = 1e6 + profile[k] * 1e3 + std::abs(k - ideal);
      }
      if (score < best_score) best_score = score, best = k;
    }
    if (profile.size() > static_cast<size_t>(best) && profile[best] == 0) {
      int r0 = best, r1 = best;
      while (r0 > a && profile[r0 - 1] == 0) --r0;
      while (r1 + 1 <= b && r1 + 1 < len && profile[r1 + 1] == 0) ++r1;
      best = (r0 + r1 + 1) / 2;
    }
    cut[i] = std::clamp(best, cut[i - 1] + 1, std::max(cut[i - 1] + 1, len - (n - i)));
  }

  const int pad = std::max(1, static_cast<int>(std::lround(0.1 * across)));
  for (int i = 0; i < n; ++i) {
    PixelBox slice = word;
    if (vertical) {
      slice.y0 = lo + cut[i], slice.y1 = lo + std::max(cut[i + 1], cut[i] + 1);
    } else {
      slice.x0 = lo + cut[i], slice.x1 = lo + std::max(cut[i + 1], cut[i] + 1);
    }
    PixelBox fit = ink.InkBounds(slice);
    if (IsEmpty(fit)) fit = slice;
    boxes.push_back(Expand(fit, pad));
  }
  return boxes;
}

std::string ResolveTessdata(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') return env;
  return "/usr/share/tesseract-ocr/5/tessdata";
}

bool HasTraineddata(const std::string& dir, const std::string& lang) {
  std::error_code ec;
  const auto p = std::filesystem::path(dir) / (lang + ".traineddata");
  return std::filesystem::is_regular_file(p, ec) && std::filesystem::file_size(p, ec) > 0 && !ec;
}

// libgomp reads OMP_THREAD_LIMIT once, when it is loaded — with libtesseract linked in, that
// is before main, so setenv alone is too late. Setting max-active-levels to 0 makes every
// parallel region inactive (one thread) and works at any time; it is done only when the
// process did not choose a limit itself. Looked up at run time: no link dependency on libgomp.
void LimitOpenMp(bool user_set_limit) {
  if (user_set_limit) return;
  using SetLevels = void (*)(int);
  if (void* f = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels")) reinterpret_cast<SetLevels>(f)(0);
}

}  // namespace

// One Tesseract instance (jpn, and jpn_vert when vertical lines need it), used by one caller
// at a time.
class OcrEngine {
 public:
  Status Start(const std::string& tessdata, tesseract::TessBaseAPI* api, const char* lang) {
    api->SetVariable("debug_file", "/dev/null");  // Tesseract's warnings go to stderr otherwise
    if (api->Init(tessdata.c_str(), lang, tesseract::OEM_LSTM_ONLY) != 0)
      return Status::Error(std::string("OCR: Tesseract could not load ") + lang +
                           ".traineddata from " + tessdata);
    return {};
  }
  Status Ready(const std::string& tessdata) {
    if (jpn_started_) return {};
    Status s = Start(tessdata, &jpn_, "jpn");
    if (s.ok()) jpn_started_ = true;
    return s;
  }
  // The vertical model, loaded on first use; null when it is not installed or fails to load.
  tesseract::TessBaseAPI* Vertical(const std::string& tessdata) {
    if (!vert_tried_) {
      vert_tried_ = true;
      if (HasTraineddata(tessdata, "jpn_vert") && Start(tessdata, &vert_, "jpn_vert").ok())
        vert_started_ = true;
    }
    return vert_started_ ? &vert_ : nullptr;
  }
  tesseract::TessBaseAPI& jpn() { return jpn_; }
  ~OcrEngine() {
    if (jpn_started_) jpn_.End();
    if (vert_started_) vert_.End();
  }

 private:
  tesseract::TessBaseAPI jpn_, vert_;
  bool jpn_started_ = false, vert_tried_ = false, vert_started_ = false;
};

namespace {

// Reads a prepared image with `api` and appends words and lines in input coordinates.
Status ReadPrepared(tesseract::TessBaseAPI* api, int psm, const PreparedPage& prep,
                    std::vector<OcrWord>* words, std::vector<OcrLine>* lines) {
  api->SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
  api->SetImage(prep.ocr_image.get());
  api->SetSourceResolution(prep.work_dpi);
  if (api->Recognize(nullptr) != 0) {
    api->Clear();
    return Status::Error("OCR: Tesseract failed to recognize the image");
  }
  const InkView ink(prep.ink.get());
  const int pad = std::max(2, prep.work_dpi / 100);
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  bool new_line = true;
  int line_index = -1;
  if (it) {
    do {
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) new_line = true;
      if (it->Empty(tesseract::RIL_WORD)) continue;
      std::unique_ptr<char[]> utf8(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!utf8) continue;
      std::u32string text = text::DecodeUtf8(utf8.get());
      std::erase_if(text, [](char32_t c) { return c == U' ' || c == U'\n' || c == U'\t' || c == 0x3000; });
      if (text.empty()) continue;
      int l, t, r, b;
      if (!it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
      tesseract::Orientation orientation;
      tesseract::WritingDirection direction;
      tesseract::TextlineOrder order;
      float deskew;
      it->Orientation(&orientation, &direction, &order, &deskew);

      // Refit to the ink around Tesseract's box.
      const PixelBox tess{l, t, r, b};
      PixelBox fit = ink.InkBounds(Expand(tess, pad));
      if (IsEmpty(fit)) fit = Clip(tess, ink.width(), ink.height());
      if (IsEmpty(fit)) continue;
      const bool vertical = direction == tesseract::WRITING_DIRECTION_TOP_TO_BOTTOM ||
                            (text.size() >= 3 && Height(fit) > 2 * Width(fit));

      if (new_line) {
        lines->push_back({});
        line_index = static_cast<int>(lines->size()) - 1;
        new_line = false;
      }
      OcrWord w;
      w.text = text;
      w.box = prep.geometry.BoxToInput(fit);
      w.confidence = it->Confidence(tesseract::RIL_WORD);
      w.line = line_index;
      w.vertical = vertical;
      const std::vector<PixelBox> parts = SplitCharacters(ink, fit, text, vertical);
      for (size_t k = 0; k < parts.size(); ++k)
        w.symbols.push_back({std::u32string(1, text[k]), prep.geometry.BoxToInput(parts[k])});
      OcrLine& line = (*lines)[line_index];
      line.box = Union(line.box, w.box);
      line.words.push_back(static_cast<int>(words->size()));
      words->push_back(std::move(w));
    } while (it->Next(tesseract::RIL_WORD));
  }
  for (OcrLine& line : *lines) {
    int vertical = 0;
    for (int wi : line.words) vertical += (*words)[wi].vertical ? 1 : 0;
    line.vertical = 2 * vertical > static_cast<int>(line.words.size());
  }
  it.reset();
  api->Clear();
  return {};
}

double PageScale(int dpi) {
  if (dpi < kUpscaleBelowDpi || dpi > kDownscaleAboveDpi) return static_cast<double>(kWorkDpi) / dpi;
  return 1.0;
}

int EffectiveDpi(PIX* page, int dpi) {
  if (dpi > 0) return dpi;
  const int res = pixGetXRes(page);
  return res > 0 ? res : kWorkDpi;
}

}  // namespace

Result<std::unique_ptr<OcrPool>> OcrPool::Create(const OcrOptions& options) {
  OcrOptions resolved = options;
  resolved.tessdata_dir = ResolveTessdata(options.tessdata_dir);
  if (!HasTraineddata(resolved.tessdata_dir, "jpn"))
    return Status::Error("OCR: jpn.traineddata not found in " + resolved.tessdata_dir +
                         " (install tesseract-ocr-jpn or set tessdata_dir)");
  if (options.psm < 0 || options.psm > 13)
    return Status::Error("OCR: page segmentation mode " + std::to_string(options.psm) + " out of range");
  // One thread per engine: Tesseract's OpenMP made one page 2x slower, not faster.
  const bool user_set_limit = std::getenv("OMP_THREAD_LIMIT") != nullptr;
  setenv("OMP_THREAD_LIMIT", "1", 0);
  LimitOpenMp(user_set_limit);
  std::unique_ptr<OcrPool> pool(new OcrPool());
  pool->options_ = std::move(resolved);
  return pool;
}

OcrPool::~OcrPool() = default;

std::unique_ptr<OcrEngine> OcrPool::Acquire() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<OcrEngine> e = std::move(idle_.back());
      idle_.pop_back();
      return e;
    }
  }
  return std::make_unique<OcrEngine>();  // started by the caller, outside the lock
}

void OcrPool::Release(std::unique_ptr<OcrEngine> e) const {
  if (!e) return;
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(e));
}

Result<OcrPage> OcrPool::Recognize(PIX* page, int dpi) const {
  if (page == nullptr || pixGetWidth(page) <= 0 || pixGetHeight(page) <= 0)
    return Status::Error("OCR: no page image");
  dpi = EffectiveDpi(page, dpi);
  OcrPage out;
  out.width = pixGetWidth(page);
  out.height = pixGetHeight(page);
  out.dpi = dpi;

  PrepareParams params;
  params.scale = PageScale(dpi);
  params.deskew = true;
  Result<PreparedPage> prep = Prepare(page, {0, 0, out.width, out.height}, dpi, params);
  if (!prep.ok()) return prep.status();
  out.skew_degrees = prep->skew_degrees;
  for (const PixelBox& c : prep->cells) {
    PixelBox b = prep->geometry.BoxToInput(c);
    if (!IsEmpty(b)) out.cells.push_back({b});
  }

  std::unique_ptr<OcrEngine> engine = Acquire();
  Status s = engine->Ready(options_.tessdata_dir);
  if (s.ok()) s = ReadPrepared(&engine->jpn(), options_.psm, *prep, &out.words, &out.lines);
  Release(std::move(engine));
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<OcrWord>> OcrPool::RecognizeRegion(PIX* page, int dpi, const PixelBox& region) const {
  if (page == nullptr) return Status::Error("OCR: no page image");
  dpi = EffectiveDpi(page, dpi);
  const PixelBox crop = Clip(region, pixGetWidth(page), pixGetHeight(page));
  if (IsEmpty(crop)) return Status::Error("OCR: region lies outside the image");
  std::vector<OcrWord> words;
  if (Width(crop) < 4 || Height(crop) < 4) return words;

  // Twice the page's working resolution (~600 dpi): small print and digits read better.
  PrepareParams params;
  params.scale = 2 * PageScale(dpi);
  params.deskew = false;  // too little text in a region to measure skew
  params.border = static_cast<int>(dpi * params.scale * 0.1);
  Result<PreparedPage> prep = Prepare(page, crop, dpi, params);
  if (!prep.ok()) return prep.status();

  const double w_in = static_cast<double>(Width(crop)) / dpi, h_in = static_cast<double>(Height(crop)) / dpi;
  const bool tall = h_in > 2.5 * w_in && w_in <= 0.5;
  std::unique_ptr<OcrEngine> engine = Acquire();
  Status s = engine->Ready(options_.tessdata_dir);
  std::vector<OcrLine> lines;
  if (s.ok()) {
    tesseract::TessBaseAPI* vert = tall && options_.vertical ? engine->Vertical(options_.tessdata_dir) : nullptr;
    if (vert != nullptr) {
      s = ReadPrepared(vert, tesseract::PSM_SINGLE_BLOCK_VERT_TEXT, *prep, &words, &lines);
    } else {
      const int psm = h_in <= 0.5 ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SINGLE_BLOCK;
      s = ReadPrepared(&engine->jpn(), psm, *prep, &words, &lines);
    }
  }
  Release(std::move(engine));
  if (!s.ok()) return s;
  for (OcrWord& w : words) w.line = 0;  // lines of a region have no index on the page
  return words;
}

}  // namespace redact::ocr
