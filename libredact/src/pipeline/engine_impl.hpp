// What an Engine holds, for the parts of the pipeline that need more than Detect: the
// lexicon (form labels for scanned forms) and the OCR engine pool, started on first use.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "detect/detector.hpp"
#include "detect/lexicon.hpp"
#include "detect/tokenizer.hpp"
#include "ocr/ocr.hpp"
#include "redact/redact.hpp"

namespace redact {

class Engine::Impl {
 public:
  std::string data_dir;
  double max_seconds_per_document = 0;  // EngineOptions; 0: none
  detect::Lexicon lexicon;
  std::unique_ptr<detect::Tokenizer> tokenizer;
  std::vector<std::unique_ptr<detect::Detector>> detectors;

  // Tesseract loads only when a document has page images; a machine without its data can
  // still detect and redact born-digital files, and fails closed on scans.
  Result<const ocr::OcrPool*> Ocr() const {
    std::call_once(ocr_once_, [this] {
      auto pool = ocr::OcrPool::Create(ocr::OcrOptions{});
      if (pool.ok()) ocr_ = std::move(pool.value());
      else ocr_error_ = pool.status().message();
    });
    if (!ocr_) return Status::Error("OCR is not available: " + ocr_error_);
    return static_cast<const ocr::OcrPool*>(ocr_.get());
  }

 private:
  mutable std::once_flag ocr_once_;
  mutable std::shared_ptr<ocr::OcrPool> ocr_;  // shared: its deleter is bound where it is made
  mutable std::string ocr_error_;
};

}  // namespace redact
