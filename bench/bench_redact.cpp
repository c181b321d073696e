// Redaction latency of one document through the whole flow (load, interpret, OCR for page
// images, detect, rewrite or burn, sanitize, write, verify): born-digital samples from
// samples/pdf/gen_pdf_samples.py, scanned ones from samples/scan/gen_scan_samples.py (ctest
// generates both under build/samples). The scanned cases are the issue's "one-page scanned
// form on one core" bar: the CPU column is the calling thread's time, which is all of it (the
// engine runs Tesseract single-threaded). The engine's OCR is started before timing, as in
// any long-running user (batch workers, the milter, the clerk page).
#include <benchmark/benchmark.h>

#include <string>

#include "bench_support.hpp"
#include "redact/redact.hpp"

namespace {

using bench::SharedEngine;

void RedactSample(benchmark::State& state, const std::string& name) {
  const redact::Engine& engine = SharedEngine();
  const std::string pdf = bench::ReadSample(name);
  const redact::Policy policy = redact::Policy::Default();
  if (name.rfind("scan/", 0) == 0) (void)engine.RedactDocument(pdf, policy);  // OCR engines start
  for (auto _ : state) {
    auto out = engine.RedactDocument(pdf, policy);
    if (!out.ok()) {
      state.SkipWithError(out.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(out);
  }
}

void BM_RedactOnePageForm(benchmark::State& state) { RedactSample(state, "pdf/form_kaiji_01.pdf"); }
void BM_RedactTwoPageMinutes(benchmark::State& state) { RedactSample(state, "pdf/minutes_shinsakai_09.pdf"); }
// A 300 dpi grey JPEG scan of a hand-filled request form, and a page image with a text layer.
void BM_RedactOnePageScannedForm(benchmark::State& state) { RedactSample(state, "scan/scan_kaiji_01.pdf"); }
void BM_RedactOnePageMixedForm(benchmark::State& state) { RedactSample(state, "scan/mixed_uketsuke_09.pdf"); }
BENCHMARK(BM_RedactOnePageForm)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RedactTwoPageMinutes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RedactOnePageScannedForm)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_RedactOnePageMixedForm)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
