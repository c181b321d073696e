// Fuzz target: a PDF through everything the redactor does to it except detection — load
// with limits (pdf/document_limits.cpp), interpret every page (content lexer, fonts, CMaps,
// form XObjects), decode the page images, strip an arbitrary glyph, rewrite and store the
// content, sanitize, prune ToUnicode maps, write a fresh file and load that again.
// PoDoFo errors are caught as the engine catches them (document.cpp); anything else that
// escapes, and every sanitizer report, is a finding.
#include <podofo/podofo.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "image/raster.hpp"
#include "pdf/document_limits.hpp"
#include "pdf/font_prune.hpp"
#include "pdf/interpreter.hpp"
#include "pdf/rewrite.hpp"
#include "pdf/sanitize.hpp"
#include "pipeline/page_text.hpp"

namespace {

void Quiet() {
  static const bool once = [] {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
    return true;
  }();
  (void)once;
}

void Run(std::string_view bytes) {
  redact::pdf::LoadLimits limits;
  limits.max_pages = 16;  // keep one input fast; the limit itself is tested elsewhere
  auto loaded = redact::pdf::LoadPdf(bytes, limits);
  if (!loaded.ok()) return;
  PoDoFo::PdfMemDocument* doc = loaded.value().get();
  redact::pdf::FontCache fonts;
  for (int p = 0; p < doc->GetPageCount(); ++p) {
    auto pc = redact::pdf::InterpretPage(doc->GetPage(p), &doc->GetObjects(), &fonts);
    if (!pc.ok()) return;
    (void)redact::pipeline::BuildPageText(pc.value().glyphs);
    for (const auto& im : pc.value().images) {
      if (im.xobject == nullptr) continue;
      const auto& d = im.xobject->GetDictionary();
      // Bound the work per input: a 4 Mpixel image is a fast decode.
      if (d.GetKeyAsLong("Width", 0) * d.GetKeyAsLong("Height", 0) > (4 << 20)) continue;
      (void)redact::image::DecodePdfImage(*im.xobject, &doc->GetObjects());
    }
    // Remove every third glyph and cover it, as a plan would.
    redact::pdf::RedactionPlan plan;
    for (size_t g = 0; g < pc.value().glyphs.size(); g += 3) {
      plan.glyphs.insert(pc.value().glyphs[g].pos);
      plan.boxes.push_back(pc.value().glyphs[g].box);
    }
    redact::pdf::RewriteContent(plan, &pc.value());
    if (!redact::pdf::StoreContent(pc.value(), plan, &doc->GetObjects()).ok()) return;
  }
  redact::pdf::SanitizeReport sr;
  if (!redact::pdf::Sanitize(doc, &sr).ok()) return;
  auto used = redact::pdf::CollectUsedCodes(doc);
  if (!used.ok()) return;
  if (!redact::pdf::PruneToUnicode(doc, used.value()).ok()) return;
  std::string out;
  if (!redact::pdf::WriteFresh(doc, &out).ok()) return;
  auto again = redact::pdf::LoadPdf(out, limits);
  if (!again.ok()) {
    // Not a crash, but worth knowing: what we wrote ourselves should always load.
    if (std::getenv("REDACT_FUZZ_STRICT")) {
      std::fprintf(stderr, "own output does not load: %s\n", again.status().message().c_str());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Quiet();
  try {
    Run(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const PoDoFo::PdfError&) {
    // document.cpp turns these into "damaged PDF (...)".
  }
  return 0;
}
