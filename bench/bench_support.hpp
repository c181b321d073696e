// What every benchmark program here needs: one engine for the process (dictionaries from
// REDACT_DATA_DIR, else the build tree's) and generated sample files, exiting with a
// one-line reason when either is missing.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "redact/redact.hpp"

namespace bench {

[[noreturn]] inline void Die(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", REDACT_BENCH_PROGRAM, what.c_str());
  std::exit(1);
}

inline const redact::Engine& SharedEngine() {
  static std::unique_ptr<redact::Engine> engine = [] {
    redact::EngineOptions o;
    if (std::getenv("REDACT_DATA_DIR") == nullptr) o.data_dir = REDACT_BENCH_DATADIR;
    auto e = redact::Engine::Create(o);
    if (!e.ok()) Die(e.status().message());
    return std::move(e.value());
  }();
  return *engine;
}

// A file under the generated samples (ctest writes them into build/samples); `rel` is
// relative to REDACT_BENCH_SAMPLES_ROOT (environment, else the build tree's samples/).
inline std::string ReadSample(const std::string& rel) {
  const char* env = std::getenv("REDACT_BENCH_SAMPLES_ROOT");
  const std::string dir = env ? env : REDACT_BENCH_SAMPLES_ROOT;
  std::ifstream in(dir + "/" + rel, std::ios::binary);
  if (!in) Die(dir + "/" + rel + " missing; run ctest -R generate_samples first");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace bench
