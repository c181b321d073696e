// /JBIG2Decode streams through jbig2dec: the /JBIG2Globals segments first, then the page's,
// with an allocator that refuses to grow past a budget derived from the declared size.
//
// jbig2dec runs in a forked child with a wall-clock limit. Some of its loops are bounded only
// by counts the stream declares: a fuzzer found 83 bytes whose text region places 2^28 symbol
// instances from an empty dictionary, one warning each, for half a minute. Neither the
// allocator nor the message callback can stop such a loop, and the library has a history of
// memory bugs; a child that is killed at the limit or dies costs the document, not the worker.
#include <fcntl.h>
#include <leptonica/allheaders.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

// jbig2.h defines `inline` away when it is not a macro; keep it last and undo that.
#include <jbig2.h>
#undef inline

#include "image/codecs.hpp"

namespace redact::image::internal {
namespace {

// Every block carries its size in a header so that realloc and free can keep the account.
struct BudgetAllocator {
  Jbig2Allocator base;  // first member: jbig2dec passes this pointer back
  size_t used = 0;
  size_t budget = 0;
  bool exceeded = false;
};
constexpr size_t kHeader = 16;

void* BudgetAlloc(Jbig2Allocator* a, size_t size) {
  auto* b = reinterpret_cast<BudgetAllocator*>(a);
  if (size > b->budget || b->used + size > b->budget) {
    b->exceeded = true;
    return nullptr;
  }
  auto* p = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (p == nullptr) return nullptr;
  std::memcpy(p, &size, sizeof size);
  b->used += size;
  return p + kHeader;
}

void BudgetFree(Jbig2Allocator* a, void* p) {
  if (p == nullptr) return;
  auto* b = reinterpret_cast<BudgetAllocator*>(a);
  unsigned char* block = static_cast<unsigned char*>(p) - kHeader;
  size_t size;
  std::memcpy(&size, block, sizeof size);
  b->used -= size;
  std::free(block);
}

void* BudgetRealloc(Jbig2Allocator* a, void* p, size_t size) {
  if (p == nullptr) return BudgetAlloc(a, size);
  auto* b = reinterpret_cast<BudgetAllocator*>(a);
  unsigned char* block = static_cast<unsigned char*>(p) - kHeader;
  size_t old;
  std::memcpy(&old, block, sizeof old);
  if (size > old && (size - old > b->budget || b->used + (size - old) > b->budget)) {
    b->exceeded = true;
    return nullptr;
  }
  auto* grown = static_cast<unsigned char*>(std::realloc(block, size + kHeader));
  if (grown == nullptr) return nullptr;
  std::memcpy(grown, &size, sizeof size);
  b->used = b->used - old + size;
  return grown + kHeader;
}

struct Diagnostics {
  bool fatal = false;
  std::string first_fatal;
};

void OnJbig2Message(void* data, const char* msg, Jbig2Severity severity, uint32_t) {
  auto* d = static_cast<Diagnostics*>(data);
  if (severity == JBIG2_SEVERITY_FATAL) {
    if (!d->fatal && msg != nullptr) d->first_fatal = msg;
    d->fatal = true;
  }
}

// The page as packed rows, MSB first, (width + 7) / 8 bytes each; runs in the child.
Result<std::string> DecodeRows(std::string_view data, std::string_view globals, int width, int height) {
  BudgetAllocator alloc;
  alloc.base = {BudgetAlloc, BudgetFree, BudgetRealloc};
  // The page bitmap, a few region and symbol bitmaps of similar size, and tables.
  alloc.budget = static_cast<size_t>(width + 8) * static_cast<size_t>(height) / 8 * 6 + (64u << 20);
  Diagnostics diag;
  auto* a = reinterpret_cast<Jbig2Allocator*>(&alloc);

  Jbig2GlobalCtx* global_ctx = nullptr;
  if (!globals.empty()) {
    Jbig2Ctx* gctx = jbig2_ctx_new(a, JBIG2_OPTIONS_EMBEDDED, nullptr, OnJbig2Message, &diag);
    if (gctx == nullptr) return Status::Error("JBIG2Decode: cannot start decoder");
    jbig2_data_in(gctx, reinterpret_cast<const unsigned char*>(globals.data()), globals.size());
    global_ctx = jbig2_make_global_ctx(gctx);  // takes gctx
  }
  Jbig2Ctx* ctx = jbig2_ctx_new(a, JBIG2_OPTIONS_EMBEDDED, global_ctx, OnJbig2Message, &diag);
  if (ctx == nullptr) {
    if (global_ctx) jbig2_global_ctx_free(global_ctx);
    return Status::Error("JBIG2Decode: cannot start decoder");
  }
  Result<std::string> result = Status::Error("JBIG2Decode: no page in the stream");
  const int rc =
      diag.fatal
          ? -1
          : jbig2_data_in(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  if (rc >= 0 && !diag.fatal) {
    jbig2_complete_page(ctx);
    if (Jbig2Image* page = jbig2_page_out(ctx)) {
      if (static_cast<int64_t>(page->width) != width ||
          static_cast<int64_t>(page->height) != height) {
        result = Status::Error("JBIG2Decode: page is " + std::to_string(page->width) + "x" +
                               std::to_string(page->height) + ", declared size lies");
      } else {
        const size_t row_bytes = (static_cast<size_t>(width) + 7) / 8;
        std::string rows(row_bytes * static_cast<size_t>(height), '\0');
        for (int y = 0; y < height; ++y)
          std::memcpy(rows.data() + static_cast<size_t>(y) * row_bytes,
                      page->data + static_cast<size_t>(y) * page->stride, row_bytes);
        result = std::move(rows);
      }
      jbig2_release_page(ctx, page);
    }
  }
  if (alloc.exceeded)
    result = Status::Error("JBIG2Decode: memory budget exceeded");
  else if (!result.ok() && diag.fatal)
    result = Status::Error("JBIG2Decode: " + diag.first_fatal);
  jbig2_ctx_free(ctx);
  if (global_ctx) jbig2_global_ctx_free(global_ctx);
  return result;
}

bool WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Child side: one status byte ('+' rows follow, '-' a message follows), then the payload.
[[noreturn]] void RunChild(int fd, std::string_view data, std::string_view globals, int width,
                           int height) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  Result<std::string> r = DecodeRows(data, globals, width, height);
  const std::string& payload = r.ok() ? r.value() : r.status().message();
  const char tag = r.ok() ? '+' : '-';
  const bool sent = WriteAll(fd, &tag, 1) && WriteAll(fd, payload.data(), payload.size());
  _exit(sent ? 0 : 1);
}

// Parent side: everything the child wrote until it closed the pipe, or false past `deadline`.
bool ReadUntil(int fd, std::chrono::steady_clock::time_point deadline, std::string* out) {
  char buf[1 << 16];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int n = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) return false;
    if (n <= 0) continue;
    const ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) return true;
    out->append(buf, static_cast<size_t>(got));
  }
}

}  // namespace

