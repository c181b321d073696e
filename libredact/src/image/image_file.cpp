// Scanned image files given directly (fax TIFFs, phone photos, PNG screenshots): decoded page
// by page with the size checked before decoding, and written back in the file's own format,
// compression and resolution, so a burnt file is a drop-in replacement for the original.
#include <leptonica/allheaders.h>
#include <tiffio.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstring>
#include <string>
#include <vector>

#include "image/codecs.hpp"
#include "image/raster.hpp"

namespace redact::image {
namespace {

constexpr int kMaxPages = 10000;
constexpr size_t kMaxDecodedBytes = size_t{2} << 30;  // all pages of one file together

bool IsFaxCompression(int c) {
  return c == COMPRESSION_CCITTRLE || c == COMPRESSION_CCITTFAX3 || c == COMPRESSION_CCITTFAX4 ||
         c == COMPRESSION_CCITTRLEW;
}

struct TiffPageInfo {
  uint32_t width = 0, height = 0;
  int compression = COMPRESSION_NONE;
  int dpi_x = 0, dpi_y = 0;
  int jpeg_quality = 0;  // JPEG-in-TIFF pages
};

int ToDpi(float res, uint16_t unit) {
  if (!(res > 0) || unit == RESUNIT_NONE) return 0;
  return static_cast<int>(std::lround(unit == RESUNIT_CENTIMETER ? res * 2.54 : res));
}

// Walks the directories with libtiff first: page count, sizes (checked before any pixel is
// decoded), compression, resolution and JPEG quality.
Result<std::vector<TiffPageInfo>> ReadTiffDirectories(std::string_view bytes) {
  internal::TiffMemoryFile f;
  f.in = bytes.data();
  f.in_size = bytes.size();
  TIFF* tif = internal::OpenTiffInMemory(&f, "rm");
  if (tif == nullptr)
    return Status::Error("TIFF: not readable" + (f.error.empty() ? "" : " (" + f.error + ")"));
  std::vector<TiffPageInfo> pages;
  Status status;
  size_t total = 0;
  do {
    if (pages.size() >= kMaxPages) {
      status = Status::Error("TIFF: more than " + std::to_string(kMaxPages) + " pages");
      break;
    }
    TiffPageInfo p;
    uint16_t compression = COMPRESSION_NONE, unit = RESUNIT_INCH, bps = 1, spp = 1;
    float xres = 0, yres = 0;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &p.width) ||
        !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &p.height)) {
      status = Status::Error("TIFF: page " + std::to_string(pages.size() + 1) + " has no size");
      break;
    }
    if (Status s = internal::CheckDimensions(p.width, p.height); !s.ok()) {
      status = Status::Error("TIFF page " + std::to_string(pages.size() + 1) + ": " + s.message());
      break;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres)) p.dpi_x = ToDpi(xres, unit);
    if (TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yres)) p.dpi_y = ToDpi(yres, unit);
    p.compression = compression;
    if (compression == COMPRESSION_JPEG) {
      uint32_t count = 0;
      void* tables = nullptr;
      if (TIFFGetField(tif, TIFFTAG_JPEGTABLES, &count, &tables) && tables != nullptr)
        p.jpeg_quality = internal::EstimateJpegQuality(
            std::string_view(static_cast<const char*>(tables), count), 0);
    }
    // Decoded size: Leptonica makes 1 bpp, 8 bpp or 32 bpp pixes.
    const size_t depth = (bps == 1 && spp == 1) ? 1 : (spp == 1 ? 8 : 32);
    total += static_cast<size_t>(p.width) * p.height * depth / 8;
    if (total > kMaxDecodedBytes) {
      status = Status::Error("TIFF: pages decode to more than 2 GiB");
      break;
    }
    pages.push_back(p);
  } while (TIFFReadDirectory(tif));
  TIFFClose(tif);
  if (!status.ok()) return status;
  return pages;
}

Result<ImageFile> DecodeTiff(std::string_view bytes) {
  Result<std::vector<TiffPageInfo>> info = ReadTiffDirectories(bytes);
  if (!info.ok()) return info.status();
  ImageFile file;
  bool all_fax = true;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  size_t offset = 0;
  for (size_t i = 0; i < info->size(); ++i) {
    const TiffPageInfo& p = (*info)[i];
    const std::string page = "TIFF page " + std::to_string(i + 1);
    if (i > 0 && offset == 0) return Status::Error(page + ": directory chain ends early");
    PIX* raw = pixReadMemFromMultipageTiff(data, bytes.size(), &offset);
    if (raw == nullptr)
      return Status::Error(page + ": cannot be decoded (tiled, old-style JPEG or corrupt)");
    PixPtr pix(raw);
    // Leptonica applies the Orientation tag, which may swap width and height.
    const auto w = static_cast<uint32_t>(pixGetWidth(raw)),
               h = static_cast<uint32_t>(pixGetHeight(raw));
    if (!((w == p.width && h == p.height) || (w == p.height && h == p.width)))
      return Status::Error(page + ": decoded size differs from the directory");
    FilePage out;
    out.pix = internal::NormalizeDepth(raw);
    if (!out.pix) return Status::Error(page + ": unsupported pixel depth");
    out.dpi_x = p.dpi_x;
    out.dpi_y = p.dpi_y;
    out.tiff_compression = p.compression;
    all_fax = all_fax && IsFaxCompression(p.compression);
    if (p.compression == COMPRESSION_JPEG && p.jpeg_quality > 0) file.jpeg_quality = p.jpeg_quality;
    file.pages.push_back(std::move(out));
  }
  file.codec = all_fax ? Codec::kTiffG4 : Codec::kTiffLzw;
  return file;
}

