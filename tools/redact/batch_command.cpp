// `redact IN_DIR -o OUT_DIR`: every PDF/TIFF/PNG/JPEG below IN_DIR, in parallel, into the
// same tree below OUT_DIR. Outputs appear only verified (temporary name, then rename);
// failures leave a reason file under OUT_DIR/_failed/ (never a copy of the input); a state
// log lets --resume skip files already done with the same content, so a killed run goes on
// where it stopped; SIGINT stops taking new files and lets the ones in flight finish.
#include <openssl/evp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <new>
#include <thread>

#include "commands.hpp"
#include "redact/redact.hpp"

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
#define REDACT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REDACT_ASAN 1
#endif
#endif

namespace redact_cli {
namespace {

std::atomic<bool> g_stop{false};
void OnSigint(int) { g_stop = true; }

bool Redactable(const fs::path& p) {
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".pdf" || ext == ".tif" || ext == ".tiff" || ext == ".png" || ext == ".jpg" ||
         ext == ".jpeg";
}

std::string Sha256(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

// Writes `data` to a temporary file beside `path`; returns its name, or empty on failure.
fs::path WriteTemporary(const fs::path& path, const std::string& data) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp += ".partial-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.flush();
  if (!out) {
    out.close();
    fs::remove(tmp, ec);
    return {};
  }
  return tmp;
}

bool WriteFile(const fs::path& path, const std::string& data) {
  fs::path tmp = WriteTemporary(path, data);
  if (tmp.empty()) return false;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

struct Job {
  fs::path input;
  fs::path rel;
};

}  // namespace

int RunRedactFolder(const RedactArgs& args, const std::vector<std::string>& inputs) {
  std::error_code ec;
  fs::path out_root(args.output);
  if (args.output.empty()) {
    std::cerr << "redact: no output folder given (-o OUT_DIR)\n";
    return 2;
  }
  // Never write into an input tree: outputs would be picked up as inputs and originals
  // could be replaced.
  for (const auto& in : inputs) {
    fs::path a = fs::weakly_canonical(in, ec), b = fs::weakly_canonical(out_root, ec);
    auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    if (ia == a.end()) {
      std::cerr << "redact: the output folder lies inside an input folder; refused\n";
      return 2;
    }
  }
  std::vector<Job> jobs;
  for (const auto& in : inputs) {
    fs::path root(in);
    if (fs::is_regular_file(root, ec)) {
      jobs.push_back({root, root.filename()});
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      std::cerr << "redact: an input is neither a file nor a folder\n";
      return 2;
    }
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file(ec) && Redactable(it->path()))
        jobs.push_back({it->path(), inputs.size() > 1 ? root.filename() / fs::relative(it->path(), root, ec)
                                                      : fs::relative(it->path(), root, ec)});
    }
  }
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.rel < b.rel; });
  // --shard K/N: a deterministic share of the inputs, by hash of the relative path.
  if (args.shard_count > 0) {
    std::vector<Job> mine;
    for (auto& j : jobs) {
      std::string h = Sha256(j.rel.generic_string());
      unsigned long v = std::stoul(h.substr(0, 8), nullptr, 16);
      if (static_cast<int>(v % static_cast<unsigned long>(args.shard_count)) == args.shard_index)
        mine.push_back(std::move(j));
    }
    jobs = std::move(mine);
  }

  unsigned n = args.jobs > 0 ? static_cast<unsigned>(args.jobs) : std::max(1u, std::thread::hardware_concurrency());
  if (args.max_memory_mb > 0) {
    // Set before anything is created or loaded. One address-space limit for the process, sized
    // per worker: an allocation past it fails, the file being redacted fails with "out of
    // memory" (caught below), the others go on. AddressSanitizer reserves terabytes of shadow
    // memory, so the limit cannot apply there.
#if defined(REDACT_ASAN)
    std::cerr << "redact: --max-memory-mb cannot be enforced in an AddressSanitizer build\n";
    return 2;
#else
    const rlim_t bytes = static_cast<rlim_t>(kMemoryBaseMb + args.max_memory_mb * static_cast<long>(n)) << 20;
    rlimit rl{};
    getrlimit(RLIMIT_AS, &rl);
    if (rl.rlim_max == RLIM_INFINITY || bytes < rl.rlim_max) {
      rl.rlim_cur = bytes;
      if (setrlimit(RLIMIT_AS, &rl) != 0) {
        std::cerr << "redact: cannot set the memory limit\n";
        return 2;
      }
    }
#endif
  }
  fs::create_directories(out_root, ec);
  if (ec) {
    std::cerr << "redact: cannot create the output folder\n";
    return 2;
  }
  // Half-written outputs of a killed run (always of verified data, but incomplete) go.
  for (auto it = fs::recursive_directory_iterator(out_root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec) && it->path().filename().string().find(".partial-") != std::string::npos)
      fs::remove(it->path(), ec);
  redact::Policy policy;
  std::unique_ptr<redact::Engine> engine;
  if (!Setup(args.policy_file, args.data_dir, &policy, &engine, args.max_seconds)) return 2;

  // Resume: content hashes of files already done (append-only log, survives SIGKILL).
  fs::path state_path = out_root / ".redact-state.jsonl";
  std::map<std::string, std::string> done;  // rel path -> input sha256
  if (args.resume) {
    std::ifstream st(state_path);
    std::string line;
    while (std::getline(st, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.value("status", "") == "redacted")
        done[j.value("file", "")] = j.value("sha256", "");
    }
  }
  std::ofstream state(state_path, std::ios::app);
  std::ofstream report;
  if (!args.report_file.empty()) report.open(args.report_file, std::ios::app);

  std::signal(SIGINT, OnSigint);
  const bool tty = ::isatty(2);
  std::mutex mu;
  std::atomic<std::size_t> next{0};
  std::size_t ok = 0, failed = 0, skipped = 0, pages = 0;
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&]() {  // under mu
    std::size_t finished = ok + failed + skipped;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double rate = secs > 0 ? finished / secs : 0;
    double eta = rate > 0 ? (jobs.size() - finished) / rate : 0;
    if (tty) {
      std::fprintf(stderr, "\r[%zu/%zu] %zu pages, %.1f files/s, ETA %.0f s, %zu failed   ",
                   finished, jobs.size(), pages, rate, eta, failed);
      std::fflush(stderr);
    }
  };
  auto worker = [&]() {
    while (!g_stop) {
      std::size_t i = next.fetch_add(1);
      if (i >= jobs.size()) break;
      const Job& job = jobs[i];
      std::ifstream f(job.input, std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      std::string bytes = ss.str();
      std::string sha = Sha256(bytes);
      std::string rel = job.rel.generic_string();
      fs::path out_path = out_root / job.rel;
      {
        std::lock_guard<std::mutex> lock(mu);
        auto it = done.find(rel);
        if (it != done.end() && it->second == sha && fs::exists(out_path)) {
          ++skipped;
          progress();
          continue;
        }
      }
      auto t0 = std::chrono::steady_clock::now();
      redact::RedactionReport rep;
      // Out of memory in one file (a `ulimit -v` backstop) fails that file, not the run.
      redact::Result<std::string> result = redact::Status::Error("not run");
      try {
        result = engine->RedactDocument(bytes, policy, &rep);
      } catch (const std::bad_alloc&) {
        result = redact::Status::Error("out of memory while redacting this file");
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::string reason;
      fs::path tmp;
      if (!result.ok()) reason = result.status().message();
      else if ((tmp = WriteTemporary(out_path, result.value())).empty())
        reason = "cannot write the output (disk full or no permission)";
      nlohmann::json line{{"file", rel}, {"sha256", sha}, {"pages", rep.pages},
                          {"seconds", std::round(secs * 1000) / 1000}};
      if (reason.empty()) {
        nlohmann::json counts = nlohmann::json::object();
        for (int c = 0; c < redact::kCategoryCount; ++c)
          if (rep.counts[c] > 0) counts[std::string(redact::CategoryName(static_cast<redact::Category>(c)))] = rep.counts[c];
        line["status"] = "redacted";
        line["counts"] = counts;
      } else {
        line["status"] = "failed";
        line["reason"] = reason;
        // A reason file, never a copy of the unredacted input.
        fs::path rf = out_root / "_failed" / job.rel;
        rf += ".reason.txt";
        WriteFile(rf, reason + "\n");
        fs::remove(out_path, ec);  // a stale output from an earlier run must not stay
      }
      std::lock_guard<std::mutex> lock(mu);
      // The state line goes first, then the rename: a file whose output exists is always in
      // the log, so a run killed between the two redoes only what never appeared.
      state << line.dump() << "\n" << std::flush;
      if (!tmp.empty()) {
        fs::rename(tmp, out_path, ec);
        if (ec) {
          fs::remove(tmp, ec);
          reason = "cannot write the output (disk full or no permission)";
        }
      }
      if (report.is_open()) report << line.dump() << "\n" << std::flush;
      if (reason.empty()) ++ok, pages += static_cast<std::size_t>(rep.pages);
      else ++failed;
      if (!tty) std::cerr << (reason.empty() ? "ok     " : "failed ") << rel << (reason.empty() ? "" : ": " + reason) << "\n";
      progress();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (tty) std::fprintf(stderr, "\n");
  std::size_t not_started = jobs.size() - ok - failed - skipped;
  std::fprintf(stderr, "redact: %zu redacted, %zu failed, %zu already done, %zu not started, %zu pages\n",
               ok, failed, skipped, not_started, pages);
  if (g_stop) return 130;
  return failed > 0 ? 1 : 0;
}

}  // namespace redact_cli
