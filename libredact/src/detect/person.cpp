// Person names: MeCab's 人名 tags are the start, not the answer (they find about half the
// names). Context does the rest: honorifics and titles, 「私、…は」, katakana names joined
// by ・, given names MeCab does not know after a known surname, names split by a space,
// and later mentions of a name already found in the same text.
#include "detect/person.hpp"

#include <algorithm>
#include <string_view>

namespace redact::detect {
namespace {

using text::IsHan;
using text::IsHiragana;
using text::IsKatakana;

bool IsNameKind(TokenKind k) {
  return k == TokenKind::kSurname || k == TokenKind::kGivenName || k == TokenKind::kPersonOther;
}

bool AllOf(const std::u32string& s, uint32_t b, uint32_t e, bool (*pred)(char32_t)) {
  if (b >= e) return false;
  for (uint32_t k = b; k < e; ++k)
    if (!pred(s[k])) return false;
  return true;
}

bool IsKatakanaPart(char32_t c) { return IsKatakana(c); }

// Only whitespace (at most two characters of it) between two positions.
bool SpaceGap(const std::u32string& s, uint32_t b, uint32_t e) {
  if (e < b || e - b > 2) return false;
  for (uint32_t k = b; k < e; ++k)
    if (!text::IsSpace(s[k]) || s[k] == U'\t') return false;
  return true;
}

// Honorifics that follow a personal name but never a title or organisation.
constexpr std::u32string_view kPersonalHonorifics[] = {U"様", U"さま", U"さん", U"氏", U"殿",
                                                       U"君", U"くん", U"ちゃん"};

bool IsParticleStart(const std::u32string& s, uint32_t p) {
  if (p >= s.size()) return false;
  static constexpr std::u32string_view kParticles[] = {U"は", U"が", U"も", U"に", U"から",
                                                       U"と", U"の", U"へ", U"を", U"より"};
  for (auto w : kParticles)
    if (s.compare(p, w.size(), w) == 0) return true;
  return false;
}

}  // namespace

// Length of the honorific or title that follows position p (after at most one space), or 0.
// "氏名" is a label, not 氏 + 名: a longer label match wins.
uint32_t PersonDetector::HonorificAt(const std::u32string& s, uint32_t p, bool* personal) const {
  if (p < s.size() && text::IsSpace(s[p]) && s[p] != U'\t') ++p;
  Trie::Match h = lex_.honorifics.LongestAt(s, p);
  if (h.length == 0) return 0;
  if (lex_.labels.LongestAt(s, p).length > h.length) return 0;
  if (personal != nullptr) {
    *personal = false;
    for (auto w : kPersonalHonorifics)
      if (w.size() == h.length && s.compare(p, w.size(), w) == 0) *personal = true;
  }
  return h.length;
}

void PersonDetector::Detect(const DetectInput& in, std::vector<Candidate>* out) const {
  const std::u32string& s = in.text.text;
  const auto& toks = in.tokens;
  const std::size_t nt = toks.size();
  std::vector<Candidate> found;

  auto add = [&](uint32_t b, uint32_t e, double score, const char* why) {
    if (e > b) found.push_back({Category::kPerson, b, e, score, why});
  };

  // 1. Runs of name tokens (姓 名, 姓 + space + 名), extended over given names MeCab split
  //    or does not know, scored by what surrounds them.
  for (std::size_t i = 0; i < nt; ++i) {
    if (!IsNameKind(toks[i].kind)) continue;
    std::size_t j = i + 1;
    bool has_surname = toks[i].kind == TokenKind::kSurname;
    bool has_given = toks[i].kind == TokenKind::kGivenName;
    while (j < nt && IsNameKind(toks[j].kind) && SpaceGap(s, toks[j - 1].end, toks[j].begin)) {
      has_surname |= toks[j].kind == TokenKind::kSurname;
      has_given |= toks[j].kind == TokenKind::kGivenName && has_surname;
      ++j;
    }
    uint32_t b = toks[i].begin, e = toks[j - 1].end;
    bool extended = false;
    if (has_surname && !has_given && j < nt && SpaceGap(s, e, toks[j].begin) &&
        HonorificAt(s, e, nullptr) == 0) {
      // Given names MeCab does not know: a short run of kanji (悠真 → 悠 + 真) or a hiragana
      // name (さくら) right after the surname, ending at a boundary.
      std::size_t k = j;
      uint32_t ge = toks[j].begin;
      while (k < nt && k - j < 3 && AllOf(s, toks[k].begin, toks[k].end, IsHan) &&
             toks[k].kind != TokenKind::kSuffix && (k == j || toks[k].begin == ge) &&
             HonorificAt(s, toks[k].begin, nullptr) == 0 && toks[k].end - toks[j].begin <= 3) {
        ge = toks[k].end;
        ++k;
      }
      if (k == j && AllOf(s, toks[j].begin, toks[j].end, IsHiragana) &&
          toks[j].end - toks[j].begin >= 2 && toks[j].end - toks[j].begin <= 4 &&
          (lex_.given_names.count(s.substr(toks[j].begin, toks[j].end - toks[j].begin)) > 0 ||
           HonorificAt(s, toks[j].end, nullptr) > 0)) {
        ge = toks[j].end;
        k = j + 1;
      }
      if (k > j) {
        bool boundary = ge >= s.size() || HonorificAt(s, ge, nullptr) > 0 ||
                        !(IsHan(s[ge]) || IsKatakana(s[ge]));
        if (boundary) {
          e = ge;
          j = k;
          extended = true;
        }
      }
    }
    bool personal = false;
    uint32_t hon = HonorificAt(s, e, &personal);
    double score;
    const char* why;
    if (has_surname && (has_given || extended)) {
      score = hon > 0 ? 0.95 : 0.85;
      why = hon > 0 ? "person:name+honorific" : "person:surname+given";
    } else if (hon > 0) {
      score = 0.9;
      why = "person:honorific";
    } else if (has_surname && e - b >= 2 && (b == 0 || !IsHan(s[b - 1])) &&
               IsParticleStart(s, e)) {
      score = 0.55;  // a surname as the subject or object of a sentence
      why = "person:surname";
    } else {
      score = toks[i].kind == TokenKind::kPersonOther ? 0.45 : 0.3;
      why = "person:pos";
    }
    // A title before the name: 課長 山田, 担当 佐藤.
    if (score < 0.8 && b > 0) {
      uint32_t p = b;
      if (text::IsSpace(s[p - 1])) --p;
      for (uint32_t len = 1; len <= 5 && len <= p; ++len)
        if (lex_.honorifics.LongestAt(s, p - len).length == len) {
          score = 0.8;
          why = "person:title";
          break;
        }
    }
    add(b, e, score, why);
    i = j - 1;
  }

  // 2. Katakana names: parts joined by ・ or =, at least one of which is not a common word;
  //    or katakana before a personal honorific.
  for (std::size_t i = 0; i < nt; ++i) {
    if (!AllOf(s, toks[i].begin, toks[i].end, IsKatakanaPart)) continue;
    if (i > 0 && toks[i - 1].end == toks[i].begin && (s[toks[i - 1].end - 1] == U'・' ||
                                                      IsKatakana(s[toks[i - 1].end - 1])))
      continue;  // not the start of a run
    std::size_t j = i;
    int parts = 0;
    bool unusual = false;
    uint32_t e = toks[i].end;
    while (j < nt && AllOf(s, toks[j].begin, toks[j].end, IsKatakanaPart)) {
      // Adjacent katakana tokens form one part (MeCab splits unknown names).
      std::size_t k = j;
      while (k + 1 < nt && toks[k + 1].begin == toks[k].end &&
             AllOf(s, toks[k + 1].begin, toks[k + 1].end, IsKatakanaPart))
        ++k;
      for (std::size_t m = j; m <= k; ++m)
        unusual |= toks[m].unknown || IsNameKind(toks[m].kind) ||
                   toks[m].kind == TokenKind::kProperNoun;
      ++parts;
      e = toks[k].end;
      j = k + 1;
      // Joiner: ・ = or one space, then another katakana part.
      if (j < nt && e < s.size() && (s[e] == U'・' || s[e] == U'=' || s[e] == U' ') &&
          j + 1 < nt && toks[j].begin <= e + 1) {
        std::size_t nxt = s[e] == U' ' ? j : j + 1;
        if (s[e] != U' ' && toks[j].end != e + 1) break;
        if (nxt < nt && toks[nxt].begin == e + 1 && AllOf(s, toks[nxt].begin, toks[nxt].end, IsKatakanaPart)) {
          j = nxt;
          continue;
        }
      }
      break;
    }
    uint32_t b = toks[i].begin;
    bool personal = false;
    uint32_t hon = HonorificAt(s, e, &personal);
    if (e - b < 2) continue;
    if (hon > 0 && (personal || parts >= 2 || unusual)) add(b, e, 0.9, "person:katakana+honorific");
    else if (parts >= 2 && unusual) add(b, e, 0.8, "person:katakana-name");
    i = j > i ? j - 1 : i;
  }

  // 3. 「私、山田太郎は」: a self-introduction names the writer.
  for (uint32_t p = 0; p + 3 < s.size(); ++p) {
    if (s[p] != U'私') continue;
    uint32_t q = p + 1;
    if (q < s.size() && (s[q] == U'、' || s[q] == U',' || s[q] == U'は')) ++q;
    if (q < s.size() && text::IsSpace(s[q])) ++q;
    uint32_t b = q;
    while (q < s.size() && q - b <= 12 &&
           (IsHan(s[q]) || IsKatakana(s[q]) || s[q] == U'・' ||
            (text::IsSpace(s[q]) && s[q] != U'\t') || (IsHiragana(s[q]) && q > b && !IsParticleStart(s, q))))
      ++q;
    uint32_t e = q;
    while (e > b && text::IsSpace(s[e - 1])) --e;
    if (e - b < 2) continue;
    std::u32string_view rest(s.data() + q, s.size() - q);
    if (rest.starts_with(U"は") || rest.starts_with(U"です") || rest.starts_with(U"と申します") ||
        rest.starts_with(U"と申し") || rest.starts_with(U"が"))
      add(b, e, 0.85, "person:self-introduction");
  }

  // 4. Single kanji or kana given names before a personal honorific: 蒼さん, ひなたちゃん.
  for (std::size_t i = 0; i < nt; ++i) {
    const Token& t = toks[i];
    if (IsNameKind(t.kind) || t.kind == TokenKind::kSuffix) continue;
    if (!(t.unknown || t.kind == TokenKind::kProperNoun)) continue;
    bool personal = false;
    if (HonorificAt(s, t.end, &personal) > 0 && personal && (i == 0 || toks[i - 1].end < t.begin ||
                                                              !IsHan(s[t.begin - 1])))
      add(t.begin, t.end, 0.75, "person:honorific");
  }

  // 5. Later mentions of a name found with confidence: 申請者 山田太郎 … 山田様は.
  std::vector<std::u32string> known;
  for (const Candidate& c : found) {
    if (c.score < 0.8) continue;
    known.push_back(s.substr(c.begin, c.end - c.begin));
    // Its surname token, and each part of a katakana name.
    for (const Token& t : toks) {
      if (t.begin < c.begin || t.end > c.end) continue;
      if ((t.kind == TokenKind::kSurname || (AllOf(s, t.begin, t.end, IsKatakanaPart) && t.unknown)) &&
          t.end - t.begin >= 2)
        known.push_back(s.substr(t.begin, t.end - t.begin));
    }
  }
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  for (const auto& k : known) {
    for (std::size_t pos = s.find(k); pos != std::u32string::npos; pos = s.find(k, pos + 1)) {
      uint32_t b = static_cast<uint32_t>(pos), e = static_cast<uint32_t>(pos + k.size());
      // Whole words only: not inside a longer kanji or katakana word.
      bool left = b == 0 || !((IsHan(s[b - 1]) && IsHan(s[b])) || (IsKatakana(s[b - 1]) && IsKatakana(s[b])));
      bool right = e >= s.size() || !((IsHan(s[e]) && IsHan(s[e - 1]) && HonorificAt(s, e, nullptr) == 0) ||
                                      (IsKatakana(s[e]) && IsKatakana(s[e - 1])));
      if (left && right) add(b, e, 0.8, "person:coreference");
    }
  }

  out->insert(out->end(), found.begin(), found.end());
}

}  // namespace redact::detect
