// Laying a line's OCR text over its ink (see align.hpp).
#include "ocr/align.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <string_view>

namespace redact::ocr {

double AdvanceWeight(char32_t c) {
  if (c < 0x80) {
    if (std::u32string_view(U".,:;!|'il-()/[]").find(c) != std::u32string_view::npos) return 0.35;
    if (std::u32string_view(U"mwMW@").find(c) != std::u32string_view::npos) return 0.8;
    return 0.55;
  }
  if (c < 0x1100) return 0.55;                 // other Latin, Greek, Cyrillic
  if (c >= 0xFF61 && c <= 0xFFDC) return 0.5;  // half-width katakana
  // Ideographic comma and full stop, middle dot, brackets: a full em of advance but ink in
  // one corner or half of it, and the line's ink projection is what they are laid over.
  if (std::u32string_view(U"、。・「」『』（）〔〕【】“”").find(c) != std::u32string_view::npos) return 0.5;
  return 1.0;
}

namespace {

// Cuts a line's ink into one span per character. Tesseract's LSTM word and symbol boxes are
// unreliable for Japanese (a word box running over its neighbours, a 3-px symbol), but the
// text and its order are good: the characters are laid over the ink projection by dynamic
// programming. Candidate cuts are the gaps between ink runs (free) and the thinnest columns
// of runs long enough to hold touching characters (dear); a character's cost is how far its
// span is from its expected advance, and spaces wider than a quarter em are kept out of
// characters. `across` is the line's ink thickness, which sets the em.
// OCR text and ink do not always match one to one: a speck in a wide gap between two cells
// of a form is ink no character owns, and a mark read from nothing (a low-confidence 。 or “)
// owns no ink. Both are allowed at a price — a small run of ink left out costs by its width,
// a character left without ink costs by its confidence (0-100) — so that neither shifts
// every character after it onto its neighbour's ink.
// Glyphs of one em are alike to the projection, so a line of them can be laid over its ink one
// glyph off at little cost (付 split in two, 石 over で … until an extra character is absorbed).
// Tesseract's word boxes in horizontal lines, unreliable at their ends, mostly start near
// their first glyph: `word_start` (per character, set on a word's first) pulls it within
// 0.4 em of that start, at a price that grows with the distance and stops growing at two ems.
// (jpn_vert's boxes down a column are not as good: there, none.)
std::vector<Span> AlignCharacters(const std::vector<int>& profile, const std::vector<double>& weight,
                                  const std::vector<double>& confidence,
                                  const std::vector<std::optional<int>>& word_start, int across) {
  const int len = static_cast<int>(profile.size());
  const int n = static_cast<int>(weight.size());
  std::vector<Span> spans;
  if (n == 0 || len == 0) return spans;
  if (n == 1) return {{0, len}};

  struct Cut {
    int end;    // where the character before it ends
    int start;  // where the character after it starts
    double cost;
  };
  std::vector<Cut> cuts;
  cuts.push_back({0, 0, 0});
  double total_weight = 0;
  for (double w : weight) total_weight += w;
  const double em_thick = std::max(4.0, across / 0.88);
  double gap_excess = 0;
  for (int k = 0; k < len;) {
    if (profile[k] != 0) {
      int r1 = k;
      while (r1 < len && profile[r1] != 0) ++r1;
      // Runs that may hold touching characters: their thinnest columns are candidate cuts.
      if (r1 - k > 0.6 * em_thick) {
        for (int c = k + 2; c < r1 - 2; ++c) {
          if (profile[c] <= profile[c - 1] && profile[c] < profile[c + 1] &&
              profile[c] <= profile[c - 2] && profile[c] <= profile[c + 2])
            cuts.push_back({c, c, 1.0 + 3.0 * profile[c] / std::max(1, across)});
        }
      }
      k = r1;
    } else {
      int g1 = k;
      while (g1 < len && profile[g1] == 0) ++g1;
      cuts.push_back({k, g1, 0});
      if (g1 - k > 0.3 * em_thick) gap_excess += (g1 - k) - 0.15 * em_thick;
      k = g1;
    }
  }
  cuts.push_back({len, len, 0});
  const int last = static_cast<int>(cuts.size()) - 1;
  // Fewer places to cut than characters, or a "line" of thousands (a photo read as text):
  // shares of the line by advance.
  auto proportional = [&] {
    std::vector<Span> shares;
    double cum = 0;
    for (int i = 0; i < n; ++i) {
      const int lo = static_cast<int>(len * cum / total_weight);
      cum += weight[i];
      shares.push_back({lo, std::max(static_cast<int>(len * cum / total_weight), lo + 1)});
    }
    return shares;
  };
  if (last < n || static_cast<double>(n + 1) * (last + 1) > 4e6) return proportional();
  // The em from the text's own length, held near what the line's thickness says.
  const double em = std::clamp((len - gap_excess) / total_weight, 0.75 * em_thick, 1.35 * em_thick);
  const double cap = 0.3 * em;  // at most this much of a gap counts towards a character
  auto half_gap = [&](int k) {
    if (k == 0 || k == last) return 0.06 * em;  // outer side bearing
    return std::min<double>(cuts[k].start - cuts[k].end, cap) / 2;
  };

  constexpr double kInf = 1e300;
  const int m = last + 1;
  // kind: how best[i][k] was reached — 0: character i-1 spans cuts j..k; 1: character i-1
  // has no ink (placed at cut k); 2: the ink between cuts j..k is nobody's.
  std::vector<double> best(static_cast<size_t>(n + 1) * m, kInf);
  std::vector<int> from(static_cast<size_t>(n + 1) * m, -1);
  std::vector<signed char> kind(static_cast<size_t>(n + 1) * m, -1);
  best[0] = 0;
  auto at = [m](int i, int k) { return static_cast<size_t>(i) * m + k; };
  auto relax = [&](int i, int k, double cost, int j, int how) {
    if (cost < best[at(i, k)]) best[at(i, k)] = cost, from[at(i, k)] = j, kind[at(i, k)] = how;
  };
  for (int i = 0; i <= n; ++i) {
    for (int k = 0; k <= last; ++k) {
      if (i > 0) {
        const double advance = weight[i - 1] * em;
        const double reach = 3 * advance + em;
        double inner_gap = 0;  // the widest gap inside the character's span so far
        for (int j = k - 1; j >= 0; --j) {
          const double width = cuts[k].end - cuts[j].start;
          if (width > reach) break;
          if (j < k - 1) inner_gap = std::max<double>(inner_gap, cuts[j + 1].start - cuts[j + 1].end);
          const double prev = best[at(i - 1, j)];
          if (prev >= kInf || width <= 0) continue;
          const double eff = width + half_gap(j) + half_gap(k);
          const double d = (eff - advance) / em;
          double cost = prev + 10 * d * d + cuts[k].cost;
          if (word_start[i - 1]) {
            const double off = std::abs(cuts[j].start - *word_start[i - 1]) / em;
            const double excess = std::clamp(off - 0.4, 0.0, 1.5);
            cost += 3 * excess * excess;
          }
          if (inner_gap > 0.25 * em) cost += 10 * (inner_gap / em) * (inner_gap / em);
          relax(i, k, cost, j, 0);
        }
        // Only what OCR itself doubted may own no ink.
        if (confidence[i - 1] < 60 && best[at(i - 1, k)] < kInf)
          relax(i, k, best[at(i - 1, k)] + 2 + 6 * std::max(0.0, confidence[i - 1]) / 100, k, 1);
      }
      // A speck: one run of ink (between two free cuts) under half an em, owned by no one.
      if (k > 0 && cuts[k - 1].cost == 0 && cuts[k].cost == 0) {
        const double width = cuts[k].end - cuts[k - 1].start;
        if (width > 0 && width < 0.5 * em && best[at(i, k - 1)] < kInf)
          relax(i, k, best[at(i, k - 1)] + 3 + 30 * width / em, k - 1, 2);
      }
    }
  }
  if (best[at(n, last)] >= kInf) return proportional();  // runs too long
  spans.resize(n);
  for (int i = n, k = last; i > 0 || k > 0;) {
    const int j = from[at(i, k)];
    const int how = kind[at(i, k)];
    if (how == 0) {
      spans[i - 1] = {cuts[j].start, std::max(cuts[k].end, cuts[j].start + 1)};
      --i;
      k = j;
    } else if (how == 1) {
      const int x = std::min(cuts[k].start, len - 1);
      spans[i - 1] = {x, x + 1};
      --i;
    } else if (how == 2) {
      k = j;
    } else {
      return proportional();  // unreachable: best[n][last] was finite
    }
  }
  return spans;
}

// Which part of a line, between walls, each word was read in (by its own box: at least 70% of
// it on one side of every wall), or nothing when a word straddles a wall or the words do not
// go through the parts in reading order.
std::optional<std::vector<int>> WordsInParts(const std::vector<LineWord>& words, const std::vector<int>& walls) {
  std::vector<int> part(words.size());
  const int nw = static_cast<int>(walls.size());
  for (size_t wi = 0; wi < words.size(); ++wi) {
    const LineWord& w = words[wi];
    const int width = std::max(1, w.hi - w.lo);
    int best = 0;
    double best_share = 0;
    for (int q = 0; q <= nw; ++q) {
      const int lo = q == 0 ? INT_MIN : walls[q - 1], hi = q == nw ? INT_MAX : walls[q];
      const double share = static_cast<double>(std::max(0, std::min(hi, w.hi) - std::max(lo, w.lo))) / width;
      if (share > best_share) best_share = share, best = q;
    }
    if (best_share < 0.7) return std::nullopt;
    if (wi > 0 && best < part[wi - 1]) return std::nullopt;
    part[wi] = best;
  }
  return part;
}

}  // namespace

int LineThickness(const std::vector<int>& rows, bool in_cells) {
  const int all = static_cast<int>(rows.size());
  const int most = rows.empty() ? 0 : *std::max_element(rows.begin(), rows.end());
  const int faint = std::max(2, most / 25);
  int a = 0, b = all;
  while (a < b && rows[a] < faint) ++a;
  while (b > a && rows[b - 1] < faint) --b;
  if (in_cells) {
    // Peel thin bands off either end while they stand apart from the rest.
    for (bool again = true; again && b > a;) {
      again = false;
      const int thin = std::max(3, (b - a) / 30);
      int e = a;  // the band at the top: [a, e), then blank rows to f
      while (e < b && rows[e] >= faint) ++e;
      int f = e;
      while (f < b && rows[f] < faint) ++f;
      if (e - a <= thin && f - e >= 3 * (e - a) && f < b) a = f, again = true;
      int s = b;  // the band at the bottom: [s, b), blank rows from r
      while (s > a && rows[s - 1] >= faint) --s;
      int r = s;
      while (r > a && rows[r - 1] < faint) --r;
      if (b - s <= thin && s - r >= 3 * (b - s) && r > a) b = r, again = true;
    }
  }
  if (b - a >= all / 2 || (in_cells && b - a >= all / 5)) return std::max(1, b - a);
  return all;
}

std::vector<Span> LayLineOverInk(const std::vector<int>& profile, const std::vector<LineWord>& words,
                                 const std::vector<int>& cell_walls, int across, bool vertical) {
  // Specks the line's box took in beyond its words: ink before the first word's own box or
  // after the last one's, a third of an em or more away from it and under half an em wide in
  // all, is nobody's. Laid over, a speck after 〒974-1664 drew the last digit onto it and every
  // digit one glyph along (the 4 over the 4 and the dash), so the last digit was not burnt.
  if (!vertical && !words.empty()) {
    const int len = static_cast<int>(profile.size());
    const double em = std::max(4.0, across / 0.88);
    int lo = 0, hi = len;
    auto ink_from = [&](int a, int b) {  // first and last column of ink in [a, b), or {b, a}
      int f = a, l = b;
      while (f < b && profile[f] == 0) ++f;
      while (l > f && profile[l - 1] == 0) --l;
      return std::pair<int, int>{f, l};
    };
    const int after = words.back().hi + static_cast<int>(std::ceil(em / 3));
    if (after > 0 && after < len) {
      auto [f, l] = ink_from(after, len);
      if (f < l && l - f < 0.5 * em) {
        hi = after;
        while (hi > 0 && profile[hi - 1] == 0) --hi;
      }
    }
    // Specks OCR took into the last word's own box (〒 118-0159 with two fax specks seven and
    // fourteen ems on: the word's box reached them, and its 5 and 9 were laid there): at the
    // end, ink of a speck's mass (em²/40 at most, under half an em wide), an em or more from
    // the word's other ink.
    for (;;) {
      int l = hi;
      while (l > lo && profile[l - 1] == 0) --l;
      int f = l;
      long mass = 0;
      for (int zeros = 0; f > lo && zeros < em / 4;) {
        if (profile[f - 1] > 0) {
          zeros = 0;
          mass += profile[f - 1];
        } else {
          ++zeros;
        }
        --f;
      }
      while (f < l && profile[f] == 0) ++f;
      int g = f;
      while (g > lo && profile[g - 1] == 0) --g;
      if (l <= f || g <= words.back().lo || f - g < em || l - f >= 0.5 * em || mass * 40 > em * em) break;
      hi = g;
    }
    const int before = words.front().lo - static_cast<int>(std::ceil(em / 3));
    if (before > 0 && before < len) {
      auto [f, l] = ink_from(0, before);
      if (f < l && l - f < 0.5 * em) {
        lo = before;
        while (lo < hi && profile[lo] == 0) ++lo;
      }
    }
    if ((lo > 0 || hi < len) && lo < hi) {
      std::vector<LineWord> shifted = words;
      for (LineWord& w : shifted) w.lo -= lo, w.hi = std::min(w.hi, hi) - lo;
      std::vector<int> walls;
      for (int x : cell_walls)
        if (x > lo && x < hi) walls.push_back(x - lo);
      std::vector<Span> spans = LayLineOverInk(std::vector<int>(profile.begin() + lo, profile.begin() + hi),
                                               shifted, walls, across, vertical);
      for (Span& sp : spans) sp.lo += lo, sp.hi += lo;
      return spans;
    }
  }
  std::vector<double> weight, confidence;
  std::vector<std::optional<int>> word_start;
  std::vector<int> word_of;
  for (size_t wi = 0; wi < words.size(); ++wi) {
    for (size_t c = 0; c < words[wi].text.size(); ++c) {
      weight.push_back(AdvanceWeight(words[wi].text[c]));
      confidence.push_back(words[wi].confidence);
      word_start.push_back(!vertical && c == 0 ? std::optional<int>(words[wi].lo) : std::nullopt);
      word_of.push_back(static_cast<int>(wi));
    }
  }
  // A line across a form's row is laid over its ink one cell at a time: OCR that read a label
  // of four kanji as one character must not push the row's value into the label's cell (a
  // hand-written phone number laid over 番号 was burnt where it was not). Likewise across a
  // space of two ems or more between two words' own boxes: the specks in it are nobody's, and
  // the end of a word of narrow hand-written digits is not stretched over them (there, a part
  // ends and the next starts one em from the words' boxes), and around a doubted word much
  // wider than its text. Each word belongs to the part its own box is in, and ink in a part without words is nobody's (a label's line whose box OCR
  // ran on over the top of the address written next to it). Down a column, jpn_vert's boxes are not good enough for this.
  std::optional<std::vector<int>> part_of;
  std::vector<Span> sides;  // per wall: where the part before it ends, and the next starts
  if (!vertical) {
    for (int x : cell_walls) sides.push_back({x, x});
    const int em = static_cast<int>(std::max(4.0, across / 0.88));
    for (size_t wi = 1; wi < words.size(); ++wi) {
      const int a = words[wi - 1].hi, b = words[wi].lo;
      if (b - a >= 2 * em) sides.push_back({a + em, b - em});
    }
    // A doubted word whose own box is wider than its text by an em and a half or more is what
    // OCR made of several characters it could not read (申請者署名 read as one の): it keeps
    // to its box, and the words after it to theirs.
    for (size_t wi = 0; wi < words.size(); ++wi) {
      const LineWord& w = words[wi];
      if (w.confidence >= 50) continue;
      double advance = 0;
      for (char32_t c : w.text) advance += AdvanceWeight(c) * em;
      if (w.hi - w.lo - advance < 1.5 * em) continue;
      if (wi > 0 && words[wi - 1].hi <= w.lo) sides.push_back({w.lo, w.lo});
      if (wi + 1 < words.size() && words[wi + 1].lo >= w.hi) sides.push_back({w.hi, w.hi});
    }
    std::sort(sides.begin(), sides.end(), [](const Span& x, const Span& y) { return x.lo < y.lo; });
    std::vector<int> walls;
    for (const Span& w : sides) walls.push_back((w.lo + w.hi) / 2);
    if (!walls.empty()) part_of = WordsInParts(words, walls);
  }
  if (!part_of || part_of->empty())
    return AlignCharacters(profile, weight, confidence, word_start, across);

  const int len = static_cast<int>(profile.size());
  std::vector<Span> spans;
  for (size_t k0 = 0; k0 < weight.size();) {
    const int p = (*part_of)[word_of[k0]];
    size_t k1 = k0;
    while (k1 < weight.size() && (*part_of)[word_of[k1]] == p) ++k1;
    int lo = p > 0 ? std::clamp(sides[p - 1].hi, 0, len) : 0;
    int hi = p < static_cast<int>(sides.size()) ? std::clamp(sides[p].lo, lo, len) : len;
    while (lo < hi && profile[lo] == 0) ++lo;  // the part's ink
    while (hi > lo && profile[hi - 1] == 0) --hi;
    if (lo == hi) {  // no ink: the part as it is
      lo = p > 0 ? std::clamp(sides[p - 1].hi, 0, len) : 0;
      hi = std::max(lo + 1, p < static_cast<int>(sides.size()) ? std::clamp(sides[p].lo, lo, len) : len);
    }
    std::vector<std::optional<int>> starts(word_start.begin() + k0, word_start.begin() + k1);
    for (auto& st : starts)
      if (st) *st -= lo;
    const std::vector<int> sub_profile(profile.begin() + lo, profile.begin() + std::min(hi, len));
    if (sub_profile.empty()) {  // past the line's end: every character at its edge
      const int x = std::max(0, std::min(lo, len - 1));
      spans.insert(spans.end(), k1 - k0, Span{x, x + 1});
      k0 = k1;
      continue;
    }
    for (const Span& sp : AlignCharacters(sub_profile, std::vector<double>(weight.begin() + k0, weight.begin() + k1),
                                          std::vector<double>(confidence.begin() + k0, confidence.begin() + k1),
                                          starts, across))
      spans.push_back({sp.lo + lo, sp.hi + lo});
    k0 = k1;
  }
  return spans;
}

}  // namespace redact::ocr
