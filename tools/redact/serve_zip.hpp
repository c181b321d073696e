// `redact serve`: zip archives for "download all", built in memory.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace redact_cli {

struct ZipEntry {
  std::string name;  // UTF-8
  std::string data;
};

// The entries as one zip (stored, UTF-8 names), or nullopt when minizip fails.
std::optional<std::string> ZipFiles(const std::vector<ZipEntry>& entries);

}  // namespace redact_cli
