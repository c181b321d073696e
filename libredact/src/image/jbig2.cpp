// /JBIG2Decode streams through jbig2dec: the /JBIG2Globals segments first, then the page's,
// with an allocator that refuses to grow past a budget derived from the declared size.
#include <leptonica/allheaders.h>

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

}  // namespace

Result<PixPtr> DecodeJbig2(std::string_view data, std::string_view globals, int width, int height) {
  if (Status s = CheckDimensions(width, height); !s.ok())
    return Status::Error("JBIG2Decode: " + s.message());
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
  Result<PixPtr> result = Status::Error("JBIG2Decode: no page in the stream");
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
      } else if (PIX* pix = pixCreate(width, height, 1)) {
        // jbig2dec rows are bytes MSB first; Leptonica words are native-endian.
        l_uint32* dst = pixGetData(pix);
        const int wpl = pixGetWpl(pix);
        const size_t row_bytes = (static_cast<size_t>(width) + 7) / 8;
        for (int y = 0; y < height; ++y) {
          const uint8_t* src = page->data + static_cast<size_t>(y) * page->stride;
          l_uint32* line = dst + static_cast<size_t>(y) * wpl;
          for (size_t i = 0; i < row_bytes; ++i) SET_DATA_BYTE(line, i, src[i]);
        }
        pixSetPadBits(pix, 0);
        result = PixPtr(pix);
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

}  // namespace redact::image::internal
