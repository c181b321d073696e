// OCR results in the page model, label → value regions of ruled forms, and the geometry
// between image pixels and page space. See scan.hpp.
#include "pipeline/scan.hpp"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <optional>

#include "detect/person.hpp"
#include "text/normalize.hpp"

namespace redact::pipeline {

const ocr::OcrPage* OcrMemo::Find(const std::string& key) const {
  auto it = pages_.find(key);
  return it == pages_.end() ? nullptr : &it->second;
}

void OcrMemo::Put(const std::string& key, ocr::OcrPage page) { pages_[key] = std::move(page); }

std::string ImageKey(std::string_view stored_bytes) {
  // Content identity for the memo only (not a security boundary): size + two hashes.
  std::size_t h1 = std::hash<std::string_view>{}(stored_bytes);
  std::size_t h2 = 1469598103934665603ull;
  for (unsigned char c : stored_bytes) h2 = (h2 ^ c) * 1099511628211ull;
  return std::to_string(stored_bytes.size()) + ":" + std::to_string(h1) + ":" + std::to_string(h2);
}

pdf::Box PixelToUser(const ScannedImage& img, const image::PixelBox& b) {
  double xs[4], ys[4];
  const double px[4] = {double(b.x0), double(b.x1), double(b.x1), double(b.x0)};
  const double py[4] = {double(b.y0), double(b.y0), double(b.y1), double(b.y1)};
  for (int k = 0; k < 4; ++k) img.pixel_to_user.Apply(px[k], py[k], &xs[k], &ys[k]);
  return {*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
          *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
}

image::PixelBox UserToPixel(const ScannedImage& img, const pdf::Box& b) {
  const pdf::Matrix& m = img.pixel_to_user;
  double det = m.a * m.d - m.b * m.c;
  if (std::fabs(det) < 1e-12) return {};
  // Inverse of the affine map.
  pdf::Matrix inv{m.d / det, -m.b / det, -m.c / det, m.a / det,
                  (m.c * m.f - m.d * m.e) / det, (m.b * m.e - m.a * m.f) / det};
  double xs[4], ys[4];
  const double ux[4] = {b.x0, b.x1, b.x1, b.x0};
  const double uy[4] = {b.y0, b.y0, b.y1, b.y1};
  for (int k = 0; k < 4; ++k) inv.Apply(ux[k], uy[k], &xs[k], &ys[k]);
  image::PixelBox p{static_cast<int>(std::floor(*std::min_element(xs, xs + 4))),
                    static_cast<int>(std::floor(*std::min_element(ys, ys + 4))),
                    static_cast<int>(std::ceil(*std::max_element(xs, xs + 4))),
                    static_cast<int>(std::ceil(*std::max_element(ys, ys + 4)))};
  p.x0 = std::clamp(p.x0, 0, img.width);
  p.x1 = std::clamp(p.x1, 0, img.width);
  p.y0 = std::clamp(p.y0, 0, img.height);
  p.y1 = std::clamp(p.y1, 0, img.height);
  return p;
}

namespace {

// The smallest ruled cell containing a pixel, or -1.
int CellAt(const ocr::OcrPage& page, int x, int y) {
  int best = -1;
  long best_area = 0;
  for (std::size_t i = 0; i < page.cells.size(); ++i) {
    const image::PixelBox& c = page.cells[i].box;
    if (x < c.x0 || x >= c.x1 || y < c.y0 || y >= c.y1) continue;
    long area = static_cast<long>(c.x1 - c.x0) * (c.y1 - c.y0);
    if (best < 0 || area < best_area) best = static_cast<int>(i), best_area = area;
  }
  return best;
}

}  // namespace

void BurnUnder(const pdf::Box& area, double pad, std::vector<ScannedImage>* scans) {
  pdf::Box b = area;
  b.x0 -= pad, b.y0 -= pad, b.x1 += pad, b.y1 += pad;
  for (ScannedImage& si : *scans) {
    const image::PixelBox px = UserToPixel(si, b);  // clipped to the image
    if (px.x0 < px.x1 && px.y0 < px.y1) si.burn.push_back(px);
  }
}

std::vector<image::PixelBox> WithinSlantedCell(const ocr::OcrPage& page, const image::PixelBox& region) {
  const double a = std::fabs(page.skew_degrees) * M_PI / 180.0;
  const image::PixelBox* cell = nullptr;
  auto area = [](const image::PixelBox& b) { return static_cast<long>(b.x1 - b.x0) * (b.y1 - b.y0); };
  for (const ocr::Cell& c : page.cells) {
    const image::PixelBox& b = c.box;
    if (region.x0 >= b.x0 && region.y0 >= b.y0 && region.x1 <= b.x1 && region.y1 <= b.y1 &&
        (!cell || area(b) < area(*cell)))
      cell = &b;
  }
  if (!cell || a < 0.2 * M_PI / 180.0 || region.x1 <= region.x0 || region.y1 <= region.y0) return {region};
  const image::PixelBox& b = *cell;
  // The slanted rectangle W x H whose bounding box b is, and its corners, in a frame where the
  // text rises to the right (mirrored when it falls): the top-left corner is the leftmost,
  // the top-right the highest, the bottom-right the rightmost, the bottom-left the lowest.
  const double bw = b.x1 - b.x0, bh = b.y1 - b.y0, sn = std::sin(a), cs = std::cos(a), c2 = std::cos(2 * a);
  const double w = (bw * cs - bh * sn) / c2, h = (bh * cs - bw * sn) / c2;
  if (w <= 0 || h <= 0) return {region};
  const double tl_y = b.y0 + w * sn, tr_x = b.x0 + w * cs, br_y = b.y0 + h * cs, bl_x = b.x0 + h * sn;
  auto top = [&](double x) {
    return x <= tr_x ? tl_y + (b.y0 - tl_y) * (x - b.x0) / (tr_x - b.x0) : b.y0 + (br_y - b.y0) * (x - tr_x) / (b.x1 - tr_x);
  };
  auto bottom = [&](double x) {
    return x <= bl_x ? tl_y + (b.y1 - tl_y) * (x - b.x0) / (bl_x - b.x0) : b.y1 + (br_y - b.y1) * (x - bl_x) / (b.x1 - bl_x);
  };
  const bool rising = page.skew_degrees > 0;
  auto frame_x = [&](double x) { return rising ? x : b.x0 + b.x1 - x; };
  const int inset_top = std::max(0, region.y0 - b.y0), inset_bottom = std::max(0, b.y1 - region.y1);
  const int n = std::clamp(static_cast<int>(std::ceil((region.x1 - region.x0) * std::tan(a) / 3.0)), 1, 32);
  std::vector<image::PixelBox> strips;
  for (int i = 0; i < n; ++i) {
    const int sx0 = region.x0 + (region.x1 - region.x0) * i / n;
    const int sx1 = region.x0 + (region.x1 - region.x0) * (i + 1) / n;
    double f0 = frame_x(sx0), f1 = frame_x(sx1);
    if (f0 > f1) std::swap(f0, f1);
    double y_min = std::min(top(f0), top(f1)), y_max = std::max(bottom(f0), bottom(f1));
    if (tr_x > f0 && tr_x < f1) y_min = b.y0;
    if (bl_x > f0 && bl_x < f1) y_max = b.y1;
    const int y0 = std::max(region.y0, static_cast<int>(std::floor(y_min)) + inset_top);
    const int y1 = std::min(region.y1, static_cast<int>(std::ceil(y_max)) - inset_bottom);
    if (sx1 > sx0 && y1 > y0) strips.push_back({sx0, y0, sx1, y1});
  }
  return strips.empty() ? std::vector<image::PixelBox>{region} : strips;
}

std::vector<std::pair<int, image::PixelBox>> FilledCells(const std::vector<pdf::PlacedGlyph>& glyphs,
                                                         Category category, const std::vector<int>& finding,
                                                         const std::vector<const ocr::OcrPage*>& ocr) {
  auto counts = [](const pdf::PlacedGlyph& g) {
    return g.image >= 0 && g.cell >= 0 && g.text != U"■" && !g.text.empty() && !text::IsSpace(g.text[0]);
  };
  std::map<std::pair<int, int>, int> in_finding;
  for (int i : finding)
    if (counts(glyphs[i])) ++in_finding[{glyphs[i].image, glyphs[i].cell}];
  // A postal code after 〒: the address is written after it, in the same cell.
  const bool after_mark = category == Category::kPostalCode && !finding.empty() &&
                          ((finding.front() > 0 && glyphs[finding.front() - 1].text == U"〒") ||
                           glyphs[finding.front()].text == U"〒");
  // … or when the rest of its cell holds a block number's word after a numeral (20番12): the
  // address, however OCR read its place names.
  std::map<std::pair<int, int>, bool> block_word;
  if (after_mark)
    for (int i = 1; i < static_cast<int>(glyphs.size()); ++i) {
      const pdf::PlacedGlyph& g = glyphs[i];
      if (counts(g) && counts(glyphs[i - 1]) && (g.text == U"番" || g.text == U"号" || g.text == U"丁") &&
          !glyphs[i - 1].text.empty() && text::IsAsciiDigit(glyphs[i - 1].text.back()) &&
          std::find(finding.begin(), finding.end(), i - 1) == finding.end())
        block_word[{g.image, g.cell}] = true;
    }
  std::vector<std::pair<int, image::PixelBox>> out;
  for (const auto& [key, n] : in_finding) {
    int total = 0, doubted = 0;
    for (int i = 0; i < static_cast<int>(glyphs.size()); ++i) {
      const pdf::PlacedGlyph& g = glyphs[i];
      if (!counts(g) || g.image != key.first || g.cell != key.second) continue;
      ++total;
      if (std::find(finding.begin(), finding.end(), i) == finding.end() && g.text != U"〒" && OcrDoubted(g, ocr)) ++doubted;
    }
    // Filled by the finding; or an address OCR could not read after a postal code (most of
    // the rest of the cell doubted).
    const int rest = total - n - (after_mark ? 1 : 0);
    if (2 * n < total && !(after_mark && rest > 0 && (2 * doubted >= rest || block_word[key]))) continue;
    if (key.first >= static_cast<int>(ocr.size())) continue;
    const auto& cells = ocr[key.first]->cells;
    if (key.second >= static_cast<int>(cells.size())) continue;
    image::PixelBox v = cells[key.second].box;
    int inset = std::max(2, std::min(v.x1 - v.x0, v.y1 - v.y0) / 40);
    v.x0 += inset, v.y0 += inset, v.x1 -= inset, v.y1 -= inset;
    if (v.x1 > v.x0 && v.y1 > v.y0)
      for (const image::PixelBox& part : WithinSlantedCell(*ocr[key.first], v)) out.emplace_back(key.first, part);
  }
  return out;
}

image::PixelBox BurnBoxOf(const pdf::PlacedGlyph& g) {
  int pad = std::max(2, (g.py1 - g.py0) / 4);
  return {g.px0 - pad, g.py0 - pad, g.px1 + pad, g.py1 + pad};
}

std::vector<std::pair<int, image::PixelBox>> ValueEnds(const std::vector<pdf::PlacedGlyph>& all,
                                                       Category cat, const std::vector<int>& glyphs,
                                                       const std::vector<const ocr::OcrPage*>& ocr) {
  std::vector<std::pair<int, image::PixelBox>> out;
  if ((cat != Category::kPerson && cat != Category::kAddress) || glyphs.empty()) return out;
  int inkless = 0;
  for (int k : glyphs) {
    const pdf::PlacedGlyph& g = all[k];
    // Only what OCR doubted is laid on no ink (a narrow kana read with confidence is ink).
    if (g.text.size() != 1 || !OcrDoubted(g, ocr)) continue;
    const char32_t c = g.text[0];
    const double along = g.vertical ? g.box.height() : g.box.width();  // user space, as `size`
    if ((text::IsHan(c) || text::IsHiragana(c) || text::IsKatakana(c)) && along < 0.45 * g.size) ++inkless;
  }
  for (const bool first : {true, false}) {
    const pdf::PlacedGlyph& g = all[first ? glyphs.front() : glyphs.back()];
    if (g.image < 0) continue;
    image::PixelBox b = BurnBoxOf(g);
    const int em = g.vertical ? g.px1 - g.px0 : g.py1 - g.py0;
    // The line's em in pixels: its height in user space (`size`) at this glyph's pixel scale.
    const double user = g.vertical ? g.box.height() : g.box.width();
    const double line_em = user > 0 ? g.size * (g.vertical ? g.py1 - g.py0 : g.px1 - g.px0) / user : em;
    const int reach = em * 2 / 5 + static_cast<int>(std::min(inkless, 3) * line_em);
    int& edge = g.vertical ? (first ? b.y0 : b.y1) : (first ? b.x0 : b.x1);
    edge += first ? -reach : reach;
    // Up to the 様 (殿, 氏) that follows a person's name, within four ems: what lies between is
    // the name's, read or not (宮崎 碧 様 with 碧 read as nothing).
    if (!first && cat == Category::kPerson && glyphs.back() + 1 < static_cast<int>(all.size())) {
      const pdf::PlacedGlyph& h = all[glyphs.back() + 1];
      const int start = g.vertical ? h.py0 : h.px0;
      if ((h.text == U"様" || h.text == U"殿" || h.text == U"氏") && h.image == g.image && h.vertical == g.vertical &&
          start > edge && start - edge <= 4 * line_em)
        edge = start - 1;
    }
    out.emplace_back(g.image, b);
  }
  return out;
}

bool OcrDoubted(const pdf::PlacedGlyph& g, const std::vector<const ocr::OcrPage*>& ocr) {
  if (g.image < 0 || g.word < 0 || g.image >= static_cast<int>(ocr.size()) || ocr[g.image] == nullptr) return false;
  const auto& words = ocr[g.image]->words;
  return g.word < static_cast<int>(words.size()) && words[g.word].confidence < 50;
}

std::vector<int> WithMisreadNeighbours(const std::vector<pdf::PlacedGlyph>& glyphs, Category category,
                                       const std::vector<int>& finding,
                                       const std::vector<const ocr::OcrPage*>& ocr, const LabelMatcher& labels) {
  if (finding.empty()) return finding;
  auto one = [](const pdf::PlacedGlyph& g, std::u32string_view set) {
    return g.text.size() == 1 && set.find(g.text[0]) != std::u32string_view::npos;
  };
  auto doubted = [&](const pdf::PlacedGlyph& g) { return OcrDoubted(g, ocr); };
  constexpr std::u32string_view kNumerals = U"〇一二三四五六七八九十百千0123456789０１２３４５６７８９";
  // What may continue the finding: digits and dashes a number's OCR misread; kanji of a name
  // that OCR doubted (准原大輔 for 菅原大輔); after an address's number, numerals, dashes and
  // what OCR doubted (二丁目三二亡|三十 for 二丁目三十七ー三十).
  std::function<bool(const pdf::PlacedGlyph&)> misread;
  std::function<bool(const pdf::PlacedGlyph&)> edge = [](const pdf::PlacedGlyph&) { return true; };
  bool before = true;
  int most = 4;
  switch (category) {
    case Category::kPhone: case Category::kPostalCode: case Category::kMyNumber:
    case Category::kCorporateNumber: case Category::kBankAccount: case Category::kDriversLicense:
    case Category::kPensionNumber: case Category::kInsuranceNumber:
      // A 1 read as a bracket (080-] 624-9898): a whole area code and its dash may lie before.
      misread = [&](const pdf::PlacedGlyph& g) { return one(g, U"0123456789-ー一―‐−~〜lIO|oBSZ[]"); };
      most = 6;
      break;
    case Category::kPerson:
      // Not what stands next to names on a form or in a letter: a label (申請者署名), kin
      // (母), a municipality's suffix (東雲市). A name's edge is one of its kanji.
      misread = [&](const pdf::PlacedGlyph& g) {
        return g.text.size() == 1 && text::IsHan(g.text[0]) && !labels.InPiiLabel(g.text[0]) &&
               !one(g, U"母父妻夫娘兄姉弟妹孫都道府県市区町村") && doubted(g);
      };
      edge = [](const pdf::PlacedGlyph& g) { return g.text.size() == 1 && text::IsHan(g.text[0]); };
      most = 2;
      break;
    case Category::kAddress:
      // Katakana read for numerals (ニ ハ ナ for 二 八 十) count as numerals here.
      // A stroke of a vertical 一 or ー may be read as a bracket ([ニー十九 for 一ー二ー十九).
      misread = [&](const pdf::PlacedGlyph& g) {
        return one(g, kNumerals) || one(g, U"ニハナ") || one(g, U"-ー－―‐−|[]") || one(g, U"丁目番地号") ||
               (g.text.size() == 1 && text::IsHan(g.text[0]) && !labels.InPiiLabel(g.text[0]) && doubted(g));
      };
      edge = [&](const pdf::PlacedGlyph& g) { return one(g, kNumerals) || one(g, U"ニハナ") || one(g, U"目番地号"); };
      before = false;
      most = 6;
      break;
    default:
      return finding;
  }
  // Next to `from` on its line (or down its column), in the same image and cell, within an em.
  auto continues = [&](const pdf::PlacedGlyph& from, const pdf::PlacedGlyph& g) {
    if (g.image < 0 || g.image != from.image || g.cell != from.cell || g.vertical != from.vertical) return false;
    double em = std::max(from.size, g.size);
    double across = g.vertical ? (g.box.x0 + g.box.x1 - from.box.x0 - from.box.x1) / 2
                               : (g.box.y0 + g.box.y1 - from.box.y0 - from.box.y1) / 2;
    double gap = g.vertical ? std::max(g.box.y0 - from.box.y1, from.box.y0 - g.box.y1)
                            : std::max(g.box.x0 - from.box.x1, from.box.x0 - g.box.x1);
    return std::fabs(across) < 0.5 * em && gap < em;
  };
  std::vector<int> out = finding;
  const int n = static_cast<int>(glyphs.size());
  // An address that ends in its district's name (大字大原) goes on over a lot number OCR
  // garbled when one follows: two or more such glyphs, a numeral among them.
  auto number_follows = [&] {
    if (category != Category::kAddress) return false;
    int count = 0;
    bool numeral = false;
    for (int k = finding.back() + 1, from = finding.back(); k < n && count < most; from = k++, ++count) {
      if (!misread(glyphs[k]) || !continues(glyphs[from], glyphs[k])) break;
      numeral |= one(glyphs[k], kNumerals) || one(glyphs[k], U"ニハナ");
    }
    return count >= 2 && numeral;
  };
  // Inside a block number, one kanji between two numerals is a stroke misread too, however
  // confident (二十和八 down a column for 二十八).
  auto sandwiched = [&](int k) {
    return category == Category::kAddress && k + 1 < n && one(glyphs[out.back()], kNumerals) &&
           glyphs[k].text.size() == 1 && text::IsHan(glyphs[k].text[0]) && one(glyphs[k + 1], kNumerals) &&
           continues(glyphs[k], glyphs[k + 1]);
  };
  if (edge(glyphs[finding.back()]) || number_follows())
    for (int k = finding.back() + 1, added = 0; k < n && added < most; ++k, ++added) {
      if (!(misread(glyphs[k]) || sandwiched(k)) || !continues(glyphs[out.back()], glyphs[k])) break;
      out.push_back(k);
    }
  // A speck read as a mark with doubt between a surname and a one-kanji given name (木下 、湊は
  // for 木下 湊は): the mark and the kanji after it, when a kana follows, are the name's.
  if (category == Category::kPerson && edge(glyphs[out.back()])) {
    const int k = out.back() + 1;
    if (k + 2 < n && one(glyphs[k], U"、。,.・'`") && doubted(glyphs[k]) && edge(glyphs[k + 1]) &&
        !labels.InPiiLabel(glyphs[k + 1].text[0]) && continues(glyphs[out.back()], glyphs[k]) &&
        continues(glyphs[k], glyphs[k + 1]) && glyphs[k + 2].text.size() == 1 &&
        text::IsHiragana(glyphs[k + 2].text[0]) && continues(glyphs[k + 1], glyphs[k + 2])) {
      out.push_back(k);
      out.push_back(k + 1);
    }
  }
  // A closing bracket read with doubt and as wide as a character after a bracketed name: what
  // OCR made of the name's last kanji and the bracket (〇会長（三浦 蓮） read (三浦 ) at 0).
  if (category == Category::kPerson && edge(glyphs[out.back()]) && out.back() + 1 < n) {
    const pdf::PlacedGlyph& b = glyphs[out.back() + 1];
    const bool wide = b.vertical ? (b.py1 - b.py0) * 5 >= (b.px1 - b.px0) * 4 : (b.px1 - b.px0) * 5 >= (b.py1 - b.py0) * 4;
    if (one(b, U")）") && doubted(b) && wide && continues(glyphs[out.back()], b)) out.push_back(out.back() + 1);
  }
  if (before && edge(glyphs[finding.front()]))
    for (int k = finding.front() - 1, added = 0; k >= 0 && added < most; --k, ++added) {
      if (!misread(glyphs[k]) || !continues(glyphs[out.front()], glyphs[k])) break;
      out.insert(out.begin(), k);
    }
  return out;
}

ocr::OcrPage AfterBurn(const ocr::OcrPage& page, const std::vector<image::PixelBox>& burn) {
  auto overlap = [](const image::PixelBox& a, const image::PixelBox& b) -> long {
    const int w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
    return w > 0 && h > 0 ? static_cast<long>(w) * h : 0;
  };
  ocr::OcrPage left = page;
  left.words.clear();
  std::vector<bool> marked(burn.size(), false);
  for (const ocr::OcrWord& w : page.words) {
    // The word is gone when one of its characters is at least half under black; a box's
    // edge grazing it (a value cell's top on a skewed scan, under its header) leaves it.
    std::vector<image::PixelBox> pieces;
    for (const ocr::OcrSymbol& sym : w.symbols) pieces.push_back(sym.box);
    if (pieces.empty()) pieces.push_back(w.box);
    std::vector<std::size_t> under;
    for (std::size_t k = 0; k < burn.size(); ++k)
      for (const image::PixelBox& b : pieces) {
        const long area = std::max<long>(1, static_cast<long>(b.x1 - b.x0) * (b.y1 - b.y0));
        if (2 * overlap(b, burn[k]) >= area) {
          under.push_back(k);
          break;
        }
      }
    if (under.empty()) {
      left.words.push_back(w);
      continue;
    }
    for (std::size_t k : under) {
      if (marked[k]) continue;
      marked[k] = true;
      ocr::OcrWord mark;
      mark.text = U"■";
      mark.box = {std::max(0, burn[k].x0), std::max(0, burn[k].y0), std::min(page.width, burn[k].x1),
                  std::min(page.height, burn[k].y1)};
      mark.symbols.push_back({mark.text, mark.box});
      mark.confidence = 100;
      mark.line = w.line;
      mark.vertical = w.vertical;
      left.words.push_back(std::move(mark));
    }
  }
  return left;
}

namespace {
bool IsJapaneseLetter(char32_t c) { return text::IsHan(c) || text::IsHiragana(c) || text::IsKatakana(c); }
}  // namespace

std::u32string AsMisreadDigits(std::u32string_view word) {
  std::u32string out(word);
  const auto digits = std::count_if(word.begin(), word.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; });
  if (digits < 6) return out;
  auto is_digit = [&](std::size_t k) { return k < word.size() && word[k] >= U'0' && word[k] <= U'9'; };
  for (std::size_t k = 0; k < word.size(); ++k) {
    char32_t c = word[k];
    if (is_digit(k)) continue;
    // Followed by a digit, and after a digit, a dash or nothing: inside the number.
    if (!is_digit(k + 1) || !(k == 0 || is_digit(k - 1) || word[k - 1] == U'-')) continue;
    constexpr std::u32string_view kFrom = U"OoDQlI|!SsZBG@%&$#?《";
    constexpr std::u32string_view kTo = U"00001111552860000000";
    const std::size_t at = kFrom.find(c);
    if (at != std::u32string_view::npos) out[k] = kTo[at];
  }
  return out;
}

bool IsStrayDot(const std::vector<ocr::OcrWord>& words, std::size_t i, int dpi) {
  const ocr::OcrWord& w = words[i];
  if (w.text.size() != 1) return false;
  // A speck OCR named as a character with no confidence: a box of a few pixels (東雲市長 read
  // 東 圭 市長 with 圭 at 0 on 2 by 1 pixels, and 東圭 then taken for a name).
  const int speck = std::max(3, dpi / 40);
  if (w.confidence < 20 && w.box.x1 - w.box.x0 <= speck && w.box.y1 - w.box.y0 <= speck &&
      IsJapaneseLetter(w.text[0]))
    return true;
  if (i == 0 || i + 1 >= words.size()) return false;
  const ocr::OcrWord& before = words[i - 1];
  const ocr::OcrWord& after = words[i + 1];
  if (before.text.empty() || after.text.empty()) return false;
  if (w.vertical) {
    // A stroke read as a bar in a column, between two kanji of that column (十九番|二号): jpn_vert
    // may end a line there, so the next word is the column's, not necessarily the line's.
    auto same_column = [&](const ocr::OcrWord& o) {
      return o.vertical && std::min(o.box.x1, w.box.x1) > std::max(o.box.x0, w.box.x0);
    };
    return std::u32string_view(U"|｜").find(w.text[0]) != std::u32string_view::npos && w.confidence < 50 &&
           same_column(before) && same_column(after) && text::IsHan(before.text.back()) &&
           text::IsHan(after.text.front());
  }
  if (std::u32string_view(U".,·").find(w.text[0]) == std::u32string_view::npos) return false;
  return before.line == w.line && after.line == w.line && IsJapaneseLetter(before.text.back()) &&
         IsJapaneseLetter(after.text.front());
}

namespace {
// 署 of 署名 as OCR misreads it on scans.
bool IsMisreadSho(char32_t c) { return std::u32string_view(U"著寺叶").find(c) != std::u32string_view::npos; }
}  // namespace

void AppendOcrGlyphs(const ScannedImage& img, int image_index, std::vector<pdf::PlacedGlyph>* glyphs) {
  const std::size_t first = glyphs->size();
  for (std::size_t wi = 0; wi < img.ocr.words.size(); ++wi) {
    const ocr::OcrWord& w = img.ocr.words[wi];
    if (IsStrayDot(img.ocr.words, wi, img.ocr.dpi)) continue;
    // One glyph per character: the symbol boxes when OCR gave them, else equal parts.
    std::vector<std::pair<std::u32string, image::PixelBox>> parts;
    if (!w.symbols.empty()) {
      for (const auto& s : w.symbols) parts.emplace_back(s.text, s.box);
    } else {
      int n = std::max<int>(1, static_cast<int>(w.text.size()));
      for (int k = 0; k < n && k < static_cast<int>(w.text.size()); ++k) {
        image::PixelBox b = w.box;
        if (w.vertical) {
          b.y0 = w.box.y0 + (w.box.y1 - w.box.y0) * k / n;
          b.y1 = w.box.y0 + (w.box.y1 - w.box.y0) * (k + 1) / n;
        } else {
          b.x0 = w.box.x0 + (w.box.x1 - w.box.x0) * k / n;
          b.x1 = w.box.x0 + (w.box.x1 - w.box.x0) * (k + 1) / n;
        }
        parts.emplace_back(std::u32string(1, w.text[k]), b);
      }
    }
    {
      std::u32string read;
      for (const auto& part : parts) read += part.first.size() == 1 ? part.first : U"\uFFFD";
      const std::u32string digits = AsMisreadDigits(read);
      for (std::size_t k = 0; k < parts.size() && k < digits.size(); ++k)
        if (digits[k] != read[k]) parts[k].first = std::u32string(1, digits[k]);
    }
    for (const auto& [text, pb] : parts) {
      pdf::PlacedGlyph g;
      g.text = text;
      g.image = image_index;
      g.px0 = pb.x0, g.py0 = pb.y0, g.px1 = pb.x1, g.py1 = pb.y1;
      g.cell = CellAt(img.ocr, (pb.x0 + pb.x1) / 2, (pb.y0 + pb.y1) / 2);
      g.word = static_cast<int>(wi);
      g.box = PixelToUser(img, pb);
      g.vertical = w.vertical;
      // Advance along the reading direction, in user space.
      double x0, y0, x1, y1;
      if (w.vertical) {
        img.pixel_to_user.Apply(pb.x0, pb.y0, &x0, &y0);
        img.pixel_to_user.Apply(pb.x0, pb.y1, &x1, &y1);
        g.size = g.box.width();
      } else {
        img.pixel_to_user.Apply(pb.x0, pb.y1, &x0, &y0);
        img.pixel_to_user.Apply(pb.x1, pb.y1, &x1, &y1);
        g.size = g.box.height();
      }
      g.origin_x = x0, g.origin_y = y0;
      g.advance_x = x1 - x0, g.advance_y = y1 - y0;
      // Line height, not ink height: small kana and digits must not break lines apart.
      const auto& line = img.ocr.lines.size() > static_cast<std::size_t>(w.line) ? img.ocr.lines[w.line].box : w.box;
      pdf::Box lb = PixelToUser(img, line);
      g.size = std::max(g.size, w.vertical ? lb.width() : lb.height());
      glyphs->push_back(std::move(g));
    }
  }
  // 申請者署名 read 申請者著名 (著 doubted): as read, 申請者 is the label and 著名 the start of
  // its value, burnt with the name. 著, 寺 or 叶 right before 名 on its line, either of the two
  // doubted, is 署. So is any kanji OCR doubted between 者 and 名 (申請者雲名, 雲 read at 0).
  for (std::size_t k = first + 1; k < glyphs->size(); ++k) {
    pdf::PlacedGlyph& before = (*glyphs)[k - 1];
    const pdf::PlacedGlyph& g = (*glyphs)[k];
    if (g.text != U"名" || before.text.size() != 1 || !text::IsHan(before.text[0])) continue;
    const ocr::OcrWord& w = img.ocr.words[before.word];
    const ocr::OcrWord& n = img.ocr.words[g.word];
    if (w.line != n.line || w.vertical != n.vertical) continue;
    const bool after_sha = k >= first + 2 && (*glyphs)[k - 2].text == U"者" && (*glyphs)[k - 2].word >= 0 &&
                           img.ocr.words[(*glyphs)[k - 2].word].line == w.line;
    if ((IsMisreadSho(before.text[0]) && std::min(w.confidence, n.confidence) < 60) ||
        (after_sha && w.confidence < 60))
      before.text = U"署";
  }
}

namespace {
// Spaces, punctuation, quotes and burn marks: left out when a label is matched on OCR text.
bool IsMarkOrSpace(char32_t ch) {
  return std::u32string_view(U" \u3000・.。、,“”\"'`:：■").find(ch) != std::u32string_view::npos;
}

// What OCR read in each cell (symbols by their centre), without marks and specks, and the
// lowest confidence of a word with a symbol there: labels are matched on whole cells, since
// OCR splits 生年月日 into words at random.
struct CellReading {
  std::u32string text;
  float confidence = 100;
  bool doubted_mark = false;  // a mark OCR doubted (住 所 read as one ” at 21), or a huge one
};
std::vector<CellReading> ReadCells(const ocr::OcrPage& page) {
  std::vector<CellReading> out(page.cells.size());
  for (const ocr::OcrWord& w : page.words)
    for (const ocr::OcrSymbol& sym : w.symbols) {
      int c = CellAt(page, (sym.box.x0 + sym.box.x1) / 2, (sym.box.y0 + sym.box.y1) / 2);
      if (c < 0) continue;
      std::u32string t = LabelText(sym.text);
      if (t.empty()) {
        // Doubted, or a dot as large as a character (住 所 read as one . 172 by 96 px).
        const int big = page.dpi / 8;
        const bool dot = std::u32string_view(U".。、,・:：").find(sym.text.empty() ? U' ' : sym.text[0]) !=
                         std::u32string_view::npos;
        out[c].doubted_mark |=
            w.confidence < 50 || (dot && sym.box.x1 - sym.box.x0 >= big && sym.box.y1 - sym.box.y0 >= big);
        continue;
      }
      out[c].text += t;
      out[c].confidence = std::min(out[c].confidence, w.confidence);
    }
  return out;
}

// A label cell holds a label and little else (not a sentence that mentions 氏名).
bool ShortText(const std::u32string& t) { return !t.empty() && t.size() <= 12; }

// The cells to the right of cell i on its row (its centre line), left to right.
std::vector<std::size_t> RightOf(const ocr::OcrPage& page, std::size_t i) {
  const image::PixelBox& own = page.cells[i].box;
  int own_cy = (own.y0 + own.y1) / 2;
  std::vector<std::size_t> row;
  for (std::size_t k = 0; k < page.cells.size(); ++k) {
    const image::PixelBox& c = page.cells[k].box;
    if (k == i || c.x0 < own.x1 - 4 || own_cy < c.y0 || own_cy >= c.y1) continue;
    row.push_back(k);
  }
  std::sort(row.begin(), row.end(), [&](std::size_t a, std::size_t b) {
    return page.cells[a].box.x0 < page.cells[b].box.x0;
  });
  return row;
}

// The printed words before a line to write on (申請者署名 ______), outside the cells: their
// text (marks left out), box and lowest confidence, and the height of the text above the line.
struct LineLabel {
  std::u32string text;
  image::PixelBox box{};
  float confidence = 100;
  bool sure = false;  // a word of it read with confidence 60 or more
  int line_h = 0;
};
LineLabel LabelBeforeLine(const ocr::OcrPage& page, const image::PixelBox& u) {
  std::vector<const ocr::OcrWord*> above;
  for (const ocr::OcrWord& w : page.words) {
    if (w.vertical || w.box.y1 < u.y0 - page.dpi / 4 || w.box.y1 > u.y1 + page.dpi / 50) continue;
    if (w.box.x0 > u.x1 || w.box.x1 < u.x0 - 2 * page.dpi) continue;
    if (CellAt(page, (w.box.x0 + w.box.x1) / 2, (w.box.y0 + w.box.y1) / 2) >= 0) continue;
    above.push_back(&w);
  }
  std::sort(above.begin(), above.end(), [](const ocr::OcrWord* a, const ocr::OcrWord* b) {
    return a->box.x0 < b->box.x0;
  });
  LineLabel out;
  bool first = true;
  for (const ocr::OcrWord* w : above) {
    out.line_h = std::max(out.line_h, w->box.y1 - w->box.y0);
    if (w->box.x0 >= u.x0 + page.dpi / 4) continue;  // written on the line: the value
    out.confidence = std::min(out.confidence, w->confidence);
    out.sure |= w->confidence >= 60;
    // The box (for a second reading) holds what ends before the line: not the signature.
    if (w->box.x1 > u.x0 + page.dpi / 8 && !first) continue;
    out.box = first ? w->box : image::Union(out.box, w->box);
    first = false;
  }
  for (const ocr::OcrWord* w : above)
    if (w->box.x0 < u.x0 + page.dpi / 4) out.text += LabelText(w->text);
  return out;
}

// A printed note in brackets at the end of a value cell — （日中連絡のつく番号） after the
// space for a phone number — is the form's text, not the value: the cell is burnt around it.
// Only a note OCR read with confidence (its words kNoteConfidence on average, none under
// kNoteLeast: 連絡 at 65 among words at 88–97), of six or more characters with some hiragana
// (an instruction, not a name in brackets) and no digit, that ends the cell's text; what the
// detector finds in it is burnt anyway.
constexpr float kNoteConfidence = 85, kNoteLeast = 60;
// The horizontal words that start inside a box, left to right.
std::vector<const ocr::OcrWord*> WordsIn(const ocr::OcrPage& page, const image::PixelBox& v) {
  std::vector<const ocr::OcrWord*> in;
  for (const ocr::OcrWord& w : page.words) {
    const int cy = (w.box.y0 + w.box.y1) / 2;
    if (!w.vertical && w.box.x0 >= v.x0 && w.box.x0 < v.x1 && cy >= v.y0 && cy < v.y1) in.push_back(&w);
  }
  std::sort(in.begin(), in.end(), [](const ocr::OcrWord* a, const ocr::OcrWord* b) { return a->box.x0 < b->box.x0; });
  return in;
}

std::vector<image::PixelBox> WithoutPrintedNote(const ocr::OcrPage& page, const image::PixelBox& v) {
  const std::vector<const ocr::OcrWord*> in = WordsIn(page, v);
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i]->text.empty() || (in[i]->text[0] != U'(' && in[i]->text[0] != U'（')) continue;
    std::u32string note;
    image::PixelBox box = in[i]->box;
    float least = 100, sum = 0;
    std::size_t j = i;
    for (; j < in.size() && in[j]->line == in[i]->line; ++j) {
      note += in[j]->text;
      box = image::Union(box, in[j]->box);
      least = std::min(least, in[j]->confidence);
      sum += in[j]->confidence;
      if (note.back() == U')' || note.back() == U'）') break;
    }
    if (j >= in.size() || j + 1 != in.size() || note.size() < 8) return {v};
    if (least < kNoteLeast || sum < kNoteConfidence * static_cast<float>(j - i + 1)) return {v};
    if (std::any_of(note.begin(), note.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; }) ||
        std::none_of(note.begin(), note.end(), text::IsHiragana))
      return {v};
    const int pad = std::max(2, page.dpi / 30);  // a margin: OCR reads text boxed in black poorly
    box = {box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad};
    // The cell less the note: left of it, and above and below it.
    std::vector<image::PixelBox> parts;
    auto keep = [&](image::PixelBox b) {
      if (b.x1 > b.x0 && b.y1 > b.y0) parts.push_back(b);
    };
    keep({v.x0, v.y0, std::min(v.x1, box.x0), v.y1});
    keep({std::max(v.x0, box.x0), v.y0, v.x1, std::max(v.y0, box.y0)});
    keep({std::max(v.x0, box.x0), std::min(v.y1, box.y1), v.x1, v.y1});
    keep({std::min(v.x1, box.x1), std::max(v.y0, box.y0), v.x1, std::min(v.y1, box.y1)});
    return parts;
  }
  return {v};
}

