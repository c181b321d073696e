// The document flow: load (limits) → per page: interpret drawn text, OCR page images →
// page text → detect → plan → remove glyphs, burn pixels → sanitize hidden channels → write
// fresh → verify by reading the output through the same front end. Image files (TIFF, PNG,
// JPEG) take the same OCR → detect → burn route. Nothing is returned unless all of it held.
#include <podofo/podofo.h>

#include <leptonica/allheaders.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <cmath>
#include <mutex>
#include <optional>
#include <set>

#include "pdf/document_limits.hpp"
#include "pdf/font_prune.hpp"
#include "pdf/interpreter.hpp"
#include "pdf/rewrite.hpp"
#include "pdf/sanitize.hpp"
#include "detect/merger.hpp"
#include "pipeline/engine_impl.hpp"
#include "pipeline/page_text.hpp"
#include "pipeline/scan.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"
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

// Findings on one page: glyph indices per finding, after the policy, and each finding's
// masked preview (for review; never logged).
struct PageFindings {
  std::vector<std::pair<Category, std::vector<int>>> findings;
  std::vector<std::string> previews;
};

// What review changes about a run (areas left in place, areas added), and what a proposing
// run records. Areas are per page (0-based index), in page user space.
struct ReviewRun {
  std::vector<std::vector<pdf::Box>> disabled;
  std::vector<std::vector<std::pair<Category, pdf::Box>>> extra;
  std::vector<Proposal::Item>* collect = nullptr;  // proposing: every finding acted on
  std::vector<Proposal::Page>* pages = nullptr;

  bool Disabled(std::size_t page, double x, double y) const {
    if (page >= disabled.size()) return false;
    for (const pdf::Box& b : disabled[page])
      if (b.Contains(x, y)) return true;
    return false;
  }
  const std::vector<std::pair<Category, pdf::Box>>* ExtraOn(std::size_t page) const {
    return page < extra.size() && !extra[page].empty() ? &extra[page] : nullptr;
  }
};

// What reading a document needs besides the document: the engine's parts and the OCR memo.
struct Reader {
  const Engine::Impl& impl;
  pipeline::OcrMemo& memo;
  ReviewRun* review = nullptr;
  // The document's time limit (EngineOptions::max_seconds_per_document), set by RedactRun.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

  Status CheckTime() const {
    if (std::chrono::steady_clock::now() <= deadline) return {};
    return Status::Error("time limit: the file took longer than allowed");
  }
};

class LexiconLabels : public pipeline::LabelMatcher {
 public:
  explicit LexiconLabels(const detect::Lexicon& lex) : lex_(lex) {}
  std::optional<Category> LabelOf(std::u32string_view word) const override {
    auto m = detect::LabelAsRead(lex_, Key(word));
    if (m.length == 0 || m.value == detect::Lexicon::kFieldLabel) return std::nullopt;
    return static_cast<Category>(m.value);
  }
  std::size_t LabelLength(std::u32string_view word) const override { return lex_.labels.LongestAt(Key(word), 0).length; }
  std::size_t FieldLabelLengthAsMisread(std::u32string_view word) const override {
    return detect::LongFieldLabelAsMisread(lex_, Key(word));
  }
  bool InPiiLabel(char32_t ch) const override {
    std::u32string n = text::Normalize(std::u32string_view(&ch, 1)).text;
    return n.size() == 1 && lex_.pii_label_chars.count(n[0]) > 0;
  }

 private:
  // Labels on scans: normalized, without spaces, OCR's usual misreadings undone.
  static std::u32string Key(std::u32string_view word) {
    std::u32string n = text::Normalize(word).text;
    std::erase_if(n, [](char32_t c) { return text::IsSpace(c); });
    return pipeline::LabelMisreadsUndone(n);
  }
  const detect::Lexicon& lex_;
};

// Page images big enough to hold text (a scan, a fax) are OCR'd; logos and icons are not.
bool IsPageImage(const pdf::ImagePlacement& im, const pdf::PageContent& pc, int w, int h) {
  double page_area = pc.crop_box.width() * pc.crop_box.height();
  return static_cast<double>(w) * h >= 250000.0 && im.box.width() * im.box.height() >= 0.05 * page_area;
}

// OCR of one image content, once: later passes over the same bytes reuse it. Form cells
// that may hold a misread label are read again alone (bounded: kMaxLabelRereads).
Result<const ocr::OcrPage*> Recognize(const Reader& rd, const std::string& key, PIX* pix, int dpi) {
  if (const ocr::OcrPage* hit = rd.memo.Find(key)) return hit;
  auto pool = rd.impl.Ocr();
  if (!pool.ok()) return pool.status();
  auto page = pool.value()->Recognize(pix, dpi, rd.deadline);
  if (!page.ok()) return page.status();
  LexiconLabels labels(rd.impl.lexicon);
  for (const pipeline::LabelReread& again : pipeline::LabelRereadCandidates(page.value(), labels)) {
    if (Status s = rd.CheckTime(); !s.ok()) return s;
    auto words = pool.value()->RecognizeRegion(pix, dpi, again.box, rd.deadline);
    if (!words.ok()) return words.status();
    std::u32string& read = again.kind == pipeline::LabelReread::kCell ? page->cells[again.index].reread
                                                                      : page->underlines[again.index].reread;
    for (const ocr::OcrWord& w : words.value()) read += pipeline::LabelText(w.text);
  }
  rd.memo.Put(key, std::move(page.value()));
  return rd.memo.Find(key);
}

