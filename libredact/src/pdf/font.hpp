// Fonts as the content-stream interpreter needs them: split a shown string into glyphs with
// Unicode text, advance widths and vertical metrics. Simple fonts (Type1, TrueType, MMType1)
// with base encodings and /Differences, Type0/CID fonts with Identity-H/V and embedded CMaps,
// /W and /W2, Type3 via /FontMatrix. Built once per font dictionary per document.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/cmap.hpp"
#include "redact/redact.hpp"

namespace PoDoFo {
class PdfObject;
class PdfVecObjects;
}  // namespace PoDoFo

namespace redact::pdf {

struct Glyph {
  uint32_t code = 0;
  uint8_t nbytes = 1;      // bytes of the code in the shown string
  std::u32string unicode;  // may be empty when the font has no mapping
  double width = 0;        // horizontal advance in text space units (glyph width × FontMatrix)
  double vertical_advance = 0;  // vertical writing: advance (negative down), text space units
  double vx = 0, vy = 0;        // vertical writing: position vector (origin offset), text space
  bool word_space = false;      // single-byte code 32: Tw applies
  bool valid = true;            // false: bytes outside the font's codespace (unicode left empty)
};

class Font {
 public:
  // Reads a font dictionary (resolving references through `objects`). Fails closed with a
  // one-line reason for what the interpreter could not fully understand: a predefined CJK
  // CMap it has no data for, a broken ToUnicode, a missing descendant font. The message
  // names the font ("font /BaseFont (object N): reason"). Cost: parses the ToUnicode and
  // embedded CMaps (linear in their size); for an embedded Type 1 program without /Encoding,
  // decodes the program to read its built-in encoding. Cache the result per font object.
  static Result<std::shared_ptr<const Font>> Load(const PoDoFo::PdfObject& font_dict,
                                                  PoDoFo::PdfVecObjects* objects);

  // Splits a shown string into glyphs (simple fonts: one byte each; Type0: by the encoding
  // CMap's codespace) with Unicode (ToUnicode first, then the encoding), advance width and,
  // for vertical fonts, vertical metrics. Linear in the string; thread-safe.
  std::vector<Glyph> Decode(std::string_view bytes) const;
  bool vertical() const { return vertical_; }
  bool type3() const { return type3_; }
  // Type3: glyph space to text space (FontMatrix). Others: {0.001,0,0,0.001,0,0}.
  const double* font_matrix() const { return font_matrix_; }
  // Ascent/descent in text space units per unit font size (from the descriptor or bbox),
  // for glyph boxes. Defaults 0.88 / -0.12 when the font says nothing.
  double ascent() const { return ascent_; }
  double descent() const { return descent_; }
  // True when the font has a source of Unicode (ToUnicode, an encoding with known glyph
  // names, a Unicode-coded CMap). Text without it cannot be checked for PII, so the document
  // path fails closed on such glyphs in visible text. Even when true, a glyph whose code is
  // unmapped comes back with empty `unicode`: treat it the same way.
  bool has_unicode() const { return has_unicode_; }

 private:
  friend class FontLoader;
  bool vertical_ = false;
  bool type3_ = false;
  bool has_unicode_ = true;
  double font_matrix_[6] = {0.001, 0, 0, 0.001, 0, 0};
  double ascent_ = 0.88, descent_ = -0.12;
  // Implementation detail filled by the loader.
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace redact::pdf
