// The document flow for PDFs with a text layer: load (limits) → per page: interpret →
// page text → detect → plan → rewrite → sanitize hidden channels → write fresh → verify by
// reading the output through the same front end. Nothing is returned unless all of it held.
#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include "pdf/document_limits.hpp"
#include "pdf/font_prune.hpp"
#include "pdf/interpreter.hpp"
#include "pdf/rewrite.hpp"
#include "pdf/sanitize.hpp"
#include "pipeline/page_text.hpp"
#include "redact/redact.hpp"

namespace redact {
namespace {

void QuietPoDoFo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
  });
}

std::string PageError(int page, const std::string& what) {
  return "page " + std::to_string(page) + ": " + what;
}

// Findings on one page: glyph indices per finding, after the policy.
struct PageFindings {
  std::vector<std::pair<Category, std::vector<int>>> findings;
};

// Interprets every page.
Result<std::vector<pdf::PageContent>> ReadPages(PoDoFo::PdfMemDocument* doc) {
  pdf::FontCache fonts;
  std::vector<pdf::PageContent> pages;
  for (int p = 0; p < doc->GetPageCount(); ++p) {
    auto pc = pdf::InterpretPage(doc->GetPage(p), &doc->GetObjects(), &fonts);
    if (!pc.ok()) return Status::Error(PageError(p + 1, pc.status().message()));
    pages.push_back(std::move(pc.value()));
  }
  return pages;
}

// Detects over the whole document at once — pages joined by line breaks — so a name found
// with its label on page 1 is also found where page 3 mentions it alone; findings are then
// split back onto pages and glyphs.
Result<std::vector<PageFindings>> DetectDocument(const Engine& engine,
                                                 const std::vector<pdf::PageContent>& pages,
                                                 const Policy& policy) {
  std::string joined;
  std::vector<std::size_t> page_start;  // code point offset of each page in `joined`
  std::vector<pipeline::PageText> texts;
  std::size_t cps = 0;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (const auto& g : pages[p].glyphs)
      if (!g.has_unicode)
        return Status::Error(PageError(static_cast<int>(p) + 1,
                                       "text in a font without a Unicode mapping cannot be checked"));
    texts.push_back(pipeline::BuildPageText(pages[p].glyphs));
    page_start.push_back(cps);
    joined += texts.back().utf8;
    joined += "\n";
    cps += texts.back().glyph_of_cp.size() + 1;
  }
  auto found = engine.Detect(joined, policy);
  if (!found.ok()) return found.status();
  std::vector<PageFindings> out(pages.size());
  for (const Finding& f : found.value()) {
    if (page_start.empty()) break;
    std::size_t p = static_cast<std::size_t>(
        std::upper_bound(page_start.begin(), page_start.end(), f.start) - page_start.begin() - 1);
    const auto& map = texts[p].glyph_of_cp;
    std::vector<int> glyphs;
    for (std::size_t cp = f.start; cp < f.end; ++cp) {
      if (cp - page_start[p] >= map.size()) continue;
      int g = map[cp - page_start[p]];
      if (g >= 0 && (glyphs.empty() || glyphs.back() != g)) glyphs.push_back(g);
    }
    if (!glyphs.empty()) out[p].findings.emplace_back(f.category, std::move(glyphs));
  }
  return out;
}

// The exact area of one finding: one box per line of its visible glyphs, with the line's
// font size.
struct LineBox {
  pdf::Box box;
  double em = 0;
};

std::vector<LineBox> BoxesFor(const pdf::PageContent& pc, const std::vector<int>& glyphs) {
  std::vector<LineBox> boxes;
  for (int g : glyphs) {
    const auto& pg = pc.glyphs[g];
    if (pg.invisible) continue;  // nothing to cover: removing the glyph is enough
    if (!boxes.empty()) {
      LineBox& cur = boxes.back();
      double d = pg.vertical ? ((pg.box.x0 + pg.box.x1) - (cur.box.x0 + cur.box.x1)) / 2
                             : ((pg.box.y0 + pg.box.y1) - (cur.box.y0 + cur.box.y1)) / 2;
      if (std::fabs(d) < 0.5 * pg.size) {
        cur.box.x0 = std::min(cur.box.x0, pg.box.x0);
        cur.box.y0 = std::min(cur.box.y0, pg.box.y0);
        cur.box.x1 = std::max(cur.box.x1, pg.box.x1);
        cur.box.y1 = std::max(cur.box.y1, pg.box.y1);
        cur.em = std::max(cur.em, pg.size);
        continue;
      }
    }
    boxes.push_back({pg.box, pg.size});
  }
  return boxes;
}