// Decodes and OCRs the page images of one page; their words join the page's glyphs.
Status ScanPageImages(const Reader& rd, PoDoFo::PdfMemDocument* doc, pdf::PageContent* pc,
                      std::vector<pipeline::ScannedImage>* scans, int page_no) {
  for (int k = 0; k < static_cast<int>(pc->images.size()); ++k) {
    const pdf::ImagePlacement& im = pc->images[k];
    if (im.xobject == nullptr) continue;  // inline images: icons; see the check under boxes
    const auto& d = im.xobject->GetDictionary();
    int w = static_cast<int>(d.GetKeyAsLong("Width", 0)), h = static_cast<int>(d.GetKeyAsLong("Height", 0));
    if (!IsPageImage(im, *pc, w, h)) continue;
    // Each decode is bounded (a hostile 84-byte JBIG2 stream keeps jbig2dec busy for 0.5 s
    // before it fails), not their number on one page: the file's time limit between them.
    if (Status s = rd.CheckTime(); !s.ok()) return s;
    pipeline::ScannedImage si;
    si.placement = k;
    si.xobject = im.xobject;
    auto decoded = image::DecodePdfImage(*im.xobject, &doc->GetObjects());
    if (!decoded.ok()) return Status::Error(PageError(page_no, decoded.status().message()));
    si.pdf_image = std::move(decoded.value());
    si.width = w;
    si.height = h;
    // Pixel (x, y) from the top-left → image space (x/w, 1 - y/h) → user space.
    si.pixel_to_user = pdf::Matrix{1.0 / w, 0, 0, -1.0 / h, 0, 1}.Then(im.ctm);
    double inches = std::hypot(im.ctm.a, im.ctm.b) / 72.0;
    int dpi = inches > 0 ? static_cast<int>(std::lround(w / inches)) : 300;
    auto page = Recognize(rd, pipeline::ImageKey(pdf::RawStreamBytes(*im.xobject)), si.pdf_image.pix.get(), dpi);
    if (!page.ok()) return Status::Error(PageError(page_no, page.status().message()));
    si.ocr = *page.value();
    pipeline::AppendOcrGlyphs(si, static_cast<int>(scans->size()), &pc->glyphs);
    scans->push_back(std::move(si));
  }
  return {};
}

// Interprets every page, and OCRs its page images.
Result<std::vector<pdf::PageContent>> ReadPages(const Reader& rd, PoDoFo::PdfMemDocument* doc,
                                                std::vector<std::vector<pipeline::ScannedImage>>* scans) {
  pdf::FontCache fonts;
  std::vector<pdf::PageContent> pages;
  scans->clear();
  scans->resize(static_cast<std::size_t>(doc->GetPageCount()));
  for (int p = 0; p < doc->GetPageCount(); ++p) {
    pdf::InterpretLimits limits;
    limits.deadline = rd.deadline;
    auto pc = pdf::InterpretPage(doc->GetPage(p), &doc->GetObjects(), &fonts, limits);
    if (!pc.ok()) return Status::Error(PageError(p + 1, pc.status().message()));
    if (Status s = ScanPageImages(rd, doc, &pc.value(), &(*scans)[p], p + 1); !s.ok()) return s;
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
    // Pages apart by a blank line: a label that ends one page (担当者, its name removed by the
    // pass before) takes no value from the next page's first line.
    joined += texts.back().utf8;
    joined += "\n\n";
    cps += texts.back().glyph_of_cp.size() + 2;
  }
  auto found = engine.Detect(joined, policy);
  if (!found.ok()) return found.status();
  std::u32string joined_cps = text::DecodeUtf8(joined);
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
    if (!glyphs.empty()) {
      out[p].findings.emplace_back(f.category, std::move(glyphs));
      std::size_t end = std::min(f.end, joined_cps.size());
      std::size_t start = std::min(f.start, end);
      out[p].previews.push_back(MaskedPreview(
          text::EncodeUtf8(std::u32string_view(joined_cps).substr(start, end - start))));
    }
  }
  return out;
}

