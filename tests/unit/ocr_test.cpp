// OCR of page images: Tesseract (jpn) on preprocessed pages, with boxes refitted to the ink and
// mapped back to the input. Fixtures are drawn at test time by Python/PIL with IPAex Gothic,
// which also writes down where every character's ink is.
#include "ocr/ocr.hpp"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "text/utf8.hpp"

namespace redact::ocr {
namespace {

using image::PixelBox;

// Draws the fixtures: printed lines at 300 dpi, the same as a 200 dpi 1-bit fax, a ruled form
// upright and turned 2°, and vertical writing. truth.txt: "<image> char <c> x0 y0 x1 y1" (the
// character's ink) and "<image> cell - x0 y0 x1 y1" (a table cell's interior).
constexpr const char* kFixtureScript = R"PY(
import math, os, sys
from PIL import Image, ImageDraw, ImageFont, ImageOps
out = sys.argv[1]
FONT = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf'  # fonts-ipaexfont
truth = open(os.path.join(out, 'truth.txt'), 'w', encoding='utf-8')

def ink_box(font, x, y, ch):
    s = font.size
    t = Image.new('L', (3 * s, 3 * s), 255)
    ImageDraw.Draw(t).text((s, s), ch, font=font, fill=0)
    b = ImageOps.invert(t).getbbox()
    return (b[0] - s + x, b[1] - s + y, b[2] - s + x, b[3] - s + y)

def draw_line(d, font, x, y, text, record=None):
    d.text((x, y), text, font=font, fill=0)
    boxes = []
    for i, ch in enumerate(text):
        if ch != ' ':
            boxes.append((ch, ink_box(font, x + round(font.getlength(text[:i])), y, ch)))
    if record:
        for ch, b in boxes:
            truth.write('%s char %s %d %d %d %d\n' % ((record, ch) + tuple(b)))
    return boxes

LABEL = '申請者 山田太郎'
PHONE = '電話番号 03-1234-5678'

# Printed at 300 dpi, and the same at 200 dpi as a 1-bit fax.
for name, scale, fax in (('printed', 1.0, False), ('fax200', 2.0 / 3.0, True)):
    font = ImageFont.truetype(FONT, round(48 * scale))
    img = Image.new('L', (round(1300 * scale), round(360 * scale)), 255)
    d = ImageDraw.Draw(img)
    draw_line(d, font, round(100 * scale), round(80 * scale), LABEL, name)
    draw_line(d, font, round(100 * scale), round(220 * scale), PHONE, name)
    if fax:
        img = img.point(lambda v: 255 if v > 128 else 0).convert('1')
    dpi = round(300 * scale)
    img.save(os.path.join(out, name + '.png'), dpi=(dpi, dpi))

# A ruled form (two printed lines, then label | value on three rows with 3-px lines), upright
# and turned 2 degrees counter-clockwise about the image centre.
def form():
    W, H = 1500, 700
    img = Image.new('L', (W, H), 255)
    d = ImageDraw.Draw(img)
    chars, cells = [], []
    font = ImageFont.truetype(FONT, 48)
    chars += draw_line(d, font, 100, 40, LABEL)
    chars += draw_line(d, font, 100, 130, PHONE)
    xs, ys = (80, 400, 1400), (240, 360, 480, 600)
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for x in xs:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    font = ImageFont.truetype(FONT, 44)
    rows = [('氏名', '山田太郎'), ('住所', '東京都千代田区霞が関1-2-3'), ('電話番号', '03-1234-5678')]
    for r, (label, value) in enumerate(rows):
        chars += draw_line(d, font, xs[0] + 30, ys[r] + 36, label)
        chars += draw_line(d, font, xs[1] + 30, ys[r] + 36, value)
        for c in range(2):
            # The interior between lines drawn 1 px either side of the coordinate.
            cells.append((xs[c] + 2, ys[r] + 2, xs[c + 1] - 1, ys[r + 1] - 1))
    return img, chars, cells

img, chars, cells = form()
for ch, b in chars:
    truth.write('table char %s %d %d %d %d\n' % ((ch,) + tuple(b)))
for b in cells:
    truth.write('table cell - %d %d %d %d\n' % b)
img.save(os.path.join(out, 'table.png'), dpi=(300, 300))

a = math.radians(2.0)
cx, cy = img.size[0] / 2, img.size[1] / 2
def turn(box):
    x0, y0, x1, y1 = box
    pts = [(cx + (x - cx) * math.cos(a) + (y - cy) * math.sin(a),
            cy - (x - cx) * math.sin(a) + (y - cy) * math.cos(a))
           for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
head = len((LABEL + PHONE).replace(' ', ''))  # the two printed lines; the table reads worse
for ch, b in chars[:head]:
    truth.write('skewed char %s %d %d %d %d\n' % ((ch,) + turn(b)))
for b in cells:
    truth.write('skewed cell - %d %d %d %d\n' % turn(b))
img.rotate(2.0, resample=Image.BICUBIC, fillcolor=255).save(os.path.join(out, 'skewed.png'), dpi=(300, 300))

# Vertical writing: two columns, and one horizontal label.
font = ImageFont.truetype(FONT, 48)
img = Image.new('L', (900, 720), 255)
d = ImageDraw.Draw(img)
draw_line(d, font, 60, 80, '住所', 'vertical')
for x, text in ((600, '申請者山田太郎'), (500, '東京都千代田区霞が関')):
    for i, ch in enumerate(text):
        d.text((x, 80 + i * 52), ch, font=font, fill=0)
        truth.write('vertical char %s %d %d %d %d\n' % ((ch,) + ink_box(font, x, 80 + i * 52, ch)))
img.save(os.path.join(out, 'vertical.png'), dpi=(300, 300))
truth.close()
)PY";

struct Drawn {
  std::u32string ch;
  PixelBox box;
};
struct Truth {
  std::map<std::string, std::vector<Drawn>> chars, cells;
};

std::string Python() {
  // Debian's python3 has PIL (python3-pil); a python3 earlier on PATH may not.
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

int CenterX(const PixelBox& b) { return (b.x0 + b.x1) / 2; }
int CenterY(const PixelBox& b) { return (b.y0 + b.y1) / 2; }

struct PixFree {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using Image = std::unique_ptr<PIX, PixFree>;

class Ocr : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/redact_ocr_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = new std::string(tmpl);
    {
      std::ofstream script(*dir_ + "/gen.py");
      script << kFixtureScript;
    }
    const std::string cmd = Python() + " " + *dir_ + "/gen.py " + *dir_;
    ASSERT_EQ(std::system(cmd.c_str()), 0)
        << "fixture generation failed: " << cmd << " (needs python3-pil and fonts-ipaexfont)";
    truth_ = new Truth;
    std::ifstream in(*dir_ + "/truth.txt");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      std::string name, kind, ch;
      PixelBox b;
      ls >> name >> kind >> ch >> b.x0 >> b.y0 >> b.x1 >> b.y1;
      (kind == "cell" ? truth_->cells : truth_->chars)[name].push_back({text::DecodeUtf8(ch), b});
    }
    auto pool = OcrPool::Create({});
    ASSERT_TRUE(pool.ok()) << pool.status().message();
    pool_ = pool.value().release();
  }
  static void TearDownTestSuite() {
    delete pool_;
    pool_ = nullptr;
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
    delete truth_;
    truth_ = nullptr;
  }

