// Loads and checks the milter configuration (JSON); see milter_config.hpp for the meaning of
// each field. Unknown keys are errors, like in the redaction policy.
#include "milter_config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace redact_milter {
namespace {

using nlohmann::json;

bool ParseNetwork(const std::string& text, IpNetwork* net) {
  std::string addr = text;
  int prefix = -1;
  auto slash = text.find('/');
  if (slash != std::string::npos) {
    addr = text.substr(0, slash);
    try {
      std::size_t used = 0;
      prefix = std::stoi(text.substr(slash + 1), &used);
      if (used != text.size() - slash - 1) return false;
    } catch (const std::exception&) {
      return false;
    }
  }
  if (inet_pton(AF_INET, addr.c_str(), net->addr) == 1) {
    net->v6 = false;
    net->prefix = prefix < 0 ? 32 : prefix;
    return net->prefix <= 32;
  }
  if (inet_pton(AF_INET6, addr.c_str(), net->addr) == 1) {
    net->v6 = true;
    net->prefix = prefix < 0 ? 128 : prefix;
    return net->prefix <= 128;
  }
  return false;
}

bool Matches(const IpNetwork& net, const std::uint8_t* a) {
  int bits = net.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((net.addr[i] & mask) != (a[i] & mask)) return false;
  }
  return true;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool CheckKeys(const json& obj, const std::set<std::string>& known, const std::string& where,
               std::string* error) {
  for (const auto& [key, value] : obj.items()) {
    if (!known.count(key)) {
      *error = "unknown key \"" + key + "\" in " + where;
      return false;
    }
  }
  return true;
}

bool ParseAction(const json& v, FailureAction* out, std::string* error) {
  std::string s = v.is_string() ? v.get<std::string>() : "";
  if (s == "hold")
    *out = FailureAction::kHold;
  else if (s == "reject")
    *out = FailureAction::kReject;
  else if (s == "tempfail")
    *out = FailureAction::kTempfail;
  else {
    *error = "on_failure must be \"hold\", \"reject\" or \"tempfail\"";
    return false;
  }
  return true;
}

bool ParseRoute(const json& r, const std::string& base_dir, Route* route, std::string* error) {
  if (!r.is_object()) {
    *error = "each route must be an object";
    return false;
  }
  if (!CheckKeys(r, {"recipient_domains", "action", "on_failure", "policy"}, "route", error))
    return false;
  if (!r.contains("recipient_domains") || !r["recipient_domains"].is_array() ||
      r["recipient_domains"].empty()) {
    *error = "a route needs a non-empty recipient_domains list";
    return false;
  }
  for (const auto& d : r["recipient_domains"]) {
    if (!d.is_string() || d.get<std::string>().empty()) {
      *error = "recipient_domains entries must be non-empty strings";
      return false;
    }
    route->recipient_domains.push_back(Lower(d.get<std::string>()));
  }
  std::string action = r.value("action", std::string("redact"));
  if (action == "redact")
    route->redact = true;
  else if (action == "pass")
    route->redact = false;
  else {
    *error = "route action must be \"redact\" or \"pass\"";
    return false;
  }
  if (r.contains("on_failure") && !ParseAction(r["on_failure"], &route->on_failure, error))
    return false;
  route->policy = std::make_shared<redact::Policy>(redact::Policy::Default());
  route->policy_name = "default";
  if (r.contains("policy")) {
    const json& p = r["policy"];
    redact::Result<redact::Policy> parsed =
        redact::Status::Error("policy must be a file name or an object");
    if (p.is_string()) {
      std::string file = p.get<std::string>();
      if (!file.empty() && file[0] != '/') file = base_dir + "/" + file;
      parsed = redact::Policy::FromFile(file);
      route->policy_name = p.get<std::string>();
    } else if (p.is_object()) {
      parsed = redact::Policy::FromJson(p.dump());
      route->policy_name = "inline";
    }
    if (!parsed.ok()) {
      *error = "route policy: " + parsed.status().message();
      return false;
    }
    route->policy = std::make_shared<redact::Policy>(std::move(parsed.value()));
  }
  return true;
}

}  // namespace

const char* FailureActionName(FailureAction a) {
  switch (a) {
    case FailureAction::kHold:
      return "hold";
    case FailureAction::kReject:
      return "reject";
    case FailureAction::kTempfail:
      return "tempfail";
  }
  return "hold";
}

