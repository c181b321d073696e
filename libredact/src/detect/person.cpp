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

// Katakana, and the dot inside a single token (MeCab keeps レ・ヴァン・ミン whole).
bool IsKatakanaPart(char32_t c) { return IsKatakana(c) || c == U'・'; }

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

// Kin a name may follow in apposition: 母 本間　舞, 長男 山田 太郎.
constexpr std::u32string_view kKinNouns[] = {U"母", U"父", U"妻", U"夫", U"娘", U"息子", U"兄",
                                             U"姉", U"弟", U"妹", U"祖父", U"祖母", U"孫", U"長男",
                                             U"長女", U"次男", U"次女", U"三男", U"三女"};

bool IsPersonalHonorific(const std::u32string& s, uint32_t p, uint32_t len) {
  for (auto w : kPersonalHonorifics)
    if (w.size() == len && s.compare(p, len, w) == 0) return true;
  return false;
}

// The 〇 that opens a speaker's line in minutes: at the start of a line or after a space,
// also after a speck OCR read at the line's start (.〇山口委員).
bool OpensSpeakerLine(const std::u32string& s, uint32_t p) {
  if (p >= s.size() || std::u32string_view(U"〇○◯").find(s[p]) == std::u32string_view::npos) return false;
  if (p > 0 && std::u32string_view(U".,'`・·").find(s[p - 1]) != std::u32string_view::npos) --p;
  return p == 0 || s[p - 1] == U'\n' || s[p - 1] == U' ';
}

bool IsParticleStart(const std::u32string& s, uint32_t p) {
  if (p >= s.size()) return false;
  // Not の: 小川の清掃, 青木ヶ原の樹海 — places and things take it as often as people.
  static constexpr std::u32string_view kParticles[] = {U"は", U"が", U"も", U"に", U"から",
                                                       U"と", U"へ", U"を", U"より"};
  for (auto w : kParticles)
    if (s.compare(p, w.size(), w) == 0) return true;
  return false;
}

}  // namespace

bool EndsWithKinNoun(std::u32string_view text) {
  return std::any_of(std::begin(kKinNouns), std::end(kKinNouns),
                     [&](std::u32string_view k) { return text.ends_with(k); });
}

bool StartsWithPersonalHonorific(std::u32string_view text) {
  return std::any_of(std::begin(kPersonalHonorifics), std::end(kPersonalHonorifics),
                     [&](std::u32string_view h) { return text.starts_with(h); });
}

// Length of the honorific or title that follows position p (after at most one space), or 0.
// "氏名" is a label, not 氏 + 名: a longer label match wins.
uint32_t PersonDetector::HonorificAt(const std::u32string& s, uint32_t p, bool* personal,
                                     uint32_t name_begin) const {
  uint32_t name_end = p;
  if (p < s.size() && text::IsSpace(s[p]) && s[p] != U'\t') ++p;
  Trie::Match h = lex_.honorifics.LongestAt(s, p);
  if (h.length == 0) return 0;
  if (lex_.labels.LongestAt(s, p).length > h.length) return 0;
  // 小松市長 is the mayor of 小松市, not a Mr 小松: the name plus 市/町/村/区 is a municipality.
  if (name_begin < name_end && p == name_end &&
      std::u32string_view(U"市町村区").find(s[p]) != std::u32string_view::npos &&
      lex_.municipalities.LongestAt(s, name_begin).length == name_end - name_begin + 1)
    return 0;
  if (personal != nullptr) *personal = IsPersonalHonorific(s, p, h.length);
  return h.length;
}