// The box drawn for an exact area: padded and widened to whole ems so its size does not
// give away the removed text's width — but never over a glyph that stays.
pdf::Box DrawnBox(const LineBox& lb, const pdf::PageContent& pc, const std::set<pdf::StreamPos>& removed) {
  pdf::Box q = pdf::QuantizeBox(lb.box, 0.15 * lb.em, std::max(lb.em, 1.0));
  for (const pdf::PlacedGlyph& g : pc.glyphs) {
    if (g.invisible || removed.count(g.pos) || !g.box.Intersects(q)) continue;
    double cx = (g.box.x0 + g.box.x1) / 2, cy = (g.box.y0 + g.box.y1) / 2;
    // Pull the nearest edge back to the kept glyph, not past the exact area.
    if (cx >= lb.box.x1) q.x1 = std::max(lb.box.x1, std::min(q.x1, g.box.x0));
    else if (cx <= lb.box.x0) q.x0 = std::min(lb.box.x0, std::max(q.x0, g.box.x1));
    else if (cy >= lb.box.y1) q.y1 = std::max(lb.box.y1, std::min(q.y1, g.box.y0));
    else if (cy <= lb.box.y0) q.y0 = std::min(lb.box.y0, std::max(q.y0, g.box.y1));
  }
  return q;
}

// Reads every page of `doc` and returns the findings left, or an error.
Result<int> CountFindings(const Engine& engine, PoDoFo::PdfMemDocument* doc, const Policy& policy) {
  auto pages = ReadPages(doc);
  if (!pages.ok()) return pages.status();
  auto found = DetectDocument(engine, pages.value(), policy);
  if (!found.ok()) return found.status();
  int left = 0;
  for (const auto& pf : found.value()) left += static_cast<int>(pf.findings.size());
  return left;
}

// One redaction pass over every page of `doc`: detect, plan, rewrite, store. Returns how
// many findings it acted on.
Result<int> RedactPages(const Engine& engine, PoDoFo::PdfMemDocument* doc, const Policy& policy,
                        RedactionReport* rep, bool count) {
  auto pages = ReadPages(doc);
  if (!pages.ok()) return pages.status();
  auto found_all = DetectDocument(engine, pages.value(), policy);
  if (!found_all.ok()) return found_all.status();
  int acted = 0;
  for (int p = 0; p < static_cast<int>(pages.value().size()); ++p) {
    pdf::PageContent& pc = pages.value()[p];
    pdf::RedactionPlan plan;
    std::vector<std::pair<Category, LineBox>> exact;
    for (const auto& [cat, glyphs] : found_all.value()[p].findings) {
      ++acted;
      if (count) rep->counts[static_cast<int>(cat)]++;
      for (int g : glyphs) plan.glyphs.insert(pc.glyphs[g].pos);
      for (const LineBox& lb : BoxesFor(pc, glyphs)) exact.emplace_back(cat, lb);
    }
    if (!plan.glyphs.empty()) {
      // Anything else drawn in the exact area goes with it: overprinted or invisible copies
      // of the text (their centre inside it). Neighbours merely touching it stay.
      for (const pdf::PlacedGlyph& g : pc.glyphs) {
        double cx = (g.box.x0 + g.box.x1) / 2, cy = (g.box.y0 + g.box.y1) / 2;
        for (const auto& [cat, lb] : exact)
          if (lb.box.Contains(cx, cy)) plan.glyphs.insert(g.pos);
      }
      for (const auto& [cat, lb] : exact) {
        pdf::Box b = DrawnBox(lb, pc, plan.glyphs);
        plan.boxes.push_back(b);
        rep->boxes.push_back({p + 1, cat, b.x0, b.y0, b.x1, b.y1});
      }
      // Paths inside a drawn box go (see RewriteContent). Images cannot be burnt here.
      for (const pdf::ImagePlacement& im : pc.images)
        for (const pdf::Box& b : plan.boxes)
          if (im.box.Intersects(b))
            return Status::Error(PageError(p + 1, "an image lies under personal information; "
                                                  "pixel redaction is not available for PDFs yet"));
      rep->glyphs_removed += static_cast<int>(plan.glyphs.size());
    }
    // Rewritten even without findings: marked-content /ActualText and /Alt go on every page.
    pdf::RewriteContent(plan, &pc);
    if (Status s = pdf::StoreContent(pc, plan, &doc->GetObjects()); !s.ok()) return s;
  }
  return acted;
}

}  // namespace

