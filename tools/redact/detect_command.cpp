// `redact detect [--jsonl]`: the text-level detector on stdin. With --jsonl every input line
// is one document and yields one JSON line {"findings":[...]} with code point offsets into
// that line; without it, all of stdin is one document. The engine loads once and streams.
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "redact/redact.hpp"

namespace redact_cli {
namespace {

// Code point [start, end) of a UTF-8 string, decoding as the engine does.
std::string Slice(const std::string& utf8, std::size_t start, std::size_t end,
                  std::vector<std::size_t>* cp_offsets) {
  // Byte offset of every code point (invalid bytes count as one code point each, as in the
  // engine's decoder).
  cp_offsets->clear();
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  std::size_t i = 0;
  while (i < utf8.size()) {
    cp_offsets->push_back(i);
    unsigned c = p[i];
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    bool ok = i + len <= utf8.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    i += ok ? len : 1;
  }
  cp_offsets->push_back(utf8.size());
  if (end >= cp_offsets->size()) end = cp_offsets->size() - 1;
  return utf8.substr((*cp_offsets)[start], (*cp_offsets)[end] - (*cp_offsets)[start]);
}

nlohmann::json FindingsJson(const std::string& doc, const std::vector<redact::Finding>& fs) {
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::size_t> offsets;
  for (const auto& f : fs) {
    arr.push_back({{"category", std::string(redact::CategoryName(f.category))},
                   {"start", f.start},
                   {"end", f.end},
                   {"text", Slice(doc, f.start, f.end, &offsets)},
                   {"score", std::round(f.score * 100) / 100}});
  }
  return nlohmann::json{{"findings", std::move(arr)}};
}

}  // namespace

bool Setup(const std::string& policy_file, const std::string& data_dir, redact::Policy* policy,
           std::unique_ptr<redact::Engine>* engine, double max_seconds) {
  *policy = redact::Policy::Default();
  if (!policy_file.empty()) {
    auto p = redact::Policy::FromFile(policy_file);
    if (!p.ok()) {
      std::cerr << "redact: " << p.status().message() << "\n";
      return false;
    }
    *policy = std::move(p.value());
  }
  redact::EngineOptions opts;
  opts.data_dir = data_dir;
  opts.max_seconds_per_document = max_seconds;
  auto e = redact::Engine::Create(opts);
  if (!e.ok()) {
    std::cerr << "redact: " << e.status().message() << "\n";
    return false;
  }
  *engine = std::move(e.value());
  return true;
}

int RunDetect(const DetectArgs& args) {
  redact::Policy policy;
  std::unique_ptr<redact::Engine> engine;
  if (!Setup(args.policy_file, args.data_dir, &policy, &engine)) return 2;
  std::ios::sync_with_stdio(false);
  auto emit = [&](const std::string& doc) {
    auto found = engine->Detect(doc, policy);
    if (!found.ok()) {
      std::cerr << "redact: " << found.status().message() << "\n";
      return false;
    }
    std::cout << FindingsJson(doc, found.value())
                     .dump(-1, ' ', /*ensure_ascii=*/false,
                           nlohmann::json::error_handler_t::replace)
              << '\n';
    return true;
  };
  if (args.jsonl) {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!emit(line)) return 1;
    }
  } else {
    std::string doc((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (!emit(doc)) return 1;
  }
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}

int RunInspect(const std::string& file, const std::string& data_dir) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  redact::Policy policy;
  std::unique_ptr<redact::Engine> engine;
  if (!Setup("", data_dir, &policy, &engine)) return 2;
  auto pages = engine->PageTexts(bytes);
  if (!pages.ok()) {
    std::cerr << "redact: " << pages.status().message() << "\n";
    return 1;
  }
  for (std::size_t p = 0; p < pages.value().size(); ++p) {
    const std::string& text = pages.value()[p];
    std::cout << "=== page " << p + 1 << " ===\n" << text << "\n--- findings ---\n";
    auto found = engine->Detect(text, policy);
    if (!found.ok()) return 1;
    std::vector<std::size_t> offsets;
    for (const auto& f : found.value())
      std::cout << redact::CategoryName(f.category) << "\t" << Slice(text, f.start, f.end, &offsets)
                << "\t" << f.score << "\n";
  }
  return 0;
}

}  // namespace redact_cli
