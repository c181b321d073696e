// Subcommands of the `redact` tool.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "redact/redact.hpp"

namespace redact_cli {

struct DetectArgs {
  bool jsonl = false;
  std::string policy_file;
  std::string data_dir;
};

// Loads the policy (default when `policy_file` is empty) and creates the engine; prints a
// one-line reason and returns false when either fails.
bool Setup(const std::string& policy_file, const std::string& data_dir, redact::Policy* policy,
           std::unique_ptr<redact::Engine>* engine);

// `redact detect`: stdin text → JSON findings on stdout. Returns the exit code.
int RunDetect(const DetectArgs& args);

struct RedactArgs {
  std::string input;
  std::string output;
  std::string report_file;
  std::string policy_file;
  std::string data_dir;
  // Folders:
  int jobs = 0;        // 0: one per core
  bool resume = false;
  int shard_index = 0, shard_count = 0;  // --shard K/N (0-based K)
};

// `redact inspect FILE`: page texts and findings, for looking at what detection sees.
int RunInspect(const std::string& file, const std::string& data_dir);

// `redact IN -o OUT`: one document. Exit 0 only when OUT was written and verified.
int RunRedactFile(const RedactArgs& args);

// `redact DIR... -o OUT_DIR`: folders. Exit 0 all redacted, 1 some failed, 2 could not
// start, 130 interrupted.
int RunRedactFolder(const RedactArgs& args, const std::vector<std::string>& inputs);

}  // namespace redact_cli
