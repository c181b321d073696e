// The scanned path's reader: a page image is normalized, deskewed and stripped of its ruling
// lines (Leptonica), read by Tesseract (jpn, LSTM), and every box is refitted to the ink and
// mapped back to the input image's pixels before the detector sees the words.
#include "ocr/ocr.hpp"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ocr/align.hpp"
#include "text/utf8.hpp"

namespace redact::ocr {

namespace {

using image::IsEmpty;
using image::PixelBox;
using image::Union;

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

constexpr int kWorkDpi = 300;            // Tesseract's jpn model reads best around 300 dpi
constexpr int kUpscaleBelowDpi = 250;    // coarser scans (fax 200 dpi) are scaled up to 300
constexpr int kDownscaleAboveDpi = 450;  // finer ones down: bounded work per page
// Bounds the work image whatever the declared resolution says (a bogus 10 dpi would scale an
// A4 scan by 30): at most 4x, and at most ~A3 at 300 dpi of pixels.
constexpr double kMaxScale = 4.0;
constexpr double kMaxWorkPixels = 36e6;
constexpr double kMinSkewDegrees = 0.1;
constexpr float kMinSkewConfidence = 3.0f;  // Leptonica's own threshold in pixDeskew
constexpr int kInkThreshold = 150;          // on the background-normalized image (background 200)
// Ruling lines, in inches: horizontal lines at least this long are lines whatever touches them;
// vertical ones when they meet a horizontal line (a form's grid), or when twice as long (text
// strokes of large titles are shorter).
constexpr double kHorizontalLineInches = 0.5;
constexpr double kVerticalLineInches = 0.25;
// Enclosed regions smaller than this are slivers where lines meet or double, not cells (a
// My Number digit box, ~0.25 in, is a cell).
constexpr double kMinCellWidthInches = 0.1;
constexpr double kMinCellHeightInches = 0.08;

int Width(const PixelBox& b) { return b.x1 - b.x0; }
int Height(const PixelBox& b) { return b.y1 - b.y0; }
PixelBox Clip(PixelBox b, int w, int h) {
  b.x0 = std::clamp(b.x0, 0, w);
  b.x1 = std::clamp(b.x1, 0, w);
  b.y0 = std::clamp(b.y0, 0, h);
  b.y1 = std::clamp(b.y1, 0, h);
  return b;
}
PixelBox Expand(const PixelBox& b, int d) { return {b.x0 - d, b.y0 - d, b.x1 + d, b.y1 + d}; }

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
  std::vector<PixelBox> underlines;  // work-image coordinates
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
  // Composite bricks: the same result as pixOpenBrick, several times faster at these lengths.
  OwnedPix h(pixOpenCompBrick(nullptr, bin, hlen, 1));
  OwnedPix v(pixOpenCompBrick(nullptr, bin, 1, vlen));
  if (!h || !v) return nullptr;
  l_int32 hcount = 0, vcount = 0;
  pixCountPixels(h.get(), &hcount, nullptr);
  pixCountPixels(v.get(), &vcount, nullptr);
  if (hcount == 0 && vcount == 0) return nullptr;
  OwnedPix vkeep;
  if (vcount > 0) {
    // Vertical runs touching a (slightly grown) horizontal line are the grid's separators.
    OwnedPix vlong(pixOpenCompBrick(nullptr, v.get(), 1, 2 * vlen));
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

// Ruling lines that stand alone — long, thin and part of no box: the line a name or signature
// is written on ("申請者署名 ______").
std::vector<PixelBox> FindUnderlines(PIX* lines, int dpi) {
  std::vector<PixelBox> out;
  std::unique_ptr<BOXA, BoxaFree> boxa(pixConnComp(lines, nullptr, 8));
  if (!boxa) return out;
  for (int i = 0; i < boxaGetCount(boxa.get()); ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa.get(), i, &x, &y, &w, &h) != 0) continue;
    if (w >= dpi && h <= std::max(4, dpi / 25)) out.push_back({x, y, x + w, y + h});
  }
  return out;
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

// A Leptonica call that returned nothing: out of memory (errno, cleared before the call) is
// said as such, so a file over --max-memory-mb or the process's limit reports why it failed.
Status LeptonicaFailed(const char* what) {
  if (errno == ENOMEM) return Status::Error(std::string("out of memory: OCR ") + what);
  return Status::Error(std::string("OCR: ") + what + " failed");
}

Result<PreparedPage> Prepare(PIX* input, const PixelBox& crop, int dpi,
                             const PrepareParams& params) {
  errno = 0;  // LeptonicaFailed reads it
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
  if (!gray)
    return Status::Error("OCR: unsupported image depth " + std::to_string(pixGetDepth(input)));
  if (std::abs(params.scale - 1) > 1e-3) {
    gray.reset(
        pixScale(gray.get(), static_cast<float>(params.scale), static_cast<float>(params.scale)));
    if (!gray) return LeptonicaFailed("scaling the image");
  }
  if (params.border > 0) {
    gray.reset(pixAddBorderGeneral(gray.get(), params.border, params.border, params.border,
                                   params.border, 255));
    if (!gray) return LeptonicaFailed("padding the image");
    g.pad_x = g.pad_y = params.border;
  }
  out.work_dpi = static_cast<int>(std::lround(dpi * params.scale));

  // Uneven illumination, grey fax backgrounds and yellowed paper all become background 200.
  // A mostly dark image has no background to estimate (and Leptonica would say so on stderr).
  l_float32 mean = 255;
  pixGetAverageMasked(gray.get(), nullptr, 0, 0, 4, L_MEAN_ABSVAL, &mean);
  OwnedPix norm(mean >= 110 ? pixBackgroundNormSimple(gray.get(), nullptr, nullptr) : nullptr);
  int threshold = kInkThreshold;
  if (!norm) {  // read it as it is
    norm = std::move(gray);
    threshold = 128;
  }
  gray.reset();
  OwnedPix bin(pixThresholdToBinary(norm.get(), threshold));
  if (!bin) return LeptonicaFailed("binarization");

  // Skew is measured on pages of some size with some ink, not on slivers or solid black.
  bool measure_skew = params.deskew && pixGetWidth(bin.get()) >= kWorkDpi &&
                      pixGetHeight(bin.get()) >= 2 * kWorkDpi / 3;
  if (measure_skew) {
    l_int32 ink = 0;
    pixCountPixels(bin.get(), &ink, nullptr);
    const double area = static_cast<double>(pixGetWidth(bin.get())) * pixGetHeight(bin.get());
    measure_skew = ink > 0 && ink < 0.5 * area;
  }
  if (measure_skew) {
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
      if (!padded) return LeptonicaFailed("padding for deskew");
      OwnedPix rotated(pixRotateAMGray(padded.get(), static_cast<float>(rad), 255));
      if (!rotated) return LeptonicaFailed("deskew rotation");
      g.pad_x += px;
      g.pad_y += py;
      g.angle = rad;
      g.xcen = pixGetWidth(rotated.get()) / 2;
      g.ycen = pixGetHeight(rotated.get()) / 2;
      out.skew_degrees = angle;
      norm = std::move(rotated);
      bin.reset(pixThresholdToBinary(norm.get(), threshold));
      if (!bin) return LeptonicaFailed("binarization");
    }
  }

