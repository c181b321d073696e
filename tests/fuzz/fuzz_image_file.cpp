// Fuzz target: image files (TIFF incl. multi-page G4/LZW/JPEG, PNG, JPEG) as the scanned path
// reads them (image/image_file.cpp), and the write-back of what decoded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "image/raster.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto file = redact::image::DecodeImageFile(bytes);
  if (file.ok()) (void)redact::image::EncodeImageFile(file.value());
  return 0;
}