// A value cell that holds a second, printed label further right — 主治医の氏名 | 桜井 千尋
// 医療機関名 東雲市民病院, 申請者 | 山本 剛 続柄（長女） — ends at that label when it names a field
// that is not personal: the value reaches "to the next label". Only a label OCR read with
// confidence (kFieldLabelConfidence) and not at the cell's start; a label of four characters
// or more is no chance reading of handwriting, and counts however doubted (医療 58, 機関 36,
// 名 20 on a fax), and with one of its characters misread or up to two lost.
constexpr float kFieldLabelConfidence = 70;
constexpr std::size_t kLongFieldLabel = 4;
image::PixelBox UpToFieldLabel(const ocr::OcrPage& page, image::PixelBox v, const LabelMatcher& labels) {
  const int start = v.x0 + (v.x1 - v.x0) / 4;
  const std::vector<const ocr::OcrWord*> in = WordsIn(page, v);
  // OCR splits a label into words at random (医療 | 機関 | 名): up to four words of a line.
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i]->box.x0 < start) continue;
    std::u32string t;
    float confidence = 100;
    for (std::size_t j = i; j < in.size() && j < i + 4 && in[j]->line == in[i]->line; ++j) {
      t += LabelText(in[j]->text);
      confidence = std::min(confidence, in[j]->confidence);
      const bool field = t.size() >= 2 && labels.IsLabel(t) && !labels.LabelOf(t) &&
                         (confidence >= kFieldLabelConfidence || labels.LabelLength(t) >= kLongFieldLabel);
      // A long one also with a character misread or lost (話療機関名, 医療名).
      if (field || labels.FieldLabelLengthAsMisread(t) >= kLongFieldLabel) {
        v.x1 = std::min(v.x1, in[i]->box.x0 - std::max(2, page.dpi / 100));
        return v;
      }
    }
  }
  return v;
}

