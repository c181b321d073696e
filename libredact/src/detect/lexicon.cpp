// Loading the compiled dictionaries into tries and sets. Every entry is normalized with the
// same Normalize() the text goes through, so lookups compare like with like.
#include "detect/lexicon.hpp"

#include <algorithm>
#include <fstream>
#include <functional>

#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace redact::detect {

void Trie::Insert(std::u32string_view key, uint32_t value) {
  if (!key.empty()) pending_.emplace_back(std::u32string(key), value);
}

// Builds from sorted keys: a node's children then arrive in order, so only the last child
// can share the next key's prefix, and edges come out sorted for binary search.
void Trie::Freeze() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  struct BuildNode {
    std::vector<std::pair<char32_t, uint32_t>> children;
    int64_t value = -1;
  };
  std::vector<BuildNode> build(1);
  for (const auto& [key, value] : pending_) {
    uint32_t node = 0;
    for (char32_t c : key) {
      auto& ch = build[node].children;
      if (!ch.empty() && ch.back().first == c) {
        node = ch.back().second;
      } else {
        uint32_t child = static_cast<uint32_t>(build.size());
        build[node].children.emplace_back(c, child);
        build.emplace_back();
        node = child;
      }
    }
    if (build[node].value < 0) ++keys_;
    build[node].value = value;  // a later duplicate wins
  }
  pending_.clear();
  pending_.shrink_to_fit();
  nodes_.assign(build.size(), Node{});
  edges_.clear();
  for (uint32_t i = 0; i < build.size(); ++i) {
    nodes_[i].first_edge = static_cast<uint32_t>(edges_.size());
    nodes_[i].edge_count = static_cast<uint32_t>(build[i].children.size());
    nodes_[i].value = build[i].value;
    for (auto& [label, child] : build[i].children) edges_.push_back({label, child});
  }
}

Trie::Match Trie::LongestAt(std::u32string_view text, std::size_t pos, bool spaced) const {
  Match best;
  if (nodes_.empty()) return best;
  uint32_t node = 0;
  int spaces = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const Node& n = nodes_[node];
    const Edge* b = edges_.data() + n.first_edge;
    const Edge* e = b + n.edge_count;
    auto find = [&](char32_t c) {
      const Edge* it = std::lower_bound(b, e, c, [](const Edge& x, char32_t ch) { return x.label < ch; });
      return it != e && it->label == c ? it : nullptr;
    };
    const Edge* it = find(text[i]);
    // One space between two characters of a key, as OCR reads a spaced-out label (フリ ガナ).
    if (it == nullptr && spaced && i > pos && text[i] == U' ' && i + 1 < text.size() && spaces < 2) {
      it = find(text[i + 1]);
      if (it != nullptr) ++i, ++spaces;
    }
    if (it == nullptr) break;
    node = it->child;
    if (nodes_[node].value >= 0) {
      best.length = static_cast<uint32_t>(i - pos + 1);
      best.value = static_cast<uint32_t>(nodes_[node].value);
    }
  }
  return best;
}

Trie::Match Trie::LongestWithOneMisreadAt(std::u32string_view text, std::size_t pos, std::size_t min_length) const {
  Match best;
  if (nodes_.empty()) return best;
  // Depth-first: the exact edge, or (once) any edge for a misread character.
  std::function<void(uint32_t, std::size_t, bool)> walk = [&](uint32_t node, std::size_t i, bool used) {
    if (i > pos && nodes_[node].value >= 0 && i - pos >= min_length && i - pos > best.length) {
      best.length = static_cast<uint32_t>(i - pos);
      best.value = static_cast<uint32_t>(nodes_[node].value);
    }
    if (i >= text.size()) return;
    const Node& n = nodes_[node];
    for (uint32_t k = 0; k < n.edge_count; ++k) {
      const Edge& e = edges_[n.first_edge + k];
      if (e.label == text[i]) walk(e.child, i + 1, used);
      else if (!used) walk(e.child, i + 1, true);
    }
  };
  walk(0, pos, false);
  return best;
}

