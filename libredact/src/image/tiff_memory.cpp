// libtiff on memory buffers for the TIFF file path and the CCITT decoder: no temporary files
// (page images hold personal data), and libtiff's errors collected per handle, not printed.
#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "image/codecs.hpp"

namespace redact::image::internal {
namespace {

tmsize_t MemRead(thandle_t h, void* buf, tmsize_t n) {
  auto* f = static_cast<TiffMemoryFile*>(h);
  const size_t size = f->out ? f->out->size() : f->in_size;
  const char* data = f->out ? f->out->data() : f->in;
  if (n < 0 || f->pos >= size) return 0;
  const size_t take = std::min<size_t>(static_cast<size_t>(n), size - f->pos);
  std::memcpy(buf, data + f->pos, take);
  f->pos += take;
  return static_cast<tmsize_t>(take);
}
tmsize_t MemWrite(thandle_t h, void* buf, tmsize_t n) {
  auto* f = static_cast<TiffMemoryFile*>(h);
  if (f->out == nullptr || n < 0) return -1;
  if (f->pos + n > f->out->size()) f->out->resize(f->pos + n);
  std::memcpy(f->out->data() + f->pos, buf, static_cast<size_t>(n));
  f->pos += static_cast<size_t>(n);
  return n;
}
toff_t MemSeek(thandle_t h, toff_t off, int whence) {
  auto* f = static_cast<TiffMemoryFile*>(h);
  const size_t size = f->out ? f->out->size() : f->in_size;
  const int64_t base = whence == SEEK_SET   ? 0
                       : whence == SEEK_CUR ? static_cast<int64_t>(f->pos)
                                            : static_cast<int64_t>(size);
  const int64_t target = base + static_cast<int64_t>(off);
  if (target < 0) return static_cast<toff_t>(-1);
  if (f->out == nullptr && static_cast<size_t>(target) > size) return static_cast<toff_t>(-1);
  f->pos = static_cast<size_t>(target);
  return static_cast<toff_t>(target);
}
int MemClose(thandle_t) { return 0; }
toff_t MemSize(thandle_t h) {
  auto* f = static_cast<TiffMemoryFile*>(h);
  return f->out ? f->out->size() : f->in_size;
}
int MemMap(thandle_t, void**, toff_t*) { return 0; }  // no mapping: reads go through MemRead
void MemUnmap(thandle_t, void*, toff_t) {}

int OnTiffError(TIFF*, void* user, const char*, const char* fmt, va_list ap) {
  auto* f = static_cast<TiffMemoryFile*>(user);
  if (f->error.empty()) {
    char buf[256];
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    f->error = buf;
  }
  return 1;  // handled: nothing reaches stderr
}
int OnTiffWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

}  // namespace

TIFF* OpenTiffInMemory(TiffMemoryFile* f, const char* mode) {
  TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
  TIFFOpenOptionsSetErrorHandlerExtR(opts, OnTiffError, f);
  TIFFOpenOptionsSetWarningHandlerExtR(opts, OnTiffWarning, f);
  TIFFOpenOptionsSetMaxSingleMemAlloc(opts, static_cast<tmsize_t>(1) << 30);
  TIFF* tif = TIFFClientOpenExt("image", mode, f, MemRead, MemWrite, MemSeek, MemClose, MemSize,
                                MemMap, MemUnmap, opts);
  TIFFOpenOptionsFree(opts);
  return tif;
}

}  // namespace redact::image::internal
