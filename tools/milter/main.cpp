// redact-milter: the outbound mail gateway. Postfix (or sendmail) hands each message to this
// milter; every PDF and image attachment is replaced by its redacted copy before the message
// leaves, and a message that cannot be fully redacted is held, rejected or tempfailed —
// never passed. Logs carry a hash of the Message-ID, counts, categories and reasons only.
#include <arpa/inet.h>
#include <libmilter/mfapi.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <syslog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "milter_config.hpp"
#include "mime_redactor.hpp"
#include "redact/redact.hpp"

namespace redact_milter {
namespace {

using Clock = std::chrono::steady_clock;

const Config* g_config = nullptr;
const redact::Engine* g_engine = nullptr;
std::counting_semaphore<256>* g_slots = nullptr;  // concurrent redactions
TextRules g_rules;
std::mutex g_log_mutex;

void Log(int priority, const std::string& line) {
  if (g_config == nullptr || g_config->log == "stderr") {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::fprintf(stderr, "redact-milter: %s\n", line.c_str());
    std::fflush(stderr);
  } else {
    syslog(priority, "%s", line.c_str());
  }
}

std::string ShortHash(const std::string& s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), digest, &n, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 8 && i < n; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 15]);
  }
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct MessageState {
  std::vector<std::string> rcpt_domains;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t size = 0;
  bool oversize = false;
  std::string msgid_hash = "none";
  Clock::time_point started = Clock::now();  // reset at end of data: "ms" in logs is our time
};

struct Connection {
  bool outbound = true;
  std::unique_ptr<MessageState> msg;
};

Connection* Conn(SMFICTX* ctx) { return static_cast<Connection*>(smfi_getpriv(ctx)); }

std::string QueueId(SMFICTX* ctx) {
  const char* id = smfi_getsymval(ctx, const_cast<char*>("i"));
  std::string out = id ? id : "-";
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return out;
}

// The treatment of one message: redact unless every recipient's route says pass; the policy
// of the redact routes (the default policy when they differ); the strictest failure action.
struct Decision {
  bool redact = false;
  FailureAction on_failure = FailureAction::kTempfail;
  std::shared_ptr<const redact::Policy> policy;
  std::string policy_name;
};

Decision Decide(const MessageState& m) {
  Decision d;
  std::vector<std::string> domains = m.rcpt_domains;
  if (domains.empty()) domains.push_back("");  // no recipient seen: the fallback route
  for (const auto& dom : domains) {
    const Route& r = RouteFor(*g_config, dom);
    if (!r.redact) continue;
    if (!d.redact) {
      d.policy = r.policy;
      d.policy_name = r.policy_name;
    } else if (d.policy != r.policy) {
      d.policy = g_config->fallback.policy;
      d.policy_name = "default (recipients' policies differ)";
    }
    d.redact = true;
    d.on_failure = std::max(d.on_failure, r.on_failure);
  }
  return d;
}

std::string Elapsed(const MessageState& m) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m.started);
  return std::to_string(ms.count());
}

sfsistat FailMessage(SMFICTX* ctx, const MessageState& m, const Decision& d,
                     const std::string& reason) {
  std::string line = "qid=" + QueueId(ctx) + " msgid=" + m.msgid_hash +
                     " action=" + FailureActionName(d.on_failure) + " ms=" + Elapsed(m) +
                     " reason=\"" + reason + "\"";
  switch (d.on_failure) {
    case FailureAction::kHold: {
      std::string q = "redact-milter: " + reason;
      std::string header = "held; reason=" + reason;
      if (smfi_quarantine(ctx, q.data()) != MI_SUCCESS) {
        Log(LOG_ERR, line + " quarantine_failed=1 -> tempfail");
        smfi_setreply(ctx, const_cast<char*>("451"), const_cast<char*>("4.7.1"),
                      const_cast<char*>("attachment could not be redacted; try again later"));
        return SMFIS_TEMPFAIL;
      }
      smfi_addheader(ctx, const_cast<char*>("X-Redact"), header.data());
      Log(LOG_WARNING, line);
      return SMFIS_CONTINUE;
    }
    case FailureAction::kReject: {
      std::string text = "message not sent: it could not be fully redacted (" + reason + ")";
      smfi_setreply(ctx, const_cast<char*>("550"), const_cast<char*>("5.7.1"), text.data());
      Log(LOG_WARNING, line);
      return SMFIS_REJECT;
    }
    case FailureAction::kTempfail:
    default: {
      std::string text = "message not sent yet: it could not be redacted (" + reason + ")";
      smfi_setreply(ctx, const_cast<char*>("451"), const_cast<char*>("4.7.1"), text.data());
      Log(LOG_WARNING, line);
      return SMFIS_TEMPFAIL;
    }
  }
}