  void SetUp() override {
    if (pool_ == nullptr || truth_ == nullptr) GTEST_FAIL() << "OCR fixtures were not set up";
  }

  static Image Load(const std::string& name) {
    Image pix(pixRead((*dir_ + "/" + name + ".png").c_str()));
    EXPECT_NE(pix, nullptr) << name;
    return pix;
  }
  static OcrPage Read(const std::string& name, int dpi) {
    Image pix = Load(name);
    if (!pix) return {};
    auto page = pool_->Recognize(pix.get(), dpi);
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? page.value() : OcrPage{};
  }

  static OcrPool* pool_;
  static std::string* dir_;
  static Truth* truth_;
};
OcrPool* Ocr::pool_ = nullptr;
std::string* Ocr::dir_ = nullptr;
Truth* Ocr::truth_ = nullptr;

// The words' text, line by line, without spaces, with the dash confusions FIELD_NOTES lists
// (－ read as 一, ー or --) folded to '-'.
std::string Text(const std::vector<OcrWord>& words) {
  std::u32string all;
  int line = -1;
  for (const OcrWord& w : words) {
    if (w.line != line && !all.empty()) all += U'\n';
    line = w.line;
    for (char32_t c : w.text) {
      if (c == U'一' || c == U'ー' || c == U'－' || c == U'−' || c == U'‐' || c == U'―') c = U'-';
      if (c == U'-' && !all.empty() && all.back() == U'-') continue;
      if (c != U' ' && c != U'　') all += c;
    }
  }
  return text::EncodeUtf8(all);
}

// Every drawn character (but dashes, which OCR may split or merge) has a recognized symbol of
// the same text on it: centres within a third of the character size, and, when `cover`, the
// symbol box covering the drawn ink (within `slack` px).
void ExpectSymbolsOnInk(const std::vector<OcrWord>& words, const std::vector<Drawn>& drawn,
                        int char_size, bool cover, int slack = 3) {
  ASSERT_FALSE(drawn.empty());
  const int tol = char_size / 3;
  for (const Drawn& d : drawn) {
    if (d.ch == U"-") continue;
    const OcrSymbol* best = nullptr;
    long best_dist = 0;
    for (const OcrWord& w : words)
      for (const OcrSymbol& s : w.symbols) {
        if (s.text != d.ch) continue;
        const long dx = CenterX(s.box) - CenterX(d.box), dy = CenterY(s.box) - CenterY(d.box);
        if (best == nullptr || dx * dx + dy * dy < best_dist)
          best = &s, best_dist = dx * dx + dy * dy;
      }
    const std::string c = text::EncodeUtf8(d.ch);
    ASSERT_NE(best, nullptr) << "no symbol " << c;
    EXPECT_LE(std::abs(CenterX(best->box) - CenterX(d.box)), tol) << c;
    EXPECT_LE(std::abs(CenterY(best->box) - CenterY(d.box)), tol) << c;
    if (cover) {
      EXPECT_LE(best->box.x0, d.box.x0 + slack) << c;
      EXPECT_LE(best->box.y0, d.box.y0 + slack) << c;
      EXPECT_GE(best->box.x1, d.box.x1 - slack) << c;
      EXPECT_GE(best->box.y1, d.box.y1 - slack) << c;
    }
  }
}

// Word boxes hold exactly their own characters: as many drawn character centres fall in a
// word's box as the word has characters (Tesseract's own jpn word boxes run over their
// neighbours), and the box does not reach further than `slack` beyond those characters' ink.
void ExpectWordsOnTheirInk(const std::vector<OcrWord>& words, const std::vector<Drawn>& drawn,
                           int slack) {
  for (const OcrWord& w : words) {
    size_t inside = 0;
    PixelBox hull{1 << 30, 1 << 30, -(1 << 30), -(1 << 30)};
    for (const Drawn& d : drawn) {
      const int cx = CenterX(d.box), cy = CenterY(d.box);
      if (cx < w.box.x0 || cx >= w.box.x1 || cy < w.box.y0 || cy >= w.box.y1) continue;
      ++inside;
      hull = {std::min(hull.x0, d.box.x0), std::min(hull.y0, d.box.y0), std::max(hull.x1, d.box.x1),
              std::max(hull.y1, d.box.y1)};
    }
    const std::string t = text::EncodeUtf8(w.text);
    EXPECT_EQ(inside, w.text.size()) << t;
    if (inside == 0) continue;
    EXPECT_GE(w.box.x0, hull.x0 - slack) << t;
    EXPECT_GE(w.box.y0, hull.y0 - slack) << t;
    EXPECT_LE(w.box.x1, hull.x1 + slack) << t;
    EXPECT_LE(w.box.y1, hull.y1 + slack) << t;
  }
}

void ExpectCells(const std::vector<Cell>& found, const std::vector<Drawn>& drawn, int tol) {
  ASSERT_EQ(found.size(), drawn.size());
  for (const Drawn& d : drawn) {
    const Cell* match = nullptr;
    for (const Cell& c : found)
      if (std::abs(c.box.x0 - d.box.x0) <= tol && std::abs(c.box.y0 - d.box.y0) <= tol &&
          std::abs(c.box.x1 - d.box.x1) <= tol && std::abs(c.box.y1 - d.box.y1) <= tol)
        match = &c;
    EXPECT_NE(match, nullptr) << "cell " << d.box.x0 << "," << d.box.y0 << " " << d.box.x1 << ","
                              << d.box.y1;
  }
}

TEST(OcrPoolCreate, FailsWithAClearReasonWhenJapaneseTessdataIsMissing) {
  char tmpl[] = "/tmp/redact_no_tessdata_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  OcrOptions o;
  o.tessdata_dir = tmpl;
  auto pool = OcrPool::Create(o);
  std::filesystem::remove_all(tmpl);
  ASSERT_FALSE(pool.ok());
  EXPECT_NE(pool.status().message().find("jpn.traineddata"), std::string::npos);
  EXPECT_NE(pool.status().message().find(tmpl), std::string::npos);
}

TEST_F(Ocr, ReadsPrintedJapaneseWithBoxesOnTheInk) {
  const OcrPage page = Read("printed", 300);
  EXPECT_EQ(page.width, 1300);
  EXPECT_EQ(page.height, 360);
  EXPECT_EQ(page.skew_degrees, 0);
  EXPECT_TRUE(page.cells.empty());
  EXPECT_EQ(Text(page.words), "申請者山田太郎\n電話番号03-1234-5678");
  ASSERT_EQ(page.lines.size(), 2u);
  for (const OcrWord& w : page.words) {
    EXPECT_FALSE(w.vertical);
    EXPECT_GT(w.confidence, 50);
    EXPECT_EQ(w.symbols.size(), w.text.size());
  }
  const auto& drawn = truth_->chars.at("printed");
  ExpectSymbolsOnInk(page.words, drawn, 48, /*cover=*/true);
  ExpectWordsOnTheirInk(page.words, drawn, 3);
}

TEST_F(Ocr, ScalesA200DpiFaxUpAndMapsBoxesBack) {
  const OcrPage page = Read("fax200", 200);
  EXPECT_EQ(page.dpi, 200);
  EXPECT_EQ(Text(page.words), "申請者山田太郎\n電話番号03-1234-5678");
  const auto& drawn = truth_->chars.at("fax200");
  ExpectSymbolsOnInk(page.words, drawn, 32, /*cover=*/true);
  ExpectWordsOnTheirInk(page.words, drawn, 3);
}

TEST_F(Ocr, FindsTableCellsAndReadsTheValuesWithTheLinesRemoved) {
  const OcrPage page = Read("table", 300);
  ExpectCells(page.cells, truth_->cells.at("table"), 3);
  // Every cell's text was read: none holds ink without a character on it.
  for (const Cell& c : page.cells) EXPECT_FALSE(c.unread_ink);
  const std::string text = Text(page.words);
  for (const char* s : {"申請者山田太郎", "電話番号03-1234-5678", "氏名山田太郎",
                        "住所東京都千代田区霞が関1-2-3", "電話番号03-1234-5678"})
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << text;
  const auto& drawn = truth_->chars.at("table");
  ExpectSymbolsOnInk(page.words, drawn, 44, /*cover=*/true);
  ExpectWordsOnTheirInk(page.words, drawn, 3);
  // The telephone number in the table lies inside its value cell (the last one).
  ASSERT_EQ(page.cells.size(), 6u);
  const PixelBox& cell = page.cells[5].box;
  int in_table = 0;
  for (const OcrWord& w : page.words) {
    if (w.text != U"03-1234-5678" || CenterY(w.box) < page.cells[0].box.y0) continue;
    ++in_table;
    EXPECT_GE(w.box.x0, cell.x0);
    EXPECT_LE(w.box.x1, cell.x1);
    EXPECT_GE(w.box.y0, cell.y0);
    EXPECT_LE(w.box.y1, cell.y1);
  }
  EXPECT_EQ(in_table, 1);
}

TEST_F(Ocr, DeskewsAndMapsBoxesBackToTheSkewedInput) {
  const OcrPage page = Read("skewed", 300);
  EXPECT_NEAR(page.skew_degrees, 2.0, 0.25);
  const std::string text = Text(page.words);
  EXPECT_NE(text.find("申請者山田太郎"), std::string::npos) << text;
  EXPECT_NE(text.find("電話番号03-1234-5678"), std::string::npos) << text;
  // Boxes are the axis-aligned hulls of deskewed boxes turned back: compare centres.
  ExpectSymbolsOnInk(page.words, truth_->chars.at("skewed"), 48, /*cover=*/false);
  // Cells found after deskewing, mapped back to hulls in the input.
  ExpectCells(page.cells, truth_->cells.at("skewed"), 6);
}

TEST_F(Ocr, RecognizeRegionReadsTheTextInACrop) {
  Image pix = Load("printed");
  ASSERT_NE(pix, nullptr);
  auto words = pool_->RecognizeRegion(pix.get(), 300, {290, 200, 680, 290});
  ASSERT_TRUE(words.ok()) << words.status().message();
  EXPECT_EQ(Text(words.value()), "03-1234-5678");
  std::vector<Drawn> digits;
  for (const Drawn& d : truth_->chars.at("printed"))
    if (d.box.x0 >= 290 && d.box.y0 >= 200) digits.push_back(d);
  ExpectSymbolsOnInk(words.value(), digits, 48, /*cover=*/true);
  for (const OcrWord& w : words.value()) {
    EXPECT_GE(w.box.x0, 290);
    EXPECT_LE(w.box.x1, 680);
  }
  EXPECT_FALSE(pool_->RecognizeRegion(pix.get(), 300, {2000, 2000, 2100, 2100}).ok());
}

TEST_F(Ocr, ReadsVerticalColumnsWithJpnVert) {
  if (!std::filesystem::exists("/usr/share/tesseract-ocr/5/tessdata/jpn_vert.traineddata"))
    GTEST_SKIP() << "tesseract-ocr-jpn-vert is not installed";
  const OcrPage page = Read("vertical", 300);
  const std::string text = Text(page.words);
  for (const char* s : {"住所", "申請者山田太郎", "東京都千代田区霞が関"})
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << text;
  int vertical = 0;
  for (const OcrWord& w : page.words) vertical += w.vertical ? 1 : 0;
  EXPECT_GE(vertical, 2);
  const auto& drawn = truth_->chars.at("vertical");
  ExpectSymbolsOnInk(page.words, drawn, 48, /*cover=*/true);
  ExpectWordsOnTheirInk(page.words, drawn, 3);
}

TEST_F(Ocr, BlankPageHasNoWordsAndBadInputFails) {
  Image blank(pixCreate(600, 400, 8));
  pixSetAll(blank.get());  // white
  auto page = pool_->Recognize(blank.get(), 300);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_TRUE(page->words.empty());
  EXPECT_TRUE(page->cells.empty());
  EXPECT_FALSE(pool_->Recognize(nullptr, 300).ok());
}

TEST_F(Ocr, ConcurrentCallersGetTheirOwnEngines) {
  Image pix = Load("fax200");
  ASSERT_NE(pix, nullptr);
  std::string texts[2];
  std::thread t0([&] {
    auto p = pool_->Recognize(pix.get(), 200);
    if (p.ok()) texts[0] = Text(p->words);
  });
  std::thread t1([&] {
    auto p = pool_->Recognize(pix.get(), 200);
    if (p.ok()) texts[1] = Text(p->words);
  });
  t0.join();
  t1.join();
  EXPECT_EQ(texts[0], "申請者山田太郎\n電話番号03-1234-5678");
  EXPECT_EQ(texts[1], texts[0]);
}

// Threads of this process (/proc/self/task): libgomp keeps a parallel region's threads alive
// while the thread that started it lives.
int ThreadCount() {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/task")) n += e.exists();
  return n;
}

// Tesseract's OpenMP stays off on every thread that recognizes, not only the one that created
// the pool (libgomp's max-active-levels is per thread since GCC 12): a worker thread of the
// batch CLI, the milter or `redact serve` must not start OpenMP threads that spin on the cores.
TEST_F(Ocr, RecognizingOnAWorkerThreadStartsNoOpenMpThreads) {
  // With OMP_THREAD_LIMIT in the environment the process starts, libgomp never goes parallel
  // and this test could not fail: ctest does not set it.
  std::ifstream env("/proc/self/environ");
  std::string initial((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
  ASSERT_EQ(initial.find("OMP_THREAD_LIMIT="), std::string::npos) << "unset OMP_THREAD_LIMIT";
  Image pix = Load("printed");
  ASSERT_NE(pix, nullptr);
  const int before = ThreadCount();
  int during = 0;
  std::string text;
  std::thread worker([&] {
    auto p = pool_->Recognize(pix.get(), 300);
    if (p.ok()) text = Text(p->words);
    during = ThreadCount();  // the worker itself, and any OpenMP team it started
  });
  worker.join();
  EXPECT_EQ(text, "申請者山田太郎\n電話番号03-1234-5678");
  EXPECT_EQ(during, before + 1);
}

// A per-file time limit reaches into Tesseract: its progress monitor cancels the recognition
// of a page that runs past the deadline, and the call fails instead of returning part of the
// page. The page is the printed fixture repeated 24 times (a long page of text); the deadline
// is a quarter of the time the whole page takes on this machine, measured first.
TEST_F(Ocr, ADeadlineCancelsRecognitionInsideTesseract) {
  Image one = Load("printed");
  ASSERT_NE(one, nullptr);
  const int w = pixGetWidth(one.get()), h = pixGetHeight(one.get());
  constexpr int kCopies = 24;
  Image tall(pixCreate(w, h * kCopies, pixGetDepth(one.get())));
  ASSERT_NE(tall, nullptr);
  for (int i = 0; i < kCopies; ++i)
    pixRasterop(tall.get(), 0, i * h, w, h, PIX_SRC, one.get(), 0, 0);
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  auto full = pool_->Recognize(tall.get(), 300);
  const auto whole = Clock::now() - t0;
  ASSERT_TRUE(full.ok()) << full.status().message();
  ASSERT_GE(full->lines.size(), static_cast<size_t>(kCopies));  // it did read the whole page

  t0 = Clock::now();
  auto cut = pool_->Recognize(tall.get(), 300, t0 + whole / 4);
  const auto took = Clock::now() - t0;
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("time limit"), std::string::npos) << cut.status().message();
  // Stopped well before the end: layout analysis (not interruptible) plus one word at most.
  EXPECT_LT(took, whole * 3 / 4);

  // A deadline already past fails at once; the pool still works afterwards.
  auto late = pool_->Recognize(one.get(), 300, Clock::now() - std::chrono::seconds(1));
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find("time limit"), std::string::npos);
  auto again = pool_->Recognize(one.get(), 300);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Text(again->words), "申請者山田太郎\n電話番号03-1234-5678");
}

}  // namespace
}  // namespace redact::ocr
