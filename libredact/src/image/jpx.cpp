// /JPXDecode streams through OpenJPEG, decoded from memory; the header is read and the size
// checked before any sample buffer exists. Components come back as 8-bit gray or RGB.
#include <leptonica/allheaders.h>
#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "image/codecs.hpp"

namespace redact::image::internal {
namespace {

struct MemoryReader {
  const unsigned char* data;
  size_t size;
  size_t pos = 0;
};

OPJ_SIZE_T Read(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* r = static_cast<MemoryReader*>(user);
  if (r->pos >= r->size) return static_cast<OPJ_SIZE_T>(-1);
  const size_t take = std::min<size_t>(n, r->size - r->pos);
  std::memcpy(buffer, r->data + r->pos, take);
  r->pos += take;
  return take;
}
OPJ_OFF_T Skip(OPJ_OFF_T n, void* user) {
  auto* r = static_cast<MemoryReader*>(user);
  if (n < 0) {
    const size_t back = static_cast<size_t>(-n);
    if (back > r->pos) return -1;
    r->pos -= back;
  } else {
    r->pos = std::min<size_t>(r->size, r->pos + static_cast<size_t>(n));
  }
  return n;
}
OPJ_BOOL Seek(OPJ_OFF_T n, void* user) {
  auto* r = static_cast<MemoryReader*>(user);
  if (n < 0 || static_cast<size_t>(n) > r->size) return OPJ_FALSE;
  r->pos = static_cast<size_t>(n);
  return OPJ_TRUE;
}

void Quiet(const char*, void*) {}
void FirstError(const char* msg, void* user) {
  auto* s = static_cast<std::string*>(user);
  if (s->empty() && msg != nullptr) {
    *s = msg;
    while (!s->empty() && (s->back() == '\n' || s->back() == '\r')) s->pop_back();
  }
}

struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

// One component's sample at image position (x, y), scaled to 8 bits; nearest neighbour for
// subsampled components.
inline int Sample(const opj_image_comp_t& c, int x, int y) {
  const int cx = std::min<int>(static_cast<int>(c.w) - 1, x / static_cast<int>(c.dx));
  const int cy = std::min<int>(static_cast<int>(c.h) - 1, y / static_cast<int>(c.dy));
  int64_t v = c.data[static_cast<size_t>(cy) * c.w + cx];
  if (c.sgnd) v += int64_t{1} << (c.prec - 1);
  if (c.prec > 8)
    v >>= (c.prec - 8);
  else if (c.prec < 8)
    v = v * 255 / ((int64_t{1} << c.prec) - 1);
  return static_cast<int>(std::clamp<int64_t>(v, 0, 255));
}

}  // namespace

Result<JpxDecoded> DecodeJpx(std::string_view data, int width, int height, bool cmyk_hint) {
  if (data.size() < 12) return Status::Error("JPXDecode: stream too short");
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  static const unsigned char kJp2Signature[] = {0, 0, 0, 12, 'j', 'P', ' ', ' '};
  OPJ_CODEC_FORMAT format;
  if (std::memcmp(bytes, kJp2Signature, sizeof kJp2Signature) == 0)
    format = OPJ_CODEC_JP2;
  else if (bytes[0] == 0xFF && bytes[1] == 0x4F && bytes[2] == 0xFF && bytes[3] == 0x51)
    format = OPJ_CODEC_J2K;
  else
    return Status::Error("JPXDecode: neither a JP2 file nor a J2K codestream");

  std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(format));
  if (!codec) return Status::Error("JPXDecode: cannot start decoder");
  std::string error;
  opj_set_info_handler(codec.get(), Quiet, nullptr);
  opj_set_warning_handler(codec.get(), Quiet, nullptr);
  opj_set_error_handler(codec.get(), FirstError, &error);
  opj_dparameters_t params;
  opj_set_default_decoder_parameters(&params);
  if (!opj_setup_decoder(codec.get(), &params)) return Status::Error("JPXDecode: setup failed");
  opj_codec_set_threads(codec.get(), 1);