std::unique_ptr<Config> LoadConfig(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read configuration " + path;
    return nullptr;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  json j;
  try {
    j = json::parse(ss.str());
  } catch (const std::exception& e) {
    *error = std::string("configuration is not valid JSON: ") + e.what();
    return nullptr;
  }
  if (!j.is_object()) {
    *error = "configuration must be a JSON object";
    return nullptr;
  }
  if (!CheckKeys(j,
                 {"listen", "log", "data_dir", "max_message_bytes", "max_concurrent_redactions",
                  "message_timeout_seconds", "sender_networks", "scan_text", "hold_text_categories",
                  "routes", "comment"},
                 "configuration", error))
    return nullptr;
  std::string base_dir =
      path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  auto c = std::make_unique<Config>();
  try {
    c->listen = j.value("listen", c->listen);
    c->log = j.value("log", c->log);
    if (c->log != "syslog" && c->log != "stderr") {
      *error = "log must be \"syslog\" or \"stderr\"";
      return nullptr;
    }
    c->data_dir = j.value("data_dir", c->data_dir);
    c->max_message_bytes = j.value("max_message_bytes", c->max_message_bytes);
    c->max_concurrent_redactions =
        j.value("max_concurrent_redactions", c->max_concurrent_redactions);
    c->message_timeout_seconds = j.value("message_timeout_seconds", c->message_timeout_seconds);
    c->scan_text = j.value("scan_text", c->scan_text);
    if (c->max_concurrent_redactions < 1 || c->max_concurrent_redactions > 256 ||
        c->message_timeout_seconds < 1 || c->max_message_bytes < 1024) {
      *error =
          "limits out of range (max_concurrent_redactions 1..256, "
          "message_timeout_seconds >= 1, max_message_bytes >= 1024)";
      return nullptr;
    }
    if (j.contains("sender_networks")) {
      for (const auto& n : j["sender_networks"]) {
        IpNetwork net;
        if (!n.is_string() || !ParseNetwork(n.get<std::string>(), &net)) {
          *error = "sender_networks: not an address/prefix: " + n.dump();
          return nullptr;
        }
        c->sender_networks.push_back(net);
      }
    }
    if (j.contains("hold_text_categories")) {
      c->hold_text_categories.clear();
      for (const auto& n : j["hold_text_categories"]) {
        auto cat = n.is_string() ? redact::CategoryFromName(n.get<std::string>()) : std::nullopt;
        if (!cat) {
          *error = "hold_text_categories: unknown category " + n.dump();
          return nullptr;
        }
        c->hold_text_categories.push_back(*cat);
      }
    }
    if (j.contains("routes")) {
      if (!j["routes"].is_array()) {
        *error = "routes must be a list";
        return nullptr;
      }
      for (const auto& r : j["routes"]) {
        Route route;
        if (!ParseRoute(r, base_dir, &route, error)) return nullptr;
        c->routes.push_back(std::move(route));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    *error = std::string("configuration has a value of the wrong type: ") + e.what();
    return nullptr;
  }
  c->fallback.recipient_domains = {"*"};
  c->fallback.policy = std::make_shared<redact::Policy>(redact::Policy::Default());
  c->fallback.policy_name = "default";
  return c;
}

bool InNetworks(const std::vector<IpNetwork>& nets, const std::string& address) {
  std::string a = address;
  if (a.rfind("IPv6:", 0) == 0) a = a.substr(5);
  std::uint8_t buf[16] = {};
  bool v6 = false;
  if (inet_pton(AF_INET, a.c_str(), buf) != 1) {
    if (inet_pton(AF_INET6, a.c_str(), buf) != 1) return false;
    v6 = true;
    // An IPv4-mapped IPv6 address counts as its IPv4 address.
    static const std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, buf)) {
      std::memmove(buf, buf + 12, 4);
      v6 = false;
    }
  }
  for (const auto& n : nets)
    if (n.v6 == v6 && Matches(n, buf)) return true;
  return false;
}

const Route& RouteFor(const Config& config, const std::string& domain) {
  for (const auto& r : config.routes) {
    for (const auto& d : r.recipient_domains) {
      if (d == "*" || d == domain) return r;
      if (d[0] == '.' &&
          (domain == d.substr(1) || (domain.size() > d.size() &&
                                     domain.compare(domain.size() - d.size(), d.size(), d) == 0)))
        return r;
    }
  }
  return config.fallback;
}

}  // namespace redact_milter
