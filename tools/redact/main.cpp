// The `redact` command line: `redact detect` (text → findings), `redact IN -o OUT`
// (one PDF with a text layer: removed, sanitized, written fresh and verified) and
// `redact serve` (the clerk's page).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
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

  std::string inspect_file;
  CLI::App* inspect = app.add_subcommand(
      "inspect", "Print the text the engine reads on each page of a PDF, and what it finds there");
  inspect->add_option("file", inspect_file, "PDF file")->required()->check(CLI::ExistingFile);

  redact_cli::ServeArgs serve_args;
  CLI::App* serve = app.add_subcommand(
      "serve", "The clerk's page: drop files in the browser, review what was found, download");
  serve->add_option("--port", serve_args.port, "Port on 127.0.0.1 (default: any free port)");
  serve->add_flag("--no-open", serve_args.no_open, "Only print the URL; do not open a browser");
  serve->add_option("--policy", serve_args.policy_file, "Policy file (JSON)")->check(CLI::ExistingFile);
  serve->add_option("--data-dir", serve_args.data_dir, "Compiled dictionaries folder");
  serve->add_option("--web-dir", serve_args.web_dir, "The page's files (default: found next to the binary)");
  serve->add_option("--max-upload-mb", serve_args.max_upload_mb, "Largest file accepted, in MB")
      ->check(CLI::Range(1, 2048));
  serve->add_option("--max-files", serve_args.max_files, "Files per session")->check(CLI::Range(1, 10000));
  serve->add_option("--idle-seconds", serve_args.idle_seconds,
                    "End the session this long after the page stops calling in")->check(CLI::Range(5, 86400));
  serve->add_option("--suffix", serve_args.suffix, "Added to the name of downloaded files");
  serve->add_option("--max-seconds", serve_args.max_seconds, "Time limit per file in seconds (0: none)")
      ->check(CLI::Range(0.0, 1e7));

  std::vector<std::string> inputs;
  redact_cli::RedactArgs redact_args;
  app.add_option("inputs", inputs, "Files or folders to redact");
  app.add_option("-o,--output", redact_args.output, "Output file (or folder, for folders)");
  app.add_option("--report", redact_args.report_file, "Write a JSON report (no personal data)");
  app.add_option("--policy", redact_args.policy_file, "Policy file (JSON)")->check(CLI::ExistingFile);
  app.add_option("--data-dir", redact_args.data_dir, "Compiled dictionaries folder");
  app.add_option("-j,--jobs", redact_args.jobs, "Folders: files in parallel (default: one per core)");
  app.add_flag("--resume", redact_args.resume, "Folders: skip files already redacted with the same content");
  app.add_option("--max-seconds", redact_args.max_seconds,
                 "Time limit per file in seconds (0: none); past it the file fails, nothing written")
      ->check(CLI::Range(0.0, 1e7));
  app.add_option("--max-memory-mb", redact_args.max_memory_mb,
                 "Folders: memory (address space) per worker in MB; a file that needs more fails alone")
      ->check(CLI::Range(64L, 1L << 20));
  std::string shard;
  app.add_option("--shard", shard, "Folders: process only share K of N (K/N, 0-based), by path hash");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*detect) return redact_cli::RunDetect(detect_args);
  if (*inspect) return redact_cli::RunInspect(inspect_file, detect_args.data_dir);
  if (*serve) return redact_cli::RunServe(serve_args);
  if (inputs.empty()) {
    std::cerr << app.help();
    return 2;
  }
  if (!shard.empty()) {
    int k = -1, n = 0;
    if (std::sscanf(shard.c_str(), "%d/%d", &k, &n) != 2 || n < 1 || k < 0 || k >= n) {
      std::cerr << "redact: --shard takes K/N with 0 <= K < N\n";
      return 2;
    }
    redact_args.shard_index = k;
    redact_args.shard_count = n;
  }
  std::error_code ec;
  if (inputs.size() > 1 || std::filesystem::is_directory(inputs[0], ec))
    return redact_cli::RunRedactFolder(redact_args, inputs);
  redact_args.input = inputs[0];
  return redact_cli::RunRedactFile(redact_args);
}