sfsistat OnConnect(SMFICTX* ctx, char* /*hostname*/, _SOCK_ADDR* addr) {
  auto* conn = new Connection();
  smfi_setpriv(ctx, conn);
  // Without an address (local submission) the mail is treated as outbound: fail closed.
  char a[INET6_ADDRSTRLEN] = {};
  bool have = false;
  if (addr != nullptr && addr->sa_family == AF_INET)
    have = inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(addr)->sin_addr, a, sizeof a);
  else if (addr != nullptr && addr->sa_family == AF_INET6)
    have = inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(addr)->sin6_addr, a, sizeof a);
  conn->outbound =
      g_config->sender_networks.empty() || !have || InNetworks(g_config->sender_networks, a);
  if (!conn->outbound) {
    Log(LOG_INFO, "client not in sender_networks: inbound, accepted untouched");
    return SMFIS_ACCEPT;
  }
  return SMFIS_CONTINUE;
}

sfsistat OnEnvFrom(SMFICTX* ctx, char** /*argv*/) {
  Connection* c = Conn(ctx);
  if (c == nullptr) return SMFIS_TEMPFAIL;
  c->msg = std::make_unique<MessageState>();
  return SMFIS_CONTINUE;
}

sfsistat OnEnvRcpt(SMFICTX* ctx, char** argv) {
  Connection* c = Conn(ctx);
  if (c == nullptr || !c->msg) return SMFIS_TEMPFAIL;
  std::string rcpt = argv && argv[0] ? argv[0] : "";
  rcpt.erase(std::remove(rcpt.begin(), rcpt.end(), '<'), rcpt.end());
  rcpt.erase(std::remove(rcpt.begin(), rcpt.end(), '>'), rcpt.end());
  auto at = rcpt.rfind('@');
  c->msg->rcpt_domains.push_back(at == std::string::npos ? "" : Lower(rcpt.substr(at + 1)));
  return SMFIS_CONTINUE;
}

sfsistat OnHeader(SMFICTX* ctx, char* name, char* value) {
  Connection* c = Conn(ctx);
  if (c == nullptr || !c->msg) return SMFIS_TEMPFAIL;
  MessageState& m = *c->msg;
  std::string n = name ? name : "", v = value ? value : "";
  m.size += n.size() + v.size() + 4;
  if (m.size > g_config->max_message_bytes) m.oversize = true;
  if (Lower(n) == "message-id") m.msgid_hash = ShortHash(v);
  if (!m.oversize) m.headers.emplace_back(std::move(n), std::move(v));
  return SMFIS_CONTINUE;
}

sfsistat OnEoh(SMFICTX* ctx) {
  Connection* c = Conn(ctx);
  if (c == nullptr || !c->msg) return SMFIS_TEMPFAIL;
  if (!Decide(*c->msg).redact) {
    Log(LOG_INFO, "qid=" + QueueId(ctx) + " msgid=" + c->msg->msgid_hash +
                      " action=pass reason=\"every recipient on a pass route\"");
    return SMFIS_ACCEPT;
  }
  return SMFIS_CONTINUE;
}

sfsistat OnBody(SMFICTX* ctx, unsigned char* chunk, size_t len) {
  Connection* c = Conn(ctx);
  if (c == nullptr || !c->msg) return SMFIS_TEMPFAIL;
  MessageState& m = *c->msg;
  m.size += len;
  if (m.size > g_config->max_message_bytes) {
    m.oversize = true;
    std::string().swap(m.body);  // the message is failed at end of data; free the memory now
    return SMFIS_CONTINUE;
  }
  m.body.append(reinterpret_cast<const char*>(chunk), len);
  return SMFIS_CONTINUE;
}

