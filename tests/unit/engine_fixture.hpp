// One Engine for all engine-level tests (dictionaries and MeCab load once per process), and
// a helper that returns what was found as (category, source text) pairs.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "redact/redact.hpp"
#include "text/utf8.hpp"

namespace redact::testing {

inline const Engine& TestEngine() {
  static std::unique_ptr<Engine> engine = [] {
    EngineOptions o;
    o.data_dir = REDACT_TEST_DATADIR;
    auto e = Engine::Create(o);
    if (!e.ok()) {
      ADD_FAILURE() << e.status().message();
      std::abort();
    }
    return std::move(e.value());
  }();
  return *engine;
}

using Hit = std::pair<std::string, std::string>;  // category, text

inline std::vector<Hit> Find(std::string_view text, const Policy& policy = Policy::Default()) {
  auto r = TestEngine().Detect(text, policy);
  EXPECT_TRUE(r.ok());
  std::vector<Hit> hits;
  if (!r.ok()) return hits;
  auto cps = text::DecodeUtf8(text);
  for (const Finding& f : r.value())
    hits.emplace_back(std::string(CategoryName(f.category)),
                      text::EncodeUtf8(std::u32string_view(cps).substr(f.start, f.end - f.start)));
  return hits;
}

// Texts found for one category.
inline std::vector<std::string> FindOf(std::string_view category, std::string_view text,
                                       const Policy& policy = Policy::Default()) {
  std::vector<std::string> out;
  for (auto& [c, t] : Find(text, policy))
    if (c == category) out.push_back(t);
  return out;
}

}  // namespace redact::testing
