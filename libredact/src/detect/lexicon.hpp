// The compiled dictionaries (built by dictionaries/build_dictionaries.py) as the detectors
// use them: normalized strings in tries and sets, loaded once per Engine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "redact/redact.hpp"

namespace redact::detect {

// A read-only trie over code points for longest-match lookups at a text position.
// Edges are stored flat and sorted, so 100k town names take a few MB.
class Trie {
 public:
  // `value` is returned by matches (e.g. an index into a side table).
  void Insert(std::u32string_view key, uint32_t value);
  // Finalizes the structure; call once after all inserts, before lookups.
  void Freeze();
  struct Match {
    uint32_t length = 0;  // 0: no match
    uint32_t value = 0;
  };
  // Longest key that starts at text[pos]; `spaced`: a single space may stand between two of
  // its characters (up to two such spaces), and the length counts them.
  Match LongestAt(std::u32string_view text, std::size_t pos, bool spaced = false) const;
  // As LongestAt, with one character of the text allowed to differ from the key's (OCR read
  // 医療機関名 as 話療機関名); `min_length` keys only, so short keys are not guessed at.
  Match LongestWithOneMisreadAt(std::u32string_view text, std::size_t pos, std::size_t min_length) const;
  std::size_t size() const { return keys_; }

 private:
  struct Node {
    uint32_t first_edge = 0;
    uint32_t edge_count = 0;
    int64_t value = -1;
  };
  struct Edge {
    char32_t label;
    uint32_t child;
  };
  std::vector<std::pair<std::u32string, uint32_t>> pending_;  // until Freeze()
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::size_t keys_ = 0;
};

struct Lexicon {
  Trie prefectures;     // value: index into prefecture_names
  Trie municipalities;  // value: index into prefecture_names (its prefecture)
  Trie towns;
  std::vector<std::string> prefecture_names;
  std::unordered_set<std::u32string> surnames;
  std::unordered_set<std::u32string> given_names;
  // value: Category, or kFieldLabel for labels of non-personal fields (続柄, 備考) that only
  // end the value before them.
  Trie labels;
  static constexpr uint32_t kFieldLabel = 255;
  // Every character of the personal labels (氏, 名, 住, 所, 生, 年 …): a short form cell that
  // holds one of them but reads as no label is worth a second look.
  std::unordered_set<char32_t> pii_label_chars;
  // Labels of non-personal fields of four characters or more (医療機関名), for matching them
  // as OCR reads them with characters lost.
  std::vector<std::u32string> long_field_labels;
  Trie honorifics;
};

// Loads every dictionary file from `dir`. Fails with a reason naming the missing file.
// The length of a label of a non-personal field of four characters or more (long_field_labels)
// that `key` (normalized) starts with as OCR reads such labels on a fax: one character misread
// (医療機関名 read 話療機関名), or up to two lost inside it (医療名: its first two characters,
// then some of the rest in order, its last among them); 0 when none.
std::size_t LongFieldLabelAsMisread(const Lexicon& lex, std::u32string_view key);

// The form label `key` (normalized) starts with, as OCR reads labels on scans: exactly, or one
// of four characters or more with one character misread (フリガナ read ラリガナ); shorter ones
// (氏名) are not guessed at. Its length 0 when none.
Trie::Match LabelAsRead(const Lexicon& lex, std::u32string_view key);

Status LoadLexicon(const std::string& dir, Lexicon* out);

}  // namespace redact::detect
