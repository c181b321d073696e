// `redact serve`: "download all" — the redacted files as one zip, built in memory with
// minizip (nothing touches the disk). Names are stored as UTF-8 (general purpose flag bit 11).
#include "serve_zip.hpp"

#include <minizip/zip.h>

#include <algorithm>
#include <cstring>
#include <ctime>

namespace redact_cli {
namespace {

// A growable in-memory "file" behind minizip's I/O callbacks.
struct MemFile {
  std::string data;
  std::size_t pos = 0;
};

voidpf Open(voidpf opaque, const void*, int) { return opaque; }
uLong Read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemFile*>(stream);
  uLong n = static_cast<uLong>(
      std::min<std::size_t>(size, f->data.size() - std::min(f->pos, f->data.size())));
  std::memcpy(buf, f->data.data() + f->pos, n);
  f->pos += n;
  return n;
}
uLong Write(voidpf, voidpf stream, const void* buf, uLong size) {
  auto* f = static_cast<MemFile*>(stream);
  if (f->pos + size > f->data.size()) f->data.resize(f->pos + size);
  std::memcpy(f->data.data() + f->pos, buf, size);
  f->pos += size;
  return size;
}
ZPOS64_T Tell(voidpf, voidpf stream) { return static_cast<MemFile*>(stream)->pos; }
long Seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemFile*>(stream);
  ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                  : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos
                                                     : f->data.size();
  f->pos = static_cast<std::size_t>(base + offset);
  return 0;
}
int Close(voidpf, voidpf) { return 0; }
int Error(voidpf, voidpf) { return 0; }

}  // namespace

std::optional<std::string> ZipFiles(const std::vector<ZipEntry>& entries) {
  MemFile mem;
  zlib_filefunc64_def io{Open, Read, Write, Tell, Seek, Close, Error, &mem};
  zipFile zf = zipOpen2_64("memory", APPEND_STATUS_CREATE, nullptr, &io);
  if (zf == nullptr) return std::nullopt;
  std::time_t now = std::time(nullptr);
  std::tm lt{};
  localtime_r(&now, &lt);
  bool ok = true;
  for (const ZipEntry& e : entries) {
    zip_fileinfo info{};
    info.tmz_date = {static_cast<uInt>(lt.tm_sec),  static_cast<uInt>(lt.tm_min),
                     static_cast<uInt>(lt.tm_hour), static_cast<uInt>(lt.tm_mday),
                     static_cast<uInt>(lt.tm_mon),  static_cast<uInt>(lt.tm_year + 1900)};
    // PDFs and images are compressed already: store them (method 0).
    constexpr uLong kUtf8Names = 1 << 11;
    if (zipOpenNewFileInZip4_64(zf, e.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, 0, 0, 0,
                                -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 20,
                                kUtf8Names, 1) != ZIP_OK ||
        zipWriteInFileInZip(zf, e.data.data(), static_cast<unsigned>(e.data.size())) != ZIP_OK ||
        zipCloseFileInZip(zf) != ZIP_OK) {
      ok = false;
      break;
    }
  }
  if (zipClose(zf, nullptr) != ZIP_OK || !ok) return std::nullopt;
  return std::move(mem.data);
}

}  // namespace redact_cli
