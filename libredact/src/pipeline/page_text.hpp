// The page text model: glyphs (from the content-stream interpreter or, later, OCR) grouped
// into lines in reading order, as one text for the detector, with every character mapped
// back to the glyph it came from.
#pragma once

#include <string>
#include <vector>

#include "pdf/interpreter.hpp"

namespace redact::pipeline {

struct PageText {
  std::string utf8;                  // lines joined by '\n'; wide gaps become '\t', word gaps ' '
  std::vector<int> glyph_of_cp;      // per code point of utf8: index into the glyph list, or -1
  std::vector<std::vector<int>> lines;  // glyph indices per line, in reading order
};

// Groups glyphs into lines. Horizontal text: a new line starts where the baseline moves by
// more than half the font size or the text runs backwards; vertical text likewise along x.
// Within a line a gap of more than 0.25 em is a space and more than 2.5 em a cell boundary;
// not between the characters of one OCR word (PlacedGlyph::word), however far apart.
PageText BuildPageText(const std::vector<pdf::PlacedGlyph>& glyphs);

}  // namespace redact::pipeline