Result<std::vector<std::string>> Engine::PageTexts(std::string_view bytes) const {
  QuietPoDoFo();
  auto loaded = pdf::LoadPdf(bytes, pdf::LoadLimits{});
  if (!loaded.ok()) return loaded.status();
  PoDoFo::PdfMemDocument* doc = loaded.value().get();
  std::vector<std::string> pages;
  try {
    pdf::FontCache fonts;
    for (int p = 0; p < doc->GetPageCount(); ++p) {
      auto pc = pdf::InterpretPage(doc->GetPage(p), &doc->GetObjects(), &fonts);
      if (!pc.ok()) return Status::Error(PageError(p + 1, pc.status().message()));
      pages.push_back(pipeline::BuildPageText(pc.value().glyphs).utf8);
    }
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error(std::string("damaged PDF (") + PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
  return pages;
}

Result<std::string> Engine::RedactDocument(std::string_view bytes, const Policy& policy,
                                           RedactionReport* report) const {
  QuietPoDoFo();
  RedactionReport local;
  RedactionReport& rep = report ? *report : local;
  rep = RedactionReport{};
  if (bytes.size() < 5 || bytes.substr(0, 5) != "%PDF-") {
    // Scanned images (TIFF/PNG/JPEG) take the OCR path, which this build does not have.
    return Status::Error("not a PDF (only PDF input is supported)");
  }
  auto loaded = pdf::LoadPdf(bytes, pdf::LoadLimits{});
  if (!loaded.ok()) return loaded.status();
  std::unique_ptr<PoDoFo::PdfMemDocument> doc = std::move(loaded.value());
  try {
    rep.pages = doc->GetPageCount();
    // Removing text can leave new neighbours that read as PII on their own (a label now
    // followed by other words); each pass re-reads the written file, and the output is only
    // released when a pass finds nothing.
    constexpr int kMaxPasses = 3;
    for (int pass = 0; pass < kMaxPasses; ++pass) {
      auto acted = RedactPages(*this, doc.get(), policy, &rep, pass == 0);
      if (!acted.ok()) return pass == 0 ? acted.status()
                                        : Status::Error("verification: " + acted.status().message());
      pdf::SanitizeReport sr;
      if (Status s = pdf::Sanitize(doc.get(), &sr); !s.ok()) return s;
      rep.hidden_channels_removed += sr.info_entries + sr.xmp_streams + sr.annotations +
                                     sr.form_fields + sr.outlines + sr.names_trees + sr.actions +
                                     sr.structure_trees + sr.optional_content + sr.thumbnails +
                                     sr.piece_info + sr.other;
      // Font subsets keep only the Unicode of glyphs something still draws.
      auto used = pdf::CollectUsedCodes(doc.get());
      if (!used.ok()) return used.status();
      if (auto pruned = pdf::PruneToUnicode(doc.get(), used.value()); !pruned.ok()) return pruned.status();
      std::string out;
      if (Status s = pdf::WriteFresh(doc.get(), &out); !s.ok()) return s;

      // Verify: the output read back through the same front end must hold no finding.
      auto reread = pdf::LoadPdf(out, pdf::LoadLimits{});
      if (!reread.ok()) return Status::Error("verification: output does not load: " + reread.status().message());
      auto left = CountFindings(*this, reread.value().get(), policy);
      if (!left.ok()) return Status::Error("verification: " + left.status().message());
      if (left.value() == 0) return out;
      doc = std::move(reread.value());
    }
    return Status::Error("verification: findings remain after " + std::to_string(kMaxPasses) +
                         " passes; nothing written");
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error(std::string("damaged PDF (") + PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
}

}  // namespace redact
