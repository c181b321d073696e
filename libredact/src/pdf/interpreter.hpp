// The content-stream interpreter: one state machine (graphics state, text state, CTM, form
// XObjects) that turns a page's content into placed glyphs, image placements and path
// paintings, each with its position in the stream it came from. Extraction, redaction and
// verification all read pages through it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pdf/content.hpp"
#include "pdf/font.hpp"
#include "redact/redact.hpp"

namespace PoDoFo {
class PdfObject;
class PdfPage;
class PdfVecObjects;
}  // namespace PoDoFo

namespace redact::pdf {

struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  // this × m (apply this first, then m), as PDF concatenates.
  Matrix Then(const Matrix& m) const;
  void Apply(double x, double y, double* ox, double* oy) const;
};

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool Intersects(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool Contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
};

// Where a glyph, image or path lives: which stream, which operation, which element of a TJ
// array and which glyph within that string.
struct StreamPos {
  int stream = 0;
  int op = 0;
  int elem = 0;
  int glyph = 0;
  bool operator<(const StreamPos& o) const {
    if (stream != o.stream) return stream < o.stream;
    if (op != o.op) return op < o.op;
    if (elem != o.elem) return elem < o.elem;
    return glyph < o.glyph;
  }
  bool operator==(const StreamPos& o) const {
    return stream == o.stream && op == o.op && elem == o.elem && glyph == o.glyph;
  }
};

struct PlacedGlyph {
  std::u32string text;  // Unicode (may be several code points: ligatures)
  Box box;              // page user space (default coordinates, before /Rotate)
  double origin_x = 0, origin_y = 0;
  double advance_x = 0, advance_y = 0;  // direction and length of the advance, user space
  double size = 0;      // font size in user space units (approximate, for gaps and padding)
  Matrix tm;            // text matrix at the glyph's start (for re-positioning)
  StreamPos pos;
  std::string code;     // the glyph's bytes in the shown string
  const PoDoFo::PdfObject* font = nullptr;  // the font dictionary that drew it
  bool invisible = false;  // rendering mode 3 or 7, or white fill
  bool vertical = false;
  bool has_unicode = true;
  // OCR glyphs (the scanned path): which decoded image of the page they were read from
  // (-1: drawn text), and their box in that image's pixels.
  int image = -1;
  int px0 = 0, py0 = 0, px1 = 0, py1 = 0;
  // The ruled cell of that image the glyph lies in (-1: none): text in different cells of a
  // form is never one phrase, even when OCR reads a row of cells as one line.
  int cell = -1;
  // The OCR word of that image the glyph belongs to (-1: none): OCR read its characters as one
  // word, so no space goes between them however their boxes were spread over the ink.
  int word = -1;
};

struct ImagePlacement {
  StreamPos pos;                       // the Do or BI operation
  PoDoFo::PdfObject* xobject = nullptr;  // null for inline images
  Box box;
  Matrix ctm;                          // maps the unit square to user space
};

struct PathPainting {
  StreamPos pos;   // the painting operation (S, f, B, …)
  int first_op;    // first construction operation of the path
  Box box;
};

// A content stream the page draws: the page's own (all /Contents joined) or a form XObject.
struct ContentStream {
  PoDoFo::PdfObject* owner = nullptr;  // the page object, or the form XObject's stream object
  bool page_level = false;
  std::vector<Op> ops;
};

struct PageContent {
  std::vector<ContentStream> streams;  // [0] is the page's own content
  std::vector<PlacedGlyph> glyphs;     // in content order
  std::vector<ImagePlacement> images;
  std::vector<PathPainting> paths;
  Box crop_box;
  int rotation = 0;
};

// Fonts are loaded once per document.
class FontCache {
 public:
  Result<std::shared_ptr<const Font>> Get(PoDoFo::PdfObject* font_dict, PoDoFo::PdfVecObjects* objs);

 private:
  std::map<const PoDoFo::PdfObject*, std::shared_ptr<const Font>> fonts_;
};

struct InterpretLimits {
  int max_xobject_depth = 12;
  std::size_t max_glyphs = 2'000'000;
  std::size_t max_stream_bytes = std::size_t{64} << 20;  // one decoded content stream
  // Operations executed on the page, counting each drawing of a form XObject again.
  std::size_t max_ops_executed = 4'000'000;
  // Wall-clock bounds, checked every 4096 operations: seconds for this page, and an absolute
  // deadline (e.g. the file's) that never expires by default. The earlier one applies.
  double max_page_seconds = 60;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Interprets one page. Fails closed on anything it cannot fully understand: an undecodable
// content stream, a font it cannot read, XObject cycles, limits.
Result<PageContent> InterpretPage(PoDoFo::PdfPage* page, PoDoFo::PdfVecObjects* objects,
                                  FontCache* fonts, const InterpretLimits& limits = {});

// Decoded bytes of a stream object through its /Filter chain (Flate, LZW with predictors,
// RunLength, ASCIIHex, ASCII85), or an error naming the object when a filter is unknown or
// the data would decode to more than `max_out` bytes, or to more than 16 MiB at over
// kMaxDecodeRatio times its stored size (decompression bombs). Decoding stops at the cap:
// memory stays bounded by `max_out` whatever the stream holds. Lenient like viewers on
// truncated Flate data (what decoded is returned).
inline constexpr std::size_t kRatioCheckFloor = std::size_t{16} << 20;
inline constexpr std::size_t kMaxDecodeRatio = 500;
Result<std::string> DecodedStream(const PoDoFo::PdfObject* obj, std::size_t max_out);
// The stream's bytes as stored (still filtered): for codecs PoDoFo lacks, and content keys.
std::string RawStreamBytes(const PoDoFo::PdfObject& obj);

}  // namespace redact::pdf
