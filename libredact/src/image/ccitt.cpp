// CCITT fax data of /CCITTFaxDecode streams (which PoDoFo cannot decode): wrapped in a
// one-strip TIFF so libtiff's fax codec decodes it; G4 is encoded the same way, in memory.
#include <leptonica/allheaders.h>
#include <tiffio.h>

#include <cstring>
#include <string>
#include <vector>

#include "image/codecs.hpp"

namespace redact::image::internal {
namespace {

void Put16(std::string* s, uint16_t v) {
  s->push_back(static_cast<char>(v & 0xff));
  s->push_back(static_cast<char>(v >> 8));
}
void Put32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// A little-endian, single-strip, MinIsWhite TIFF around `data`.
std::string WrapInTiff(std::string_view data, int width, int height, int compression,
                       uint32_t t4_options) {
  struct Tag {
    uint16_t id, type;
    uint32_t value;
  };
  constexpr uint16_t kShort = 3, kLong = 4;
  std::vector<Tag> tags = {
      {256, kLong, static_cast<uint32_t>(width)},
      {257, kLong, static_cast<uint32_t>(height)},
      {258, kShort, 1},                                   // BitsPerSample
      {259, kShort, static_cast<uint32_t>(compression)},  // 2 RLE, 3 T.4, 4 T.6
      {262, kShort, 0},                                   // MinIsWhite: coded black is 1
      {266, kShort, 1},                                   // FillOrder MSB first, as in PDF
      {273, kLong, 0},                                    // StripOffsets (patched below)
      {277, kShort, 1},                                   // SamplesPerPixel
      {278, kLong, static_cast<uint32_t>(height)},        // RowsPerStrip
      {279, kLong, static_cast<uint32_t>(data.size())},   // StripByteCounts
  };
  if (compression == 3) tags.push_back({292, kLong, t4_options});
  if (compression == 4) tags.push_back({293, kLong, 0});
  const uint32_t ifd_size = 2 + 12 * static_cast<uint32_t>(tags.size()) + 4;
  const uint32_t data_offset = 8 + ifd_size;
  for (Tag& t : tags)
    if (t.id == 273) t.value = data_offset;

  std::string tiff;
  tiff.reserve(data_offset + data.size());
  tiff += "II";
  Put16(&tiff, 42);
  Put32(&tiff, 8);
  Put16(&tiff, static_cast<uint16_t>(tags.size()));
  for (const Tag& t : tags) {
    Put16(&tiff, t.id);
    Put16(&tiff, t.type);
    Put32(&tiff, 1);
    if (t.type == kShort) {
      Put16(&tiff, static_cast<uint16_t>(t.value));
      Put16(&tiff, 0);
    } else {
      Put32(&tiff, t.value);
    }
  }
  Put32(&tiff, 0);  // no next IFD
  tiff.append(data);
  return tiff;
}

// True when the data opens with an EOL code (at least 11 zero bits, then a 1), possibly
// after fill bits: libtiff's G3 decoder synchronizes on EOLs and needs them.
bool StartsWithEol(std::string_view data) {
  int zeros = 0;
  for (unsigned char c : data) {
    for (int bit = 7; bit >= 0; --bit) {
      if ((c >> bit) & 1) return zeros >= 11;
      ++zeros;
    }
    if (zeros > 64) return false;
  }
  return false;
}

}  // namespace

Result<PixPtr> DecodeCcitt(std::string_view data, const CcittParams& p, int height) {
  if (Status s = CheckDimensions(p.columns, height); !s.ok())
    return Status::Error("CCITTFaxDecode: " + s.message());
  if (data.size() > (1u << 28)) return Status::Error("CCITTFaxDecode: data over 256 MB");
  int compression = 0;
  uint32_t t4_options = 0;
  if (p.k < 0) {
    if (p.encoded_byte_align)
      return Status::Error("CCITTFaxDecode: byte-aligned G4 rows are not supported");
    compression = 4;
  } else if (StartsWithEol(data)) {
    compression = 3;
    t4_options = (p.k > 0 ? 1u : 0u) | (p.encoded_byte_align ? 4u : 0u);
  } else if (p.k == 0 && p.encoded_byte_align) {
    compression = 2;  // Modified Huffman, rows byte-aligned, no EOLs: TIFF's CCITT RLE
  } else {
    return Status::Error("CCITTFaxDecode: G3 data without EOL codes is not supported");
  }
  const std::string tiff = WrapInTiff(data, p.columns, height, compression, t4_options);
  // libtiff directly rather than through Leptonica: a bad code word is reported through the
  // error handler while decoding carries on with the next row, and only a per-handle handler
  // sees it. Damaged fax data fails closed.
  TiffMemoryFile file;
  file.in = tiff.data();
  file.in_size = tiff.size();
  TIFF* tif = OpenTiffInMemory(&file, "rm");
  if (tif == nullptr) return Status::Error("CCITTFaxDecode: cannot start the fax decoder");
  PIX* pix = pixCreate(p.columns, height, 1);
  if (pix == nullptr) {
    TIFFClose(tif);
    return Status::Error("CCITTFaxDecode: out of memory");
  }
  PixPtr owned(pix);
  const size_t row_bytes = (static_cast<size_t>(p.columns) + 7) / 8;
  std::vector<uint8_t> row(static_cast<size_t>(TIFFScanlineSize(tif)) + row_bytes);
  l_uint32* base = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < height && file.error.empty(); ++y) {
    if (TIFFReadScanline(tif, row.data(), static_cast<uint32_t>(y), 0) < 0) {
      if (file.error.empty()) file.error = "row " + std::to_string(y) + " unreadable";
      break;
    }
    l_uint32* line = base + static_cast<size_t>(y) * wpl;
    for (size_t i = 0; i < row_bytes; ++i) SET_DATA_BYTE(line, i, row[i]);  // MinIsWhite: 1 = black
  }
  TIFFClose(tif);
  if (!file.error.empty())
    return Status::Error("CCITTFaxDecode: corrupt fax data (" + file.error + ")");
  pixSetPadBits(pix, 0);
  return owned;
}

