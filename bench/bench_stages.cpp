// The batch path, stage by stage, on generated samples (ctest writes them into
// build/samples/{pdf,scan}; run `ctest -R generate_samples` first):
//   decode   — a scanned page from its stored bytes: JPEG (300 dpi gray), G4 fax TIFF (200 dpi)
//   ocr      — one full-page recognition (preprocessing, Tesseract jpn, refitting)
//   detect   — the detector on the text of a page (born-digital and OCR'd)
//   interpret— load a born-digital PDF and interpret every page (glyphs with boxes)
//   rewrite  — remove a finding's glyphs, sanitize, write a fresh file (born-digital)
//   burn     — burn boxes into a page image and re-encode it in its codec (JPEG, G4)
//   verify   — what verification does: re-read the output and detect again
// Each stage runs on one thread; the end-to-end runner (bench/e2e_runner.py) gives the
// throughput of the whole flow on all cores.
#include <benchmark/benchmark.h>
#include <leptonica/allheaders.h>
#include <podofo/podofo.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_support.hpp"
#include "image/codecs.hpp"
#include "image/raster.hpp"
#include "ocr/ocr.hpp"
#include "pdf/document_limits.hpp"
#include "pdf/interpreter.hpp"
#include "pdf/rewrite.hpp"
#include "pdf/sanitize.hpp"
#include "pipeline/page_text.hpp"
#include "redact/redact.hpp"
#include "text/utf8.hpp"

namespace {

using bench::Die;
using bench::ReadSample;
using bench::SharedEngine;

const redact::ocr::OcrPool& SharedOcr() {
  static std::unique_ptr<redact::ocr::OcrPool> pool = [] {
    auto p = redact::ocr::OcrPool::Create({});
    if (!p.ok()) Die(p.status().message());
    return std::move(p.value());
  }();
  return *pool;
}

// Sample pages used by several stages.
const std::string& JpegPage() { static const std::string s = ReadSample("scan/photo_juminhyo_07.jpg"); return s; }
const std::string& FaxTiff() { static const std::string s = ReadSample("scan/fax_kaiji_04.tif"); return s; }
const std::string& FormPdf() { static const std::string s = ReadSample("pdf/form_kaiji_01.pdf"); return s; }

redact::image::ImageFile DecodeOrDie(const std::string& bytes) {
  auto f = redact::image::DecodeImageFile(bytes);
  if (!f.ok()) Die(f.status().message());
  return std::move(f.value());
}

// --- decode ---------------------------------------------------------------------------------
void BM_Decode(benchmark::State& state, const std::string& (*bytes)()) {
  const std::string& b = bytes();
  for (auto _ : state) {
    auto f = redact::image::DecodeImageFile(b);
    if (!f.ok()) Die(f.status().message());
    benchmark::DoNotOptimize(f);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(b.size()));
}
BENCHMARK_CAPTURE(BM_Decode, jpeg_page_300dpi, &JpegPage)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Decode, g4_fax_tiff_200dpi, &FaxTiff)->Unit(benchmark::kMillisecond);