Result<PixPtr> DecodeJbig2(std::string_view data, std::string_view globals, int width, int height,
                           std::chrono::milliseconds limit) {
  if (Status s = CheckDimensions(width, height); !s.ok())
    return Status::Error("JBIG2Decode: " + s.message());
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::Error("JBIG2Decode: cannot make a pipe");
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Status::Error("JBIG2Decode: cannot start the decoder process");
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], data, globals, width, height);
  }
  close(fds[1]);
  std::string got;
  const bool finished = ReadUntil(fds[0], deadline, &got);
  close(fds[0]);
  if (!finished) kill(pid, SIGKILL);
  int wstatus = 0;
  pid_t w;
  do w = waitpid(pid, &wstatus, 0);
  while (w < 0 && errno == EINTR);
  if (!finished)
    return Status::Error("JBIG2Decode: decoding took longer than " +
                         std::to_string(limit.count()) + " ms");
  // A host that reaps children itself (SIGCHLD ignored) leaves no status: the pipe decides.
  if (w == pid && WIFSIGNALED(wstatus))
    return Status::Error("JBIG2Decode: the decoder died (signal " +
                         std::to_string(WTERMSIG(wstatus)) + ")");
  if (got.empty()) return Status::Error("JBIG2Decode: the decoder ended without an answer");
  if (got[0] == '-') return Status::Error(got.substr(1));
  const size_t row_bytes = (static_cast<size_t>(width) + 7) / 8;
  if (got[0] != '+' || got.size() != 1 + row_bytes * static_cast<size_t>(height))
    return Status::Error("JBIG2Decode: the decoder's answer is truncated");
  PIX* pix = pixCreate(width, height, 1);
  if (pix == nullptr) return Status::Error("JBIG2Decode: out of memory");
  // jbig2dec rows are bytes MSB first; Leptonica words are native-endian.
  l_uint32* dst = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < height; ++y) {
    const auto* src = reinterpret_cast<const uint8_t*>(got.data() + 1 + static_cast<size_t>(y) * row_bytes);
    l_uint32* line = dst + static_cast<size_t>(y) * wpl;
    for (size_t i = 0; i < row_bytes; ++i) SET_DATA_BYTE(line, i, src[i]);
  }
  pixSetPadBits(pix, 0);
  return PixPtr(pix);
}

}  // namespace redact::image::internal