  // Fax and scanner specks (isolated dots of at most 1/100 in) go from both images: upscaled,
  // they read as punctuation and break lines apart. Real dots (periods, dakuten) are larger.
  const int speck = std::max(2, out.work_dpi / 100);
  OwnedPix specks(
      pixSelectBySize(bin.get(), speck, speck, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LTE, nullptr));
  if (specks) pixSubtract(bin.get(), bin.get(), specks.get());

  // Ruling lines: found, turned into cells, then removed from both images (Tesseract drops
  // whole table cells when their borders are left in).
  OwnedPix erase;
  if (OwnedPix lines = FindRulingLines(bin.get(), out.work_dpi)) {
    out.cells = FindCells(lines.get(), out.work_dpi);
    out.underlines = FindUnderlines(lines.get(), out.work_dpi);
    // With their anti-aliased rims, wider after a rotation's interpolation.
    const int rim = out.geometry.angle != 0 ? 5 : 3;
    erase.reset(pixDilateBrick(nullptr, lines.get(), rim, rim));
    if (!erase) return LeptonicaFailed("ruling-line removal");
    pixSubtract(bin.get(), bin.get(), erase.get());
  }
  // Background (200 after normalization) to white, ink kept: what Tesseract's own Otsu sees
  // is then the page's contrast, and erased lines vanish into the background.
  if (threshold == kInkThreshold) pixGammaTRC(norm.get(), norm.get(), 1.0f, 0, 190);
  if (erase) pixSetMasked(norm.get(), erase.get(), 255);
  if (specks) {
    OwnedPix halo(pixDilateBrick(nullptr, specks.get(), 3, 3));
    if (halo) pixSetMasked(norm.get(), halo.get(), 255);
  }
  pixSetResolution(norm.get(), out.work_dpi, out.work_dpi);
  out.ocr_image = std::move(norm);
  out.ink = std::move(bin);
  return out;
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
// parallel region inactive (one thread) and works at any time, but since GCC 12's libgomp
// (OpenMP 5.1) it is a per-thread setting: it must be made on every thread that runs
// Tesseract, not once. Measured before this was per thread: a `redact serve` worker thread's
// one-page scan took 6 CPU-seconds (1.4 s its own, the rest OpenMP threads spinning) against
// 1.1 s for the same page on the main thread. Done only when the process did not choose a
// limit itself. Looked up at run time: no link dependency on libgomp.
void LimitOpenMpOnThisThread(bool user_set_limit) {
  thread_local bool done = false;
  if (user_set_limit || done) return;
  done = true;
  using SetLevels = void (*)(int);
  static void* const f = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
  if (f != nullptr) reinterpret_cast<SetLevels>(f)(0);
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

// What Tesseract said about one line, before refitting.
struct TessWord {
  std::u32string text;
  PixelBox box;
  float confidence = 0;
  bool top_to_bottom = false;
};
struct TessLine {
  PixelBox box;
  std::vector<TessWord> words;
};

std::vector<TessLine> CollectLines(tesseract::ResultIterator* it) {
  std::vector<TessLine> lines;
  bool new_line = true;
  do {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) new_line = true;
    if (it->Empty(tesseract::RIL_WORD)) continue;
    std::unique_ptr<char[]> utf8(it->GetUTF8Text(tesseract::RIL_WORD));
    if (!utf8) continue;
    TessWord w;
    w.text = text::DecodeUtf8(utf8.get());
    std::erase_if(w.text,
                  [](char32_t c) { return c == U' ' || c == U'\n' || c == U'\t' || c == 0x3000; });
    if (w.text.empty()) continue;
    // A lone mark read with almost no confidence is usually a speck or a stroke's end; kept,
    // it takes a character's place when the line's text is laid over the ink and shifts every
    // character after it by one.
    if (it->Confidence(tesseract::RIL_WORD) < 20 &&
        std::all_of(w.text.begin(), w.text.end(), [](char32_t c) {
          return std::u32string_view(U"。、・.,:;'`\"“”‘’_-ー〜~|").find(c) != std::u32string_view::npos;
        }))
      continue;
    if (!it->BoundingBox(tesseract::RIL_WORD, &w.box.x0, &w.box.y0, &w.box.x1, &w.box.y1)) continue;
    w.confidence = it->Confidence(tesseract::RIL_WORD);
    tesseract::Orientation orientation;
    tesseract::WritingDirection direction;
    tesseract::TextlineOrder order;
    float deskew;
    it->Orientation(&orientation, &direction, &order, &deskew);
    w.top_to_bottom = direction == tesseract::WRITING_DIRECTION_TOP_TO_BOTTOM;
    if (new_line) {
      lines.push_back({});
      if (!it->BoundingBox(tesseract::RIL_TEXTLINE, &lines.back().box.x0, &lines.back().box.y0,
                           &lines.back().box.x1, &lines.back().box.y1))
        lines.back().box = w.box;
      new_line = false;
    }
    lines.back().box = Union(lines.back().box, w.box);
    lines.back().words.push_back(std::move(w));
  } while (it->Next(tesseract::RIL_WORD));
  return lines;
}

// Where a horizontal line of text passes from one form cell into the next: the cells' sides
// (ruling lines, removed before OCR) strictly inside the line's ink, left to right. Sides
// closer than a twentieth of an inch are one wall (the two sides of one ruling line).
std::vector<int> CellWalls(const std::vector<PixelBox>& cells, const PixelBox& line_ink, int dpi) {
  const int cy = (line_ink.y0 + line_ink.y1) / 2;
  std::vector<int> sides;
  for (const PixelBox& c : cells) {
    if (cy < c.y0 || cy >= c.y1) continue;
    for (int x : {c.x0, c.x1})
      if (x > line_ink.x0 && x < line_ink.x1) sides.push_back(x);
  }
  std::sort(sides.begin(), sides.end());
  std::vector<int> walls;
  const int close = std::max(2, dpi / 20);
  for (size_t i = 0; i < sides.size();) {
    size_t j = i;
    while (j + 1 < sides.size() && sides[j + 1] - sides[i] <= close) ++j;
    walls.push_back((sides[i] + sides[j]) / 2);
    i = j + 1;
  }
  return walls;
}

// Refits one line's words and characters to the ink and appends them in input coordinates.
// Returns the line's ink box in work-image coordinates (empty when it has no ink).
PixelBox AppendLine(const TessLine& tl, const PreparedPage& prep, const InkView& ink,
                    bool force_vertical, std::vector<OcrWord>* words, std::vector<OcrLine>* lines) {
  const WorkGeometry& geo = prep.geometry;
  std::u32string chars;
  std::vector<int> word_of;
  int ttb = 0;
  for (size_t wi = 0; wi < tl.words.size(); ++wi) {
    chars += tl.words[wi].text;
    word_of.insert(word_of.end(), tl.words[wi].text.size(), static_cast<int>(wi));
    ttb += tl.words[wi].top_to_bottom ? 1 : 0;
  }
  const int pad = std::max(2, prep.work_dpi / 100);
  PixelBox line_ink = ink.InkBounds(Expand(tl.box, pad));
  if (IsEmpty(line_ink)) line_ink = Clip(tl.box, ink.width(), ink.height());
  if (IsEmpty(line_ink)) return {};
  const bool vertical = force_vertical || 2 * ttb > static_cast<int>(tl.words.size()) ||
                        (chars.size() >= 2 && Height(line_ink) > 2 * Width(line_ink));

  // The line's thickness sets the em. Specks above or below the text (a fax's dirt) are
  // not part of it: rows (columns, down a column) at the ends with next to no ink are cut.
  std::vector<int> walls;
  if (!vertical)
    for (int x : CellWalls(prep.cells, line_ink, prep.work_dpi)) walls.push_back(x - line_ink.x0);
  const int across = LineThickness(ink.Profile(line_ink, !vertical), !walls.empty());
  std::vector<LineWord> line_words;
  for (const TessWord& tw : tl.words)
    line_words.push_back({tw.text, tw.confidence, tw.box.x0 - line_ink.x0, tw.box.x1 - line_ink.x0});
  const std::vector<Span> spans =
      LayLineOverInk(ink.Profile(line_ink, vertical), line_words, walls, across, vertical);
  // Symbols are padded by a tenth of the line's thickness: OCR'd glyph boxes are estimates,
  // and what is burnt must cover the whole glyph.
  const int symbol_pad = std::max(1, static_cast<int>(std::lround(0.1 * across)));

  const int line_index = static_cast<int>(lines->size());
  OcrLine line;
  line.box = geo.BoxToInput(line_ink);
  line.vertical = vertical;
  std::vector<OcrWord> out(tl.words.size());
  std::vector<PixelBox> word_ink(tl.words.size());
  for (size_t k = 0; k < chars.size(); ++k) {
    PixelBox slice = line_ink;
    const int base = vertical ? line_ink.y0 : line_ink.x0;
    (vertical ? slice.y0 : slice.x0) = base + spans[k].lo;
    (vertical ? slice.y1 : slice.x1) = base + spans[k].hi;
    PixelBox fit = ink.InkBounds(slice);
    if (IsEmpty(fit)) fit = slice;
    const int wi = word_of[k];
    word_ink[wi] = Union(word_ink[wi], fit);
    out[wi].symbols.push_back(
        {std::u32string(1, chars[k]), geo.BoxToInput(Expand(fit, symbol_pad))});
  }
  for (size_t wi = 0; wi < tl.words.size(); ++wi) {
    OcrWord& w = out[wi];
    w.text = tl.words[wi].text;
    w.box = geo.BoxToInput(word_ink[wi]);
    w.confidence = tl.words[wi].confidence;
    w.line = line_index;
    w.vertical = vertical;
    line.words.push_back(static_cast<int>(words->size()));
    words->push_back(std::move(w));
  }
  lines->push_back(std::move(line));
  return line_ink;
}

struct ReadRequest {
  int psm = tesseract::PSM_SINGLE_COLUMN;
  const PixelBox* rect = nullptr;  // only this part of the prepared image
  bool vertical = false;           // jpn_vert on a column: every line is vertical
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Tesseract's progress monitor calls this between words; true cancels the recognition.
bool PastDeadline(void* deadline, int /*words*/) {
  return std::chrono::steady_clock::now() >
         *static_cast<const std::chrono::steady_clock::time_point*>(deadline);
}

const char kTimeLimit[] = "time limit: the file took longer than allowed (OCR stopped)";

// Reads a prepared image with `api` and appends words and lines in input coordinates; `read`
// collects the lines' ink boxes in work-image coordinates.
Status ReadPrepared(tesseract::TessBaseAPI* api, const ReadRequest& req, const PreparedPage& prep,
                    std::vector<OcrWord>* words, std::vector<OcrLine>* lines,
                    std::vector<PixelBox>* read = nullptr) {
  api->SetPageSegMode(static_cast<tesseract::PageSegMode>(req.psm));
  api->SetImage(prep.ocr_image.get());
  api->SetSourceResolution(prep.work_dpi);
  if (req.rect != nullptr)
    api->SetRectangle(req.rect->x0, req.rect->y0, Width(*req.rect), Height(*req.rect));
  if (std::chrono::steady_clock::now() > req.deadline) {
    api->Clear();
    return Status::Error(kTimeLimit);
  }
  tesseract::ETEXT_DESC monitor;
  auto deadline = req.deadline;
  monitor.cancel = &PastDeadline;
  monitor.cancel_this = &deadline;
  const int failed = api->Recognize(&monitor);
  // A cancelled recognition may still return 0 with the words read so far: never use those.
  if (std::chrono::steady_clock::now() > req.deadline) {
    api->Clear();
    return Status::Error(kTimeLimit);
  }
  if (failed != 0) {
    api->Clear();
    return Status::Error("OCR: Tesseract failed to recognize the image");
  }
  std::vector<TessLine> tess_lines;
  if (std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator()); it)
    tess_lines = CollectLines(it.get());
  api->Clear();
  const InkView ink(prep.ink.get());
  for (const TessLine& tl : tess_lines) {
    const std::size_t first = words->size();
    const PixelBox b = AppendLine(tl, prep, ink, req.vertical, words, lines);
    std::size_t chars = 0;
    for (std::size_t k = first; k < words->size(); ++k) chars += (*words)[k].text.size();
    // A line of one character may be a piece of a vertical column in large type (谷 of an
    // addressee's 谷口 正男 様): its ink stays for FindVerticalColumns.
    if (read != nullptr && !IsEmpty(b) && chars >= 2) read->push_back(b);
  }
  return {};
}

// In vertical text, a one-character word whose ink lies (80% or more of its box) inside another
// vertical word read at least as confidently is a second reading of that ink — jpn_vert reads
// the left stroke of 八 once more as "/" — and it breaks the text it sits in ("八/番" is no
// block number). The ink stays inside the other word, so it is still burnt with it. Lines keep
// their other words; indices are rebuilt. Likewise a one-character horizontal word inside a
// vertical word: jpn read one character of a column in large type the wrong way. Horizontal
// text among itself is left alone: there, dropping a low-confidence "-" inside a handwritten
// word changed how a form's rows were read and lost an address (fax_kaiji_04).
void DropContainedFragments(std::vector<OcrWord>* words, std::vector<OcrLine>* lines) {
  const int n = static_cast<int>(words->size());
  std::vector<bool> drop(n, false);
  for (int i = 0; i < n; ++i) {
    const OcrWord& w = (*words)[i];
    if (w.text.size() != 1) continue;
    const long area = static_cast<long>(Width(w.box)) * Height(w.box);
    if (area <= 0) continue;
    for (int j = 0; j < n; ++j) {
      const OcrWord& o = (*words)[j];
      if (j == i || drop[j]) continue;
      // In vertical text, a more confident vertical reading; a lone horizontal character
      // inside a vertical word is the column's character read the wrong way (谷 of 谷口).
      if (w.vertical ? (!o.vertical || o.confidence < w.confidence) : !o.vertical) continue;
      const int ix = std::min(w.box.x1, o.box.x1) - std::max(w.box.x0, o.box.x0);
      const int iy = std::min(w.box.y1, o.box.y1) - std::max(w.box.y0, o.box.y0);
      if (ix > 0 && iy > 0 && 5L * ix * iy >= 4 * area) {
        drop[i] = true;
        break;
      }
    }
  }
  if (std::find(drop.begin(), drop.end(), true) == drop.end()) return;
  std::vector<int> renumber(n, -1);
  std::vector<OcrWord> kept;
  for (int i = 0; i < n; ++i)
    if (!drop[i]) {
      renumber[i] = static_cast<int>(kept.size());
      kept.push_back(std::move((*words)[i]));
    }
  *words = std::move(kept);
  for (OcrLine& l : *lines) {
    std::vector<int> ws;
    for (int k : l.words)
      if (k >= 0 && k < n && renumber[k] >= 0) ws.push_back(renumber[k]);
    l.words = std::move(ws);
  }
}

// The page's ink outside the lines read (`read`, each padded by `pad`); null when there is
// none.
OwnedPix InkNotRead(const PreparedPage& prep, const std::vector<PixelBox>& read, int pad) {
  OwnedPix rest(pixCopy(nullptr, prep.ink.get()));
  if (!rest) return rest;
  for (const PixelBox& b : read) {
    BOX* box = boxCreate(b.x0 - pad, b.y0 - pad, Width(b) + 2 * pad, Height(b) + 2 * pad);
    pixClearInRect(rest.get(), box);
    boxDestroy(&box);
  }
  l_int32 count = 0;
  pixCountPixels(rest.get(), &count, nullptr);
  if (count == 0) rest.reset();
  return rest;
}

// Vertical text the horizontal pass did not read: jpn reads no 縦書き column at all (it
// returns nothing for it). The ink outside every line read, merged along y, is kept where it
// forms tall, narrow columns of text size; those columns go to jpn_vert. Bounded: at most
// kMaxColumns per page.
constexpr int kMaxColumns = 24;
std::vector<PixelBox> FindVerticalColumns(const PreparedPage& prep,
                                          const std::vector<PixelBox>& read) {
  std::vector<PixelBox> columns;
  const int dpi = prep.work_dpi;
  const int pad = std::max(2, dpi / 100);
  OwnedPix rest = InkNotRead(prep, read, pad);
  if (!rest) return columns;
  // Characters of a column are closer than a sixth of an inch vertically (large type, as in
  // an addressee's name, leaves wider gaps than a tenth); the parts of one character closer
  // than a twentieth horizontally.
  OwnedPix merged(
      pixCloseSafeBrick(nullptr, rest.get(), std::max(3, dpi / 20), std::max(5, dpi / 3)));
  if (!merged) return columns;
  std::unique_ptr<BOXA, BoxaFree> boxa(pixConnComp(merged.get(), nullptr, 8));
  if (!boxa) return columns;
  const int n = boxaGetCount(boxa.get());
  for (int i = 0; i < n && static_cast<int>(columns.size()) < kMaxColumns; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa.get(), i, &x, &y, &w, &h) != 0) continue;
    if (w < dpi * 0.06 || w > dpi * 0.6 || h < dpi * 0.3 || h < 2.5 * w) continue;
    // Margins for Tesseract, clipped to the image.
    const int margin = std::max(pad, w / 4);
    columns.push_back(Clip({x - margin, y - margin, x + w + margin, y + h + margin},
                           pixGetWidth(prep.ink.get()), pixGetHeight(prep.ink.get())));
  }
  return columns;
}

