// `redact IN -o OUT [--report R.json]`: one document in, one verified document out. The
// output is written to a temporary name beside OUT and renamed only after the engine has
// verified it; on any failure there is no OUT and the reason is one line on stderr.
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "redact/redact.hpp"

namespace fs = std::filesystem;

namespace redact_cli {
namespace {

int Fail(const std::string& reason) {
  std::cerr << "redact: " << reason << "\n";
  return 1;
}

// Writes `data` to `path` through a temporary file in the same folder, flushed to disk.
bool WriteAtomically(const fs::path& path, const std::string& data, std::string* error) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::string tmpl = (dir / ".redact-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    *error = "cannot create a file in the output folder";
    return false;
  }
  const char* p = data.data();
  std::size_t left = data.size();
  bool ok = true;
  while (left > 0 && ok) {
    ssize_t n = ::write(fd, p, left);
    if (n <= 0) ok = false;
    else p += n, left -= static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  ok = ok && std::rename(tmpl.c_str(), path.c_str()) == 0;
  if (!ok) {
    ::unlink(tmpl.c_str());
    *error = "cannot write the output (disk full or no permission); nothing written";
  }
  return ok;
}

}  // namespace

int RunRedactFile(const RedactArgs& args) {
  std::error_code ec;
  fs::path in(args.input), out(args.output);
  if (args.output.empty()) return Fail("no output given (-o OUT)");
  if (!fs::is_regular_file(in, ec)) {
    if (fs::is_directory(in, ec)) return Fail("folders are not supported by this build; give one file");
    return Fail("input is not a readable file");
  }
  if (fs::exists(out, ec) && fs::equivalent(in, out, ec)) return Fail("output would overwrite the input; refused");
  if (fs::is_directory(out, ec)) return Fail("output is a folder; give a file name");
  std::ifstream f(in, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  if (!f.good() && !f.eof()) return Fail("cannot read the input");
  redact::Policy policy;
  std::unique_ptr<redact::Engine> engine;
  if (!Setup(args.policy_file, args.data_dir, &policy, &engine, args.max_seconds)) return 1;
  redact::RedactionReport report;
  redact::Result<std::string> result = redact::Status::Error("not run");
  try {
    result = engine->RedactDocument(ss.str(), policy, &report);
  } catch (const std::bad_alloc&) {
    result = redact::Status::Error("out of memory while redacting this file");
  }
  if (!result.ok()) {
    if (!args.report_file.empty()) {
      std::string err;
      nlohmann::json j{{"status", "failed"}, {"reason", result.status().message()}};
      WriteAtomically(args.report_file, j.dump(2) + "\n", &err);
    }
    return Fail(result.status().message() + "; nothing written");
  }
  std::string err;
  if (!WriteAtomically(out, result.value(), &err)) return Fail(err);
  nlohmann::json j = nlohmann::json::parse(report.ToJson());
  j["status"] = "redacted";
  if (!args.report_file.empty() && !WriteAtomically(args.report_file, j.dump(2) + "\n", &err))
    return Fail("output written, but the report could not be: " + err);
  return 0;
}

}  // namespace redact_cli