// The personal label a short text holds, also after a misread first character (梓保険者氏名).
std::optional<Category> LabelIn(const std::u32string& t, const LabelMatcher& labels) {
  if (!ShortText(t)) return std::nullopt;
  for (std::size_t k = 0; k + 1 < t.size(); ++k)
    if (auto cat = labels.LabelOf(std::u32string_view(t).substr(k))) return cat;
  return std::nullopt;
}

// Short text that is no label, yet holds a character of a personal label or was read with low
// confidence — and is not already a label after a misread first character (梓保険者氏名),
// which LabelValueRegions finds as it is.
bool MayBeMisreadLabel(const std::u32string& t, float confidence, const LabelMatcher& labels) {
  if (!ShortText(t) || labels.IsLabel(t)) return false;
  // Digits are a value's (a phone number with a stray 号), not a label's.
  if (std::count_if(t.begin(), t.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; }) >= 3) return false;
  const bool has_label_char = std::any_of(t.begin(), t.end(), [&](char32_t c) { return labels.InPiiLabel(c); });
  // Latin letters alone, in a cell of a Japanese form, are Japanese misread (氏 名 read "rs"
  // with confidence).
  const bool latin_only = std::all_of(t.begin(), t.end(), [](char32_t c) {
    return c < 0x80 && !(c >= U'0' && c <= U'9');
  }) && std::any_of(t.begin(), t.end(), [](char32_t c) { return c < 0x80 && std::isalpha(static_cast<int>(c)); });
  return (has_label_char || latin_only || confidence < 50) && !LabelIn(t, labels);
}
}  // namespace

