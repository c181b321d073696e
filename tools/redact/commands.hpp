// Subcommands of the `redact` tool.
#pragma once

#include <string>

namespace redact_cli {

struct DetectArgs {
  bool jsonl = false;
  std::string policy_file;
  std::string data_dir;
};

// `redact detect`: stdin text → JSON findings on stdout. Returns the exit code.
int RunDetect(const DetectArgs& args);

}  // namespace redact_cli
