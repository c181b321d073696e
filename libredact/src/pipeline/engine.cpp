// The Engine: loads dictionaries and the MeCab model once, then runs the detect flow
// (normalize → tokenize → detectors → merge) for any number of threads.
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "pipeline/engine_impl.hpp"
#include "detect/address.hpp"
#include "detect/form_labels.hpp"
#include "detect/identifiers.hpp"
#include "detect/merger.hpp"
#include "detect/person.hpp"
#include "redact/redact.hpp"
#include "text/utf8.hpp"

namespace redact {


namespace {

std::string ChooseDataDir(const EngineOptions& o) {
  if (!o.data_dir.empty()) return o.data_dir;
  if (const char* env = std::getenv("REDACT_DATA_DIR"); env != nullptr && *env != '\0') return env;
  // Next to the running binary: <prefix>/bin/../share/libredact (build tree and install).
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto candidate = exe.parent_path().parent_path() / "share" / "libredact";
    if (std::filesystem::exists(candidate / "labels.tsv", ec)) return candidate.string();
  }
  return REDACT_INSTALL_DATADIR;
}

}  // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;
const std::string& Engine::data_dir() const { return impl_->data_dir; }

Result<std::unique_ptr<Engine>> Engine::Create(const EngineOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->data_dir = ChooseDataDir(options);
  if (!(options.max_seconds_per_document >= 0) || !std::isfinite(options.max_seconds_per_document))
    return Status::Error("max_seconds_per_document must be 0 (no limit) or a positive number");
  impl->max_seconds_per_document = options.max_seconds_per_document;
  if (Status s = detect::LoadLexicon(impl->data_dir, &impl->lexicon); !s.ok()) return s;
  auto tok = detect::Tokenizer::Create(options.mecab_dicdir.empty() ? REDACT_MECAB_DICDIR
                                                                    : options.mecab_dicdir);
  if (!tok.ok()) return tok.status();
  impl->tokenizer = std::move(tok.value());
  impl->detectors = detect::MakeIdentifierDetectors();
  impl->detectors.push_back(std::make_unique<detect::PersonDetector>(impl->lexicon));
  impl->detectors.push_back(std::make_unique<detect::AddressDetector>(impl->lexicon));
  impl->detectors.push_back(std::make_unique<detect::FormLabelDetector>(impl->lexicon));
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Result<std::vector<Finding>> Engine::Detect(std::string_view utf8, const Policy& policy) const {
  auto prepared = detect::PreparedPolicy::Prepare(policy);
  if (!prepared.ok()) return prepared.status();
  text::NormalizedText t = text::Normalize(text::DecodeUtf8(utf8));
  std::vector<detect::Token> tokens = impl_->tokenizer->Tokenize(t);
  detect::DetectInput in{t, tokens};
  std::vector<detect::Candidate> cands;
  for (const auto& d : impl_->detectors) d->Detect(in, &cands);
  prepared.value()->DenyCandidates(t, &cands);
  return detect::Resolve(std::move(cands), t, *prepared.value());
}

}  // namespace redact
