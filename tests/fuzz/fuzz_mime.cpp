// Fuzz target: the mail gateway's MIME handling (tools/milter/mime_redactor.cpp over GMime 3)
// on arbitrary messages. A message that is not held must come back with a body, and the
// outcome's reason is one line. Needs the compiled dictionaries (see fuzz_detect.cpp).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "mime_redactor.hpp"
#include "redact/redact.hpp"

namespace {
const redact::Engine& TheEngine() {
  static std::unique_ptr<redact::Engine> engine = [] {
    redact::EngineOptions o;
    if (std::getenv("REDACT_DATA_DIR") == nullptr) o.data_dir = REDACT_FUZZ_DATADIR;
    auto e = redact::Engine::Create(o);
    if (!e.ok()) {
      std::fprintf(stderr, "fuzz_mime: no engine: %s\n", e.status().message().c_str());
      std::abort();
    }
    redact_milter::InitMime();
    return std::move(e.value());
  }();
  return *engine;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view message(reinterpret_cast<const char*>(data), size);
  std::atomic<bool> cancel{false};
  auto out = redact_milter::RedactMessage(TheEngine(), message, redact::Policy::Default(),
                                          redact_milter::TextRules{}, &cancel);
  if (out.reason.find('\n') != std::string::npos) {
    std::fprintf(stderr, "reason spans lines\n");
    std::abort();
  }
  return 0;
}
