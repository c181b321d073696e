// The general-purpose PDF stream filters an image's /Filter chain may hold before (or instead
// of) an image codec, with hard output caps, and the predictors that go with Flate and LZW.
#include <leptonica/allheaders.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "image/codecs.hpp"

namespace redact::image::internal {
namespace {

Status TooLarge(const char* filter) {
  return Status::Error(std::string(filter) +
                       ": decoded data exceeds what the image needs (decompression bomb)");
}

bool IsPdfWhite(unsigned char c) {
  return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
}

}  // namespace

void QuietLeptonica() {
  static const bool once = [] {
    setMsgSeverity(L_SEVERITY_NONE);
    return true;
  }();
  (void)once;
}

Status CheckDimensions(int64_t width, int64_t height) {
  if (width <= 0 || height <= 0)
    return Status::Error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                         " is not positive");
  if (width > kMaxPixels || height > kMaxPixels || width * height > kMaxPixels)
    return Status::Error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                         " exceeds the limit of " + std::to_string(kMaxPixels / 1'000'000) +
                         " megapixels");
  return Status();
}

Result<std::string> FlateDecode(std::string_view in, size_t max_out) {
  z_stream zs{};
  // 32 + 15: accept a zlib or gzip header; a few producers write raw deflate, retried below.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Error("FlateDecode: zlib init failed");
  std::string out;
  auto run = [&](z_stream* z) -> int {
    z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z->avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (true) {
      size_t chunk = std::min<size_t>(1 << 16, max_out + 1 - out.size());
      size_t old = out.size();
      out.resize(old + chunk);
      z->next_out = reinterpret_cast<Bytef*>(out.data() + old);
      z->avail_out = static_cast<uInt>(chunk);
      rc = inflate(z, Z_NO_FLUSH);
      out.resize(old + (chunk - z->avail_out));
      if (out.size() > max_out) return Z_MEM_ERROR;  // over the cap
      if (rc == Z_STREAM_END || rc != Z_OK) break;
      if (z->avail_in == 0 && z->avail_out != 0) break;  // input exhausted (truncated)
    }
    return rc;
  };
  if (in.size() > UINT32_MAX) return Status::Error("FlateDecode: stream too large");
  int rc = run(&zs);
  inflateEnd(&zs);
  if (rc == Z_MEM_ERROR) return TooLarge("FlateDecode");
  if (rc == Z_DATA_ERROR && out.empty()) {
    z_stream raw{};
    if (inflateInit2(&raw, -15) != Z_OK) return Status::Error("FlateDecode: zlib init failed");
    rc = run(&raw);
    inflateEnd(&raw);
    if (rc == Z_MEM_ERROR) return TooLarge("FlateDecode");
  }
  return out;
}