struct Job {
  std::string message;
  std::shared_ptr<const redact::Policy> policy;
  std::atomic<bool> cancel{false};
  std::promise<MessageOutcome> done;
};

sfsistat OnEom(SMFICTX* ctx) {
  Connection* c = Conn(ctx);
  if (c == nullptr || !c->msg) return SMFIS_TEMPFAIL;
  std::unique_ptr<MessageState> mp = std::move(c->msg);
  MessageState& m = *mp;
  const Decision d = Decide(m);

  // A sender must not be able to forge our verdict: earlier X-Redact headers go.
  int forged = 0;
  for (const auto& [n, v] : m.headers)
    if (Lower(n) == "x-redact") ++forged;
  for (int i = forged; i >= 1; --i) smfi_chgheader(ctx, const_cast<char*>("X-Redact"), i, nullptr);

  if (m.oversize)
    return FailMessage(ctx, m, d,
                       "message larger than max_message_bytes (" +
                           std::to_string(g_config->max_message_bytes) + ")");

  // The time limit covers our work (slot wait and redaction), not the client's upload.
  m.started = Clock::now();
  const auto deadline = m.started + std::chrono::seconds(g_config->message_timeout_seconds);
  auto job = std::make_shared<Job>();
  job->policy = d.policy;
  std::size_t total = m.body.size() + 2;
  for (const auto& [n, v] : m.headers) total += n.size() + v.size() + 4;
  job->message.reserve(total);
  for (const auto& [n, v] : m.headers) job->message += n + ": " + v + "\r\n";
  job->message += "\r\n";
  job->message += m.body;
  std::string().swap(m.body);
  m.headers.clear();

  // Bounded memory and CPU: at most max_concurrent_redactions messages are being redacted;
  // waiting for a slot counts against the message's time limit.
  auto slice = [&deadline] {
    return std::min<Clock::duration>(
        std::chrono::seconds(5),
        std::max<Clock::duration>(deadline - Clock::now(), std::chrono::milliseconds(1)));
  };
  while (!g_slots->try_acquire_for(slice())) {
    if (Clock::now() >= deadline)
      return FailMessage(ctx, m, d, "time limit reached waiting for a redaction slot");
    smfi_progress(ctx);
  }
  std::future<MessageOutcome> result = job->done.get_future();
  try {
    std::thread([job] {
      MessageOutcome o =
          RedactMessage(*g_engine, job->message, *job->policy, g_rules, &job->cancel);
      std::string().swap(job->message);
      g_slots->release();
      job->done.set_value(std::move(o));
    }).detach();
  } catch (const std::exception&) {
    g_slots->release();
    return FailMessage(ctx, m, d, "could not start a redaction worker");
  }
  // Past the deadline the message is failed at once; the worker stops by itself within the
  // engine's per-document limit (the same number of seconds) and then frees its slot.
  while (result.wait_for(slice()) != std::future_status::ready) {
    if (Clock::now() >= deadline) {
      job->cancel = true;
      return FailMessage(
          ctx, m, d,
          "time limit of " + std::to_string(g_config->message_timeout_seconds) + " s exceeded");
    }
    smfi_progress(ctx);
  }
  MessageOutcome o = result.get();
  if (!o.ok) return FailMessage(ctx, m, d, o.reason);

  if (o.changed) {
    for (std::size_t off = 0; off < o.new_body.size(); off += 65535) {
      std::size_t n = std::min<std::size_t>(65535, o.new_body.size() - off);
      if (smfi_replacebody(ctx, reinterpret_cast<unsigned char*>(o.new_body.data() + off),
                           static_cast<int>(n)) != MI_SUCCESS)
        return FailMessage(ctx, m, d, "the MTA refused the replaced body");
    }
    for (const auto& [name, value] : o.header_changes) {
      int rc = value.empty() ? smfi_chgheader(ctx, const_cast<char*>(name.c_str()), 1, nullptr)
                             : smfi_chgheader(ctx, const_cast<char*>(name.c_str()), 1,
                                              const_cast<char*>(value.c_str()));
      if (rc != MI_SUCCESS) return FailMessage(ctx, m, d, "the MTA refused a header change");
    }
  }
  std::string summary = SummaryHeader(o);
  if (smfi_addheader(ctx, const_cast<char*>("X-Redact"), summary.data()) != MI_SUCCESS)
    return FailMessage(ctx, m, d, "the MTA refused the X-Redact header");
  Log(LOG_INFO, "qid=" + QueueId(ctx) + " msgid=" + m.msgid_hash + " action=redacted parts=" +
                    std::to_string(o.parts_total) + " policy=" + d.policy_name +
                    " ms=" + Elapsed(m) + " summary=\"" + summary + "\"");
  return SMFIS_CONTINUE;
}

