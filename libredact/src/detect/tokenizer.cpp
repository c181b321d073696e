// MeCab (IPADIC) tokens reduced to the few kinds the detectors need.
#include "detect/tokenizer.hpp"

#include <mecab.h>

#include <cstring>
#include <string_view>

namespace redact::detect {
namespace {

bool Starts(const char* feature, std::string_view prefix) {
  return std::strncmp(feature, prefix.data(), prefix.size()) == 0;
}

TokenKind KindOf(const char* f) {
  if (Starts(f, "名詞,固有名詞,人名,姓")) return TokenKind::kSurname;
  if (Starts(f, "名詞,固有名詞,人名,名")) return TokenKind::kGivenName;
  if (Starts(f, "名詞,固有名詞,人名")) return TokenKind::kPersonOther;
  if (Starts(f, "名詞,固有名詞,地域")) return TokenKind::kPlace;
  if (Starts(f, "名詞,固有名詞,組織")) return TokenKind::kOrganization;
  if (Starts(f, "名詞,固有名詞")) return TokenKind::kProperNoun;
  if (Starts(f, "名詞,接尾")) return TokenKind::kSuffix;
  if (Starts(f, "名詞,数")) return TokenKind::kNumber;
  if (Starts(f, "名詞")) return TokenKind::kNoun;
  if (Starts(f, "助詞")) return TokenKind::kParticle;
  if (Starts(f, "動詞") || Starts(f, "形容詞") || Starts(f, "助動詞")) return TokenKind::kVerbLike;
  if (Starts(f, "記号")) return TokenKind::kSymbol;
  return TokenKind::kOther;
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> Tokenizer::Create(const std::string& dicdir) {
  std::string arg = "-d " + dicdir;
  MeCab::Model* model = MeCab::createModel(arg.c_str());
  if (model == nullptr) return Status::Error("cannot load the MeCab dictionary at " + dicdir);
  std::unique_ptr<Tokenizer> t(new Tokenizer());
  t->model_ = model;
  return t;
}

Tokenizer::~Tokenizer() {
  for (Slot& s : free_) {
    delete s.lattice;
    delete s.tagger;
  }
  delete model_;
}

Tokenizer::Slot Tokenizer::Acquire() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      Slot s = free_.back();
      free_.pop_back();
      return s;
    }
  }
  return Slot{model_->createTagger(), model_->createLattice()};
}

void Tokenizer::Release(Slot s) const {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(s);
}

std::vector<Token> Tokenizer::Tokenize(const text::NormalizedText& t) const {
  std::vector<Token> tokens;
  Slot slot = Acquire();
  const std::string& s = t.utf8;
  std::size_t line_start = 0;
  while (line_start <= s.size()) {
    std::size_t line_end = s.find('\n', line_start);
    if (line_end == std::string::npos) line_end = s.size();
    if (line_end > line_start) {
      slot.lattice->set_sentence(s.data() + line_start, line_end - line_start);
      if (slot.tagger->parse(slot.lattice)) {
        const char* base = s.data();
        for (const MeCab::Node* n = slot.lattice->bos_node(); n != nullptr; n = n->next) {
          if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || n->length == 0) continue;
          std::size_t b = static_cast<std::size_t>(n->surface - base);
          Token tok;
          tok.begin = t.byte_to_cp[b];
          tok.end = t.byte_to_cp[b + n->length];
          tok.kind = KindOf(n->feature);
          tok.unknown = n->stat == MECAB_UNK_NODE;
          tokens.push_back(tok);
        }
      }
    }
    line_start = line_end + 1;
  }
  Release(slot);
  return tokens;
}

}  // namespace redact::detect
