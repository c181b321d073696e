// The MIME side of the mail gateway: parses one message (GMime 3), redacts every PDF and image
// part wherever it sits in the tree, scans text parts, the Subject and file names with the
// detector, and writes the message back with its structure kept. No libmilter here.
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redact/redact.hpp"

namespace redact_milter {

struct TextRules {
  bool scan = true;
  std::vector<redact::Category> hold_categories;
};

// What RedactMessage did. Never holds personal data: counts, categories, MIME types, reasons.
struct MessageOutcome {
  bool ok = false;     // false: the message must not leave (see reason)
  std::string reason;  // one line, ASCII, no personal data
  bool changed = false;
  std::string new_body;  // the body after the top-level header block, CRLF line ends
  // Top-level headers whose value changed (Content-Type, Content-Transfer-Encoding, ...):
  // name and new value; an empty value means the header is gone.
  std::vector<std::pair<std::string, std::string>> header_changes;
  int parts_total = 0;                           // leaf MIME parts seen
  int parts_redacted = 0;                        // documents replaced by their redacted copy
  int names_replaced = 0;                        // attachment file names that carried personal data
  int counts[redact::kCategoryCount] = {};       // findings in documents and file names
  int text_counts[redact::kCategoryCount] = {};  // findings in text parts and Subject
};

// Calls GMime's global initialisation once (thread-safe).
void InitMime();

// `message`: header block, empty line, body, as received (CRLF or LF). `cancel` is polled
// between parts; when set, the result is a failure. Thread-safe given a thread-safe engine.
MessageOutcome RedactMessage(const redact::Engine& engine, std::string_view message,
                             const redact::Policy& policy, const TextRules& rules,
                             const std::atomic<bool>* cancel);

// "redacted=2; person=3 my_number=1" (+ "; text person=1") — the X-Redact header value.
std::string SummaryHeader(const MessageOutcome& outcome);

}  // namespace redact_milter
