// Category names and the JSON policy format (see README.md, "Policy").
#include <re2/re2.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "redact/redact.hpp"

namespace redact {
namespace {
constexpr std::string_view kNames[kCategoryCount] = {
    "person",   "address",          "postal_code",  "phone",           "email",
    "birth_date", "my_number",      "corporate_number", "bank_account", "drivers_license",
    "passport", "residence_card",   "pension_number", "insurance_number"};
}  // namespace

std::string_view CategoryName(Category c) { return kNames[static_cast<int>(c)]; }

std::optional<Category> CategoryFromName(std::string_view name) {
  for (int i = 0; i < kCategoryCount; ++i)
    if (kNames[i] == name) return static_cast<Category>(i);
  return std::nullopt;
}

Result<Policy> Policy::FromJson(std::string_view text) {
  using nlohmann::json;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded() || !j.is_object()) return Status::Error("policy: not a JSON object");
  Policy p;
  auto string_list = [](const json& v, const char* what, std::vector<std::string>* out) {
    if (!v.is_array()) return Status::Error(std::string("policy: ") + what + " must be a list");
    for (const json& s : v) {
      if (!s.is_string()) return Status::Error(std::string("policy: ") + what + " holds a non-string");
      out->push_back(s.get<std::string>());
    }
    return Status();
  };
  for (auto& [key, value] : j.items()) {
    if (key == "categories") {
      if (!value.is_object()) return Status::Error("policy: categories must be an object");
      for (auto& [name, rule] : value.items()) {
        auto cat = CategoryFromName(name);
        if (!cat) return Status::Error("policy: unknown category '" + name + "'");
        CategoryRule& r = p.rule(*cat);
        if (rule.is_boolean()) {
          r.enabled = rule.get<bool>();
          continue;
        }
        if (!rule.is_object()) return Status::Error("policy: rule for " + name + " must be an object or a boolean");
        for (auto& [k, v] : rule.items()) {
          if (k == "enabled" && v.is_boolean()) r.enabled = v.get<bool>();
          else if (k == "min_score" && v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 1)
            r.min_score = v.get<double>();
          else return Status::Error("policy: bad key '" + k + "' for category " + name);
        }
      }
    } else if (key == "allow") {
      if (!value.is_object()) return Status::Error("policy: allow must be an object");
      for (auto& [k, v] : value.items()) {
        Status s = k == "exact"      ? string_list(v, "allow.exact", &p.allow_exact)
                   : k == "patterns" ? string_list(v, "allow.patterns", &p.allow_patterns)
                                     : Status::Error("policy: unknown key allow." + k);
        if (!s.ok()) return s;
      }
    } else if (key == "deny") {
      if (!value.is_array()) return Status::Error("policy: deny must be a list");
      for (const json& d : value) {
        DenyEntry e;
        if (d.is_string()) {
          e.text = d.get<std::string>();
        } else if (d.is_object() && d.contains("text") && d["text"].is_string()) {
          e.text = d["text"].get<std::string>();
          if (d.contains("category")) {
            auto cat = d["category"].is_string() ? CategoryFromName(d["category"].get<std::string>())
                                                 : std::nullopt;
            if (!cat) return Status::Error("policy: deny entry with an unknown category");
            e.category = *cat;
          }
        } else {
          return Status::Error("policy: a deny entry must be a string or {\"text\":..., \"category\":...}");
        }
        if (e.text.empty()) return Status::Error("policy: empty deny entry");
        p.deny.push_back(std::move(e));
      }
    } else {
      return Status::Error("policy: unknown key '" + key + "'");
    }
  }
  for (const auto& pat : p.allow_patterns) {
    RE2::Options opt;
    opt.set_log_errors(false);
    RE2 re(pat, opt);
    if (!re.ok()) return Status::Error("policy: allow pattern does not compile: " + re.error());
  }
  return p;
}

Result<Policy> Policy::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Error("policy: cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  Result<Policy> r = FromJson(ss.str());
  if (!r.ok()) return Status::Error(r.status().message() + " (" + path + ")");
  return r;
}

}  // namespace redact
