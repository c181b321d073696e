// Born-digital redaction latency: one generated single-page form through the whole flow
// (load, interpret, detect, rewrite, sanitize, write, verify). The sample comes from
// samples/pdf/gen_pdf_samples.py (ctest generates it into build/samples/pdf).
#include <benchmark/benchmark.h>

#include <string>

#include "bench_support.hpp"
#include "redact/redact.hpp"

namespace {

using bench::SharedEngine;

void RedactSample(benchmark::State& state, const char* name) {
  const redact::Engine& engine = SharedEngine();
  const std::string pdf = bench::ReadSample(std::string("pdf/") + name);
  const redact::Policy policy = redact::Policy::Default();
  for (auto _ : state) {
    auto out = engine.RedactDocument(pdf, policy);
    if (!out.ok()) {
      state.SkipWithError(out.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(out);
  }
}

void BM_RedactOnePageForm(benchmark::State& state) { RedactSample(state, "form_kaiji_01.pdf"); }
void BM_RedactTwoPageMinutes(benchmark::State& state) { RedactSample(state, "minutes_shinsakai_09.pdf"); }
BENCHMARK(BM_RedactOnePageForm)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RedactTwoPageMinutes)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