// Given-name continuation after a surname: kanji tokens MeCab split or did not know (悠真 →
// 悠 + 真), or a hiragana name (さくら), ending at a boundary. `given_len` counts given-name
// characters already in the run. Returns the index past the last token taken (== j: none).
std::size_t PersonDetector::ExtendGiven(const std::u32string& s, const std::vector<Token>& toks,
                                        std::size_t j, uint32_t given_len,
                                        bool strong_surname) const {
  const std::size_t nt = toks.size();
  if (j >= nt) return j;
  uint32_t prev_end = toks[j - 1].end;
  bool gap = toks[j].begin != prev_end;
  if (gap && (given_len > 0 || !SpaceGap(s, prev_end, toks[j].begin))) return j;
  if (HonorificAt(s, prev_end, nullptr) > 0) return j;
  // Kanji.
  std::size_t k = j;
  uint32_t len = given_len;
  bool place = false;  // a 地域 token (朝陽) as given name needs a hard boundary after it
  while (k < nt && (k == j || toks[k].begin == toks[k - 1].end) &&
         AllOf(s, toks[k].begin, toks[k].end, IsHan) && HonorificAt(s, toks[k].begin, nullptr) == 0) {
    uint32_t tl = toks[k].end - toks[k].begin;
    if (len + tl > 3) break;
    std::u32string_view surface(s.data() + toks[k].begin, tl);
    if (surface[0] == U'ヶ' || surface[0] == U'ケ') break;  // 青木ヶ原: a place, not a name
    bool ok = tl == 1 ? std::u32string_view(U"市町村区県都府内外中前後等氏様側用課係部長署所会川城山島橋駅寺港湖池沢谷台丘坂線道園館店社屋海浜岬宮").find(surface[0]) ==
                            std::u32string_view::npos
                      : toks[k].unknown || IsNameKind(toks[k].kind) ||
                            toks[k].kind == TokenKind::kProperNoun || toks[k].kind == TokenKind::kPlace ||
                            lex_.given_names.count(std::u32string(surface)) > 0;
    if (!ok || (toks[k].kind == TokenKind::kSuffix && tl > 1)) break;
    // A place that is a known given name (朝陽) is a name after a surname, boundary or not.
    place |= tl > 1 && toks[k].kind == TokenKind::kPlace && lex_.given_names.count(std::u32string(surface)) == 0;
    len += tl;
    ++k;
  }
  if (k > j) {
    uint32_t ge = toks[k - 1].end;
    bool hard = AtBoundary(s, ge) || HonorificAt(s, ge, nullptr) > 0;
    // After a one-kanji surname (高, 林) a following kanji is more often a word (高波).
    bool short_surname = given_len == 0 && toks[j - 1].end - toks[j - 1].begin == 1;
    if (hard || (!place && !short_surname && !(IsHan(s[ge]) || IsKatakana(s[ge])))) return k;
    return j;
  }
  // Hiragana given name (さくら, ひな+た): the longest hiragana run of 2-4 that ends on a token
  // boundary and is a known given name or is followed by an honorific or a boundary.
  if (given_len == 0 && IsHiragana(s[toks[j].begin]) && toks[j].kind != TokenKind::kParticle &&
      toks[j].kind != TokenKind::kVerbLike && toks[j].kind != TokenKind::kOther) {
    uint32_t b = toks[j].begin, run = b;
    while (run < s.size() && run - b < 4 && IsHiragana(s[run])) ++run;
    for (uint32_t e = run; e >= b + 2; --e) {
      std::size_t m = j;
      while (m < nt && toks[m].end < e) ++m;
      if (m >= nt || toks[m].end != e) continue;
      bool known = lex_.given_names.count(s.substr(b, e - b)) > 0;
      // 山崎ゆうきは: a particle after a real surname's hiragana tail.
      bool particle = strong_surname && m + 1 < nt && toks[m + 1].kind == TokenKind::kParticle &&
                      toks[m + 1].begin == e && e - b >= 3;
      if (known || particle || HonorificAt(s, e, nullptr) > 0 || AtBoundary(s, e)) return m + 1;
    }
  }
  return j;
}

// End of a cell, a line, the text, or a parenthesis/space/punctuation after a name.
bool PersonDetector::AtBoundary(const std::u32string& s, uint32_t p) {
  if (p >= s.size()) return true;
  return std::u32string_view(U"\t\n ()、。,.|/").find(s[p]) != std::u32string_view::npos;
}

// 〜の + a noun only people have: 指摘, 発言, 遺作, 妻 …
bool PersonDetector::PersonalNounAfter(const std::u32string& s, uint32_t e) {
  if (e >= s.size() || s[e] != U'の') return false;
  static constexpr std::u32string_view kNouns[] = {
      U"指摘", U"意見", U"発言", U"提案", U"説明", U"答弁", U"質問", U"主張", U"報告", U"著書",
      U"作品", U"遺作", U"死去", U"逝去", U"妻", U"夫", U"息子", U"娘", U"父", U"母", U"兄",
      U"姉", U"弟", U"妹", U"家族", U"自宅", U"署名", U"証言", U"談話", U"講演", U"葬儀",
      U"生涯", U"経歴", U"就任", U"退任", U"辞任", U"戯曲", U"小説", U"絵画", U"楽曲", U"理論",
      U"思想", U"言葉", U"名言", U"肖像", U"銅像", U"墓", U"生家", U"伝記", U"弟子", U"師匠",
      U"死後", U"没後", U"生誕", U"晩年", U"少年時代", U"幼少期", U"出身地", U"業績"};
  for (auto w : kNouns)
    if (s.compare(e + 1, w.size(), w) == 0) return true;
  return false;
}

// Right after an office or section name: 総務課 山下, 戸籍係 服部.
bool PersonDetector::AfterDepartment(const std::u32string& s, uint32_t b) {
  if (b < 2 || !text::IsSpace(s[b - 1])) return false;
  std::u32string_view before(s.data(), b - 1);
  for (std::u32string_view w : {U"課", U"係", U"室", U"班", U"担当", U"グループ", U"センター", U"部"})
    if (before.ends_with(w)) return true;
  return false;
}