// Rows of a normalized pix as TIFF samples (1 bpp MinIsWhite: 1 = black).
void PixRow(PIX* pix, int y, std::vector<uint8_t>* row) {
  const int w = pixGetWidth(pix), d = pixGetDepth(pix), spp = pixGetSpp(pix);
  const l_uint32* line = pixGetData(pix) + static_cast<size_t>(y) * pixGetWpl(pix);
  row->clear();
  if (d == 1) {
    for (int i = 0; i < (w + 7) / 8; ++i)
      row->push_back(static_cast<uint8_t>(GET_DATA_BYTE(line, i)));
  } else if (d == 8) {
    for (int x = 0; x < w; ++x) row->push_back(static_cast<uint8_t>(GET_DATA_BYTE(line, x)));
  } else {
    for (int x = 0; x < w; ++x) {
      row->push_back(static_cast<uint8_t>(GET_DATA_BYTE(line + x, COLOR_RED)));
      row->push_back(static_cast<uint8_t>(GET_DATA_BYTE(line + x, COLOR_GREEN)));
      row->push_back(static_cast<uint8_t>(GET_DATA_BYTE(line + x, COLOR_BLUE)));
      if (spp == 4) row->push_back(static_cast<uint8_t>(GET_DATA_BYTE(line + x, L_ALPHA_CHANNEL)));
    }
  }
}

Result<std::string> EncodeTiff(const ImageFile& file) {
  std::string out;
  internal::TiffMemoryFile f;
  f.out = &out;
  TIFF* tif = internal::OpenTiffInMemory(&f, "w");
  if (tif == nullptr) return Status::Error("TIFF: cannot start writer");
  Status status;
  std::vector<uint8_t> row;
  const auto n = static_cast<uint16_t>(file.pages.size());
  for (size_t i = 0; i < file.pages.size() && status.ok(); ++i) {
    const FilePage& page = file.pages[i];
    PixPtr pix = internal::NormalizeDepth(page.pix.get());
    if (!pix) {
      status = Status::Error("TIFF page " + std::to_string(i + 1) + ": unsupported pixel depth");
      break;
    }
    const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get()), d = pixGetDepth(pix.get());
    const int spp = d == 32 ? (pixGetSpp(pix.get()) == 4 ? 4 : 3) : 1;
    // 1 bpp: always G4 (what fax TIFFs hold, and lossless); JPEG pages stay JPEG at their
    // quality; Deflate stays Deflate; everything else becomes LZW.
    int compression = COMPRESSION_LZW;
    if (d == 1)
      compression = COMPRESSION_CCITTFAX4;
    else if (page.tiff_compression == COMPRESSION_JPEG && spp != 4)
      compression = COMPRESSION_JPEG;
    else if (page.tiff_compression == COMPRESSION_ADOBE_DEFLATE ||
             page.tiff_compression == COMPRESSION_DEFLATE)
      compression = COMPRESSION_ADOBE_DEFLATE;
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, n > 1 ? FILETYPE_PAGE : 0);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(w));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(h));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, static_cast<uint16_t>(d == 1 ? 1 : 8));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, static_cast<uint16_t>(spp));
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, static_cast<uint16_t>(compression));
    if (spp == 4) {
      const uint16_t extra = EXTRASAMPLE_UNASSALPHA;
      TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
    uint32_t rows_per_strip = h;
    if (d == 1) {
      TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    } else if (compression == COMPRESSION_JPEG) {
      TIFFSetField(tif, TIFFTAG_JPEGQUALITY, std::clamp(file.jpeg_quality, 1, 100));
      if (spp == 3) {
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_YCBCR);
        TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
      } else {
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      }
      rows_per_strip = (TIFFDefaultStripSize(tif, 0) + 15) / 16 * 16;
    } else {
      TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, spp == 1 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
      TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
      rows_per_strip = TIFFDefaultStripSize(tif, 0);
    }
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, std::min<uint32_t>(rows_per_strip, h));
    if (page.dpi_x > 0 && page.dpi_y > 0) {
      TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
      TIFFSetField(tif, TIFFTAG_XRESOLUTION, static_cast<float>(page.dpi_x));
      TIFFSetField(tif, TIFFTAG_YRESOLUTION, static_cast<float>(page.dpi_y));
    }
    if (n > 1) TIFFSetField(tif, TIFFTAG_PAGENUMBER, static_cast<uint16_t>(i), n);
    for (int y = 0; y < h; ++y) {
      PixRow(pix.get(), y, &row);
      if (TIFFWriteScanline(tif, row.data(), static_cast<uint32_t>(y), 0) < 0) {
        status = Status::Error("TIFF page " + std::to_string(i + 1) + ": write failed" +
                               (f.error.empty() ? "" : " (" + f.error + ")"));
        break;
      }
    }
    if (status.ok() && !TIFFWriteDirectory(tif))
      status = Status::Error("TIFF page " + std::to_string(i + 1) + ": directory write failed");
  }
  TIFFClose(tif);
  if (!status.ok()) return status;
  return out;
}

