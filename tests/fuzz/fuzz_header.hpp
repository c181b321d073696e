// Shared by the fuzz programs: decoder parameters taken from the first bytes of an input, so
// libFuzzer mutates parameters and data together and the seed corpora (make_seeds.py) can
// write real streams with their real parameters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace redact::fuzz {

// Reads little-endian fields from the front of the input; missing bytes read as zero.
class Header {
 public:
  Header(const uint8_t* data, size_t size, size_t header_size)
      : data_(data), size_(size < header_size ? size : header_size), rest_(header_size) {
    body_ = size > header_size ? std::string_view(reinterpret_cast<const char*>(data) + header_size,
                                                  size - header_size)
                               : std::string_view();
  }
  uint8_t U8(size_t at) const { return at < size_ ? data_[at] : 0; }
  uint16_t U16(size_t at) const { return static_cast<uint16_t>(U8(at) | (U8(at + 1) << 8)); }
  std::string_view body() const { return body_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t rest_;
  std::string_view body_;
};

}  // namespace redact::fuzz
