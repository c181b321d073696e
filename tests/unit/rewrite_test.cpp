// Removal in content streams: deleted glyphs leave no kerning number that encodes their
// width; the following text is placed with an absolute Tm; untouched text objects stay.
#include "pdf/rewrite.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace redact::pdf {
namespace {

PlacedGlyph G(int op, int elem, int glyph, std::string code, double x) {
  PlacedGlyph g;
  g.pos = {0, op, elem, glyph};
  g.code = std::move(code);
  g.tm = Matrix{1, 0, 0, 1, x, 700};
  g.text = U"x";
  g.box = {x, 698, x + 10, 708};
  g.size = 10;
  return g;
}

PageContent Page(std::string_view content, std::vector<PlacedGlyph> glyphs) {
  PageContent pc;
  auto ops = ParseContent(content);
  EXPECT_TRUE(ops.ok());
  pc.streams.push_back({nullptr, true, ops.value()});
  pc.glyphs = std::move(glyphs);
  return pc;
}

// TJ arrays of the rewritten stream, serialized.
std::vector<std::string> Shows(const PageContent& pc) {
  std::vector<std::string> out;
  for (const Op& op : pc.streams[0].ops)
    if (op.name == "TJ" || op.name == "Tj") {
      std::string s;
      AppendObject(op.args.back(), &s);
      out.push_back(s);
    }
  return out;
}

TEST(Rewrite, RemovedGlyphsLeaveNoKerningResidue) {
  // ops: 0 BT, 1 Tf, 2 Tm, 3 TJ, 4 ET
  PageContent pc = Page("BT /F1 10 Tf 1 0 0 1 100 700 Tm [<0001> -50 <00020003> -30 <0004>] TJ ET",
                        {G(3, 0, 0, std::string("\0\1", 2), 100), G(3, 2, 0, std::string("\0\2", 2), 115),
                         G(3, 2, 1, std::string("\0\3", 2), 125), G(3, 4, 0, std::string("\0\4", 2), 138)});
  RedactionPlan plan;
  plan.glyphs = {{0, 3, 2, 0}, {0, 3, 2, 1}};
  RewriteContent(plan, &pc);
  EXPECT_EQ(Shows(pc), (std::vector<std::string>{"[<0001>]", "[<0004>]"}));
  // The glyph after the gap is placed absolutely where it was.
  std::vector<double> tm_x;
  for (const Op& op : pc.streams[0].ops)
    if (op.name == "Tm") tm_x.push_back(op.args[4].number);
  EXPECT_EQ(tm_x, (std::vector<double>{100, 138}));
}

TEST(Rewrite, RelativeMovesInAnAffectedTextObjectBecomeAbsolute) {
  // ops: 0 BT, 1 Tf, 2 Td, 3 Tj, 4 Td, 5 Tj, 6 ET
  PageContent pc = Page("BT /F1 10 Tf 100 700 Td <0001> Tj 0 -12 Td <0002> Tj ET",
                        {G(3, 0, 0, std::string("\0\1", 2), 100), G(5, 0, 0, std::string("\0\2", 2), 100)});
  pc.glyphs[1].tm.f = 688;
  RedactionPlan plan;
  plan.glyphs = {{0, 3, 0, 0}};
  RewriteContent(plan, &pc);
  int td = 0, tm = 0;
  for (const Op& op : pc.streams[0].ops) {
    td += op.name == "Td";
    if (op.name == "Tm") {
      ++tm;
      EXPECT_DOUBLE_EQ(op.args[5].number, 688);
    }
  }
  EXPECT_EQ(td, 0);
  EXPECT_EQ(tm, 1);
  EXPECT_EQ(Shows(pc), (std::vector<std::string>{"[<0002>]"}));
}

TEST(Rewrite, UntouchedTextObjectsKeepTheirOperators) {
  PageContent pc = Page("BT /F1 10 Tf 100 700 Td [<0001> -50 <0002>] TJ ET",
                        {G(3, 0, 0, std::string("\0\1", 2), 100), G(3, 2, 0, std::string("\0\2", 2), 115)});
  RewriteContent(RedactionPlan{}, &pc);
  EXPECT_EQ(Shows(pc), (std::vector<std::string>{"[<0001> -50 <0002>]"}));
  EXPECT_EQ(pc.streams[0].ops[2].name, "Td");
}

TEST(Rewrite, MarkedContentLosesActualTextAndAlt) {
  PageContent pc = Page("/Span <</ActualText <FEFF5C71> /Alt (x) /MCID 1>> BDC EMC", {});
  RewriteContent(RedactionPlan{}, &pc);
  const CObj& props = pc.streams[0].ops[0].args[1];
  EXPECT_EQ(props.Find("ActualText"), nullptr);
  EXPECT_EQ(props.Find("Alt"), nullptr);
  EXPECT_NE(props.Find("MCID"), nullptr);
}

TEST(Rewrite, PathsInsideABoxAreRemovedOthersStay) {
  PageContent pc = Page("10 10 m 20 20 l S 0 0 m 500 500 l S", {});
  pc.paths.push_back({{0, 2, 0, 0}, 0, {10, 10, 20, 20}});
  pc.paths.push_back({{0, 5, 0, 0}, 3, {0, 0, 500, 500}});
  RedactionPlan plan;
  plan.boxes.push_back({5, 5, 25, 25});
  RewriteContent(plan, &pc);
  ASSERT_EQ(pc.streams[0].ops.size(), 3u);
  EXPECT_DOUBLE_EQ(pc.streams[0].ops[1].args[0].number, 500);
}

TEST(Rewrite, QuantizedBoxesCoverAndRoundUpToWholeUnits) {
  Box b = QuantizeBox({100, 700, 137, 710}, 1.5, 10);
  EXPECT_LE(b.x0, 98.5);
  EXPECT_GE(b.x1, 138.5);
  EXPECT_NEAR(std::fmod(b.width(), 10.0), 0.0, 1e-9);
  EXPECT_NEAR(std::fmod(b.height(), 10.0), 0.0, 1e-9);
}

}  // namespace
}  // namespace redact::pdf