// Horizontal text the page pass left out: Tesseract's layout analysis now and then drops a
// whole line (a handwritten 連絡は090-…まで set apart below the print). The ink outside every
// line read, merged along x, is kept where it forms a flat run of text height at least an
// inch long; each such line is read once more on its own (PSM_SINGLE_LINE). Bounded: at most
// kMaxUnreadLines per page.
constexpr int kMaxUnreadLines = 6;
std::vector<PixelBox> FindUnreadLines(const PreparedPage& prep, const std::vector<PixelBox>& read) {
  std::vector<PixelBox> lines;
  const int dpi = prep.work_dpi;
  const int pad = std::max(2, dpi / 100);
  OwnedPix rest = InkNotRead(prep, read, pad);
  if (!rest) return lines;
  // Characters of a line are closer than a sixth of an inch; the parts of one character
  // closer than a twentieth vertically.
  OwnedPix merged(pixCloseSafeBrick(nullptr, rest.get(), std::max(5, dpi / 6), std::max(3, dpi / 20)));
  if (!merged) return lines;
  std::unique_ptr<BOXA, BoxaFree> boxa(pixConnComp(merged.get(), nullptr, 8));
  if (!boxa) return lines;
  const int n = boxaGetCount(boxa.get());
  for (int i = 0; i < n && static_cast<int>(lines.size()) < kMaxUnreadLines; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa.get(), i, &x, &y, &w, &h) != 0) continue;
    if (h < dpi * 0.08 || h > dpi * 0.5 || w < dpi || w < 4 * h) continue;
    // Text, not a rule or a smear: a fifth to two thirds of the run's box is ink.
    BOX* box = boxCreate(x, y, w, h);
    l_int32 ink = 0;
    pixCountPixelsInRect(rest.get(), box, &ink, nullptr);
    boxDestroy(&box);
    const double fill = static_cast<double>(ink) / (static_cast<double>(w) * h);
    if (fill < 0.08 || fill > 0.66) continue;
    const int margin = std::max(pad, h / 4);
    lines.push_back(Clip({x - margin, y - margin, x + w + margin, y + h + margin},
                         pixGetWidth(prep.ink.get()), pixGetHeight(prep.ink.get())));
  }
  return lines;
}

