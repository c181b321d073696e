// UTF-8 <-> code point conversion used at every boundary of the detector.
// Invalid bytes decode to U+FFFD one byte at a time, so offsets stay defined for any input.
#pragma once

#include <string>
#include <string_view>

namespace redact::text {

std::u32string DecodeUtf8(std::string_view utf8);
std::string EncodeUtf8(std::u32string_view cps);
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace redact::text