void PersonDetector::Detect(const DetectInput& in, std::vector<Candidate>* out) const {
  const std::u32string& s = in.text.text;
  const auto& toks = in.tokens;
  const std::size_t nt = toks.size();
  std::vector<Candidate> found;

  auto add = [&](uint32_t b, uint32_t e, double score, const char* why) {
    if (e > b) found.push_back({Category::kPerson, b, e, score, why});
  };
  // Whether MeCab's reading of [b, e) looks like a name rather than words: a token it does not
  // know, a name or proper noun, a known given name, or single kanji it could not join.
  auto NameLike = [&](uint32_t b, uint32_t e) {
    int singles = 0;
    for (const Token& t : toks) {
      if (t.end <= b || t.begin >= e) continue;
      std::u32string surface = s.substr(t.begin, t.end - t.begin);
      if (t.unknown || IsNameKind(t.kind) || t.kind == TokenKind::kProperNoun ||
          lex_.given_names.count(surface) > 0)
        return true;
      singles += t.end - t.begin == 1 && IsHan(s[t.begin]);
    }
    return singles >= 2;
  };

  // 1. Runs of name tokens (姓 名, 姓 + space + 名), extended over given names MeCab split
  //    or does not know, scored by what surrounds them.
  // MeCab often tags a surname as a place (中野, 服部) or a common noun (山下) depending on
  // context; the surname list makes it a weak surname, which needs more evidence.
  std::vector<TokenKind> kind(nt);
  std::vector<bool> weak(nt, false);
  for (std::size_t k = 0; k < nt; ++k) {
    kind[k] = toks[k].kind;
    uint32_t len = toks[k].end - toks[k].begin;
    if (!IsNameKind(kind[k]) && len >= 2 &&
        (kind[k] == TokenKind::kPlace || kind[k] == TokenKind::kProperNoun ||
         kind[k] == TokenKind::kNoun || kind[k] == TokenKind::kOrganization) &&
        lex_.surnames.count(s.substr(toks[k].begin, len)) > 0) {
      kind[k] = TokenKind::kSurname;
      weak[k] = true;
    }
  }
  for (std::size_t i = 0; i < nt; ++i) {
    if (!IsNameKind(kind[i])) continue;
    std::size_t j = i + 1;
    bool has_surname = kind[i] == TokenKind::kSurname;
    bool has_given = kind[i] == TokenKind::kGivenName;
    bool all_weak = weak[i];
    bool all_place = toks[i].kind == TokenKind::kPlace;
    while (j < nt && IsNameKind(kind[j]) && SpaceGap(s, toks[j - 1].end, toks[j].begin)) {
      has_surname |= kind[j] == TokenKind::kSurname;
      has_given |= kind[j] == TokenKind::kGivenName && has_surname;
      all_weak = all_weak && weak[j];
      all_place = all_place && toks[j].kind == TokenKind::kPlace;
      ++j;
    }
    uint32_t b = toks[i].begin, e = toks[j - 1].end;
    bool extended = false;
    if (has_surname) {
      uint32_t given_len = 0;
      for (std::size_t k = i; k < j; ++k)
        if (kind[k] != TokenKind::kSurname) given_len += toks[k].end - toks[k].begin;
      std::size_t k = ExtendGiven(s, toks, j, given_len, !all_weak);
      if (k > j) {
        e = toks[k - 1].end;
        j = k;
        extended = true;
      }
    }
    bool personal = false;
    uint32_t hon = HonorificAt(s, e, &personal, b);
    // Two kanji inside a longer kanji word (介護|康定|申請書, 認 misread as 康) are part of it.
    if (e - b == 2 && hon == 0 && b > 0 && e < s.size() && IsHan(s[b - 1]) && IsHan(s[e])) {
      i = j - 1;
      continue;
    }
    // Two kanji glued to the office or institution they name (東宏総務部, 東圭市民病院: 東雲
    // misread): part of its name.
    if (e - b == 2 && hon == 0 && e < s.size() && IsHan(s[e])) {
      uint32_t r = e;
      while (r < s.size() && r - e < 8 && IsHan(s[r])) ++r;
      bool titled = false;  // 山田総務課長: a person with their title
      for (uint32_t k = e; k < r && !titled; ++k) titled = lex_.honorifics.LongestAt(s, k).length == r - k;
      if (!titled && std::u32string_view(s.data() + e, r - e).find_first_of(U"部課局室係庁市院館校") != std::u32string_view::npos) {
        i = j - 1;
        continue;
      }
    }
    double score;
    const char* why;
    if (has_surname && (has_given || extended)) {
      score = hon > 0 ? 0.95 : 0.85;
      why = hon > 0 ? "person:name+honorific" : "person:surname+given";
    } else if (hon > 0) {
      score = 0.9;
      why = "person:honorific";
    } else if ((has_surname || kind[i] == TokenKind::kPersonOther) && !all_place && e - b >= 2 &&
               (b == 0 || !IsHan(s[b - 1])) && IsParticleStart(s, e)) {
      score = 0.55;  // a surname as the subject or object of a sentence
      why = "person:surname";
    } else if ((has_surname || kind[i] == TokenKind::kPersonOther) && e - b >= 2 &&
               (b == 0 || !IsHan(s[b - 1])) && PersonalNounAfter(s, e)) {
      score = 0.7;  // 酒井の指摘, 千葉の遺作: what only people have
      why = "person:possessive";
    } else if (has_surname && e - b >= 2 && AfterDepartment(s, b) && AtBoundary(s, e)) {
      score = 0.8;  // staff named after their section: 総務課 山下（内線1234）
      why = "person:staff";
    } else {
      score = kind[i] == TokenKind::kPersonOther ? 0.45 : 0.3;
      why = "person:pos";
    }
    // A title before the name: 課長 山田, 担当 佐藤.
    if (score < 0.8 && b > 0) {
      uint32_t p = b;
      if (text::IsSpace(s[p - 1])) --p;
      for (uint32_t len = 2; len <= 5 && len <= p; ++len)
        if (lex_.honorifics.LongestAt(s, p - len).length == len && !IsPersonalHonorific(s, p - len, len)) {
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
    bool split = j > i + 1;  // MeCab cut it into pieces: not a word it knows
    for (std::size_t m = i; m < j; ++m)
      if (std::u32string_view(s.data() + toks[m].begin, toks[m].end - toks[m].begin).find(U'・') !=
          std::u32string_view::npos)
        parts = std::max(parts, 2);
    if (hon > 0 && (personal || parts >= 2 || unusual || split))
      add(b, e, 0.9, "person:katakana+honorific");
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

  // 4. Given names alone before a personal honorific: 蒼さん, 陽菜ちゃん (MeCab may split them).
  for (std::size_t i = 0; i < nt; ++i) {
    const Token& t = toks[i];
    if (IsNameKind(t.kind) || t.kind == TokenKind::kSuffix) continue;
    if (t.begin > 0 && (IsHan(s[t.begin - 1]) || IsKatakana(s[t.begin - 1]))) continue;
    std::size_t k = i;
    bool unusual = false;
    bool singles = true;  // MeCab split it into single kanji: 陽 + 菜
    while (k < nt && (k == i || toks[k].begin == toks[k - 1].end) &&
           AllOf(s, toks[k].begin, toks[k].end, IsHan) && toks[k].end - t.begin <= 3) {
      unusual |= toks[k].unknown || toks[k].kind == TokenKind::kProperNoun;
      singles = singles && toks[k].end - toks[k].begin == 1;
      ++k;
    }
    unusual |= singles && k - i >= 2;
    if (k == i) continue;
    uint32_t e = toks[k - 1].end;
    bool personal = false;
    if (HonorificAt(s, e, &personal) == 0 || !personal) continue;
    if (unusual || lex_.given_names.count(s.substr(t.begin, e - t.begin)) > 0)
      add(t.begin, e, 0.75, "person:given+honorific");
  }

  // 4b. After a role title and a space, a short kanji name MeCab does not know: 市長 𠮷田 葵.
  for (uint32_t p = 1; p + 2 < s.size(); ++p) {
    if (!text::IsSpace(s[p]) || s[p] == U'\t' || !IsHan(s[p + 1])) continue;
    bool titled = false;
    for (uint32_t len = 2; len <= 5 && len <= p && !titled; ++len)
      titled = lex_.honorifics.LongestAt(s, p - len).length == len;
    if (!titled) continue;
    uint32_t b = p + 1, q = b, spaces = 0;
    while (q < s.size()) {
      if (IsHan(s[q])) {
        ++q;
      } else if (text::IsSpace(s[q]) && s[q] != U'\t' && spaces == 0 && q + 1 < s.size() &&
                 IsHan(s[q + 1])) {
        ++spaces;
        ++q;
      } else {
        break;
      }
    }
    // A given name in hiragana after the surname and a space: 委員 佐野 かおり.
    if (spaces == 0 && q + 3 < s.size() && s[q] == U' ' && IsHiragana(s[q + 1])) {
      uint32_t h = q + 1;
      while (h < s.size() && h - q <= 5 && IsHiragana(s[h])) ++h;
      static const std::vector<std::u32string> kWords = {U"から", U"より", U"まで", U"など", U"です", U"ます", U"および"};
      const std::u32string run = s.substr(q + 1, h - q - 1);
      if (run.size() >= 2 && run.size() <= 4 && AtBoundary(s, h) &&
          std::find(kWords.begin(), kWords.end(), run) == kWords.end())
        q = h, spaces = 1;
    }
    // A surname and given name written apart, or a known surname first: not 会長 挨拶.
    bool namelike = spaces == 1 || lex_.surnames.count(s.substr(b, 2)) > 0 ||
                    lex_.surnames.count(s.substr(b, 1)) > 0;
    if (namelike && q - b >= 2 && q - b <= 6 && AtBoundary(s, q)) add(b, q, 0.8, "person:title");
  }

  // The longest known given name in hiragana at q (two to four kana), or 0: tried before
  // particles end a run, as a name may hold a particle's kana (こはる, ともこ).
  auto KnownKanaName = [&](uint32_t q) -> uint32_t {
    for (uint32_t len = 4; len >= 2; --len)
      if (q + len <= s.size() && AllOf(s, q, q + len, IsHiragana) && lex_.given_names.count(s.substr(q, len)) > 0)
        return len;
    return 0;
  };

  // 4c. Kin and companions: 友人の真由美は, 母の芽依が — the word after 〜の is a person.
  static const std::vector<std::u32string> kKin = {
      U"友人の", U"知人の", U"母の", U"父の", U"妻の", U"夫の", U"娘の", U"息子の", U"兄の",
      U"姉の", U"弟の", U"妹の", U"祖父の", U"祖母の", U"孫の", U"叔父の", U"叔母の", U"伯父の",
      U"伯母の", U"長男の", U"長女の", U"次男の", U"次女の", U"同僚の", U"上司の", U"部下の",
      U"恩師の", U"委員長の", U"会長の", U"社長の", U"担当者の", U"弁護士の", U"作家の",
      U"画家の", U"記者の", U"医師の", U"教授の", U"選手の", U"監督の", U"代理人の", U"申請者の",
      U"請求者の", U"届出人の", U"相談者の"};
  for (const auto& kin : kKin) {
    for (std::size_t pos = s.find(kin); pos != std::u32string::npos; pos = s.find(kin, pos + 1)) {
      uint32_t b = static_cast<uint32_t>(pos + kin.size());
      if (pos > 0 && IsHan(s[pos - 1]) && kin.size() <= 3) continue;  // 父母の, 祖母の (handled)
      uint32_t q = b;
      bool (*cls)(char32_t) = b < s.size() && IsHan(s[b])        ? IsHan
                              : b < s.size() && IsKatakanaPart(s[b]) ? IsKatakanaPart
                                                                  : IsHiragana;
      bool personal = false;
      while (q < s.size() && q - b < 8 && cls(s[q]) && !(cls == IsHiragana && IsParticleStart(s, q)) &&
             !(q > b && HonorificAt(s, q, &personal) > 0 && personal))  // 吉田正樹|様
        ++q;
      // A surname, or what OCR made of it, and a known given name in kana (代理人の後朋さくらは).
      if (cls == IsHan && q - b <= 3) q += KnownKanaName(q);
      if (q - b < 2 || q - b > 7) continue;
      if (!IsParticleStart(s, q) && !AtBoundary(s, q) && !(HonorificAt(s, q, &personal) > 0 && personal)) continue;
      if (cls == IsHan && !NameLike(b, q)) continue;  // 母の申請書を: a thing, not a name
      add(b, q, 0.75, "person:kin");
    }
  }

  // 4c'. Kin named in apposition: 母 本間　舞の申請書, 長男 山田 太郎が — a kin noun, then a
  // kanji surname and a given name with a space between them, then a particle or a boundary.
  // The space is what makes it a name (母子家庭の, 父親が are words) — or, unspaced, a run of
  // three to five kanji that ends with a known given name (母笠上圭子の), or kanji then a
  // known given name in hiragana (母新田ひかりの).
  for (std::u32string_view kin : kKinNouns) {
    for (std::size_t pos = s.find(kin); pos != std::u32string::npos; pos = s.find(kin, pos + 1)) {
      if (pos > 0 && (IsHan(s[pos - 1]) || IsKatakanaPart(s[pos - 1]))) continue;  // 父母, 祖母
      uint32_t b = static_cast<uint32_t>(pos + kin.size());
      if (b < s.size() && text::IsSpace(s[b]) && s[b] != U'\t') ++b;
      uint32_t q = b;
      while (q < s.size() && q - b < 6 && IsHan(s[q])) ++q;
      // Unspaced (母笠上圭子の, 村上 misread): the kanji run ends with a known given name.
      if (q - b >= 3 && q - b <= 5 && q < s.size() && (IsParticleStart(s, q) || s[q] == U'の')) {
        bool given = false;
        for (uint32_t len = 2; len <= 3 && q - b - len >= 1 && !given; ++len)
          given = lex_.given_names.count(s.substr(q - len, len)) > 0;
        if (given) {
          add(b, q, 0.7, "person:kin");
          continue;
        }
      }
      if (q == b || q - b > 3 || q >= s.size() || IsHan(s[q])) continue;
      // Unspaced with a known given name in hiragana (母新田ひかりの, 新田 read 新四 by OCR):
      // one to three kanji, then the name, then の, a particle or a boundary.
      if (const uint32_t len = KnownKanaName(q); len > 0) {
        const uint32_t e = q + len;
        if (e >= s.size() || s[e] == U'の' || IsParticleStart(s, e) || AtBoundary(s, e)) {
          add(b, e, 0.7, "person:kin");
          continue;
        }
      }
      // Unspaced, a surname — a token from the kanji run's start, MeCab's 人名,姓 or in the
      // surname list — alone, with a kanji or two of the given name left (愛 of 結愛 lost), or
      // with up to four kana of a given name OCR misread, then の or a particle (母高木の申請書
      // with 剛 lost; 母増田結の; 母今井えゆきの for 今井みゆき).
      bool surname = false;
      for (std::size_t k = 0; k < nt && !surname; ++k)
        surname = toks[k].begin == b && toks[k].end >= b + 2 && toks[k].end <= q && q - toks[k].end <= 2 &&
                  kind[k] == TokenKind::kSurname;
      for (uint32_t len = 2; len <= 3 && !surname; ++len)  // MeCab cut it apart (増|田結)
        surname = b + len <= q && q - (b + len) <= 2 && lex_.surnames.count(s.substr(b, len)) > 0;
      if (q - b >= 2 && surname) {
        uint32_t e = q;
        if (HonorificAt(s, q, nullptr) == 0)
          while (e < s.size() && e - q < 4 && IsHiragana(s[e]) && s[e] != U'の' && !IsParticleStart(s, e)) ++e;
        if (e < s.size() && (s[e] == U'の' || IsParticleStart(s, e))) {
          add(b, e, 0.7, "person:kin");
          continue;
        }
      }
      uint32_t g = q;
      while (g < s.size() && g - q < 2 && text::IsSpace(s[g]) && s[g] != U'\t') ++g;
      if (g == q) continue;
      // The given name in kanji or kana — or one or two letters or digits OCR made of a hand-
      // written kanji (母杉本 弘の read 母杉本 5の): no name has them, the kin noun says one is there.
      auto misread = [](char32_t c) { return text::IsAsciiDigit(c) || (c < 0x80 && std::isalpha(static_cast<int>(c))); };
      bool (*cls)(char32_t) = g < s.size() && IsHan(s[g]) ? IsHan : g < s.size() && misread(s[g]) ? +misread : IsHiragana;
      uint32_t e = g;
      while (e < s.size() && e - g < 4 && cls(s[e]) && !(cls == IsHiragana && e > g && IsParticleStart(s, e))) ++e;
      if (cls == +misread && (e - g > 2 || e >= s.size() || s[e] != U'の')) continue;
      if (cls == IsHiragana) e = std::max(e, g + KnownKanaName(g));  // 森田 こはるの
      if (e == g || (cls == IsHan && e - g > 3)) continue;
      if (!IsParticleStart(s, e) && !AtBoundary(s, e) && s[e] != U'の') continue;
      add(b, e, 0.7, "person:kin");
    }
  }

  // 4d. A speaker in minutes: 〇事務局（菅原）, 会長（前田 明美） — a name in brackets after a
  //     role title, or after the role that opens a speaker's line (〇 …). OCR may misread the
  //     name (家原 for 菅原), so it need not be a known one; a kanji of vertical strokes
  //     glued to the bracket may come out as I, l or | (（山下直美） read (II下 直美)).
  auto name_chars = [](char32_t c) { return IsHan(c) || IsKatakana(c) || IsHiragana(c); };
  auto stroke = [](char32_t c) { return c == U'I' || c == U'l' || c == U'|'; };
  static const std::vector<std::u32string> kNotNames = {
      U"案", U"仮称", U"続き", U"続", U"代理", U"欠席", U"予定", U"抜粋", U"別紙", U"概要",
      U"要旨", U"敬称略", U"略", U"司会", U"議長", U"案件", U"再開", U"休憩", U"同上", U"同"};
  for (uint32_t p = 1; p + 2 < s.size(); ++p) {
    if (s[p] != U'(') continue;
    uint32_t b = p + 1;
    while (b < s.size() && text::IsSpace(s[b]) && s[b] != U'\t' && s[b] != U'\n') ++b;
    uint32_t q = b, spaces = 0, chars = 0, strokes = 0;
    if (b == p + 1)
      while (q < s.size() && stroke(s[q]) && strokes < 2) ++strokes, ++q;
    while (q < s.size() && chars <= 7) {
      if (name_chars(s[q])) {
        ++chars, ++q;
      } else if (s[q] == U' ' && spaces == 0 && chars > 0 && q + 1 < s.size() && name_chars(s[q + 1])) {
        ++spaces, ++q;
      } else {
        break;
      }
    }
    uint32_t close = q;
    while (close < s.size() && s[close] == U' ') ++close;
    if (chars < (strokes > 0 ? 2 : 1) || chars > 7 || close >= s.size() || s[close] != U')') continue;
    const std::u32string inside = s.substr(b, q - b);
    if (std::find(kNotNames.begin(), kNotNames.end(), inside) != kNotNames.end()) continue;
    if (lex_.honorifics.LongestAt(inside, 0).length == inside.size()) continue;  // （会長）: a role
    // What comes before the bracket: a title, or 〇 + a role at the start of the line.
    uint32_t t = p;
    while (t > 0 && s[t - 1] == U' ') --t;
    bool titled = false;
    for (uint32_t len = 1; len <= 5 && len <= t && !titled; ++len)
      titled = lex_.honorifics.LongestAt(s, t - len).length == len && !IsPersonalHonorific(s, t - len, len);
    if (!titled) {
      uint32_t r = t;
      while (r > 0 && t - r < 8 && (IsHan(s[r - 1]) || IsKatakana(s[r - 1]))) --r;
      titled = r < t && r > 0 && OpensSpeakerLine(s, r - 1);
    }
    if (titled) add(b, q, 0.8, "person:speaker");
  }

  // 4d'. A speaker by surname and title: 〇山口委員 — the kanji between the 〇 that opens the
  //      line and a title are the name, also one OCR misread (〇山晶委員, where 晶 alone
  //      would be a given name), unless they are words or a role themselves (〇事務局長).
  //      The chair calling on a member at a sentence's start counts alike (…ありませんか。
  //      山口委員、いかがですか — 山口 read 由口).
  for (uint32_t p = 0; p + 3 < s.size(); ++p) {
    if (!OpensSpeakerLine(s, p) && s[p] != U'。') continue;
    uint32_t b = p + 1;
    if (b < s.size() && s[b] == U' ') ++b;
    for (uint32_t e = b + 2; e <= b + 4 && e < s.size() && AllOf(s, b, e, IsHan); ++e) {
      uint32_t len = lex_.honorifics.LongestAt(s, e).length;
      // A title whose first kanji OCR misread (委員 read 要員): a kanji, then 員 or 長, then
      // no more kanji.
      if (len == 0 && e + 1 < s.size() && IsHan(s[e]) && (s[e + 1] == U'員' || s[e + 1] == U'長') &&
          (e + 2 >= s.size() || !IsHan(s[e + 2])))
        len = 2;
      if (len == 0 || IsPersonalHonorific(s, e, len)) continue;
      if (lex_.honorifics.LongestAt(s, b).length > 0) break;
      // A place name there is a surname OCR misread (青木 → 青森), not a municipality's
      // delegate: those end in 市/町/村/区/県/都/府/道.
      const bool place = std::all_of(toks.begin(), toks.end(), [&](const Token& t) {
        return t.end <= b || t.begin >= e || t.kind == TokenKind::kPlace;
      }) && std::u32string_view(U"市町村区県都府道").find(s[e - 1]) == std::u32string_view::npos;
      if (!NameLike(b, e) && !place) break;
      add(b, e, 0.8, "person:speaker");
      break;
    }
  }

  // 4e. A list of names (出席委員 前田 明美、佐野 かおり、山口 大輔): when most of its items are
  //     names found above, a name-like item between them is one too, even one OCR misread
  //     (山日 大輔) or that the dictionaries do not know.
  for (uint32_t ls = 0; ls < s.size();) {
    uint32_t le = ls;
    while (le < s.size() && s[le] != U'\n') ++le;
    std::vector<std::pair<uint32_t, uint32_t>> items;
    for (uint32_t a = ls; a <= le;) {
      uint32_t z = a;
      while (z < le && s[z] != U'、' && s[z] != U',') ++z;
      items.emplace_back(a, z);
      a = z + 1;
    }
    if (items.size() >= 3) {
      std::vector<bool> person(items.size(), false);
      int persons = 0;
      for (std::size_t k = 0; k < items.size(); ++k) {
        for (const Candidate& c : found)
          if (c.score >= 0.7 && c.begin >= items[k].first && c.end <= items[k].second) person[k] = true;
        persons += person[k] ? 1 : 0;
      }
      if (persons >= 2 && 2 * persons >= static_cast<int>(items.size())) {
        for (std::size_t k = 0; k < items.size(); ++k) {
          if (person[k]) continue;
          uint32_t b = items[k].first, e = items[k].second;
          while (b < e && text::IsSpace(s[b])) ++b;
          while (e > b && text::IsSpace(s[e - 1])) --e;
          // A role after the name: 藤井 実（会長）.
          if (e > b && s[e - 1] == U')') {
            uint32_t o = e - 1;
            while (o > b && s[o] != U'(') --o;
            if (s[o] == U'(') e = o;
            while (e > b && text::IsSpace(s[e - 1])) --e;
          }
          uint32_t chars = 0, spaces = 0;
          bool namelike = e > b;
          for (uint32_t x = b; x < e && namelike; ++x) {
            if (name_chars(s[x])) ++chars;
            else if (s[x] == U' ' && ++spaces <= 1) continue;
            else namelike = false;
          }
          if (namelike && chars >= 2 && chars <= 6) add(b, e, 0.8, "person:list");
        }
      }
    }
    ls = le + 1;
  }

  // 4f. The addressee line of a letter: a line that is a name and a personal honorific and
  //     nothing else (窟原秀樹 様, with 菅 misread) — the whole name, not only the part the
  //     dictionaries know, unless it ends in a title (総務課長 様), holds a label or reads as words.
  for (uint32_t ls = 0; ls < s.size();) {
    uint32_t le = ls;
    while (le < s.size() && s[le] != U'\n') ++le;
    uint32_t b = ls, e = le;
    while (b < e && text::IsSpace(s[b])) ++b;
    while (e > b && text::IsSpace(s[e - 1])) --e;
    for (uint32_t h = b + 2; h < e; ++h) {
      bool personal = false;
      uint32_t name_end = h;
      while (name_end > b && s[name_end - 1] == U' ') --name_end;
      const uint32_t len = HonorificAt(s, name_end, &personal);
      if (len == 0) continue;
      uint32_t after = name_end + (text::IsSpace(s[name_end]) ? 1 : 0) + len;
      if (!personal || after != e || name_end - b < 2 || name_end - b > 9) break;
      uint32_t chars = 0, spaces = 0;
      bool namelike = true;
      for (uint32_t x = b; x < name_end && namelike; ++x) {
        if (name_chars(s[x])) ++chars;
        else namelike = s[x] == U' ' && ++spaces <= 1;
      }
      bool titled = false;
      for (uint32_t k = b; k < name_end && !titled; ++k)  // a title at its end, a label (申請者) in it
        titled = lex_.honorifics.LongestAt(s, k).length == name_end - k || lex_.labels.LongestAt(s, k).length > 0;
      if (namelike && chars >= 2 && !titled && NameLike(b, name_end)) add(b, name_end, 0.8, "person:addressee");
      break;
    }
    ls = le + 1;
  }

  // 4g. A person's age or school year in brackets after the name: 野口翔太（当時２年生）,
  //     山田 花子（8歳） — the name before it, from the last break (、 space, line start),
  //     also one OCR read without a character (野翔太) or that the dictionaries do not know.
  for (uint32_t p = 1; p + 3 < s.size(); ++p) {
    if (s[p] != U'(') continue;
    uint32_t q = p + 1;
    const bool then = s.compare(q, 2, U"当時") == 0;
    if (then) q += 2;
    const uint32_t digits = q;
    while (q < s.size() && q - digits < 3 && text::IsAsciiDigit(s[q])) ++q;
    if (q == digits) continue;
    uint32_t unit = 0;
    for (std::u32string_view u : {U"年生", U"歳", U"才"})
      if (s.compare(q, u.size(), u) == 0) unit = static_cast<uint32_t>(u.size());
    if (unit == 0) continue;
    // Closed by the bracket — which OCR may put on a line of its own (a speck above the line
    // read as it) — or opened by 当時, which says as much.
    uint32_t close = q + unit;
    while (close < s.size() && text::IsSpace(s[close])) ++close;
    if (!then && (close >= s.size() || s[close] != U')')) continue;
    uint32_t e = p;
    while (e > 0 && s[e - 1] == U' ') --e;
    uint32_t b = e, spaces = 0;
    while (b > 0 && e - b < 8) {
      const char32_t c = s[b - 1];
      if (IsHan(c) || IsKatakana(c) || IsHiragana(c)) --b;
      else if (c == U' ' && spaces == 0 && b - 1 > 0 && IsHan(s[b - 2])) --b, ++spaces;
      else break;
    }
    if (e - b < 2 || e - b > 7 || (b > 0 && !AtBoundary(s, b - 1) && s[b - 1] != U'、' && s[b - 1] != U'\n')) continue;
    if (!NameLike(b, e) || lex_.labels.LongestAt(s, b).length > 0) continue;
    add(b, e, 0.8, "person:age");
  }

  // 4x. A given name found before a personal honorific with a space and one to three kanji
  //     before it: those are its surname, whatever OCR made of them (渡辺 すず様 read 獲辺 すず様).
  for (std::size_t i = 0, n = found.size(); i < n; ++i) {
    const Candidate c = found[i];
    bool personal = false;
    if (c.score < 0.8 || c.begin < 2 || s[c.begin - 1] != U' ' || HonorificAt(s, c.end, &personal) == 0 || !personal)
      continue;
    // Only a given name found alone (no space in it: 木下 勇 is whole).
    if (std::u32string_view(s.data() + c.begin, c.end - c.begin).find(U' ') != std::u32string_view::npos) continue;
    uint32_t a = c.begin - 1;
    while (a > 0 && c.begin - 1 - a < 3 && IsHan(s[a - 1])) --a;
    if (a == c.begin - 1 || (a > 0 && IsHan(s[a - 1]))) continue;
    // Not what ends an address (1209号室 木下様).
    if (std::u32string_view(U"号室目地階棟番").find(s[c.begin - 2]) != std::u32string_view::npos) continue;
    if (lex_.labels.LongestAt(s, a).length > 0 || lex_.honorifics.LongestAt(s, a).length > 0) continue;
    add(a, c.end, c.score, "person:spaced_surname");
  }
  // 4y. The same with the surname glued on, one or two kanji after kana or punctuation: what
  //     OCR left of it (である野口秀樹氏は read である野秀樹氏は, 口 lost). Not a prefix
  //     (故, 同, 元 …), a kin noun, a title or a label.
  for (std::size_t i = 0, n = found.size(); i < n; ++i) {
    const Candidate c = found[i];
    bool personal = false;
    if (c.score < 0.8 || c.begin < 1 || !IsHan(s[c.begin - 1]) || HonorificAt(s, c.end, &personal) == 0 ||
        !personal)
      continue;
    if (std::u32string_view(s.data() + c.begin, c.end - c.begin).find(U' ') != std::u32string_view::npos) continue;
    uint32_t a = c.begin;
    while (a > 0 && c.begin - a < 3 && IsHan(s[a - 1])) --a;
    if (c.begin - a > 2 || (a > 0 && (IsHan(s[a - 1]) || IsKatakana(s[a - 1]) || text::IsAsciiDigit(s[a - 1])))) continue;
    const std::u32string_view head(s.data() + a, c.begin - a);
    if (head.size() == 1 && std::u32string_view(U"故同元前現新旧各本当貴両諸亡全").find(head[0]) != std::u32string_view::npos)
      continue;
    if (EndsWithKinNoun(head) || lex_.labels.LongestAt(s, a).length > 0 ||
        lex_.honorifics.LongestAt(s, a).length > 0)
      continue;
    add(a, c.end, c.score, "person:glued_surname");
  }

  // 5. Later mentions of a name found with confidence: 申請者 山田太郎 … 山田様は.
  std::vector<std::u32string> known;
  for (const Candidate& c : found) {
    if (c.score < 0.8) continue;
    known.push_back(s.substr(c.begin, c.end - c.begin));
    // Each part of a katakana name written with ・ or =: デビッド・シルバ … シルバは.
    std::u32string_view whole(s.data() + c.begin, c.end - c.begin);
    if (whole.find_first_of(U"・=") != std::u32string_view::npos) {
      std::size_t p0 = 0;
      while (p0 <= whole.size()) {
        std::size_t p1 = whole.find_first_of(U"・=", p0);
        if (p1 == std::u32string_view::npos) p1 = whole.size();
        if (p1 - p0 >= 3) known.emplace_back(whole.substr(p0, p1 - p0));
        p0 = p1 + 1;
      }
    }
    // A kanji name written with a space: the part before it is the surname (山日 陽藤 … 山日委員),
    // also when the dictionaries do not know it.
    if (std::size_t sp = whole.find(U' '); sp != std::u32string_view::npos && sp >= 2 &&
        whole.find(U' ', sp + 1) == std::u32string_view::npos &&
        AllOf(s, c.begin, c.begin + static_cast<uint32_t>(sp), IsHan))
      known.emplace_back(whole.substr(0, sp));
    // Its surname token, and each part of a katakana name.
    for (std::size_t k = 0; k < nt; ++k) {
      const Token& t = toks[k];
      if (t.begin < c.begin || t.end > c.end) continue;
      if ((kind[k] == TokenKind::kSurname || (AllOf(s, t.begin, t.end, IsKatakanaPart) && t.unknown)) &&
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

  // A hiragana given name MeCab cut short (ゆう|き様, read from a scan as ゆう き様): the
  // hiragana between a name ending in hiragana and a personal honorific are the name's; so
  // is one kana before a bracket or punctuation (内田 ゆうき（当時, き read as an auxiliary).
  for (Candidate& c : found) {
    if (c.end >= s.size() || !IsHiragana(s[c.end - 1])) continue;
    uint32_t q = c.end;
    if (SpaceGap(s, q, q + 1)) ++q;
    uint32_t r = q;
    while (r < s.size() && r - q < 3 && IsHiragana(s[r]) && HonorificAt(s, r, nullptr) == 0) ++r;
    bool personal = false;
    if (r > q && !IsParticleStart(s, q) && HonorificAt(s, r, &personal) > 0 && personal) {
      c.end = r;
    } else if (r == q + 1 && !IsParticleStart(s, q) &&
               std::u32string_view(U"のでやねよ").find(s[q]) == std::u32string_view::npos) {
      uint32_t t = r;
      while (t < s.size() && s[t] == U' ') ++t;
      if (t >= s.size() || std::u32string_view(U"\n()、。,.").find(s[t]) != std::u32string_view::npos) c.end = r;
    }
  }

  // A form's label, or a piece of one, is no name — also spaced out by OCR (フリ ガナ read as
  // two katakana words).
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&](const Candidate& c) {
                               for (uint32_t p = c.begin >= 8 ? c.begin - 8 : 0; p <= c.begin; ++p) {
                                 const uint32_t len = lex_.labels.LongestAt(s, p, /*spaced=*/true).length;
                                 if (len > 0 && p + len >= c.end) return true;
                               }
                               return false;
                             }),
              found.end());
  out->insert(out->end(), found.begin(), found.end());
}

}  // namespace redact::detect
