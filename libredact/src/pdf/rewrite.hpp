// Removal in content streams: deletes glyphs, re-positions the text that follows them
// absolutely (no kerning number is left that encodes the removed width), removes paths that
// lie under a redaction box, strips /ActualText and /Alt from marked content, and draws the
// (quantized) boxes on the page.
#pragma once

#include <set>
#include <vector>

#include "pdf/interpreter.hpp"

namespace redact::pdf {

struct RedactionPlan {
  std::set<StreamPos> glyphs;  // glyphs to delete (glyph-level positions)
  std::vector<Box> boxes;      // boxes to draw, page user space
};

// Rewrites the operations of `page` in place according to `plan`. Text objects (BT…ET)
// that lose a glyph are rewritten so every text-showing operation starts with an absolute
// Tm; other text objects are left byte-for-byte alike (after re-serialization).
void RewriteContent(const RedactionPlan& plan, PageContent* page);

// Writes the rewritten streams back into the document: the page gets one new /Contents
// stream (original wrapped in q…Q, boxes drawn after), form XObjects get their new data.
Status StoreContent(const PageContent& page, const RedactionPlan& plan, PoDoFo::PdfVecObjects* objects);

// Pads a box by `pad` and widens it to a whole number of `quantum` units, centred, so its
// size does not reveal the exact width of what was removed.
Box QuantizeBox(const Box& b, double pad, double quantum);

}  // namespace redact::pdf