std::u32string LabelText(std::u32string_view text) {
  std::u32string out;
  for (char32_t ch : text)
    if (!IsMarkOrSpace(ch)) out += ch;
  return out;
}

std::u32string LabelMisreadsUndone(std::u32string_view text) {
  std::u32string out(text);
  for (std::size_t k = 0; k + 1 < out.size(); ++k)
    if (out[k + 1] == U'名' && IsMisreadSho(out[k])) out[k] = U'署';
  return out;
}

std::vector<LabelReread> LabelRereadCandidates(const ocr::OcrPage& page, const LabelMatcher& labels) {
  const std::vector<CellReading> read = ReadCells(page);
  const double slope = std::fabs(std::tan(page.skew_degrees * M_PI / 180.0));
  const int rule = std::max(2, page.dpi / 50);  // a ruling line's width and its rim
  std::vector<LabelReread> out;
  for (std::size_t i = 0; i < page.cells.size() && out.size() < kMaxLabelRereads; ++i) {
    // Short text that may be a misread label, or ink OCR read nothing on (a label the layout
    // took into the value's line), in a cell with a value's place to its right.
    const bool unread = read[i].text.empty() && (page.cells[i].unread_ink || read[i].doubted_mark);
    if (!(unread || MayBeMisreadLabel(read[i].text, read[i].confidence, labels)) || RightOf(page, i).empty()) continue;
    image::PixelBox b = page.cells[i].box;
    const int w = b.x1 - b.x0, h = b.y1 - b.y0;
    const int dx = rule + static_cast<int>(std::ceil(h * slope)), dy = rule + static_cast<int>(std::ceil(w * slope));
    b.x0 += dx, b.x1 -= dx, b.y0 += dy, b.y1 -= dy;
    // Not the one-digit boxes of an identifier (LabelValueRegions burns their runs whole).
    if (b.x1 - b.x0 < page.dpi * 2 / 5 || b.y1 - b.y0 < page.dpi / 20) continue;
    out.push_back({LabelReread::kCell, i, b});
  }
  // The words before a line to write on, alike.
  for (std::size_t i = 0; i < page.underlines.size() && out.size() < kMaxLabelRereads; ++i) {
    const LineLabel ll = LabelBeforeLine(page, page.underlines[i].box);
    if (!MayBeMisreadLabel(ll.text, ll.confidence, labels)) continue;
    const int pad = std::max(4, page.dpi / 30);
    image::PixelBox b{std::max(0, ll.box.x0 - pad), std::max(0, ll.box.y0 - pad), std::min(page.width, ll.box.x1 + pad),
                      std::min(page.height, ll.box.y1 + pad)};
    if (b.x1 > b.x0 && b.y1 > b.y0) out.push_back({LabelReread::kUnderline, i, b});
  }
  return out;
}