sfsistat OnAbort(SMFICTX* ctx) {
  if (Connection* c = Conn(ctx)) c->msg.reset();
  return SMFIS_CONTINUE;
}

sfsistat OnClose(SMFICTX* ctx) {
  delete Conn(ctx);
  smfi_setpriv(ctx, nullptr);
  return SMFIS_CONTINUE;
}

int Usage() {
  std::fprintf(stderr,
               "usage: redact-milter --config FILE [--check]\n"
               "  --check  load the configuration and the engine, then exit (0 = usable)\n");
  return 2;
}

}  // namespace
}  // namespace redact_milter

int main(int argc, char** argv) {
  using namespace redact_milter;
  std::string config_path;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc)
      config_path = argv[++i];
    else if (a == "--check")
      check_only = true;
    else
      return Usage();
  }
  if (config_path.empty()) return Usage();
  std::string error;
  std::unique_ptr<Config> config = LoadConfig(config_path, &error);
  if (!config) {
    std::fprintf(stderr, "redact-milter: %s\n", error.c_str());
    return 2;
  }
  g_config = config.get();
  if (g_config->log == "syslog") openlog("redact-milter", LOG_PID, LOG_MAIL);
  redact::EngineOptions options;
  options.data_dir = g_config->data_dir;
  // No document may take longer than the whole message may: a worker past the message's limit
  // stops at the next check (inside Tesseract too) and frees its slot.
  options.max_seconds_per_document = g_config->message_timeout_seconds;
  auto engine = redact::Engine::Create(options);
  if (!engine.ok()) {
    std::fprintf(stderr, "redact-milter: engine: %s\n", engine.status().message().c_str());
    return 2;
  }
  g_engine = engine.value().release();  // lives until exit; detached workers may still use it
  g_rules.scan = g_config->scan_text;
  g_rules.hold_categories = g_config->hold_text_categories;
  g_slots = new std::counting_semaphore<256>(g_config->max_concurrent_redactions);
  InitMime();
  if (check_only) {
    std::printf("configuration and engine OK\n");
    return 0;
  }

  static struct smfiDesc desc = {};
  desc.xxfi_name = const_cast<char*>("redact-milter");
  desc.xxfi_version = SMFI_VERSION;
  desc.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY | SMFIF_QUARANTINE;
  desc.xxfi_connect = OnConnect;
  desc.xxfi_envfrom = OnEnvFrom;
  desc.xxfi_envrcpt = OnEnvRcpt;
  desc.xxfi_header = OnHeader;
  desc.xxfi_eoh = OnEoh;
  desc.xxfi_body = OnBody;
  desc.xxfi_eom = OnEom;
  desc.xxfi_abort = OnAbort;
  desc.xxfi_close = OnClose;
  if (smfi_setconn(const_cast<char*>(g_config->listen.c_str())) != MI_SUCCESS ||
      smfi_register(desc) != MI_SUCCESS) {
    std::fprintf(stderr, "redact-milter: cannot set up the milter socket %s\n",
                 g_config->listen.c_str());
    return 2;
  }
  // Create the socket now, so a bad address or a port in use is an error at start.
  if (smfi_opensocket(1) != MI_SUCCESS) {
    std::fprintf(stderr, "redact-milter: cannot open %s\n", g_config->listen.c_str());
    return 2;
  }
  Log(LOG_INFO, "listening on " + g_config->listen + ", " +
                    std::to_string(g_config->max_concurrent_redactions) + " redaction slots, " +
                    std::to_string(g_config->message_timeout_seconds) + " s per message");
  int rc = smfi_main();
  Log(LOG_INFO, "stopped");
  return rc == MI_SUCCESS ? 0 : 1;
}