// Confidence of words[from..] per character (0 when they hold none).
double MeanConfidence(const std::vector<OcrWord>& words, std::size_t from) {
  double sum = 0, chars = 0;
  for (std::size_t w = from; w < words.size(); ++w) {
    sum += words[w].confidence * words[w].text.size();
    chars += words[w].text.size();
  }
  return chars > 0 ? sum / chars : 0.0;
}

double PageScale(int dpi) {
  if (dpi < kUpscaleBelowDpi || dpi > kDownscaleAboveDpi)
    return static_cast<double>(kWorkDpi) / dpi;
  return 1.0;
}

double BoundedScale(double scale, const PixelBox& area) {
  scale = std::min(scale, kMaxScale);
  const double pixels = static_cast<double>(Width(area)) * Height(area) * scale * scale;
  if (pixels > kMaxWorkPixels) scale *= std::sqrt(kMaxWorkPixels / pixels);
  return scale;
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
    return Status::Error("OCR: page segmentation mode " + std::to_string(options.psm) +
                         " out of range");
  // One thread per engine: with Tesseract's OpenMP on, an A4 page took 2.3 s instead of 0.9 s
  // (2 cores), and concurrent engines would fight over the cores.
  const bool user_set_limit = std::getenv("OMP_THREAD_LIMIT") != nullptr;
  setenv("OMP_THREAD_LIMIT", "1", 0);
  std::unique_ptr<OcrPool> pool(new OcrPool());
  pool->user_set_openmp_limit_ = user_set_limit;
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

Result<OcrPage> OcrPool::Recognize(PIX* page, int dpi,
                                   std::chrono::steady_clock::time_point deadline) const {
  if (page == nullptr || pixGetWidth(page) <= 0 || pixGetHeight(page) <= 0)
    return Status::Error("OCR: no page image");
  LimitOpenMpOnThisThread(user_set_openmp_limit_);
  dpi = EffectiveDpi(page, dpi);
  OcrPage out;
  out.width = pixGetWidth(page);
  out.height = pixGetHeight(page);
  out.dpi = dpi;

  PrepareParams params;
  const PixelBox whole{0, 0, out.width, out.height};
  params.scale = BoundedScale(PageScale(dpi), whole);
  params.deskew = true;
  Result<PreparedPage> prep = Prepare(page, whole, dpi, params);
  if (!prep.ok()) return prep.status();
  out.skew_degrees = prep->skew_degrees;
  std::vector<PixelBox> cells_work;  // out.cells in work-image coordinates
  for (const PixelBox& c : prep->cells) {
    PixelBox b = prep->geometry.BoxToInput(c);
    if (!IsEmpty(b)) out.cells.push_back({b, {}}), cells_work.push_back(c);
  }
  for (const PixelBox& u : prep->underlines) {
    PixelBox b = prep->geometry.BoxToInput(u);
    if (!IsEmpty(b)) out.underlines.push_back({b, {}});
  }

  std::unique_ptr<OcrEngine> engine = Acquire();
  Status s = engine->Ready(options_.tessdata_dir);
  std::vector<PixelBox> read;
  if (s.ok()) {
    ReadRequest req;
    req.psm = options_.psm;
    req.deadline = deadline;
    s = ReadPrepared(&engine->jpn(), req, *prep, &out.words, &out.lines, &read);
  }
  if (s.ok()) {
    for (const PixelBox& line : FindUnreadLines(*prep, read)) {
      ReadRequest req;
      req.psm = tesseract::PSM_SINGLE_LINE;
      req.rect = &line;
      req.deadline = deadline;
      s = ReadPrepared(&engine->jpn(), req, *prep, &out.words, &out.lines, &read);
      if (!s.ok()) break;
    }
  }
  if (s.ok() && options_.vertical) {
    const std::vector<PixelBox> columns = FindVerticalColumns(*prep, read);
    tesseract::TessBaseAPI* vert =
        columns.empty() ? nullptr : engine->Vertical(options_.tessdata_dir);
    for (size_t k = 0; vert != nullptr && k < columns.size() && s.ok(); ++k) {
      ReadRequest req;
      req.psm = tesseract::PSM_SINGLE_BLOCK_VERT_TEXT;
      req.rect = &columns[k];
      req.vertical = true;
      req.deadline = deadline;
      const std::size_t words_before = out.words.size(), lines_before = out.lines.size();
      s = ReadPrepared(vert, req, *prep, &out.words, &out.lines);
      // Large type (an addressee's 石川弘 様 in a letter, glyphs of a quarter inch) reads
      // poorly at 300 dpi: a column read with doubt and wider than a sixth of an inch is read
      // once more at half the scale, and that reading kept when OCR is surer of it.
      if (!s.ok() || Width(columns[k]) < prep->work_dpi / 6) continue;
      const double first = MeanConfidence(out.words, words_before);
      if (first >= 75) continue;
      PrepareParams small;
      small.scale = 0.5 * params.scale;
      small.deskew = false;
      small.border = static_cast<int>(dpi * small.scale * 0.1);
      const PixelBox crop = Clip(prep->geometry.BoxToInput(columns[k]), out.width, out.height);
      if (IsEmpty(crop)) continue;
      Result<PreparedPage> half = Prepare(page, crop, dpi, small);
      if (!half.ok()) continue;
      std::vector<OcrWord> words;
      std::vector<OcrLine> lines;
      ReadRequest again;
      again.psm = tesseract::PSM_SINGLE_BLOCK_VERT_TEXT;
      again.vertical = true;
      again.deadline = deadline;
      s = ReadPrepared(vert, again, *half, &words, &lines);
      if (!s.ok()) break;
      if (words.empty() || MeanConfidence(words, 0) <= first) continue;
      out.words.resize(words_before);
      out.lines.resize(lines_before);
      for (OcrLine& l : lines) {
        for (int& w : l.words) w += static_cast<int>(words_before);
        out.lines.push_back(std::move(l));
      }
      for (OcrWord& w : words) {
        w.line += static_cast<int>(lines_before);
        out.words.push_back(std::move(w));
      }
    }
  }
  Release(std::move(engine));
  if (!s.ok()) return s;
  DropContainedFragments(&out.words, &out.lines);
  // Cells with ink that no character was laid on: a label Tesseract's layout took into the
  // line of the value beside it and read as nothing (住 所 before a hand-written address).
  // Ink inside the ruling lines, of a character or more (specks are gone already).
  const int rule = std::max(2, prep->work_dpi / 50) + 2;
  const int enough = prep->work_dpi * prep->work_dpi / 1000;
  for (size_t i = 0; i < out.cells.size(); ++i) {
    const PixelBox& c = out.cells[i].box;
    const bool read_in = std::any_of(out.words.begin(), out.words.end(), [&](const OcrWord& w) {
      return std::any_of(w.symbols.begin(), w.symbols.end(), [&](const OcrSymbol& sym) {
        const int cx = (sym.box.x0 + sym.box.x1) / 2, cy = (sym.box.y0 + sym.box.y1) / 2;
        return cx >= c.x0 && cx < c.x1 && cy >= c.y0 && cy < c.y1;
      });
    });
    if (read_in) continue;
    const PixelBox inner = Clip(Expand(cells_work[i], -rule), pixGetWidth(prep->ink.get()), pixGetHeight(prep->ink.get()));
    if (IsEmpty(inner)) continue;
    BOX* box = boxCreate(inner.x0, inner.y0, Width(inner), Height(inner));
    l_int32 ink = 0;
    pixCountPixelsInRect(prep->ink.get(), box, &ink, nullptr);
    boxDestroy(&box);
    out.cells[i].unread_ink = ink >= enough;
  }
  return out;
}

Result<std::vector<OcrWord>> OcrPool::RecognizeRegion(PIX* page, int dpi, const PixelBox& region,
                                                      std::chrono::steady_clock::time_point deadline) const {
  if (page == nullptr) return Status::Error("OCR: no page image");
  LimitOpenMpOnThisThread(user_set_openmp_limit_);
  dpi = EffectiveDpi(page, dpi);
  const PixelBox crop = Clip(region, pixGetWidth(page), pixGetHeight(page));
  if (IsEmpty(crop)) return Status::Error("OCR: region lies outside the image");
  std::vector<OcrWord> words;
  if (Width(crop) < 4 || Height(crop) < 4) return words;

  // Twice the page's working resolution (~600 dpi): small print and digits read better.
  PrepareParams params;
  params.scale = BoundedScale(2 * PageScale(dpi), crop);
  params.deskew = false;  // too little text in a region to measure skew
  params.border = static_cast<int>(dpi * params.scale * 0.1);
  Result<PreparedPage> prep = Prepare(page, crop, dpi, params);
  if (!prep.ok()) return prep.status();

  const double w_in = static_cast<double>(Width(crop)) / dpi,
               h_in = static_cast<double>(Height(crop)) / dpi;
  const bool tall = h_in > 2.5 * w_in && w_in <= 0.5;
  std::unique_ptr<OcrEngine> engine = Acquire();
  Status s = engine->Ready(options_.tessdata_dir);
  std::vector<OcrLine> lines;
  if (s.ok()) {
    tesseract::TessBaseAPI* vert =
        tall && options_.vertical ? engine->Vertical(options_.tessdata_dir) : nullptr;
    ReadRequest req;
    req.deadline = deadline;
    if (vert != nullptr) {
      req.psm = tesseract::PSM_SINGLE_BLOCK_VERT_TEXT;
      req.vertical = true;
      s = ReadPrepared(vert, req, *prep, &words, &lines);
    } else {
      req.psm = h_in <= 0.5 ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SINGLE_BLOCK;
      s = ReadPrepared(&engine->jpn(), req, *prep, &words, &lines);
    }
  }
  Release(std::move(engine));
  if (!s.ok()) return s;
  return words;
}

}  // namespace redact::ocr