namespace {
// The name of a speaker line (〇 … 委員) when OCR doubted one of its kanji: the box of those
// kanji. The 〇 first on the line (after a speck read as a mark), then one to four kanji,
// then a title.
std::optional<image::PixelBox> DoubtedSpeaker(const ocr::OcrPage& page, const ocr::OcrLine& line) {
  struct Char {
    char32_t c;
    image::PixelBox box;
    float confidence;
  };
  std::vector<Char> chars;
  for (int wi : line.words) {
    const ocr::OcrWord& w = page.words[wi];
    for (std::size_t k = 0; k < w.text.size() && chars.size() < 12; ++k)
      chars.push_back({w.text[k], k < w.symbols.size() ? w.symbols[k].box : w.box, w.confidence});
  }
  std::size_t i = 0;
  if (i < chars.size() && std::u32string_view(U".,'`・·").find(chars[i].c) != std::u32string_view::npos) ++i;
  if (i >= chars.size() || std::u32string_view(U"〇○◯").find(chars[i].c) == std::u32string_view::npos) return std::nullopt;
  const std::size_t b = ++i;
  static constexpr std::u32string_view kTitles[] = {U"委員", U"会長", U"議長", U"議員", U"理事", U"部長", U"課長", U"局長"};
  for (std::size_t e = b + 1; e <= b + 4 && e + 1 < chars.size(); ++e) {
    if (!text::IsHan(chars[e - 1].c)) return std::nullopt;
    const std::u32string at{chars[e].c, chars[e + 1].c};
    if (std::find(std::begin(kTitles), std::end(kTitles), at) == std::end(kTitles)) continue;
    bool doubted = false;
    image::PixelBox box = chars[b].box;
    for (std::size_t k = b; k < e; ++k) {
      doubted |= chars[k].confidence < 50;
      box = image::Union(box, chars[k].box);
    }
    if (!doubted) return std::nullopt;
    return box;
  }
  return std::nullopt;
}
}  // namespace

