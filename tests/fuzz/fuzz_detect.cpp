// Fuzz target: the detector (normalization, RE2 patterns, MeCab, gazetteer, merger) on
// arbitrary bytes as `redact detect` receives them. Every finding must lie inside the text.
// Needs the compiled dictionaries: REDACT_DATA_DIR, or the build tree's share/libredact.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "redact/redact.hpp"
#include "text/utf8.hpp"

namespace {
const redact::Engine& TheEngine() {
  static std::unique_ptr<redact::Engine> engine = [] {
    redact::EngineOptions o;
    if (std::getenv("REDACT_DATA_DIR") == nullptr) o.data_dir = REDACT_FUZZ_DATADIR;
    auto e = redact::Engine::Create(o);
    if (!e.ok()) {
      std::fprintf(stderr, "fuzz_detect: no engine: %s\n", e.status().message().c_str());
      std::abort();
    }
    return std::move(e.value());
  }();
  return *engine;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto found = TheEngine().Detect(text, redact::Policy::Default());
  if (!found.ok()) return 0;
  const size_t n = redact::text::DecodeUtf8(text).size();
  for (const redact::Finding& f : found.value()) {
    if (f.start > f.end || f.end > n) {
      std::fprintf(stderr, "finding [%zu, %zu) outside a text of %zu code points\n",
                   static_cast<size_t>(f.start), static_cast<size_t>(f.end), n);
      std::abort();
    }
  }
  return 0;
}