std::string FlateEncode(std::string_view in) {
  uLongf cap = compressBound(static_cast<uLong>(in.size()));
  std::string out(cap, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &cap,
                reinterpret_cast<const Bytef*>(in.data()), static_cast<uLong>(in.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK)
    return {};
  out.resize(cap);
  return out;
}

Result<std::string> LzwDecode(std::string_view in, bool early_change, size_t max_out) {
  // Dictionary entries as (prefix index, last byte, length); strings are rebuilt backwards.
  struct Entry {
    int prefix;
    uint8_t byte;
    int length;
  };
  std::vector<Entry> table;
  table.reserve(4096);
  auto reset = [&] {
    table.clear();
    for (int i = 0; i < 256; ++i) table.push_back({-1, static_cast<uint8_t>(i), 1});
    table.push_back({-1, 0, 0});  // 256 clear
    table.push_back({-1, 0, 0});  // 257 EOD
  };
  reset();
  std::string out;
  int code_len = 9;
  uint32_t bitbuf = 0;
  int bits = 0;
  size_t pos = 0;
  int prev = -1;
  std::string scratch;
  auto emit = [&](int code) {
    scratch.resize(table[code].length);
    for (int c = code, i = table[code].length - 1; c >= 0 && i >= 0; c = table[c].prefix, --i)
      scratch[i] = static_cast<char>(table[c].byte);
    out += scratch;
  };
  while (true) {
    while (bits < code_len && pos < in.size()) {
      bitbuf = (bitbuf << 8) | static_cast<uint8_t>(in[pos++]);
      bits += 8;
    }
    if (bits < code_len) break;  // ran out without EOD
    int code = static_cast<int>((bitbuf >> (bits - code_len)) & ((1u << code_len) - 1));
    bits -= code_len;
    if (code == 256) {
      reset();
      code_len = 9;
      prev = -1;
      continue;
    }
    if (code == 257) break;
    if (prev < 0) {
      if (code > 255) return Status::Error("LZWDecode: bad first code");
      emit(code);
    } else {
      int size = static_cast<int>(table.size());
      if (code < size) {
        emit(code);
        uint8_t first = static_cast<uint8_t>(scratch[0]);
        if (size < 4096) table.push_back({prev, first, table[prev].length + 1});
      } else if (code == size && size < 4096) {
        // KwKwK: the new entry is prev + first byte of prev.
        int c = prev;
        while (table[c].prefix >= 0) c = table[c].prefix;
        table.push_back({prev, table[c].byte, table[prev].length + 1});
        emit(code);
      } else {
        return Status::Error("LZWDecode: code out of range");
      }
    }
    if (out.size() > max_out) return TooLarge("LZWDecode");
    prev = code;
    int next = static_cast<int>(table.size()) + (early_change ? 1 : 0);
    if (next >= 4096)
      code_len = 12;
    else if (next >= 2048)
      code_len = 12;
    else if (next >= 1024)
      code_len = 11;
    else if (next >= 512)
      code_len = 10;
    else
      code_len = 9;
  }
  return out;
}

Result<std::string> RunLengthDecode(std::string_view in, size_t max_out) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    int n = static_cast<uint8_t>(in[i++]);
    if (n == 128) break;
    if (n < 128) {
      size_t len = std::min<size_t>(n + 1, in.size() - i);
      out.append(in.substr(i, len));
      i += len;
    } else if (i < in.size()) {
      out.append(257 - n, in[i++]);
    }
    if (out.size() > max_out) return TooLarge("RunLengthDecode");
  }
  return out;
}

Result<std::string> AsciiHexDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 2);
  int hi = -1;
  for (unsigned char c : in) {
    if (c == '>') break;
    if (IsPdfWhite(c)) continue;
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      return Status::Error("ASCIIHexDecode: bad character");
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<char>(hi * 16 + v));
      hi = -1;
    }
  }
  if (hi >= 0) out.push_back(static_cast<char>(hi * 16));
  return out;
}

Result<std::string> Ascii85Decode(std::string_view in) {
  std::string out;
  out.reserve(in.size() * 4 / 5 + 4);
  uint32_t group[5];
  int n = 0;
  auto flush = [&](int count) {
    uint64_t v = 0;
    for (int i = 0; i < 5; ++i) v = v * 85 + (i < count ? group[i] : 84);
    if (v > UINT32_MAX) return false;
    for (int i = 0; i < count - 1; ++i)
      out.push_back(static_cast<char>((v >> (24 - 8 * i)) & 0xff));
    return true;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = in[i];
    if (IsPdfWhite(c)) continue;
    if (c == '~') break;
    if (c == 'z' && n == 0) {
      out.append(4, '\0');
      continue;
    }
    if (c < '!' || c > 'u') return Status::Error("ASCII85Decode: bad character");
    group[n++] = c - '!';
    if (n == 5) {
      if (!flush(5)) return Status::Error("ASCII85Decode: group overflow");
      n = 0;
    }
  }
  if (n == 1) return Status::Error("ASCII85Decode: dangling character");
  if (n > 1 && !flush(n)) return Status::Error("ASCII85Decode: group overflow");
  return out;
}

