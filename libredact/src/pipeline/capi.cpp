// The C ABI (redact.h) over the C++ Engine: opaque handles, error strings, JSON reports.
#include "redact/redact.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "redact/redact.hpp"

struct redact_engine {
  std::unique_ptr<redact::Engine> engine;
};

struct redact_result {
  std::string data;
  std::string report;
};

namespace {

char* Dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

int Fail(char** error, const std::string& reason) {
  if (error != nullptr) *error = Dup(reason);
  return 1;
}

redact::Result<redact::Policy> PolicyOf(const char* json) {
  if (json == nullptr) return redact::Policy::Default();
  return redact::Policy::FromJson(json);
}

double Round2(double v) { return std::round(v * 100) / 100; }

}  // namespace

std::string redact::RedactionReport::ToJson() const {
  nlohmann::json by_category = nlohmann::json::object();
  for (int c = 0; c < kCategoryCount; ++c)
    if (counts[c] > 0) by_category[std::string(CategoryName(static_cast<Category>(c)))] = counts[c];
  nlohmann::json list = nlohmann::json::array();
  for (const auto& b : boxes)
    list.push_back({{"page", b.page},
                    {"category", std::string(CategoryName(b.category))},
                    {"box", {Round2(b.x0), Round2(b.y0), Round2(b.x1), Round2(b.y1)}}});
  return nlohmann::json{{"pages", pages},
                        {"counts", by_category},
                        {"boxes", list},
                        {"glyphs_removed", glyphs_removed},
                        {"hidden_channels_removed", hidden_channels_removed}}
      .dump();
}

namespace {

}  // namespace

extern "C" {

redact_engine* redact_engine_new(const char* data_dir, char** error) {
  try {
    redact::EngineOptions o;
    if (data_dir != nullptr) o.data_dir = data_dir;
    auto e = redact::Engine::Create(o);
    if (!e.ok()) {
      Fail(error, e.status().message());
      return nullptr;
    }
    auto* h = new redact_engine;
    h->engine = std::move(e.value());
    return h;
  } catch (const std::exception&) {
    Fail(error, "engine could not be created (out of memory)");
    return nullptr;
  }
}

void redact_engine_free(redact_engine* engine) { delete engine; }

int redact_buffer(const redact_engine* engine, const unsigned char* input, size_t input_len,
                  const char* policy_json, redact_result** result, char** error) {
  if (result != nullptr) *result = nullptr;
  if (engine == nullptr || input == nullptr || result == nullptr) return Fail(error, "invalid argument");
  try {
    auto policy = PolicyOf(policy_json);
    if (!policy.ok()) return Fail(error, policy.status().message());
    redact::RedactionReport rep;
    auto out = engine->engine->RedactDocument(
        std::string_view(reinterpret_cast<const char*>(input), input_len), policy.value(), &rep);
    if (!out.ok()) return Fail(error, out.status().message());
    auto* r = new redact_result;
    r->data = std::move(out.value());
    r->report = rep.ToJson();
    *result = r;
    return 0;
  } catch (const std::exception&) {
    return Fail(error, "redaction failed (out of memory or internal error); nothing returned");
  }
}

const unsigned char* redact_result_data(const redact_result* result, size_t* len) {
  if (result == nullptr) return nullptr;
  if (len != nullptr) *len = result->data.size();
  return reinterpret_cast<const unsigned char*>(result->data.data());
}

const char* redact_result_report_json(const redact_result* result) {
  return result == nullptr ? nullptr : result->report.c_str();
}

void redact_result_free(redact_result* result) { delete result; }

int redact_detect_text(const redact_engine* engine, const char* utf8, const char* policy_json,
                       char** json_out, char** error) {
  if (json_out != nullptr) *json_out = nullptr;
  if (engine == nullptr || utf8 == nullptr || json_out == nullptr) return Fail(error, "invalid argument");
  try {
    auto policy = PolicyOf(policy_json);
    if (!policy.ok()) return Fail(error, policy.status().message());
    auto found = engine->engine->Detect(utf8, policy.value());
    if (!found.ok()) return Fail(error, found.status().message());
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& f : found.value())
      arr.push_back({{"category", std::string(redact::CategoryName(f.category))},
                     {"start", f.start},
                     {"end", f.end},
                     {"score", Round2(f.score)}});
    *json_out = Dup(nlohmann::json{{"findings", arr}}.dump());
    return *json_out ? 0 : Fail(error, "out of memory");
  } catch (const std::exception&) {
    return Fail(error, "detection failed (out of memory or internal error)");
  }
}

void redact_string_free(char* s) { std::free(s); }

}  // extern "C"
