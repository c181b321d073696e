// After removal, a font subset can still spell what was removed: its ToUnicode maps the
// codes of glyphs that nothing draws any more. This rewrites every ToUnicode CMap to map
// only the codes still shown in the document.
#pragma once

#include <map>
#include <string>

#include "redact/redact.hpp"

namespace PoDoFo {
class PdfMemDocument;
class PdfObject;
}  // namespace PoDoFo

namespace redact::pdf {

// Codes (as shown-string bytes) still drawn with each font dictionary, and their text.
using UsedCodes = std::map<const PoDoFo::PdfObject*, std::map<std::string, std::u32string>>;

// Collects the codes drawn on every page (and in the form XObjects they use).
Result<UsedCodes> CollectUsedCodes(PoDoFo::PdfMemDocument* doc);

// Replaces each used font's /ToUnicode with a CMap of exactly its used codes; fonts that
// nothing draws lose their /ToUnicode. Returns how many mappings were dropped.
Result<int> PruneToUnicode(PoDoFo::PdfMemDocument* doc, const UsedCodes& used);

}  // namespace redact::pdf