Result<std::string> EncodeG4(PIX* pix) {
  if (pix == nullptr || pixGetDepth(pix) != 1)
    return Status::Error("CCITT G4 encoding needs a 1 bpp image");
  // libtiff in memory, not Leptonica's pixGenerateCIData: that writes the page image to a
  // temporary file under /tmp (seen with strace on 1.82).
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  std::string tiff;
  TiffMemoryFile sink;
  sink.out = &tiff;
  TIFF* out = OpenTiffInMemory(&sink, "w");
  if (out == nullptr) return Status::Error("CCITT G4 encoding: cannot start libtiff");
  TIFFSetField(out, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(w));
  TIFFSetField(out, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(h));
  TIFFSetField(out, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField(out, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(out, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
  TIFFSetField(out, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);  // 1 is coded black
  TIFFSetField(out, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
  TIFFSetField(out, TIFFTAG_ROWSPERSTRIP, static_cast<uint32_t>(h));  // one strip
  const size_t row_bytes = (static_cast<size_t>(w) + 7) / 8;
  std::vector<uint8_t> row(row_bytes);
  const l_uint32* base = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  bool ok = true;
  for (int y = 0; y < h && ok; ++y) {
    const l_uint32* line = base + static_cast<size_t>(y) * wpl;
    for (size_t i = 0; i < row_bytes; ++i) row[i] = static_cast<uint8_t>(GET_DATA_BYTE(line, i));
    ok = TIFFWriteScanline(out, row.data(), static_cast<uint32_t>(y), 0) >= 0;
  }
  ok = ok && TIFFWriteDirectory(out);
  TIFFClose(out);
  if (!ok) return Status::Error("CCITT G4 encoding failed (" + sink.error + ")");

  // The strip's bytes are the raw G4 data a /CCITTFaxDecode stream holds.
  TiffMemoryFile source;
  source.in = tiff.data();
  source.in_size = tiff.size();
  TIFF* in = OpenTiffInMemory(&source, "rm");
  if (in == nullptr) return Status::Error("CCITT G4 encoding: cannot reread the strip");
  std::string g4;
  uint64_t* counts = nullptr;
  if (TIFFNumberOfStrips(in) == 1 && TIFFGetField(in, TIFFTAG_STRIPBYTECOUNTS, &counts) &&
      counts != nullptr) {
    g4.resize(static_cast<size_t>(counts[0]));
    if (TIFFReadRawStrip(in, 0, g4.data(), static_cast<tmsize_t>(g4.size())) !=
        static_cast<tmsize_t>(g4.size()))
      g4.clear();
  }
  TIFFClose(in);
  if (g4.empty()) return Status::Error("CCITT G4 encoding: no strip data");
  return g4;
}

}  // namespace redact::image::internal