// Review: glyphs the clerk chose to keep (their centre inside a disabled finding's area) are
// taken out of the findings; a finding left without glyphs is dropped. Used by every pass
// and by verification, so exactly those areas are ignored.
void DropDisabled(const ReviewRun* review, const std::vector<pdf::PageContent>& pages,
                  std::vector<PageFindings>* found) {
  if (review == nullptr) return;
  for (std::size_t p = 0; p < found->size(); ++p) {
    PageFindings& pf = (*found)[p];
    PageFindings kept;
    for (std::size_t i = 0; i < pf.findings.size(); ++i) {
      std::vector<int> glyphs;
      for (int g : pf.findings[i].second) {
        const pdf::Box& b = pages[p].glyphs[g].box;
        if (!review->Disabled(p, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2)) glyphs.push_back(g);
      }
      if (glyphs.empty()) continue;
      kept.findings.emplace_back(pf.findings[i].first, std::move(glyphs));
      kept.previews.push_back(i < pf.previews.size() ? pf.previews[i] : std::string());
    }
    pf = std::move(kept);
  }
}

Rect ToRect(const pdf::Box& b) { return {b.x0, b.y0, b.x1, b.y1}; }

// Proposing: records one finding the run acts on.
void Collect(ReviewRun* review, int page, Category cat, std::vector<Rect> boxes, std::string preview) {
  if (review == nullptr || review->collect == nullptr) return;
  Proposal::Item item;
  item.id = static_cast<int>(review->collect->size()) + 1;
  item.page = page;
  item.category = cat;
  item.boxes = std::move(boxes);
  item.preview = std::move(preview);
  review->collect->push_back(std::move(item));
}

