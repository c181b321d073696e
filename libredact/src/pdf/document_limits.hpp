// The door from untrusted bytes to a PoDoFo document: every PDF the library reads comes in
// here and is refused (encrypted, not a PDF, damaged, too big) before anything else runs.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "redact/redact.hpp"

namespace PoDoFo {
class PdfMemDocument;
}

namespace redact::pdf {

// Upper bounds for one input document. Counts are checked on the parsed document, the byte
// size before parsing.
struct LoadLimits {
  std::size_t max_bytes = std::size_t{256} << 20;
  int max_pages = 2000;
  std::size_t max_objects = 2'000'000;
};

// Parses a PDF held in memory. PoDoFo copies the bytes, so `bytes` need not outlive the
// document. Fails closed with a one-line reason that never quotes the document:
//   "not a PDF"                      no %PDF- header in the first 1024 bytes, or PoDoFo says so
//   "encrypted PDF"                  any encryption, also with an empty user password (PoDoFo
//                                    0.9.8 would re-encrypt on write) and RC4/AES-128 files it
//                                    cannot open at all
//   "damaged PDF: ePdfError_…"       PoDoFo's error code name, or a page-tree defect
//   "PDF too large: …", "too many pages: …", "too many objects: …"
// Also checks that PoDoFo's page list is exactly the leaves of the /Pages tree in order, so
// iterating GetPage(0 … GetPageCount()-1) reaches every page that would be written.
// Earlier revisions of an incrementally updated file are merged by PoDoFo (newest object
// wins); WriteFresh drops what the newest revision no longer references.
// Cost: one parse (objects are loaded on demand later) plus a walk of the page tree.
Result<std::unique_ptr<PoDoFo::PdfMemDocument>> LoadPdf(std::string_view bytes,
                                                        const LoadLimits& limits = {});

}  // namespace redact::pdf
