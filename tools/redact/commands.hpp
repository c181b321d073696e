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
// `max_seconds`: the engine's time limit per document (0: none).
bool Setup(const std::string& policy_file, const std::string& data_dir, redact::Policy* policy,
           std::unique_ptr<redact::Engine>* engine, double max_seconds = 0);

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
  // Limits per file: wall-clock seconds (0: none), and the address space per worker in MB
  // (0: none; folders only, as RLIMIT_AS of jobs x MB + kMemoryBaseMb for the process).
  double max_seconds = 600;
  long max_memory_mb = 0;
};

// Address space the process needs besides its workers: libraries, dictionaries, MeCab.
constexpr long kMemoryBaseMb = 512;  // measured: VmPeak 412 MB for one worker over the scan samples

// `redact inspect FILE`: page texts and findings, for looking at what detection sees.
int RunInspect(const std::string& file, const std::string& data_dir);

// `redact IN -o OUT`: one document. Exit 0 only when OUT was written and verified.
int RunRedactFile(const RedactArgs& args);

// `redact DIR... -o OUT_DIR`: folders. Exit 0 all redacted, 1 some failed, 2 could not
// start, 130 interrupted.
int RunRedactFolder(const RedactArgs& args, const std::vector<std::string>& inputs);

struct ServeArgs {
  int port = 0;  // 0: any free port
  bool no_open = false;
  std::string policy_file;
  std::string data_dir;
  std::string web_dir;            // the page's files; empty: next to the binary, then installed
  int max_upload_mb = 64;         // per file
  int max_files = 200;            // per session
  int idle_seconds = 180;         // the session ends this long after the page stops calling in
                                  // (a hidden tab's timers may run only once a minute)
  std::string suffix = "_墨消し";  // download names: <original stem><suffix>.pdf
  double max_seconds = 300;       // per file; past it the file fails with a time-limit reason
};

// `redact serve`: the clerk's page on 127.0.0.1 (prints its URL with a per-launch token).
// Returns when the session ends (page closed, end button, SIGINT/SIGTERM); 2 if it could not start.
int RunServe(const ServeArgs& args);

}  // namespace redact_cli
