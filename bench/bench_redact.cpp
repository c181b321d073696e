// Born-digital redaction latency: one generated single-page form through the whole flow
// (load, interpret, detect, rewrite, sanitize, write, verify). The sample comes from
// samples/pdf/gen_pdf_samples.py (ctest generates it into build/samples/pdf).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "redact/redact.hpp"

namespace {

const redact::Engine& SharedEngine() {
  static std::unique_ptr<redact::Engine> engine = [] {
    redact::EngineOptions o;
    if (std::getenv("REDACT_DATA_DIR") == nullptr) o.data_dir = REDACT_BENCH_DATADIR;
    auto e = redact::Engine::Create(o);
    if (!e.ok()) {
      std::fprintf(stderr, "bench_redact: %s\n", e.status().message().c_str());
      std::exit(1);
    }
    return std::move(e.value());
  }();
  return *engine;
}

std::string ReadSample(const char* name) {
  std::string dir = std::getenv("REDACT_BENCH_SAMPLES") ? std::getenv("REDACT_BENCH_SAMPLES")
                                                         : REDACT_BENCH_SAMPLES;
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "bench_redact: %s/%s missing; run ctest -R pdf.generate_samples first\n",
                 dir.c_str(), name);
    std::exit(1);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void RedactSample(benchmark::State& state, const char* name) {
  const redact::Engine& engine = SharedEngine();
  const std::string pdf = ReadSample(name);
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
