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

struct RedactArgs {
  std::string input;
  std::string output;
  std::string report_file;
  std::string policy_file;
  std::string data_dir;
};

// `redact inspect FILE`: page texts and findings, for looking at what detection sees.
int RunInspect(const std::string& file, const std::string& data_dir);

// `redact IN -o OUT`: one document. Exit 0 only when OUT was written and verified.
int RunRedactFile(const RedactArgs& args);

}  // namespace redact_cli
