// The detector contract: every kind of evidence is a Detector that reads one normalized
// text (and its MeCab tokens) and proposes Candidates; the Merger turns them into Findings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"
#include "text/normalize.hpp"

namespace redact::detect {

// A proposed piece of PII, in normalized code points [begin, end).
struct Candidate {
  Category category;
  uint32_t begin = 0;
  uint32_t end = 0;
  double score = 0;
  std::string evidence;  // rule name, never the value
};

// Part of speech, reduced to what the detectors use (IPADIC feature columns 1-4).
enum class TokenKind : uint8_t {
  kOther,
  kSurname,      // 名詞,固有名詞,人名,姓
  kGivenName,    // 名詞,固有名詞,人名,名
  kPersonOther,  // 名詞,固有名詞,人名,一般
  kPlace,        // 名詞,固有名詞,地域,*
  kOrganization, // 名詞,固有名詞,組織
  kProperNoun,   // 名詞,固有名詞,一般
  kNoun,         // 名詞 (other)
  kSuffix,       // 名詞,接尾 (incl. 人名 suffixes like 様 さん)
  kParticle,     // 助詞
  kVerbLike,     // 動詞 形容詞 助動詞
  kSymbol,       // 記号
  kNumber,       // 名詞,数
};

struct Token {
  uint32_t begin = 0;  // normalized code points
  uint32_t end = 0;
  TokenKind kind = TokenKind::kOther;
  bool unknown = false;  // MECAB_UNK_NODE: not in the dictionary
};

// What every detector sees for one text.
struct DetectInput {
  const text::NormalizedText& text;
  const std::vector<Token>& tokens;  // covers the text except whitespace, in order
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual void Detect(const DetectInput& in, std::vector<Candidate>* out) const = 0;
};

// --- helpers shared by detectors --------------------------------------------------------

// True when one of `words` ends within `window` code points before `pos`, on the same line.
// Words are normalized (NFKC) UTF-32 strings.
bool HasWordBefore(const text::NormalizedText& t, uint32_t pos,
                   const std::vector<std::u32string>& words, uint32_t window);
// True when one of `words` starts within `window` code points after `pos`, on the same line.
bool HasWordAfter(const text::NormalizedText& t, uint32_t pos,
                  const std::vector<std::u32string>& words, uint32_t window);
// UTF-8 literal list -> normalized UTF-32 words.
std::vector<std::u32string> Words(std::initializer_list<std::string_view> utf8);

}  // namespace redact::detect