namespace {
// The dark pixels (grey under 128, any depth) of `pix` in `box` as 1 bpp; null on failure.
image::PixPtr DarkPixels(PIX* pix, const image::PixelBox& box) {
  BOX* rect = boxCreate(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  image::PixPtr clip(pixClipRectangle(pix, rect, nullptr));
  boxDestroy(&rect);
  image::PixPtr gray(clip ? pixConvertTo8(clip.get(), 0) : nullptr);
  return image::PixPtr(gray ? pixThresholdToBinary(gray.get(), 128) : nullptr);
}

// Whether `region` of `pix` holds a mark that no box in `held` holds: a connected component
// of dark pixels, less specks (both sides under dpi/40: fax noise) and remnants of ruling
// lines (at least 8:1 and 60% of the region long: on a skewed scan the cell's lines slant
// into its bounding box). A component is held when 80% of its box lies in one held box
// padded by dpi/30.
bool MarkOutside(PIX* pix, int dpi, const image::PixelBox& region, const std::vector<image::PixelBox>& held) {
  if (pix == nullptr) return true;
  const int x0 = std::max(0, region.x0), y0 = std::max(0, region.y0);
  const int x1 = std::min(region.x1, static_cast<int>(pixGetWidth(pix)));
  const int y1 = std::min(region.y1, static_cast<int>(pixGetHeight(pix)));
  if (x1 <= x0 || y1 <= y0) return false;
  const image::PixPtr dark = DarkPixels(pix, {x0, y0, x1, y1});
  BOXA* parts = dark ? pixConnCompBB(dark.get(), 8) : nullptr;
  if (parts == nullptr) return true;  // cannot tell: not only the office's number
  const int speck = std::max(3, dpi / 40), pad = std::max(2, dpi / 30);
  bool outside = false;
  for (l_int32 i = 0; i < boxaGetCount(parts) && !outside; ++i) {
    l_int32 bx, by, bw, bh;
    boxaGetBoxGeometry(parts, i, &bx, &by, &bw, &bh);
    if (bw < speck && bh < speck) continue;
    if ((bw >= 8 * bh && bw * 10 >= 6 * (x1 - x0)) || (bh >= 8 * bw && bh * 10 >= 6 * (y1 - y0))) continue;
    const image::PixelBox c{x0 + bx, y0 + by, x0 + bx + bw, y0 + by + bh};
    const auto area = static_cast<int64_t>(bw) * bh;
    const bool in_one = std::any_of(held.begin(), held.end(), [&](const image::PixelBox& h) {
      const int ix = std::min(c.x1, h.x1 + pad) - std::max(c.x0, h.x0 - pad);
      const int iy = std::min(c.y1, h.y1 + pad) - std::max(c.y0, h.y0 - pad);
      return ix > 0 && iy > 0 && static_cast<int64_t>(ix) * iy * 10 >= area * 8;
    });
    outside = !in_one;
  }
  boxaDestroy(&parts);
  return outside;
}
}  // namespace

bool HoldsOnlyAllowed(const ocr::OcrPage& page, PIX* pix, const image::PixelBox& region,
                      const std::function<bool(std::u32string_view)>& allowed) {
  constexpr float kSure = 80;
  std::u32string read;
  std::vector<image::PixelBox> held;
  for (const ocr::OcrWord& w : page.words) {
    const int cx = (w.box.x0 + w.box.x1) / 2, cy = (w.box.y0 + w.box.y1) / 2;
    if (cx < region.x0 || cx >= region.x1 || cy < region.y0 || cy >= region.y1) continue;
    // A fax's speck read as a mark is no writing.
    const int small = (region.y1 - region.y0) / 3;
    if (w.text.size() == 1 && std::u32string_view(U".,'`・、。:;").find(w.text[0]) != std::u32string_view::npos &&
        w.box.x1 - w.box.x0 < small && w.box.y1 - w.box.y0 < small)
      continue;
    if (w.confidence < kSure) return false;
    read += w.text;
    held.push_back(w.box);
  }
  if (read.empty() || !allowed(read)) return false;
  // Hand-writing that OCR read as nothing at all beside the printed number is not allowed.
  return !MarkOutside(pix, page.dpi, region, held);
}

std::vector<image::PixelBox> UnreadableRuns(const ocr::OcrPage& page) {
  constexpr float kDoubted = 50, kDoubtedAfterKin = 60, kSure = 80;
  std::vector<image::PixelBox> out;
  for (const ocr::OcrLine& line : page.lines) {
    const std::size_t n = line.words.size();
    auto word = [&](std::size_t k) -> const ocr::OcrWord& { return page.words[line.words[k]]; };
    auto letters = [](const ocr::OcrWord& w) {
      return static_cast<std::size_t>(std::count_if(w.text.begin(), w.text.end(), IsJapaneseLetter));
    };
    // Latin letters read with doubt inside a Japanese line are misread Japanese (竹AN).
    auto doubted_letters = [&](const ocr::OcrWord& w) {
      return static_cast<std::size_t>(std::count_if(w.text.begin(), w.text.end(), [](char32_t c) {
        return IsJapaneseLetter(c) || (c < 0x80 && std::isalpha(static_cast<int>(c)));
      }));
    };
    std::size_t sure = 0;
    for (std::size_t k = 0; k < n; ++k) sure += word(k).confidence >= kSure ? letters(word(k)) : 0;
    if (sure < 4) continue;  // not a line of text OCR reads: noise, a stamp, a drawing
    if (auto speaker = DoubtedSpeaker(page, line)) {
      const int pad = std::max(2, page.dpi / 60);
      out.push_back({std::max(0, speaker->x0 - pad), std::max(0, speaker->y0 - pad),
                     std::min(page.width, speaker->x1 + pad), std::min(page.height, speaker->y1 + pad)});
    }
    // A single kanji next to a run, read with some doubt, is usually its misread first or last
    // character (酒 of 酒井 before 装千や).
    auto doubted_kanji = [&](std::size_t k) {
      return word(k).text.size() == 1 && text::IsHan(word(k).text[0]) && word(k).confidence < 90 &&
             !detect::EndsWithKinNoun(word(k).text);
    };
    // The kin noun itself may be doubted (母 read at 0): it names what follows, it is not in it.
    auto kin = [&](std::size_t k) { return detect::EndsWithKinNoun(word(k).text); };
    // Right after a kin noun a name is expected, and a little less doubt will do (母増四季の for
    // 母増田和也の, 増 at 45 and 四季 at 53).
    float limit = kDoubted;
    auto doubted_word = [&](std::size_t k) { return word(k).confidence < limit && !kin(k); };
    // Short hiragana read with confidence between two doubted words are the name's too: a
    // given name in kana (竹AN|はる|の, for 竹内はるかの).
    auto bridge = [&](std::size_t k) {
      const auto& t = word(k).text;
      return t.size() <= 2 && std::all_of(t.begin(), t.end(), [](char32_t c) { return text::IsHiragana(c); });
    };
    // A surname and a given name written apart: a gap of over half an em between two words
    // of the run (知崎 官の for 母岩崎 恵子の), where the strokes of one hand run close.
    auto spaced = [&](std::size_t first, std::size_t last) {
      int em = 0;
      for (std::size_t k = first; k < last; ++k) em = std::max(em, word(k).box.y1 - word(k).box.y0);
      for (std::size_t k = first + 1; k < last; ++k) {
        const int gap = word(k).box.x0 - word(k - 1).box.x1;
        if (gap * 10 >= em * 6 && gap * 2 <= em * 5) return true;
      }
      return false;
    };
    for (std::size_t a = 0; a < n;) {
      limit = a > 0 && kin(a - 1) ? kDoubtedAfterKin : kDoubted;
      std::size_t b = a, doubted = 0;
      // A kanji read with some doubt between doubted words is one of them (知|崎|官の).
      while (b < n && (doubted_word(b) || (b > a && doubted_kanji(b) && b + 1 < n && doubted_word(b + 1))))
        doubted += doubted_word(b) ? doubted_letters(word(b)) : 0, ++b;
      if (b == a) {
        ++a;
        continue;
      }
      limit = kDoubted;  // past kana read with confidence, no name is expected any more
      bool bridged = false;
      for (std::size_t c = b; c < n && c - b < 3 && bridge(c);) {
        ++c;
        if (c < n && doubted_word(c)) {
          while (c < n && doubted_word(c)) doubted += doubted_letters(word(c++));
          b = c;
          bridged = true;
        }
      }
      std::size_t first = a, last = b;  // [first, last) with the misread neighbours
      if (first > 0 && doubted_kanji(first - 1)) --first;
      if (last < n && doubted_kanji(last)) ++last;
      // Of a name written apart, as OCR reads hand-writing: one letter per word, kanji or kana,
      // none a long-vowel mark or a box OCR made of a stroke or a checkbox (ー, 口, ロ). Printed
      // text on a fax read with doubt comes in words of several (閲覧 口 写しの交付, 署名 ロロ).
      std::size_t run_letters = 0;
      bool letters_only = !bridged;
      for (std::size_t k = first; k < last; ++k) {
        run_letters += word(k).text.size();
        letters_only &= word(k).text.size() == 1;
        for (char32_t c : word(k).text)
          letters_only &= IsJapaneseLetter(c) && std::u32string_view(U"ー口ロ").find(c) == std::u32string_view::npos;
      }
      const bool named = (first > 0 && kin(first - 1)) ||
                         (last < n && detect::StartsWithPersonalHonorific(word(last).text));
      const bool name_shaped = doubted >= 3 && letters_only && run_letters <= 7 && spaced(first, last);
      if (doubted >= 2 && (named || name_shaped)) {
        image::PixelBox run = word(first).box;
        for (std::size_t k = first + 1; k < last; ++k) run = image::Union(run, word(k).box);
        const int pad = std::max(2, page.dpi / 60);
        out.push_back({std::max(0, run.x0 - pad), std::max(0, run.y0 - pad),
                       std::min(page.width, run.x1 + pad), std::min(page.height, run.y1 + pad)});
      }
      a = b;
    }
  }
  return out;
}

std::optional<image::PixelBox> UnreadInkAbove(PIX* pix, const ocr::OcrPage& page, const image::PixelBox& glyph) {
  if (pix == nullptr) return std::nullopt;
  const int em = glyph.x1 - glyph.x0;
  if (em <= 0) return std::nullopt;
  const int side = em * 15 / 100;
  const int x0 = std::max(0, glyph.x0 - side), x1 = std::min(static_cast<int>(pixGetWidth(pix)), glyph.x1 + side);
  int top = std::max(0, glyph.y0 - 5 * em);
  // Never into a word OCR read: the scan stops at the lowest one above in the column.
  for (const ocr::OcrWord& w : page.words)
    if (w.box.x0 < x1 && w.box.x1 > x0 && w.box.y1 <= glyph.y0 && w.box.y1 > top) top = w.box.y1;
  if (x1 <= x0 || glyph.y0 - top < em / 2) return std::nullopt;
  const image::PixPtr dark = DarkPixels(pix, {x0, top, x1, glyph.y0});
  NUMA* rows = dark ? pixCountPixelsByRow(dark.get(), nullptr) : nullptr;
  if (rows == nullptr) return std::nullopt;
  // From the glyph up: the first inked row within 1.5 em, then on to a gap of 0.6 em.
  const int n = numaGetCount(rows);
  const int min_ink = std::max(2, em / 30);
  int highest = -1, gap = 0;
  for (int r = n - 1; r >= 0; --r) {
    l_int32 count = 0;
    numaGetIValue(rows, r, &count);
    if (count >= min_ink) {
      highest = r;
      gap = 0;
    } else if (++gap > (highest < 0 ? em * 3 / 2 : em * 6 / 10)) {
      break;
    }
  }
  numaDestroy(&rows);
  if (highest < 0) return std::nullopt;
  const int pad = std::max(2, page.dpi / 60);
  return image::PixelBox{x0, std::max(0, top + highest - pad), x1, glyph.y0};
}

std::vector<std::pair<Category, image::PixelBox>> LabelValueRegions(const ocr::OcrPage& page,
                                                                    const LabelMatcher& labels) {
  std::vector<std::pair<Category, image::PixelBox>> out;
  // Rows of small square cells printed one per digit (個人番号, 被保険者番号 …): only
  // identifiers are written that way, and OCR reads handwriting in them poorly (and their
  // label not always), so a run of six or more is burnt whole.
  {
    std::vector<const ocr::Cell*> boxes;
    int lo = std::max(8, page.dpi / 12), hi = page.dpi / 2;
    for (const auto& c : page.cells) {
      int w = c.box.x1 - c.box.x0, h = c.box.y1 - c.box.y0;
      if (w >= lo && w <= hi && h >= lo && h <= hi && w * 10 >= h * 6 && w * 6 <= h * 10) boxes.push_back(&c);
    }
    // Runs are the connected groups of boxes side by side on one row (either order: a
    // skewed row does not sort left to right by its tops).
    const std::size_t n = boxes.size();
    std::vector<std::size_t> parent(n);
    for (std::size_t i = 0; i < n; ++i) parent[i] = i;
    std::function<std::size_t(std::size_t)> root = [&](std::size_t i) {
      return parent[i] == i ? i : parent[i] = root(parent[i]);
    };
    auto adjacent = [](const image::PixelBox& l, const image::PixelBox& b) {
      int h = l.y1 - l.y0, w = l.x1 - l.x0;
      bool same_row = std::abs((b.y0 + b.y1) - (l.y0 + l.y1)) / 2 < h / 3;
      return same_row && b.x0 >= l.x1 - 4 && b.x0 - l.x1 < w;  // touching or a small gap (4-4-4)
    };
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < n; ++k)
        if (i != k && adjacent(boxes[i]->box, boxes[k]->box)) parent[root(i)] = root(k);
    std::map<std::size_t, std::vector<std::size_t>> runs;
    for (std::size_t i = 0; i < n; ++i) runs[root(i)].push_back(i);
    for (const auto& [r, run] : runs) {
      if (run.size() < 6) continue;
      Category cat = run.size() >= 11 && run.size() <= 13 ? Category::kMyNumber : Category::kInsuranceNumber;
      for (std::size_t k : run) {
        image::PixelBox v = boxes[k]->box;
        v.x0 += 2, v.y0 += 2, v.x1 -= 2, v.y1 -= 2;
        out.emplace_back(cat, v);
      }
    }
  }
  std::vector<std::u32string> text_of(page.cells.size());
  {
    std::vector<CellReading> read = ReadCells(page);
    for (std::size_t c = 0; c < read.size(); ++c) text_of[c] = std::move(read[c].text);
  }
  // A cell read a second time alone (a label candidate) is matched by that reading as well.
  auto reread_of = [&](std::size_t c) -> const std::u32string& { return page.cells[c].reread; };
  auto inset_of = [](image::PixelBox v) {
    int inset = std::max(2, std::min(v.x1 - v.x0, v.y1 - v.y0) / 40);
    v.x0 += inset, v.y0 += inset, v.x1 -= inset, v.y1 -= inset;
    return v;
  };
  auto label_in = [&](const std::u32string& t) { return LabelIn(t, labels); };
  auto label_of = [&](std::size_t c) -> std::optional<Category> {
    if (auto cat = label_in(text_of[c])) return cat;
    return label_in(reread_of(c));
  };
  const double slope = std::fabs(std::tan(page.skew_degrees * M_PI / 180.0));
  for (std::size_t i = 0; i < page.cells.size(); ++i) {
    auto cat = label_of(i);
    if (!cat) continue;
    const image::PixelBox& own = page.cells[i].box;
    // The value: every cell to the right on the same row (a name and its seal, a My Number
    // printed one digit per box), up to the next cell that holds a label of its own.
    int own_cy = (own.y0 + own.y1) / 2;
    const std::vector<std::size_t> row = RightOf(page, i);
    auto is_label = [&](std::size_t k) {
      return (ShortText(text_of[k]) && labels.IsLabel(text_of[k])) ||
             (ShortText(reread_of(k)) && labels.IsLabel(reread_of(k)));
    };
    // The cell just left of it on the row, if any.
    std::optional<std::size_t> left;
    for (std::size_t k = 0; k < page.cells.size(); ++k) {
      const image::PixelBox& c = page.cells[k].box;
      if (k == i || c.x1 > own.x0 + 4 || own_cy < c.y0 || own_cy >= c.y1) continue;
      if (!left || c.x1 > page.cells[*left].box.x1) left = k;
    }
    // A label next to another label is a table's header: its values are in the column below.
    bool header = (!row.empty() && is_label(row.front())) || (left && is_label(*left));
    // So is a label in a row with another label, over a cell of its own width that holds no
    // label (氏名 | 続柄 | 生年月日 with 続柄 misread): in a form of label | value | label | value
    // rows, a label lies under each label.
    if (!header) {
      const int w = own.x1 - own.x0, h = own.y1 - own.y0;
      bool other_label = false;
      std::optional<std::size_t> under;
      for (std::size_t k = 0; k < page.cells.size(); ++k) {
        if (k == i) continue;
        const image::PixelBox& c = page.cells[k].box;
        if (own_cy >= c.y0 && own_cy < c.y1 && is_label(k)) other_label = true;
        const int tol = std::max(8, w / 8);
        if (std::abs(c.x0 - own.x0) <= tol && std::abs(c.x1 - own.x1) <= tol && c.y0 > own.y0 + h / 2 &&
            c.y0 < own.y1 + h / 2 && (!under || c.y0 < page.cells[*under].box.y0))
          under = k;
      }
      // A table's header has values under it; a row with a label of its own (電話番号 | … |
      // 本人との関係 misread | …) is the next row of a form, not the table's data.
      if (other_label && under && !text_of[*under].empty() && !is_label(*under)) {
        const image::PixelBox& u = page.cells[*under].box;
        const int under_cy = (u.y0 + u.y1) / 2;
        bool labelled_row = false;
        for (std::size_t k = 0; k < page.cells.size() && !labelled_row; ++k) {
          const image::PixelBox& c = page.cells[k].box;
          labelled_row = k != *under && under_cy >= c.y0 && under_cy < c.y1 && is_label(k);
        }
        header = !labelled_row;
      }
    }
    if (!header) {
      for (std::size_t k : row) {
        if (is_label(k)) break;
        image::PixelBox v = inset_of(page.cells[k].box);
        if (v.x1 <= v.x0 || v.y1 <= v.y0) continue;
        for (const image::PixelBox& part : WithoutPrintedNote(page, UpToFieldLabel(page, v, labels)))
          out.emplace_back(*cat, part);
      }
      if (!row.empty()) continue;
    }
    // A header cell: the cells below it in its column, down to the next label or the end of
    // the table (a gap taller than the header cell).
    std::vector<std::size_t> column;
    for (std::size_t k = 0; k < page.cells.size(); ++k) {
      const image::PixelBox& c = page.cells[k].box;
      int overlap = std::min(c.x1, own.x1) - std::max(c.x0, own.x0);
      // Below, allowing an eighth of the header's height of overlap, or what the skew makes
      // of its width: cells are the bounding boxes of a deskewed grid mapped back to the
      // skewed scan (9 px on a 0.5° A4 table, 19 px for a 830 px cell at 1.3°).
      const int slack = std::max({6, (own.y1 - own.y0) / 8, 4 + static_cast<int>(std::ceil((own.x1 - own.x0) * slope))});
      if (k == i || c.y0 < own.y1 - slack || overlap < 0.6 * std::min(c.x1 - c.x0, own.x1 - own.x0)) continue;
      column.push_back(k);
    }
    std::sort(column.begin(), column.end(), [&](std::size_t a, std::size_t b) {
      return page.cells[a].box.y0 < page.cells[b].box.y0;
    });
    // A row of the column with a label in it ends the column, whichever of its cells comes
    // first by its top (a skewed photo's value cell may start above its label's cell).
    auto same_row = [&](std::size_t a, std::size_t b) {
      const image::PixelBox& p = page.cells[a].box;
      const image::PixelBox& q = page.cells[b].box;
      const int pc = (p.y0 + p.y1) / 2, qc = (q.y0 + q.y1) / 2;
      return (pc >= q.y0 && pc < q.y1) || (qc >= p.y0 && qc < p.y1);
    };
    int bottom = own.y1;
    for (std::size_t k : column) {
      const image::PixelBox& c = page.cells[k].box;
      if (c.y0 - bottom > own.y1 - own.y0) break;
      if (std::any_of(column.begin(), column.end(), [&](std::size_t m) { return same_row(k, m) && is_label(m); }))
        break;
      image::PixelBox v = inset_of(c);
      if (v.x1 > v.x0 && v.y1 > v.y0) out.emplace_back(*cat, v);
      bottom = std::max(bottom, c.y1);
    }
  }
  // A label outside the cells with a line to write on after it ("申請者署名 ______"): the value
  // is whatever is written above that line, as far as it reaches. OCR often glues the first
  // handwritten characters to the printed label (名 laid over 坂), so the value is taken from
  // the line, not from where the label's characters seem to end.
  for (std::size_t ui = 0; ui < page.underlines.size(); ++ui) {
    const image::PixelBox& u = page.underlines[ui].box;
    const LineLabel ll = LabelBeforeLine(page, u);
    std::optional<Category> cat = label_in(ll.text);
    if (!cat) cat = label_in(page.underlines[ui].reread);
    // Printed words before the line that OCR read nothing of with confidence, nor the second
    // reading (申請者署名 read wwrws4 at 0): a line to write on is for a name or a signature,
    // and nothing says this one is not — burnt as a name (fail closed).
    auto any_label = [&](const std::u32string& t) {
      for (std::size_t k = 0; k < t.size(); ++k)
        if (labels.IsLabel(std::u32string_view(t).substr(k))) return true;
      return false;
    };
    if (!cat && !ll.text.empty() && !ll.sure && !any_label(ll.text) && !any_label(page.underlines[ui].reread))
      cat = Category::kPerson;
    if (!cat) continue;
    // As tall as the writing near it, within 1/4 to 1/2 in (a word box OCR stretched over a
    // tall stroke nearby must not take the paragraph above with it).
    const int h = std::clamp(ll.line_h * 8 / 5, page.dpi / 4, page.dpi / 2);
    image::PixelBox v{u.x0, std::max(0, u.y0 - h), u.x1, u.y0};
    if (v.x1 > v.x0 && v.y1 > v.y0) out.emplace_back(*cat, v);
  }
  for (const image::PixelBox& r : UnreadableRuns(page)) out.emplace_back(Category::kPerson, r);
  // A digit box is also a cell to the right of its label: each region once.
  std::vector<std::pair<Category, image::PixelBox>> unique;
  for (const auto& r : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const auto& u) {
          return u.second.x0 == r.second.x0 && u.second.y0 == r.second.y0 && u.second.x1 == r.second.x1 &&
                 u.second.y1 == r.second.y1;
        }))
      unique.push_back(r);
  return unique;
}

}  // namespace redact::pipeline
