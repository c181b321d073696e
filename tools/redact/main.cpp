// The `redact` command line: `redact detect` (text → findings) and `redact IN -o OUT`
// (documents; the born-digital and scanned paths land in later work and refuse until then).
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"libredact: removes personal information from Japanese documents"};
  app.require_subcommand(0, 1);

  redact_cli::DetectArgs detect_args;
  CLI::App* detect = app.add_subcommand("detect", "Find personal information in UTF-8 text on stdin");
  detect->add_flag("--jsonl", detect_args.jsonl,
                   "One document per input line; one JSON object per output line");
  detect->add_option("--policy", detect_args.policy_file, "Policy file (JSON)")->check(CLI::ExistingFile);
  detect->add_option("--data-dir", detect_args.data_dir, "Compiled dictionaries folder");

  std::vector<std::string> inputs;
  std::string output;
  app.add_option("inputs", inputs, "Files or folders to redact");
  app.add_option("-o,--output", output, "Output file or folder");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*detect) return redact_cli::RunDetect(detect_args);
  if (inputs.empty()) {
    std::cerr << app.help();
    return 2;
  }
  // Fail closed: nothing is written until document redaction exists.
  std::cerr << "redact: document redaction is not available in this build; no output written\n";
  return 3;
}
