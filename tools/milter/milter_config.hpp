// redact-milter configuration: which mail is outbound, which policy and failure action apply
// per recipient domain, and the resource limits. Loaded once at start; an unusable file is an
// error so a typo never turns redaction off.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "redact/redact.hpp"

namespace redact_milter {

// What happens to a message whose redaction could not be completed (or whose body carries a
// category listed in hold_text_categories). None of them lets the message through.
enum class FailureAction { kTempfail = 1, kHold = 2, kReject = 3 };
const char* FailureActionName(FailureAction a);

// A route: recipients in these domains get this treatment. Domains match exactly, ".example.jp"
// matches every subdomain of example.jp (and example.jp itself), "*" matches everything.
struct Route {
  std::vector<std::string> recipient_domains;
  bool redact = true;  // false: "pass" (internal mail, delivered unchanged)
  FailureAction on_failure = FailureAction::kHold;
  std::shared_ptr<const redact::Policy> policy;  // never null for redact routes
  std::string policy_name;                       // "default", or the file name, for logs
};

struct IpNetwork {
  bool v6 = false;
  std::uint8_t addr[16] = {};
  int prefix = 0;
};

struct Config {
  std::string listen = "inet:8891@127.0.0.1";  // libmilter socket spec
  std::string log = "syslog";                  // "syslog" or "stderr"
  std::string data_dir;                        // compiled dictionaries; empty: default
  std::size_t max_message_bytes = 25u << 20;
  int max_concurrent_redactions = 2;
  int message_timeout_seconds = 120;
  // Mail from clients in these networks is outbound and inspected; anything else (inbound
  // mail) is accepted untouched. Empty: every client is treated as outbound.
  std::vector<IpNetwork> sender_networks;
  bool scan_text = true;  // text/* parts, Subject and attachment file names go to the detector
  // Categories that must not leave in a text body or Subject: the message gets on_failure.
  std::vector<redact::Category> hold_text_categories = {redact::Category::kMyNumber};
  // First matching route wins for each recipient; no match: redact with the default policy
  // and hold on failure (fail closed).
  std::vector<Route> routes;
  Route fallback;
};

// Parses the JSON configuration (format in deploy/milter/redact-milter.json). On error, returns
// nullptr and sets *error to a one-line reason.
std::unique_ptr<Config> LoadConfig(const std::string& path, std::string* error);

// Whether a numeric address ("192.0.2.1", "::1", "IPv6:::1") lies in one of the networks.
bool InNetworks(const std::vector<IpNetwork>& nets, const std::string& address);

// The route for one recipient domain (lowercase, without '@').
const Route& RouteFor(const Config& config, const std::string& domain);

}  // namespace redact_milter