// --- OCR ------------------------------------------------------------------------------------
void BM_Ocr(benchmark::State& state, const std::string& (*bytes)()) {
  auto file = DecodeOrDie(bytes());
  PIX* pix = file.pages.front().pix.get();
  const int dpi = file.pages.front().dpi_x;
  (void)SharedOcr().Recognize(pix, dpi);  // engines start outside the timing
  for (auto _ : state) {
    auto page = SharedOcr().Recognize(pix, dpi);
    if (!page.ok()) Die(page.status().message());
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK_CAPTURE(BM_Ocr, jpeg_page_300dpi, &JpegPage)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_Ocr, g4_fax_page_200dpi, &FaxTiff)->Unit(benchmark::kMillisecond)->Iterations(3);

// --- detect ---------------------------------------------------------------------------------
std::string OcrText(const std::string& bytes) {
  auto file = DecodeOrDie(bytes);
  auto page = SharedOcr().Recognize(file.pages.front().pix.get(), file.pages.front().dpi_x);
  if (!page.ok()) Die(page.status().message());
  std::string text;
  int line = -1;
  for (const auto& w : page->words) {
    if (w.line != line && line >= 0) text += '\n';
    line = w.line;
    text += redact::text::EncodeUtf8(w.text);
    text += ' ';
  }
  return text;
}

void BM_Detect(benchmark::State& state, bool scanned) {
  const redact::Engine& engine = SharedEngine();
  std::string text;
  if (scanned) {
    text = OcrText(JpegPage());
  } else {
    auto pages = engine.PageTexts(FormPdf());
    if (!pages.ok()) Die(pages.status().message());
    for (const auto& p : pages.value()) text += p + "\n";
  }
  const redact::Policy policy = redact::Policy::Default();
  for (auto _ : state) {
    auto f = engine.Detect(text, policy);
    if (!f.ok()) Die(f.status().message());
    benchmark::DoNotOptimize(f);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK_CAPTURE(BM_Detect, born_digital_form_page, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Detect, ocr_text_of_scanned_form, true)->Unit(benchmark::kMillisecond);

// --- interpret (born-digital) ---------------------------------------------------------------
// Loads the form and calls `page` with each interpreted page; returns the document.
template <typename Fn>
std::unique_ptr<PoDoFo::PdfMemDocument> InterpretForm(Fn page) {
  static const bool quiet = [] {  // as the engine does: PoDoFo's debug output off
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
    return true;
  }();
  (void)quiet;
  auto doc = redact::pdf::LoadPdf(FormPdf());
  if (!doc.ok()) Die(doc.status().message());
  redact::pdf::FontCache fonts;
  for (int p = 0; p < doc.value()->GetPageCount(); ++p) {
    auto pc = redact::pdf::InterpretPage(doc.value()->GetPage(p), &doc.value()->GetObjects(), &fonts);
    if (!pc.ok()) Die(pc.status().message());
    page(doc.value().get(), pc.value());
  }
  return std::move(doc.value());
}

void BM_Interpret(benchmark::State& state) {
  for (auto _ : state) {
    InterpretForm([](PoDoFo::PdfMemDocument*, redact::pdf::PageContent& pc) {
      auto text = redact::pipeline::BuildPageText(pc.glyphs);
      benchmark::DoNotOptimize(text);
    });
  }
}
BENCHMARK(BM_Interpret)->Unit(benchmark::kMillisecond);

// --- rewrite (born-digital): delete the first line's glyphs, sanitize, write fresh ---------
void BM_Rewrite(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = InterpretForm([](PoDoFo::PdfMemDocument* d, redact::pdf::PageContent& pc) {
      redact::pdf::RedactionPlan plan;
      for (std::size_t g = 0; g < pc.glyphs.size() && g < 20; ++g) plan.glyphs.insert(pc.glyphs[g].pos);
      if (!pc.glyphs.empty()) plan.boxes.push_back(pc.glyphs.front().box);
      redact::pdf::RewriteContent(plan, &pc);
      if (auto s = redact::pdf::StoreContent(pc, plan, &d->GetObjects()); !s.ok()) Die(s.message());
    });
    redact::pdf::SanitizeReport rep;
    if (auto s = redact::pdf::Sanitize(doc.get(), &rep); !s.ok()) Die(s.message());
    std::string out;
    if (auto s = redact::pdf::WriteFresh(doc.get(), &out); !s.ok()) Die(s.message());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Rewrite)->Unit(benchmark::kMillisecond);

// --- burn and re-encode a page image ---------------------------------------------------------
void BM_BurnEncode(benchmark::State& state, const std::string& (*bytes)()) {
  const auto original = DecodeOrDie(bytes());
  const std::vector<redact::image::PixelBox> boxes = {{400, 900, 1200, 1000}, {400, 1100, 1500, 1180}};
  for (auto _ : state) {
    state.PauseTiming();
    redact::image::ImageFile f;
    f.codec = original.codec;
    f.jpeg_quality = original.jpeg_quality;
    for (const auto& p : original.pages) {
      redact::image::FilePage c;
      c.pix.reset(pixCopy(nullptr, p.pix.get()));
      c.dpi_x = p.dpi_x, c.dpi_y = p.dpi_y, c.tiff_compression = p.tiff_compression;
      f.pages.push_back(std::move(c));
    }
    state.ResumeTiming();
    for (auto& p : f.pages)
      redact::image::BurnBoxes(p.pix.get(),
                               redact::image::AlignToCodecBlocks(boxes, f.codec, p.tiff_compression));
    auto out = redact::image::EncodeImageFile(f);
    if (!out.ok()) Die(out.status().message());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK_CAPTURE(BM_BurnEncode, jpeg_page_300dpi, &JpegPage)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BurnEncode, g4_fax_tiff_200dpi, &FaxTiff)->Unit(benchmark::kMillisecond);

// --- verify: re-read the redacted output and detect again ------------------------------------
void BM_Verify(benchmark::State& state) {
  const redact::Engine& engine = SharedEngine();
  const redact::Policy policy = redact::Policy::Default();
  auto redacted = engine.RedactDocument(FormPdf(), policy);
  if (!redacted.ok()) Die(redacted.status().message());
  for (auto _ : state) {
    auto pages = engine.PageTexts(redacted.value());
    if (!pages.ok()) Die(pages.status().message());
    std::string text;
    for (const auto& p : pages.value()) text += p + "\n";
    auto f = engine.Detect(text, policy);
    if (!f.ok()) Die(f.status().message());
    if (!f->empty()) Die("verification found something left in a redacted sample");
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_Verify)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
