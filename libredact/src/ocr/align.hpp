// How a line's OCR text is laid over the line's ink: one span along the reading axis per
// character. Internal to the OCR module; its own header so that it can be tested without
// Tesseract on made-up ink projections.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace redact::ocr {

// Where one character of a line lies along the reading axis: [lo, hi) in profile offsets.
struct Span {
  int lo = 0, hi = 0;
};

// Relative advance of a character in a line of Japanese print: kanji, kana and full-width
// forms one em; Latin letters and digits about half; narrow punctuation less.
double AdvanceWeight(char32_t c);

// A line's ink thickness across its reading direction, from its ink per row (per column down
// a vertical line), which sets the em. Specks above or below the text (a fax's dirt) are not
// part of it: rows at the ends with next to no ink are cut. `in_cells`: the line crosses a
// form's cells, and thin bands of ink at its ends, apart from the text by blank rows three
// times their own thickness, are what is left of the cells' ruling lines (the edges of a row
// of one-digit boxes, too short to be removed as lines), not text.
int LineThickness(const std::vector<int>& rows, bool in_cells);

// One word of a line as OCR read it: its text, its confidence (0-100) and where its own box
// lies along the reading axis, in profile offsets.
struct LineWord {
  std::u32string text;
  double confidence = 0;
  int lo = 0, hi = 0;
};

// Lays the characters of a line's words over the line's ink profile (ink per column, or per
// row down a vertical line) and returns one span per character, in reading order. `walls`
// are the form's ruling lines the line crosses (profile offsets, ascending; removed before
// OCR, so not in the profile); `across` is the line's ink thickness, which sets the em.
std::vector<Span> LayLineOverInk(const std::vector<int>& profile, const std::vector<LineWord>& words,
                                 const std::vector<int>& walls, int across, bool vertical);

}  // namespace redact::ocr
