// Context-word lookups shared by the detectors: "is there a 個人番号 label just before this
// number?". Windows never cross a line break.
#include <string_view>

#include "detect/detector.hpp"
#include "text/utf8.hpp"

namespace redact::detect {

bool HasWordBefore(const text::NormalizedText& t, uint32_t pos,
                   const std::vector<std::u32string>& words, uint32_t window) {
  const std::u32string& s = t.text;
  uint32_t lo = pos > window ? pos - window : 0;
  for (uint32_t k = pos; k > lo; --k)
    if (s[k - 1] == U'\n') {
      lo = k;
      break;
    }
  std::u32string_view area(s.data() + lo, pos - lo);
  for (const auto& w : words)
    if (area.find(w) != std::u32string_view::npos) return true;
  return false;
}

bool HasWordAfter(const text::NormalizedText& t, uint32_t pos,
                  const std::vector<std::u32string>& words, uint32_t window) {
  const std::u32string& s = t.text;
  uint32_t hi = std::min<uint32_t>(static_cast<uint32_t>(s.size()), pos + window);
  for (uint32_t k = pos; k < hi; ++k)
    if (s[k] == U'\n') {
      hi = k;
      break;
    }
  std::u32string_view area(s.data() + pos, hi - pos);
  for (const auto& w : words)
    if (area.find(w) != std::u32string_view::npos) return true;
  return false;
}

std::vector<std::u32string> Words(std::initializer_list<std::string_view> utf8) {
  std::vector<std::u32string> out;
  out.reserve(utf8.size());
  for (auto w : utf8) out.push_back(text::Normalize(text::DecodeUtf8(w)).text);
  return out;
}

}  // namespace redact::detect
