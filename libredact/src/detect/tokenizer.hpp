// MeCab tokenization for the detectors. One Model per Engine (mmapped dictionary shared by
// all threads), one Tagger + Lattice per concurrent caller, pooled and reused.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "detect/detector.hpp"

namespace MeCab {
class Model;
class Tagger;
class Lattice;
}  // namespace MeCab

namespace redact::detect {

class Tokenizer {
 public:
  // `dicdir` is passed to MeCab with -d: never rely on the system default dictionary.
  static Result<std::unique_ptr<Tokenizer>> Create(const std::string& dicdir);
  ~Tokenizer();

  // Tokens of the normalized text, line by line. Thread-safe.
  std::vector<Token> Tokenize(const text::NormalizedText& t) const;

 private:
  struct Slot {
    MeCab::Tagger* tagger = nullptr;
    MeCab::Lattice* lattice = nullptr;
  };
  Tokenizer() = default;
  Slot Acquire() const;
  void Release(Slot s) const;

  MeCab::Model* model_ = nullptr;
  mutable std::mutex mu_;
  mutable std::vector<Slot> free_;
};

}  // namespace redact::detect