  MemoryReader reader{bytes, data.size()};
  std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 16, OPJ_TRUE));
  if (!stream) return Status::Error("JPXDecode: cannot create stream");
  opj_stream_set_user_data(stream.get(), &reader, nullptr);
  opj_stream_set_user_data_length(stream.get(), data.size());
  opj_stream_set_read_function(stream.get(), Read);
  opj_stream_set_skip_function(stream.get(), Skip);
  opj_stream_set_seek_function(stream.get(), Seek);

  opj_image_t* raw_image = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw_image))
    return Status::Error("JPXDecode: bad header" + (error.empty() ? "" : " (" + error + ")"));
  std::unique_ptr<opj_image_t, ImageDeleter> image(raw_image);
  const int64_t w = static_cast<int64_t>(image->x1) - image->x0;
  const int64_t h = static_cast<int64_t>(image->y1) - image->y0;
  if (Status s = CheckDimensions(w, h); !s.ok()) return Status::Error("JPXDecode: " + s.message());
  if (w != width || h != height)
    return Status::Error("JPXDecode: codestream is " + std::to_string(w) + "x" + std::to_string(h) +
                         ", declared size lies");
  if (image->numcomps < 1 || image->numcomps > 8)
    return Status::Error("JPXDecode: " + std::to_string(image->numcomps) + " components");
  // OpenJPEG holds every sample as a 32-bit int.
  if (w * h * image->numcomps > 2 * kMaxPixels)
    return Status::Error("JPXDecode: too many samples to decode");

  if (!opj_decode(codec.get(), stream.get(), image.get()) ||
      !opj_end_decompress(codec.get(), stream.get()))
    return Status::Error("JPXDecode: corrupt data" + (error.empty() ? "" : " (" + error + ")"));

  std::vector<const opj_image_comp_t*> colour;
  bool had_alpha = false;
  for (OPJ_UINT32 i = 0; i < image->numcomps; ++i) {
    const opj_image_comp_t& c = image->comps[i];
    if (c.data == nullptr || c.w == 0 || c.h == 0 || c.dx == 0 || c.dy == 0 || c.prec < 1 ||
        c.prec > 31)
      return Status::Error("JPXDecode: component " + std::to_string(i) + " not decoded");
    if (c.alpha)
      had_alpha = true;
    else
      colour.push_back(&c);
  }
  const bool cmyk = colour.size() == 4 && (cmyk_hint || image->color_space == OPJ_CLRSPC_CMYK);
  const bool sycc = colour.size() == 3 && (image->color_space == OPJ_CLRSPC_SYCC);
  if (colour.size() == 4 && !cmyk)
    return Status::Error("JPXDecode: four colour channels that are not CMYK");
  if (colour.size() != 1 && colour.size() != 3 && !cmyk)
    return Status::Error("JPXDecode: " + std::to_string(colour.size()) + " colour channels");
  if (image->color_space == OPJ_CLRSPC_EYCC)
    return Status::Error("JPXDecode: e-YCC colour is not supported");

  JpxDecoded out;
  out.components = static_cast<int>(colour.size());
  out.had_alpha = had_alpha;
  const int iw = static_cast<int>(w), ih = static_cast<int>(h);
  PIX* pix = pixCreate(iw, ih, colour.size() == 1 ? 8 : 32);
  if (pix == nullptr) return Status::Error("JPXDecode: out of memory");
  out.pix.reset(pix);
  l_uint32* base = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < ih; ++y) {
    l_uint32* line = base + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < iw; ++x) {
      if (colour.size() == 1) {
        SET_DATA_BYTE(line, x, Sample(*colour[0], x, y));
        continue;
      }
      int r = Sample(*colour[0], x, y), g = Sample(*colour[1], x, y), b = Sample(*colour[2], x, y);
      if (cmyk) {
        const int k = Sample(*colour[3], x, y);
        r = (255 - r) * (255 - k) / 255;
        g = (255 - g) * (255 - k) / 255;
        b = (255 - b) * (255 - k) / 255;
      } else if (sycc) {
        const double yy = r, cb = g - 128.0, cr = b - 128.0;
        r = std::clamp(static_cast<int>(yy + 1.402 * cr + 0.5), 0, 255);
        g = std::clamp(static_cast<int>(yy - 0.344136 * cb - 0.714136 * cr + 0.5), 0, 255);
        b = std::clamp(static_cast<int>(yy + 1.772 * cb + 0.5), 0, 255);
      }
      composeRGBPixel(r, g, b, line + x);
    }
  }
  return out;
}

}  // namespace redact::image::internal