Result<std::string> Unpredict(std::string data, const PredictorParams& p) {
  if (p.predictor == 1) return data;
  const int bpc = p.bits_per_component;
  if (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16)
    return Status::Error("Predictor: BitsPerComponent " + std::to_string(bpc) + " unsupported");
  if (p.colors < 1 || p.colors > 32 || p.columns < 1)
    return Status::Error("Predictor: bad Colors or Columns");
  const size_t row_bytes = (static_cast<size_t>(p.colors) * bpc * p.columns + 7) / 8;
  const size_t bpp = std::max<size_t>(1, static_cast<size_t>(p.colors) * bpc / 8);

  if (p.predictor == 2) {  // TIFF: each sample is the difference from the one to its left
    const size_t rows = data.size() / row_bytes;
    auto* d = reinterpret_cast<uint8_t*>(data.data());
    const size_t samples = static_cast<size_t>(p.colors) * p.columns;
    for (size_t r = 0; r < rows; ++r) {
      uint8_t* row = d + r * row_bytes;
      if (bpc == 8) {
        for (size_t i = p.colors; i < samples; ++i)
          row[i] = static_cast<uint8_t>(row[i] + row[i - p.colors]);
      } else if (bpc == 16) {
        for (size_t i = p.colors; i < samples; ++i) {
          unsigned v = (row[2 * i] << 8 | row[2 * i + 1]) +
                       (row[2 * (i - p.colors)] << 8 | row[2 * (i - p.colors) + 1]);
          row[2 * i] = static_cast<uint8_t>(v >> 8);
          row[2 * i + 1] = static_cast<uint8_t>(v);
        }
      } else {
        const unsigned mask = (1u << bpc) - 1;
        auto get = [&](size_t i) {
          size_t bit = i * bpc;
          return (row[bit / 8] >> (8 - bpc - bit % 8)) & mask;
        };
        auto set = [&](size_t i, unsigned v) {
          size_t bit = i * bpc;
          int shift = static_cast<int>(8 - bpc - bit % 8);
          row[bit / 8] =
              static_cast<uint8_t>((row[bit / 8] & ~(mask << shift)) | ((v & mask) << shift));
        };
        for (size_t i = p.colors; i < samples; ++i) set(i, get(i) + get(i - p.colors));
      }
    }
    data.resize(rows * row_bytes);
    return data;
  }
  if (p.predictor < 10 || p.predictor > 15)
    return Status::Error("Predictor " + std::to_string(p.predictor) + " unsupported");

  // PNG: every row starts with its own filter type byte.
  const size_t stride = row_bytes + 1;
  const size_t rows = data.size() / stride;
  std::string out(rows * row_bytes, '\0');
  auto* o = reinterpret_cast<uint8_t*>(out.data());
  const auto* in = reinterpret_cast<const uint8_t*>(data.data());
  for (size_t r = 0; r < rows; ++r) {
    const uint8_t type = in[r * stride];
    const uint8_t* src = in + r * stride + 1;
    uint8_t* cur = o + r * row_bytes;
    const uint8_t* up = r > 0 ? cur - row_bytes : nullptr;
    for (size_t i = 0; i < row_bytes; ++i) {
      const int a = i >= bpp ? cur[i - bpp] : 0;
      const int b = up ? up[i] : 0;
      const int c = (up && i >= bpp) ? up[i - bpp] : 0;
      int v;
      switch (type) {
        case 0:
          v = src[i];
          break;
        case 1:
          v = src[i] + a;
          break;
        case 2:
          v = src[i] + b;
          break;
        case 3:
          v = src[i] + (a + b) / 2;
          break;
        case 4: {
          const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
          const int pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
          v = src[i] + pred;
          break;
        }
        default:
          return Status::Error("PNG predictor: bad filter type " + std::to_string(type) +
                               " in row " + std::to_string(r));
      }
      cur[i] = static_cast<uint8_t>(v);
    }
  }
  return out;
}

}  // namespace redact::image::internal