// libpng prints its errors to stderr and may hand back the rows it got from damaged data;
// checking the chunk structure (CRCs, IHDR first, IEND last) and that the image data
// inflates to its end first means Leptonica only ever sees a well-formed file.
Status CheckPngStructure(std::string_view b) {
  auto be32 = [&](size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
  };
  size_t pos = 8;
  bool first = true, ended = false;
  std::string idat;
  while (!ended) {
    if (pos + 12 > b.size()) return Status::Error("PNG: truncated");
    const uint32_t len = be32(pos);
    if (len > b.size() - pos - 12) return Status::Error("PNG: truncated");
    std::string_view type = b.substr(pos + 4, 4);
    const uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(b.data() + pos + 4), len + 4));
    if (crc != be32(pos + 8 + len)) return Status::Error("PNG: corrupt data (chunk checksum)");
    if (first && type != "IHDR") return Status::Error("PNG: corrupt data (no IHDR)");
    first = false;
    if (type == "IDAT") {
      if (idat.size() + len > (size_t{1} << 30)) return Status::Error("PNG: image data over 1 GiB");
      idat.append(b.substr(pos + 8, len));
    }
    ended = type == "IEND";
    pos += 12 + len;
  }
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Status::Error("PNG: zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(idat.data());
  zs.avail_in = static_cast<uInt>(idat.size());
  std::string sink(1 << 16, '\0');
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(sink.data());
    zs.avail_out = static_cast<uInt>(sink.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // input ended early
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::Error("PNG: corrupt data (image data does not decode)");
  return Status();
}

std::string TakeLeptonicaBuffer(l_uint8* data, size_t size) {
  std::string out(reinterpret_cast<char*>(data), size);
  lept_free(data);
  return out;
}

}  // namespace

Result<ImageFile> DecodeImageFile(std::string_view bytes) {
  internal::QuietLeptonica();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("II*\0", 4)) || starts(std::string_view("MM\0*", 4)) ||
      starts(std::string_view("II+\0", 4)) || starts(std::string_view("MM\0+", 4)))
    return DecodeTiff(bytes);

  ImageFile file;
  PixPtr pix;
  if (starts("\x89PNG\r\n\x1a\n")) {
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
    if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &iscmap) != 0)
      return Status::Error("PNG: unreadable header");
    if (Status s = internal::CheckDimensions(w, h); !s.ok())
      return Status::Error("PNG: " + s.message());
    if (Status s = CheckPngStructure(bytes); !s.ok()) return s;
    pix.reset(pixReadMemPng(data, bytes.size()));
    if (!pix) return Status::Error("PNG: corrupt data");
    file.codec = Codec::kPng;
  } else if (starts("\xFF\xD8\xFF")) {
    Result<PixPtr> jpeg = internal::DecodeJpeg(bytes);
    if (!jpeg.ok()) return Status::Error("JPEG file: " + jpeg.status().message());
    pix = std::move(*jpeg);
    file.codec = Codec::kDct;
    file.jpeg_quality = internal::EstimateJpegQuality(bytes);
  } else {
    return Status::Error("image file: not TIFF, PNG or JPEG");
  }
  FilePage page;
  pixGetResolution(pix.get(), &page.dpi_x, &page.dpi_y);
  page.pix = internal::NormalizeDepth(pix.get());
  if (!page.pix) return Status::Error("image file: unsupported pixel depth");
  file.pages.push_back(std::move(page));
  return file;
}

Result<std::string> EncodeImageFile(const ImageFile& file) {
  if (file.pages.empty()) return Status::Error("image file: no pages");
  for (const FilePage& p : file.pages)
    if (!p.pix) return Status::Error("image file: a page has no pixels");
  if (file.codec == Codec::kTiffG4 || file.codec == Codec::kTiffLzw) return EncodeTiff(file);
  if (file.pages.size() != 1)
    return Status::Error("image file: PNG and JPEG hold one page, not " +
                         std::to_string(file.pages.size()));
  PIX* pix = file.pages[0].pix.get();
  pixSetResolution(pix, file.pages[0].dpi_x, file.pages[0].dpi_y);
  if (file.codec == Codec::kPng) {
    l_uint8* data = nullptr;
    size_t size = 0;
    if (pixWriteMemPng(&data, &size, pix, 0.0f) != 0 || data == nullptr)
      return Status::Error("PNG encoding failed");
    return TakeLeptonicaBuffer(data, size);
  }
  if (file.codec == Codec::kDct) return internal::EncodeJpeg(pix, file.jpeg_quality);
  return Status::Error("image file: codec cannot be written as a file");
}

}  // namespace redact::image
