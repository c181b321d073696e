// Detector throughput: MB of Japanese text per second, one thread and all cores.
// Text: synthetic letters and form rows (no real people), built here so the benchmark needs
// no files.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <string>

#include "bench_support.hpp"
#include "redact/redact.hpp"

namespace {

using bench::SharedEngine;

// About 64 KB of mixed prose and form text with PII in a realistic density.
std::string MakeDocument() {
  static const char* kSurnames[] = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"};
  static const char* kGiven[] = {"太郎", "花子", "健一", "美咲", "翔太", "陽菜", "大輔", "彩"};
  std::mt19937 rng(42);
  std::string doc;
  int k = 0;
  while (doc.size() < 64 * 1024) {
    std::string name = std::string(kSurnames[rng() % 8]) + kGiven[rng() % 8];
    switch (k++ % 4) {
      case 0:
        doc += "令和6年4月1日付けで受け付けた行政文書開示請求について、下記のとおり決定しましたので通知します。";
        break;
      case 1:
        doc += "氏名\t" + name + "\t住所\t神奈川県横浜市中区港町" + std::to_string(rng() % 9 + 1) +
               "丁目" + std::to_string(rng() % 20 + 1) + "番地\t電話番号\t045-" +
               std::to_string(100 + rng() % 900) + "-" + std::to_string(1000 + rng() % 9000);
        break;
      case 2:
        doc += name + "様から提出された資料は、総務課において保管し、審査会の答申を踏まえて判断します。";
        break;
      case 3:
        doc += "担当：市民課 " + name + "（内線1234）。本件に関する問い合わせは平日の午前9時から午後5時まで受け付けます。";
        break;
    }
    doc += "\n";
  }
  return doc;
}

void BM_Detect(benchmark::State& state) {
  const redact::Engine& engine = SharedEngine();
  static const std::string doc = MakeDocument();
  const redact::Policy policy = redact::Policy::Default();
  for (auto _ : state) {
    auto findings = engine.Detect(doc, policy);
    benchmark::DoNotOptimize(findings);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(doc.size()));
}
BENCHMARK(BM_Detect)->Unit(benchmark::kMillisecond)->UseRealTime()->ThreadRange(1, 2);

}  // namespace

BENCHMARK_MAIN();
