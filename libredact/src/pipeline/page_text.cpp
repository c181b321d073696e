// Lines and reading order from placed glyphs; see page_text.hpp.
#include "pipeline/page_text.hpp"

#include <algorithm>
#include <cmath>

#include "text/utf8.hpp"

namespace redact::pipeline {
namespace {

// Position along the writing direction and across it, in user space.
struct Axis {
  double along, across;
};

Axis AxisOf(const pdf::PlacedGlyph& g) {
  double len = std::hypot(g.advance_x, g.advance_y);
  double ux = len > 0 ? g.advance_x / len : (g.vertical ? 0 : 1);
  double uy = len > 0 ? g.advance_y / len : (g.vertical ? -1 : 0);
  double cx = (g.box.x0 + g.box.x1) / 2, cy = (g.box.y0 + g.box.y1) / 2;
  // along = projection on the advance direction; across = on its normal.
  return {cx * ux + cy * uy, -cx * uy + cy * ux};
}

}  // namespace

PageText BuildPageText(const std::vector<pdf::PlacedGlyph>& glyphs) {
  PageText pt;
  // Content order first: born-digital producers write text in reading order, and where they
  // do not (forms drawn cell by cell), the order of cells is still the order they were drawn.
  std::vector<int> current;
  auto flush = [&]() {
    if (!current.empty()) pt.lines.push_back(std::move(current));
    current.clear();
  };
  for (int i = 0; i < static_cast<int>(glyphs.size()); ++i) {
    const auto& g = glyphs[i];
    if (g.text.empty() && !g.has_unicode) {
      current.push_back(i);  // kept so the document path can refuse it
      continue;
    }
    if (!current.empty()) {
      const auto& p = glyphs[current.back()];
      Axis a = AxisOf(p), b = AxisOf(g);
      double em = std::max({p.size, g.size, 1e-3});
      bool same_direction = p.vertical == g.vertical;
      bool new_line = !same_direction || std::fabs(b.across - a.across) > 0.5 * em ||
                      b.along < a.along - 0.5 * em;
      if (new_line) flush();
    }
    current.push_back(i);
  }
  flush();

  // Lines top to bottom, then left to right (horizontal); vertical lines right to left.
  std::stable_sort(pt.lines.begin(), pt.lines.end(), [&](const auto& x, const auto& y) {
    const auto& gx = glyphs[x.front()];
    const auto& gy = glyphs[y.front()];
    if (gx.vertical && gy.vertical) return gx.box.x1 > gy.box.x1 + 0.5 * gy.size;
    double tx = gx.box.y1, ty = gy.box.y1;
    double em = std::max(gx.size, gy.size);
    if (std::fabs(tx - ty) > 0.5 * em) return tx > ty;
    return gx.box.x0 < gy.box.x0;
  });

  std::u32string out;
  for (std::size_t l = 0; l < pt.lines.size(); ++l) {
    if (l > 0) {
      out.push_back(U'\n');
      pt.glyph_of_cp.push_back(-1);
    }
    const auto& line = pt.lines[l];
    for (std::size_t k = 0; k < line.size(); ++k) {
      const auto& g = glyphs[line[k]];
      if (k > 0) {
        const auto& p = glyphs[line[k - 1]];
        Axis a = AxisOf(p), b = AxisOf(g);
        double p_len = std::hypot(p.advance_x, p.advance_y);
        double gap = (b.along - a.along) - p_len / 2 - std::hypot(g.advance_x, g.advance_y) / 2;
        double em = std::max({p.size, g.size, 1e-3});
        bool space_glyph = !p.text.empty() && p.text.back() == U' ';
        // Digits written one per box (個人番号, 被保険者番号) stay one number.
        auto digit = [](const pdf::PlacedGlyph& x) {
          return x.text.size() == 1 && x.text[0] >= U'0' && x.text[0] <= U'9';
        };
        bool cell_change = p.image == g.image && p.cell >= 0 && g.cell >= 0 && p.cell != g.cell &&
                           !(digit(p) && digit(g));
        if (gap > 2.5 * em || cell_change) {
          out.push_back(U'\t');
          pt.glyph_of_cp.push_back(-1);
        } else if (gap > 0.25 * em && !space_glyph && !(g.text.size() == 1 && g.text[0] == U' ') &&
                   !(g.image >= 0 && g.image == p.image && g.word >= 0 && g.word == p.word)) {
          out.push_back(U' ');
          pt.glyph_of_cp.push_back(-1);
        }
      }
      for (char32_t c : g.text) {
        out.push_back(c == U'\n' || c == U'\t' ? U' ' : c);
        pt.glyph_of_cp.push_back(line[k]);
      }
    }
  }
  pt.utf8 = text::EncodeUtf8(out);
  return pt;
}

}  // namespace redact::pipeline
