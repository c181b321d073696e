// `redact serve`: the disclosure clerk's page. A local web server on 127.0.0.1 with a
// per-launch token: files dropped in the browser are proposed (Engine::Propose), reviewed
// (findings switched off, boxes drawn, whole pages), applied (RedactDocument with edits: the
// same removal and verification as everything else) and downloaded. Everything lives in this
// process's memory and is wiped when the session ends; logs carry ids and counts only.
#include <httplib.h>
#include <leptonica/allheaders.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "serve_zip.hpp"

namespace redact_cli {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Debian's cpp-httplib compresses text/*, "application/javascript" and "application/json"
// (exact match) with brotli at its slowest setting when the browser accepts it: 9 s for pdf.js
// on a busy machine. With a charset parameter these types are sent as they are (loopback).
constexpr const char* kJavaScript = "application/javascript; charset=utf-8";
constexpr const char* kJson = "application/json; charset=utf-8";

// --- small helpers ----------------------------------------------------------------------------

// CPU seconds of the calling thread: with other processes on the cores, wall time alone does
// not say how much work a file took.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

std::string RandomToken() {
  std::random_device rd;
  std::string t;
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) t += hex[rd() % 16];
  return t;
}

// Overwrites a buffer before it is freed: uploaded documents hold personal data.
void Wipe(std::string* s) {
  volatile char* p = s->data();
  for (std::size_t i = 0; i < s->size(); ++i) p[i] = 0;
  s->clear();
  s->shrink_to_fit();
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      if (std::sscanf(s.substr(i + 1, 2).c_str(), "%2x", &v) == 1) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string PercentEncode(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// A file name without any folder part or control characters, never empty.
std::string SafeName(std::string name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::erase_if(name, [](unsigned char c) { return c < 0x20 || c == 0x7f || c == '"'; });
  if (name.empty() || name == "." || name == "..") name = "document";
  return name;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "申請書.pdf" → "申請書_墨消し.pdf"; images keep their own extension (the output is an image
// of the same format).
std::string OutputName(const std::string& original, const std::string& suffix, bool image) {
  std::filesystem::path p(original);
  std::string stem = p.stem().string(), ext = p.extension().string();
  if (stem.empty()) stem = "document";
  if (!image) ext = ".pdf";
  return stem + suffix + ext;
}

std::string Kind(std::string_view b) {
  if (b.starts_with("%PDF-")) return "pdf";
  if (b.starts_with("II*") || b.starts_with(std::string_view("MM\0*", 4))) return "tiff";
  if (b.starts_with("\x89PNG")) return "png";
  if (b.starts_with("\xFF\xD8\xFF")) return "jpeg";
  return "";
}

std::string MimeOf(const std::string& kind) {
  if (kind == "pdf") return "application/pdf";
  if (kind == "tiff") return "image/tiff";
  if (kind == "png") return "image/png";
  if (kind == "jpeg") return "image/jpeg";
  return "application/octet-stream";
}

std::string NowLocal() {
  std::time_t t = std::time(nullptr);
  std::tm lt{};
  localtime_r(&t, &lt);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &lt);
  return buf;
}

std::string HtmlEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

// One page of an image file as PNG for the browser, scaled down to at most 1600 px wide.
std::optional<std::string> PageAsPng(const std::string& bytes, int page) {
  PIX* pix = nullptr;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  if (Kind(bytes) == "tiff") {
    size_t offset = 0;  // pixReadMemFromMultipageTiff walks the pages
    for (int i = 0; i <= page; ++i) {
      if (pix) pixDestroy(&pix);
      if (i > 0 && offset == 0) return std::nullopt;
      pix = pixReadMemFromMultipageTiff(data, bytes.size(), &offset);
      if (!pix) return std::nullopt;
    }
  } else {
    if (page != 0) return std::nullopt;
    pix = pixReadMem(data, bytes.size());
  }
  if (!pix) return std::nullopt;
  if (pixGetWidth(pix) > 1600) {
    float f = 1600.0f / static_cast<float>(pixGetWidth(pix));
    PIX* s = pixGetDepth(pix) == 1 ? pixScaleToGray(pix, f) : pixScale(pix, f, f);
    pixDestroy(&pix);
    pix = s;
    if (!pix) return std::nullopt;
  }
  l_uint8* out = nullptr;
  size_t size = 0;
  int bad = pixWriteMem(&out, &size, pix, IFF_PNG);
  pixDestroy(&pix);
  if (bad || !out) return std::nullopt;
  std::string png(reinterpret_cast<const char*>(out), size);
  lept_free(out);
  return png;
}

// --- the session --------------------------------------------------------------------------

struct Doc {
  int id = 0;
  std::string name;   // as uploaded (shown to the clerk and used for the download name only)
  std::string kind;   // pdf, tiff, png, jpeg
  std::string bytes;  // the original
  std::string status = "queued";  // queued, working, done, error
  std::string error;              // one-line reason (never personal data)
  std::optional<redact::Proposal> proposal;
  std::string result;  // the current verified output (the proposal's, or the last apply's)
  redact::RedactionReport report;
  json edits = json::object();  // the edits the result was made with (ids and boxes only)
  bool applied = false;
  std::string applied_at;
  double seconds = 0;
};

class Session {
 public:
  Session(const ServeArgs& args, std::unique_ptr<redact::Engine> engine, redact::Policy policy)
      : args_(args), engine_(std::move(engine)), policy_(std::move(policy)) {}

  ~Session() { WipeAll(); }

  int Add(std::string name, std::string bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    auto d = std::make_shared<Doc>();
    d->id = ++next_id_;
    d->name = SafeName(std::move(name));
    d->kind = Kind(bytes);
    d->bytes = std::move(bytes);
    docs_[d->id] = d;
    queue_.push_back(d->id);
    cv_.notify_one();
    return d->id;
  }

  std::shared_ptr<Doc> Get(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = docs_.find(id);
    return it == docs_.end() ? nullptr : it->second;
  }

  std::vector<std::shared_ptr<Doc>> All() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::shared_ptr<Doc>> v;
    for (auto& [id, d] : docs_) v.push_back(d);
    return v;
  }

  std::size_t Count() {
    std::lock_guard<std::mutex> lock(mu_);
    return docs_.size();
  }

  std::mutex& DocMutex() { return doc_mu_; }

  void StartWorkers(int n) {
    for (int i = 0; i < n; ++i) workers_.emplace_back([this] { Work(); });
  }

  // Loads OCR (Tesseract) and the tagger before the first file arrives, so a clerk's first
  // scan does not wait for them: proposes a small blank image and drops the result.
  void WarmUp() {
    workers_.emplace_back([this] {
      PIX* pix = pixCreate(320, 320, 8);
      if (!pix) return;
      pixSetAllArbitrary(pix, 255);
      l_uint8* png = nullptr;
      size_t size = 0;
      if (pixWriteMem(&png, &size, pix, IFF_PNG) == 0 && png) {
        (void)engine_->Propose(std::string_view(reinterpret_cast<const char*>(png), size), policy_);
        lept_free(png);
      }
      pixDestroy(&pix);
    });
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  void WipeAll() {
    std::lock_guard<std::mutex> lock(mu_);
    std::lock_guard<std::mutex> dl(doc_mu_);
    for (auto& [id, d] : docs_) {
      Wipe(&d->bytes);
      Wipe(&d->result);
      if (d->proposal) {
        Wipe(&d->proposal->redacted);
        for (auto& f : d->proposal->findings) Wipe(&f.preview);
        d->proposal.reset();
      }
      Wipe(&d->name);
    }
    docs_.clear();
    queue_.clear();
  }

  // Runs the clerk's edits on one document: RedactDocument with ReviewEdits.
  json Apply(const std::shared_ptr<Doc>& d, const json& body) {
    redact::ReviewEdits edits;
    {
      // The proposal and the original do not change once a file is done; the redaction below
      // runs without the lock so other files' progress stays visible meanwhile.
      std::lock_guard<std::mutex> dl(doc_mu_);
      if (!d->proposal) return {{"error", "not ready"}};
    }
    for (const auto& id : body.value("disabled", json::array()))
      edits.disabled.push_back(id.get<int>());
    for (const auto& e : body.value("extra", json::array())) {
      redact::ReviewEdits::ExtraBox b;
      b.page = e.at("page").get<int>();
      const auto& r = e.at("box");
      if (!r.is_array() || r.size() != 4) return {{"error", "a box needs four numbers"}};
      b.box = {r[0].get<double>(), r[1].get<double>(), r[2].get<double>(), r[3].get<double>()};
      auto cat = redact::CategoryFromName(e.value("category", std::string("person")));
      if (!cat) return {{"error", "unknown category"}};
      b.category = *cat;
      edits.extra.push_back(b);
    }
    for (const auto& p : body.value("whole_pages", json::array()))
      edits.whole_pages.push_back(p.get<int>());
    edits.proposal = &*d->proposal;
    auto t0 = Clock::now();
    double cpu0 = ThreadCpuSeconds();
    redact::RedactionReport rep;
    auto out = engine_->RedactDocument(d->bytes, policy_, &rep, &edits);
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::lock_guard<std::mutex> dl(doc_mu_);
    if (!out.ok()) {
      std::fprintf(stderr, "redact serve: file %d: apply failed (%.2f s)\n", d->id, secs);
      return {{"error", out.status().message()}};
    }
    Wipe(&d->result);
    d->result = std::move(out.value());
    d->report = rep;
    d->edits = {{"disabled", edits.disabled.size()},
                {"extra", edits.extra.size()},
                {"whole_pages", edits.whole_pages}};
    d->applied = true;
    d->applied_at = NowLocal();
    std::fprintf(stderr,
                 "redact serve: file %d: applied (%zu off, %zu drawn, %zu whole pages, %.2f s, "
                 "%.2f s CPU)\n",
                 d->id, edits.disabled.size(), edits.extra.size(), edits.whole_pages.size(), secs,
                 ThreadCpuSeconds() - cpu0);
    return {{"ok", true}, {"seconds", secs}};
  }

  const ServeArgs& args() const { return args_; }

 private:
  void Work() {
    for (;;) {
      std::shared_ptr<Doc> d;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        d = docs_[queue_.front()];
        queue_.pop_front();
      }
      if (!d) continue;
      {
        std::lock_guard<std::mutex> dl(doc_mu_);
        d->status = "working";
      }
      auto t0 = Clock::now();
      double cpu0 = ThreadCpuSeconds();
      auto prop = d->kind.empty() ? redact::Result<redact::Proposal>(redact::Status::Error(
                                        "unsupported input: not a PDF, TIFF, PNG or JPEG file"))
                                  : engine_->Propose(d->bytes, policy_);
      double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      double cpu = ThreadCpuSeconds() - cpu0;
      std::lock_guard<std::mutex> dl(doc_mu_);
      d->seconds = secs;
      if (!prop.ok()) {
        d->status = "error";
        d->error = prop.status().message();
        std::fprintf(stderr, "redact serve: file %d: failed (%.2f s)\n", d->id, secs);
        continue;
      }
      d->proposal = std::move(prop.value());
      d->result = d->proposal->redacted;
      d->report = d->proposal->report;
      d->status = "done";
      std::fprintf(stderr,
                   "redact serve: file %d: %zu page(s), %zu finding(s), %.2f s (%.2f s CPU)\n",
                   d->id, d->proposal->pages.size(), d->proposal->findings.size(), secs, cpu);
    }
  }

  ServeArgs args_;
  std::unique_ptr<redact::Engine> engine_;
  redact::Policy policy_;
  std::mutex mu_;      // docs_, queue_
  std::mutex doc_mu_;  // the fields of every Doc
  std::condition_variable cv_;
  std::map<int, std::shared_ptr<Doc>> docs_;
  std::deque<int> queue_;
  std::vector<std::thread> workers_;
  int next_id_ = 0;
  bool stopping_ = false;
};

json DocJson(const Doc& d, bool full) {
  json j = {{"id", d.id},         {"name", d.name},       {"kind", d.kind},
            {"status", d.status}, {"applied", d.applied}, {"seconds", d.seconds}};
  if (!d.error.empty()) j["error"] = d.error;
  if (!full || !d.proposal) return j;
  const redact::Proposal& p = *d.proposal;
  j["image_file"] = p.image_file;
  json pages = json::array();
  for (const auto& pg : p.pages)
    pages.push_back({{"width", pg.width}, {"height", pg.height}, {"x0", pg.x0}, {"y0", pg.y0}});
  j["pages"] = pages;
  json fs = json::array();
  for (const auto& f : p.findings) {
    json boxes = json::array();
    for (const auto& b : f.boxes) boxes.push_back({b.x0, b.y0, b.x1, b.y1});
    fs.push_back({{"id", f.id},
                  {"page", f.page},
                  {"category", std::string(redact::CategoryName(f.category))},
                  {"boxes", boxes},
                  {"preview", f.preview}});
  }
  j["findings"] = fs;
  json counts = json::object();
  for (int c = 0; c < redact::kCategoryCount; ++c)
    if (d.report.counts[c] > 0)
      counts[std::string(redact::CategoryName(static_cast<redact::Category>(c)))] =
          d.report.counts[c];
  j["counts"] = counts;
  return j;
}

const char* CategoryJa(redact::Category c) {
  static const char* names[] = {"氏名",           "住所",           "郵便番号", "電話番号",
                                "メールアドレス", "生年月日",       "個人番号", "法人番号",
                                "口座番号",       "運転免許証番号", "旅券番号", "在留カード番号",
                                "基礎年金番号",   "被保険者番号"};
  return names[static_cast<int>(c)];
}

// The printable one-page record: categories and counts per page, who and when.
std::string SummaryHtml(const Doc& d, const std::string& who, bool en) {
  std::map<int, std::map<int, int>> per_page;  // page → category → findings
  if (d.proposal) {
    std::set<int> off;
    for (const auto& id : d.edits.value("disabled_ids", json::array())) off.insert(id.get<int>());
    for (const auto& f : d.proposal->findings)
      if (!off.count(f.id)) per_page[f.page][static_cast<int>(f.category)]++;
  }
  std::ostringstream h;
  h << "<!doctype html><html lang=\"" << (en ? "en" : "ja") << "\"><head><meta charset=\"utf-8\">"
    << "<title>" << (en ? "Redaction record" : "墨消し記録") << "</title>"
    << "<style>body{font-family:sans-serif;margin:2em;max-width:48em}table{border-collapse:"
       "collapse}"
       "td,th{border:1px solid #444;padding:.2em .6em;text-align:left}@media "
       "print{button{display:none}}</style>"
    << "</head><body><h1>" << (en ? "Redaction record" : "墨消し記録（個人情報の除去）")
    << "</h1><dl>"
    << "<dt>" << (en ? "File" : "ファイル") << "</dt><dd id=\"file\">" << HtmlEscape(d.name)
    << "</dd>"
    << "<dt>" << (en ? "Redacted copy" : "墨消し後のファイル") << "</dt><dd>"
    << HtmlEscape(OutputName(d.name, "_墨消し", d.kind != "pdf")) << "</dd>"
    << "<dt>" << (en ? "Pages" : "ページ数") << "</dt><dd>" << d.report.pages << "</dd>"
    << "<dt>" << (en ? "Clerk" : "担当者") << "</dt><dd id=\"who\">" << HtmlEscape(who) << "</dd>"
    << "<dt>" << (en ? "Date" : "日時") << "</dt><dd id=\"when\">"
    << HtmlEscape(d.applied ? d.applied_at : NowLocal()) << "</dd>"
    << "<dt>" << (en ? "Review" : "確認") << "</dt><dd>"
    << (d.applied ? (en ? "reviewed and applied" : "確認のうえ適用")
                  : (en ? "as proposed" : "提案どおり"))
    << "</dd></dl><table id=\"counts\"><tr><th>" << (en ? "Page" : "ページ") << "</th><th>"
    << (en ? "Category" : "種類") << "</th><th>" << (en ? "Count" : "件数") << "</th></tr>";
  int rows = 0;
  // Per page and category: the proposal's findings less those the clerk left in place.
  for (const auto& [page, cats] : per_page)
    for (const auto& [cat, n] : cats) {
      auto c = static_cast<redact::Category>(cat);
      h << "<tr><td>" << page << "</td><td>"
        << (en ? std::string(redact::CategoryName(c)) : std::string(CategoryJa(c))) << "</td><td>"
        << n << "</td></tr>";
      ++rows;
    }
  int extra = d.edits.value("extra", 0);
  if (extra > 0)
    h << "<tr><td>-</td><td>" << (en ? "areas drawn by the clerk" : "担当者が追加した範囲")
      << "</td><td>" << extra << "</td></tr>";
  for (const auto& p : d.edits.value("whole_pages", json::array()))
    h << "<tr><td>" << p.get<int>() << "</td><td>" << (en ? "whole page" : "ページ全体")
      << "</td><td>1</td></tr>";
  if (rows == 0 && extra == 0)
    h << "<tr><td colspan=3>" << (en ? "nothing found" : "該当なし") << "</td></tr>";
  int off = d.edits.value("disabled", 0);
  h << "</table><p>" << (en ? "Findings left in place by the clerk: " : "担当者が残した検出: ")
    << off << "</p><p><button onclick=\"print()\">" << (en ? "Print" : "印刷")
    << "</button></p></body></html>";
  return h.str();
}

std::string OsUser() {
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "";
}

volatile std::sig_atomic_t g_signal = 0;
httplib::Server* g_server = nullptr;
void OnSignal(int sig) {
  g_signal = sig;
  if (g_server) g_server->stop();
}

std::string WebDir(const ServeArgs& args) {
  if (!args.web_dir.empty()) return args.web_dir;
  if (const char* e = std::getenv("REDACT_WEB_DIR")) return e;
  std::error_code ec;
  // Next to the binary in the build tree (build/share/libredact/web), then the install prefix.
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto cand = exe.parent_path().parent_path() / "share" / "libredact" / "web";
    if (std::filesystem::exists(cand / "index.html", ec)) return cand.string();
  }
  return REDACT_INSTALL_WEBDIR;
}

void OpenBrowser(const std::string& url) {
  pid_t pid = fork();
  if (pid == 0) {
    // Quiet: xdg-open and browsers chatter on stderr.
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
}

}  // namespace

int RunServe(const ServeArgs& args) {
  redact::Policy policy;
  std::unique_ptr<redact::Engine> engine;
  if (!Setup(args.policy_file, args.data_dir, &policy, &engine, args.max_seconds)) return 2;
  const std::string web = WebDir(args);
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(web) / "index.html", ec)) {
    std::cerr << "redact serve: the page's files are missing (" << web << "/index.html)\n";
    return 2;
  }
  const std::string token = RandomToken();
  Session session(args, std::move(engine), std::move(policy));
  session.StartWorkers(
      std::max(1, std::min(2, static_cast<int>(std::thread::hardware_concurrency()))));
  session.WarmUp();

  httplib::Server svr;
  const std::size_t max_upload = static_cast<std::size_t>(args.max_upload_mb) * 1024 * 1024;
  svr.set_payload_max_length(max_upload);
  int port = 0;
  std::atomic<long long> last_seen{0};  // steady-clock seconds of the last authorized request
  std::atomic<bool> ended{false};
  auto now_s = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch())
        .count();
  };

  // Every request: loopback peer, our own Host (no DNS rebinding), and the token — as a
  // cookie (set by the first page load with ?t=TOKEN), a header, or that query parameter.
  svr.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    auto deny = [&](int code, const char* why) {
      res.status = code;
      res.set_content(why, "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    };
    if (req.remote_addr != "127.0.0.1" && req.remote_addr != "::1")
      return deny(403, "loopback only\n");
    std::string host = req.get_header_value("Host");
    std::string p = ":" + std::to_string(port);
    if (host != "127.0.0.1" + p && host != "localhost" + p) return deny(403, "bad host\n");
    bool ok = req.get_header_value("X-Redact-Token") == token || req.get_param_value("t") == token;
    std::string cookie = req.get_header_value("Cookie");
    if (!ok && cookie.find("redact_token=" + token) != std::string::npos) ok = true;
    if (!ok) return deny(403, "missing or wrong token\n");
    // State-changing requests need the header: a cookie alone could come from another page.
    if (req.method == "POST" && req.get_header_value("X-Redact-Token") != token)
      return deny(403, "missing token header\n");
    last_seen = now_s();
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto file_response = [&](httplib::Response& res, const std::filesystem::path& path,
                           const std::string& type) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      res.status = 404;
      return;
    }
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    res.set_content(body, type);
  };

  svr.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "redact_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    res.set_header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; "
        "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'");
    file_response(res, std::filesystem::path(web) / "index.html", "text/html; charset=utf-8");
  });
  // Static files of the page (pdf.js and its data): names of plain characters only.
  svr.Get(R"(/static/([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)?))",
          [&](const httplib::Request& req, httplib::Response& res) {
            std::string rel = req.matches[1];
            if (rel.find("..") != std::string::npos) {
              res.status = 404;
              return;
            }
            std::string ext = std::filesystem::path(rel).extension().string();
            std::string type = ext == ".js" || ext == ".mjs" ? kJavaScript
                               : ext == ".css"               ? "text/css; charset=utf-8"
                               : ext == ".json"              ? kJson
                                                             : "application/octet-stream";
            file_response(res, std::filesystem::path(web) / rel, type);
          });

  svr.Post("/api/files", [&](const httplib::Request& req, httplib::Response& res) {
    if (session.Count() >= static_cast<std::size_t>(args.max_files)) {
      res.status = 413;
      res.set_content(json{{"error", "too many files in this session"}}.dump(), kJson);
      return;
    }
    if (req.body.empty()) {
      res.status = 400;
      res.set_content(json{{"error", "empty file"}}.dump(), kJson);
      return;
    }
    std::string name = PercentDecode(req.get_header_value("X-File-Name"));
    int id = session.Add(name, req.body);
    std::fprintf(stderr, "redact serve: file %d received (%zu KB)\n", id, req.body.size() / 1024);
    res.set_content(json{{"id", id}}.dump(), kJson);
  });
  svr.Get("/api/files", [&](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    std::lock_guard<std::mutex> dl(session.DocMutex());
    for (const auto& d : session.All()) list.push_back(DocJson(*d, false));
    res.set_content(list.dump(), kJson);
  });

  auto with_doc = [&](const httplib::Request& req, httplib::Response& res) -> std::shared_ptr<Doc> {
    std::string digits = req.matches[1];
    auto d = digits.size() <= 6 ? session.Get(std::stoi(digits)) : nullptr;
    if (!d) {
      res.status = 404;
      res.set_content(json{{"error", "no such file"}}.dump(), kJson);
    }
    return d;
  };
  svr.Get(R"(/api/files/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    auto d = with_doc(req, res);
    if (!d) return;
    std::lock_guard<std::mutex> dl(session.DocMutex());
    json j = DocJson(*d, true);
    j["download_name"] = OutputName(d->name, args.suffix, d->kind != "pdf");
    res.set_content(j.dump(), kJson);
  });
  svr.Get(R"(/api/files/(\d+)/(original|result))",
          [&](const httplib::Request& req, httplib::Response& res) {
            auto d = with_doc(req, res);
            if (!d) return;
            std::lock_guard<std::mutex> dl(session.DocMutex());
            bool original = req.matches[2] == "original";
            if (!original && d->result.empty()) {
              res.status = 409;
              return;
            }
            res.set_content(original ? d->bytes : d->result, MimeOf(d->kind));
          });
  svr.Get(R"(/api/files/(\d+)/(original|result)/(\d+)\.png)",
          [&](const httplib::Request& req, httplib::Response& res) {
            auto d = with_doc(req, res);
            if (!d) return;
            std::string bytes;
            {
              std::lock_guard<std::mutex> dl(session.DocMutex());
              bytes = req.matches[2] == "original" ? d->bytes : d->result;
            }
            std::string page = req.matches[3];
            auto png = page.size() <= 4 ? PageAsPng(bytes, std::stoi(page) - 1) : std::nullopt;
            Wipe(&bytes);
            if (!png) {
              res.status = 404;
              return;
            }
            res.set_content(*png, "image/png");
          });
  svr.Post(R"(/api/files/(\d+)/apply)", [&](const httplib::Request& req, httplib::Response& res) {
    auto d = with_doc(req, res);
    if (!d) return;
    json body = json::parse(req.body, nullptr, false);
    json out;
    if (body.is_discarded() || !body.is_object())
      out = {{"error", "bad request"}};
    else {
      try {
        out = session.Apply(d, body);
        if (out.contains("ok")) {
          std::lock_guard<std::mutex> dl(session.DocMutex());
          d->edits["disabled_ids"] = body.value("disabled", json::array());
        }
      } catch (const json::exception&) {
        out = {{"error", "bad request"}};
      }
    }
    if (out.contains("error")) res.status = 422;
    res.set_content(out.dump(), kJson);
  });
  auto attachment = [](httplib::Response& res, const std::string& name) {
    res.set_header("Content-Disposition",
                   "attachment; filename=\"redacted\"; filename*=UTF-8''" + PercentEncode(name));
  };
  svr.Get(R"(/api/files/(\d+)/download)", [&](const httplib::Request& req, httplib::Response& res) {
    auto d = with_doc(req, res);
    if (!d) return;
    std::lock_guard<std::mutex> dl(session.DocMutex());
    if (d->result.empty()) {
      res.status = 409;
      return;
    }
    attachment(res, OutputName(d->name, args.suffix, d->kind != "pdf"));
    res.set_content(d->result, MimeOf(d->kind));
  });
  svr.Get(R"(/api/files/(\d+)/summary)", [&](const httplib::Request& req, httplib::Response& res) {
    auto d = with_doc(req, res);
    if (!d) return;
    std::string who = req.has_param("who") && !req.get_param_value("who").empty()
                          ? req.get_param_value("who")
                          : OsUser();
    std::lock_guard<std::mutex> dl(session.DocMutex());
    res.set_content(SummaryHtml(*d, who, req.get_param_value("lang") == "en"),
                    "text/html; charset=utf-8");
  });
  svr.Get("/api/download-all", [&](const httplib::Request&, httplib::Response& res) {
    std::vector<ZipEntry> entries;
    std::set<std::string> used;
    {
      std::lock_guard<std::mutex> dl(session.DocMutex());
      for (const auto& d : session.All()) {
        if (d->result.empty()) continue;
        std::string name = OutputName(d->name, args.suffix, d->kind != "pdf");
        for (int k = 2; used.count(name); ++k)
          name = std::to_string(k) + "_" + OutputName(d->name, args.suffix, d->kind != "pdf");
        used.insert(name);
        entries.push_back({name, d->result});
      }
    }
    if (entries.empty()) {
      res.status = 409;
      return;
    }
    auto zip = ZipFiles(entries);
    for (auto& e : entries) Wipe(&e.data);
    if (!zip) {
      res.status = 500;
      return;
    }
    attachment(res, std::string("墨消し_") + std::to_string(entries.size()) + ".zip");
    res.set_content(*zip, "application/zip");
  });
  svr.Post("/api/heartbeat",
           [&](const httplib::Request&, httplib::Response& res) { res.set_content("{}", kJson); });
  svr.Post("/api/end", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("{}", kJson);
    ended = true;
    std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      svr.stop();
    }).detach();
  });

  port = args.port > 0 ? (svr.bind_to_port("127.0.0.1", args.port) ? args.port : -1)
                       : svr.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "redact serve: cannot listen on 127.0.0.1"
              << (args.port > 0 ? ":" + std::to_string(args.port) : "") << "\n";
    session.Stop();
    return 2;
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/?t=" + token;
  std::cout << url << std::endl;
  std::fprintf(
      stderr, "redact serve: listening on 127.0.0.1:%d; Ctrl+C or the page's end button stops it\n",
      port);
  if (!args.no_open) OpenBrowser(url);

  g_server = &svr;
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGCHLD, SIG_IGN);  // xdg-open

  // The session ends when the page stops calling in (closed tab): no request for
  // `idle_seconds` after the first one, or none at all for 10 minutes after launch.
  last_seen = 0;
  long long started = now_s();
  std::thread watchdog([&] {
    while (svr.is_running() || !ended) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      if (!svr.is_running() && ended) break;
      long long seen = last_seen.load(), now = now_s();
      if ((seen > 0 && now - seen > args.idle_seconds) || (seen == 0 && now - started > 600)) {
        std::fprintf(stderr, "redact serve: the page is gone; ending the session\n");
        ended = true;
        svr.stop();
        break;
      }
      if (g_signal) break;
    }
  });
  svr.listen_after_bind();
  ended = true;
  watchdog.join();
  g_server = nullptr;
  session.Stop();
  session.WipeAll();
  std::fprintf(stderr, "redact serve: session ended; its files were wiped from memory\n");
  return 0;
}

}  // namespace redact_cli
