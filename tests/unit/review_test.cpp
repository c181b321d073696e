// Review before apply: Engine::Propose lists what a redaction would remove (ids, pages, boxes,
// masked previews); RedactDocument with ReviewEdits leaves disabled findings, removes extra
// boxes and whole pages, and verifies the result. PDFs are built here; pdftotext (poppler)
// reads the outputs as an independent reader when it is installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "engine_fixture.hpp"
#include "redact/redact.hpp"

namespace redact {
namespace {

using redact::testing::TestEngine;

// One page (A4) in Courier with explicit widths, one text line per entry at (72, y).
std::string MakePdf(const std::vector<std::pair<double, std::string>>& lines) {
  std::string content;
  for (const auto& [y, text] : lines)
    content += "BT /F1 12 Tf 1 0 0 1 72 " + std::to_string(y) + " Tm (" + text + ") Tj ET\n";
  std::string widths;
  for (int c = 32; c <= 126; ++c) widths += "600 ";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
      "/Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding /FirstChar 32 "
      "/LastChar 126 /Widths [" +
          widths + "] >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

constexpr const char* kPhone = "090-1234-5678";
constexpr const char* kEmail = "taro.yamada@example.jp";

std::string Form() {
  return MakePdf({{760, "Application form"},
                  {720, std::string("Tel ") + kPhone},
                  {690, std::string("Mail ") + kEmail},
                  {660, "Reference ZQXWV-PLAIN"},
                  {630, "Thank you"}});
}

// The document's text as an independent reader sees it (pdftotext), else as the engine does.
std::string TextOf(const std::string& pdf) {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path();
  std::string in =
      (dir / ("review_test_" + std::to_string(getpid()) + "_" + std::to_string(n++) + ".pdf"))
          .string();
  std::ofstream(in, std::ios::binary) << pdf;
  std::string text;
  if (std::FILE* p = popen(("pdftotext -q '" + in + "' - 2>/dev/null").c_str(), "r")) {
    char buf[4096];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, got);
    if (pclose(p) != 0) text.clear();
  }
  std::filesystem::remove(in);
  if (text.empty()) {
    auto pages = TestEngine().PageTexts(pdf);
    EXPECT_TRUE(pages.ok());
    if (pages.ok())
      for (const auto& t : pages.value()) text += t + "\n";
  }
  return text;
}

bool Has(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

const Proposal::Item* ItemOf(const Proposal& p, Category c) {
  for (const auto& f : p.findings)
    if (f.category == c) return &f;
  return nullptr;
}

TEST(MaskedPreview, ShowsTheFirstCharactersThenFullwidthAsterisks) {
  EXPECT_EQ(MaskedPreview("山田太郎"), "山田 ＊＊");
  EXPECT_EQ(MaskedPreview("山下　美穂"), "山下 ＊＊");
  EXPECT_EQ(MaskedPreview("山田"), "山 ＊");
  EXPECT_EQ(MaskedPreview("X"), "＊");
  EXPECT_EQ(MaskedPreview(""), "＊");
  EXPECT_EQ(MaskedPreview("090-1234-5678"), "09 ＊＊＊＊＊＊＊＊＊＊＊");
}

TEST(Propose, ListsEachFindingWithPageBoxesAndAMaskedPreview) {
  std::string pdf = Form();
  ASSERT_TRUE(Has(TextOf(pdf), kPhone));  // the fixture itself is readable
  auto prop = TestEngine().Propose(pdf, Policy::Default());
  ASSERT_TRUE(prop.ok()) << prop.status().message();
  EXPECT_FALSE(prop->image_file);
  ASSERT_EQ(prop->pages.size(), 1u);
  EXPECT_DOUBLE_EQ(prop->pages[0].width, 595);
  EXPECT_DOUBLE_EQ(prop->pages[0].height, 842);
  const Proposal::Item* phone = ItemOf(*prop, Category::kPhone);
  const Proposal::Item* email = ItemOf(*prop, Category::kEmail);
  ASSERT_NE(phone, nullptr);
  ASSERT_NE(email, nullptr);
  EXPECT_NE(phone->id, email->id);
  EXPECT_EQ(phone->page, 1);
  ASSERT_EQ(phone->boxes.size(), 1u);
  // The phone line is drawn at y = 720, from x = 72 + 4 characters of 7.2 pt.
  EXPECT_NEAR(phone->boxes[0].x0, 72 + 4 * 7.2, 0.5);
  EXPECT_LT(phone->boxes[0].y0, 722);
  EXPECT_GT(phone->boxes[0].y1, 722);
  EXPECT_EQ(phone->preview, "09 ＊＊＊＊＊＊＊＊＊＊＊");
  for (const auto& f : prop->findings) {
    EXPECT_FALSE(Has(f.preview, kPhone));
    EXPECT_FALSE(Has(f.preview, kEmail));
  }
  // The proposal carries the verified default result.
  std::string out = TextOf(prop->redacted);
  EXPECT_FALSE(Has(out, kPhone));
  EXPECT_FALSE(Has(out, kEmail));
  EXPECT_TRUE(Has(out, "Thank you"));
  EXPECT_EQ(prop->report.counts[static_cast<int>(Category::kPhone)], 1);
}

TEST(ReviewEdits, DisabledFindingStaysAndVerificationAcceptsIt) {
  std::string pdf = Form();
  auto prop = TestEngine().Propose(pdf, Policy::Default());
  ASSERT_TRUE(prop.ok()) << prop.status().message();
  ReviewEdits edits;
  edits.disabled = {ItemOf(*prop, Category::kPhone)->id};
  edits.proposal = &prop.value();
  RedactionReport rep;
  auto out = TestEngine().RedactDocument(pdf, Policy::Default(), &rep, &edits);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::string text = TextOf(out.value());
  EXPECT_TRUE(Has(text, kPhone));
  EXPECT_FALSE(Has(text, kEmail));
  EXPECT_EQ(rep.counts[static_cast<int>(Category::kPhone)], 0);
  EXPECT_EQ(rep.counts[static_cast<int>(Category::kEmail)], 1);
  // Without edits, the same output would not pass: the phone is still there to find.
  auto again = TestEngine().Propose(out.value(), Policy::Default());
  ASSERT_TRUE(again.ok());
  EXPECT_NE(ItemOf(*again, Category::kPhone), nullptr);
}

TEST(ReviewEdits, LeavingOneFindingLeavesOnlyThatOne) {
  // Two phone numbers of the same form: the one switched off stays, the other still goes,
  // and verification would have caught it had it stayed.
  std::string pdf = MakePdf({{720, "Tel 090-1234-5678"}, {690, "Fax 03-5555-0199"}});
  auto prop = TestEngine().Propose(pdf, Policy::Default());
  ASSERT_TRUE(prop.ok()) << prop.status().message();
  std::vector<const Proposal::Item*> phones;
  for (const auto& f : prop->findings)
    if (f.category == Category::kPhone) phones.push_back(&f);
  ASSERT_EQ(phones.size(), 2u);
  const Proposal::Item* upper =
      phones[0]->boxes[0].y0 > phones[1]->boxes[0].y0 ? phones[0] : phones[1];
  ReviewEdits edits;
  edits.proposal = &prop.value();
  edits.disabled = {upper->id};
  auto out = TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::string text = TextOf(out.value());
  EXPECT_TRUE(Has(text, "090-1234-5678"));
  EXPECT_FALSE(Has(text, "03-5555-0199"));
  EXPECT_FALSE(Has(text, "5555"));
}

TEST(ReviewEdits, WorkWithoutTheProposalAtHand) {
  std::string pdf = Form();
  auto prop = TestEngine().Propose(pdf, Policy::Default());
  ASSERT_TRUE(prop.ok());
  ReviewEdits edits;
  edits.disabled = {ItemOf(*prop, Category::kEmail)->id};
  auto out = TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::string text = TextOf(out.value());
  EXPECT_TRUE(Has(text, kEmail));
  EXPECT_FALSE(Has(text, kPhone));
}

TEST(ReviewEdits, ExtraBoxRemovesTheTextInsideAndDrawsABox) {
  std::string pdf = Form();
  auto prop = TestEngine().Propose(pdf, Policy::Default());
  ASSERT_TRUE(prop.ok());
  ReviewEdits edits;
  edits.proposal = &prop.value();
  // "ZQXWV-PLAIN" on the line at y = 660: characters 10..20 of "Reference ZQXWV-PLAIN".
  edits.extra.push_back(
      {1, Rect{72 + 10 * 7.2 - 1, 655, 72 + 21 * 7.2 + 1, 672}, Category::kPerson});
  RedactionReport rep;
  auto out = TestEngine().RedactDocument(pdf, Policy::Default(), &rep, &edits);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::string text = TextOf(out.value());
  EXPECT_FALSE(Has(text, "ZQXWV"));
  EXPECT_FALSE(Has(text, "PLAIN"));
  EXPECT_TRUE(Has(text, "Reference"));
  EXPECT_FALSE(Has(text, kPhone));
  EXPECT_EQ(rep.counts[static_cast<int>(Category::kPerson)], 1);
  bool drawn = false;
  for (const auto& b : rep.boxes)
    drawn = drawn || (b.category == Category::kPerson && b.y0 == 655 && b.y1 == 672);
  EXPECT_TRUE(drawn);
}

TEST(ReviewEdits, WholePageRemovesEveryGlyph) {
  std::string pdf = Form();
  ReviewEdits edits;
  edits.whole_pages = {1};
  auto out = TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::string text = TextOf(out.value());
  EXPECT_FALSE(Has(text, "Application"));
  EXPECT_FALSE(Has(text, "Thank"));
}

TEST(ReviewEdits, RejectUnknownIdsAndPagesOutOfRange) {
  std::string pdf = Form();
  auto prop = TestEngine().Propose(pdf, Policy::Default());
  ASSERT_TRUE(prop.ok());
  ReviewEdits edits;
  edits.proposal = &prop.value();
  edits.disabled = {9999};
  EXPECT_FALSE(TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits).ok());
  edits.disabled.clear();
  edits.extra.push_back({2, Rect{0, 0, 10, 10}, Category::kPerson});
  EXPECT_FALSE(TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits).ok());
  edits.extra = {{1, Rect{10, 10, 10, 20}, Category::kPerson}};  // empty
  EXPECT_FALSE(TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits).ok());
  edits.extra.clear();
  edits.whole_pages = {0};
  EXPECT_FALSE(TestEngine().RedactDocument(pdf, Policy::Default(), nullptr, &edits).ok());
}

TEST(ReviewEdits, NoEditsGiveTheSameRemovalAsTheDefault) {
  std::string pdf = Form();
  ReviewEdits none;
  RedactionReport a, b;
  auto with = TestEngine().RedactDocument(pdf, Policy::Default(), &a, &none);
  auto without = TestEngine().RedactDocument(pdf, Policy::Default(), &b);
  ASSERT_TRUE(with.ok());
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(TextOf(with.value()), TextOf(without.value()));
  for (int c = 0; c < kCategoryCount; ++c) EXPECT_EQ(a.counts[c], b.counts[c]);
}

}  // namespace
}  // namespace redact