namespace {

std::u32string Norm(std::string_view utf8) { return text::Normalize(text::DecodeUtf8(utf8)).text; }

// Reads non-empty, non-comment lines split on tabs.
Status ReadTable(const std::string& path, std::vector<std::vector<std::string>>* rows) {
  std::ifstream in(path);
  if (!in) return Status::Error("dictionary not found: " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows->push_back(std::move(cols));
  }
  if (rows->empty()) return Status::Error("dictionary is empty: " + path);
  return {};
}

}  // namespace

std::size_t LongFieldLabelAsMisread(const Lexicon& lex, std::u32string_view key) {
  auto m = lex.labels.LongestWithOneMisreadAt(key, 0, 4);
  if (m.length > 0 && m.value == Lexicon::kFieldLabel) return m.length;
  std::size_t best = 0;
  for (const std::u32string& label : lex.long_field_labels) {
    if (key.size() < 3 || key.substr(0, 2) != std::u32string_view(label).substr(0, 2)) continue;
    std::size_t k = 2;  // characters of the key matched
    bool last = false;  // the label's last character among them
    for (std::size_t l = 2; l < label.size() && k < key.size(); ++l)
      if (key[k] == label[l]) ++k, last = l + 1 == label.size();
    if (last && label.size() - k <= 2) best = std::max(best, label.size());
  }
  return best;
}

Trie::Match LabelAsRead(const Lexicon& lex, std::u32string_view key) {
  Trie::Match m = lex.labels.LongestAt(key, 0);
  return m.length > 0 ? m : lex.labels.LongestWithOneMisreadAt(key, 0, 4);
}

Status LoadLexicon(const std::string& dir, Lexicon* lex) {
  std::vector<std::vector<std::string>> rows;
  auto load = [&](const char* name) {
    rows.clear();
    return ReadTable(dir + "/" + name, &rows);
  };
  if (Status s = load("prefectures.txt"); !s.ok()) return s;
  for (auto& r : rows) {
    lex->prefectures.Insert(Norm(r[0]), static_cast<uint32_t>(lex->prefecture_names.size()));
    lex->prefecture_names.push_back(r[0]);
  }
  auto pref_index = [&](const std::string& name) -> uint32_t {
    auto it = std::find(lex->prefecture_names.begin(), lex->prefecture_names.end(), name);
    return static_cast<uint32_t>(it - lex->prefecture_names.begin());
  };
  if (Status s = load("municipalities.tsv"); !s.ok()) return s;
  for (auto& r : rows)
    if (r.size() >= 2) lex->municipalities.Insert(Norm(r[0]), pref_index(r[1]));
  if (Status s = load("towns.tsv"); !s.ok()) return s;
  for (auto& r : rows) lex->towns.Insert(Norm(r[0]), 0);
  if (Status s = load("surnames.txt"); !s.ok()) return s;
  for (auto& r : rows) lex->surnames.insert(Norm(r[0]));
  if (Status s = load("given_names.txt"); !s.ok()) return s;
  for (auto& r : rows) lex->given_names.insert(Norm(r[0]));
  if (Status s = load("labels.tsv"); !s.ok()) return s;
  for (auto& r : rows) {
    if (r.size() >= 2 && r[1] == "-") {
      lex->labels.Insert(Norm(r[0]), Lexicon::kFieldLabel);
      if (Norm(r[0]).size() >= 4) lex->long_field_labels.push_back(Norm(r[0]));
      continue;
    }
    auto cat = r.size() >= 2 ? CategoryFromName(r[1]) : std::nullopt;
    if (!cat) return Status::Error("labels.tsv: unknown category in row for a label");
    const std::u32string key = Norm(r[0]);
    lex->labels.Insert(key, static_cast<uint32_t>(*cat));
    lex->pii_label_chars.insert(key.begin(), key.end());
  }
  if (Status s = load("honorifics.txt"); !s.ok()) return s;
  for (auto& r : rows) lex->honorifics.Insert(Norm(r[0]), 0);
  for (Trie* t : {&lex->prefectures, &lex->municipalities, &lex->towns, &lex->labels,
                  &lex->honorifics})
    t->Freeze();
  return {};
}

}  // namespace redact::detect