// The exact area of one finding: one box per line of its visible glyphs, with the line's
// font size.
struct LineBox {
  pdf::Box box;
  double em = 0;
  bool as_is = false;  // a clerk's box: drawn exactly where it was drawn
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
pdf::Box DrawnBox(const LineBox& lb, const pdf::PageContent& pc, const std::vector<bool>& gone) {
  pdf::Box q = pdf::QuantizeBox(lb.box, 0.15 * lb.em, std::max(lb.em, 1.0));
  for (std::size_t i = 0; i < pc.glyphs.size(); ++i) {
    const pdf::PlacedGlyph& g = pc.glyphs[i];
    if (g.invisible || gone[i] || !g.box.Intersects(q)) continue;
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
Result<int> CountFindings(const Reader& rd, const Engine& engine, PoDoFo::PdfMemDocument* doc,
                          const Policy& policy) {
  std::vector<std::vector<pipeline::ScannedImage>> scans;
  auto pages = ReadPages(rd, doc, &scans);
  if (!pages.ok()) return pages.status();
  auto found = DetectDocument(engine, pages.value(), policy);
  if (!found.ok()) return found.status();
  DropDisabled(rd.review, pages.value(), &found.value());
  int left = 0;
  for (const auto& pf : found.value()) left += static_cast<int>(pf.findings.size());
  return left;
}

// A name in a vertical line whose surname OCR read nothing on, above the given name it read
// (pipeline::UnreadInkAbove): that ink. `pix` and `ocr` are of the image of the name's first
// glyph.
std::optional<image::PixelBox> InkAboveName(const pdf::PlacedGlyph& first, Category cat, PIX* pix,
                                            const ocr::OcrPage& ocr) {
  if (cat != Category::kPerson || !first.vertical || first.image < 0) return std::nullopt;
  return pipeline::UnreadInkAbove(pix, ocr, {first.px0, first.py0, first.px1, first.py1});
}

bool Overlaps(const image::PixelBox& a, const image::PixelBox& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

// Masked preview of what OCR read in a label's value cell (handwriting may read as nothing).
std::string RegionPreview(const ocr::OcrPage& page, const image::PixelBox& region) {
  std::u32string read;
  for (const ocr::OcrWord& w : page.words)
    if (Overlaps(w.box, region)) read += w.text;
  return read.empty() ? "＊" : MaskedPreview(text::EncodeUtf8(read));
}

// What the policy's allowlist accepts whole (every character but spaces in an allowed range),
// for label regions that hold only the office's own printed number (HoldsOnlyAllowed).
std::function<bool(std::u32string_view)> AllowedWhole(const Policy& policy) {
  auto prepared = detect::PreparedPolicy::Prepare(policy);
  if (!prepared.ok()) return [](std::u32string_view) { return false; };
  return [p = prepared.value()](std::u32string_view read) {
    const text::NormalizedText t = text::Normalize(std::u32string(read));
    const auto ranges = p->AllowedRanges(t);
    for (uint32_t i = 0; i < t.size(); ++i) {
      if (text::IsSpace(t.text[i])) continue;
      bool in = false;
      for (auto [b, e] : ranges) in |= i >= b && i < e;
      if (!in) return false;
    }
    return true;
  };
}

// Burns, stores and remembers each scanned image once, with the burns of every page that
// draws it.
Status StoreScans(const Reader& rd, PoDoFo::PdfMemDocument* doc,
                  std::vector<std::vector<pipeline::ScannedImage>>* scans) {
  std::map<PoDoFo::PdfObject*, pipeline::ScannedImage*> first;
  for (auto& page : *scans)
    for (auto& si : page) {
      auto [it, fresh] = first.emplace(si.xobject, &si);
      if (!fresh) it->second->burn.insert(it->second->burn.end(), si.burn.begin(), si.burn.end());
    }
  for (auto& [xobj, si] : first) {
    if (si->burn.empty()) continue;
    // JPEG re-encoding rings at a box edge: burn whole 8x8 blocks so the box stays solid.
    si->burn = image::AlignToCodecBlocks(si->burn, si->pdf_image.codec);
    image::BurnBoxes(&si->pdf_image, si->burn);
    if (Status s = image::StorePdfImage(si->pdf_image, xobj, &doc->GetObjects()); !s.ok()) return s;
    // A soft mask must not make the burnt area transparent (it would show what is behind).
    if (Status s = image::BurnSoftMask(xobj, si->burn, &doc->GetObjects()); !s.ok()) return s;
    rd.memo.Put(pipeline::ImageKey(pdf::RawStreamBytes(*xobj)), pipeline::AfterBurn(si->ocr, si->burn));
  }
  return {};
}

// One redaction pass over every page of `doc`: detect, plan, remove and burn, store.
// Returns how many findings it acted on.
Result<int> RedactPages(const Reader& rd, const Engine& engine, PoDoFo::PdfMemDocument* doc,
                        const Policy& policy, RedactionReport* rep, bool count) {
  std::vector<std::vector<pipeline::ScannedImage>> scans;
  auto pages = ReadPages(rd, doc, &scans);
  if (!pages.ok()) return pages.status();
  auto found_all = DetectDocument(engine, pages.value(), policy);
  if (!found_all.ok()) return found_all.status();
  DropDisabled(rd.review, pages.value(), &found_all.value());
  LexiconLabels labels(rd.impl.lexicon);
  const auto allowed = AllowedWhole(policy);
  int acted = 0;
  if (count && rd.review && rd.review->pages)
    for (const auto& pc : pages.value())
      rd.review->pages->push_back({pc.crop_box.width(), pc.crop_box.height(), pc.crop_box.x0,
                                   pc.crop_box.y0});
  for (int p = 0; p < static_cast<int>(pages.value().size()); ++p) {
    pdf::PageContent& pc = pages.value()[p];
    std::vector<pipeline::ScannedImage>& page_scans = scans[p];
    pdf::RedactionPlan plan;
    std::vector<bool> gone(pc.glyphs.size(), false);
    std::vector<std::pair<Category, LineBox>> exact;
    const PageFindings& pf = found_all.value()[p];
    for (std::size_t i = 0; i < pf.findings.size(); ++i) {
      const Category cat = pf.findings[i].first;
      std::vector<const ocr::OcrPage*> read;
      for (const auto& si : page_scans) read.push_back(&si.ocr);
      const std::vector<int> glyphs = pipeline::WithMisreadNeighbours(pc.glyphs, cat, pf.findings[i].second, read, labels);
      ++acted;
      if (count) rep->counts[static_cast<int>(cat)]++;
      for (int g : glyphs) {
        gone[g] = true;
        const pdf::PlacedGlyph& pg = pc.glyphs[g];
        if (pg.image >= 0) {
          page_scans[pg.image].burn.push_back(pipeline::BurnBoxOf(pg));
        } else {
          plan.glyphs.insert(pg.pos);
          // Text drawn over a scan (a scanner's invisible OCR layer) says what the picture
          // shows there, whether or not our OCR read it: the pixels under it burn too.
          pipeline::BurnUnder(pg.box, 0.25 * pg.size, &page_scans);
        }
      }
      for (const auto& [img, b] : pipeline::ValueEnds(pc.glyphs, cat, glyphs, read)) page_scans[img].burn.push_back(b);
      if (!glyphs.empty() && pc.glyphs[glyphs.front()].image >= 0) {
        const pdf::PlacedGlyph& first = pc.glyphs[glyphs.front()];
        pipeline::ScannedImage& si = page_scans[first.image];
        if (auto above = InkAboveName(first, cat, si.pdf_image.pix.get(), si.ocr)) si.burn.push_back(*above);
      }
      for (const auto& [img, cell] : pipeline::FilledCells(pc.glyphs, cat, glyphs, read))
        page_scans[img].burn.push_back(cell);
      std::vector<Rect> area;
      for (const LineBox& lb : BoxesFor(pc, glyphs)) {
        exact.emplace_back(cat, lb);
        area.push_back(ToRect(lb.box));
      }
      Collect(rd.review, p + 1, cat, std::move(area), i < pf.previews.size() ? pf.previews[i] : "");
    }
    // Printed PII labels on ruled scanned forms: the value cell goes whole (handwriting).
    // They are found again by every pass; proposing records them once.
    for (auto& si : page_scans)
      for (const auto& [cat, region] : pipeline::LabelValueRegions(si.ocr, labels)) {
        if (pipeline::HoldsOnlyAllowed(si.ocr, si.pdf_image.pix.get(), region, allowed)) continue;
        pdf::Box ub = pipeline::PixelToUser(si, region);
        if (rd.review && rd.review->Disabled(p, (ub.x0 + ub.x1) / 2, (ub.y0 + ub.y1) / 2)) continue;
        for (const image::PixelBox& part : pipeline::WithinSlantedCell(si.ocr, region)) si.burn.push_back(part);
        if (count) rep->counts[static_cast<int>(cat)]++;
        if (count) rep->boxes.push_back({p + 1, cat, ub.x0, ub.y0, ub.x1, ub.y1});  // once, not per pass
        // Drawn text over it (a scanner's invisible text layer) goes too.
        exact.push_back({cat, LineBox{ub, 0}});
        if (count) Collect(rd.review, p + 1, cat, {ToRect(ub)}, RegionPreview(si.ocr, region));
      }
    // The clerk's extra boxes (first pass): glyphs inside go, page-image pixels inside burn.
    if (count && rd.review)
      if (const auto* extra = rd.review->ExtraOn(p))
        for (const auto& [cat, ub] : *extra) {
          rep->counts[static_cast<int>(cat)]++;
          pipeline::BurnUnder(ub, 0, &page_scans);
          exact.push_back({cat, LineBox{ub, 1, true}});
        }
    if (!exact.empty()) {
      // Anything else drawn in an exact area goes with it: overprinted or invisible copies
      // of the text (their centre inside it), OCR'd copies in page images. Neighbours merely
      // touching it stay.
      for (std::size_t i = 0; i < pc.glyphs.size(); ++i) {
        const pdf::PlacedGlyph& g = pc.glyphs[i];
        double cx = (g.box.x0 + g.box.x1) / 2, cy = (g.box.y0 + g.box.y1) / 2;
        for (const auto& [cat, lb] : exact)
          if (lb.box.Contains(cx, cy)) {
            gone[i] = true;
            if (g.image >= 0) page_scans[g.image].burn.push_back(pipeline::BurnBoxOf(g));
            else plan.glyphs.insert(g.pos);
          }
      }
      for (const auto& [cat, lb] : exact) {
        if (lb.em <= 0) continue;  // a burnt label region needs no drawn box
        pdf::Box b = lb.as_is ? lb.box : DrawnBox(lb, pc, gone);
        plan.boxes.push_back(b);
        rep->boxes.push_back({p + 1, cat, b.x0, b.y0, b.x1, b.y1});
      }
      // Images under a box that were not OCR'd (and so cannot be burnt here) fail closed.
      std::set<int> scanned;
      for (const auto& si : page_scans) scanned.insert(si.placement);
      for (int k = 0; k < static_cast<int>(pc.images.size()); ++k) {
        if (scanned.count(k)) continue;
        for (const pdf::Box& b : plan.boxes)
          if (pc.images[k].box.Intersects(b))
            return Status::Error(PageError(p + 1, "a small image lies under personal information "
                                                  "and cannot be burnt"));
      }
      rep->glyphs_removed += static_cast<int>(plan.glyphs.size());
    }
    // Rewritten even without findings: marked-content /ActualText and /Alt go on every page.
    pdf::RewriteContent(plan, &pc);
    if (Status s = pdf::StoreContent(pc, plan, &doc->GetObjects()); !s.ok()) return s;
  }
  if (Status s = StoreScans(rd, doc, &scans); !s.ok()) return s;
  return acted;
}

// Image files: OCR every page, detect, burn, encode in the file's own format, verify.
Result<std::string> RedactImageFile(const Reader& rd, const Engine& engine, std::string_view bytes,
                                    const Policy& policy, RedactionReport* rep) {
  auto file = image::DecodeImageFile(bytes);
  if (!file.ok()) return file.status();
  image::ImageFile& img = file.value();
  rep->pages = static_cast<int>(img.pages.size());
  ReviewRun* review = rd.review;
  std::vector<pdf::PageContent> pages(img.pages.size());
  std::vector<pipeline::ScannedImage> scans(img.pages.size());
  for (std::size_t p = 0; p < img.pages.size(); ++p) {
    PIX* pix = img.pages[p].pix.get();
    pipeline::ScannedImage& si = scans[p];
    si.width = pixGetWidth(pix);
    si.height = pixGetHeight(pix);
    si.pixel_to_user = pdf::Matrix{1, 0, 0, -1, 0, static_cast<double>(si.height)};  // y up
    pages[p].crop_box = {0, 0, static_cast<double>(si.width), static_cast<double>(si.height)};
    int dpi = img.pages[p].dpi_x > 0 ? img.pages[p].dpi_x : 300;
    // Key by page content: decoded pixels are what OCR reads.
    l_uint32* data = pixGetData(pix);
    std::string_view raw(reinterpret_cast<const char*>(data),
                         static_cast<std::size_t>(pixGetWpl(pix)) * 4 * si.height);
    auto page = Recognize(rd, pipeline::ImageKey(raw), pix, dpi);
    if (!page.ok()) return Status::Error(PageError(static_cast<int>(p) + 1, page.status().message()));
    si.ocr = *page.value();
    if (review && review->pages)
      review->pages->push_back({static_cast<double>(si.width), static_cast<double>(si.height), 0, 0});
  }
  // Words OCR read outside the burnt areas.
  auto kept_words = [&](const pipeline::ScannedImage& si) {
    pipeline::ScannedImage kept;
    kept.width = si.width;
    kept.height = si.height;
    kept.pixel_to_user = si.pixel_to_user;
    kept.ocr = pipeline::AfterBurn(si.ocr, si.burn);
    return kept;
  };
  LexiconLabels labels(rd.impl.lexicon);
  const auto allowed = AllowedWhole(policy);
  for (std::size_t p = 0; p < img.pages.size(); ++p) {
    for (const auto& [cat, region] : pipeline::LabelValueRegions(scans[p].ocr, labels)) {
      if (pipeline::HoldsOnlyAllowed(scans[p].ocr, img.pages[p].pix.get(), region, allowed)) continue;
      pdf::Box ub = pipeline::PixelToUser(scans[p], region);
      if (review && review->Disabled(p, (ub.x0 + ub.x1) / 2, (ub.y0 + ub.y1) / 2)) continue;
      for (const image::PixelBox& part : pipeline::WithinSlantedCell(scans[p].ocr, region))
        scans[p].burn.push_back(part);
      rep->counts[static_cast<int>(cat)]++;
      rep->boxes.push_back({static_cast<int>(p) + 1, cat, double(region.x0), double(region.y0),
                            double(region.x1), double(region.y1)});
      Collect(review, static_cast<int>(p) + 1, cat, {ToRect(ub)}, RegionPreview(scans[p].ocr, region));
    }
    // The clerk's extra boxes: burnt as drawn.
    if (review)
      if (const auto* extra = review->ExtraOn(p))
        for (const auto& [cat, ub] : *extra) {
          const image::PixelBox px = pipeline::UserToPixel(scans[p], ub);  // clipped
          if (px.x0 >= px.x1 || px.y0 >= px.y1) continue;
          scans[p].burn.push_back(px);
          rep->counts[static_cast<int>(cat)]++;
          rep->boxes.push_back({static_cast<int>(p) + 1, cat, double(px.x0), double(px.y0),
                                double(px.x1), double(px.y1)});
        }
  }
  // Boxes are grown to the codec's blocks once each, after the round that added them.
  std::vector<std::size_t> aligned(img.pages.size(), 0);
  auto align_new = [&](std::size_t p) {
    image::AlignNewToCodecBlocks(&scans[p].burn, &aligned[p], img.codec, img.pages[p].tiff_compression);
  };
  // Detect on everything OCR read (a label's region burnt first must not hide the name next to
  // it: 山下 before a burnt 健一 is a surname only while 健一 is there). Burning can leave new
  // neighbours that read as PII (a label now next to other words): detect again on what is
  // left until nothing is found (at most three rounds).
  for (int round = 0; round < 3; ++round) {
    for (std::size_t p = 0; p < img.pages.size(); ++p) {
      pages[p].glyphs.clear();
      if (round == 0) pipeline::AppendOcrGlyphs(scans[p], 0, &pages[p].glyphs);
      else pipeline::AppendOcrGlyphs(kept_words(scans[p]), 0, &pages[p].glyphs);
    }
    auto found = DetectDocument(engine, pages, policy);
    if (!found.ok()) return found.status();
    DropDisabled(review, pages, &found.value());
    int added = 0;
    for (std::size_t p = 0; p < img.pages.size(); ++p) {
      pipeline::ScannedImage& si = scans[p];
      const PageFindings& pf = found.value()[p];
      for (std::size_t i = 0; i < pf.findings.size(); ++i) {
        const Category cat = pf.findings[i].first;
        const std::vector<int> glyphs =
            pipeline::WithMisreadNeighbours(pages[p].glyphs, cat, pf.findings[i].second, {&si.ocr}, labels);
        std::vector<Rect> area;
        for (const LineBox& lb : BoxesFor(pages[p], glyphs)) area.push_back(ToRect(lb.box));
        Collect(review, static_cast<int>(p) + 1, cat, std::move(area),
                i < pf.previews.size() ? pf.previews[i] : "");
        ++added;
        rep->counts[static_cast<int>(cat)]++;
        image::PixelBox all;
        std::vector<image::PixelBox> burn;
        for (int g : glyphs) burn.push_back(pipeline::BurnBoxOf(pages[p].glyphs[g]));
        for (const auto& end : pipeline::ValueEnds(pages[p].glyphs, cat, glyphs, {&si.ocr})) burn.push_back(end.second);
        if (!glyphs.empty())
          if (auto above = InkAboveName(pages[p].glyphs[glyphs.front()], cat, img.pages[p].pix.get(), si.ocr))
            burn.push_back(*above);
        for (const auto& [img, cell] : pipeline::FilledCells(pages[p].glyphs, cat, glyphs, {&si.ocr}))
          burn.push_back(cell);
        for (const image::PixelBox& b : burn) {
          si.burn.push_back(b);
          all = image::Union(all, b);
        }
        rep->boxes.push_back({static_cast<int>(p) + 1, cat, double(all.x0), double(all.y0), double(all.x1), double(all.y1)});
      }
    }
    if (added == 0) break;
    // The boxes as they will be burnt (grown to the codec's blocks): what the next round, and
    // verification, read is what is left around those.
    for (std::size_t p = 0; p < img.pages.size(); ++p) align_new(p);
  }
  for (std::size_t p = 0; p < img.pages.size(); ++p) {
    align_new(p);
    image::BurnBoxes(img.pages[p].pix.get(), scans[p].burn);
  }
  auto out = image::EncodeImageFile(img);
  if (!out.ok()) return out.status();
  // Verify: the written file decodes to the same pages, every burnt area is solid ink, and
  // what OCR read outside them holds no finding.
  auto back = image::DecodeImageFile(out.value());
  if (!back.ok()) return Status::Error("verification: output does not decode: " + back.status().message());
  if (back.value().pages.size() != img.pages.size())
    return Status::Error("verification: output has a different page count");
  std::vector<pdf::PageContent> left(img.pages.size());
  for (std::size_t p = 0; p < img.pages.size(); ++p) {
    PIX* pix = back.value().pages[p].pix.get();
    if (pixGetWidth(pix) != scans[p].width || pixGetHeight(pix) != scans[p].height)
      return Status::Error("verification: output page size differs");
    PIX* gray = pixConvertTo8(pix, 0);
    for (const auto& b : scans[p].burn) {
      int x0 = std::max(0, b.x0), y0 = std::max(0, b.y0);
      int x1 = std::min(scans[p].width, b.x1), y1 = std::min(scans[p].height, b.y1);
      long dark = 0, total = 0;
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
          l_uint32 v = 0;
          pixGetPixel(gray, x, y, &v);
          dark += v < 96;
          ++total;
        }
      if (total > 0 && dark * 100 < total * 97) {
        pixDestroy(&gray);
        return Status::Error("verification: a burnt area is not solid in the output");
      }
    }
    pixDestroy(&gray);
    pipeline::AppendOcrGlyphs(kept_words(scans[p]), 0, &left[p].glyphs);
  }
  auto again = DetectDocument(engine, left, policy);
  if (!again.ok()) return again.status();
  DropDisabled(review, left, &again.value());
  for (std::size_t p = 0; p < again.value().size(); ++p)
    if (!again.value()[p].findings.empty())
      return Status::Error("verification: " + std::to_string(again.value()[p].findings.size()) + " finding(s) (" +
                           std::string(CategoryName(again.value()[p].findings[0].first)) + ", …) remain on page " +
                           std::to_string(p + 1));
  return out;
}

}  // namespace

Result<std::vector<std::string>> Engine::PageTexts(std::string_view bytes) const {
  QuietPoDoFo();
  auto loaded = pdf::LoadPdf(bytes, pdf::LoadLimits{});
  if (!loaded.ok()) return loaded.status();
  PoDoFo::PdfMemDocument* doc = loaded.value().get();
  pipeline::OcrMemo memo;
  Reader rd{*impl_, memo};
  std::vector<std::string> out;
  try {
    std::vector<std::vector<pipeline::ScannedImage>> scans;
    auto pages = ReadPages(rd, doc, &scans);
    if (!pages.ok()) return pages.status();
    for (const auto& pc : pages.value()) out.push_back(pipeline::BuildPageText(pc.glyphs).utf8);
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error(std::string("damaged PDF (") + PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
  return out;
}

namespace {
bool IsImageFile(std::string_view b) {
  return b.starts_with("II*") || b.starts_with("MM\0*") || b.starts_with("\x89PNG") ||
         b.starts_with("\xFF\xD8\xFF");
}
}  // namespace

namespace {

// What a Proposal keeps for the apply that follows it: which bytes it was made from, and
// what OCR read there (so applying does not OCR the pages again).
struct ReviewState {
  std::size_t size = 0;
  std::size_t hash = 0;
  pipeline::OcrMemo memo;
};

// One redaction of a document, as RedactDocument describes; `rd.review` adds the clerk's
// edits or records a proposal.
Result<std::string> RedactRun(const Engine& engine, const Reader& untimed, std::string_view bytes,
                              const Policy& policy, RedactionReport& rep) {
  rep = RedactionReport{};
  Reader rd = untimed;
  if (const double limit = rd.impl.max_seconds_per_document; limit > 0)
    rd.deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(limit));
  if (IsImageFile(bytes)) return RedactImageFile(rd, engine, bytes, policy, &rep);
  if (bytes.size() < 5 || bytes.substr(0, 5) != "%PDF-")
    return Status::Error("unsupported input: not a PDF, TIFF, PNG or JPEG file");
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
      if (Status s = rd.CheckTime(); !s.ok()) return s;
      auto acted = RedactPages(rd, engine, doc.get(), policy, &rep, pass == 0);
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
      auto left = CountFindings(rd, engine, reread.value().get(), policy);
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

}  // namespace

Result<Proposal> Engine::Propose(std::string_view bytes, const Policy& policy) const {
  QuietPoDoFo();
  auto state = std::make_shared<ReviewState>();
  state->size = bytes.size();
  state->hash = std::hash<std::string_view>{}(bytes);
  Proposal prop;
  ReviewRun run;
  run.collect = &prop.findings;
  run.pages = &prop.pages;
  Reader rd{*impl_, state->memo, &run};
  auto out = RedactRun(*this, rd, bytes, policy, prop.report);
  if (!out.ok()) return out.status();
  prop.redacted = std::move(out.value());
  prop.image_file = IsImageFile(bytes);
  prop.state = std::move(state);
  return prop;
}

Result<std::string> Engine::RedactDocument(std::string_view bytes, const Policy& policy,
                                           RedactionReport* report, const ReviewEdits* edits) const {
  QuietPoDoFo();
  RedactionReport local;
  RedactionReport& rep = report ? *report : local;
  if (edits == nullptr) {
    pipeline::OcrMemo memo;
    Reader rd{*impl_, memo};
    return RedactRun(*this, rd, bytes, policy, rep);
  }
  // The proposal the edits refer to: the one given, if it was made from these bytes.
  const Proposal* prop = edits->proposal;
  auto same_bytes = [&](const Proposal* p) {
    auto* st = p ? static_cast<const ReviewState*>(p->state.get()) : nullptr;
    return st && st->size == bytes.size() && st->hash == std::hash<std::string_view>{}(bytes);
  };
  std::optional<Proposal> fresh;
  if (!same_bytes(prop)) {
    auto made = Propose(bytes, policy);
    if (!made.ok()) return made.status();
    fresh = std::move(made.value());
    prop = &*fresh;
  }
  const int pages = static_cast<int>(prop->pages.size());
  ReviewRun run;
  run.disabled.resize(pages);
  run.extra.resize(pages);
  for (int id : edits->disabled) {
    auto it = std::find_if(prop->findings.begin(), prop->findings.end(),
                           [&](const Proposal::Item& f) { return f.id == id; });
    if (it == prop->findings.end())
      return Status::Error("review: unknown finding id " + std::to_string(id));
    // A hair wider than the glyphs' own boxes, against rounding.
    for (const Rect& r : it->boxes)
      run.disabled[it->page - 1].push_back({r.x0 - 0.5, r.y0 - 0.5, r.x1 + 0.5, r.y1 + 0.5});
  }
  for (const auto& e : edits->extra) {
    if (e.page < 1 || e.page > pages)
      return Status::Error("review: extra box on page " + std::to_string(e.page) + " of " +
                           std::to_string(pages));
    pdf::Box b{std::min(e.box.x0, e.box.x1), std::min(e.box.y0, e.box.y1),
               std::max(e.box.x0, e.box.x1), std::max(e.box.y0, e.box.y1)};
    if (!(b.width() > 0 && b.height() > 0) || !std::isfinite(b.width()) || !std::isfinite(b.height()))
      return Status::Error("review: an extra box on page " + std::to_string(e.page) + " is empty");
    run.extra[e.page - 1].emplace_back(e.category, b);
  }
  for (int p : edits->whole_pages) {
    if (p < 1 || p > pages)
      return Status::Error("review: whole page " + std::to_string(p) + " of " + std::to_string(pages));
    const Proposal::Page& pg = prop->pages[p - 1];
    run.extra[p - 1].emplace_back(edits->whole_page_category,
                                  pdf::Box{pg.x0, pg.y0, pg.x0 + pg.width, pg.y0 + pg.height});
  }
  // The OCR read while proposing, copied: this run adds its own entries.
  pipeline::OcrMemo memo = static_cast<const ReviewState*>(prop->state.get())->memo;
  Reader rd{*impl_, memo, &run};
  return RedactRun(*this, rd, bytes, policy, rep);
}

std::string MaskedPreview(std::string_view utf8) {
  std::u32string cps = text::DecodeUtf8(utf8);
  std::erase_if(cps, [](char32_t c) { return text::IsSpace(c) || c == U'\n' || c == U'\t'; });
  const std::size_t n = cps.size();
  const std::size_t keep = n >= 4 ? 2 : (n >= 2 ? 1 : 0);
  std::string out = text::EncodeUtf8(std::u32string_view(cps).substr(0, keep));
  if (!out.empty()) out += ' ';
  for (std::size_t i = keep; i < n; ++i) out += "＊";
  if (n == 0) out = "＊";
  return out;
}

}  // namespace redact
